"""The speedup of Dask workers on one complex: the same slabs on a LocalCluster of 1 and of 2 workers.

3-8x32 of ``../shared/data/bunny/`` on the box ``[-H, H]^3`` (default ``H = 1/8``), ``--pieces`` slabs,
the output level set included; both runs in this one process, same network, same slabs; the
f-vectors must be equal.

Usage: python benchmarks/complex_dask_speedup.py [--half 1/8] [--pieces 8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from distributed import Client, LocalCluster  # noqa: E402

from exact.io import load_network  # noqa: E402
from exact.polyhedron import Polyhedron  # noqa: E402
from tropical.partition import partitioned_f_vector  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "bunny")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", default="1/8")
    parser.add_argument("--pieces", type=int, default=8)
    parser.add_argument("--json")
    args = parser.parse_args()
    net = load_network(os.path.join(DATA, "3-8x32.json"))
    h = Fraction(args.half)
    box = Polyhedron.box([-h] * 3, [h] * 3)
    rows = []
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            start = time.perf_counter()
            result = partitioned_f_vector(net, box, output=True, pieces=args.pieces, client=client)
            seconds = time.perf_counter() - start
        rows.append({"workers": workers, "seconds": round(seconds, 2), "f_vector": result.f_vector,
                     "fallbacks": result.fallbacks})
        print(f"{workers} worker(s): {seconds:7.2f} s  f-vector {result.f_vector}  fallbacks {result.fallbacks}")
    assert rows[0]["f_vector"] == rows[1]["f_vector"]
    print(f"speedup of 2 workers over 1: {rows[0]['seconds'] / rows[1]['seconds']:.2f}x")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"box_half_width": args.half, "pieces": args.pieces, "rows": rows,
                       "speedup": round(rows[0]["seconds"] / rows[1]["seconds"], 2)}, handle, indent=1)


if __name__ == "__main__":
    main()

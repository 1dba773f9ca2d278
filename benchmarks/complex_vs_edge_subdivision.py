"""The exact polyhedral complex against float edge subdivision (Berzins 2023), side by side, in one run.

Both get the trained bunny networks of ``../shared/data/bunny/`` on ``[-1/2, 1/2]^d`` with the
output level set included. The peer runs ``skeletal_subdivision(net, device="cpu", bbox=(-0.5, 0.5))``
on one torch thread (float32, as published); reluexact runs ``tropical.polyhedral_complex`` on the
exact weights (every float32 weight's binary value) with the output cut. Both are timed in-process
around the computation only (best of ``--repeat``). The vertex and edge counts must agree (in 2-D the
peer's regions are ``E - V + 1``); a difference is reported.

The peer's code is not part of this repository: pass the folder of a checkout of its public
repository (``arturs-berzins/relu_edge_subdivision``) with ``--peer DIR``, or a bare git directory,
whose files are then read into a temporary folder for the run.

Usage: python benchmarks/complex_vs_edge_subdivision.py --peer DIR [--nets 2-2x50,3-3x16] [--repeat 3]
       [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "bunny")
NETS = ["2-2x50", "2-4x32", "2-2x100", "3-3x16"]


def peer_folder(path: str) -> str:
    if os.path.exists(os.path.join(path, "edge_subdivision.py")):
        return path
    target = tempfile.mkdtemp(prefix="peer-")
    archive = subprocess.run(["git", f"--git-dir={path}", "archive", "HEAD"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
    return target


def run_peer(folder: str, name: str, repeat: int) -> dict[str, float | int]:
    import torch

    sys.path.insert(0, folder)
    from edge_subdivision import skeletal_subdivision  # type: ignore[import-not-found]
    from NN import Net  # type: ignore[import-not-found]

    torch.set_num_threads(1)
    state = torch.load(os.path.join(DATA, f"{name}.pt"), map_location="cpu", weights_only=True)
    d, depth_width = name.split("-")
    depth, width = (int(v) for v in depth_width.split("x"))
    net = Net([int(d)] + [width] * depth + [1])
    net.load_state_dict(state)
    best = float("inf")
    for _ in range(repeat):
        with torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
            start = time.perf_counter()
            vs, edges, _ = skeletal_subdivision(net, device="cpu", bbox=(-0.5, 0.5), verbose=False)
            best = min(best, time.perf_counter() - start)
    return {"time": best, "vertices": len(vs), "edges": len(edges)}


def run_exact(name: str, repeat: int) -> dict[str, object]:
    from exact.io import load_network
    from exact.polyhedron import Polyhedron
    from tropical.complex import polyhedral_complex

    net = load_network(os.path.join(DATA, f"{name}.json"))
    d = net.input_dim
    box = Polyhedron.box([Fraction(-1, 2)] * d, [Fraction(1, 2)] * d)
    best = best_f = float("inf")
    split: dict[str, float] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        cx = polyhedral_complex(net, box, output=True)  # vertices and edges: what the peer returns
        middle = time.perf_counter()
        f = cx.f_vector()                                # every face count (2-faces, regions) on top
        if middle - start < best:
            split = dict(cx.timings)
        best, best_f = min(best, middle - start), min(best_f, time.perf_counter() - start)
    start = time.perf_counter()
    cx.certify()                                         # the evidence, recomputed exactly (not timed above)
    certify = time.perf_counter() - start
    import tracemalloc  # peak memory of one build, in a separate pass

    tracemalloc.start()
    polyhedral_complex(net, box, output=True).f_vector()
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    return {"time": best, "time_f_vector": best_f, "f_vector": f, "fallbacks": cx.fallbacks,
            "anchored": cx.anchored, "time_split": split, "certify_seconds": certify, "peak_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", required=True, help="checkout (or bare git dir) of relu_edge_subdivision")
    parser.add_argument("--nets", default=",".join(NETS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    folder = peer_folder(args.peer)
    rows = []
    print(f"{'network':10} {'peer s':>8} {'exact s':>8} {'ratio':>6} {'+f-vec s':>8} {'ratio f':>7}  {'V':>8} "
          f"{'E':>8}  f-vector (exact)  fallbacks  anchored  split float/fallback/anchoring/bookkeeping s  "
          "certify s  peak MB")
    for name in args.nets.split(","):
        peer = run_peer(folder, name, args.repeat)
        ours = run_exact(name, args.repeat)
        f = ours["f_vector"]
        assert isinstance(f, list)
        agree = peer["vertices"] == f[0] and peer["edges"] == f[1]
        ratio = float(peer["time"]) / float(ours["time"])  # type: ignore[arg-type]
        rows.append({"network": name, "peer": peer, "exact": ours, "ratio_peer_over_exact": ratio,
                     "counts_agree": agree})
        ratio_f = float(peer["time"]) / float(ours["time_f_vector"])  # type: ignore[arg-type]
        rows[-1]["ratio_peer_over_exact_with_f_vector"] = ratio_f
        split = ours["time_split"]
        assert isinstance(split, dict)
        parts = "/".join(f"{split[k]:.3f}" for k in ("float", "fallback", "anchoring", "bookkeeping"))
        print(f"{name:10} {peer['time']:8.3f} {ours['time']:8.3f} {ratio:6.1f} {ours['time_f_vector']:8.3f} "
              f"{ratio_f:7.1f}  {peer['vertices']:8} {peer['edges']:8}  {f}  {ours['fallbacks']}  "
              f"{ours['anchored']}  {parts}  {ours['certify_seconds']:.2f}  {ours['peak_mb']:.0f}"
              f"{'' if agree else '  COUNTS DIFFER'}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rows, handle, indent=1)
    return 0 if all(r["counts_agree"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

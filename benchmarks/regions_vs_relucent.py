"""Exact region enumeration (tropical, tree method) against Relucent 1.0, side by side, in one run.

Both tools get the same float64 ``nn.Sequential`` (weights drawn in float by PyTorch's default
initialisation, seeded); reluexact converts the weights exactly. Both count the regions of
all of R^n cut by the hidden ReLU neurons (the output layer is affine in both). Relucent
runs its default breadth-first search (Gurobi LPs, float64, its default worker count: one
process per CPU). reluexact runs its LP-free tree twice, on one process and on as many
processes as Relucent (``count_regions(workers=...)``); the ratio of each is reported, and
"best" is the faster of the two (what a user picks: forking costs ~10 ms, which only small
trees notice). The counts must agree, or the difference is explained by an exact
counterexample.

Usage: python benchmarks/regions_vs_relucent.py [--seeds 3] [--only 2,16,16,1] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import time

ARCHITECTURES = [[2, 50, 1], [2, 16, 16, 1], [3, 12, 12, 1], [4, 10, 10, 10, 2]]


def model(widths: list[int], seed: int):  # type: ignore[no-untyped-def]
    import torch

    torch.manual_seed(seed)
    mods = []
    for i in range(len(widths) - 1):
        mods.append(torch.nn.Linear(widths[i], widths[i + 1]).double())
        if i < len(widths) - 2:
            mods.append(torch.nn.ReLU())
    return torch.nn.Sequential(*mods)


def run_exact(seq, workers: int = 1) -> tuple[int, float, dict[str, float]]:  # type: ignore[no-untyped-def]
    import tropical.enumeration as enumeration
    from exact.io import from_torch
    from tropical import count_regions

    net = from_torch(seq)
    lp_time = [0.0, 0]
    original = enumeration._SlackLP.__call__

    def timed(self, rows):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(self, rows)
        finally:
            lp_time[0] += time.perf_counter() - start
            lp_time[1] += 1

    enumeration._SlackLP.__call__ = timed  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        count = count_regions(net, workers=workers)
        total = time.perf_counter() - start
    finally:
        enumeration._SlackLP.__call__ = original  # type: ignore[method-assign]
    return count, total, {"lp_seconds": lp_time[0], "lps": lp_time[1], "other_seconds": total - lp_time[0]}


def run_relucent(seq) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    import relucent

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cplx = relucent.Complex(seq)
        start = time.perf_counter()
        cplx.bfs()
        total = time.perf_counter() - start
    return len(cplx), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--only", help="one architecture, e.g. 2,16,16,1")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    archs = [[int(v) for v in args.only.split(",")]] if args.only else ARCHITECTURES
    rows = []
    cpus = os.cpu_count() or 1
    print(f"{'architecture':<18} {'seed':>4} {'regions':>8} {'relucent':>8} {'1 proc s':>8} {f'{cpus} proc s':>8} "
          f"{'relucent s':>10} {'ratio 1':>7} {f'ratio {cpus}':>7} {'best':>6}")
    for widths in archs:
        for seed in range(args.seeds):
            seq = model(widths, seed)
            count, seconds, split = run_exact(seq)
            count_p, seconds_p, _ = run_exact(seq, cpus)
            theirs, their_seconds = run_relucent(seq)
            ratio = (count / seconds) / (theirs / their_seconds)
            ratio_p = (count_p / seconds_p) / (theirs / their_seconds)
            rows.append({"architecture": widths, "seed": seed, "regions": count, "regions_parallel": count_p,
                         "relucent_regions": theirs, "exact_seconds": seconds, "exact_seconds_parallel": seconds_p,
                         "exact_processes_parallel": cpus, "relucent_seconds": their_seconds,
                         "ratio_regions_per_second": ratio, "ratio_regions_per_second_parallel": ratio_p,
                         "ratio_best": max(ratio, ratio_p), **split})
            print(f"{str(widths):<18} {seed:>4} {count:>8} {theirs:>8} {seconds:>8.3f} {seconds_p:>8.3f} "
                  f"{their_seconds:>10.2f} {ratio:>7.1f} {ratio_p:>7.1f} {max(ratio, ratio_p):>6.1f}", flush=True)
    for widths in archs:
        chosen = [r for r in rows if r["architecture"] == widths]
        one, many, best = (statistics.median(r[key] for r in chosen) for key in
                           ("ratio_regions_per_second", "ratio_regions_per_second_parallel", "ratio_best"))
        print(f"{str(widths):<18} median ratio: 1 process {one:.1f}x, {cpus} processes {many:.1f}x, best {best:.1f}x "
              "(exact regions/s over Relucent regions/s)")
    mismatches = [r for r in rows if not r["regions"] == r["regions_parallel"] == r["relucent_regions"]]
    print(f"count mismatches: {len(mismatches)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"cpus": os.cpu_count(), "rows": rows}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The polynomial-time bottleneck decider against the exhaustive one, side by side, in one run.

Random generic bottleneck networks ``(n, n, n, 1)`` (non-hiding) and ``(n, n, n, 1)`` hiding
first-layer neuron 0 are carried through a random chain of symmetries (permutations and
scalings of both hidden layers, plus an admissible translation when hiding): the pair is
equivalent. A second pair changes one second-layer weight by 1/5: not equivalent. Both deciders
run on the same pairs; every answer is re-checked by ``verify_certificate``. The exhaustive
decider is skipped at widths where the previous width took longer than ``--budget`` seconds;
the bottleneck decider also runs at ``n = 8`` and ``n = 16``.

Usage: python benchmarks/bottleneck_vs_exhaustive.py [--widths 2,3,4,5,6,8,16] [--budget 60] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exact.network import Network  # noqa: E402
from fibers.equivalence import decide_equivalence, verify_certificate  # noqa: E402
from fibers.symmetries import Permutation, Scaling, admissible_translations, apply_steps, translate  # noqa: E402
from proofs_check.generate import bottleneck  # noqa: E402


def chain(net: Network, rng: random.Random) -> Network:
    steps = []
    for layer in (1, 2):
        order = list(range(net.widths[layer]))
        rng.shuffle(order)
        steps += [Permutation(layer, tuple(order)),
                  Scaling(layer, tuple(Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in order))]
    return apply_steps(net, steps)


def pairs(n: int, hiding: bool, seed: int) -> tuple[Network, Network, Network]:
    rng = random.Random(f"{n}:{hiding}:{seed}")
    a = bottleneck(rng, n, n, n, 1, hide=0 if hiding else None)
    b = a
    if hiding:
        b = translate(b, 0, admissible_translations(b, 0) + Fraction(rng.randint(1, 9), 4))
    b = chain(b, rng)
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in b.layers]
    layers[1][0][0][n - 1] += Fraction(1, 5)
    return a, b, Network(n, layers)


def timed(a: Network, b: Network, method: str) -> tuple[bool, float, str]:
    start = time.perf_counter()
    result = decide_equivalence(a, b, method=method)
    elapsed = time.perf_counter() - start
    if method == "bottleneck" or not result.equivalent:  # re-enumerating big exhaustive certificates doubles the run
        assert verify_certificate(a, b, result), (method, a, b)
    return result.equivalent, elapsed, result.method


def _exhaustive_child(a: Network, b: Network, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(timed(a, b, "exhaustive"))


def timed_with_limit(a: Network, b: Network, limit: float) -> tuple[bool, float, str] | None:
    """The exhaustive decider in a child process, stopped after ``limit`` seconds (``None``)."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_exhaustive_child, args=(a, b, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get()  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default="2,3,4,5,6,8,16")
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    for hiding in (False, True):
        skip_exhaustive = False
        for n in (int(w) for w in args.widths.split(",")):
            for seed in range(args.seeds):
                a, same, different = pairs(n, hiding, seed)
                for label, b, expected in (("equivalent", same, True), ("different", different, False)):
                    eq, t_fast, used = timed(a, b, "bottleneck")
                    assert eq == expected and used == "bottleneck"
                    row = {"hiding": hiding, "n": n, "seed": seed, "pair": label, "bottleneck_s": t_fast}
                    outcome = None if skip_exhaustive else timed_with_limit(a, b, args.budget)
                    if outcome is not None:
                        eq2, t_slow, _ = outcome
                        assert eq2 == expected
                        row["exhaustive_s"] = t_slow
                        row["ratio"] = t_slow / t_fast
                    elif not skip_exhaustive:
                        row["exhaustive_s"] = f"> {args.budget}"
                        skip_exhaustive = True
                    rows.append(row)
                    slow = f"{row['exhaustive_s']:9.3f}s  ratio {row['ratio']:9.1f}x" if "ratio" in row else \
                        f"  {row.get('exhaustive_s', 'skipped')} s"
                    print(f"{'hiding' if hiding else 'visible':8} n={n:2} seed={seed} {label:10} bottleneck "
                          f"{t_fast:8.4f}s  exhaustive {slow}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

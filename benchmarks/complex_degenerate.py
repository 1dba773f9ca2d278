"""Degenerate networks against their generic perturbations, and against the exact tree, side by side in one run.

Integer networks (weights and biases drawn uniformly from -3..3, seeded) on ``[-1, 1]^d`` are full
of coincidences: hyperplanes through box corners, several zero sets through one vertex, parallel
and coincident neurons, zero neurons. ``tropical.polyhedral_complex`` builds their complex with the
exact face lattice (:mod:`tropical.lattice`); the same networks with every parameter moved by an
exact rational of size about ``1e-6`` are generic and take the float-filtered fast engine. Both
are timed in one process (best of ``--repeat``), and the exact region tree
(``tropical.count_regions``) on the degenerate network gives the third column. The region count
of the lattice must equal the tree's; the perturbed network's counts are reported beside them
(they differ: a perturbation splits every coincidence).

Usage: python benchmarks/complex_degenerate.py [--nets 2-64-64-1,3-32-32-1] [--repeat 3] [--zero-bias]
       [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
from fractions import Fraction

from timing import best  # benchmarks/timing.py, beside this script

from exact import Network, Polyhedron
from tropical.complex import polyhedral_complex
from tropical.counting import count_regions

NETS = ["2-64-64-1", "3-32-32-1", "2-32-32-32-1"]


def integer_network(widths: list[int], seed: int, zero_bias: bool) -> Network:
    rng = random.Random(seed)
    layers = []
    for a, b in zip(widths, widths[1:]):
        weight = [[rng.randint(-3, 3) for _ in range(a)] for _ in range(b)]
        bias = [0 if zero_bias else rng.randint(-3, 3) for _ in range(b)]
        layers.append((weight, bias))
    return Network(widths[0], layers)


def perturbed(net: Network, seed: int) -> Network:
    rng = random.Random(seed + 1)

    def move(v: Fraction) -> Fraction:
        return v + Fraction(rng.randint(-1000, 1000), 10 ** 9)

    return Network(net.input_dim, [([[move(w) for w in row] for row in layer.weight], [move(b) for b in layer.bias])
                                   for layer in net.layers])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nets", default=",".join(NETS), help="comma-separated widths such as 2-64-64-1")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the integer weights (default 0)")
    parser.add_argument("--zero-bias", action="store_true", help="every bias 0 (the papers' constructions)")
    parser.add_argument("--no-tree", action="store_true", help="skip the exact tree")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    rows = []
    print(f"{'network':14} {'lattice s':>9} {'perturbed s':>11} {'ratio':>6} {'tree s':>8} {'tree/lattice':>12}  "
          "f-vector (degenerate) / (perturbed)")
    for name in args.nets.split(","):
        widths = [int(v) for v in name.split("-")]
        net = integer_network(widths, args.seed, args.zero_bias)
        generic = perturbed(net, args.seed)
        box = Polyhedron.box([-1] * widths[0], [1] * widths[0])
        t_lattice, cx = best(lambda net=net, box=box: polyhedral_complex(net, box), args.repeat)
        f_degenerate = cx.f_vector()
        t_generic, cg = best(lambda generic=generic, box=box: polyhedral_complex(generic, box), args.repeat)
        f_generic = cg.f_vector()
        row = {"network": name, "zero_bias": args.zero_bias, "seconds_lattice": t_lattice,
               "seconds_perturbed": t_generic, "ratio": t_lattice / t_generic, "f_vector": f_degenerate,
               "f_vector_perturbed": f_generic, "lattice": not cx.simple, "perturbed_simple": cg.simple}
        tree = ""
        if not args.no_tree:
            t_tree, regions = best(lambda net=net, box=box: count_regions(net, box), 1)
            if regions != f_degenerate[-1]:
                raise SystemExit(f"{name}: the tree counts {regions} regions, the lattice {f_degenerate[-1]}")
            row.update(seconds_tree=t_tree, tree_over_lattice=t_tree / t_lattice)
            tree = f"{t_tree:8.2f} {t_tree / t_lattice:11.1f}x"
        rows.append(row)
        print(f"{name:14} {t_lattice:9.3f} {t_generic:11.3f} {t_lattice / t_generic:5.1f}x {tree:>21}  "
              f"{f_degenerate} / {f_generic}", flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"rows": rows, "repeat": args.repeat, "seed": args.seed}, handle, indent=1)


if __name__ == "__main__":
    main()

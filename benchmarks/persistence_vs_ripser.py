"""Exact persistent homology against ripser and gudhi, side by side, in one run.

Full Vietoris-Rips filtrations (no threshold) of integer points in the plane, homology up to
dimension 1 (the 2-skeleton). reluexact filters by exact squared distances and computes the
barcode over Q and over Z/2 (``homology.persistence.rips_persistence``: over Z/2 the squared distances
are ranked exactly once and gudhi builds and reduces the complex on the ranks; this package's own
reduction is timed beside it); ripser (Z/2, ``maxdim=1``) and gudhi
(``RipsComplex`` + ``SimplexTree``, Z/2) take the float coordinates. Squared distances of integer
points are integers, exact in float, so the three must give the same finite bars: they are compared
(ripser and gudhi report distances; their squares are compared with the exact squared values).

Usage: python benchmarks/persistence_vs_ripser.py [--sizes 30,50,70,100] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import best  # noqa: E402  (benchmarks/timing.py, beside this script)

from homology.persistence import rips_filtration, rips_persistence  # noqa: E402


def cloud(n: int, seed: int) -> list[tuple[int, int]]:
    """``n`` distinct integer points near a circle of radius 100 (so that H_1 has a long bar)."""
    import math

    rng = random.Random(seed)
    points: set[tuple[int, int]] = set()
    while len(points) < n:
        angle = rng.uniform(0, 2 * math.pi)
        radius = 100 + rng.uniform(-15, 15)
        points.add((round(radius * math.cos(angle)), round(radius * math.sin(angle))))
    return sorted(points)


def finite(bars):
    """Finite bars as a multiset of (dim, birth, death) in squared distances (exact integers)."""
    return Counter((d, round(b), round(e)) for d, b, e in bars if e is not None and b != e)


def main() -> int:
    import gudhi
    import numpy as np
    from ripser import ripser

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,50,70,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    for n in (int(v) for v in args.sizes.split(",")):
        points = cloud(n, seed=n)
        exact_points = [tuple(Fraction(v) for v in p) for p in points]

        def exact(field: int, engine: str = "auto", exact_points=exact_points) -> list[tuple[int, object, object]]:
            bars = rips_persistence(exact_points, 1, field, engine=engine)
            return [(b.dim, b.birth, b.death) for b in bars]
        t_q, bars_q = best(lambda: exact(0), args.repeat)
        t_2, bars_2 = best(lambda: exact(2), args.repeat)                 # Z/2: exact ranks fed to gudhi
        t_2x, bars_2x = best(lambda: exact(2, "exact"), args.repeat)      # Z/2: this package's own reduction
        X = np.array(points, dtype=float)
        t_r, dgms = best(lambda X=X: ripser(X, maxdim=1)["dgms"], args.repeat)

        def with_gudhi(X=X):
            tree = gudhi.RipsComplex(points=X).create_simplex_tree(max_dimension=2)
            return tree.persistence(homology_coeff_field=2)
        t_g, gbars = best(with_gudhi, args.repeat)
        ripser_bars = [(d, b * b, e * e) for d in (0, 1) for b, e in dgms[d] if np.isfinite(e)]
        gudhi_bars = [(d, b * b, e * e) for d, (b, e) in gbars if np.isfinite(e)]
        agree = finite(bars_q) == finite(bars_2) == finite(bars_2x) == finite(ripser_bars) == finite(gudhi_bars)
        simplices = len(rips_filtration(exact_points, 1))
        row = {"points": n, "simplices": simplices, "finite_bars": sum(finite(bars_2).values()), "agree": agree,
               "exact_Q_s": t_q, "exact_Z2_s": t_2, "exact_Z2_own_reduction_s": t_2x, "ripser_s": t_r, "gudhi_s": t_g,
               "ratio_Z2_over_ripser": t_2 / t_r, "ratio_Z2_over_gudhi": t_2 / t_g, "ratio_Q_over_gudhi": t_q / t_g}
        rows.append(row)
        print(f"n={n:4} simplices={simplices:8} bars={row['finite_bars']:4} agree={agree}  exact Q {t_q:7.3f}s  "
              f"Z/2 {t_2:7.3f}s (own reduction {t_2x:7.3f}s)  ripser {t_r:7.4f}s ({t_2 / t_r:7.1f}x)  "
              f"gudhi {t_g:7.4f}s ({t_2 / t_g:6.1f}x, Q {t_q / t_g:6.1f}x)", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    return 0 if all(r["agree"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

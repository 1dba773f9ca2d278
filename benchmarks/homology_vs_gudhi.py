"""Exact integral homology of Vietoris-Rips complexes against gudhi and ripser, side by side, in one run.

Rational points near circles (rational points of the unit circle, ``((1-t^2)/(1+t^2), 2t/(1+t^2))``,
scaled and displaced by small rational noise) and on a torus in R^3 (products of two rational circle
points). reluexact builds the Vietoris-Rips complex exactly (squared distances compared as
rationals) up to dimension 2 and takes H_0, H_1 over Z by Smith normal form; gudhi builds the same
complex from the float coordinates (``RipsComplex`` + ``SimplexTree``, coefficients in Z/2 and Z/3)
and ripser computes persistence over Z/2 up to dimension 1 with threshold ``eps``. The scale ``eps``
is chosen so that no pair lies at distance exactly ``eps``; the simplex counts and Betti numbers
are compared (they must agree: no torsion is expected in H_0, H_1 of these complexes, and Z/2 and
Z/3 agreeing with Z says so).

With ``--passagemath PYTHON`` (the interpreter of an environment with ``passagemath-modules``,
kept apart: it is large) the same complexes go to Sage's ``SimplicialComplex(...).homology(ZZ)``
too, timed in that process around construction and homology, for complexes of at most
``--passagemath-max`` simplices (it is slow) and with a time limit.

Usage: python benchmarks/homology_vs_gudhi.py [--sizes 100,200,400,800,1500] [--json out.json]
       [--passagemath /path/to/python] [--passagemath-max 1000] [--passagemath-timeout 600]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from homology.constructions import vietoris_rips  # noqa: E402


def circle_point(t: Fraction) -> tuple[Fraction, Fraction]:
    return (1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)


def angle(rng: random.Random) -> Fraction:
    """``tan(theta / 2)`` for a uniform angle, as a rational (the circle point is exact; only the spacing is float)."""
    import math

    return Fraction(math.tan(rng.uniform(-math.pi / 2 + 1e-3, math.pi / 2 - 1e-3))).limit_denominator(1000)


def circles(n: int, seed: int) -> list[tuple[Fraction, ...]]:
    """Two noisy circles (radii 1 and 1/2, centres 0 and (3, 0))."""
    rng = random.Random(seed)
    points = []
    for k in range(n):
        x, y = circle_point(angle(rng))
        r, cx = (Fraction(1), 0) if k % 3 else (Fraction(1, 2), 3)
        noise = [Fraction(rng.randint(-3, 3), 100) for _ in range(2)]
        points.append((r * x + cx + noise[0], r * y + noise[1]))
    return points


def torus(n: int, seed: int) -> list[tuple[Fraction, ...]]:
    rng = random.Random(seed)
    points = []
    for _ in range(n):
        c1, s1 = circle_point(angle(rng))
        c2, s2 = circle_point(angle(rng))
        R, r = Fraction(2), Fraction(3, 4)
        points.append(((R + r * c2) * c1, (R + r * c2) * s1, r * s2))
    return points


def safe_eps(points: list[tuple[Fraction, ...]], eps: Fraction) -> Fraction:
    """``eps`` nudged until no squared distance equals ``eps^2`` exactly and none is within 1e-9 of it."""
    squares = sorted(sum(((a - b) ** 2 for a, b in zip(p, q)), Fraction(0))
                     for i, p in enumerate(points) for q in points[i + 1:])
    while any(abs(float(s) - float(eps * eps)) < 1e-9 for s in squares):
        eps += Fraction(1, 997)
    return eps


def exact_run(points: list[tuple[Fraction, ...]], eps: Fraction) -> tuple[list[int], list[list[int]], int, float]:
    start = time.perf_counter()
    complex_ = vietoris_rips(points, eps, 1)     # H_0, H_1 from the 2-skeleton, as gudhi max_dimension=2
    groups = complex_.homology()
    elapsed = time.perf_counter() - start
    return [g.betti for g in groups[:2]], [list(g.torsion) for g in groups[:2]], len(complex_), elapsed


def gudhi_run(points: list[tuple[Fraction, ...]], eps: Fraction, field: int) -> tuple[list[int], int, float]:
    import gudhi

    coords = [[float(v) for v in p] for p in points]
    start = time.perf_counter()
    tree = gudhi.RipsComplex(points=coords, max_edge_length=float(eps)).create_simplex_tree(max_dimension=2)
    tree.compute_persistence(homology_coeff_field=field, persistence_dim_max=True)
    betti = tree.betti_numbers()
    elapsed = time.perf_counter() - start
    return (betti + [0, 0])[:2], tree.num_simplices(), elapsed


def ripser_run(points: list[tuple[Fraction, ...]], eps: Fraction) -> tuple[list[int], float]:
    import numpy
    from ripser import ripser

    coords = numpy.array([[float(v) for v in p] for p in points])
    start = time.perf_counter()
    diagrams = ripser(coords, maxdim=1, thresh=float(eps))["dgms"]
    elapsed = time.perf_counter() - start
    e = float(eps)
    betti = [int(sum(1 for b, d in dgm if b <= e < d)) for dgm in diagrams]
    return betti, elapsed


_SAGE = """
import json, sys, time
import sage.all__sagemath_modules
from sage.topology.simplicial_complex import SimplicialComplex
from sage.rings.integer_ring import ZZ
facets = json.load(open(sys.argv[1]))
start = time.perf_counter()
homology = SimplicialComplex(facets, maximality_check=False).homology(base_ring=ZZ, dim=[0, 1], reduced=False)
print(json.dumps({"seconds": time.perf_counter() - start, "homology": {str(k): str(v) for k, v in homology.items()}}))
"""


def passagemath_run(python: str, points: list[tuple[Fraction, ...]], eps: Fraction, timeout: float
                    ) -> tuple[str, float | None]:
    """Sage's integral homology of the same complex (its simplices given as facets), in its own process."""
    import os
    import subprocess
    import tempfile

    complex_ = vietoris_rips(points, eps, 1)
    facets = [list(s) for k in range(complex_.dimension + 1) for s in complex_.simplices(k)]
    with tempfile.TemporaryDirectory() as folder:
        data, script = os.path.join(folder, "facets.json"), os.path.join(folder, "sage_h.py")
        Path(data).write_text(json.dumps(facets))
        Path(script).write_text(_SAGE)
        try:
            out = subprocess.run([python, script, data], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"timeout after {timeout:.0f}s", None
    if out.returncode:
        return "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1], None
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return f"H0={result['homology']['0']} H1={result['homology']['1']}", float(result["seconds"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,400,800,1500")
    parser.add_argument("--json")
    parser.add_argument("--passagemath", help="python of an environment with passagemath-modules")
    parser.add_argument("--passagemath-max", type=int, default=1000, help="largest complex sent to passagemath")
    parser.add_argument("--passagemath-timeout", type=float, default=600)
    args = parser.parse_args()
    rows = []
    for name, make, eps0 in (("two circles", circles, Fraction(1, 4)), ("torus", torus, Fraction(1))):
        for n in (int(v) for v in args.sizes.split(",")):
            points = make(n, seed=n)
            eps = safe_eps(points, eps0)
            betti, torsion, size, t_exact = exact_run(points, eps)
            g2, gsize, t_g2 = gudhi_run(points, eps, 2)
            g3, _, t_g3 = gudhi_run(points, eps, 3)
            rb, t_r = ripser_run(points, eps)
            agree = betti == g2 == g3 == rb and size == gsize and not any(torsion)
            row = {"cloud": name, "points": n, "eps": str(eps), "simplices": size, "betti_Z": betti,
                   "torsion": torsion, "betti_gudhi_Z2": g2, "betti_gudhi_Z3": g3, "betti_ripser_Z2": rb,
                   "agree": agree, "exact_s": t_exact, "gudhi_s": t_g2, "ripser_s": t_r,
                   "ratio_exact_over_gudhi": t_exact / t_g2, "ratio_exact_over_ripser": t_exact / t_r}
            sage = ""
            if args.passagemath and size <= args.passagemath_max:
                answer, t_sage = passagemath_run(args.passagemath, points, eps, args.passagemath_timeout)
                row["passagemath"] = answer
                row["passagemath_s"] = t_sage
                if t_sage is not None:
                    row["ratio_exact_over_passagemath"] = t_exact / t_sage
                    sage = f"  passagemath {t_sage:8.3f}s ({t_exact / t_sage:8.5f}x, {answer})"
                else:
                    sage = f"  passagemath {answer}"
            rows.append(row)
            print(f"{name:11} n={n:4} simplices={size:7} H0,H1 over Z={betti} gudhi Z/2={g2} Z/3={g3} "
                  f"ripser={rb} agree={agree}  exact {t_exact:7.3f}s  gudhi {t_g2:7.4f}s ({t_exact / t_g2:6.1f}x)  "
                  f"ripser {t_r:7.4f}s ({t_exact / t_r:6.1f}x){sage}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    return 0 if all(r["agree"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Complexes built from data: exact Vietoris-Rips complexes and nerves of convex polytopes.

Vietoris-Rips: rational points, a rational scale ``eps``; a simplex for every set of
points with pairwise squared distances ``<= eps^2`` (compared exactly, no square roots).
Nerve: one vertex per polytope, a simplex for every subfamily with a common point,
decided by exact LP; each simplex carries that common point as evidence.

Examples
--------
>>> square = [[0, 0], [1, 0], [1, 1], [0, 1]]
>>> [str(h) for h in vietoris_rips(square, 1).homology()]          # the 4-cycle
['Z', 'Z']
>>> [str(h) for h in vietoris_rips(square, "3/2", max_dim=2).homology()]   # all pairs: a 3-simplex
['Z', '0', '0']
>>> len(vietoris_rips(square, "3/2", max_dim=1).simplices(2))   # H_0, H_1 from the 2-skeleton
4
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from exact.errors import ShapeError
from exact.filtered import SAFE, TINY, SignFilter, U
from exact.numbers import to_rational, to_vector
from exact.polyhedron import Polyhedron
from homology.complexes import SimplicialComplex, paused_gc

__all__ = ["vietoris_rips", "close_pairs", "nerve", "Nerve"]


def close_pairs(points: Sequence[Sequence[Fraction]], limit: Fraction) -> tuple[list[set[int]], int]:
    """For each point, the others at squared distance ``<= limit``; and how many pairs were decided exactly.

    Filtered arithmetic: squared distances are computed in float64 with NumPy, 256 rows at a time,
    and a pair is decided by the float when it is farther from the threshold than a proven error
    bound; otherwise exactly with Fractions. The bound: ``float(x)`` is the correctly rounded value,
    so ``|x^ - x| <= u |x|`` (``u = 2^-53``); with ``a_k = |x_ik| + |x_jk|`` the difference has error at
    most ``2.01 u a_k``, its square at most ``5.1 u a_k^2``, and the float sum over ``d`` coordinates
    adds ``1.01 d u sum a_k^2``; so ``|d^ - d| <= B = (6 + 2 d) u sum_k a_k^2``. Since
    ``(|p| + |q|)^2 <= 2 p^2 + 2 q^2``, ``sum_k a_k^2 <= 2 (r_i + r_j)`` with ``r_i = sum_k x_ik^2``, each
    computed in float within a factor ``1 + (d + 2) u`` (below ``1 + 2^-40`` for ``d < 2^12``).
    ``float(limit)`` is off by at most ``u |limit|``. A pair is inside when ``d^ <= limit^ - 2 M``
    and outside when ``d^ >= limit^ + 2 M`` with
    ``M = (1 + 2^-40)(2 (6 + 2 d) u (r_i^ + r_j^) + u |limit|) + 2^-1000`` (the factors ``1 + 2^-40``
    and 2 cover the rounding of the norms and of these comparisons' own arithmetic); anything between
    is decided exactly.

    Parameters
    ----------
    points
        Rational points.
    limit
        The squared distance.

    Returns
    -------
    (list of set of int, int)
        The neighbours of each point, and how many pairs the float filter left to exact arithmetic.

    See Also
    --------
    vietoris_rips : uses it.

    References
    ----------
    ``000`` A.3 and A.5.1 (Vietoris-Rips complexes on the data).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> close_pairs([(Q(0), Q(0)), (Q(3, 5), Q(4, 5)), (Q(2), Q(0))], Q(1))   # a tie at distance 1: exact
    ([{1}, {0}, set()], 1)
    """
    import numpy as np

    n = len(points)
    neighbours: list[set[int]] = [set() for _ in range(n)]
    if n == 0:
        return neighbours, 0
    d = len(points[0])
    if d >= 2 ** 12:
        raise ShapeError(f"points: dimension {d} is beyond the error bound's range (below 4096)")
    # int / int is correctly rounded, as float() of a Fraction is (and without its generic dispatch)
    X = np.array([[v.numerator / v.denominator for v in p] for p in points], dtype=np.float64).reshape(n, d)
    norms = (X * X).sum(axis=1)
    limit_f = float(limit)
    fallbacks = 0
    for start in range(0, n, 256):
        rows = slice(start, min(start + 256, n))
        diff = X[rows, None, :] - X[None, :, :]
        d2 = (diff * diff).sum(axis=2)
        margin = (2 * (6 + 2 * d) * U * (norms[rows, None] + norms[None, :]) + U * abs(limit_f)) * SAFE + TINY
        decided = SignFilter.certain(limit_f - d2, 2 * margin)     # the sign of limit - d, where certain
        inside = decided > 0
        unsure = decided == 0
        # whole rows against every point (symmetric by itself): one nonzero, then row slices
        hits, columns = np.nonzero(inside)
        bounds = np.searchsorted(hits, np.arange(inside.shape[0] + 1)).tolist()
        found = columns.tolist()
        for r in range(inside.shape[0]):
            neighbours[start + r].update(found[bounds[r]:bounds[r + 1]])
            neighbours[start + r].discard(start + r)
        for i, j in zip(*np.nonzero(unsure)):
            i = int(i) + start
            j = int(j)
            if j <= i:
                continue
            fallbacks += 1
            if sum(((p - q) ** 2 for p, q in zip(points[i], points[j])), Fraction(0)) <= limit:   # exact
                neighbours[i].add(j)
                neighbours[j].add(i)
    return neighbours, fallbacks


def vietoris_rips(points: Iterable[Iterable[object]], eps: object, max_dim: int = 2) -> SimplicialComplex:
    """The Vietoris-Rips complex of rational points at scale ``eps``, for homology up to ``max_dim``.

    Vertices are the point indices ``0..N-1``; an edge joins two points at distance ``<= eps``.
    As in ripser, ``max_dim = K`` builds the ``(K+1)``-skeleton, and the complex reports
    ``H_0..H_K`` only (its ``homology_dim``): the top group of a cut complex is not homology.

    Parameters
    ----------
    points
        Rational points.
    eps
        The scale: an edge where the Euclidean distance is at most ``eps`` (decided exactly).
    max_dim
        Simplices up to dimension ``max_dim + 1``.

    Returns
    -------
    SimplicialComplex
        On the vertices ``0..len(points) - 1``.

    Raises
    ------
    ValueError
        For points of different dimensions, a negative ``eps`` or ``max_dim < 0``.

    References
    ----------
    ``000`` A.3 and A.5.1 (Vietoris-Rips complexes on the data).

    Examples
    --------
    >>> square = [[0, 0], [1, 0], [1, 1], [0, 1]]                 # sides 1, diagonals sqrt 2
    >>> [g.betti for g in vietoris_rips(square, 1).homology()]     # a 4-cycle at eps = 1, no triangle
    [1, 1]
    """
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    scale = to_rational(eps, "eps")
    if scale < 0 or max_dim < 0:
        raise ShapeError(f"eps: {scale} must be nonnegative" if scale < 0 else
                         f"max_dim: {max_dim} must be nonnegative")
    if len({len(p) for p in pts}) > 1:
        raise ShapeError("points: different dimensions")
    n = len(pts)
    neighbours, _ = close_pairs(pts, scale * scale)
    # the later neighbours of each vertex as the bits of an int: a clique grows by the common bits
    later = [sum(1 << j for j in nb if j > i) for i, nb in enumerate(neighbours)]
    levels: list[list[tuple[int, ...]]] = [[(i,) for i in range(n)]]
    reach: list[int] = list(later)       # for each simplex of the last level: the vertices that extend it
    with paused_gc():
        for _ in range(max_dim + 1):   # cliques grown vertex by vertex: closed under faces by construction
            grown: list[tuple[int, ...]] = []
            grown_reach: list[int] = []
            for s, bits in zip(levels[-1], reach):
                while bits:
                    low = bits & -bits
                    v = low.bit_length() - 1
                    bits ^= low
                    grown.append(s + (v,))
                    grown_reach.append(bits & later[v])   # common later neighbours beyond v
            levels.append(grown)
            reach = grown_reach
        return SimplicialComplex.from_closed(levels, homology_dim=max_dim)


class Nerve:
    """The nerve of a finite family of polyhedra, with a common point for every simplex.

    See Also
    --------
    nerve : builds it.

    References
    ----------
    K. Borsuk, "On the imbedding of systems of compacta in simplicial complexes", Fund. Math. 35
    (1948) (the nerve theorem for closed convex covers); ``MATH.md`` section 3.
    """

    def __init__(self, complex_: SimplicialComplex, witnesses: dict[tuple[int, ...], tuple[Fraction, ...]]):
        self.complex = complex_
        self.witnesses = witnesses


def nerve(family: Sequence[Polyhedron], max_dim: int | None = None) -> Nerve:
    """The nerve of ``family`` (vertices ``0..len-1``), up to ``max_dim`` (all by default).

    Subfamilies are grown from non-empty ones only (the nerve is closed under faces), and
    each non-empty intersection is decided by an exact LP whose point is kept as evidence.

    Parameters
    ----------
    family
        Polyhedra.
    max_dim
        The largest simplex dimension to look for.

    Returns
    -------
    Nerve
        Its simplicial complex and a common point of every simplex (the evidence).

    References
    ----------
    ``000`` section 3 (homology from nerves of closed convex covers).

    Examples
    --------
    >>> from exact import Polyhedron
    >>> ring = [Polyhedron.box([0, 0], [2, 1]), Polyhedron.box([1, 0], [3, 1]), Polyhedron.box([0, 0], ["1/2", 3])]
    >>> nv = nerve(ring)
    >>> sorted(s for s in nv.witnesses if len(s) == 2)
    [(0, 1), (0, 2)]
    """
    if not family:
        raise ShapeError("family: empty")
    dims = {p.dim for p in family}
    if len(dims) != 1:
        raise ShapeError(f"family: polyhedra of different dimensions {sorted(dims)}")
    top = len(family) - 1 if max_dim is None else max_dim
    witnesses: dict[tuple[int, ...], tuple[Fraction, ...]] = {}
    frontier: list[tuple[tuple[int, ...], Polyhedron]] = []
    for i, p in enumerate(family):
        if not p.is_empty():
            witnesses[(i,)] = p.interior_point()
            frontier.append(((i,), p))
    for _ in range(top):
        grown = []
        for s, meet in frontier:
            for j in range(s[-1] + 1, len(family)):
                if (j,) not in witnesses or any(s[:k] + s[k + 1:] + (j,) not in witnesses
                                                for k in range(len(s)) if len(s) > 1):
                    continue
                both = meet.intersection(family[j])
                if not both.is_empty():
                    witnesses[s + (j,)] = both.interior_point()
                    grown.append((s + (j,), both))
        frontier = grown
        if not frontier:
            break
    if not witnesses:
        raise ShapeError("family: every polyhedron is empty")
    return Nerve(SimplicialComplex(witnesses.keys()), witnesses)

"""Hypothesis strategies for exact objects, for property tests of your own constructions.

Examples
--------
A property test of a construction (here: a network agrees with its local affine
map at the point whose pattern was used)::

>>> from hypothesis import given, settings
>>> from exact.strategies import networks, vectors
>>> @settings(max_examples=20, deadline=None)
... @given(networks(input_dim=2, max_depth=3), vectors(2))
... def test_affine_map_at_point(net, x):
...     assert net.local_affine_map(net.pattern(x))(x) == net.evaluate(x)
>>> test_affine_map_at_point()
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from exact import linalg
from exact.network import Network, Skip
from exact.numbers import Matrix, Vector
from exact.polyhedron import Polyhedron

__all__ = [
    "rationals",
    "vectors",
    "matrices",
    "networks",
    "bottleneck_networks",
    "boxes",
    "simplices",
    "polyhedra",
    "points_in",
]


def rationals(max_numerator: int = 10, max_denominator: int = 6, nonzero: bool = False) -> st.SearchStrategy[Fraction]:
    """Rationals ``p/q`` with ``|p| <= max_numerator`` and ``1 <= q <= max_denominator``.

    Parameters
    ----------
    max_numerator, max_denominator
        The bounds.
    nonzero
        Leave out 0.

    Returns
    -------
    SearchStrategy of Fraction

    Examples
    --------
    >>> from hypothesis import find
    >>> find(rationals(nonzero=True), lambda q: q < -1)
    Fraction(-2, 1)
    """
    values = st.builds(
        Fraction, st.integers(-max_numerator, max_numerator), st.integers(1, max_denominator)
    )
    return values.filter(bool) if nonzero else values


def vectors(n: int, elements: st.SearchStrategy[Fraction] | None = None) -> st.SearchStrategy[Vector]:
    """Tuples of ``n`` rationals.

    Parameters
    ----------
    n
        The length.
    elements
        The entries' strategy (:func:`rationals` by default).

    Returns
    -------
    SearchStrategy of tuple of Fraction

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    return st.tuples(*([(elements if elements is not None else rationals())] * n))


def matrices(rows: int, columns: int, elements: st.SearchStrategy[Fraction] | None = None) -> st.SearchStrategy[Matrix]:
    """``rows x columns`` matrices of rationals (tuples of tuples).

    Parameters
    ----------
    rows, columns
        The shape.
    elements
        The entries' strategy.

    Returns
    -------
    SearchStrategy of tuple of tuple of Fraction

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    return st.tuples(*([vectors(columns, elements)] * rows))


@st.composite
def networks(
    draw: Any,
    input_dim: int | st.SearchStrategy[int] | None = None,
    max_depth: int = 3,
    max_width: int = 4,
    output_dim: int | None = None,
    skips: bool = True,
    output_relu: bool | None = False,
    elements: st.SearchStrategy[Fraction] | None = None,
) -> Network:
    """Random networks: depth ``1..max_depth``, widths ``1..max_width``, optional skips.

    Parameters
    ----------
    input_dim
        A fixed input dimension or a strategy for it (default: 1 to 3).
    output_dim
        Fix the width of the last layer (random otherwise).
    skips
        Whether skip connections (identity or projection) may be drawn.
    output_relu
        ``True``/``False`` to fix it, ``None`` to draw it.

    Returns
    -------
    SearchStrategy of Network

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    if input_dim is None:
        input_dim = st.integers(1, 3)
    n0 = input_dim if isinstance(input_dim, int) else draw(input_dim)
    depth = draw(st.integers(1, max_depth))
    widths = [n0] + [draw(st.integers(1, max_width)) for _ in range(depth)]
    if output_dim is not None:
        widths[-1] = output_dim
    layers = [
        (draw(matrices(widths[l], widths[l - 1], elements)), draw(vectors(widths[l], elements)))
        for l in range(1, depth + 1)
    ]
    chosen: list[Skip] = []
    if skips and depth >= 2:
        for target in range(2, depth + 1):
            for source in range(0, target - 1):
                if draw(st.booleans()) and draw(st.booleans()):
                    if widths[source] == widths[target - 1] and draw(st.booleans()):
                        chosen.append(Skip(source, target, None))
                    else:
                        projection = draw(matrices(widths[target - 1], widths[source], elements))
                        chosen.append(Skip(source, target, projection))
    relu = draw(st.booleans()) if output_relu is None else output_relu
    return Network(n0, layers, chosen, relu)


@st.composite
def bottleneck_networks(
    draw: Any,
    n0: int | None = None,
    n1: int | None = None,
    n2: int | None = None,
    n3: int | None = None,
    elements: st.SearchStrategy[Fraction] | None = None,
) -> Network:
    """Three-layer networks ``(n0, n1, n2, n3)`` with ``n1 <= n0`` (the setting of ``004``).

    Unspecified sizes are drawn small: ``n0`` in 1..3, ``n1`` in 1..n0, ``n2`` in 1..3, ``n3`` in 1..2.

    Parameters
    ----------
    n0, n1, n2, n3
        Fixed sizes (drawn small when ``None``).
    elements
        The entries' strategy (non-zero rationals by default).

    Returns
    -------
    SearchStrategy of Network

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.

    References
    ----------
    ``004`` section 6 (three-layer bottleneck architectures, ``n1 <= n0``).
    """
    d0 = n0 if n0 is not None else draw(st.integers(1, 3))
    d1 = n1 if n1 is not None else draw(st.integers(1, d0))
    if d1 > d0:
        raise ValueError(f"n1: {d1} exceeds n0 = {d0}; a bottleneck needs n1 <= n0")
    d2 = n2 if n2 is not None else draw(st.integers(1, 3))
    d3 = n3 if n3 is not None else draw(st.integers(1, 2))
    el = elements if elements is not None else rationals(nonzero=True)
    widths = [d0, d1, d2, d3]
    layers = [(draw(matrices(widths[l], widths[l - 1], el)), draw(vectors(widths[l], el))) for l in (1, 2, 3)]
    return Network(d0, layers)


@st.composite
def boxes(draw: Any, dim: int, elements: st.SearchStrategy[Fraction] | None = None, backend: str = "cdd") -> Polyhedron:
    """Full-dimensional boxes ``lo <= x <= hi`` with ``lo < hi``.

    Parameters
    ----------
    dim
        The dimension.
    elements
        The corners' strategy.
    backend
        The polyhedron backend.

    Returns
    -------
    SearchStrategy of Polyhedron

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    lo, hi = [], []
    for _ in range(dim):
        values = elements if elements is not None else rationals()
        a, b = draw(values), draw(values)
        if a == b:
            b = a + 1
        lo.append(min(a, b))
        hi.append(max(a, b))
    return Polyhedron.box(lo, hi, backend=backend)


@st.composite
def simplices(
    draw: Any, dim: int, elements: st.SearchStrategy[Fraction] | None = None, backend: str = "cdd"
) -> Polyhedron:
    """Full-dimensional simplices: hulls of ``dim + 1`` affinely independent rational points.

    Parameters
    ----------
    dim
        The dimension.
    elements
        The vertices' strategy.
    backend
        The polyhedron backend.

    Returns
    -------
    SearchStrategy of Polyhedron

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    points = draw(
        st.lists(vectors(dim, elements), min_size=dim + 1, max_size=dim + 1).filter(
            lambda ps: linalg.rank(tuple(tuple(p - q for p, q in zip(v, ps[0])) for v in ps[1:])) == dim
        )
    )
    return Polyhedron.from_generators(points, backend=backend)


@st.composite
def polyhedra(
    draw: Any,
    dim: int,
    max_constraints: int = 6,
    equalities: bool = True,
    bounded: bool = False,
    backend: str = "cdd",
) -> Polyhedron:
    """Random H-polyhedra (possibly empty, lower-dimensional or unbounded unless ``bounded``).

    Parameters
    ----------
    dim
        The dimension.
    max_constraints
        The most inequalities.
    equalities
        Allow an equality.
    bounded
        Intersect with ``[-5, 5]^dim``.
    backend
        The polyhedron backend.

    Returns
    -------
    SearchStrategy of Polyhedron

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    m = draw(st.integers(0, max_constraints))
    A = [draw(vectors(dim, rationals(5, 3))) for _ in range(m)]
    b = [draw(rationals(5, 3)) for _ in range(m)]
    E: list[Vector] = []
    f: list[Fraction] = []
    if equalities and dim > 1 and draw(st.integers(0, 3)) == 0:
        E.append(draw(vectors(dim, rationals(3, 2))))
        f.append(draw(rationals(3, 2)))
    poly = Polyhedron(dim, A, b, E, f, backend=backend)
    if bounded:
        poly = poly.intersection(Polyhedron.box(-5, 5, dim=dim, backend=backend))
    return poly


@st.composite
def points_in(draw: Any, polyhedron: Polyhedron, weights: st.SearchStrategy[Fraction] | None = None) -> Vector:
    """Rational points of a non-empty polyhedron: convex combinations of its vertices plus cone and line parts.

    Parameters
    ----------
    polyhedron
        A non-empty polyhedron.
    weights
        The combination weights' strategy.

    Returns
    -------
    SearchStrategy of tuple of Fraction

    See Also
    --------
    tests/exact/test_strategies.py : what each gives, checked.
    """
    gens = polyhedron.generators()
    if not gens.points:
        raise ValueError("points_in: the polyhedron is empty")
    w = weights if weights is not None else st.builds(Fraction, st.integers(0, 6), st.just(1))
    coeffs = [draw(w) for _ in gens.points]
    if not any(coeffs):
        coeffs[0] = Fraction(1)
    total = sum(coeffs, Fraction(0))
    point = [sum((c * p[i] for c, p in zip(coeffs, gens.points)), Fraction(0)) / total for i in range(polyhedron.dim)]
    for ray in gens.rays:
        c = draw(w)
        point = [x + c * r for x, r in zip(point, ray)]
    for line in gens.lines:
        c = draw(rationals())
        point = [x + c * v for x, v in zip(point, line)]
    return tuple(point)


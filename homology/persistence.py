"""Exact persistent homology: filtrations with rational values, reduced over Q or over Z/p.

A filtration is a list of simplices with rational values, each face no later than its cofaces.
The boundary matrix, in filtration order (value, then dimension), is reduced by the standard
column algorithm over the field (``0`` for Q, or a prime ``p``): a column that reduces to zero
gives birth; a column with lowest non-zero row ``i`` kills the class born at ``i``. Bars are
``[birth, death)`` with exact values (``death = None`` for an essential class); bars of length
zero are not listed. Homology up to dimension ``K`` is computed from the ``(K + 1)``-skeleton.

Over Q and over Z/p the bars differ exactly where ``H(K_t; Z)`` has ``p``-torsion (universal
coefficients): on a triangulated projective plane, Z/2 sees ``H_1 = H_2 = Z/2`` and Q sees neither.

References
----------
Edelsbrunner, Letscher, Zomorodian, "Topological persistence and simplification" (2002);
Zomorodian, Carlsson, "Computing persistent homology" (2005); ``000`` section 4 (barcodes of data).

Examples
--------
>>> square = [(0, 0), (1, 0), (1, 1), (0, 1)]             # squared distances 1 (sides) and 2 (diagonals)
>>> [(b.dim, str(b.birth), str(b.death)) for b in persistence(rips_filtration(square, 1))]
[(0, '0', '1'), (0, '0', '1'), (0, '0', '1'), (0, '0', 'None'), (1, '1', '2')]
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exact.display import check_picture_path, save_picture
from exact.errors import FormatError, ShapeError
from exact.linalg import common_denominator
from exact.numbers import RootSum, to_rational, to_vector
from exact.validation import check_int

__all__ = ["Bar", "Filtration", "filtration_from_json", "rips_filtration", "rips_persistence", "lower_star_filtration",
           "persistence", "betti_at", "plot_barcode", "quotient_distances", "quotient_rips_filtration"]

#: Filtration values are rationals, or exact sums of square roots (:class:`exact.numbers.RootSum`)
Value = Fraction | RootSum
Filtration = list[tuple[tuple[Hashable, ...], Value]]


@dataclass(frozen=True)
class Bar:
    """A persistence interval ``[birth, death)`` in dimension ``dim`` (``death`` ``None``: essential).

    See Also
    --------
    persistence : gives them.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).
    """

    dim: int
    birth: Value
    death: Value | None

    def alive(self, t: Value) -> bool:
        """Whether the bar is alive at ``t``.

        Parameters
        ----------
        t
            A value.

        Returns
        -------
        bool
            Whether ``birth <= t < death``.

        Examples
        --------
        >>> from fractions import Fraction
        >>> Bar(0, Fraction(1), Fraction(3)).alive(2), Bar(0, Fraction(1), None).alive(9)
        (True, True)
        """
        return self.birth <= t and (self.death is None or t < self.death)


def _is_prime(p: int) -> bool:
    """A proven primality test at any size (python-flint's ``fmpz.is_prime``)."""
    import flint

    return p >= 2 and bool(flint.fmpz(p).is_prime())


class _Label(tuple):  # type: ignore[type-arg]
    """A JSON vertex label kept apart by type (``1`` and ``"1"`` differ) and shown as the user wrote it."""

    def __repr__(self) -> str:
        return repr(self[1])


def _checked(filtration: Iterable[tuple[Iterable[Hashable], object]]) -> Filtration:
    """Sorted by (value, dimension), with every face present and no later than its cofaces."""
    entries: dict[tuple[Hashable, ...], Value] = {}
    order: dict[Hashable, int] = {}
    for i, (simplex, value) in enumerate(filtration):
        vertices = list(simplex)
        if not vertices or len(set(vertices)) != len(vertices):
            raise ShapeError(f"filtration[{i}]: {vertices!r} is not a simplex (empty or a repeated vertex)")
        for v in vertices:
            order.setdefault(v, len(order))
        key = tuple(sorted(vertices, key=order.__getitem__))
        if key in entries:
            raise ShapeError(f"filtration[{i}]: the simplex {vertices!r} appears twice")
        entries[key] = value if isinstance(value, RootSum) else to_rational(value, f"filtration[{i}].value")
    # compare ranks, not values: the distinct values are sorted once (exact comparisons), then integers
    rank = {v: r for r, v in enumerate(sorted(set(entries.values())))}
    ranked = {key: rank[value] for key, value in entries.items()}
    for key, r in ranked.items():
        if len(key) > 1:
            for face in itertools.combinations(key, len(key) - 1):
                if face not in ranked:
                    raise ShapeError(f"filtration: the face {list(face)!r} of {list(key)!r} is missing")
                if ranked[face] > r:
                    raise ShapeError(f"filtration: the face {list(face)!r} comes after its coface {list(key)!r}")
    return sorted(entries.items(), key=lambda kv: (ranked[kv[0]], len(kv[0])))


def filtration_from_json(data: Any) -> Filtration:
    """``{"filtration": [{"simplex": [v, ...], "value": "p/q"}, ...]}`` (labels: JSON numbers or strings).

    Parameters
    ----------
    data
        The parsed JSON.

    Returns
    -------
    Filtration
        Simplices with exact values.

    Examples
    --------
    >>> f = filtration_from_json({"filtration": [{"simplex": [0], "value": "0"}, {"simplex": [1], "value": "1/2"}]})
    >>> [(b.dim, b.birth, b.death) for b in persistence(f, 0)]
    [(0, Fraction(0, 1), None), (0, Fraction(1, 2), None)]
    """
    if not isinstance(data, dict) or not isinstance(data.get("filtration"), list):
        raise FormatError('filtration: expected {"filtration": [{"simplex": [...], "value": v}, ...]}')
    entries = []
    for i, item in enumerate(data["filtration"]):
        if not isinstance(item, dict) or set(item) != {"simplex", "value"} or not isinstance(item["simplex"], list):
            raise FormatError(f"filtration[{i}]: expected {{\"simplex\": [...], \"value\": v}}")
        for v in item["simplex"]:
            if isinstance(v, bool) or not isinstance(v, (int, str)):
                raise FormatError(f"filtration[{i}]: vertex {v!r} is not a JSON integer or string")
        entries.append(([_Label((type(v).__name__, v)) for v in item["simplex"]], item["value"]))
    return _checked(entries)


def _ranked_distances(points: Sequence[Sequence[object]], max_dim: int, max_value: object | None
                      ) -> tuple[int, list[list[int]], list[Fraction], int]:
    """``(n, ranks, values, top)``: the points' squared distances, ranked exactly once.

    ``ranks[i][j]`` (``j < i``) is the rank of ``|p_i - p_j|^2`` among the distinct squared
    distances ``values`` (``0`` first); ``top`` is the last rank at most ``max_value``. Coordinates
    are scaled to integers first (by the lcm of their denominators), so only integers are compared.
    """
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    if len({len(p) for p in pts}) > 1:
        raise ShapeError("points: different dimensions")
    check_int(max_dim, "max_dim", low=0)
    cap = to_rational(max_value, "max_value") if max_value is not None else None
    n = len(pts)
    scale = common_denominator(v for p in pts for v in p)             # integer coordinates: squared distances
    ints = [[int(v * scale) for v in p] for p in pts]                 # are integers, scale^2 times the true ones
    d2 = [[sum((a - b) * (a - b) for a, b in zip(ints[i], ints[j])) for j in range(i)] for i in range(n)]
    scaled = sorted({0} | {v for row in d2 for v in row})             # exact comparisons, once
    rank = {v: r for r, v in enumerate(scaled)}
    values = [Fraction(v, scale * scale) for v in scaled]
    top = len(values) - 1 if cap is None else sum(1 for v in values if v <= cap) - 1
    return n, [[rank[v] for v in row] for row in d2], values, top


def rips_filtration(points: Sequence[Sequence[object]], max_dim: int, max_value: object | None = None) -> Filtration:
    """The Vietoris-Rips filtration by exact squared distances, simplices up to dimension ``max_dim + 1``.

    A simplex enters at the largest squared distance between two of its vertices; ``max_value``
    (a squared distance) drops simplices entering later. Vertices are the point indices.

    Parameters
    ----------
    points
        Rational points.
    max_dim
        The largest homology degree wanted.
    max_value
        Leave out simplices above this squared distance.

    Returns
    -------
    Filtration
        Each simplex with its exact value (the largest squared distance among its vertices).

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).

    Examples
    --------
    >>> [(s, str(v)) for s, v in rips_filtration([[0], [3]], 0)]      # the edge enters at 3^2
    [((0,), '0'), ((1,), '0'), ((0, 1), '9')]
    """
    n, ranks, values, top = _ranked_distances(points, max_dim, max_value)
    result: list[tuple[tuple[Hashable, ...], Fraction]] = [((i,), Fraction(0)) for i in range(n)]
    for size in range(2, min(max_dim + 2, n) + 1):      # no simplex has more vertices than there are points
        for simplex in itertools.combinations(range(n), size):
            r = max(ranks[j][i] for i, j in itertools.combinations(simplex, 2))
            if r <= top:
                result.append((simplex, values[r]))
    return _checked(result)


def quotient_distances(points: Sequence[Sequence[object]], classes: Iterable[Iterable[int]]) -> list[list[RootSum]]:
    """The quotient pseudometric of ``000`` A.5.1: Euclidean distances, zero inside each class, shortest paths.

    ``d([x], [y]) = inf (d(p_1, q_1) + ... + d(p_n, q_n))`` over chains with ``p_1 = x``, ``q_n = y``
    and ``q_i``, ``p_(i+1)`` in one class: Dijkstra from every point on the complete graph whose
    edges weigh the Euclidean distance, or ``0`` inside a class (the paper's construction). Values
    are exact sums of square roots (:class:`exact.numbers.RootSum`), compared exactly.

    Parameters
    ----------
    points
        Rational points.
    classes
        Classes of point indices, each collapsed to distance 0.

    Returns
    -------
    list of list of RootSum
        Exact distances (sums of square roots).

    References
    ----------
    ``000`` A.5.1.

    Examples
    --------
    >>> d = quotient_distances([[0, 0], [3, 4], [3, 0]], [[0, 1]])     # (0,0) and (3,4) glued
    >>> [[str(v) for v in row] for row in d]
    [['0', '0', '3'], ['0', '0', '3'], ['3', '3', '0']]
    """
    import heapq

    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    if len({len(p) for p in pts}) > 1:
        raise ShapeError("points: different dimensions")
    n = len(pts)
    label = list(range(n))
    for c, members in enumerate(classes):
        for i in members:
            if not isinstance(i, int) or not 0 <= i < n:
                raise ShapeError(f"classes: {i!r} is not a point index")
            label[i] = n + c
    edge = [[RootSum() if label[i] == label[j] else
             RootSum.sqrt(sum(((a - b) ** 2 for a, b in zip(pts[i], pts[j])), Fraction(0))) for j in range(n)]
            for i in range(n)]
    result = []
    for source in range(n):
        best: list[RootSum | None] = [None] * n
        best[source] = RootSum()
        heap: list[tuple[RootSum, int, int]] = [(RootSum(), 0, source)]
        done = [False] * n
        counter = 1
        while heap:
            d, _, u = heapq.heappop(heap)
            if done[u]:
                continue
            done[u] = True
            for v in range(n):
                if not done[v]:
                    candidate = d + edge[u][v]
                    current = best[v]
                    if current is None or candidate < current:
                        best[v] = candidate
                        heapq.heappush(heap, (candidate, counter, v))
                        counter += 1
        result.append([b if b is not None else RootSum() for b in best])
    return result


def quotient_rips_filtration(points: Sequence[Sequence[object]], classes: Iterable[Iterable[int]], max_dim: int
                             ) -> Filtration:
    """The Vietoris-Rips filtration of the quotient pseudometric (``000`` A.5.1), simplices to ``max_dim + 1``.

    A simplex enters at the largest quotient distance between two of its vertices (exact sums of
    square roots). Unlike :func:`rips_filtration`, values are distances, not squared distances.

    Parameters
    ----------
    points
        Rational points.
    classes
        Classes of point indices.
    max_dim
        The largest homology degree.

    Returns
    -------
    Filtration
        The filtration by quotient distances.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).
    ``000`` A.5.1 (the quotient as a cone).

    Examples
    --------
    >>> f = quotient_rips_filtration([[0], [1], [5]], [[0, 2]], 0)        # 0 and 5 glued
    >>> [(s, str(v)) for s, v in f]
    [((0,), '0'), ((1,), '0'), ((2,), '0'), ((0, 2), '0'), ((0, 1), '1'), ((1, 2), '1')]
    """
    check_int(max_dim, "max_dim", low=0)
    d = quotient_distances(points, classes)
    n = len(d)
    result: list[tuple[tuple[Hashable, ...], Value]] = [((i,), RootSum()) for i in range(n)]
    for size in range(2, min(max_dim + 2, n) + 1):
        for simplex in itertools.combinations(range(n), size):
            result.append((simplex, max(d[i][j] for i, j in itertools.combinations(simplex, 2))))
    return _checked(result)


def lower_star_filtration(facets: Iterable[Iterable[Hashable]], values: dict[Hashable, object]) -> Filtration:
    """The lower-star filtration of a function on the vertices: a simplex enters at its largest vertex value.

    Parameters
    ----------
    facets
        The facets of a simplicial complex.
    values
        A value per vertex.

    Returns
    -------
    Filtration
        Every simplex of the complex with its value.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).

    Examples
    --------
    >>> f = lower_star_filtration([(0, 1), (1, 2)], {0: 0, 1: 2, 2: 1})
    >>> [(b.dim, b.birth, b.death) for b in persistence(f, 0)]        # two minima, merged at 2
    [(0, Fraction(0, 1), None), (0, Fraction(1, 1), Fraction(2, 1))]

    >>> [(s, str(v)) for s, v in lower_star_filtration([[0, 1]], {0: 2, 1: "1/2"})]
    [((1,), '1/2'), ((0,), '2'), ((0, 1), '2')]
    """
    exact = {v: to_rational(x, f"values[{v!r}]") for v, x in values.items()}
    simplices: set[tuple[Hashable, ...]] = set()
    for facet in facets:
        vertices = list(facet)
        for v in vertices:
            if v not in exact:
                raise ShapeError(f"values: vertex {v!r} has no value")
        for size in range(1, len(vertices) + 1):
            simplices.update(itertools.combinations(vertices, size))
    return _checked([(s, max(exact[v] for v in s)) for s in simplices])


def plot_barcode(bars: Sequence[Bar], path: str, title: str = "", kind: str = "barcode") -> None:
    """Draw the bars as PNG or SVG: a barcode, a persistence diagram, or Betti curves.

    ``kind``: ``"barcode"`` (one row per bar, essential bars to the right edge), ``"diagram"``
    (birth against death, essential bars on a top line) or ``"betti"`` (the number of bars of each
    dimension alive at each value: a step function read off the exact bars).

    Parameters
    ----------
    bars
        A barcode.
    path
        A PNG or SVG to write.
    title
        The title.
    kind
        ``"barcode"``, ``"diagram"`` or ``"betti"``.

    Returns
    -------
    None

    See Also
    --------
    persistence : the bars.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).
    """
    import matplotlib
    from matplotlib.figure import Figure

    check_picture_path(path)
    if kind not in ("barcode", "diagram", "betti"):
        raise FormatError(f"picture: {kind!r} is not barcode, diagram or betti")
    finite = [float(v) for b in bars for v in (b.birth, b.death) if v is not None]
    right = (max(finite) if finite else 1.0) * 1.1 or 1.0
    colours = matplotlib.colormaps["tab10"]
    dims = sorted({b.dim for b in bars})
    if kind == "barcode":
        figure = Figure(figsize=(6, 0.25 * max(len(bars), 4) + 1))
        axes = figure.subplots()
        for row, bar in enumerate(bars):
            end = right if bar.death is None else float(bar.death)
            axes.plot([float(bar.birth), end], [row, row], color=colours(bar.dim % 10), linewidth=3,
                      label=f"H_{bar.dim}" if all(b.dim != bar.dim for b in bars[:row]) else None)
            if bar.death is None:
                axes.plot([end], [row], marker=">", color=colours(bar.dim % 10))
        axes.set_yticks([])
        axes.set_xlabel("filtration value")
    elif kind == "diagram":
        figure = Figure(figsize=(5, 5))
        axes = figure.subplots()
        axes.plot([0, right], [0, right], "k:", linewidth=0.8)
        axes.axhline(right, color="grey", linewidth=0.8)
        for dim in dims:
            mine = [b for b in bars if b.dim == dim]
            axes.scatter([float(b.birth) for b in mine], [right if b.death is None else float(b.death) for b in mine],
                         color=colours(dim % 10), label=f"H_{dim}")
        axes.set(xlabel="birth", ylabel="death (top line: essential)")
    else:
        figure = Figure(figsize=(6, 4))
        axes = figure.subplots()
        for dim in dims:
            mine = [b for b in bars if b.dim == dim]
            # the exact change points: each bar adds 1 at its birth and removes 1 at its death
            start = min(b.birth for b in bars)
            events = sorted({start} | {b.birth for b in mine} | {b.death for b in mine if b.death is not None})
            xs, ys = [], []
            for t in events:
                xs.append(float(t))
                ys.append(betti_at(bars, t, dim))
            xs.append(right)
            ys.append(ys[-1] if ys else 0)
            axes.step(xs, ys, where="post", color=colours(dim % 10), label=f"b_{dim}")
        axes.set(xlabel="filtration value", ylabel="Betti number")
    axes.set_title(title or f"{len(bars)} bars")
    if bars:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    save_picture(figure, path)


#: the largest prime gudhi's persistent cohomology takes as a coefficient field
GUDHI_MAX_FIELD = 46337


def _gudhi_bars(entries: list[tuple[tuple[Hashable, ...], Value]], max_dim: int, field: int) -> list[Bar]:
    """The barcode over Z/p by gudhi's compiled reduction, fed the exact order of the filtration values.

    The distinct values are sorted once, exactly, and each simplex enters gudhi at the *rank* of its
    value (an integer, exact in a double). The persistence diagram depends only on the order of
    the values, so gudhi's intervals, read back through the ranks, are the exact barcode (bars of
    length 0 are dropped, as by :func:`persistence`).
    """
    import gudhi

    values = sorted({v for _, v in entries})
    rank = {v: r for r, v in enumerate(values)}
    ids: dict[Hashable, int] = {}
    tree = gudhi.SimplexTree()
    for simplex, value in entries:          # faces first: each keeps its own (earlier or equal) value
        tree.insert([ids.setdefault(v, len(ids)) for v in simplex], filtration=float(rank[value]))
    tree.compute_persistence(homology_coeff_field=field, min_persistence=0, persistence_dim_max=True)
    bars = []
    for dim in range(max_dim + 1):
        for birth, death in tree.persistence_intervals_in_dimension(dim):
            bars.append(Bar(dim, values[int(birth)], None if death == float("inf") else values[int(death)]))
    return sorted(bars, key=lambda b: (b.dim, b.birth, b.death is None, b.death or 0))


def persistence(filtration: Filtration, max_dim: int | None = None, field: int = 0,
                engine: str = "auto") -> list[Bar]:
    """The barcode of a filtration over Q (``field = 0``) or Z/p (``field = p`` prime), dimensions ``<= max_dim``.

    ``max_dim`` defaults to one less than the top dimension present (whose homology the
    ``(max_dim + 1)``-skeleton cannot see). Bars are sorted by dimension, birth and death.

    ``engine``: ``"gudhi"`` reduces over Z/p with gudhi's compiled code, fed the exact order of the
    values (:func:`_gudhi_bars`); ``"exact"`` is this module's reduction (over Q or Z/p, the check
    of the other); ``"auto"`` takes gudhi for Z/p with ``p <= 46337`` when it is installed.

    Parameters
    ----------
    filtration
        Simplices with exact values.
    max_dim
        The largest homology degree.
    field
        0 for Q, or a prime ``p``.
    engine
        ``"auto"``, ``"gudhi"`` or ``"exact"``.

    Returns
    -------
    list of Bar
        The barcode.

    Notes
    -----
    The standard column reduction: ``O(m^3)`` field operations in the worst case for ``m``
    simplices, far fewer on Vietoris-Rips filtrations in practice. Over Z/p with gudhi the
    reduction runs in gudhi's compiled code, fed the exact order of the filtration values.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).

    Examples
    --------
    >>> bars = rips_filtration([[0, 0], [4, 0], [0, 3], [4, 3]], 1)
    >>> persistence(bars, 1, field=2, engine="gudhi") == persistence(bars, 1, field=2, engine="exact")
    True
    """
    if field != 0 and not _is_prime(field):
        raise ShapeError(f"field: {field} is neither 0 (the rationals) nor a prime")
    if engine not in ("auto", "exact", "gudhi"):
        raise ShapeError(f"engine: {engine!r} is not one of auto, exact, gudhi")
    entries = _checked(filtration)
    top = max((len(s) - 1 for s, _ in entries), default=0)
    if max_dim is None:
        max_dim = max(top - 1, 0)
    max_dim = min(max_dim, top)           # no homology above the top dimension present
    entries = [(s, v) for s, v in entries if len(s) - 1 <= max_dim + 1]
    if engine != "exact" and field != 0:
        try:
            import gudhi  # noqa: F401
        except ImportError:
            if engine == "gudhi":
                raise ShapeError("engine: gudhi is not installed (pip install gudhi)") from None
        else:
            if field <= GUDHI_MAX_FIELD:
                return _gudhi_bars(entries, max_dim, field)
            if engine == "gudhi":
                raise ShapeError(f"engine: gudhi takes primes up to {GUDHI_MAX_FIELD}, not {field}")
    elif engine == "gudhi":
        raise ShapeError("engine: gudhi computes over Z/p only (give a prime field)")
    index = {s: i for i, (s, _) in enumerate(entries)}

    def coefficient(value: int) -> Any:
        return Fraction(value) if field == 0 else value % field

    def divide(a: Any, b: Any) -> Any:
        return a / b if field == 0 else a * pow(b, field - 2, field) % field

    # persistent cohomology (de Silva, Morozov and Vejdemo-Johansson: the same pairs as homology), one
    # dimension at a time from the bottom, with clearing: the coboundary column of each k-simplex, from
    # the last to the first, reduced until its earliest coface is no other column's pivot. A k-simplex
    # that died in dimension k - 1 (the pivot of a pair there) has a column that reduces to zero: skipped.
    # Rips-type filtrations have far fewer edges than triangles: the triangles are never columns.
    cofaces: list[dict[int, Any]] = [{} for _ in entries]
    for j, (simplex, _) in enumerate(entries):
        if len(simplex) > 1:
            for m in range(len(simplex)):
                cofaces[index[simplex[:m] + simplex[m + 1:]]][j] = coefficient((-1) ** m)
    by_dim: dict[int, list[int]] = {}
    for j, (simplex, _) in enumerate(entries):
        by_dim.setdefault(len(simplex) - 1, []).append(j)
    pivot_owner: dict[int, int] = {}             # earliest coface -> the simplex whose column it is
    columns: dict[int, dict[int, Any]] = {}      # the reduced non-zero columns
    pairs: dict[int, int] = {}                   # birth simplex -> death simplex
    for k in range(max_dim + 1):
        for j in reversed(by_dim.get(k, [])):
            if j in pivot_owner:                 # cleared: j killed a (k-1)-class
                continue
            column = dict(cofaces[j])
            while column:
                low = min(column)
                if low not in pivot_owner:
                    break
                other = columns[pivot_owner[low]]
                factor = divide(column[low], other[low])
                for row, c in other.items():
                    updated = column.get(row, 0) - factor * c
                    if field != 0:
                        updated %= field
                    if updated:
                        column[row] = updated
                    else:
                        column.pop(row, None)
            if column:
                low = min(column)
                pivot_owner[low] = j
                columns[j] = column
                pairs[j] = low
    bars: list[Bar] = []
    for birth, death in pairs.items():
        if entries[birth][1] != entries[death][1]:
            bars.append(Bar(len(entries[birth][0]) - 1, entries[birth][1], entries[death][1]))
    for i, (simplex, value) in enumerate(entries):   # essential: neither born into a pair nor a death
        if i not in pairs and i not in pivot_owner and len(simplex) - 1 <= max_dim:
            bars.append(Bar(len(simplex) - 1, value, None))
    return sorted(bars, key=lambda b: (b.dim, b.birth, b.death is None, b.death or 0))


def rips_persistence(points: Sequence[Sequence[object]], max_dim: int, field: int = 0, max_value: object | None = None,
                     engine: str = "auto") -> list[Bar]:
    """The Vietoris-Rips barcode of exact points: :func:`persistence` of :func:`rips_filtration`, faster over Z/p.

    Over Z/p with gudhi (``engine`` ``"auto"`` or ``"gudhi"``), the squared distances are computed and
    sorted exactly once, and gudhi builds the Rips complex and reduces it on their *ranks* (a
    distance matrix of integers): the order of the values is all the barcode depends on, so
    reading gudhi's intervals back through the ranks gives the exact barcode, at gudhi's speed.
    Otherwise (over Q, or ``engine="exact"``) it is ``persistence(rips_filtration(...))``.

    Parameters
    ----------
    points
        Rational points.
    max_dim
        The largest homology degree.
    field
        0 for Q, or a prime.
    max_value
        Leave out simplices above this squared distance.
    engine
        ``"auto"``, ``"gudhi"`` or ``"exact"``.

    Returns
    -------
    list of Bar
        The exact barcode (values are squared distances).

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).

    Examples
    --------
    >>> square = [[0, 0], [4, 0], [0, 3], [4, 3]]
    >>> rips_persistence(square, 1, field=2) == persistence(rips_filtration(square, 1), 1, field=2, engine="exact")
    True
    """
    if field == 0 or engine == "exact" or field > GUDHI_MAX_FIELD:
        return persistence(rips_filtration(points, max_dim, max_value), max_dim, field, engine)
    if not _is_prime(field):
        raise ShapeError(f"field: {field} is neither 0 (the rationals) nor a prime")
    try:
        import gudhi
    except ImportError:
        if engine == "gudhi":
            raise ShapeError("engine: gudhi is not installed (pip install gudhi)") from None
        return persistence(rips_filtration(points, max_dim, max_value), max_dim, field, "exact")
    n, ranks, values, top = _ranked_distances(points, max_dim, max_value)
    matrix = [[float(r) for r in row] for row in ranks]      # integer ranks: exact in a double (< 2^53)
    tree = gudhi.RipsComplex(distance_matrix=matrix, max_edge_length=float(top)).create_simplex_tree(
        max_dimension=min(max_dim + 1, max(n - 1, 0)))
    tree.compute_persistence(homology_coeff_field=field, min_persistence=0, persistence_dim_max=True)
    bars = [Bar(dim, values[int(birth)], None if death == float("inf") else values[int(death)])
            for dim in range(max_dim + 1) for birth, death in tree.persistence_intervals_in_dimension(dim)]
    return sorted(bars, key=lambda b: (b.dim, b.birth, b.death is None, b.death or 0))


def betti_at(bars: Sequence[Bar], t: object, dim: int) -> int:
    """The number of ``dim``-bars alive at ``t`` (the Betti number of the complex at scale ``t``).

    Parameters
    ----------
    bars
        A barcode.
    t
        The value.
    dim
        The degree.

    Returns
    -------
    int
        The number of bars with ``birth <= t < death``.

    References
    ----------
    A. Zomorodian and G. Carlsson, "Computing persistent homology", Discrete Comput. Geom. 33 (2005).

    Examples
    --------
    >>> betti_at(persistence(lower_star_filtration([(0, 1), (1, 2)], {0: 0, 1: 2, 2: 1}), 0), 1, 0)
    2

    >>> bars = persistence(rips_filtration([[0], [3]], 0), 0)
    >>> betti_at(bars, 8, 0), betti_at(bars, 9, 0)                  # two points until they join at 9
    (2, 1)
    """
    value = t if isinstance(t, RootSum) else to_rational(t, "t")
    return sum(1 for b in bars if b.dim == dim and b.alive(value))

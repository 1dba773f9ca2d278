"""Decompositions of data under a network (``000`` Def. 2.1-2.3, ``001`` eq. 4), decided exactly.

- codeword (local) decomposition at layer ``l``: data grouped by the bits of layer ``l``;
- polyhedral (global) decomposition up to layer ``l``: grouped by all bits of layers ``1..l``;
- rank decomposition: the rank of the local map ``Phi^l_J`` and the codeword size ``|J_l|``;
- overlap decomposition (``000`` Algorithm 1): for populated regions ``P_i != P_j`` and data
  points ``y`` in ``P_i``, is there ``x`` in ``P_j`` with ``Phi^l(x) = Phi^l(y)``, ``x`` strictly
  outside every closed region containing ``y``? (If one region holds both, the gluing is the
  rank source, not an overlap.) Every such gluing keeps its exact pair ``(y, x)``.
  ``classes`` follows Algorithm 1 literally: per pair of regions, the data points whose
  image lies in the other region's image (a feasible LP, eq. 6), from both sides, merged by
  union-find; this is coarse (it merges points whose images differ) and, like eq. (5),
  includes boundary points whose image is shared only with themselves.
  ``data_classes`` merges only data points whose images are equal and that lie in no common
  closed region.

Each data point is placed in one full-dimensional region containing it (its pattern, or
on a boundary the first of :meth:`exact.network.Network.patterns_at`).

Examples
--------
>>> from exact import Network
>>> fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)   # |x|
>>> result = overlap_decomposition(fold, [[-2], [-1], [1], [3]])
>>> [(g.point, g.partner) for g in result.gluings]      # each point and its partner across the fold
[(0, (Fraction(2, 1),)), (1, (Fraction(1, 1),)), (2, (Fraction(-1, 1),)), (3, (Fraction(-3, 1),))]
>>> result.classes          # Algorithm 1 merges the glued points of a pair of regions
[[0, 1, 2, 3]]
>>> result.data_classes     # only data points with equal images: -1 and 1
[[1, 2]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import networkx as nx

from exact import linalg
from exact.display import check_picture_path, save_picture
from exact.errors import DomainError, FormatError, ShapeError
from exact.network import AffineMap, Network, Pattern
from exact.numbers import Vector, to_vector
from exact.polyhedron import Polyhedron
from homology.chains import HomologyGroup
from homology.constructions import vietoris_rips
from tropical.plot import plot_regions
from tropical.regions import Region

__all__ = ["assign_regions", "regions_containing", "codeword_decomposition", "polyhedral_decomposition",
           "rank_decomposition", "Gluing", "OverlapResult", "overlap_decomposition", "quotient_homology",
           "false_negative_rate", "plot_overlap"]


def _prefix_pattern(net: Network, pattern: Pattern, layer: int) -> Pattern:
    return tuple(g for l, g in zip(net.relu_layers, pattern) if l <= layer)


def regions_containing(net: Network, x: Vector, layer: int) -> list[Pattern]:
    """The patterns (ReLU layers up to ``layer``) of every full-dimensional region containing ``x``.

    One pattern unless ``x`` lies on a boundary, where the network's first ``layer`` layers decide.

    Parameters
    ----------
    net
        The network.
    x
        A point.
    layer
        The layer ``l``.

    Returns
    -------
    list of Pattern
        All of them (several when ``x`` lies on a boundary).

    References
    ----------
    ``000`` Def. 2.2 (the polyhedral decomposition supported on the data).

    Examples
    --------
    >>> from fractions import Fraction
    >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> regions_containing(net, (Fraction(0),), 2), regions_containing(net, (Fraction(1),), 2)
    ([((0,),), ((1,),)], [((1,),)])
    """
    pre = net.preactivations(x)
    if all(v != 0 for l in net.relu_layers if l <= layer for v in pre[l - 1]):
        return [_prefix_pattern(net, net.pattern(x), layer)]
    prefix_net = net if layer == net.depth else Network(
        net.input_dim, list(net.layers[:layer]), [s for s in net.skips if s.target <= layer],
        output_relu=layer in net.relu_layers)
    return prefix_net.patterns_at(x)


def assign_regions(net: Network, points: Sequence[Vector], layer: int) -> list[Pattern]:
    """The pattern (ReLU layers up to ``layer``) of one full-dimensional region containing each point.

    Parameters
    ----------
    net
        The network.
    points
        Data points.
    layer
        The layer ``l``.

    Returns
    -------
    list of Pattern
        One per point (a point on a boundary gets one of its regions, chosen canonically).

    References
    ----------
    ``000`` Def. 2.2 (the polyhedral decomposition supported on the data).

    Examples
    --------
    >>> from exact import Network
    >>> assign_regions(Network(1, [([[1]], [0]), ([[1]], [0])]), [(-1,), (2,)], 1)
    [((0,),), ((1,),)]
    """
    return [regions_containing(net, x, layer)[0] for x in points]


def codeword_decomposition(net: Network, points: Iterable[Iterable[object]], layer: int | None = None
                           ) -> dict[tuple[int, ...], list[int]]:
    """Data indices grouped by the codeword of layer ``layer`` alone (``000`` Def. 2.1).

    Parameters
    ----------
    net
        The network.
    points
        Data points.
    layer
        The layer (the last ReLU layer by default).

    Returns
    -------
    dict of codeword to list of int
        The data indices of each codeword.

    References
    ----------
    ``000`` Def. 2.1.

    Examples
    --------
    >>> net = Network(1, [([[1], [-1]], [0, -1]), ([[1, 1]], [0])])   # z = (x, -x - 1)
    >>> codeword_decomposition(net, [[-2], ["-1/2"], [3]])
    {(0, 1): [0], (0, 0): [1], (1, 0): [2]}
    """
    last = layer if layer is not None else net.relu_layers[-1]
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    groups: dict[tuple[int, ...], list[int]] = {}
    position = list(net.relu_layers).index(last)
    for i, pattern in enumerate(assign_regions(net, pts, last)):
        groups.setdefault(pattern[position], []).append(i)
    return groups


def polyhedral_decomposition(net: Network, points: Iterable[Iterable[object]], layer: int | None = None
                             ) -> dict[Pattern, list[int]]:
    """Data indices grouped by the codewords of all layers up to ``layer`` (``000`` Def. 2.2).

    Parameters
    ----------
    net
        The network.
    points
        Data points.
    layer
        The layer (the last ReLU layer by default).

    Returns
    -------
    dict of Pattern to list of int
        The data indices of each populated region.

    References
    ----------
    ``000`` Def. 2.2.

    Examples
    --------
    >>> net = Network(1, [([[1]], [0]), ([[1]], [-1]), ([[1]], [0])])   # relu(relu(x) - 1)
    >>> polyhedral_decomposition(net, [[-1], ["1/2"], [2]])
    {((0,), (0,)): [0], ((1,), (0,)): [1], ((1,), (1,)): [2]}
    """
    last = layer if layer is not None else net.depth
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    groups: dict[Pattern, list[int]] = {}
    for i, pattern in enumerate(assign_regions(net, pts, last)):
        groups.setdefault(pattern, []).append(i)
    return groups


def rank_decomposition(net: Network, points: Iterable[Iterable[object]], layer: int | None = None
                       ) -> list[tuple[int, int]]:
    """For each point: (rank of ``Phi^l_J`` on its region, codeword size ``|J_l|``) (``001`` eq. 4).

    Parameters
    ----------
    net
        The network.
    points
        Data points.
    layer
        The layer (the last ReLU layer by default).

    Returns
    -------
    list of (int, int)
        Per point, the rank and the codeword size.

    References
    ----------
    ``001`` eqs. (2)-(4).

    Examples
    --------
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0])], output_relu=True)   # relu(x), relu(y)
    >>> rank_decomposition(net, [[1, 1], [1, -1], [-1, -1]])
    [(2, 2), (1, 1), (0, 0)]
    """
    last = layer if layer is not None else net.depth
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    result = []
    for pattern in assign_regions(net, pts, last):
        size = sum(pattern[-1]) if last in net.relu_layers else net.widths[last]
        result.append((net.local_affine_map(pattern, last).rank, size))
    return result


@dataclass(frozen=True)
class Gluing:
    """A gluing: data point ``point`` (region ``source``) and ``partner`` (region ``target``).

    Both have the same image, and ``partner`` is strictly outside every closed region
    containing the data point.

    See Also
    --------
    overlap_decomposition : finds them.

    References
    ----------
    ``000`` Def. 2.3 and Algorithm 1, eqs. (5)-(6).
    """

    point: int
    source: Pattern
    target: Pattern
    partner: Vector


@dataclass
class OverlapResult:
    """The overlap decomposition: gluings with their evidence, classes of data indices, and what was pruned.

    See Also
    --------
    overlap_decomposition : gives it.

    References
    ----------
    ``000`` Def. 2.3 and Algorithm 1, eqs. (5)-(6).
    """

    gluings: list[Gluing]
    classes: list[list[int]]
    #: the data decomposition (``000`` Def. 2.2): data indices by the pattern of their region
    regions: dict[Pattern, list[int]]
    #: the populated regions themselves (lazy: interior point, inequalities, map, image on first use)
    cells: dict[Pattern, Region] = field(default_factory=dict)
    pairs_checked: int = 0
    pairs_pruned_by_delta: int = 0
    lps: int = 0
    #: membership tests ``Phi(y) in Phi(P_J)`` decided by exact matrix products (maps with a kernel of dimension
    #: 0 or 1: a point or a line of solutions), not LPs
    products: int = 0
    delta: Fraction | None = field(default=None)
    data_classes: list[list[int]] = field(default_factory=list)
    #: Algorithm 1's sets ``B_y``: for each ordered pair (source, target) of populated regions,
    #: the data points of ``source`` whose image lies in the image of ``target`` (eq. 6 feasible)
    image_in: dict[tuple[Pattern, Pattern], list[int]] = field(default_factory=dict)


def false_negative_rate(truth: Sequence[Iterable[int]], found: Sequence[Iterable[int]]) -> Fraction:
    """``000`` D.5: ``1 - sum_U max_V |U cap V| / sum_U |U|`` over true classes ``U`` and found classes ``V``.

    Zero exactly when every true class lies inside one found class; points in no found class
    count as their own classes.

    Parameters
    ----------
    truth
        The true classes.
    found
        The classes found.

    Returns
    -------
    Fraction
        The rate, exactly.

    References
    ----------
    ``000`` appendix D.5.

    Examples
    --------
    >>> false_negative_rate([[0, 1, 2, 3], [4, 5]], [[0, 1], [2, 3], [4, 5]])
    Fraction(1, 3)

    >>> false_negative_rate([[0, 1, 2, 3]], [[0, 1], [2, 3]]), false_negative_rate([[0, 1]], [[0, 1, 5]])
    (Fraction(1, 2), Fraction(0, 1))
    """
    found_sets = [set(v) for v in found]
    total, kept = 0, 0
    for members in truth:
        u = set(members)
        total += len(u)
        kept += max((len(u & v) for v in found_sets), default=0) or min(len(u), 1)
    return Fraction(0) if total == 0 else 1 - Fraction(kept, total)


class _Fibre:
    """``Phi_J(x) = v`` on a region whose map has nullity 0 or 1: ``v in Phi(P_J)`` without an LP, in flint.

    The solutions of ``W x = v - c`` are ``x0 + t nu`` (``nu`` spanning the kernel; no ``t`` when the
    map is injective), with ``x0`` the exact solution of ``[W; nu^T] x = [v - c; 0]`` (a matrix of full
    column rank, so its pseudo-inverse gives it when ``W x = v - c`` is solvable at all, which is then
    checked). On a line, each inequality ``a . x <= b`` of the region bounds ``t`` on one side (or holds
    or fails outright when ``a . nu = 0``): the fibre meets the region iff the bounds leave an interval.
    ``None`` from :meth:`build` for a larger kernel or a region with equations (an LP decides then).
    """

    def __init__(self, pinv: flint.fmpq_mat, weight: flint.fmpq_mat, bias: flint.fmpq_mat, A: flint.fmpq_mat,
                 b: flint.fmpq_mat, slopes: list[Any] | None, kernel: list[Any]):
        self.pinv, self.weight, self.bias, self.A, self.b, self.slopes = pinv, weight, bias, A, b, slopes
        self.kernel = kernel
        # the rows one by one; for a point of solutions, the last row that excluded a point goes first
        self.rows = [(A.table()[i], b[i, 0]) for i in range(A.nrows())]
        self.line = [(row, bound, slope) for (row, bound), slope in zip(self.rows, slopes or [])]

    @staticmethod
    def build(amap: AffineMap, region: Polyhedron) -> _Fibre | None:
        n = region.dim
        if not amap.weight or region.E:
            return None
        kernel = linalg.nullspace(amap.weight, n)
        if len(kernel) > 1:
            return None
        W = linalg.to_fmpq_mat(amap.weight, n)
        M = linalg.to_fmpq_mat(list(amap.weight) + list(kernel), n)
        pinv = (M.transpose() * M).inv() * M.transpose()
        A = linalg.to_fmpq_mat(region.A, n) if region.A else flint.fmpq_mat(0, n)
        direction = linalg.to_fmpq_mat([[v] for v in kernel[0]], 1) if kernel else None
        slopes = (A * direction).entries() if direction is not None else None
        return _Fibre(pinv, W, linalg.to_fmpq_mat([[v] for v in amap.bias], 1), A,
                      linalg.to_fmpq_mat([[v] for v in region.b], 1), slopes,
                      direction.entries() if direction is not None else [])

    def _solve(self, value: Vector) -> list[Any] | None:
        """``x0`` (the point of solutions, or the one on the line orthogonal to the kernel), or None."""
        v = linalg.to_fmpq_mat([[x] for x in value], 1) - self.bias
        rhs = v if self.slopes is None else flint.fmpq_mat(v.nrows() + 1, 1, v.entries() + [0])
        x = self.pinv * rhs
        return x.entries() if self.weight * x == v else None

    @staticmethod
    def _interval(rows: list[tuple[list[Any], Any, Any]], x0: list[Any]) -> tuple[Any, Any] | list[int]:
        """``{t : a . (x0 + t nu) <= b}`` over rows ``(a, b, a . nu)`` as ``(low, high)`` (None: unbounded).

        When it is empty: the positions of the rows that show it (one, or a lower and an upper bound).
        """
        low = high = None
        low_at = high_at = -1
        for k, (row, bound, slope) in enumerate(rows):
            room = bound - sum((a * v for a, v in zip(row, x0)), flint.fmpq(0))
            if slope == 0:
                if room < 0:
                    return [k]
                continue
            t = room / slope
            if slope > 0:
                if high is None or t < high:
                    high, high_at = t, k
            elif low is None or t > low:
                low, low_at = t, k
            if low is not None and high is not None and low > high:
                return [low_at, high_at]
        return low, high

    def contains(self, value: Vector) -> bool:
        x = self._solve(value)
        if x is None:
            return False
        if self.slopes is None:
            for k, (row, bound) in enumerate(self.rows):
                if sum((a * v for a, v in zip(row, x)), flint.fmpq(0)) > bound:
                    if k:
                        self.rows.insert(0, self.rows.pop(k))
                    return False
            return True
        found = self._interval(self.line, x)
        if isinstance(found, list):      # the rows that showed the fibre misses the region go first
            first = [self.line[k] for k in found]
            for k in sorted(set(found), reverse=True):
                del self.line[k]
            self.line[:0] = first
            return False
        return True

    def partner(self, value: Vector, containing: Sequence[Polyhedron]) -> Vector | None:
        """A point of the region with image ``value`` strictly outside every polyhedron of ``containing``.

        On a line the regions cut closed intervals of ``t``; their complement in the region's interval
        is a union of intervals whose endpoints are among all the intervals' ends, so one of those ends
        or a midpoint between two consecutive ones (or a step beyond the last) is in it if anything is.
        """
        x = self._solve(value)
        if x is None:
            return None
        n = len(x)

        def outside(point: list[Any]) -> bool:
            return all(any(sum((flint.fmpq(a.numerator, a.denominator) * v for a, v in zip(row, point)),
                               flint.fmpq(0)) > flint.fmpq(b.numerator, b.denominator) for row, b in zip(r.A, r.b))
                       for r in containing)

        def fractions(point: list[Any]) -> Vector:
            return tuple(Fraction(int(v.p), int(v.q)) for v in point)

        if self.slopes is None:
            return fractions(x) if outside(x) else None
        interval = self._interval(self.line, x)
        if isinstance(interval, list):
            return None
        ends = {t for t in interval if t is not None}
        for r in containing:
            rows = []
            for row, b in zip(r.A, r.b):
                a = [flint.fmpq(v.numerator, v.denominator) for v in row]
                rows.append((a, flint.fmpq(b.numerator, b.denominator),
                             sum((u * v for u, v in zip(a, self.kernel)), flint.fmpq(0))))
            cut = self._interval(rows, x)
            if not isinstance(cut, list):
                ends.update(t for t in cut if t is not None)
        low, high = interval
        ordered = sorted(ends)
        candidates = ordered + [(a + b) / 2 for a, b in zip(ordered, ordered[1:])]
        candidates += [ordered[0] - 1, ordered[-1] + 1] if ordered else [flint.fmpq(0)]
        for t in candidates:
            if (low is not None and t < low) or (high is not None and t > high):
                continue
            point = [x[k] + t * self.kernel[k] for k in range(n)]
            if outside(point):
                return fractions(point)
        return None


def _linf_distance_exceeds(p: Polyhedron, q: Polyhedron, delta: Fraction) -> bool:
    """Whether the L-infinity distance between two polyhedra exceeds ``delta`` (one exact LP)."""
    n = p.dim
    # variables (x, y): x in p, y in q, |x_k - y_k| <= delta
    A: list[list[Fraction]] = [list(a) + [Fraction(0)] * n for a in p.A] + [[Fraction(0)] * n + list(a) for a in q.A]
    b = list(p.b) + list(q.b)
    for k in range(n):
        row = [Fraction(0)] * (2 * n)
        row[k], row[n + k] = Fraction(1), Fraction(-1)
        A.append(row)
        b.append(delta)
        A.append([-v for v in row])
        b.append(delta)
    return Polyhedron(2 * n, A, b).is_empty()


def overlap_decomposition(net: Network, points: Iterable[Iterable[object]], layer: int | None = None,
                          domain: Polyhedron | None = None, delta: object | None = None,
                          progress: Callable[[int], None] | None = None) -> OverlapResult:
    """``000`` Algorithm 1 with every LP exact (see the module docstring).

    Parameters
    ----------
    layer
        The layer ``l`` of ``Phi^l`` (the network's output by default).
    domain
        Restrict the regions to a polyhedron (where the data may live).
    delta
        Optional speed knob: skip pairs of regions farther apart than ``delta`` in the
        L-infinity distance (decided exactly). Pruned pairs are counted in the result:
        gluings between them are not looked for.
    progress
        Called with 1 after each ordered pair of populated regions.

    Returns
    -------
    OverlapResult
        The gluings (each with its exact partner), the classes of data indices, and what was pruned.

    See Also
    --------
    quotient_homology : the homology of the data glued by these classes.
    plot_overlap : a picture.

    Notes
    -----
    One test per data point ``y`` and populated region ``P_j`` not containing it: ``O(|D| R)`` tests
    for ``R`` populated regions. A test is an exact matrix product where the map of ``P_j`` is
    injective, an exact LP (``000`` eq. (6)) otherwise; with ``delta`` the pairs of regions farther
    apart are skipped, which saves LPs and may miss gluings.

    References
    ----------
    ``000`` Algorithm 1, eqs. (5)-(6).
    """
    last = layer if layer is not None else net.depth
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    cutoff = Fraction(to_vector([delta], "delta")[0]) if delta is not None else None
    if cutoff is not None and cutoff < 0:
        raise DomainError(f"delta: {cutoff} must be nonnegative (a distance)")
    patterns = assign_regions(net, pts, last)
    regions: dict[Pattern, list[int]] = {}
    for i, pattern in enumerate(patterns):
        regions.setdefault(pattern, []).append(i)
    cells = {pattern: Region(net, pattern, layers=last, domain=domain) for pattern in regions}
    polys = {pattern: cell.polyhedron() for pattern, cell in cells.items()}
    maps: dict[Pattern, AffineMap] = {pattern: cell.affine_map for pattern, cell in cells.items()}
    containing: dict[int, list[Polyhedron]] = {}
    for i, x in enumerate(pts):  # every closed region holding the point (several only on boundaries)
        containing[i] = [polys[p] if p in polys else Region(net, p, layers=last, domain=domain).polyhedron()
                         for p in regions_containing(net, x, last)]
    result = OverlapResult([], [], regions, cells=cells, delta=cutoff)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(pts)))
    members = result.image_in
    values = [net.forward(x).post[last] for x in pts]
    fibres: dict[Pattern, _Fibre | None] = {}
    for source, target in itertools.permutations(regions, 2):
        if progress is not None:
            progress(1)
        if cutoff is not None and _linf_distance_exceeds(polys[source], polys[target], cutoff):
            result.pairs_pruned_by_delta += 1
            continue
        result.pairs_checked += 1
        glued_here = []  # Algorithm 1's B_y: Phi(y) in Phi(P_target), whatever the source of the gluing
        amap = maps[target]
        if target not in fibres:
            fibres[target] = _Fibre.build(amap, polys[target])
        for i in regions[source]:
            value = values[i]
            fast = fibres[target]
            if fast is not None:
                result.products += 1
                if not fast.contains(value):
                    continue
            if fast is None:
                fibre = polys[target].intersection(Polyhedron(net.input_dim, E=amap.weight,
                                                              f=[v - c for v, c in zip(value, amap.bias)]))
                result.lps += 1
                if fibre.is_empty():
                    continue
            glued_here.append(i)
            members.setdefault((source, target), []).append(i)
            if fast is not None:
                partner = fast.partner(value, containing[i])
            else:
                partner = _outside_all(fibre, containing[i])
                result.lps += 1
            if partner is not None:
                result.gluings.append(Gluing(i, source, target, partner))
        if glued_here:
            back = members.get((target, source), [])
            for a, b in itertools.product(glued_here, back or glued_here[:1]):
                graph.add_edge(a, b)
            for a, b in zip(glued_here, glued_here[1:]):
                graph.add_edge(a, b)
    result.classes = sorted(sorted(c) for c in nx.connected_components(graph) if len(c) > 1)
    exact = nx.Graph()
    exact.add_nodes_from(range(len(pts)))
    images: dict[Vector, list[int]] = {}
    for i, value in enumerate(values):
        images.setdefault(value, []).append(i)
    for same in images.values():
        for a, b in itertools.combinations(same, 2):
            if not any(r.contains(pts[b]) for r in containing[a]):
                exact.add_edge(a, b)
    result.data_classes = sorted(sorted(c) for c in nx.connected_components(exact) if len(c) > 1)
    return result


def _outside_all(fibre: Polyhedron, regions: Sequence[Polyhedron]) -> Vector | None:
    """A point of ``fibre`` strictly outside every polyhedron in ``regions`` (one violated row each), or None."""
    choices = [list(zip(r.A, r.b)) for r in regions]
    for combo in itertools.product(*choices):
        # maximise t with a . x >= b + t for each chosen row, x in the fibre, t <= 1
        n = fibre.dim
        A = [list(a) + [Fraction(0)] for a in fibre.A] + [[-v for v in a] + [Fraction(1)] for a, _ in combo]
        b = list(fibre.b) + [-bb for _, bb in combo]
        A.append([Fraction(0)] * n + [Fraction(1)])
        b.append(Fraction(1))
        E = [list(e) + [Fraction(0)] for e in fibre.E]
        lifted = Polyhedron(n + 1, A, b, E, fibre.f)
        best = lifted.maximize([0] * n + [1], certify=False)
        if best.status == "optimal" and best.value is not None and best.value > 0 and best.point is not None:
            return tuple(best.point[:n])
    return None


def quotient_homology(net: Network, points: Iterable[Iterable[object]], eps: object, max_dim: int = 2,
                      layer: int | None = None, classes: str = "paper", construction: str = "cone"
                      ) -> tuple[list[HomologyGroup], OverlapResult]:
    """``H_k(M / O)`` of data (``000`` section 3.2).

    A Vietoris-Rips complex at ``eps`` on the data, quotiented by the overlap classes
    (``classes="paper"``: Algorithm 1's; ``"data"``: equal images): ``construction="cone"``
    adds a cone over each class (the paper's A.5.1), ``"identify"`` identifies the vertices of
    each class and maps every simplex (:meth:`SimplicialComplex.identified`).

    Returns the homology groups and the overlap result they came from.

    Parameters
    ----------
    net
        The network.
    points
        Data points.
    eps
        The Vietoris-Rips scale.
    max_dim
        The largest homology degree.
    layer
        The layer of ``Phi^l`` (the output by default).
    classes
        ``"paper"`` or ``"data"``.
    construction
        ``"cone"`` or ``"identify"``.

    Returns
    -------
    (list of HomologyGroup, OverlapResult)
        ``H_0..H_max_dim`` over Z and the overlap result.

    References
    ----------
    ``000`` A.5.1 and Theorem 3.2.

    Examples
    --------
    >>> from exact import Network
    >>> fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)   # |x|
    >>> line = [[k] for k in range(-3, 4)]        # -3..3 at unit spacing: a path, contractible
    >>> groups, overlap = quotient_homology(fold, line, 1)
    >>> [str(h) for h in groups], overlap.classes           # Algorithm 1: one class, coned off
    (['Z', '0', '0'], [[0, 1, 2, 3, 4, 5, 6]])
    >>> groups, overlap = quotient_homology(fold, line, 1, classes="data")
    >>> [str(h) for h in groups], overlap.data_classes      # pairs coned separately: edges stay apart
    (['Z', 'Z^3'], [[0, 6], [1, 5], [2, 4]])
    >>> groups, _ = quotient_homology(fold, line, 1, classes="data", construction="identify")
    >>> [str(h) for h in groups]                            # identified: the path folds onto 0..3
    ['Z', '0']

    Phi([-3, 3]) = [0, 3] is contractible: the coarse classes of Algorithm 1 get it right here,
    while coning each pair ``{x, -x}`` alone identifies vertices but not the edges between them.
    """
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    overlap = overlap_decomposition(net, pts, layer)
    if classes not in ("paper", "data"):
        raise FormatError(f"classes: {classes!r} is not 'paper' or 'data'")
    if construction not in ("cone", "identify"):
        raise FormatError(f"construction: {construction!r} is not 'cone' or 'identify'")
    chosen = overlap.classes if classes == "paper" else overlap.data_classes
    rips = vietoris_rips(pts, eps, max_dim)
    complex_ = rips.with_cones(chosen) if construction == "cone" else rips.identified(chosen)
    return list(complex_.homology()), overlap


def plot_overlap(net: Network, points: Iterable[Iterable[object]], result: OverlapResult, path: str | None = None,
                 lower: Sequence[object] | None = None, upper: Sequence[object] | None = None,
                 classes: str = "paper", ax: Any = None) -> dict[str, Any]:
    """The overlap decomposition of 2-D data on the network's regions (``000`` Algorithm 1).

    Points are coloured by overlap class (grey: in no class); each gluing is drawn as a dashed
    segment from its data point to its exact partner (a cross), the point of another region with
    the same image. ``classes="data"`` colours by the classes of equal images instead. The box
    defaults to one holding every point and partner.

    Parameters
    ----------
    net
        A network with 2-D input.
    points
        The data.
    result
        What :func:`overlap_decomposition` gave for them.
    path
        A PNG or SVG to write, or ``None``.
    lower, upper
        The drawing box.
    classes
        ``"paper"`` or ``"data"``.
    ax
        Matplotlib axes to draw into.

    Returns
    -------
    dict
        ``{"figure", "axes", "classes": number of classes drawn}``.

    References
    ----------
    ``000`` Def. 2.3 and Algorithm 1, eqs. (5)-(6).

    Examples
    --------
    >>> fold = Network(2, [([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])        # |x1|
    >>> data = [[-1, 0], [1, 1], [2, 0]]
    >>> info = plot_overlap(fold, data, overlap_decomposition(fold, data))
    >>> info["classes"], len(info["axes"].lines)                                # one class; one segment per gluing
    (1, 3)
    """
    if path is not None:
        check_picture_path(path)
    if net.input_dim != 2:
        raise ShapeError(f"plot_overlap: draws 2-D inputs, the network's is {net.input_dim}-D")
    if classes not in ("paper", "data"):
        raise FormatError(f"classes: {classes!r} is not 'paper' or 'data'")
    pts = [to_vector(p, f"points[{i}]") for i, p in enumerate(points)]
    if any(len(p) != 2 for p in pts):
        raise ShapeError("plot_overlap: every point needs two coordinates")
    if lower is None or upper is None:
        every = pts + [g.partner for g in result.gluings]
        span = [(min(p[i] for p in every), max(p[i] for p in every)) for i in range(2)]
        margin = max(Fraction(1, 2), max(hi - lo for lo, hi in span) / 10)
        lower = [lo - margin for lo, _ in span]
        upper = [hi + margin for _, hi in span]
    chosen = result.classes if classes == "paper" else result.data_classes
    info = plot_regions(net, lower, upper, ax=ax, boundary=False,
                        title=f"{len(result.gluings)} gluings, {len(chosen)} overlap classes ({classes})")
    axes = info["axes"]
    for patch in axes.patches:       # regions pale, so that the classes' colours stand out
        patch.set_alpha(0.25)
    for glue in result.gluings:
        x, y = pts[glue.point], glue.partner
        axes.plot([float(x[0]), float(y[0])], [float(x[1]), float(y[1])], "--", color="black", linewidth=0.8)
        axes.scatter([float(y[0])], [float(y[1])], marker="x", color="black", s=25, zorder=4)
    member = {i: k for k, group in enumerate(chosen) for i in group}
    from matplotlib import colormaps

    tab = colormaps["tab10"]
    colours = [tab(member[i] % 10) if i in member else (0.6, 0.6, 0.6, 1.0) for i in range(len(pts))]
    axes.scatter([float(p[0]) for p in pts], [float(p[1]) for p in pts], c=colours, s=30, edgecolors="black",
                 linewidths=0.6, zorder=5)
    if path is not None:
        save_picture(info["figure"], path)
    return {"figure": info["figure"], "axes": axes, "classes": len(chosen)}

"""Claims of ``000`` about overlaps, checked exactly (issue 5, first claims)."""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import Any

from exact.network import Network
from exact.polyhedron import Polyhedron
from homology.decompositions import overlap_decomposition
from proofs_check.generate import json_vector, layers, vector
from proofs_check.plain import cross, on_segment
from proofs_check.registry import Claim, Counterexample, Erratum, register

__all__ = ["check_single_layer_no_overlap"]


def check_single_layer_no_overlap(rng: random.Random) -> Counterexample | None:
    """``000`` Prop. B.6: a one-layer network ``ReLU(W x + b)`` glues no data point by overlap.

    Every data point's image is tested against every other populated region's image by exact LP
    (the toolkit's Algorithm 1, and independently :func:`independent_gluings`: plain regions, the
    other LP backend); a gluing needs a partner strictly outside every closed region holding the point.
    """
    from proofs_check.plain import relu_forward, strict_bits

    n0, width = rng.randint(1, 3), rng.randint(1, 5)
    net = Network(n0, layers(rng, [n0, width]), output_relu=True)
    points: list[tuple[Fraction, ...]] = []
    while len(points) < 12:      # general position: the oracle needs each point inside one region
        x = vector(rng, n0, height=4, denominator=3)
        if strict_bits(relu_forward([net.layers[0].weight], [net.layers[0].bias], x, True)[0]) is not None:
            points.append(x)
    result = overlap_decomposition(net, points)
    independent = independent_gluings(net, points)
    if result.gluings or result.data_classes or independent:
        g = result.gluings[0] if result.gluings else None
        return Counterexample("a one-layer network glued data by overlap",
                              {"point": json_vector(points[g.point]) if g else None,
                               "partner": json_vector(g.partner) if g else None,
                               "independent": sorted(map(str, independent))[:3]})
    return None


register(Claim(
    id="000.propB6.single-layer",
    source="000_d0ea49639dcff77b.txt Prop. B.6",
    statement="The overlap decomposition of a single-layer network ReLU(W x + b) is trivial: no data point has a "
              "partner with the same image outside every closed region containing it",
    check=check_single_layer_no_overlap,
    examples=20,
))


# ------------------------------------------------------------------------------ 000 Prop. C.2 (XOR)
XOR_POINTS = [(0, 0), (1, 1), (1, 0), (0, 1)]
RANK_SOLUTION = Network(2, [([[-1, 1], [1, -1]], ["-1/2", "-1/2"])], output_relu=True)
OVERLAP_SOLUTION = Network(2, [([[2, 1], [1, 2], [-2, -1], [-1, -2]], ["-1/2", "-1/2", "5/2", "5/2"]),
                               ([[1, -1, 0, 0], [0, 0, 1, -1]], [0, 0])], output_relu=True)


def glued_pairs(net: Network, points: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of data points with equal images, split into rank-glued and overlap-glued.

    Rank-glued: a common closed full-dimensional region holds both; overlap-glued: none does.
    """
    pts = [tuple(Fraction(v) for v in p) for p in points]
    regions = [[net.pattern_polyhedron(pattern) for pattern in net.patterns_at(p)] for p in pts]
    rank: list[tuple[int, int]] = []
    overlap: list[tuple[int, int]] = []
    for a in range(len(pts)):
        for b in range(a + 1, len(pts)):
            if net.evaluate(pts[a]) != net.evaluate(pts[b]):
                continue
            common = any(r.contains(pts[b]) for r in regions[a])
            (rank if common else overlap).append((a, b))
    return rank, overlap


def shared_region_rank(net: Network, p: Sequence[Any], q: Sequence[Any]) -> int | None:
    """The rank of the map on a closed region holding both points, by plain masked products; ``None`` if none.

    Theorem B.2's rank source: two points with equal images in one region of an affine map make
    that map non-injective there, so its rank is below the input dimension.
    """
    from proofs_check.plain import mask, mul
    from proofs_check.plain import rank as plain_rank

    x, y = tuple(Fraction(v) for v in p), tuple(Fraction(v) for v in q)
    for pattern in net.patterns_at(x):
        if not net.pattern_polyhedron(pattern).contains(y):
            continue
        J = [list(r) for r in net.layers[0].weight]
        groups = iter(pattern)
        for l, layer in enumerate(net.layers, start=1):
            if l > 1:
                J = mul([list(r) for r in layer.weight], J)
            if l < net.depth or net.output_relu:
                J = mask(next(groups), J)
        return plain_rank(J)
    return None


def _rank_glued_are_low_rank(net: Network, points: Sequence[Sequence[Any]],
                             pairs: Sequence[tuple[int, int]]) -> Counterexample | None:
    for a, b in pairs:
        if tuple(points[a]) == tuple(points[b]):      # the same point twice in the data: nothing to explain
            continue
        r = shared_region_rank(net, points[a], points[b])
        if r is None or r >= net.input_dim:
            return Counterexample(f"points {a} and {b} are rank-glued but "
                                  + ("share no closed region" if r is None else f"their region has rank {r}"),
                                  {"a": json_vector(points[a]), "b": json_vector(points[b])})
    return None


def _separable(net: Network) -> bool:
    """The two XOR classes are separated by the line x + y = c of the construction (exactly)."""
    zero = [sum(net.evaluate(p)) for p in XOR_POINTS[:2]]
    one = [sum(net.evaluate(p)) for p in XOR_POINTS[2:]]
    return max(zero) < min(one) and all(v == Fraction(0) for v in zero)


def check_xor(rng: random.Random) -> Counterexample | None:
    """The two constructions, and the dichotomy on random networks with f(0,0) = f(1,1)."""
    rank, overlap = glued_pairs(RANK_SOLUTION, XOR_POINTS)
    if not _separable(RANK_SOLUTION) or rank != [(0, 1)] or overlap:
        return Counterexample("the rank solution does not glue (0,0) ~ (1,1) by rank alone",
                              {"rank": rank, "overlap": overlap})
    low = _rank_glued_are_low_rank(RANK_SOLUTION, XOR_POINTS, rank)      # part 3: the shared region's rank
    if low is not None:
        return low
    # part 1's further statements: three regions, all of rank < 2, and H_0(Phi(XOR)) = Z^3
    from homology.complexes import SimplicialComplex
    from proofs_check.plain import mask
    from proofs_check.plain import rank as plain_rank
    from tropical.enumeration import regions as all_regions

    found = list(all_regions(RANK_SOLUTION))
    W = [list(r) for r in RANK_SOLUTION.layers[0].weight]
    ranks = [plain_rank(mask(r.pattern[0], W)) for r in found]
    images = {tuple(RANK_SOLUTION.evaluate(p)) for p in XOR_POINTS}
    h0 = SimplicialComplex([(v,) for v in images]).homology()[0]
    if len(found) != 3 or max(ranks) >= 2 or (h0.betti, h0.torsion) != (3, ()):
        return Counterexample("the rank solution does not have three low-rank regions and H_0 = Z^3",
                              {"regions": len(found), "ranks": ranks, "H_0": str(h0)})
    rank, overlap = glued_pairs(OVERLAP_SOLUTION, XOR_POINTS)
    if not _separable(OVERLAP_SOLUTION) or overlap != [(0, 1)] or rank:
        return Counterexample("the overlap solution does not glue (0,0) ~ (1,1) by overlap alone",
                              {"rank": rank, "overlap": overlap})
    # random small networks whose output ReLU sends (0,0) and (1,1) to the same value: the pair is
    # glued, by rank or by overlap (Theorem B.2), never by neither
    for _ in range(5):
        net = Network(2, layers(rng, [2, rng.randint(1, 3), rng.randint(1, 2)]), output_relu=True)
        if net.evaluate(XOR_POINTS[0]) == net.evaluate(XOR_POINTS[1]):
            rank, overlap = glued_pairs(net, XOR_POINTS)
            if (0, 1) not in rank + overlap:
                return Counterexample("equal images glued by neither rank nor overlap", {})
            low = _rank_glued_are_low_rank(net, XOR_POINTS, rank)
            if low is not None:
                return low
    return None


register(Claim(
    id="000.propC2.xor",
    source="000_d0ea49639dcff77b.txt Prop. C.2",
    statement="XOR is made linearly separable by the one-layer construction with a rank gluing of (0,0) ~ (1,1) "
              "and no overlap (three regions of R^2, all of rank < 2, H_0(Phi(XOR)) = Z^3), and by the two-layer "
              "construction with an overlap gluing and no rank gluing; "
              "f(0,0) = f(1,1) always glues the pair by rank or by overlap",
    check=check_xor,
    examples=10,
))


# ------------------------------------------------------------------------------ 001 appendix 7.2
def _circle_points(m: int) -> list[tuple[Fraction, Fraction]]:
    """``m`` rational points on the unit circle, ``((1 - t^2)/(1 + t^2), 2t/(1 + t^2))`` for rational ``t``."""
    import math

    points = []
    for j in range(m):
        if 2 * j == m:  # the angle pi, where t = tan(angle / 2) is infinite
            points.append((Fraction(-1), Fraction(0)))
            continue
        # the float only chooses which rational t to use; the point itself is exactly on the circle
        t = Fraction(math.tan(math.pi * j / m)).limit_denominator(50)
        points.append(((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)))
    return points


def check_relative_circle(rng: random.Random) -> Counterexample | None:
    """``H_1(S^1, Omega_0) = Z^n`` when the rank-0 set meets the circle in ``n`` arcs (``001`` appendix 7.2).

    The network ``sum_k ReLU(u_k . x - t)`` is rank 0 exactly outside the caps ``u_k . x > t``
    around ``n`` polygon vertices ``u_k``; the polygon is refined by the regions exactly, ``Omega_0``
    is the union of its rank-0 pieces, and the number of arcs is counted as connected components.
    """
    import networkx as nx

    from homology.complexes import SimplicialComplex, circle
    from homology.image import refine

    m = 24
    vertices = _circle_points(m)
    n = rng.randint(1, 6)
    centres = sorted(rng.sample(range(0, m, 4), n))  # caps around every 4th vertex at most: disjoint
    threshold = Fraction(19, 20)
    net = Network(2, [([list(vertices[c]) for c in centres], [-threshold] * n), ([[1] * n], [0])])
    pieces = refine(net, circle(m), dict(enumerate(vertices)))
    edges, zero_edges = [], []
    for piece in pieces:
        ends = piece.domain.vertices()
        if len(ends) != 2:
            continue
        edge = (ends[0], ends[-1])
        edges.append(edge)
        if net.local_affine_map(piece.pattern).rank == 0:
            zero_edges.append(edge)
    M = SimplicialComplex(edges)
    A = SimplicialComplex(zero_edges)
    relative = M.homology(subcomplex=A)
    arcs = nx.number_connected_components(nx.Graph(zero_edges))
    if arcs != n or relative[1].betti != n or relative[1].torsion or relative[0].betti != 0:
        return Counterexample("H_1(S^1, Omega_0) is not Z^n for n arcs",
                              {"caps": n, "arcs": arcs, "H_1": str(relative[1]), "H_0": str(relative[0])})
    from homology.image import rank_zero_relative_homology  # the general route: a pair of nerves

    by_nerves = rank_zero_relative_homology(net, circle(m), dict(enumerate(vertices))).homology
    if [(g.betti, g.torsion) for g in by_nerves] != [(g.betti, g.torsion) for g in relative[:2]]:
        return Counterexample("the pair of nerves disagrees with the refined circle",
                              {"caps": n, "nerves": [str(g) for g in by_nerves]})
    return None


register(Claim(
    id="001.app7.2.circle-arcs",
    source="001_1f3ea6e4a7b62c1b.txt appendix 7.2, eqs. (12)-(13)",
    statement="If the rank-0 region of a network meets a circle in n disjoint arcs, H_1(S^1, Omega_0) = Z^n "
              "(checked on an exactly refined polygonal circle)",
    check=check_relative_circle,
    examples=6,
))


# ------------------------------------------------------------------------------ 001 section 3.2
def _rank_selection(rng: random.Random) -> tuple[Network, int, int, int]:
    m, n1 = rng.randint(1, 3), rng.randint(2, 6)
    k = rng.randint(0, n1)
    positive = [[Fraction(rng.randint(1, 9), rng.randint(1, 5)) for _ in range(m)] for _ in range(n1)]
    weight = [[v if i < k else -v for v in positive[i]] for i in range(n1)]  # R(k, n1) P, eq. (10)
    return Network(m, [(weight, [0] * n1)], output_relu=True), m, n1, k


def _lowest_rank_region(net: Network) -> tuple[int, object]:
    from tropical.enumeration import regions

    found = min(regions(net), key=lambda r: r.rank)
    return found.rank, found


def check_rank_selection_bound(rng: random.Random) -> Counterexample | None:
    """Over all regions of ``ReLU(R(k, n1) P x)``, the minimal rank is at most ``min{k, n1 - k, m}``."""
    net, m, n1, k = _rank_selection(rng)
    low, region = _lowest_rank_region(net)
    if low > min(k, n1 - k, m):
        return Counterexample("a rank-selection network whose every region has rank above the bound",
                              {"m": m, "n1": n1, "k": k, "minimal_rank": low})
    return None


def check_rank_below_bound() -> Counterexample | None:
    """The bound ``min{k, n1 - k, m}`` of Figure 2C is not always attained (an observation, not an erratum).

    The paper says the minimal rank is upper bounded by it. The network ``m = 2, n1 = 3, k = 1,
    P = [[1, 2], [2, 1], [1, 1]]`` has a rank-0 region ``{x + 2y <= 0, 2x + y >= 0, x + y >= 0}``
    holding ``(2, -3/2)`` strictly (bound 1), which sampling the positive orthant misses. The
    rank there is checked from the definition: every neuron is inactive at ``(2, -3/2)``.
    """
    net, bound = Network(2, [([[1, 2], [-2, -1], [-1, -1]], [0, 0, 0])], output_relu=True), 1
    low, region = _lowest_rank_region(net)
    point = (Fraction(2), Fraction(-3, 2))
    x, y = point
    inactive = x + 2 * y < 0 and -2 * x - y < 0 and -x - y < 0  # the three rows of W at the point, by hand
    if low < bound and inactive and net.local_affine_map(net.pattern(point)).rank == 0:
        return None
    return Counterexample("the minimal rank reaches the bound", {"minimal_rank": low, "bound": bound})


register(Claim(
    id="001.sec3.2.rank-selection-bound",
    source="001_1f3ea6e4a7b62c1b.txt section 3.2, eq. (10), Figure 2C",
    statement="For W = R(k, n1) P with P > 0, the minimal local rank of ReLU(W x) over all regions of R^m is at "
              "most min{k, n1 - k, m} (exact enumeration of every region, not samples)",
    check=check_rank_selection_bound,
    examples=20,
))

register(Claim(
    id="001.sec3.2.rank-below-bound",
    source="001_1f3ea6e4a7b62c1b.txt section 3.2, Figure 2C",
    statement="Observation (the paper only says 'upper bounded'): the bound min{k, n1 - k, m} on the minimal rank "
              "is not always attained; m = 2, n1 = 3, k = 1 has a rank-0 region away from the positive orthant",
    check=lambda rng: check_rank_below_bound(),
    examples=1,
))


# ------------------------------------------------------------------------------ 000 Theorem B.2
def _plain_region(net: Network, bits: Sequence[Sequence[int]]) -> tuple[list[list[Fraction]], list[Fraction],
                                                                          list[list[Fraction]], list[Fraction]]:
    """A pattern's closed region ``A x <= b`` and its map ``x -> M x + c``, by plain masked products."""
    from proofs_check.plain import apply, mask, mul

    n = net.input_dim
    M = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    c = [Fraction(0)] * n
    A: list[list[Fraction]] = []
    b: list[Fraction] = []
    for l, layer in enumerate(net.layers):
        W = [[Fraction(v) for v in row] for row in layer.weight]
        lin, off = mul(W, M), [u + Fraction(v) for u, v in zip(apply(W, c), layer.bias)]
        if l < len(bits):
            for bit, row, o in zip(bits[l], lin, off):   # active: z >= 0; inactive: z <= 0
                A.append([-v for v in row] if bit else list(row))
                b.append(o if bit else -o)
            lin, off = mask(bits[l], lin), [o * bit for o, bit in zip(off, bits[l])]
        M, c = lin, off
    return A, b, M, c


def independent_gluings(net: Network, points: Sequence[Sequence[Fraction]]
                        ) -> set[tuple[int, tuple[tuple[int, ...], ...]]]:
    """Algorithm 1's gluings recomputed with plain regions and maps and the other LP backend (pplpy).

    ``(i, Q)``: data point ``i`` (no zero pre-activation) has a partner ``y`` in the closed region of a
    populated pattern ``Q`` with ``Phi_Q(y) = Phi(x_i)`` and ``y`` strictly outside the region of ``x_i``
    (the fibre is not inside it: one of its rows is exceeded somewhere on the fibre, by LP).
    """
    from proofs_check.plain import relu_forward, strict_bits

    W = [layer.weight for layer in net.layers]
    B = [layer.bias for layer in net.layers]
    relu = len(net.relu_layers)
    codes = [strict_bits(relu_forward(W, B, x, net.output_relu)[0][:relu]) for x in points]
    populated = sorted({c for c in codes if c is not None})
    regions = {q: _plain_region(net, q) for q in populated}
    found = set()
    for i, (x, code) in enumerate(zip(points, codes)):
        if code is None:
            continue
        image = relu_forward(W, B, x, net.output_relu)[1][-1]
        A_p, b_p, _, _ = regions[code]
        for q in populated:
            if q == code:
                continue
            A_q, b_q, M_q, c_q = regions[q]
            fibre = Polyhedron(net.input_dim, A_q, b_q, M_q, [v - o for v, o in zip(image, c_q)], backend="ppl")
            if fibre.is_empty():
                continue
            for row, bound in zip(A_p, b_p):
                best = fibre.maximize(row)
                if best.status == "unbounded" or (best.value is not None and best.value > bound):
                    found.add((i, q))
                    break
    return found


def verify_gluings(net: Network, points: Sequence[Sequence[Fraction]], result: Any) -> Counterexample | None:
    """Soundness and completeness of the overlap decomposition ``result`` against :func:`independent_gluings`."""
    from proofs_check.plain import relu_forward

    W = [layer.weight for layer in net.layers]
    B = [layer.bias for layer in net.layers]
    oracle = independent_gluings(net, points)
    strict = {i for i in range(len(points)) if all(v != 0 for z in relu_forward(W, B, points[i], net.output_relu)[0]
                                                   [:len(net.relu_layers)] for v in z)}
    if len(strict) < len(points):
        raise ValueError("verify_gluings needs data in general position (no zero pre-activation)")
    toolkit = {(g.point, g.target) for g in result.gluings}
    for g in result.gluings:         # soundness: the partner has the image and lies outside the point's region
        image = relu_forward(W, B, points[g.point], net.output_relu)[1][-1]
        if relu_forward(W, B, g.partner, net.output_relu)[1][-1] != image:
            return Counterexample("a gluing's partner has another image", {"point": json_vector(points[g.point])})
        A_p, b_p, _, _ = _plain_region(net, g.source)
        if all(sum((a * y for a, y in zip(row, g.partner)), Fraction(0)) <= bound for row, bound in zip(A_p, b_p)):
            return Counterexample("a gluing's partner lies in the point's own region",
                                  {"point": json_vector(points[g.point]), "partner": json_vector(g.partner)})
    if oracle - toolkit:
        i, q = sorted(oracle - toolkit)[0]
        return Counterexample("the overlap decomposition missed a gluing (completeness)",
                              {"point": json_vector(points[i]), "region": str(q)})
    if toolkit - oracle:
        i, q = sorted(toolkit - oracle)[0]
        return Counterexample("the overlap decomposition reports a gluing the oracle does not find",
                              {"point": json_vector(points[i]), "region": str(q)})
    return None


def check_rank_or_overlap(rng: random.Random) -> Counterexample | None:
    """Equal images come from the rank source or the overlap source; Algorithm 1 is sound and complete.

    Output-ReLU networks send many data points to 0 (exact collisions). Each colliding pair is
    classified by region membership (:func:`glued_pairs`); every overlap pair must also be found by
    the LP-based overlap decomposition, whose gluings are checked against partners generated
    independently (:func:`independent_gluings`: plain regions and maps, the other LP backend,
    partners anywhere in a region, not only at data points).
    """
    from proofs_check.plain import relu_forward, strict_bits

    net = Network(2, layers(rng, [2, rng.randint(1, 4), rng.randint(1, 2)]), output_relu=rng.random() < 0.7)
    W, B = [layer.weight for layer in net.layers], [layer.bias for layer in net.layers]
    points: list[tuple[Fraction, ...]] = []
    while len(points) < 16:     # data in general position: no pre-activation is zero at a data point
        x = tuple(vector(rng, 2, height=4, denominator=2))
        if strict_bits(relu_forward(W, B, x, net.output_relu)[0][:len(net.relu_layers)]) is not None:
            points.append(x)
    rank, overlap = glued_pairs(net, points)  # type: ignore[arg-type]
    images = [net.evaluate(p) for p in points]
    collisions = [(a, b) for a in range(len(points)) for b in range(a + 1, len(points)) if images[a] == images[b]]
    if sorted(rank + overlap) != collisions:
        return Counterexample("a collision is neither rank nor overlap", {"collisions": collisions})
    low = _rank_glued_are_low_rank(net, points, rank)      # the rank source: the shared region is not injective
    if low is not None:
        return low
    result = overlap_decomposition(net, points)
    found = {(g.point, g.target) for g in result.gluings}
    patterns = {i: p for p, members in result.regions.items() for i in members}
    for a, b in overlap:
        if (a, patterns[b]) not in found and (b, patterns[a]) not in found:
            return Counterexample("an overlap pair missed by the overlap decomposition",
                                  {"a": json_vector(points[a]), "b": json_vector(points[b])})
    return verify_gluings(net, points, result)


register(Claim(
    id="000.thmB2.rank-or-overlap",
    source="000_d0ea49639dcff77b.txt Theorem B.2",
    statement="Data points with equal images are glued by the rank source (a common closed region) or by the "
              "overlap source; the overlap decomposition (Algorithm 1, exact LPs) finds every overlap pair, and its "
              "gluings are sound and complete against partners generated independently (plain regions and maps, "
              "the other LP backend, partners anywhere in a populated region; 16 data points in general position)",
    check=check_rank_or_overlap,
    examples=15,
))


# ------------------------------------------------------------------------------ 000 Prop. C.3 (zigzag)
def zigzag(N: int) -> Network:
    """``f(x) = relu(x) + sum_{n=1}^N (-1)^n relu(2x - 2n)``: the (1, N + 1, 1) network of Prop. C.3's proof.

    >>> [zigzag(2).evaluate([x])[0] for x in range(-1, 4)]
    [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)]
    """
    weights = [[1]] + [[2]] * N
    biases = [0] + [-2 * n for n in range(1, N + 1)]
    return Network(1, [(weights, biases), ([[1] + [(-1) ** n for n in range(1, N + 1)]], [0])])


def _intervals(net: Network) -> list[tuple[Fraction | None, Fraction | None]]:
    """The closed linear regions of a one-input network as ``(lo, hi)`` (``None``: unbounded), by exact enumeration."""
    from tropical.enumeration import regions

    out = []
    for region in regions(net):
        lo = max((b / a[0] for a, b in region.constraints if a[0] < 0), default=None)  # a x <= b, a < 0: x >= b/a
        hi = min((b / a[0] for a, b in region.constraints if a[0] > 0), default=None)
        out.append((lo, hi))
    return sorted(out, key=lambda r: (r[0] is not None, r[0] if r[0] is not None else Fraction(0)))


def overlapping_region_pairs(net: Network) -> int:
    """Pairs of regions ``R != R'`` with ``x in R``, ``x' in R'``, ``f(x) = f(x')`` and no closed region holding both.

    One input and one output: the value sets are intervals; a common value inside both images
    has preimages in both interiors (no common closed region); a common value at an end is
    checked on its finitely many preimages (a constant region contributes an interior point).

    >>> overlapping_region_pairs(zigzag(2))     # N (N + 3) / 2 for N = 2
    5
    """
    regions = _intervals(net)

    def f(x: Fraction) -> Fraction:
        return net.evaluate([x])[0]

    def inside(r: tuple[Fraction | None, Fraction | None]) -> Fraction:
        lo, hi = r
        if lo is None and hi is None:
            return Fraction(0)
        if lo is None:
            assert hi is not None
            return hi - 1
        return lo + 1 if hi is None else (lo + hi) / 2

    def holds(r: tuple[Fraction | None, Fraction | None], x: Fraction) -> bool:
        return (r[0] is None or r[0] <= x) and (r[1] is None or x <= r[1])

    def preimages(r: tuple[Fraction | None, Fraction | None], v: Fraction) -> list[Fraction]:
        p = inside(r)
        q = p + 1 if r[1] is None or p + 1 <= r[1] else (p + r[1]) / 2
        slope = (f(q) - f(p)) / (q - p)
        if slope == 0:
            return [p] if f(p) == v else []
        x = p + (v - f(p)) / slope
        return [x] if holds(r, x) else []

    def values(r: tuple[Fraction | None, Fraction | None]) -> list[Fraction]:
        return [f(x) for x in r if x is not None] + [f(inside(r))]

    count = 0
    for i, r in enumerate(regions):
        for s in regions[i + 1:]:
            candidates = set(values(r)) | set(values(s))
            # a common value strictly inside both images gives interior preimages: overlap
            found = False
            for v in sorted(candidates):
                for x in preimages(r, v):
                    for y in preimages(s, v):
                        if not any(holds(t, x) and holds(t, y) for t in regions):
                            found = True
            if not found:  # values between the candidates: midpoints of consecutive candidate values
                ordered = sorted(candidates)
                for v in [(a + b) / 2 for a, b in zip(ordered, ordered[1:])]:
                    if preimages(r, v) and preimages(s, v):
                        found = not any(holds(t, x) and holds(t, y) for t in regions
                                        for x in preimages(r, v) for y in preimages(s, v))
                        if found:
                            break
            count += found
    return count


def check_zigzag(rng: random.Random, N: int) -> Counterexample | None:
    """Corrected Prop. C.3: N + 2 regions and N (N + 3) / 2 overlapping pairs (derived by hand in the README)."""
    net = zigzag(N)
    regions = _intervals(net)
    pairs = overlapping_region_pairs(net)
    if len(regions) != N + 2 or pairs != N * (N + 3) // 2:
        return Counterexample("region or overlap count differs from the corrected statement",
                              {"N": N, "regions": len(regions), "pairs": pairs})
    return None


def refute_zigzag() -> Counterexample | None:
    N = 9
    M = -(-N // 2)
    net = zigzag(N)
    regions, pairs = len(_intervals(net)), overlapping_region_pairs(net)
    bound = Fraction(N * (N - 1), 2) + Fraction(M * (M - 2), 2)
    hidden = net.widths[1]
    # section 5.4 calls the count a lower bound, so more overlapping pairs than it is no error
    if regions == N + M and hidden == N and bound.denominator == 1:
        return None
    return Counterexample("the proof's network is (1, N + 1, 1) with N + 2 regions, not (1, N, 1) with N + ceil(N/2), "
                          "and the stated count is not an integer for odd M",
                          {"N": N, "M": M, "regions": regions, "stated_regions": N + M, "hidden_neurons": hidden,
                           "overlapping_pairs": pairs, "stated_count": str(bound)})


register(Claim(
    id="000.propC3.zigzag",
    source="000_d0ea49639dcff77b.txt Prop. C.3",
    statement="The proof's network f(x) = relu(x) + sum_{n=1}^N (-1)^n relu(2x - 2n) has exactly N + 2 linear "
              "regions and N (N + 3) / 2 pairs of regions glued by overlap (exact regions, exact preimages)",
    check=check_zigzag,
    cases=tuple(range(1, 11)),
    examples=10,
    erratum=Erratum(
        stated="a (1, N, 1) network with N + ceil(N/2) = N + M linear regions can have N(N-1)/2 + M(M-2)/2 "
               "overlap regions (section 5.4: a lower bound) (the proof's f has all pairs of the N positive regions "
               "and the ceil(N/2) regions "
               "at 0 overlapping)",
        corrected="the proof's f has N + 2 regions (breakpoints 0, 1, ..., N); the N bounded ones and the last map "
                  "onto intervals containing [0, 1] (N (N + 1) / 2 overlapping pairs), and the constant region "
                  "x <= 0 is glued to the N regions other than [0, 1] that reach a valley f = 0: N (N + 3) / 2 pairs",
        refute=refute_zigzag,
    ),
))


# ------------------------------------------------------------------------------ 000 Defs. 2.1-2.2, Prop. C.1
def _slopes(net: Network, x: Sequence[Fraction]) -> list[list[Fraction]] | None:
    """The network's Jacobian at ``x`` by exact differences (plain loops, :mod:`proofs_check.plain`)."""
    from proofs_check.plain import difference_jacobian

    return difference_jacobian([layer.weight for layer in net.layers], [layer.bias for layer in net.layers], x,
                               len(net.relu_layers), net.output_relu)


def verify_decompositions(net: Network, points: Sequence[Sequence[Fraction]]) -> Counterexample | None:
    """Defs. 2.1-2.2 on data: the toolkit's local and polyhedral decompositions against plain codewords.

    ``c_l(x) = sign(Phi_l(x))`` (``1`` for positive) groups the local decomposition of layer ``l``,
    the stacked ``C_l(x)`` the polyhedral one; every polyhedral class lies in one local class and
    carries one affine map (one Jacobian by exact differences). Points with a zero pre-activation are
    skipped (the definitions leave their region to a convention).
    """
    from homology.decompositions import codeword_decomposition, polyhedral_decomposition
    from proofs_check.plain import relu_forward, strict_bits

    W = [[list(r) for r in layer.weight] for layer in net.layers]
    b = [list(layer.bias) for layer in net.layers]
    keep, codes = [], []
    for x in points:
        bits = strict_bits(relu_forward(W, b, x, net.output_relu)[0][:len(net.relu_layers)])
        if bits is not None:
            keep.append(x)
            codes.append(bits)
    for position, layer in enumerate(net.relu_layers):
        local: dict[tuple[int, ...], list[int]] = {}
        stacked: dict[tuple[tuple[int, ...], ...], list[int]] = {}
        for i, code in enumerate(codes):
            local.setdefault(code[position], []).append(i)
            stacked.setdefault(code[:position + 1], []).append(i)
        if codeword_decomposition(net, keep, layer) != local:
            return Counterexample("the local layer decomposition differs from Def. 2.1", {"layer": layer})
        if polyhedral_decomposition(net, keep, layer) != stacked:
            return Counterexample("the polyhedral decomposition differs from Def. 2.2", {"layer": layer})
        for members in stacked.values():
            if len({codes[i][position] for i in members}) != 1:
                return Counterexample("a polyhedral class meets two local classes", {"layer": layer})
    for members in {c: [i for i in range(len(codes)) if codes[i] == c] for c in set(codes)}.values():
        if len({str(_slopes(net, keep[i])) for i in members}) != 1:
            return Counterexample("a polyhedral class carries two affine maps",
                                  {"points": [json_vector(keep[i]) for i in members]})
    return None


def check_decompositions(rng: random.Random) -> Counterexample | None:
    from proofs_check.generate import widths

    sizes = widths(rng, rng.randint(1, 3), high=3, input_dim=rng.randint(1, 2))
    net = Network(sizes[0], layers(rng, sizes), output_relu=rng.random() < 0.5)
    points = [vector(rng, net.input_dim, height=8, denominator=5) for _ in range(25)]
    return verify_decompositions(net, points)


register(Claim(
    id="000.defs2.1-2.2.decompositions",
    source="000_d0ea49639dcff77b.txt Definitions 2.1 and 2.2, eq. (3)",
    statement="On data, the local layer decomposition groups points by c_l(x) = sign(Phi_l(x)) and the polyhedral "
              "decomposition by the stacked codewords C_l(x); the polyhedral one refines the local one and carries "
              "one affine map per class (toolkit decompositions against plain codewords and exact differences)",
    check=check_decompositions,
    examples=15,
))


def tent_network() -> Network:
    """``f(x) = relu(1 - relu(x) - relu(-x)) = 1 - |x|`` on ``[-1, 1]``: one output neuron (Prop. C.1)."""
    return Network(1, [([[1], [-1]], [0, 0]), ([[-1, -1]], [1])], output_relu=True)


def verify_local_maps(net: Network, x: Sequence[Fraction], y: Sequence[Fraction]) -> Counterexample | None:
    """Prop. C.1: ``x`` and ``y`` share the last layer's local codeword but the network's maps differ there."""
    from homology.decompositions import codeword_decomposition

    groups = codeword_decomposition(net, [x, y])
    if len(groups) != 1:
        return Counterexample("the two points have different local codewords", {"groups": str(groups)})
    if _slopes(net, x) == _slopes(net, y):
        return Counterexample("the two points of one local region carry the same affine map", {})
    return None


def check_local_maps(rng: random.Random) -> Counterexample | None:
    found = verify_local_maps(tent_network(), [Fraction(-rng.randint(1, 9), 10)], [Fraction(rng.randint(1, 9), 10)])
    if found is not None:
        return found
    # and on random networks whenever two data points share a last-layer codeword but not the whole pattern
    net = Network(2, layers(rng, [2, 3, 2]), output_relu=True)
    pts = [vector(rng, 2, height=6, denominator=3) for _ in range(30)]
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            if net.pattern(pts[i])[-1] == net.pattern(pts[j])[-1] and _slopes(net, pts[i]) != _slopes(net, pts[j]):
                return verify_local_maps(net, pts[i], pts[j])
    return None


register(Claim(
    id="000.propC1.local-maps",
    source="000_d0ea49639dcff77b.txt Prop. C.1",
    statement="A region of the local decomposition can carry different affine maps: 1 - |x| = relu(1 - relu(x) - "
              "relu(-x)) has one local codeword on (-1, 1) and slopes 1 and -1 (exact differences); random networks "
              "give such pairs among data points too",
    check=check_local_maps,
    examples=10,
))


# ------------------------------------------------------------------------------ 000 Theorem B.1
def _injective_on_polygon(net: Network, pieces: Sequence[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]
                          ) -> tuple[bool, set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]]:
    """Whether the network is injective on a closed polygon cut into affine pieces (plain exact geometry).

    Each piece is a segment mapped affinely: injective on it iff its end points' images differ; two
    pieces' images may meet only at the image of a shared end point, and adjacent pieces' images
    only there (an image doubling back overlaps its neighbour).
    """
    from proofs_check.plain import relu_forward, segments_meet

    W = [[list(r) for r in layer.weight] for layer in net.layers]
    b = [list(layer.bias) for layer in net.layers]

    def image(p: Sequence[Fraction]) -> tuple[Fraction, ...]:
        return tuple(relu_forward(W, b, p, net.output_relu)[1][-1])

    images = [(image(p), image(q)) for p, q in pieces]
    segments = set()
    for a, c in images:
        if a == c:
            return False, set()
        segments.add((min(a, c), max(a, c)))
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces)):
            shared = set(pieces[i]) & set(pieces[j])
            if not shared:
                if segments_meet(*images[i], *images[j]):
                    return False, set()
                continue
            s = next(iter(shared))
            # adjacent: the other end of one must not lie on the other's image, and the two directions
            # must not be opposite along one line
            other_i = images[i][1] if pieces[i][0] == s else images[i][0]
            other_j = images[j][1] if pieces[j][0] == s else images[j][0]
            at = image(s)
            u = (other_i[0] - at[0], other_i[1] - at[1])
            v = (other_j[0] - at[0], other_j[1] - at[1])
            if u[0] * v[1] - u[1] * v[0] == 0 and u[0] * v[0] + u[1] * v[1] > 0:
                return False, set()
    return True, segments


def verify_injective_homeomorphic(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """Theorem B.1 on a polygonal circle: an injective network maps it homeomorphically.

    When the network is injective on the polygon, the image is a simple closed polygon (b0 = b1 = 1
    of the image graph) and the toolkit's exact image homology is ``(Z, Z)``.
    """
    from homology.complexes import circle
    from homology.image import image_homology, refine
    from proofs_check.plain import graph_betti

    n = len(polygon)
    coordinates: dict[Hashable, Sequence[object]] = {i: polygon[i] for i in range(n)}
    pieces = []
    for piece in refine(net, circle(n), coordinates):
        ends = piece.domain.vertices()
        pieces.append((tuple(ends[0]), tuple(ends[-1])))
    injective, segments = _injective_on_polygon(net, pieces)
    if not injective:
        return None
    if graph_betti(segments) != (1, 1):
        return Counterexample("an injective image of the circle is not a simple closed curve",
                              {"betti": list(graph_betti(segments))})
    groups = image_homology(net, circle(n), coordinates).homology
    if [(g.betti, g.torsion) for g in groups] != [(1, ()), (1, ())]:
        return Counterexample("an injective image of the circle has other homology", {"H": [str(g) for g in groups]})
    return None


def check_injective_homeomorphic(rng: random.Random) -> Counterexample | None:
    polygon = [(Fraction(2), Fraction(0)), (Fraction(1), Fraction(2)), (Fraction(-1), Fraction(2)),
               (Fraction(-2), Fraction(0)), (Fraction(-1), Fraction(-2)), (Fraction(1), Fraction(-2))]
    width = rng.randint(2, 4)
    (W1, _), second = layers(rng, [2, width, 2])
    # biases mostly large enough to keep neurons active on the polygon: injective maps are then common
    b1 = [Fraction(rng.randint(-4, 14), 2) for _ in range(width)]
    net = Network(2, [(W1, b1), second])
    return verify_injective_homeomorphic(net, polygon)


register(Claim(
    id="000.thmB1.injective-homeomorphism",
    source="000_d0ea49639dcff77b.txt Theorem B.1",
    statement="On a compact polygonal circle, a network R^2 -> R^2 that is injective (decided exactly piece by piece) "
              "maps it homeomorphically: the image is a simple closed polygon (b0 = b1 = 1) and its exact image "
              "homology is (Z, Z)",
    check=check_injective_homeomorphic,
    examples=25,
))


# ------------------------------------------------------------------------------ 000 section 3.2 (convexity)
def verify_nonconvex_arcs(net: Network, points: Sequence[tuple[Fraction, Fraction]],
                          on_manifold: Callable[[Sequence[Fraction]], bool]) -> Counterexample | None:
    """A witness that some ``M cap G_J`` is not convex; ``None`` when one is found.

    For consecutive samples ``p, q`` of ``M`` with one strict pattern, the midpoint has that
    pattern too (it is in ``G_J``, convex) but is not on ``M``.
    """
    from proofs_check.plain import relu_forward, strict_bits

    W = [[list(r) for r in layer.weight] for layer in net.layers]
    b = [list(layer.bias) for layer in net.layers]
    codes = [strict_bits(relu_forward(W, b, p)[0][:-1]) for p in points]
    for i in range(len(points)):
        j = (i + 1) % len(points)
        if codes[i] is not None and codes[i] == codes[j]:
            mid = tuple((a + c) / 2 for a, c in zip(points[i], points[j]))
            if strict_bits(relu_forward(W, b, mid)[0][:-1]) == codes[i] and not on_manifold(mid):
                return None
    return Counterexample("no region of the network meets M in two samples whose midpoint leaves M", {})


def _paper_circle_network(rng: random.Random) -> Network:
    from proofs_check.claims_experiments import default_linear

    sizes = [2, 25, 25, 25, 25, 2]   # 000 section 4.3: {d + 1, 25, 25, 25, 25, 2}, d = 1
    return Network(2, [default_linear(rng, sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)])


def refute_convex_intersections() -> Counterexample | None:
    net = _paper_circle_network(random.Random("000.sec3.2"))
    points = _circle_points(200)
    if verify_nonconvex_arcs(net, points, lambda x: x[0] ** 2 + x[1] ** 2 == 1) is not None:
        return None
    return Counterexample(
        "the unit circle (the paper's circles, 200 rational points) under a {2, 25, 25, 25, 25, 2} network at "
        "PyTorch's default initialisation: two samples p, q in one region G_J have their midpoint in G_J (convex) "
        "at squared norm < 1, off the circle, so M cap G_J is not convex", {})


def _along(p: Sequence[Fraction], q: Sequence[Fraction], t: Fraction) -> tuple[Fraction, ...]:
    return tuple(a + t * (c - a) for a, c in zip(p, q))


def plain_convex_intersections(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]
                               ) -> dict[tuple[tuple[int, ...], ...], bool]:
    """For each pattern ``J`` of a piece of the closed polygon ``M``, whether ``M cap closure(G_J)`` is convex (plain).

    ``M`` is cut exactly where a neuron changes sign (:func:`proofs_check.plain.segment_pieces`);
    ``M cap closure(G_J)`` is the union of the pieces whose ends (and midpoint) satisfy ``J``'s
    inequalities and the piece ends that do. A union of segments and points is convex exactly
    when it lies on one line and has no gap along it.
    """
    from proofs_check.plain import in_closed_region, segment_pieces

    W = [layer.weight for layer in net.layers]
    b = [layer.bias for layer in net.layers]
    n = len(polygon)
    pieces = []
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        pieces += [(_along(p, q, t0), _along(p, q, t1), bits) for t0, t1, bits in segment_pieces(W, b, p, q)]
    result = {}
    for J in dict.fromkeys(bits for _, _, bits in pieces):
        parts: list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]] = []
        for a, c, _ in pieces:
            inside = [in_closed_region(W, b, J, x) for x in (a, tuple((u + v) / 2 for u, v in zip(a, c)), c)]
            if all(inside):
                parts.append((a, c))
            parts += [(x, x) for x, ok in ((a, inside[0]), (c, inside[2])) if ok]
        ends = [x for part in parts for x in part]
        base = ends[0]
        other = next((x for x in ends if x != base), None)
        if other is None:
            result[J] = True
            continue
        if any(cross(base, other, x) != 0 for x in ends):
            result[J] = False
            continue
        k = 0 if other[0] != base[0] else 1
        intervals = sorted(tuple(sorted((x[k], y[k]))) for x, y in parts)
        reach, gap = intervals[0][1], False
        for lo, hi in intervals[1:]:
            gap = gap or lo > reach
            reach = max(reach, hi)
        result[J] = not gap
    return result


def verify_convex_intersections(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """The toolkit's convexity of each ``M cap G_J`` (:func:`homology.sampling.intersections_convex`) against plain."""
    from homology.complexes import circle
    from homology.image import refine
    from homology.sampling import intersections_convex

    n = len(polygon)
    coordinates: dict[Hashable, Sequence[object]] = {i: polygon[i] for i in range(n)}
    toolkit = intersections_convex(net, circle(n), coordinates, refine(net, circle(n), coordinates))
    plain = plain_convex_intersections(net, polygon)
    for pattern, convex in toolkit.items():
        key = tuple(tuple(g) for g in pattern)
        if plain.get(key) != convex:
            return Counterexample("the toolkit and the plain arrangement disagree on whether M cap G_J is convex",
                                  {"pattern": str(key), "toolkit": convex, "plain": plain.get(key),
                                   "polygon": [json_vector(p) for p in polygon]})
    return None


def check_convex_intersections(rng: random.Random) -> Counterexample | None:
    corners = rng.randint(3, 6)      # a convex polygon around the origin, vertices at small rational radii
    polygon = []
    for k in range(corners):
        x, y = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)][(k * 8) // corners]
        r = Fraction(rng.randint(2, 6), 2)
        polygon.append((r * x, r * y))
    net = Network(2, layers(rng, [2, rng.randint(2, 4), rng.randint(1, 3), 2]))
    return verify_convex_intersections(net, polygon)


register(Claim(
    id="000.sec3.2.convexity",
    source="000_d0ea49639dcff77b.txt section 3.2 (after Theorem 3.2), section 4.3",
    statement="Corrected: M cap G_J is convex exactly when it is a single segment of M (M flat there) or a point. On "
              "polygonal circles under random networks R^2 -> R^2 the toolkit's decision for every region meeting "
              "M (homology.sampling.intersections_convex, from exact region polytopes) equals this characterization "
              "computed plainly (M cut exactly where a neuron changes sign, the pieces and ends in each closed "
              "region, collinear and without a gap); on the paper's circles every region meeting M in two samples "
              "fails it (the erratum)",
    check=check_convex_intersections,
    erratum=Erratum(
        stated="'Given a large enough network ... this condition [M cap G_J convex for every J] will obtain, except "
               "for fractal data'",
        corrected="M cap G_J is convex only when it is a single point or M is flat inside G_J; for the paper's circles "
                  "and spheres the hypothesis fails at every size (the weaker condition the proof needs, acyclic "
                  "fibres for Vietoris-Begle, is checked by 000.sec3.2.vietoris-begle)",
        refute=refute_convex_intersections),
    examples=15,
))


# ------------------------------------------------------------------------------ 000 A.5.1 (quotient pseudometric)
def _oracle_quotient_metric(points: Sequence[Sequence[Fraction]], classes: Sequence[Sequence[int]]
                            ) -> list[list[dict[int, Fraction]]]:
    """The chain definition of A.5.1 by Floyd-Warshall over classes, with its own exact sums of square roots.

    A distance is ``{m: c}`` for ``sum c sqrt(m)`` (``m`` squarefree, via sympy's factorisation); two
    different forms are ordered by mpmath's interval arithmetic at growing precision (an interval
    that still holds 0 at 1000 digits would raise; a non-zero difference never does).
    """
    import mpmath
    import sympy

    def root(q: Fraction) -> dict[int, Fraction]:
        if q == 0:
            return {}
        s, m = 1, 1
        for p, e in sympy.factorint(q.numerator * q.denominator).items():
            s *= p ** (e // 2)
            m *= p ** (e % 2)
        return {m: Fraction(s, q.denominator)}

    def add(a: dict[int, Fraction], b: dict[int, Fraction]) -> dict[int, Fraction]:
        out = dict(a)
        for m, c in b.items():
            out[m] = out.get(m, Fraction(0)) + c
        return {m: c for m, c in out.items() if c}

    def less(a: dict[int, Fraction], b: dict[int, Fraction]) -> bool:
        if a == b:
            return False
        difference = add(a, {m: -c for m, c in b.items()})
        for digits in (50, 200, 1000):      # mpmath's rigorous interval arithmetic (not flint's)
            mpmath.iv.dps = digits
            value = sum((mpmath.iv.mpf(c.numerator) / c.denominator * mpmath.iv.sqrt(m)
                         for m, c in difference.items()), mpmath.iv.mpf(0))
            if value.b < 0:
                return True
            if value.a > 0:
                return False
        raise ArithmeticError("two different root sums agree to 1000 digits")

    n = len(points)
    owner = {i: c for c, members in enumerate(classes) for i in members}
    groups = [list(members) for members in classes] + [[i] for i in range(n) if i not in owner]
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    k = len(groups)
    INF = None
    D: list[list[dict[int, Fraction] | None]] = [[{} if a == b else INF for b in range(k)] for a in range(k)]
    for i in range(n):
        for j in range(n):
            a, b = group_of[i], group_of[j]
            if a != b:
                d = root(sum(((x - y) ** 2 for x, y in zip(points[i], points[j])), Fraction(0)))
                if D[a][b] is None or less(d, D[a][b]):  # type: ignore[arg-type]
                    D[a][b] = d
    for via in range(k):
        for a in range(k):
            for b in range(k):
                if D[a][via] is not None and D[via][b] is not None:
                    through = add(D[a][via], D[via][b])  # type: ignore[arg-type]
                    if D[a][b] is None or less(through, D[a][b]):  # type: ignore[arg-type]
                        D[a][b] = through
    return [[D[group_of[i]][group_of[j]] or {} for j in range(n)] for i in range(n)]


def verify_quotient_metric(points: Sequence[Sequence[Fraction]], classes: Sequence[Sequence[int]],
                           distances: Sequence[Sequence[object]]) -> Counterexample | None:
    """``distances`` (the toolkit's) against the chain definition, and the pseudometric's properties."""
    from exact.numbers import RootSum

    oracle = _oracle_quotient_metric(points, classes)
    n = len(points)
    for i in range(n):
        for j in range(n):
            d = distances[i][j]
            if not isinstance(d, RootSum) or d.terms != oracle[i][j]:
                return Counterexample("the quotient distance differs from the chain definition",
                                      {"i": i, "j": j, "toolkit": str(d), "definition": str(oracle[i][j])})
            euclid = RootSum.sqrt(sum(((x - y) ** 2 for x, y in zip(points[i], points[j])), Fraction(0)))
            if d != distances[j][i] or d > euclid:
                return Counterexample("the quotient distance is not symmetric or exceeds the Euclidean one",
                                      {"i": i, "j": j})
            for k in range(n):
                if distances[i][k] > d + distances[j][k]:
                    return Counterexample("the triangle inequality fails", {"i": i, "j": j, "k": k})
    for members in classes:
        if any(distances[a][b] != 0 for a in members for b in members):
            return Counterexample("two points of one class are at a positive distance", {"class": list(members)})
    return None


def check_quotient_metric(rng: random.Random) -> Counterexample | None:
    from homology.persistence import quotient_distances

    n = rng.randint(3, 7)
    points = [vector(rng, 2, height=6, denominator=2) for _ in range(n)]
    indices = list(range(n))
    rng.shuffle(indices)
    classes, start = [], 0
    while start < n:
        size = rng.randint(1, 3)
        if size > 1 and start + size <= n:
            classes.append(sorted(indices[start:start + size]))
        start += size
    return verify_quotient_metric(points, classes, quotient_distances(points, classes))


register(Claim(
    id="000.A5.1.quotient-pseudometric",
    source="000_d0ea49639dcff77b.txt appendix A.5.1",
    statement="Setting the distances inside each class to 0 and taking shortest paths (the paper's Dijkstra "
              "construction) gives d([x], [y]) = inf(d(p_1, q_1) + ... + d(p_n, q_n)) over chains through the "
              "classes: a pseudometric (symmetric, triangle inequality, zero on classes, at most the Euclidean "
              "distance); exact Euclidean sums of square roots against a Floyd-Warshall over classes with its own "
              "exact root sums",
    check=check_quotient_metric,
    examples=20,
))


# ------------------------------------------------------------------------------ 000 D.5 (false negative rate)
def _plain_fnr(truth: Sequence[Sequence[int]], found: Sequence[Sequence[int]], n: int) -> Fraction:
    """D.5's measure with both decompositions completed to partitions of the ``n`` points by singletons."""
    def complete(classes: Sequence[Sequence[int]]) -> list[set[int]]:
        seen = {i for c in classes for i in c}
        return [set(c) for c in classes] + [{i} for i in range(n) if i not in seen]

    T, F = complete(truth), complete(found)
    glued = [u for u in T if len(u) > 1]
    total = sum(len(u) for u in glued)
    if total == 0:
        return Fraction(0)
    return 1 - Fraction(sum(max(len(u & v) for v in F) for u in glued), total)


def verify_false_negative_rate(truth: Sequence[Sequence[int]], by_delta: Sequence[Sequence[Sequence[int]]],
                               n: int) -> Counterexample | None:
    """D.5's measure along increasing ``delta``: formula, refinement, range and monotonicity.

    The toolkit's measure equals the plain one; found classes refine the truth; the rate is in
    ``[0, 1)``, zero iff no true class is split, and does not increase along ``by_delta``.
    """
    from homology.decompositions import false_negative_rate

    rates = []
    for found in by_delta:
        rate = false_negative_rate(truth, found)
        if rate != _plain_fnr(truth, found, n):
            return Counterexample("the false negative rate differs from D.5's formula", {"rate": str(rate)})
        if any(not any(set(v) <= set(u) for u in truth) for v in found):
            return Counterexample("a found class is not inside a true class (a false positive)", {})
        split = any(not any(set(u) <= set(v) for v in found) for u in truth)
        if not 0 <= rate < 1 or (rate == 0) == split:
            return Counterexample("the rate is not zero exactly when no true class is split", {"rate": str(rate)})
        rates.append(rate)
    if any(b > a for a, b in zip(rates, rates[1:])):
        return Counterexample("the false negative rate grows with delta", {"rates": [str(r) for r in rates]})
    return None


def check_false_negative_rate(rng: random.Random) -> Counterexample | None:
    net = Network(2, layers(rng, [2, rng.randint(2, 4), 1]), output_relu=rng.random() < 0.5)
    points = [vector(rng, 2, height=12, denominator=1) for _ in range(12)]   # spread out: pruning splits classes
    truth = overlap_decomposition(net, points).classes
    deltas = [Fraction(0)] + sorted({Fraction(rng.randint(1, 16), 4) for _ in range(3)})
    found = [overlap_decomposition(net, points, delta=d).classes for d in deltas]
    return verify_false_negative_rate(truth, found, len(points))


register(Claim(
    id="000.D5.false-negative-rate",
    source="000_d0ea49639dcff77b.txt appendix D.5",
    statement="D.5's measure d(O, O') = 1 - sum_U max_V |U cap V| / sum_U |U| is a false-negative rate for the "
              "overlap decomposition with region pairs farther apart than delta pruned: the found classes refine the "
              "true ones (delta unbounded), d lies in [0, 1), is 0 exactly when no true class is split, and does not "
              "increase with delta (exact LPs; toolkit measure against the formula)",
    check=check_false_negative_rate,
    examples=15,
))


# ------------------------------------------------------------------------------ 000 Theorem B.3 / Corollary B.4
def _cut_points(p: tuple[Fraction, ...], q: tuple[Fraction, ...], r: tuple[Fraction, ...], s: tuple[Fraction, ...]
                ) -> list[tuple[Fraction, ...]]:
    """Points where segment (or point) ``rs`` meets segment ``pq``: a crossing, or the ends of an overlap."""
    if r == s:
        return [r] if on_segment(p, q, r) else []
    d1, d2 = cross(p, q, r), cross(p, q, s)
    if d1 == 0 and d2 == 0:      # collinear: the ends of each inside the other
        return [x for x in (r, s) if on_segment(p, q, x)] + [x for x in (p, q) if on_segment(r, s, x)]
    d3, d4 = cross(r, s, p), cross(r, s, q)
    if (d1 > 0 and d2 > 0) or (d1 < 0 and d2 < 0) or (d3 > 0 and d4 > 0) or (d3 < 0 and d4 < 0):
        return []
    t = d3 / (d3 - d4)           # d3 != d4: not parallel
    return [tuple(a + t * (b - a) for a, b in zip(p, q))]


def image_graph_betti(segments: Sequence[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]) -> tuple[int, int]:
    """``(b0, b1)`` of a union of closed planar segments (degenerate ones are points), exactly.

    Every segment is cut at every point where another meets it (an exact arrangement), then
    ``b1 = E - V + b0`` of the resulting plane graph.
    """
    from proofs_check.plain import graph_betti

    points = {p for s in segments for p in s}
    pieces: set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]] = set()
    for p, q in segments:
        if p == q:
            continue
        cuts = {p, q}
        for r, s in segments:
            cuts.update(_cut_points(p, q, r, s))
        ordered = sorted(cuts)
        for a, b in zip(ordered, ordered[1:]):
            pieces.add((a, b))
    b0, b1 = graph_betti(pieces)
    lonely = points - {p for s in pieces for p in s}
    return b0 + len(lonely), b1


def quotient_betti(net: Network, polygon: Sequence[tuple[Fraction, ...]], closed: bool = True
                   ) -> tuple[int, int]:
    """``(b0, b1)`` of the quotient ``M / ~Phi`` of a closed polygon ``M`` (``x ~ y`` when ``Phi(x) = Phi(y)``), plain.

    With ``closed=False``, ``M`` is the open polygonal path through the points.

    ``M`` is cut where a neuron changes sign (:func:`proofs_check.plain.segment_pieces`: ``Phi`` is
    affine on each piece), then at the preimages of every point where two pieces' images meet, so
    that two edges' images are equal or meet only at ends. The quotient is then a graph: the
    vertices of ``M`` up to ``~`` (equal images), and the edges not collapsed by ``Phi`` up to ``~``
    (``Phi`` is injective on each, so two edges with one image segment are glued point by point).
    """
    from proofs_check.plain import relu_forward, segment_pieces

    W = [layer.weight for layer in net.layers]
    b = [layer.bias for layer in net.layers]

    def phi(x: Sequence[Fraction]) -> tuple[Fraction, ...]:
        return tuple(relu_forward(W, b, x)[1][-1])

    pieces = []
    for i in range(len(polygon) if closed else len(polygon) - 1):
        p, q = polygon[i], polygon[(i + 1) % len(polygon)]
        for t0, t1, _ in segment_pieces(W, b, p, q):
            a, c = _along(p, q, t0), _along(p, q, t1)
            pieces.append((a, c, phi(a), phi(c)))
    edges = []
    for a, c, fa, fc in pieces:
        cuts = {Fraction(0), Fraction(1)}
        k = next((i for i in range(len(fa)) if fa[i] != fc[i]), None)
        if k is not None:       # Phi(a + s (c - a)) = fa + s (fc - fa): a point y of the image is at s = ...
            for _, _, gr, gs in pieces:
                for y in _cut_points(fa, fc, gr, gs):
                    cuts.add((y[k] - fa[k]) / (fc[k] - fa[k]))
        ordered = sorted(cuts)
        edges += [(_along(a, c, s0), _along(a, c, s1)) for s0, s1 in zip(ordered, ordered[1:])]
    classes = {phi(x): None for edge in edges for x in edge}        # a vertex class: its image
    glued = {frozenset((phi(u), phi(v))) for u, v in edges if phi(u) != phi(v)}
    parent = {y: y for y in classes}

    def find(y: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        while parent[y] != y:
            y = parent[y]
        return y

    for edge in glued:
        u, v = tuple(edge)
        parent[find(u)] = find(v)
    b0 = len({find(y) for y in classes})
    return b0, len(glued) - len(classes) + b0


def verify_image_homology(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """Corollary B.4 for a polygonal circle in the plane: ``H(Phi(M))`` (toolkit) against ``H(M / ~Phi)`` (plain).

    The toolkit computes the homology of the image from the nerve of the pieces' images; the
    quotient is built from ``M`` itself by :func:`quotient_betti`.
    """
    from homology.complexes import circle
    from homology.image import image_homology

    n = len(polygon)
    coordinates: dict[Hashable, Sequence[object]] = {i: polygon[i] for i in range(n)}
    result = image_homology(net, circle(n), coordinates)
    quotient = quotient_betti(net, polygon)
    toolkit = tuple(g.betti for g in result.homology)
    if toolkit != quotient or any(g.torsion for g in result.homology):
        return Counterexample("H(Phi(M)) from the nerve differs from the homology of the quotient M / ~Phi",
                              {"nerve": list(toolkit), "quotient": list(quotient),
                               "polygon": [json_vector(p) for p in polygon]})
    return None


def check_image_homology(rng: random.Random) -> Counterexample | None:
    polygon = [(Fraction(2), Fraction(0)), (Fraction(1), Fraction(2)), (Fraction(-1), Fraction(2)),
               (Fraction(-2), Fraction(0)), (Fraction(-1), Fraction(-2)), (Fraction(1), Fraction(-2))]
    net = Network(2, layers(rng, [2, rng.randint(2, 4), 2]))
    return verify_image_homology(net, polygon)


register(Claim(
    id="000.corB4.image-homology",
    source="000_d0ea49639dcff77b.txt Theorem B.3 and Corollary B.4",
    statement="H(Phi(M)) = H(M / ~Phi) for a polygonal circle under random networks R^2 -> R^2: the exact homology "
              "of the image from the nerve of the pieces' images (the toolkit) equals that of the quotient of M "
              "itself, built plainly: M cut where neurons change sign and at the preimages of every meeting of two "
              "pieces' images, vertices glued when their images are equal, edges when their image segments are",
    check=check_image_homology,
    examples=25,
))


Segment = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def _paths(segments: Sequence[Segment]) -> list[list[tuple[Fraction, ...]]]:
    """The segments grouped into chains, each as its vertices in order (a closed chain repeats its start)."""
    neighbours: dict[tuple[Fraction, ...], list[tuple[Fraction, ...]]] = {}
    for p, q in segments:
        neighbours.setdefault(p, []).append(q)
        neighbours.setdefault(q, []).append(p)
    seen: set[tuple[Fraction, ...]] = set()
    paths = []
    starts = [v for v, ns in neighbours.items() if len(ns) == 1] + list(neighbours)
    for start in starts:
        if start in seen:
            continue
        path, previous, current = [start], None, start
        seen.add(start)
        while True:
            step = next((v for v in neighbours[current] if v != previous and (v not in seen or v == start)), None)
            if step is None or (step == start and len(path) < 3 and previous == start):
                break
            path.append(step)
            if step == start:
                break
            seen.add(step)
            previous, current = current, step
        paths.append(path)
    return paths


def verify_connected_fibres(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """The Vietoris-Begle condition on a polygonal circle: every fibre of ``Phi`` on each ``M cap G_J`` is connected.

    Per region: rank 2, the map is injective; rank 1, along each chain of its pieces the image
    coordinate is monotone (a closed chain: constant) and the chains' image intervals are disjoint;
    rank 0, a single chain.
    """
    from homology.complexes import circle
    from homology.image import refine
    from proofs_check.plain import relu_forward

    W = [layer.weight for layer in net.layers]
    B = [layer.bias for layer in net.layers]
    n = len(polygon)
    by_region: dict[Any, list[Segment]] = {}
    for piece in refine(net, circle(n), {i: polygon[i] for i in range(n)}):
        ends = piece.domain.vertices()
        by_region.setdefault(piece.pattern, []).append((tuple(ends[0]), tuple(ends[-1])))
    for pattern, segments in by_region.items():
        rank = net.local_rank(pattern)
        if rank >= 2:
            continue
        chains = _paths(segments)
        if rank == 0:
            if len(chains) > 1:
                return Counterexample("a rank-0 region meets M in two arcs: a disconnected fibre",
                                      {"pattern": str(pattern)})
            continue
        image = {v: relu_forward(W, B, v, net.output_relu)[1][-1] for chain in chains for v in chain}
        base = image[chains[0][0]]
        direction = next((tuple(a - c for a, c in zip(v, base)) for v in image.values() if v != base), None)
        if direction is None:
            continue
        k = next(i for i, d in enumerate(direction) if d != 0)
        coordinate = {v: (value[k] - base[k]) / direction[k] for v, value in image.items()}
        intervals = []
        for chain in chains:
            values = [coordinate[v] for v in chain]
            closed = chain[0] == chain[-1] and len(chain) > 2
            steps = [b - a for a, b in zip(values, values[1:])]
            monotone = all(d >= 0 for d in steps) or all(d <= 0 for d in steps)
            if (closed and len(set(values)) > 1) or not monotone:
                return Counterexample("a rank-1 arc folds back onto itself: a disconnected fibre",
                                      {"pattern": str(pattern)})
            intervals.append((min(values), max(values)))
        intervals.sort()
        if any(a[1] >= b[0] for a, b in zip(intervals, intervals[1:])):
            return Counterexample("two arcs of a rank-1 region share an image: a disconnected fibre",
                                  {"pattern": str(pattern)})
    return None


def check_connected_fibres(rng: random.Random, radius: Fraction) -> Counterexample | None:
    net = _paper_circle_network(rng)
    points = [(radius * x, radius * y) for x, y in _circle_points(100)]
    return verify_connected_fibres(net, points)


register(Claim(
    id="000.sec3.2.vietoris-begle",
    source="000_d0ea49639dcff77b.txt section 3.2, proof of Theorem B.5 (Vietoris-Begle), section 4.3",
    statement="Where convexity fails, the weaker condition the proof of B.5 needs holds on the paper's examples: for "
              "circles of radii 1, 1.5, 2, 2.5 (100-gons) and {2, 25, 25, 25, 25, 2} networks at PyTorch's default "
              "initialisation, every fibre of Phi on each M cap G_J is connected (regions of rank 2 are injective; "
              "lower-rank ones checked run by run), so Vietoris-Begle applies",
    check=check_connected_fibres,
    cases=(Fraction(1), Fraction(3, 2), Fraction(2), Fraction(5, 2)),
    examples=4,
))

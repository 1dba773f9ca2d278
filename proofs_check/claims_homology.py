"""Claims of ``000`` about overlaps, checked exactly (issue 5, first claims)."""

from __future__ import annotations

import random
from fractions import Fraction

from exact.network import Network
from homology.decompositions import overlap_decomposition
from proofs_check.generate import json_vector, layers, vector
from proofs_check.registry import Claim, Counterexample, Erratum, register

__all__ = ["check_single_layer_no_overlap"]


def check_single_layer_no_overlap(rng: random.Random) -> Counterexample | None:
    """``000`` Prop. B.6: a one-layer network ``ReLU(W x + b)`` glues no data point by overlap.

    Every data point's image is tested against every other populated region's image by
    exact LP; a gluing needs a partner strictly outside every closed region holding the point.
    """
    n0, width = rng.randint(1, 3), rng.randint(1, 5)
    net = Network(n0, layers(rng, [n0, width]), output_relu=True)
    points = [vector(rng, n0, height=4, denominator=3) for _ in range(10)]
    result = overlap_decomposition(net, points)
    if result.gluings or result.data_classes:
        g = result.gluings[0] if result.gluings else None
        return Counterexample("a one-layer network glued data by overlap",
                              {"point": json_vector(points[g.point]) if g else None,
                               "partner": json_vector(g.partner) if g else None})
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
    return None


register(Claim(
    id="000.propC2.xor",
    source="000_d0ea49639dcff77b.txt Prop. C.2",
    statement="XOR is made linearly separable by the one-layer construction with a rank gluing of (0,0) ~ (1,1) "
              "and no overlap, and by the two-layer construction with an overlap gluing and no rank gluing; "
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
def check_rank_or_overlap(rng: random.Random) -> Counterexample | None:
    """Equal images come from the rank source or the overlap source, and the two computations agree.

    Output-ReLU networks send many data points to 0 (exact collisions). Each colliding pair is
    classified by region membership (:func:`glued_pairs`); every overlap pair must also be found by
    the LP-based overlap decomposition as a gluing between the two points' regions.
    """
    net = Network(2, layers(rng, [2, rng.randint(1, 4), 1]), output_relu=True)
    points = [tuple(vector(rng, 2, height=4, denominator=2)) for _ in range(8)]
    rank, overlap = glued_pairs(net, points)  # type: ignore[arg-type]
    images = [net.evaluate(p) for p in points]
    collisions = [(a, b) for a in range(8) for b in range(a + 1, 8) if images[a] == images[b]]
    if sorted(rank + overlap) != collisions:
        return Counterexample("a collision is neither rank nor overlap", {"collisions": collisions})
    result = overlap_decomposition(net, points)
    found = {(g.point, g.target) for g in result.gluings}
    patterns = {i: p for p, members in result.regions.items() for i in members}
    for a, b in overlap:
        if (a, patterns[b]) not in found and (b, patterns[a]) not in found:
            return Counterexample("an overlap pair missed by the overlap decomposition",
                                  {"a": json_vector(points[a]), "b": json_vector(points[b])})
    return None


register(Claim(
    id="000.thmB2.rank-or-overlap",
    source="000_d0ea49639dcff77b.txt Theorem B.2",
    statement="Data points with equal images are glued by the rank source (a common closed region) or by the "
              "overlap source; the overlap decomposition (exact LPs) finds every overlap pair",
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

"""Claims of ``001`` (the rank decomposition): codewords, ranks, contractible quotients, constructions.

Oracles: plain Fraction arithmetic (:mod:`proofs_check.plain`), exact finite differences of
the network's own evaluation (the dimension of the image of a neighbourhood), and homology
groups derived by hand. Each ``verify_*`` function takes its data explicitly so the tests can
feed it a mutated input and see it refuted.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exact.network import Network
from exact.polyhedron import Polyhedron
from homology.complexes import SimplicialComplex, circle, sphere, torus
from proofs_check.generate import json_vector, layers, matrix, widths
from proofs_check.plain import (
    apply,
    chains,
    difference_jacobian,
    graph_betti,
    mask,
    mul,
    rank,
    relu_forward,
    segments_meet,
    strict_bits,
)
from proofs_check.registry import Claim, Counterexample, Erratum, register

__all__ = ["verify_codeword_ranks", "verify_destructive_count", "verify_contractible_quotient",
           "verify_nonpositive_layers", "verify_rank_selection_points", "fold_network", "verify_fold"]

Vec = list[Fraction]


def _weights(net: Network) -> tuple[list[list[list[Fraction]]], list[list[Fraction]]]:
    return ([[list(r) for r in layer.weight] for layer in net.layers], [list(layer.bias) for layer in net.layers])


def _codeword(pre: Sequence[Sequence[Fraction]]) -> tuple[tuple[tuple[int, ...], ...], frozenset[tuple[int, int]]]:
    """``S(z)`` per layer (eq. 2: ``1`` when ``z > 0``) and the positions where ``z = 0``."""
    bits = tuple(tuple(int(v > 0) for v in layer) for layer in pre)
    return bits, frozenset((l, i) for l, layer in enumerate(pre) for i, v in enumerate(layer) if v == 0)


def _image_dimension(net: Network, x: Sequence[Fraction]) -> int | None:
    """``dim span {Phi(x + t e_j) - Phi(x)}`` for ``t`` small enough to keep every sign (exact differences)."""
    W, b = _weights(net)
    jacobian = difference_jacobian(W, b, x, len(W), relu_last=True)
    return None if jacobian is None else rank(jacobian)


def verify_codeword_ranks(net: Network, regions: Sequence[tuple[tuple[tuple[int, ...], ...], int, Sequence[Fraction]]]
                          ) -> Counterexample | None:
    """Each region ``(pattern, rank, interior point)``: eq. (2) codewords, eq. (3)-(4) rank = image dimension.

    A neuron whose pre-activation is ``0`` at an interior point is constant ``0`` on the region; there
    ``S`` says ``0`` and the toolkit's canonical pattern may say either (the map is the same).
    """
    W, b = _weights(net)
    for pattern, stated_rank, x in regions:
        pre, _ = relu_forward(W, b, x, relu_last=True)
        codeword, zeros = _codeword(pre)
        if any(p != c for l, (pl, cl) in enumerate(zip(pattern, codeword)) for i, (p, c) in enumerate(zip(pl, cl))
               if (l, i) not in zeros) or len(pattern) != len(codeword):
            return Counterexample("the region's codeword is not S(Phi^k(x)) at its interior point (eq. 2)",
                                  {"x": json_vector(x), "pattern": str(pattern), "codeword": str(codeword)})
        product = [[Fraction(int(i == j)) for j in range(net.input_dim)] for i in range(net.input_dim)]
        for w, bits in zip(W, codeword):
            product = mul(mask(bits, w), product)
        eq4 = rank(product)
        seen = _image_dimension(net, x)
        if not (stated_rank == eq4 == seen):
            return Counterexample("rank(prod Q_J W) (eq. 4), the region's rank and the dimension of the image of a "
                                  "neighbourhood differ", {"x": json_vector(x), "eq4": eq4, "region": stated_rank,
                                                           "image": seen})
    return None


def check_codeword_ranks(rng: random.Random) -> Counterexample | None:
    """Every region of a random network in ``[-4, 4]^m``, and the partition of the regions by rank."""
    from tropical.enumeration import regions

    sizes = widths(rng, rng.randint(1, 2), high=3, input_dim=rng.randint(1, 3))
    net = Network(sizes[0], layers(rng, sizes), output_relu=True)
    box = Polyhedron.box([-4] * net.input_dim, [4] * net.input_dim)
    found = [(r.pattern, r.rank, r.interior_point) for r in regions(net, box)]
    by_rank = {n: sum(1 for _, r, _ in found if r == n) for n in range(net.input_dim + 1)}
    if sum(by_rank.values()) != len(found):
        return Counterexample("the rank sets Omega_n do not partition the regions", {"by_rank": str(by_rank)})
    return verify_codeword_ranks(net, found)


register(Claim(
    id="001.eq2-4.codewords-and-ranks",
    source="001_1f3ea6e4a7b62c1b.txt eqs. (2)-(4), section 2.1",
    statement="Every region of the polytope decomposition carries the codeword S(Phi^K(x)) of eq. (2) at its "
              "points, and the rank of eq. (4), rank(prod_k Q_Jk W_k), equals the dimension of the image of a "
              "neighbourhood of an interior point (exact finite differences of the network's evaluation); the "
              "rank sets Omega_n partition the regions",
    check=check_codeword_ranks,
    examples=15,
))


# ------------------------------------------------------------------------------ section 3 count
def verify_destructive_count(W: Sequence[Sequence[Fraction]], destructive: int) -> Counterexample | None:
    """Section 3's count for ``ReLU(W x)``, every maximal minor of ``W`` non-zero.

    ``rank(Q_J W) = min(|J|, m)`` for every codeword, and the codewords of rank ``< m`` number
    ``destructive`` (the paper: ``sum_{k<m} C(n, k)``).
    """
    from exact.network import Network as Net

    n, m = len(W), len(W[0])
    net = Net(m, [(W, [0] * n)], output_relu=True)
    count = 0
    for code in range(2 ** n):
        bits = tuple((code >> i) & 1 for i in range(n))
        r = net.local_rank((bits,))
        if r != min(sum(bits), m):
            return Counterexample("rank(Q_J W) != min(|J|, m) for a generic W", {"J": str(bits), "rank": r})
        count += r < m
    if count != destructive:
        return Counterexample("the number of codewords of rank < m is not sum_{k<m} C(n, k)",
                              {"counted": count, "formula": destructive})
    return None


def _generic(W: Sequence[Sequence[Fraction]]) -> bool:
    import itertools

    m = len(W[0])
    return all(rank([W[i] for i in rows]) == m for rows in itertools.combinations(range(len(W)), m))


def _generic_matrix(rng: random.Random, rows: int, columns: int) -> Any:
    """A random matrix with non-zero entries whose every set of at most ``columns`` rows is independent."""
    while True:
        W = matrix(rng, rows, columns, nonzero=True)
        if _generic(W):
            return W


def check_destructive_count(rng: random.Random) -> Counterexample | None:
    m = rng.randint(1, 3)
    n = rng.randint(m, 7)
    return verify_destructive_count(_generic_matrix(rng, n, m), sum(math.comb(n, k) for k in range(m)))


register(Claim(
    id="001.sec3.destructive-codewords",
    source="001_1f3ea6e4a7b62c1b.txt section 3",
    statement="For a layer of width n on R^m with generic weights, a codeword J has rank min(|J|, m), so the "
              "topologically destructive codewords (rank < m) are those with |J| < m: sum_{k<m} C(n, k) of the "
              "2^n (all codewords enumerated, ranks exact)",
    check=check_destructive_count,
    examples=15,
))


def check_binomial_peak(rng: random.Random) -> Counterexample | None:
    """Regions of a generic layer of width ``n <= m`` on ``R^m``, counted by codeword size: the mode is ``n/2``."""
    from tropical.enumeration import regions

    n = rng.randint(1, 4)
    m = rng.randint(n, 4)
    W = _generic_matrix(rng, n, m)
    net = Network(m, [(W, [Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(n)])], output_relu=True)
    sizes = [0] * (n + 1)
    for region in regions(net):
        sizes[sum(region.pattern[0])] += 1
    if sizes != [math.comb(n, k) for k in range(n + 1)]:
        return Counterexample(f"regions by codeword size {sizes}, not C({n}, k)", {"weights": json_vector(W[0])})
    modes = {k for k in range(n + 1) if sizes[k] == max(sizes)}
    if modes != {n // 2, (n + 1) // 2}:
        return Counterexample(f"codeword sizes {sizes} peak at {sorted(modes)}, not at n/2", {})
    return None


def check_destructive_fraction(rng: random.Random) -> Counterexample | None:
    """``sum_{k<m} C(n, k) / 2^n`` never grows with ``n`` and falls below ``2^-j`` (exactly, in Fractions)."""
    m = rng.randint(1, 12)
    j = rng.randint(1, 30)
    previous, n = None, m
    while True:
        fraction = Fraction(sum(math.comb(n, k) for k in range(m)), 2 ** n)
        if previous is not None and fraction > previous:
            return Counterexample(f"m = {m}: the fraction grows from n = {n - 1} to n = {n}", {})
        if fraction < Fraction(1, 2 ** j):
            return None
        if n > 64 * (m + j):
            return Counterexample(f"m = {m}: still at least 2^-{j} at n = {n}", {})
        previous, n = fraction, n + 1


register(Claim(
    id="001.sec3.binomial-peak",
    source="001_1f3ea6e4a7b62c1b.txt section 3",
    statement="Counted by codeword size k, the regions of a layer of width n are C(n, k) (all 2^n codewords occur "
              "when n <= m), largest at k = floor(n/2) and ceil(n/2): 'most regions would be near these ranks' "
              "(regions enumerated exactly for random generic layers with n <= m <= 4)",
    check=check_binomial_peak,
    examples=10,
))

register(Claim(
    id="001.sec3.destructive-fraction",
    source="001_1f3ea6e4a7b62c1b.txt section 3",
    statement="With every codeword equally likely (the paper's naive assumption), the fraction of destructive "
              "codewords sum_{k<m} C(n, k) / 2^n never increases with the width n and goes to 0 when n >> m "
              "(exact fractions: below 2^-j for random m <= 12, j <= 30)",
    check=check_destructive_fraction,
    examples=25,
))


# ------------------------------------------------------------------------------ eq. (7)
def _star(X: SimplicialComplex, v: object) -> SimplicialComplex:
    """The closed star of vertex ``v`` (a cone, hence contractible)."""
    top = X.dimension
    return SimplicialComplex(s for s in X.simplices_labelled(top) if v in s)


def _tree(X: SimplicialComplex, rng: random.Random, size: int) -> SimplicialComplex:
    """A random subtree of the 1-skeleton with ``size`` vertices (contractible)."""
    edges = X.simplices_labelled(1)
    start = rng.choice(X.labels)
    inside, chosen = {start}, []
    while len(inside) < size:
        frontier = [e for e in edges if (e[0] in inside) != (e[1] in inside)]
        if not frontier:
            break
        e = rng.choice(frontier)
        chosen.append(e)
        inside.update(e)
    return SimplicialComplex(chosen if chosen else [(start,)])


HAND_BETTI = {"circle": (1, 1), "sphere": (1, 0, 1), "torus": (1, 2, 1)}


def verify_contractible_quotient(X: SimplicialComplex, A: SimplicialComplex, betti: Sequence[int]
                                 ) -> Counterexample | None:
    """Eq. (7): ``H_i(X, A) = H_i(X)`` for ``i >= 1`` and ``H_0(X, A) = 0`` for contractible ``A``.

    ``X`` is connected; ``betti`` is its hand-derived (torsion-free) homology.
    """
    groups = X.homology(A)
    got = [(g.betti, g.torsion) for g in groups]
    want = [(0 if i == 0 else b, ()) for i, b in enumerate(betti)]
    if got != want:
        return Counterexample("H(X, A) for a contractible A differs from the reduced homology of X",
                              {"relative": [str(g) for g in groups], "expected_betti": list(want)})
    return None


def check_contractible_quotient(rng: random.Random) -> Counterexample | None:
    name = rng.choice(sorted(HAND_BETTI))
    X = {"circle": lambda: circle(rng.randint(4, 9)), "sphere": lambda: sphere(2),
         "torus": lambda: torus(rng.randint(3, 5))}[name]()
    A = _star(X, rng.choice(X.labels)) if rng.random() < 0.5 and name != "circle" else \
        _tree(X, rng, rng.randint(1, len(X.labels) - 1))
    return verify_contractible_quotient(X, A, HAND_BETTI[name])


register(Claim(
    id="001.eq7.contractible-quotient",
    source="001_1f3ea6e4a7b62c1b.txt section 2.2, eqs. (6)-(7)",
    statement="Quotienting a contractible subspace preserves homology: H_i(M, Omega_0) = H_i(M) for i >= 1 and "
              "H_0(M, Omega_0) = 0, for circles, the 2-sphere and tori with Omega_0 a random subtree of the "
              "1-skeleton or the closed star of a vertex (relative Smith forms against the hand-derived H(M))",
    check=check_contractible_quotient,
    examples=20,
))


# ------------------------------------------------------------------------------ section 3.2, [-1, 0] weights
def _nonpositive_matrix(rng: random.Random, rows: int, columns: int) -> list[list[Fraction]]:
    """Entries drawn from ``[-1, 0)`` (rationals with denominator 16): strictly negative."""
    return [[Fraction(-rng.randint(1, 16), 16) for _ in range(columns)] for _ in range(rows)]


def verify_nonpositive_layers(net: Network) -> Counterexample | None:
    """Zero biases and negative weights: rank 0 on the positive orthant, everywhere from layer 2.

    The point ``(1, ..., 1)`` lies in a rank-0 region of layer 1; with a second layer every region
    has rank 0 and ``Phi^2 = 0`` at its interior point.
    """
    from tropical.enumeration import regions

    W, b = _weights(net)
    m = net.input_dim
    ones = [Fraction(1)] * m
    pre, post = relu_forward(W[:1], b[:1], ones, relu_last=True)
    if strict_bits(pre) != (tuple([0] * len(W[0])),) or any(post[-1]):
        return Counterexample("the positive orthant point is not in a rank-0 region of layer 1",
                              {"pre": json_vector(pre[0])})
    if net.depth >= 2:
        for region in regions(net, Polyhedron.box([-3] * m, [3] * m)):
            if region.rank != 0:
                return Counterexample("a region of rank > 0 after a second layer of negative weights",
                                      {"x": json_vector(region.interior_point), "rank": region.rank})
            _, post = relu_forward(W, b, region.interior_point, relu_last=True)
            if any(post[-1]):
                return Counterexample("Phi^2 is not 0", {"x": json_vector(region.interior_point)})
    return None


def check_nonpositive_layers(rng: random.Random) -> Counterexample | None:
    m, depth = rng.randint(1, 3), rng.randint(1, 3)
    sizes = [m] + [rng.randint(1, 4) for _ in range(depth)]
    net = Network(m, [(_nonpositive_matrix(rng, sizes[l], sizes[l - 1]), [0] * sizes[l])
                      for l in range(1, depth + 1)], output_relu=True)
    return verify_nonpositive_layers(net)


register(Claim(
    id="001.sec3.2.nonpositive-weights",
    source="001_1f3ea6e4a7b62c1b.txt section 3.2",
    statement="With weights from [-1, 0] and zero biases a layer has a rank-0 region containing the positive "
              "orthant, and a further such layer (its input is nonnegative) has rank 0 on every region "
              "(exact region enumeration in [-3, 3]^m)",
    check=check_nonpositive_layers,
    examples=15,
))


# ------------------------------------------------------------------------------ section 3.2 at m = 25, 50
def verify_rank_selection_points(W: Sequence[Sequence[Fraction]], k: int) -> Counterexample | None:
    """The two orthant points of the rank selection construction ``W = R(k, n1) P``, ``P > 0``.

    At ``x = (1, ..., 1)`` exactly the first ``k`` neurons are active and at ``-x`` the last
    ``n1 - k``; the ranks there are ``min(k, m)`` and ``min(n1 - k, m)`` for generic ``P``, so the
    minimal rank is at most ``min(k, n1 - k, m)``.
    """
    n1, m = len(W), len(W[0])
    for sign, active, bound in ((1, list(range(k)), min(k, m)), (-1, list(range(k, n1)), min(n1 - k, m))):
        z = apply(W, [Fraction(sign)] * m)
        if sorted(i for i, v in enumerate(z) if v > 0) != active or any(v == 0 for v in z):
            return Counterexample("the active set at the orthant point is not the one of R(k, n1)",
                                  {"sign": sign, "k": k})
        r = rank([W[i] for i in active])
        if r != bound:
            return Counterexample("the rank at the orthant point differs from the construction's",
                                  {"sign": sign, "rank": r, "expected": bound})
    return None


def check_rank_selection_large(rng: random.Random, case: tuple[int, int, int]) -> Counterexample | None:
    m, n1, k = case
    P = [[Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(m)] for _ in range(n1)]
    W = [[v if i < k else -v for v in row] for i, row in enumerate(P)]
    from exact.network import Network as Net

    net = Net(m, [(W, [0] * n1)], output_relu=True)
    # the toolkit's rank at the two orthant points must match the construction's
    for sign, bound in ((1, min(k, m)), (-1, min(n1 - k, m))):
        toolkit = net.local_rank(net.pattern([sign] * m))
        if toolkit != bound:
            return Counterexample("Network.local_rank at the orthant point differs from the construction's",
                                  {"m": m, "n1": n1, "k": k, "rank": toolkit})
    return verify_rank_selection_points(W, k)


register(Claim(
    id="001.sec3.2.rank-selection-m25-m50",
    source="001_1f3ea6e4a7b62c1b.txt section 3.2, eq. (10), Figure 2C (m = 25, 50)",
    statement="At the paper's sizes m = 25 and 50 (n1 = 2m, several k), W = R(k, n1) P with P > 0 has regions of "
              "rank min(k, m) at (1, ..., 1) and min(n1 - k, m) at -(1, ..., 1), so the minimal rank is at most "
              "min(k, n1 - k, m); the exact minimum over all regions is out of reach at these sizes (C(100, 50) "
              "candidate patterns) and is checked exhaustively only for small m by 001.sec3.2.rank-selection-bound",
    check=check_rank_selection_large,
    cases=((25, 50, 5), (25, 50, 25), (25, 50, 40), (50, 100, 10), (50, 100, 50), (50, 100, 75)),
    examples=6,
))


# ------------------------------------------------------------------------------ erratum: full-rank folds
def fold_network() -> Network:
    """``(x, y) -> (|x|, y)`` as ``(relu(x) + relu(-x), relu(y) - relu(-y))``: every region has rank 2."""
    return Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]),
                       ([[1, 1, 0, 0], [0, 0, 1, -1]], [0, 0])])


DIAMOND = [(Fraction(0), Fraction(1)), (Fraction(1), Fraction(0)), (Fraction(0), Fraction(-1)),
           (Fraction(-1), Fraction(0))]


def verify_fold(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """The erratum's counterexample holds: ``None`` when it does, else what fails.

    Every region of ``net`` has rank 2, yet the image of the polygon (whose edges stay inside
    one quadrant each) has ``H_1 = 0``.
    """
    from tropical.enumeration import regions

    W, b = _weights(net)
    ranks = [r.rank for r in regions(net, Polyhedron.box([-2, -2], [2, 2]))]
    plain_ranks = []
    for x in ([1, 1], [-1, 1], [-1, -1], [1, -1]):
        bits = strict_bits(relu_forward(W, b, x)[0])
        assert bits is not None
        product = mul(W[1], mask(bits[0], W[0]))
        plain_ranks.append(rank(product))
    if set(ranks) != {2} or set(plain_ranks) != {2}:
        return Counterexample("the fold network has a region of rank < 2", {"ranks": ranks})
    images = [tuple(relu_forward(W, b, p)[1][-1]) for p in polygon]
    segments = set()
    for i in range(len(polygon)):
        a, c = images[i], images[(i + 1) % len(polygon)]
        segments.add((min(a, c), max(a, c)))
    b0, b1 = graph_betti(segments)
    if (b0, b1) != (1, 0):
        return Counterexample("the image of the circle keeps its loop", {"b0": b0, "b1": b1})
    return None


def refute_full_rank_preserves() -> Counterexample | None:
    if verify_fold(fold_network(), DIAMOND) is not None:
        return None
    return Counterexample(
        "the fold (x, y) -> (|x|, y) = (relu(x) + relu(-x), relu(y) - relu(-y)) has rank 2 on all four regions, "
        "yet maps the circle through (0, 1), (1, 0), (0, -1), (-1, 0) onto the path (0, 1) - (1, 0) - (0, -1): "
        "H_1 goes from Z to 0", {"polygon": [json_vector(p) for p in DIAMOND]})


def check_full_rank_overlap(rng: random.Random) -> Counterexample | None:
    """The corrected statement on a random star-shaped polygon and network ``R^2 -> R^2``.

    If the image's homology differs from the circle's, a piece of rank < 2 meets the polygon or
    the images of two pieces sharing no point of the polygon intersect (an overlap, ``000``).
    """
    from homology.image import image_homology

    n = rng.randint(5, 8)
    polygon = [(Fraction(rng.randint(-4, 4), 2), Fraction(rng.randint(-4, 4), 2)) for _ in range(n)]
    centre = (sum(p[0] for p in polygon) / n, sum(p[1] for p in polygon) / n)
    # a star-shaped simple polygon: sort the points by angle around their centroid (floats only order them;
    # simplicity is then decided exactly below)
    polygon = sorted(set(polygon), key=lambda p: math.atan2(float(p[1] - centre[1]), float(p[0] - centre[0])))
    n = len(polygon)
    edges = [(polygon[i], polygon[(i + 1) % n]) for i in range(n)]
    if n < 3 or any(segments_meet(*edges[i], *edges[j]) for i in range(n) for j in range(i + 2, n)
                    if not (i == 0 and j == n - 1)):
        return None  # not a simple polygon: no example
    net = Network(2, layers(rng, [2, rng.randint(3, 5), 2]))
    complex_ = circle(n)
    result = image_homology(net, complex_, {i: polygon[i] for i in range(n)})
    if [(g.betti, g.torsion) for g in result.homology] == [(1, ()), (1, ())]:
        return None
    if any(net.local_rank(p.pattern) < 2 for p in result.pieces):
        return None
    W, b = _weights(net)
    ends = []
    for p in result.pieces:
        vs = p.domain.vertices()
        ends.append((vs, [tuple(relu_forward(W, b, v)[1][-1]) for v in vs]))
    for i in range(len(ends)):
        for j in range(i + 1, len(ends)):
            if set(ends[i][0]) & set(ends[j][0]):
                continue
            if segments_meet(*ends[i][1], *ends[j][1]):
                return None
    return Counterexample("the image's homology changed with every piece of rank 2 and no overlap",
                          {"polygon": [json_vector(p) for p in polygon]})


register(Claim(
    id="001.sec2.2.full-rank-topology",
    source="001_1f3ea6e4a7b62c1b.txt section 1 and section 2.2",
    statement="Corrected: a change of the homology of a polygonal circle under a network R^2 -> R^2 needs a piece of "
              "rank < 2 or two pieces, sharing no point of the circle, whose images meet (the overlap source of "
              "000); regions of full rank alone do not preserve topology (exact image homology, exact segment "
              "intersections)",
    check=check_full_rank_overlap,
    examples=40,
    erratum=Erratum(
        stated="'We show that topology can change exactly in regions with a rank smaller than the minimum embedding "
               "dimension of the input manifold' (section 1); 'Since the mapping Phi is a homeomorphism on all "
               "regions of rank equal to m, we only need to consider what happens to regions of lower rank' "
               "(section 2.2)",
        corrected="Phi is injective on each region of rank m, but different full-rank regions can share images; "
                  "topology can change with every region of rank m",
        refute=refute_full_rank_preserves),
))


# ------------------------------------------------------------------------------ section 3.1
def verify_narrow_destructive(net: Network) -> Counterexample | None:
    """Section 3.1: a layer no wider than its input (``n1 <= m``) always has a region of rank ``< m``.

    Every region's rank is at most ``n1``; when ``n1 = m`` only the all-active region can reach
    ``m``, and an arrangement of ``n1 >= 1`` hyperplanes has at least two regions. Checked by exact
    enumeration of all regions of ``R^m`` and plain ranks of ``Q_J W``.
    """
    from tropical.enumeration import regions

    W = [list(r) for r in net.layers[0].weight]
    m = net.input_dim
    found = list(regions(net))
    ranks = [rank(mask(r.pattern[0], W)) for r in found]
    if [r.rank for r in found] != ranks:
        return Counterexample("a region's rank differs from rank(Q_J W)", {})
    if min(ranks) >= m:
        return Counterexample("a layer with n1 <= m has no region of rank < m", {"n1": len(W), "m": m})
    return None


def check_narrow_destructive(rng: random.Random) -> Counterexample | None:
    m = rng.randint(1, 4)
    n1 = rng.randint(1, m)
    return verify_narrow_destructive(Network(m, layers(rng, [m, n1]), output_relu=True))


register(Claim(
    id="001.sec3.1.narrow-destructive",
    source="001_1f3ea6e4a7b62c1b.txt section 3.1, Figure 2A",
    statement="For m >= n1 a layer R^m -> R^n1 always has topologically destructive regions: some region of R^m has "
              "rank < m (every region of R^m enumerated exactly, ranks of Q_J W by plain elimination)",
    check=check_narrow_destructive,
    examples=20,
))


# ------------------------------------------------------------------------------ section 3.2, Dale's principle
def verify_dale(net: Network, excitatory: int) -> Counterexample | None:
    """Section 3.2 (Figure 2D) on the positive orthant, for ``W = P R(k, m)`` with ``P > 0`` and zero biases.

    ``k = excitatory`` columns are positive, the rest negative. All excitatory (``k = m``): every
    region meeting the open orthant has rank ``min(n1, m)`` (nothing destructive); all inhibitory
    (``k = 0``): every such region has rank 0; in between (balanced) both ranks below and at ``m``
    occur when ``n1 >= m`` (near an excitatory axis every neuron is on, near an inhibitory one
    every neuron is off). Exact regions of ``(0, 3]^m``.
    """
    from tropical.enumeration import regions

    m, n1 = net.input_dim, len(net.layers[0].weight)
    ranks = {r.rank for r in regions(net, Polyhedron.box([0] * m, [3] * m))}
    if excitatory == m and ranks != {min(n1, m)}:
        return Counterexample("an excitatory network has a destructive region on the orthant",
                              {"ranks": sorted(ranks)})
    if excitatory == 0 and ranks != {0}:
        return Counterexample("an inhibitory network has a region of positive rank on the orthant",
                              {"ranks": sorted(ranks)})
    if 0 < excitatory < m and n1 >= m and not (min(ranks) < m and max(ranks) == m):
        return Counterexample("a balanced network lacks destructive or preserving regions on the orthant",
                              {"ranks": sorted(ranks)})
    return None


def check_dale(rng: random.Random) -> Counterexample | None:
    m = rng.randint(2, 3)
    n1 = rng.randint(m, m + 3)
    k = rng.choice([0, m, rng.randint(1, m - 1)])
    P = [[Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(m)] for _ in range(n1)]
    W = [[v if j < k else -v for j, v in enumerate(row)] for row in P]
    return verify_dale(Network(m, [(W, [0] * n1)], output_relu=True), k)


register(Claim(
    id="001.sec3.2.dale",
    source="001_1f3ea6e4a7b62c1b.txt section 3.2, Figure 2D",
    statement="With Dale's principle W = P R(k, m) (P > 0, zero biases) on the positive orthant: all excitatory "
              "(k = m) leaves no topologically destructive region (every region meeting the orthant has rank "
              "min(n1, m)), all inhibitory (k = 0) gives rank 0 everywhere there, and balanced networks (0 < k < m, "
              "n1 >= m) have regions of rank < m and of rank m (exact regions of (0, 3]^m)",
    check=check_dale,
    examples=20,
))


# ------------------------------------------------------------------------------ section 2.2: rank-1 components
def triangle_curve_network() -> Network:
    """``(x, y) -> gamma(x)``: ``gamma`` runs ``(0, 0) -> (1, 0) -> (0, 1) -> (0, 0)`` as ``x`` goes 0..3.

    Rank 1 on ``0 < x < 3`` (three regions, three directions), rank 0 elsewhere.
    """
    return Network(2, [([[1, 0], [1, 0], [1, 0], [1, 0]], [0, -1, -2, -3]),
                       ([[1, -2, 1, 0], [0, 1, -2, 1]], [0, 0])])


RECTANGLE = [(Fraction(-1, 2), Fraction(0)), (Fraction(7, 2), Fraction(0)), (Fraction(7, 2), Fraction(1)),
             (Fraction(-1, 2), Fraction(1))]


def rank_one_components(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]
                        ) -> list[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]]:
    """The closed arcs of the polygon made of rank-1 pieces, each as its list of image segments."""
    from homology.complexes import circle
    from homology.image import refine

    W, b = _weights(net)
    n = len(polygon)
    pieces = []
    for piece in refine(net, circle(n), {i: polygon[i] for i in range(n)}):
        if net.local_rank(piece.pattern) == 1:
            ends = piece.domain.vertices()
            pieces.append((tuple(ends[0]), tuple(ends[-1])))
    components = []
    for members in chains(pieces):
        images = []
        for i in members:
            a, c = (tuple(relu_forward(W, b, e)[1][-1]) for e in pieces[i])
            images.append((min(a, c), max(a, c)))
        components.append(images)
    return components


def refute_rank_one_lines() -> Counterexample | None:
    from proofs_check.claims_homology import image_graph_betti

    components = rank_one_components(triangle_curve_network(), RECTANGLE)
    if len(components) != 2:
        return None
    for segments in components:
        points = [p for s in segments for p in s]
        spread = rank([[a - c for a, c in zip(p, points[0])] for p in points[1:]])
        if spread != 2 or image_graph_betti(segments) != (1, 1):
            return None
    return Counterexample(
        "(x, y) -> gamma(x), gamma through (0,0), (1,0), (0,1), (0,0) as x runs over [0, 3] (four ReLUs of x), has "
        "rank 1 on 0 < x < 3; on the rectangle (-1/2, 0), (7/2, 0), (7/2, 1), (-1/2, 1) the rank-1 set is two arcs, "
        "and each (closed) arc maps onto the whole triangle: not into a line, and H_1 of the image is Z", {})


def rank_one_paths(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]
                   ) -> list[tuple[list[tuple[Fraction, ...]], bool, int]]:
    """The components of the rank-1 set on a closed polygon, plain: ``(points, closed, regions)`` each.

    The polygon is cut where neurons change sign (:func:`proofs_check.plain.segment_pieces`); a
    piece's rank is that of the product of its masked weight matrices; a component is a maximal
    run of consecutive rank-1 pieces (``closed`` when it is the whole polygon), given by the
    points of its path and the number of distinct regions it passes.
    """
    from proofs_check.plain import segment_pieces

    W, b = _weights(net)
    n = len(polygon)
    pieces = []
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        for t0, t1, bits in segment_pieces(W, b, p, q):
            linear: list[list[Fraction]] = [[Fraction(int(r == c)) for c in range(2)] for r in range(2)]
            for w, layer in zip(W, bits):
                linear = mask(layer, mul(w, linear))
            linear = mul(W[-1], linear)
            ends = [tuple(a + t * (c - a) for a, c in zip(p, q)) for t in (t0, t1)]
            pieces.append((ends[0], ends[1], bits, rank(linear)))
    if all(r == 1 for *_, r in pieces):
        return [([a for a, *_ in pieces] + [pieces[0][0]], True, len({bits for _, _, bits, _ in pieces}))]
    first = next(i for i, piece in enumerate(pieces) if piece[3] != 1)
    order = pieces[first:] + pieces[:first]          # start outside the rank-1 set: runs do not wrap
    paths, run = [], []
    for piece in order + [order[0]]:
        if piece[3] == 1:
            run.append(piece)
        elif run:
            paths.append(([run[0][0]] + [c for _, c, _, _ in run], False, len({bits for _, _, bits, _ in run})))
            run = []
    return paths


def check_rank_one_components(rng: random.Random) -> Counterexample | None:
    """Each rank-1 component spanning several regions: the toolkit's image homology = the plain quotient's."""
    from homology.image import image_homology
    from proofs_check.claims_homology import quotient_betti

    polygon = [(Fraction(2), Fraction(0)), (Fraction(1), Fraction(2)), (Fraction(-1), Fraction(2)),
               (Fraction(-2), Fraction(0)), (Fraction(-1), Fraction(-2)), (Fraction(1), Fraction(-2))]
    # first-layer rows along one direction u: every rank is 0 or 1, but each region maps along its own direction
    # (the triangle curve of the erratum is one such network)
    u = (Fraction(rng.randint(1, 3)), Fraction(rng.randint(-3, 3)))
    width = rng.randint(3, 5)
    first = ([[c * u[0], c * u[1]] for c in (Fraction(rng.choice([-2, -1, 1, 2])) for _ in range(width))],
             [Fraction(rng.randint(-6, 6), 2) for _ in range(width)])
    net = Network(2, [first, *layers(rng, [width, rng.randint(2, 4), 2])])
    for points, closed, regions in rank_one_paths(net, polygon):
        if regions < 2:
            continue
        m = len(points) - 1 if closed else len(points)
        edges = [(i, (i + 1) % m) for i in range(m if closed else m - 1)]
        found = image_homology(net, SimplicialComplex(edges), dict(enumerate(points)))
        toolkit = tuple(g.betti for g in found.homology)
        plain = quotient_betti(net, points[:m], closed)
        if toolkit != plain:
            return Counterexample("a rank-1 component's image homology differs from its plain quotient's",
                                  {"toolkit": list(toolkit), "quotient": list(plain), "closed": closed,
                                   "points": [json_vector(p) for p in points]})
    return None


register(Claim(
    id="001.sec2.2.rank-one-components",
    source="001_1f3ea6e4a7b62c1b.txt section 2.2 (before eq. 9)",
    statement="Corrected: only a single rank-1 region maps M into a line; a connected component of the rank-1 set "
              "can span several regions and map onto a closed polyline, so the sequential quotients of eq. (9) must "
              "collapse piece by piece. Checked on the components that span several regions of a hexagon under "
              "random networks whose first-layer rows share one direction (every rank is 0 or 1): the toolkit's "
              "image homology of each component (homology.image) equals the homology of its quotient by Phi, built "
              "plainly from its exact pieces",
    check=check_rank_one_components,
    erratum=Erratum(
        stated="'pieces of the input manifold can now be sent to disconnected (but contractible) subsets of a line. "
               "In other words, Omega_1 = disjoint union of V_j ... Any disconnected component is contractible when "
               "projected to a line'",
        corrected="a component V_j of the rank-1 set need not map into one line, and the image of its closure need "
                  "not be contractible; only a single rank-1 region maps into a line",
        refute=refute_rank_one_lines),
    examples=15,
))


# ------------------------------------------------------------------------------ eq. (14), random networks
def verify_circle_classifying(net: Network, polygon: Sequence[tuple[Fraction, Fraction]]) -> Counterexample | None:
    """Eq. (14) on one network: ``H(S^1, Omega_0)`` as the number of rank-0 arcs predicts.

    ``(0, Z^n)`` for ``n >= 1`` arcs, ``H(S^1) = (Z, Z)`` when ``Omega_0`` misses the circle and ``0``
    when it covers it; arcs are counted from the exact pieces.
    """
    from homology.complexes import circle
    from homology.image import rank_zero_relative_homology

    n = len(polygon)
    result = rank_zero_relative_homology(net, circle(n), {i: polygon[i] for i in range(n)})
    zero = sorted(set(result.rank_zero))
    ends = [tuple(tuple(v) for v in (p.domain.vertices()[0], p.domain.vertices()[-1])) for p in result.pieces]
    arcs = len(chains([ends[i] for i in zero]))
    if len(zero) == len(result.pieces):
        want = [(0, ()), (0, ())]           # Omega_0 covers the circle
    elif arcs == 0:
        want = [(1, ()), (1, ())]
    else:
        want = [(0, ()), (arcs, ())]
    got = [(g.betti, g.torsion) for g in result.homology[:2]]
    if got != want:
        return Counterexample("H(S^1, Omega_0) is not in the circle's classifying set as the arcs predict",
                              {"arcs": arcs, "relative": [str(g) for g in result.homology]})
    return None


def check_circle_classifying(rng: random.Random) -> Counterexample | None:
    polygon = [(Fraction(2), Fraction(0)), (Fraction(1), Fraction(2)), (Fraction(-1), Fraction(2)),
               (Fraction(-2), Fraction(0)), (Fraction(-1), Fraction(-2)), (Fraction(1), Fraction(-2))]
    net = Network(2, layers(rng, [2, rng.randint(1, 3), rng.randint(1, 2)]), output_relu=True)
    return verify_circle_classifying(net, polygon)


register(Claim(
    id="001.eq14.circle-classifying",
    source="001_1f3ea6e4a7b62c1b.txt appendix 7.2, eq. (14)",
    statement="For random networks (output ReLU, so rank-0 regions are common) on a polygonal circle, H(S^1, "
              "Omega_0) lies in the circle's representation classifying set: (0, Z^n) for n >= 1 arcs of the rank-0 "
              "set, (Z, Z) when it misses the circle, 0 when it covers it (relative homology of the pair of nerves "
              "against arcs counted from the exact pieces)",
    check=check_circle_classifying,
    examples=20,
))

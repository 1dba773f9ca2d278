"""Sampling M, the convexity hypothesis of Theorem 3.2, and type 1 / type 2 errors, against hand cases."""

from fractions import Fraction
from math import comb

import pytest

from exact.errors import ShapeError
from exact.network import Network
from exact.polyhedron import Polyhedron
from homology.complexes import SimplicialComplex, circle
from homology.image import image_homology
from homology.sampling import compare_sampled, intersections_convex, sample_complex, union_is_convex
from proofs_check.claims_quotient import CASES

DIAMOND = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}


def segment(a, b):
    return Polyhedron.from_generators([a, b])


def triangle(a, b, c):
    return Polyhedron.from_generators([a, b, c])


@pytest.mark.parametrize("k", [1, 3, 5])
def test_sample_counts_and_membership(k):
    tri = SimplicialComplex([(0, 1, 2)])
    coords = {0: (0, 0), 1: (2, 0), 2: (0, 2)}
    points = sample_complex(tri, coords, k)
    assert len(points) == comb(k + 2, 2)                  # lattice points of the k-th dilate of a triangle
    whole = triangle(*coords.values())
    assert all(whole.contains(p) for p in points)
    assert len(sample_complex(circle(4), DIAMOND, k)) == 4 * k     # k per edge, corners shared


def test_sample_rejects_bad_k():
    with pytest.raises(ShapeError, match="must be positive"):
        sample_complex(circle(3), {0: (0, 0), 1: (1, 0), 2: (0, 1)}, 0)


@pytest.mark.parametrize("parts, convex", [
    ([segment((0, 0), (1, 0)), segment((1, 0), (2, 0))], True),                 # collinear, touching
    ([segment((0, 0), (1, 0)), segment((2, 0), (3, 0))], False),                # collinear with a gap
    ([segment((0, 0), (1, 0)), segment((1, 0), (1, 1))], False),                # an L
    ([triangle((0, 0), (1, 0), (1, 1)), triangle((0, 0), (1, 1), (0, 1))], True),   # a square
    ([triangle((0, 0), (1, 0), (0, 1)), triangle((0, 0), (-1, 0), (0, -1))], False),  # a bow tie
    ([triangle((0, 0), (1, 0), (0, 1)), segment((0, 0), (-1, 0))], False),      # a tail
    ([triangle((0, 0), (1, 0), (0, 1)), segment((0, 0), (1, 0))], True),        # an edge of the triangle
    ([segment((0, 0, 0), (1, 1, 1)), segment((1, 1, 1), (2, 2, 2))], True),    # a line in space
])
def test_union_convexity_by_hand(parts, convex):
    assert union_is_convex(parts) is convex


def test_hypothesis_fails_when_a_region_holds_two_edges():
    # only y = 0 cuts the diamond: the upper region meets it in a V, not convex
    net = Network(2, [([[0, 1], [0, -1], [1, 0]], [0, 0, 10]), ([[0, 0, 1], [1, -1, 0]], [-10, 0])])
    img = image_homology(net, circle(4), DIAMOND)
    verdicts = intersections_convex(net, circle(4), DIAMOND, img.pieces)
    assert sorted(verdicts.values()) == [False, False]
    # with x = 0 cut too (the theorem's cases), each quadrant holds one edge
    case = next(c for c in CASES if c.name == "identity")
    img = image_homology(case.network, circle(4), DIAMOND)
    assert list(intersections_convex(case.network, circle(4), DIAMOND, img.pieces).values()) == [True] * 4


def test_type1_errors_of_the_two_segments_by_hand():
    case = next(c for c in CASES if c.name == "two-segments")
    result = compare_sampled(case.network, case.complex_, case.coordinates, 4, Fraction(1, 4))
    # both segments are sampled at x = 0, 1/4, ..., 1; every point's image lies in the other region's image
    # (v = 0 in {v < 1} = Phi(y > 1); v = -1 in Phi(y < 1)) through a point off M
    lower = {i for i, p in enumerate(result.points) if p[1] == 0}
    upper = {i for i, p in enumerate(result.points) if p[1] == 2}
    assert len(lower) == len(upper) == 5
    assert {i for i, _ in result.type1} == lower | upper and len(result.type1) == 10
    assert not result.type2
    assert [h.betti for h in result.exact] == [2, 0] and [h.betti for h in result.sampled] == [1, 0]


def test_type2_error_of_the_crossing_by_hand():
    case = next(c for c in CASES if c.name == "crossing")
    result = compare_sampled(case.network, case.complex_, case.coordinates, 12, Fraction(1, 4))
    # Phi(t) = (2t, 0) on [0, 1] meets the piece [2, 2 + 1/100] (segment (2,1)-(1,-1)) only at t = 3/4
    assert [result.points[i] for i, _ in result.type2] == [(Fraction(3, 4),)]
    (pattern,) = {p for _, p in result.type2}
    assert case.network.pattern([Fraction(2) + Fraction(1, 200)]) == pattern
    assert [h.betti for h in result.exact] == [1, 1] and [h.betti for h in result.sampled] == [1, 0]


def test_overlap_classes_identified_fix_the_fold_and_cones_do_not():
    case = next(c for c in CASES if c.name == "fold")
    cones = compare_sampled(case.network, case.complex_, case.coordinates, 8, Fraction(1, 4))
    identified = compare_sampled(case.network, case.complex_, case.coordinates, 8, Fraction(1, 4),
                                 classes="data", construction="identify")
    # exact overlap classes: mirror pairs (x, y), (-x, y) with x != 0, y != 0
    pairs = [[identified.points[i] for i in c] for c in identified.overlap.data_classes]
    assert all(len(c) == 2 and c[0] == (-c[1][0], c[1][1]) and c[0][0] != 0 for c in pairs)
    assert len(pairs) == (32 - 2) // 2        # all 32 points but (0, +-1), on the fold line, in mirror pairs
    assert [h.betti for h in identified.sampled] == [1, 0] and [h.betti for h in cones.sampled] == [1, 1]

"""The 000 claims added for issue 11 refute mutated inputs."""

from fractions import Fraction as Q

import pytest

from exact import Network
from proofs_check import claims_homology as ch


def test_decompositions_agree_and_a_wrong_decomposition_is_refuted(monkeypatch):
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1])], output_relu=True)
    points = [(Q(a, 2), Q(b, 3)) for a in range(-3, 4) for b in range(-2, 3)]
    assert ch.verify_decompositions(net, points) is None
    import homology.decompositions as hd

    real = hd.codeword_decomposition
    monkeypatch.setattr(hd, "codeword_decomposition", lambda *a: {k: v[:-1] for k, v in real(*a).items()})
    assert ch.verify_decompositions(net, points) is not None


def test_local_maps_tent_and_a_network_with_one_map():
    assert ch.verify_local_maps(ch.tent_network(), [Q(-1, 2)], [Q(1, 2)]) is None
    ramp = Network(1, [([[1], [-1]], [2, 0]), ([[1, 0]], [0])], output_relu=True)   # x + 2 on (-2, 0): one map
    assert ch.verify_local_maps(ramp, [Q(-1, 2)], [Q(-1, 4)]) is not None


def test_injective_polygon_decided_by_hand():
    square = [((Q(0), Q(0)), (Q(1), Q(0))), ((Q(1), Q(0)), (Q(1), Q(1))), ((Q(1), Q(1)), (Q(0), Q(1))),
              ((Q(0), Q(1)), (Q(0), Q(0)))]
    identity = Network(2, [([[1, 0], [0, 1]], [5, 5]), ([[1, 0], [0, 1]], [0, 0])])
    assert ch._injective_on_polygon(identity, square)[0]
    flatten = Network(2, [([[1, 0], [0, 1]], [5, 5]), ([[1, 0], [1, 0]], [0, 0])])    # (x, y) -> (x, x)
    assert not ch._injective_on_polygon(flatten, square)[0]
    fold = Network(2, [([[1, 0], [-1, 0], [0, 1]], [Q(-1, 2), Q(1, 2), 5]), ([[1, 1, 0], [0, 0, 1]], [0, 0])])
    assert not ch._injective_on_polygon(fold, square)[0]       # |x - 1/2| folds the square's bottom and top


def test_injective_homeomorphism_refutes_a_wrong_image_homology(monkeypatch):
    hexagon = [(Q(2), Q(0)), (Q(1), Q(2)), (Q(-1), Q(2)), (Q(-2), Q(0)), (Q(-1), Q(-2)), (Q(1), Q(-2))]
    identity = Network(2, [([[1, 0], [0, 1]], [5, 5]), ([[1, 0], [0, 1]], [0, 0])])
    assert ch.verify_injective_homeomorphic(identity, hexagon) is None
    import homology.image as hi

    class Fake:
        homology = []
    monkeypatch.setattr(hi, "image_homology", lambda *a, **k: Fake())
    assert ch.verify_injective_homeomorphic(identity, hexagon) is not None


@pytest.mark.parametrize("flat", [True, False])
def test_nonconvex_arcs_need_a_curved_manifold(flat):
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    if flat:    # samples on a line: every midpoint stays on M, no witness
        points = [(Q(k, 4), Q(1)) for k in range(8)]
        assert ch.verify_nonconvex_arcs(net, points, lambda x: x[1] == 1) is not None
    else:
        points = ch._circle_points(16)
        assert ch.verify_nonconvex_arcs(net, points, lambda x: x[0] ** 2 + x[1] ** 2 == 1) is None


def test_convex_intersections_by_hand_and_a_wrong_toolkit(monkeypatch):
    diamond = [(Q(1), Q(0)), (Q(0), Q(1)), (Q(-1), Q(0)), (Q(0), Q(-1))]
    quadrants = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    # each open quadrant holds one whole edge of the diamond: four segments, all convex
    assert list(ch.plain_convex_intersections(quadrants, diamond).values()) == [True] * 4
    halves = Network(2, [([[0, 1], [0, -1]], [0, 0]), ([[1, 1]], [0])])
    # only y = 0 cuts: each half plane holds a V of two edges, not convex
    assert list(ch.plain_convex_intersections(halves, diamond).values()) == [False] * 2
    # x = 1/2 cuts the edge (1, 0)-(0, 1) and (1, 0)-(0, -1): the corner (1, 0) alone is a V, the rest a 4-gon path
    shifted = Network(2, [([[1, 0]], [Q(-1, 2)]), ([[1]], [0])])
    assert sorted(ch.plain_convex_intersections(shifted, diamond).values()) == [False, False]
    for net in (quadrants, halves, shifted):
        assert ch.verify_convex_intersections(net, diamond) is None
    import homology.sampling as hs

    original = hs.intersections_convex
    monkeypatch.setattr(hs, "intersections_convex", lambda *a, **k: {p: not v for p, v in original(*a, **k).items()})
    assert ch.verify_convex_intersections(quadrants, diamond) is not None


def test_quotient_metric_against_the_definition_and_a_wrong_matrix():
    from exact.numbers import RootSum
    from homology.persistence import quotient_distances

    points = [(Q(0), Q(0)), (Q(3), Q(4)), (Q(6), Q(0)), (Q(1), Q(1))]
    classes = [[0, 2]]
    d = quotient_distances(points, classes)
    assert ch.verify_quotient_metric(points, classes, d) is None
    assert d[1][2] == RootSum.sqrt(25) == 5 and d[0][3] == RootSum.sqrt(2)   # by hand: 3-4-5 and the diagonal
    plain = quotient_distances(points, [])          # Euclidean: 0 and 2 are 6 apart
    assert ch.verify_quotient_metric(points, classes, plain) is not None
    wrong = [list(row) for row in d]
    wrong[1][3] = wrong[3][1] = RootSum.sqrt(Q(1, 4))
    assert ch.verify_quotient_metric(points, classes, wrong) is not None


def test_false_negative_rate_by_hand_and_a_growing_rate():
    from homology.decompositions import false_negative_rate

    truth = [[0, 1, 2, 3], [4, 5]]
    assert false_negative_rate(truth, [[0, 1], [2, 3], [4, 5]]) == Q(2, 6)    # 1 - (2 + 2) / 6
    assert ch.verify_false_negative_rate(truth, [[[0, 1]], [[0, 1], [2, 3]], truth], 7) is None
    assert ch.verify_false_negative_rate(truth, [truth, [[0, 1]]], 7) is not None          # grows with delta
    assert ch.verify_false_negative_rate(truth, [[[0, 6]]], 7) is not None                 # a false positive


def test_image_graph_betti_by_hand():
    P = lambda a, b: (Q(a), Q(b))       # noqa: E731
    square = [(P(0, 0), P(1, 0)), (P(1, 0), P(1, 1)), (P(0, 1), P(1, 1)), (P(0, 0), P(0, 1))]
    assert ch.image_graph_betti(square) == (1, 1)
    cross = [(P(-1, 0), P(1, 0)), (P(0, -1), P(0, 1))]             # an X: one vertex in the middle, a tree
    assert ch.image_graph_betti(cross) == (1, 0)
    bowtie = [(P(0, 0), P(2, 2)), (P(2, 2), P(2, 0)), (P(0, 2), P(2, 0)), (P(0, 0), P(0, 2))]   # crossing at (1, 1)
    assert ch.image_graph_betti(bowtie) == (1, 2)
    overlap = [(P(0, 0), P(2, 0)), (P(1, 0), P(3, 0)), (P(5, 5), P(5, 5))]   # collinear overlap and a point
    assert ch.image_graph_betti(overlap) == (2, 0)


def test_image_homology_claim_refutes_a_wrong_nerve(monkeypatch):
    hexagon = [(Q(2), Q(0)), (Q(1), Q(2)), (Q(-1), Q(2)), (Q(-2), Q(0)), (Q(-1), Q(-2)), (Q(1), Q(-2))]
    fold = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]), ([[1, 1, 0, 0], [0, 0, 1, -1]], [0, 0])])
    assert ch.verify_image_homology(fold, hexagon) is None          # the fold kills the loop: (1, 0) both ways
    import homology.image as hi

    real = hi.image_homology

    def keep_loop(*args, **kwargs):
        result = real(*args, **kwargs)
        from homology.chains import HomologyGroup
        result.homology = [HomologyGroup(0, 1, ()), HomologyGroup(1, 1, ())]
        return result
    monkeypatch.setattr(hi, "image_homology", keep_loop)
    assert ch.verify_image_homology(fold, hexagon) is not None


def test_gluings_against_independent_partners_and_mutations():
    import copy

    from homology.decompositions import overlap_decomposition

    fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)        # |x|
    points = [(Q(-3, 2),), (Q(1, 2),), (Q(5, 2),)]
    result = overlap_decomposition(fold, points)
    # -3/2 has the partner 3/2 in the populated region x > 0; 1/2 and 5/2 have -1/2 and -5/2 in x < 0
    assert ch.independent_gluings(fold, points) == {(0, ((1, 0), (1,))), (1, ((0, 1), (1,))), (2, ((0, 1), (1,)))}
    assert ch.verify_gluings(fold, points, result) is None
    missing = copy.deepcopy(result)
    missing.gluings = missing.gluings[1:]
    assert ch.verify_gluings(fold, points, missing) is not None
    moved = copy.deepcopy(result)
    moved.gluings[0] = type(moved.gluings[0])(moved.gluings[0].point, moved.gluings[0].source,
                                              moved.gluings[0].target, (Q(7),))
    assert ch.verify_gluings(fold, points, moved) is not None


def test_connected_fibres_by_hand():
    from proofs_check.claims_ranks import RECTANGLE, triangle_curve_network

    hexagon = [(Q(2), Q(0)), (Q(1), Q(2)), (Q(-1), Q(2)), (Q(-2), Q(0)), (Q(-1), Q(-2)), (Q(1), Q(-2))]
    # (relu(x), relu(y)): one rank-0 arc, two monotone rank-1 arcs (one with a flat piece), one rank-2 arc
    corner = Network(2, [([[1, 0], [0, 1]], [0, 0])], output_relu=True)
    assert ch.verify_connected_fibres(corner, hexagon) is None
    # gamma(x) on the rectangle: the bottom and top edges of 0 < x < 1 have the same image
    assert ch.verify_connected_fibres(triangle_curve_network(), RECTANGLE) is not None
    # (relu(x), 0): the region x > 0 meets the hexagon in one arc whose x goes 0 -> 2 -> 0: folded
    folded = Network(2, [([[1, 0]], [0]), ([[1], [0]], [0, 0])])
    assert ch.verify_connected_fibres(folded, hexagon) is not None
    square = [(Q(0), Q(0)), (Q(1), Q(0)), (Q(1), Q(1)), (Q(0), Q(1))]
    closed = ch._paths([(square[i], square[(i + 1) % 4]) for i in range(4)])
    assert len(closed) == 1 and closed[0][0] == closed[0][-1] and len(closed[0]) == 5


def test_quotient_betti_by_hand():
    hexagon = [(Q(2), Q(0)), (Q(1), Q(2)), (Q(-1), Q(2)), (Q(-2), Q(0)), (Q(-1), Q(-2)), (Q(1), Q(-2))]
    identity = Network(2, [([[1, 0], [0, 1]], [5, 5]), ([[1, 0], [0, 1]], [-5, -5])])
    assert ch.quotient_betti(identity, hexagon) == (1, 1)                   # injective: a circle
    # (|x|, y) folds the left half onto the right: M / ~ is the arc (0, 2)-(1, 2)-(2, 0)-(1, -2)-(0, -2)
    fold = Network(2, [([[1, 0], [-1, 0], [0, 1]], [0, 0, 5]), ([[1, 1, 0], [0, 0, 1]], [0, -5])])
    assert ch.quotient_betti(fold, hexagon) == (1, 0)
    # (relu(x), y): the left half goes onto the segment x = 0 from (0, 2) to (0, -2), and the right half
    # closes it into a loop again
    half = Network(2, [([[1, 0], [0, 1]], [0, 5]), ([[1, 0], [0, 1]], [0, -5])])
    assert ch.quotient_betti(half, hexagon) == (1, 1)

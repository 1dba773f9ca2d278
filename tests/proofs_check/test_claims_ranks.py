"""Each 001 claim's check refutes a mutated input (the checks can fail)."""

from fractions import Fraction as Q

from exact import Network, Polyhedron
from homology.complexes import SimplicialComplex, torus
from proofs_check.claims_ranks import (
    DIAMOND,
    fold_network,
    verify_codeword_ranks,
    verify_contractible_quotient,
    verify_destructive_count,
    verify_fold,
    verify_nonpositive_layers,
    verify_rank_selection_points,
)
from tropical.enumeration import regions


def test_codeword_ranks_refute_a_wrong_rank_or_codeword():
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])], output_relu=True)
    found = [(r.pattern, r.rank, r.interior_point) for r in regions(net, Polyhedron.box([-3, -3], [3, 3]))]
    assert verify_codeword_ranks(net, found) is None
    pattern, r, x = found[0]
    assert verify_codeword_ranks(net, [(pattern, r + 1, x)]) is not None
    flipped = ((1 - pattern[0][0],) + pattern[0][1:],) + pattern[1:]
    assert verify_codeword_ranks(net, [(flipped, r, x)]) is not None


def test_destructive_count_by_hand_and_mutated():
    W = [[Q(1), Q(0)], [Q(0), Q(1)], [Q(1), Q(1)]]     # every 2 x 2 minor non-zero
    assert verify_destructive_count(W, 1 + 3) is None   # C(3,0) + C(3,1)
    assert verify_destructive_count(W, 5) is not None
    parallel = [[Q(1), Q(0)], [Q(2), Q(0)], [Q(0), Q(1)]]  # not generic: J = {0, 1} has rank 1
    assert verify_destructive_count(parallel, 4) is not None


def test_contractible_quotient_refutes_a_non_contractible_subspace():
    X = torus(3)
    assert verify_contractible_quotient(X, SimplicialComplex([((0, 0), (0, 1))]), (1, 2, 1)) is None
    loop = SimplicialComplex([((0, 0), (0, 1)), ((0, 1), (0, 2)), ((0, 2), (0, 0))])   # an essential circle
    assert verify_contractible_quotient(X, loop, (1, 2, 1)) is not None
    two_points = SimplicialComplex([((0, 0),), ((1, 1),)])
    assert verify_contractible_quotient(X, two_points, (1, 2, 1)) is not None


def test_nonpositive_layers_refute_a_positive_weight():
    good = Network(2, [([[Q(-1, 2), Q(-1)], [Q(-1, 4), Q(-1, 3)]], [0, 0]), ([[Q(-1), Q(-1, 2)]], [0])],
                   output_relu=True)
    assert verify_nonpositive_layers(good) is None
    bad = Network(2, [([[Q(-1, 2), Q(-1)], [Q(-1, 4), Q(-1, 3)]], [0, 0]), ([[Q(1), Q(-1, 2)]], [0])],
                  output_relu=True)
    assert verify_nonpositive_layers(bad) is not None
    positive_first = Network(2, [([[Q(2), Q(-1)], [Q(-1, 4), Q(-1, 3)]], [0, 0])], output_relu=True)
    assert verify_nonpositive_layers(positive_first) is not None


def test_rank_selection_points_refute_a_broken_sign():
    P = [[Q(i + j + 1) if (i + j) % 3 else Q(1, i + 1) for j in range(3)] for i in range(6)]
    W = [[v if i < 2 else -v for v in row] for i, row in enumerate(P)]
    assert verify_rank_selection_points(W, 2) is None
    assert verify_rank_selection_points(W, 3) is not None
    W[4] = [-v for v in W[4]]
    assert verify_rank_selection_points(W, 2) is not None


def test_fold_counterexample_and_a_non_fold():
    assert verify_fold(fold_network(), DIAMOND) is None
    identity = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]),
                           ([[1, -1, 0, 0], [0, 0, 1, -1]], [0, 0])])
    assert verify_fold(identity, DIAMOND) is not None     # (x, y) -> (x, y) keeps the loop


def test_narrow_destructive_by_hand_and_a_wide_layer():
    from proofs_check.claims_ranks import verify_narrow_destructive

    square = Network(2, [([[1, 0], [0, 1]], [0, 0])], output_relu=True)     # quadrants: ranks 2, 1, 1, 0
    assert verify_narrow_destructive(square) is None
    # a wide layer whose regions all have rank 2: x, -x, y, -y shifted so no region loses both of a pair
    wide = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 1, 1])], output_relu=True)
    assert verify_narrow_destructive(wide) is not None


def test_dale_by_hand_and_mislabelled():
    from proofs_check.claims_ranks import verify_dale

    excitatory = Network(2, [([[1, 2], [3, 1], [1, 1]], [0, 0, 0])], output_relu=True)
    assert verify_dale(excitatory, 2) is None
    assert verify_dale(excitatory, 0) is not None          # called inhibitory: it is not
    balanced = Network(2, [([[1, -2], [3, -1], [1, -1]], [0, 0, 0])], output_relu=True)
    assert verify_dale(balanced, 1) is None
    assert verify_dale(balanced, 2) is not None


def test_rank_one_components_map_onto_a_triangle():
    from proofs_check.claims_homology import image_graph_betti
    from proofs_check.claims_ranks import RECTANGLE, rank_one_components, refute_rank_one_lines, triangle_curve_network

    assert refute_rank_one_lines() is not None
    components = rank_one_components(triangle_curve_network(), RECTANGLE)
    assert [image_graph_betti(c) for c in components] == [(1, 1), (1, 1)]
    # a curve that stays on one line, (x, y) -> (relu(x) - relu(x - 3), 0): each component maps into a segment
    straight = Network(2, [([[1, 0], [1, 0]], [0, -3]), ([[1, -1], [0, 0]], [0, 0])])
    assert [image_graph_betti(c) for c in rank_one_components(straight, RECTANGLE)] == [(1, 0), (1, 0)]


def test_circle_classifying_by_hand_and_a_wrong_group(monkeypatch):
    from homology.chains import HomologyGroup
    from proofs_check.claims_ranks import verify_circle_classifying

    hexagon = [(Q(2), Q(0)), (Q(1), Q(2)), (Q(-1), Q(2)), (Q(-2), Q(0)), (Q(-1), Q(-2)), (Q(1), Q(-2))]
    # relu(x - 1) + relu(-x - 1) is rank 0 on the band |x| < 1: two arcs of the hexagon -> (0, Z^2)
    band = Network(2, [([[1, 0], [-1, 0]], [-1, -1]), ([[1, 1]], [0])], output_relu=True)
    assert verify_circle_classifying(band, hexagon) is None
    import homology.image as hi

    real = hi.rank_zero_relative_homology

    def wrong(*args, **kwargs):
        result = real(*args, **kwargs)
        result.homology = [HomologyGroup(0, 0, ()), HomologyGroup(1, 1, ())]
        return result
    monkeypatch.setattr(hi, "rank_zero_relative_homology", wrong)
    assert verify_circle_classifying(band, hexagon) is not None


def test_rank_one_paths_by_hand_and_a_wrong_image_homology(monkeypatch):
    from proofs_check.claims_homology import quotient_betti
    from proofs_check.claims_ranks import RECTANGLE, rank_one_paths, triangle_curve_network

    net = triangle_curve_network()
    paths = rank_one_paths(net, RECTANGLE)
    # rank 1 exactly where 0 < x < 3: the bottom and top edges of the rectangle, each through 3 regions
    assert [(closed, regions) for _, closed, regions in paths] == [(False, 3), (False, 3)]
    assert sorted(sorted({p[1] for p in points}) for points, _, _ in paths) == [[Q(0)], [Q(1)]]
    assert all({p[0] for p in points} >= {Q(0), Q(1), Q(2), Q(3)} for points, _, _ in paths)
    # each arc runs once around the triangle (0, 0), (1, 0), (0, 1): its quotient is a circle
    assert [quotient_betti(net, points, False) for points, _, _ in paths] == [(1, 1), (1, 1)]
    import random

    import homology.image as hi
    from proofs_check import claims_ranks as cr

    assert all(cr.check_rank_one_components(random.Random(k)) is None for k in range(5))
    original = hi.image_homology

    def wrong(*args, **kwargs):
        found = original(*args, **kwargs)
        found.homology = found.homology[:1]           # drop H_1
        return found

    monkeypatch.setattr(hi, "image_homology", wrong)
    assert any(cr.check_rank_one_components(random.Random(k)) is not None for k in range(40))

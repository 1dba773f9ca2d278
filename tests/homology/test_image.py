"""The homology of Phi(M) from nerves of exact images, against cases known by hand."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from homology.complexes import SimplicialComplex, circle
from homology.image import image_homology
from proofs_check.generate import layers

DIAMOND = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}


def betti(groups):
    return [h.betti for h in groups]


def test_identity_keeps_the_circle_and_fold_kills_it():
    identity = Network(2, [([[1, 0], [0, 1], [-1, 0], [0, -1]], [0, 0, 0, 0]),
                           ([[1, 0, -1, 0], [0, 1, 0, -1]], [0, 0])])
    result = image_homology(identity, circle(4), DIAMOND, check_domain=True)
    assert betti(result.homology) == [1, 1] and betti(result.domain_homology) == [1, 1]
    fold = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]), ([[1, 1, 0, 0], [0, 0, 1, -1]], [0, 0])])
    assert betti(image_homology(fold, circle(4), DIAMOND).homology) == [1, 0]
    # every image point is the image of a point of the piece it came from (evidence)
    for piece in image_homology(fold, circle(4), DIAMOND).pieces:
        for v in piece.domain.vertices():
            assert piece.image.contains(fold.evaluate(v))


def test_projection_to_a_line_and_a_point():
    onto_x = Network(2, [([[1, 0], [-1, 0]], [0, 0]), ([[1, -1]], [0])])  # x
    assert betti(image_homology(onto_x, circle(4), DIAMOND).homology) == [1, 0]
    constant = Network(2, [([[0, 0]], [1]), ([[1]], [0])])
    assert betti(image_homology(constant, circle(4), DIAMOND).homology) == [1, 0]


@settings(max_examples=15)
@given(st.integers(0, 10**6))
def test_domain_nerve_recovers_the_circle_and_image_is_connected(seed):
    rng = random.Random(seed)
    net = Network(2, layers(rng, [2, rng.randint(1, 4), rng.randint(1, 3)]))
    result = image_homology(net, circle(4), DIAMOND, check_domain=True)
    assert betti(result.domain_homology) == [1, 1]  # H(M) from the refinement: M is a circle
    assert betti(result.homology)[0] == 1  # Phi(M) is connected
    if net.output_dim == 1:  # an interval; in the plane a self-crossing image (a figure eight) may have H_1 = Z^2
        assert betti(result.homology)[1] == 0


def test_filled_triangle_image_is_contractible():
    triangle = SimplicialComplex([(0, 1, 2)])
    coords = {0: (0, 0), 1: (2, 0), 2: (0, 2)}
    net = Network(2, [([[1, -1], [-1, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    assert betti(image_homology(net, triangle, coords).homology) == [1, 0, 0]


def test_rank_zero_relative_homology_of_a_disc_with_a_dead_collar():
    from homology.image import rank_zero_relative_homology

    # relu(1 - |x| - |y|): rank 1 inside the diamond, rank 0 (constant 0) on the collar |x| + |y| >= 1 of [-2, 2]^2
    net = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]), ([[-1, -1, -1, -1]], [1])],
                  output_relu=True)
    square = SimplicialComplex([("c", a, b) for a, b in [(0, 1), (1, 2), (2, 3), (3, 0)]])
    coords = {"c": (0, 0), 0: (2, 2), 1: (-2, 2), 2: (-2, -2), 3: (2, -2)}
    result = rank_zero_relative_homology(net, square, coords)
    # (disc, annulus) has the relative homology of (D^2, S^1): only H_2 = Z
    assert [(h.betti, h.torsion) for h in result.homology] == [(0, ()), (0, ()), (1, ())]
    for i in result.rank_zero:       # evidence: every rank-0 piece is where the output is constant
        piece = result.pieces[i]
        assert {net.evaluate(v) for v in piece.domain.vertices()} == {(0,)}
    # no rank-0 region: the absolute homology of the disc
    identity = Network(2, [([[1, 0], [0, 1]], [10, 10]), ([[1, 0], [0, 1]], [0, 0])])
    assert [h.betti for h in rank_zero_relative_homology(identity, square, coords).homology] == [1, 0, 0]

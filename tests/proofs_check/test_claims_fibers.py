"""The 004 claims' own machinery, on cases computed by hand, and checks that can fail."""

from fractions import Fraction as Q

import pytest

from exact import linalg
from exact.network import Network
from proofs_check.claims_fibers import (
    _same_function,
    identifiable_probability,
    nonlocalizable_example,
    nonnegative_factorization,
)


def test_identifiable_probability_by_hand():
    # n1 = 1: rows (w, b); identifiable rows are (-, +) only: (+, +) linear, (-, -) dead, (+, -) hides 0
    assert identifiable_probability(1, 1) == (Q(1, 4), None)
    # two rows: each in {(+,-), (-,+)}, and not both (+,-) (that hides hyperplane 0): 3 of 16
    assert identifiable_probability(1, 2) == (Q(3, 16), None)


def test_nonnegative_factorization_by_hand():
    line = ((Q(1), Q(-1)),)               # columns 1 and -1: their cone is the whole line
    A, B, certificate = nonnegative_factorization(line)
    assert len(A[0]) == 2 and certificate == (Q(1, 2), Q(1, 2))
    assert linalg.matmul(A, B) == line and all(v >= 0 for row in B for v in row)
    ray = ((Q(1), Q(2)), (Q(0), Q(0)))    # one ray: rank 1 suffices
    A, B, certificate = nonnegative_factorization(ray)
    assert len(A[0]) == 1 and certificate is None and linalg.matmul(A, B) == ray
    quadrant = ((Q(1), Q(0), Q(1)), (Q(0), Q(1), Q(1)))
    A, B, certificate = nonnegative_factorization(quadrant)
    assert len(A[0]) == 2 and certificate is None and linalg.matmul(A, B) == quadrant
    assert all(v >= 0 for row in B for v in row)


def test_same_function_reports_a_difference():
    a = Network(1, [([[1]], [0]), ([[1]], [0])])
    b = Network(1, [([[1]], [1]), ([[1]], [0])])
    found = _same_function(a, b)
    assert found is not None and found.data["a"] != found.data["b"]


def test_nonlocalizable_example_breaks_when_layer_three_bends():
    first, second = nonlocalizable_example(Q(1, 10))
    assert _same_function(first, second) is None
    # with biases too small to keep layer 3 active on the image of layer 2, G no longer commutes with ReLU
    layers = [(layer.weight, layer.bias) for layer in first.layers]
    small = [layers[0], layers[1], (layers[2][0], (Q(0), Q(0))), layers[3]]
    moved = [layers[0], layers[1], (second.layers[2].weight, (Q(0), Q(0))),
             (second.layers[3].weight, second.layers[3].bias)]
    assert _same_function(Network(2, small), Network(2, moved)) is not None


def test_polytime_decider_claim_refutes_a_wrong_answer(monkeypatch):
    import fibers.bottleneck as fb
    from exact import Network
    from proofs_check.claims_fibers import verify_polytime_decider

    a = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 1]], [1, -2]), ([[1, -1]], [0])])
    c = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 1]], [1, -2]), ([[1, -2]], [0])])
    assert verify_polytime_decider(a, a) is None and verify_polytime_decider(a, c) is None
    real = fb.decide_bottleneck

    def lying(x, y):
        result = real(x, y)
        result.equivalent = not result.equivalent
        return result
    monkeypatch.setattr(fb, "decide_bottleneck", lying)
    assert verify_polytime_decider(a, c) is not None


def test_first_layer_faces_by_hand_and_for_parallel_rows():
    from fractions import Fraction as Q

    from proofs_check.claims_fibers import verify_first_layer_faces

    assert verify_first_layer_faces(((Q(1), Q(0)), (Q(0), Q(1))), (Q(0), Q(0))) is None   # the axes: 9 faces
    # parallel rows x and x - 1: x > 0 and x - 1 < 0 fine, but x = 0 with x - 1 > 0 is empty
    assert verify_first_layer_faces(((Q(1), Q(0)), (Q(1), Q(0))), (Q(0), Q(-1))) is not None


def test_prop37_a_gradient_generator_is_refuted():
    import sympy

    from proofs_check.claims_fibers import translation_generator, verify_no_conserved_quantity

    theta, V = translation_generator(2, 2, 0)
    assert verify_no_conserved_quantity(theta, V) is None
    # a generator that is a gradient (of Q = b1_0 - W2_00 b2_0 - ...) would be conservative: refuted
    Q = theta[0] - sum(theta[2 + k * 2] * theta[-2 + k] for k in range(2))
    gradient = [sympy.diff(Q, t) for t in theta]
    assert verify_no_conserved_quantity(theta, gradient) is not None


def test_hidden_direction_claim_refutes_an_unturned_row():
    import random
    from fractions import Fraction as Q

    from fibers.symmetries import admissible_translations
    from proofs_check.claims_fibers import verify_rotation_changes_function
    from proofs_check.generate import bottleneck

    net = bottleneck(random.Random(1), 2, 2, 2, 1, hide=0)
    row = list(net.layers[0].weight[0])
    t = admissible_translations(net, 0) + 1
    assert verify_rotation_changes_function(net, 0, row, t) is not None          # not turned: a symmetry
    turned = [row[0], row[1] + Q(1, 7)]
    assert verify_rotation_changes_function(net, 0, turned, t) is None


@pytest.mark.parametrize("condition", [1, 2, 3])
def test_the_fiber_search_finds_the_members_each_condition_allows(condition):
    """The identifiable direction's search can fail: on a parameter meeting a condition it finds an unrelated member."""
    import random

    from proofs_check import claims_fibers as cf

    net, _ = cf._with_condition(random.Random(5), condition)
    found = cf.verify_no_other_members(net, random.Random(1))
    assert found is not None and found.data["move"].split()[0] in {1: "change", 2: "trade", 3: "translate"}[condition]


def test_the_fiber_search_builds_the_flips_of_a_hiding_parameter_with_one_second_layer_neuron():
    import random

    from fibers.equivalence import decide_equivalence
    from fibers.symmetries import related
    from proofs_check import claims_fibers as cf
    from proofs_check.generate import bottleneck

    rng = random.Random(0)
    net = bottleneck(rng, 2, 2, 1, 1, hide=0)
    flips = [c for move, c in cf.fiber_search(net, rng) if move == "flip hyperplane 1 against 0"]
    assert len(flips) == 1
    assert decide_equivalence(net, flips[0], method="exhaustive").equivalent and related(net, flips[0]) is None

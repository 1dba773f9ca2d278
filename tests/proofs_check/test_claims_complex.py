"""The 004 complex claims: by-hand cases, and each check refutes a mutated input."""

import random
from fractions import Fraction as Q

from exact import Network
from proofs_check import claims_complex as cc


def _data(seed=0, sizes=(2, 3, 2, 1)):
    return cc._generic_data(random.Random(seed), [sizes])


def _mutated_jumps(data):
    facet = next(iter(data.weights))
    jump = [[v + 1 for v in row] for row in data.jump(facet)]
    return {facet: jump}


def test_balancing_and_reconstruction_fail_on_a_wrong_weight():
    data = _data()
    assert cc.verify_balancing(data) is None and cc.verify_reconstruction(data) is None
    bad = _mutated_jumps(data)
    assert cc.verify_balancing(data, bad) is not None
    assert cc.verify_reconstruction(data, bad) is not None


def test_one_hidden_layer_weights_by_hand():
    # relu(x) + 2 relu(y) - relu(x + y - 1): jumps W2[:, i] W1[i, :]
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 2, -1]], [0])])
    data = cc.complex_data(net)
    jumps = {}
    for number in data.weights:
        _, i = cc._facet_neuron(data, number)
        jumps.setdefault(i, set()).add(str(data.jump(number)))
    assert jumps == {0: {str([[Q(1), Q(0)]])}, 1: {str([[Q(0), Q(2)]])}, 2: {str([[Q(-1), Q(-1)]])}}
    assert cc.verify_jump_formula(data) is None


def test_jump_formula_lemma13_and_lemma20_fail_on_a_wrong_jacobian():
    data = _data(1, (2, 3, 3, 1))
    assert cc.verify_jump_formula(data) is None
    assert cc.verify_single_layer_ridges(data) is None
    assert cc.verify_last_layer_visible(data) is None
    region = data.weights[next(iter(data.weights))].plus
    data._jacobians[region] = [[v + 1 for v in row] for row in data.jacobian(region)]
    assert cc.verify_jump_formula(data) is not None


def test_single_layer_ridge_and_last_layer_by_hand():
    # two crossing first-layer lines, second layer one neuron: the ridge at the origin is non-bending
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-5]), ([[1]], [0])])
    data = cc.complex_data(net)
    assert cc.verify_single_layer_ridges(data) is None
    # a dead output weight hides the last hidden layer's hyperplane: Lemma 20 needs non-zero output weights
    dead = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 2], [2, -1]], [Q(-1, 3), Q(1, 5)]), ([[1, 0]], [0])])
    assert cc.verify_last_layer_visible(cc.complex_data(dead)) is not None


def test_genericity_by_hand():
    concurrent = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 2, 3]], [1])])
    assert cc.complex_data(concurrent) is None or not cc.supertransversal(cc.complex_data(concurrent))
    parallel = Network(2, [([[1, 2], [2, 4], [1, -1]], [0, 1, 2]), ([[1, 2, 3]], [1])])
    assert not cc.masked_products_full_rank(parallel)
    fine = Network(2, [([[1, 2], [3, -1], [1, -1]], [Q(1, 3), 1, Q(-2, 7)]), ([[1, 2, 3]], [1])])
    assert cc.masked_products_full_rank(fine)


def test_breakpoints_differ_for_a_different_function():
    from proofs_check.generate import bottleneck

    rng = random.Random(5)
    while True:
        net = bottleneck(rng, 2, 2, 2, 1, hide=0)
        doubled = ([[2 * v for v in net.layers[-1].weight[0]]], net.layers[-1].bias)
        other = Network(2, [(l.weight, l.bias) for l in net.layers[:-1]] + [doubled])
        a, b = cc.complex_data(net), cc.complex_data(other)
        if a is not None and b is not None:
            break
    assert cc.verify_breakpoints_of_function(a, a) is None
    assert cc.verify_breakpoints_of_function(a, b) is not None     # doubled output: doubled weights


def test_parallel_facets_refute_mislabelled_first_layer():
    from proofs_check.generate import bottleneck

    rng = random.Random(3)
    while True:     # a parameter with second-layer facets in the box
        net = bottleneck(rng, 2, 2, 2, 1)
        data = cc.complex_data(net, (-6, 6))
        if data is not None and any(data.cx.neurons[f.signs.index("0") - 4][0] == 2 for f in data.facets
                                    if f.signs.index("0") >= 4):
            break
    assert cc.verify_parallel_facets(data) is None
    (W1, b1), *rest = [(l.weight, l.bias) for l in net.layers]
    data.net = Network(2, [(W1[::-1], b1[::-1]), *rest])      # hyperplane numbers swapped
    assert cc.verify_parallel_facets(data) is not None


def test_hyperplane_representation_by_hand(monkeypatch):
    # relu(x - 1) - relu(2 - 2x) on R: hyperplanes x - 1 = 0 (weights 1 and 2): one hyperplane of weight 3
    net = Network(1, [([[1], [-2]], [-1, 2]), ([[1, -1]], [0])])
    arrangement, _ = cc.hyperplane_representation(net, [Q(0)])
    assert arrangement == (((Q(1), Q(-1)), (Q(3),)),)
    same = Network(1, [([[3]], [-3]), ([[1]], [0])])     # relu(3x - 3) = 3 relu(x - 1): same jumps, other region map
    assert cc.hyperplane_representation(same, [Q(0)])[0] == arrangement
    assert cc.verify_representation(net, same, [Q(0)]) is None    # differ by an affine map: both say different
    import fibers.equivalence as fe

    class Yes:
        equivalent = True
    monkeypatch.setattr(fe, "decide_equivalence", lambda *a, **k: Yes())
    assert cc.verify_representation(net, same, [Q(0)]) is not None


def test_honest_refutes_an_unbent_crossing():
    # layer 2 neuron relu(y) - 1/2 ignores x: it crosses x = 0 at (0, 1/2) without bending
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[0, 1], [1, 1]], [Q(-1, 2), Q(-7, 3)]), ([[1, 1]], [0])])
    data = cc.complex_data(net)
    assert cc.verify_honest(data) is not None
    bent = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1], [1, 1]], [Q(-1, 2), Q(-7, 3)]), ([[1, 1]], [0])])
    assert cc.verify_honest(cc.complex_data(bent)) is None


def test_hidden_meets_by_hand_and_for_the_wrong_index():
    # W2 = [1, -1], b2 = -1 hides hyperplane 0 of (x, y): relu(x) - relu(y) - 1 = 0 needs x > 0
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [-1]), ([[1]], [0])])
    assert cc.verify_hidden_meets(net, 0) is None
    assert cc.verify_hidden_meets(net, 1) is not None


def test_sum_breakpoints_by_hand_and_a_cancelling_sum():
    # f = relu(x), g = relu(y): BP(f + g) is both axes; relu(x) - relu(x) = 0 is degenerate
    f = Network(2, [([[1, 0]], [0]), ([[1]], [0])])
    g = Network(2, [([[0, 1]], [0]), ([[1]], [0])])
    data = [cc.complex_data(n) for n in (f, g, cc.sum_network(f, g))]
    assert cc.verify_sum_breakpoints(*data) is None
    minus = Network(2, [([[1, 0]], [0]), ([[-1]], [0])])
    zero = cc.sum_network(f, minus)
    assert all(zero.evaluate([Q(a), Q(b)]) == (0,) for a in range(-2, 3) for b in range(-2, 3))
    assert cc.complex_data(zero) is None      # two neurons on one line: not supertransversal
    # a wrong h (f alone as the "sum") misses g's breakpoints: BP(h) is fine but g's axis is not covered
    wrong = cc.verify_sum_breakpoints(data[1], data[0], cc.complex_data(f))
    assert wrong is not None


def test_hidden_invisible_by_hand_and_a_visible_hyperplane():
    # relu(relu(x) - relu(y) - 1): the second layer hides x = 0 (active only where x > 1 + relu(y))
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [-1]), ([[1]], [0])])
    data = cc.complex_data(net)
    assert cc.verify_hidden_invisible(data, 0) is None
    assert cc.verify_hidden_invisible(data, 1) is not None      # y = 0 bends the active part: visible


def test_rigid_complex_refutes_swapped_expectations():
    net = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 1]], [1, -2]), ([[1, -1]], [0])])
    from fibers.symmetries import Permutation, Scaling, apply_steps

    copy = apply_steps(net, [Permutation(1, (1, 0)), Scaling(1, (Q(3), Q(1, 2)))])
    a, b = cc.complex_data(net, (-6, 6)), cc.complex_data(copy, (-6, 6))
    assert cc.verify_rigid_complex(a, b, anchored=True) is None
    assert cc.verify_rigid_complex(a, b, anchored=False) is not None


def test_visibility_facets_refute_a_flat_anchored_facet_and_a_wrong_hidden_index():
    from proofs_check.claims_fibers import verify_visibility_facets

    # relu(relu(x) - 1/2) + relu(relu(1 - x) + 1/2), lifted to the plane with y as a third first-layer line
    net = Network(2, [([[1, 0], [-1, 0], [0, 1]], [0, 1, 0]), ([[1, 0, 1], [0, 1, 0]], [Q(-1, 2), Q(1, 2)]),
                      ([[1, 1]], [0])])
    data = cc.complex_data(net)
    assert verify_visibility_facets(data, None) is None
    seen = data.cx.first_layer_visibility()
    anchored = seen[1]["anchored"]          # x = 1 feeds the always-positive second neuron
    assert anchored and seen[1]["breakpoints"] == anchored
    flat = {f: [[Q(0), Q(0)]] for f in anchored}
    assert "does not bend" in verify_visibility_facets(data, None, flat).description
    assert "hidden" in verify_visibility_facets(data, 1).description


def test_rigid_complex_on_a_dead_neurons_move_and_a_moved_anchored_hyperplane():
    # neuron 1 of layer 2 is dead (row and bias negative): its outgoing weight is free
    layers = [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, -2]], [1, -2])]
    net = Network(2, layers + [([[1, -1]], [0])])
    moved = Network(2, layers + [([[1, 5]], [0])])
    a, b = cc.complex_data(net, (-6, 6)), cc.complex_data(moved, (-6, 6))
    assert cc._anchored(a, 2) and cc.verify_rigid_complex(a, b, anchored=True) is None
    # moving an anchored first-layer hyperplane (x + 2y + 1 = 0 to x + 2y + 2 = 0) is another function and complex
    shifted = Network(2, [([[1, 2], [3, -1]], [2, 0]), layers[1], ([[1, -1]], [0])])
    assert cc.verify_rigid_complex(a, cc.complex_data(shifted, (-6, 6)), anchored=True) is not None
    # x = 0 hidden by the only second-layer neuron (W2 = (1, -1), b2 = -1): not anchored
    hidden = cc.complex_data(Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [-1]), ([[1]], [0])]), (-6, 6))
    assert not cc._anchored(hidden, 2)

"""The bottleneck decider: random symmetry chains, perturbations, agreement with the exhaustive decider."""

import random
from fractions import Fraction as Q

import pytest

from exact.errors import PreconditionError
from exact.network import Network
from fibers.bottleneck import bottleneck_precondition, check_bottleneck_certificate, decide_bottleneck
from fibers.equivalence import EquivalenceResult, decide_equivalence, verify_certificate
from fibers.symmetries import Flip, Scaling, Translation
from proofs_check.generate import bottleneck
from tests.fibers.test_equivalence import permute_and_scale


def random_bottleneck(rnd, n0, n1, n2, n3, hide=None):
    return bottleneck(rnd, n0, n1, n2, n3, hide)


def translated(net, i, t):
    """Independent eq. 3: b1[i] + t, b2 - t W2[:, i]."""
    (W1, b1), (W2, b2), (W3, b3) = [(layer.weight, list(layer.bias)) for layer in net.layers]
    b1[i] += t
    b2 = [b2[k] - t * W2[k][i] for k in range(len(W2))]
    return Network(net.input_dim, [(W1, b1), (W2, b2), (W3, b3)])


def flipped(net, i, S):
    """Independent flip on a hiding network with n2 = 1: normalise, then rows of S negated, row i minus them."""
    W1 = [list(r) for r in net.layers[0].weight]
    b1 = list(net.layers[0].bias)
    w2 = list(net.layers[1].weight[0])
    for j in range(len(W1)):  # normalise: scale row j by |w2[j]|
        c = abs(w2[j])
        W1[j] = [v * c for v in W1[j]]
        b1[j] *= c
        w2[j] /= c
    rows = [W1[j] + [b1[j]] for j in range(len(W1))]
    new = [r[:] for r in rows]
    for j in S:
        new[i] = [x - y for x, y in zip(new[i], rows[j])]
        new[j] = [-x for x in rows[j]]
    return Network(net.input_dim, [([r[:-1] for r in new], [r[-1] for r in new]), ([w2], net.layers[1].bias),
                                   (net.layers[2].weight, net.layers[2].bias)])


def least_t(net, i):
    W2, b2 = net.layers[1].weight, net.layers[1].bias
    return max(b2[k] / W2[k][i] for k in range(len(W2)))


def check_equivalent(a, b, exhaustive=True):
    result = decide_bottleneck(a, b)
    assert result.equivalent, result.note
    assert verify_certificate(a, b, result)
    if exhaustive:
        assert decide_equivalence(a, b, method="exhaustive").equivalent
    return result


def check_different(a, b, exhaustive=True):
    result = decide_equivalence(a, b, method="auto")
    assert not result.equivalent
    assert a.evaluate(result.witness) != b.evaluate(result.witness)
    assert verify_certificate(a, b, result)
    if exhaustive:
        assert not decide_equivalence(a, b, method="exhaustive").equivalent
    return result


@pytest.mark.parametrize("seed", range(6))
def test_non_hiding_chains(seed):
    rnd = random.Random(seed)
    n0 = rnd.randint(1, 3)
    a = random_bottleneck(rnd, n0, rnd.randint(1, n0), rnd.randint(1, 3), rnd.randint(1, 2))
    b = permute_and_scale(a, rnd)
    result = check_equivalent(a, b)
    assert result.method == "bottleneck"


@pytest.mark.parametrize("seed", range(6))
def test_translation_chains(seed):
    rnd = random.Random(100 + seed)
    n0 = rnd.randint(2, 3)
    n1 = rnd.randint(2, n0)
    i = rnd.randrange(n1)
    a = random_bottleneck(rnd, n0, n1, rnd.randint(2, 3), rnd.randint(1, 2), hide=i)
    t = least_t(a, i) + Q(rnd.randint(0, 12), 4)
    b = permute_and_scale(translated(a, i, t), rnd)
    result = check_equivalent(a, b)
    assert any(isinstance(s, Translation) for s in result.steps) == (t != 0)


@pytest.mark.parametrize("seed", range(6))
def test_flip_chains(seed):
    rnd = random.Random(200 + seed)
    n0 = rnd.randint(2, 3)
    n1 = rnd.randint(2, n0)
    i = rnd.randrange(n1)
    a = random_bottleneck(rnd, n0, n1, 1, rnd.randint(1, 2), hide=i)
    S = [j for j in range(n1) if j != i and rnd.random() < 0.6]
    f = flipped(a, i, S)
    t = least_t(f, i) + Q(rnd.randint(0, 8), 3)
    b = permute_and_scale(translated(f, i, t), rnd)
    result = check_equivalent(a, b)
    flips = [s for s in result.steps if isinstance(s, Flip)]
    assert [set(s.subset) for s in flips] == [set(S)]


@pytest.mark.parametrize("seed", range(6))
def test_perturbations_are_caught(seed):
    rnd = random.Random(300 + seed)
    n0 = rnd.randint(2, 3)
    n1 = rnd.randint(1, n0)
    hide = rnd.randrange(n1) if seed % 2 else None
    a = random_bottleneck(rnd, n0, n1, rnd.randint(1, 2), 1, hide=hide)
    b = permute_and_scale(a, rnd)
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in b.layers]
    layer = rnd.randrange(3)
    layers[layer][1][0] += Q(1, 7)  # move one bias: for the hidden bias of a hiding network this may be a symmetry
    c = Network(n0, layers)
    result = decide_equivalence(a, c, method="auto")
    exhaustive = decide_equivalence(a, c, method="exhaustive")
    assert result.equivalent == exhaustive.equivalent
    assert verify_certificate(a, c, result)


def test_wide_bottleneck_stays_fast():
    rnd = random.Random(7)
    a = random_bottleneck(rnd, 8, 8, 8, 2)
    b = permute_and_scale(a, rnd)
    check_equivalent(a, b, exhaustive=False)
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in b.layers]
    layers[1][0][0][3] += Q(1, 5)
    check_different(a, Network(8, layers), exhaustive=False)


def test_tampered_certificates_are_rejected():
    rnd = random.Random(11)
    a = random_bottleneck(rnd, 3, 2, 2, 1, hide=0)
    t = least_t(a, 0) + 1
    b = permute_and_scale(translated(a, 0, t), rnd)
    result = decide_bottleneck(a, b)
    assert check_bottleneck_certificate(a, b, result.steps, result.orthant)
    for k, step in enumerate(result.steps):
        if isinstance(step, Scaling):
            bad = Scaling(step.layer, (step.factors[0] * 2,) + step.factors[1:])
        elif isinstance(step, Translation):
            bad = Translation(step.index, step.t + 1)
        else:
            continue
        steps = result.steps[:k] + [bad] + result.steps[k + 1:]
        assert not verify_certificate(a, b, EquivalenceResult(True, "bottleneck", steps=steps))
    # a translation below the admissible half-line is refused even if the parameters then matched
    low = Translation(0, least_t(a, 0) - 1)
    assert not check_bottleneck_certificate(a, translated(a, 0, least_t(a, 0) - 1), [low], False)
    # a flip on a network that is not normalised is refused
    assert not check_bottleneck_certificate(a, a, [Flip(0, (1,))], False)


def test_equivalent_through_dead_neurons_uses_the_orthant_step():
    # neuron 2 of layer 2 is dead on the orthant: its outgoing weight is free
    a = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -2], [2, 1], [-1, -1]], [1, 0, -1]), ([[1, 1, 5]], [0])])
    b = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -2], [2, 1], [-1, -1]], [1, 0, -1]), ([[1, 1, -3]], [0])])
    result = decide_bottleneck(a, b)
    assert result.equivalent and result.orthant
    assert verify_certificate(a, b, result)
    assert decide_equivalence(a, b, method="exhaustive").equivalent


def test_preconditions():
    wide = Network(1, [([[1], [2]], [0, 0]), ([[1, 1]], [0]), ([[1]], [0])])
    assert "not a bottleneck" in bottleneck_precondition(wide)
    low_rank = Network(2, [([[1, 1], [2, 2]], [0, 1]), ([[1, 1]], [0]), ([[1]], [0])])
    assert "rank" in bottleneck_precondition(low_rank)
    with pytest.raises(PreconditionError, match="not a bottleneck"):
        decide_bottleneck(wide, wide)
    # relu(x) + relu(2x) = relu(3x) + relu(0x): equal, not related by permutation and scaling
    same = Network(1, [([[3], [0]], [0, 0]), ([[1, 1]], [0]), ([[1]], [0])])
    result = decide_equivalence(wide, same)
    assert result.equivalent and result.method == "exhaustive" and "does not apply" in result.note


def test_losing_the_hiding_is_located_on_the_orthant():
    # b differs from a in one second-layer weight that makes neuron 0 stop hiding: the first layers are
    # equal, so the orthant comparison must locate the difference even in 12 dimensions
    import random as _random

    rnd = _random.Random("12:True:0")
    a = bottleneck(rnd, 12, 12, 12, 1, hide=0)
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in a.layers]
    layers[1][0][0][11] = Q(1, 30)
    b = Network(12, layers)
    result = decide_bottleneck(a, b)
    assert not result.equivalent and a.evaluate(result.witness) != b.evaluate(result.witness)


def test_hiding_lost_after_a_translation_is_located():
    # b: a translated hidden hyperplane, then one second-layer weight made positive (b hides nothing)
    rnd = random.Random("12:True:0")
    a = bottleneck(rnd, 12, 12, 12, 1, hide=0)
    moved = translated(a, 0, least_t(a, 0) + 2)
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in moved.layers]
    layers[1][0][0][11] = Q(1, 30)
    b = permute_and_scale(Network(12, layers), rnd)
    for x, y in ((a, b), (b, a)):
        result = decide_bottleneck(x, y)
        assert not result.equivalent and x.evaluate(result.witness) != y.evaluate(result.witness)
        assert result.output_a == x.evaluate(result.witness)

"""The exhaustive equivalence decider and its verifier."""

import random
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import PreconditionError, ShapeError
from exact.network import Network
from exact.strategies import networks, vectors
from fibers.equivalence import EquivalenceResult, decide_equivalence, joint_network, verify_certificate


def permute_and_scale(net, rnd):
    """An independent implementation of the standard symmetries: permute and positively rescale hidden neurons."""
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in net.layers]
    for l in range(1, net.depth):  # hidden layers only
        width = len(layers[l - 1][1])
        order = list(range(width))
        rnd.shuffle(order)
        scales = [Q(rnd.randint(1, 5), rnd.randint(1, 5)) for _ in range(width)]
        W, b = layers[l - 1]
        layers[l - 1] = [[[v * scales[i] for v in W[order[i]]] for i in range(width)],
                         [b[order[i]] * scales[i] for i in range(width)]]
        Wn, bn = layers[l]
        layers[l] = [[[row[order[i]] / scales[i] for i in range(width)] for row in Wn], bn]
    return Network(net.input_dim, [(W, b) for W, b in layers], output_relu=net.output_relu)


@settings(max_examples=25)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=None), st.randoms())
def test_symmetric_networks_are_equivalent_with_certificate(net, rnd):
    other = permute_and_scale(net, rnd)
    result = decide_equivalence(net, other)
    assert result.equivalent and verify_certificate(net, other, result)
    for _ in range(3):
        x = [Q(rnd.randint(-9, 9), rnd.randint(1, 4)) for _ in range(2)]
        assert net.evaluate(x) == other.evaluate(x)


@settings(max_examples=25)
@given(networks(input_dim=2, max_depth=3, max_width=3, output_relu=None), st.integers(0, 10**6))
def test_perturbed_networks(net, seed):
    rnd = random.Random(seed)
    layer = rnd.randrange(net.depth)
    W = [list(r) for r in net.layers[layer].weight]
    i, j = rnd.randrange(len(W)), rnd.randrange(len(W[0]))
    W[i][j] += Q(1, 3)
    layers = [(l.weight, l.bias) for l in net.layers]
    layers[layer] = (W, net.layers[layer].bias)
    other = Network(net.input_dim, layers, net.skips, net.output_relu)
    result = decide_equivalence(net, other)
    assert verify_certificate(net, other, result)
    if not result.equivalent:
        assert net.evaluate(result.witness) == result.output_a != result.output_b == other.evaluate(result.witness)


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=True, output_relu=None))
def test_a_network_with_skips_equals_itself(net):
    result = decide_equivalence(net, net)
    assert result.equivalent and verify_certificate(net, net, result)


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=True, output_relu=None), vectors(2))
def test_joint_network_is_the_difference(net, x):
    other = Network(net.input_dim, [(l.weight, l.bias) for l in net.layers][::-1][::-1], net.skips, net.output_relu)
    joint = joint_network(net, other)
    assert joint.evaluate(x) == tuple(u - v for u, v in zip(net.evaluate(x), other.evaluate(x)))
    assert joint.neuron_count >= net.neuron_count + other.neuron_count


def test_depths_differ_and_output_relu():
    relu_out = Network(1, [([[1]], [0])], output_relu=True)              # relu(x)
    two_layer = Network(1, [([[1]], [0]), ([[1]], [0])])                  # relu(x) via a hidden neuron
    result = decide_equivalence(relu_out, two_layer)
    assert result.equivalent and verify_certificate(relu_out, two_layer, result)
    shifted = Network(1, [([[1]], [-1]), ([[1]], [1])])                  # relu(x - 1) + 1
    result = decide_equivalence(relu_out, shifted)
    assert not result.equivalent and verify_certificate(relu_out, shifted, result)


def test_tampered_certificates_are_rejected():
    a = Network(1, [([[1]], [0])])
    b = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    good = decide_equivalence(a, b)
    dropped = EquivalenceResult(True, "exhaustive", regions=good.regions[1:])
    assert not verify_certificate(a, b, dropped)
    moved = EquivalenceResult(True, "exhaustive", regions=[(p, tuple(-v for v in x)) for p, x in good.regions])
    assert not verify_certificate(a, b, moved)
    c = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])            # |x|
    false_witness = EquivalenceResult(False, "exhaustive", witness=(Q(2),))  # |2| = 2: they agree there
    assert not verify_certificate(a, c, false_witness)
    # a claimed equivalence of different functions fails the region check
    fake = EquivalenceResult(True, "exhaustive", regions=decide_equivalence(c, c).regions)
    assert not verify_certificate(a, c, fake)


def test_bad_input():
    with pytest.raises(ShapeError, match="differ"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(2, [([[1, 1]], [0])]))
    with pytest.raises(PreconditionError, match="bottleneck: a is not a three-layer network"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(1, [([[1]], [0])]), method="bottleneck")
    with pytest.raises(PreconditionError, match="not one of"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(1, [([[1]], [0])]), method="fast")


def test_cli(tmp_path):
    import json
    import subprocess
    import sys

    a = tmp_path / "a.json"
    a.write_text('{"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]}]}')
    b = tmp_path / "b.json"
    b.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},'
                 ' {"weight": [[1, -1]], "bias": [0]}]}')
    c = tmp_path / "c.json"
    c.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},'
                 ' {"weight": [[1, 1]], "bias": [0]}]}')

    def run(*args):
        return subprocess.run([sys.executable, "-m", "fibers", *map(str, args)], capture_output=True, text=True)

    out = run("equiv", a, b, "-o", tmp_path / "cert.json")
    assert out.returncode == 0 and run("verify", a, b, tmp_path / "cert.json").returncode == 0
    assert run("verify", a, c, tmp_path / "cert.json").returncode == 1  # a certificate for another pair
    out = run("equiv", a, c, "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["equivalent"] is False
    x = Q(data["witness"]["x"][0])
    assert x != abs(x)  # identity and |x| differ exactly where x < 0
    for args, message in ((["equiv", a, tmp_path / "none.json"], "does not exist"),
                          (["verify", a, b, a], "certificate: expected"),
                          (["equiv", a, b, "--method", "bottleneck"], "a is not a three-layer network"),
                              (["equiv", a, b, "--method", "fast"], "invalid choice")):
        out = run(*args)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_progress_counts_the_joint_regions():
    identity = Network(1, [([[1]], [0])])
    folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    ticks = []
    result = decide_equivalence(identity, folded, method="exhaustive", progress=ticks.append)
    assert result.equivalent and sum(ticks) == len(result.regions) == 2

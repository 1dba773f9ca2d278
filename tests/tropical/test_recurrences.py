"""The papers' symbolic recurrences (tropical.recurrences) against the engine, plain evaluation and hand values."""

from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.strategies import networks
from tests.plain import plain_output, plain_pre
from tropical.prediction import region_map
from tropical.recurrences import pattern_recurrences
from tropical.regions import pattern_constraints

small = st.integers(-3, 3).map(Q)


def test_the_walkthrough_values_by_hand():
    # z1 = (x - 1, -x + 2); layer 2: z2 = relu(z1_0) - relu(z1_1) + 1/2; on the pattern (1, 0), (1,):
    # H - G of layer 1 is z1 itself; F - G of layer 2 is x - 1 + 1/2 = x - 1/2
    net = Network(1, [([[1], [-1]], [-1, 2]), ([[1, -1]], [Q(1, 2)]), ([[1]], [0])])
    rec = pattern_recurrences(net, ((1, 0), (1,)))
    z1 = rec[1].pre_activation()
    assert z1.weight == ((Q(1),), (Q(-1),)) and z1.bias == (Q(-1), Q(2))
    out = rec[3].post_activation()
    assert out.weight == ((Q(1),),) and out.bias == (Q(-1, 2),)


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=3, max_width=3, elements=small), st.data())
def test_the_engine_gives_the_recurrences_constraints_and_maps(net, data):
    """The production path (the affine-map engine) and the papers' recurrences agree on every pattern drawn."""
    x = data.draw(st.lists(small, min_size=net.input_dim, max_size=net.input_dim))
    pattern = net.pattern(x)
    rec = pattern_recurrences(net, pattern)
    for l, rows in zip(net.relu_layers, pattern_constraints(net, pattern)):
        pre = rec[l].pre_activation()
        bits = pattern[net.relu_layers.index(l)]
        expected = [(tuple(-v for v in w), c) if bit else (tuple(w), -c)
                    for w, c, bit in zip(pre.weight, pre.bias, bits)]
        assert rows == expected
    amap = region_map(net, pattern)
    assert amap == rec[net.depth].post_activation()
    # and both are the network at x (plain evaluation, no toolkit code)
    assert list(amap(x)) == list(plain_output(net, x))
    for l, rows in zip(net.relu_layers, pattern_constraints(net, pattern)):
        z = plain_pre(net, x)[l - 1]
        assert all(sum(a * v for a, v in zip(w, x)) <= c for w, c in rows), (rows, z)

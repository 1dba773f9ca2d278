"""The integer affine-map engine against a plain Fraction forward pass with the bits imposed."""

from __future__ import annotations

from fractions import Fraction as Q

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.affine import IntegerMap, MaskedMaps
from exact.network import Network, Skip
from exact.strategies import networks, rationals, vectors


def masked_forward(net: Network, bits: dict[int, tuple[int, ...]], x: tuple[Q, ...]) -> list[list[Q]]:
    """``z^(l)`` at ``x`` with every ReLU replaced by the given 0/1 bits (plain Fractions, by the definition)."""
    post: list[list[Q]] = [list(x)]
    pre = []
    for l, layer in enumerate(net.layers, start=1):
        u = list(post[l - 1])
        for skip in net.skips:
            if skip.target == l:
                source = post[skip.source]
                if skip.weight is None:
                    u = [a + b for a, b in zip(u, source)]
                else:
                    u = [a + sum((w * s for w, s in zip(row, source)), Q(0)) for a, row in zip(u, skip.weight)]
        z = [sum((w * v for w, v in zip(row, u)), Q(0)) + b for row, b in zip(layer.weight, layer.bias)]
        pre.append(z)
        post.append([v * bit for v, bit in zip(z, bits[l])] if l in bits else z)
    return pre


def apply(m: IntegerMap, x: tuple[Q, ...]) -> list[Q]:
    return [(sum((a * v for a, v in zip(row[:-1], x)), Q(0)) + row[-1]) / m.denominator for row in m.rows()]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_engine_matches_the_masked_forward_pass(data: st.DataObject) -> None:
    net = data.draw(networks(max_depth=4, max_width=3))
    engine = MaskedMaps(net)
    bits = {l: tuple(data.draw(st.lists(st.integers(0, 1), min_size=net.widths[l], max_size=net.widths[l])))
            for l in net.relu_layers}
    x = data.draw(vectors(net.input_dim, rationals(7, 5)))
    expected = masked_forward(net, bits, x)
    post = [engine.identity()]
    for l in range(1, net.depth + 1):
        z = engine.pre(post, l)
        assert apply(z, x) == expected[l - 1]
        # each primitive row is a positive multiple of the row: the same sign at x
        for row, prim in zip(z.rows(), z.primitive_rows()):
            value = sum((a * v for a, v in zip(row[:-1], x)), Q(0)) + row[-1]
            pvalue = sum((a * v for a, v in zip(prim[:-1], x)), Q(0)) + prim[-1]
            assert (value > 0) == (pvalue > 0) and (value == 0) == (pvalue == 0)
        post.append(z.masked(bits[l]) if l in bits else z)


def test_network_affine_maps_use_the_engine_and_agree_by_hand() -> None:
    # identity skip 1 -> 3 and projection 0 -> 3; on x = 3 every bit is 1 except nu1_2 = relu(-3) = 0
    net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1], [1, -1]], [0, 1]), ([[1, 2]], [0])],
                  skips=[Skip(1, 3), (0, 3, [[1], [0]])])
    pre, post = net.affine_maps(((1, 0), (1, 1)))
    # z3 = (nu2_1 + nu1_1 + x) + 2 (nu2_2 + nu1_2) = (x + x + x) + 2 (x + 1 + 0) = 5 x + 2
    assert pre[2].weight == ((Q(5),),) and pre[2].bias == (Q(2),)
    assert post[1].weight == ((Q(1),), (Q(0),))


def test_a_corrupted_engine_is_caught() -> None:
    # the comparison above can fail: shift one stored bias and the masked pass disagrees
    net = Network(1, [([[1], [-1]], [0, Q(1, 2)]), ([[1, 1]], [0])])
    engine = MaskedMaps(net)
    weight, bias, d = engine._weights[0]
    engine._weights[0] = (weight, bias + flint.fmpz_mat(2, 2, [0, 0, 0, 1]), d)
    z = engine.pre([engine.identity()], 1)
    with pytest.raises(AssertionError):
        assert apply(z, (Q(0),)) == masked_forward(net, {1: (1, 1)}, (Q(0),))[0]

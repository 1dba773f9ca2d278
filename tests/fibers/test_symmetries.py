"""Symmetries: function preserved exactly, canonical forms, preconditions, the flip group law."""

import itertools
import random
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import PreconditionError, ShapeError
from exact.network import Network, Skip
from exact.strategies import networks
from fibers.symmetries import (
    Permutation,
    Scaling,
    apply_steps,
    canonical_form,
    flip,
    flip_matrix,
    inverse_steps,
    normalize_for_flip,
    related,
    rescale,
    step_from_json,
    step_to_json,
    translate,
)
from tests.fibers.test_bottleneck import random_bottleneck
from tests.fibers.test_equivalence import permute_and_scale

GRID = [(Q(x, 2), Q(y, 3)) for x in range(-6, 7, 3) for y in range(-6, 7, 4)]


def random_chain(net, rnd):
    steps = []
    for layer in range(1, net.depth):
        width = net.widths[layer]
        order = list(range(width))
        rnd.shuffle(order)
        steps += [Permutation(layer, tuple(order)), Scaling(layer, tuple(Q(rnd.randint(1, 9), rnd.randint(1, 9))
                                                                         for _ in range(width)))]
    return steps


@settings(max_examples=25, deadline=None)
@given(net=networks(input_dim=2, max_depth=3, max_width=3), seed=st.integers(0, 10**6))
def test_chains_keep_the_function_and_canonical_forms_agree(net, seed):
    rnd = random.Random(seed)
    steps = random_chain(net, rnd)
    moved = apply_steps(net, steps)
    assert all(moved.evaluate(x) == net.evaluate(x) for x in GRID)
    assert canonical_form(moved)[0] == canonical_form(net)[0], (net.layers, net.skips, steps)
    chain = related(net, moved)
    assert chain is not None and apply_steps(net, chain) == moved
    assert apply_steps(moved, inverse_steps(steps)) == net
    assert [step_from_json(step_to_json(s)) for s in steps] == steps


def test_canonical_form_separates_classes():
    a = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
    # same first layer up to scaling, but the outgoing weights are not related by the rescaling
    b = Network(1, [([[2], [-1]], [1, 3]), ([[2, 5]], [0])])
    assert related(a, b) is None
    # ties: two neurons with equal incoming rows, distinguished only by where they send
    t1 = Network(1, [([[1], [1], [2]], [0, 0, 1]), ([[1, 2, 3], [4, 5, 6]], [0, 0]), ([[1, 1]], [0])])
    t2 = permute_and_scale(t1, random.Random(3))
    assert related(t1, t2) is not None


def test_skips_are_carried():
    net = Network(2, [([[1, 2], [-1, 1]], [0, 1]), ([[1, -1], [2, 1]], [1, 0]), ([[1, 1]], [0])],
                  [Skip(0, 2, ((1, 1), (0, 2))), Skip(1, 3)])
    moved = apply_steps(net, random_chain(net, random.Random(1)))
    assert all(moved.evaluate(x) == net.evaluate(x) for x in GRID)
    assert canonical_form(moved)[0] == canonical_form(net)[0]


def test_translation_and_its_half_line():
    rnd = random.Random(5)
    net = random_bottleneck(rnd, 3, 2, 3, 1, hide=1)
    W2, b2 = net.layers[1].weight, net.layers[1].bias
    least = max(b2[k] / W2[k][1] for k in range(3))
    points = [(Q(rnd.randint(-20, 20), 3), Q(rnd.randint(-20, 20), 3), Q(rnd.randint(-20, 20), 3))
              for _ in range(60)]
    for t in (least, least + Q(1, 3), least + 7):
        moved = translate(net, 1, t)
        assert all(moved.evaluate(x) == net.evaluate(x) for x in points)
    with pytest.raises(PreconditionError, match="outside the admissible half-line"):
        translate(net, 1, least - Q(1, 100))
    with pytest.raises(PreconditionError, match="does not hide"):
        translate(net, 0, 1)


def test_flip_preconditions_and_group_law():
    rnd = random.Random(9)
    net = random_bottleneck(rnd, 3, 3, 1, 1, hide=2)
    with pytest.raises(PreconditionError, match="not normalised"):
        flip(net, 2, [0])
    wide = random_bottleneck(rnd, 3, 3, 2, 1, hide=2)
    with pytest.raises(PreconditionError, match="n2 = 2"):
        normalize_for_flip(wide, 2)
    normalized, _ = normalize_for_flip(net, 2)
    with pytest.raises(ShapeError, match="other than 2"):
        flip(normalized, 2, [2])
    points = [tuple(Q(rnd.randint(-15, 15), 2) for _ in range(3)) for _ in range(60)]
    others = [0, 1]
    subsets = [S for r in range(3) for S in itertools.combinations(others, r)]
    for S in subsets:
        assert all(flip(normalized, 2, S).evaluate(x) == net.evaluate(x) for x in points)
        for T in subsets:
            product = [[sum(a * b for a, b in zip(row, col)) for col in zip(*flip_matrix(3, 2, T))]
                       for row in flip_matrix(3, 2, S)]
            xor = tuple(sorted(set(S) ^ set(T)))
            assert tuple(map(tuple, product)) == flip_matrix(3, 2, xor)


def test_bad_steps():
    net = Network(1, [([[1], [2]], [0, 0]), ([[1, 1]], [0])])
    with pytest.raises(ShapeError, match="not a permutation"):
        apply_steps(net, [Permutation(1, (0, 0))])
    with pytest.raises(PreconditionError, match="positive"):
        rescale(net, 1, [1, 0])
    with pytest.raises(ShapeError, match="not a hidden layer"):
        rescale(net, 2, [1])


@settings(max_examples=40, deadline=None)
@given(networks(input_dim=2, max_depth=4, max_width=4), st.integers(0, 10 ** 6))
def test_a_simplified_chain_does_what_the_chain_does_in_at_most_two_steps_per_layer(net, seed):
    from fibers.symmetries import simplify_steps

    if net.depth < 2:
        return                                    # no hidden layer: nothing to permute or scale
    rng = random.Random(seed)
    chain = []
    for _ in range(rng.randint(1, 8)):
        layer = rng.randint(1, net.depth - 1)
        width = net.widths[layer]
        if rng.random() < 0.5:
            order = list(range(width))
            rng.shuffle(order)
            chain.append(Permutation(layer, tuple(order)))
        else:
            chain.append(Scaling(layer, tuple(Q(rng.randint(1, 5), rng.randint(1, 5)) for _ in range(width))))
    short = simplify_steps(chain)
    assert apply_steps(net, short) == apply_steps(net, chain)
    layers = [s.layer for s in short]
    assert all(layers.count(l) <= 2 for l in set(layers)) and layers == sorted(layers)
    assert simplify_steps(chain + inverse_steps(chain)) == []

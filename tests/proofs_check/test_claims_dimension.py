"""Functional dimension by hand, and the Theorem 5 claim refutes a wrong prediction."""

import random

from exact import Network
from proofs_check.claims_dimension import _draw, conditions, functional_dimension, verify_dimension


def test_functional_dimension_by_hand():
    # f = w2 relu(w1 x + b1) + b2: the maps (w2 w1, w2 b1 + b2) and b2 have a rank-3 Jacobian in (w1, b1, w2, b2)
    assert functional_dimension(Network(1, [([[2]], [1]), ([[3]], [1])])) == 3
    # two neurons with breakpoints -1/2 and 1: 7 parameters, one scaling each
    assert functional_dimension(Network(1, [([[2], [-1]], [1, 1]), ([[3, 1]], [1])])) == 5
    # an affine network x -> 2 relu(x + 1) + 0 on R has two regions: still rank 3 (x + 1 changes sign)
    assert functional_dimension(Network(1, [([[1]], [1]), ([[2]], [0])])) == 3


def test_theorem5_dimension_refutes_a_wrong_drop():
    rng = random.Random(0)
    generic = _draw(rng, "none")
    assert not conditions(generic)
    assert verify_dimension(generic, 0) is None
    assert verify_dimension(generic, 1) is not None
    hiding = _draw(rng, "hiding, n2 >= 2")
    assert conditions(hiding) == {3}
    assert verify_dimension(hiding, 1) is None and verify_dimension(hiding, 0) is not None

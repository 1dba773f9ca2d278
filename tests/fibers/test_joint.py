"""The joint network computes f_a - f_b exactly, for any two networks with the same dimensions."""

from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import ShapeError
from exact.network import Network
from exact.strategies import networks, vectors
from fibers.joint import joint_network
from tests.plain import plain_output

small = st.integers(-3, 3).map(Q)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(
    networks(input_dim=n, max_depth=3, max_width=3, output_dim=2, elements=small, output_relu=None),
    networks(input_dim=n, max_depth=3, max_width=3, output_dim=2, elements=small, output_relu=None),
    vectors(n))))
def test_the_joint_network_is_the_difference(case):
    a, b, x = case
    joint = joint_network(a, b)
    assert list(plain_output(joint, x)) == [p - q for p, q in zip(plain_output(a, x), plain_output(b, x))]
    assert joint.neuron_count >= a.neuron_count + b.neuron_count       # both networks' neurons are in it


def test_different_dimensions_are_refused():
    with pytest.raises(ShapeError):
        joint_network(Network(1, [([[1]], [0])]), Network(2, [([[1, 1]], [0])]))

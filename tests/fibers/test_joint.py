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


def test_on_hull_restricts_both_networks_to_the_domains_plane():
    from exact.network import Skip
    from exact.polyhedron import Polyhedron
    from fibers.joint import hull_point, on_hull

    # a skip from the input, so the plane's origin reaches a later layer too
    a = Network(3, [([[1, -1, 2], [0, 1, 1]], [1, 0]), ([[1, -1]], [0])], [Skip(0, 2, [[1, 0, 1], [0, 1, 0]])])
    b = Network(3, [([[2, 0, -1]], [0]), ([[1]], [1])])
    flat = Polyhedron.box([-1, 2, 0], [1, 2, 3])                 # x2 = 2: a plane of dimension 2
    plane, on_a, on_b, preimage = on_hull(a, b, flat)
    assert len(plane[1]) == 2 and on_a.input_dim == on_b.input_dim == preimage.dim == 2
    assert preimage.is_full_dimensional()
    for y in [(Q(0), Q(0)), (Q(1, 3), Q(-1, 2)), (Q(-1), Q(2, 7))]:
        x = hull_point(plane, y)
        assert x[1] == 2 and flat.contains(x) == preimage.contains(y)
        assert plain_output(on_a, y) == plain_output(a, x) and plain_output(on_b, y) == plain_output(b, x)
    point = Polyhedron.box([1, 2, 3], [1, 2, 3])
    assert on_hull(a, b, point) == (((1, 2, 3), ()), a, b, point)

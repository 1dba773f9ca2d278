"""Layers 2-3 of a bottleneck network as a map on the orthant (fibers.orthant), against hand derivations."""

from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from fibers.orthant import (
    OrthantMap,
    compare_on_orthant,
    generic_orthant_point,
    hyperplane_representation,
    neuron_classes,
    orthant_map_of,
)


def test_classes_and_hyperplanes_by_hand():
    # rows: (-1, -2 | -1) never positive on z >= 0: dead; (1, 2 | 0) never negative: linear;
    # (1, -1 | 0) and (2, -2 | 0) are the same hyperplane z1 = z2 with sizes 1 and 2
    g = OrthantMap([[-1, -2], [1, 2], [1, -1], [2, -2]], [-1, 0, 0, 0], [[5, 7, 1, 3]], [0])
    assert neuron_classes(g) == ["dead", "linear", "nonlinear", "nonlinear"]
    # weight of z1 - z2 = 0: 1 * 1 + 2 * 3 = 7 (normalised to a leading +1)
    assert hyperplane_representation(g).hyperplanes == {(Q(1), Q(-1), Q(0)): (Q(7),)}
    # the value at z = (3, 1): 0 (dead) + 7 * 5 + 1 * 2 + 3 * 4 = 49
    assert g([3, 1]) == (Q(49),)
    assert g.affine_at([Q(3), Q(1)]) == (((Q(14), Q(7)),), (Q(0),))      # 7 (1, 2) + 1 (1, -1) + 3 (2, -2)


def test_equal_maps_on_the_orthant_and_a_difference_found():
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1], [-1, -1]], [0, -1]), ([[1, 4]], [0])])
    g = orthant_map_of(net)
    assert neuron_classes(g) == ["nonlinear", "dead"]
    same = OrthantMap([[2, -2]], [0], [[Q(1, 2)]], [0])                  # relu(2 (z1 - z2)) / 2, no dead neuron
    assert compare_on_orthant(g, same).equal
    other = OrthantMap([[2, -2]], [0], [[1]], [0])                         # twice as steep
    assert not compare_on_orthant(g, other).equal


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=4))
def test_generic_points_avoid_the_hyperplanes(rows):
    hyperplanes = [tuple(map(Q, r)) for r in rows if r[0] or r[1]]
    z = generic_orthant_point(hyperplanes, 2)
    assert all(v > 0 for v in z)
    assert all(h[0] * z[0] + h[1] * z[1] + h[2] != 0 for h in hyperplanes)

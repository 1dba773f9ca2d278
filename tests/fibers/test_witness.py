"""Witnesses on lines (fibers.witness): breakpoints and differences against hand derivations."""

from fractions import Fraction as Q

from exact.network import Network
from fibers.witness import difference_on_line, line_breakpoints, search_witness
from tests.plain import plain_output


def test_breakpoints_on_a_line_by_hand():
    # relu(x - 1) - relu(relu(x) - 3): kinks at x = 1, x = 0 (inner relu) and x = 3, on the line x = -2 + 2 s
    net = Network(1, [([[1], [1]], [-1, 0]), ([[1, 0], [0, 1]], [0, -3]), ([[1, -1]], [0])])
    assert line_breakpoints(net, [-2], [2]) == [Q(1), Q(3, 2), Q(5, 2)]
    # on a line along y, the network of x alone does not switch
    flat = Network(2, [([[1, 0]], [0]), ([[1]], [0])])
    assert line_breakpoints(flat, [1, 0], [0, 1]) == []


def test_differences_on_lines():
    identity = Network(1, [([[1]], [0])])
    absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    x = difference_on_line(identity, absolute, [1], [1])          # they agree for x >= 0 only
    assert x is not None and x[0] < 0 and plain_output(identity, x) != plain_output(absolute, x)
    assert difference_on_line(absolute, absolute, [0], [1]) is None
    # relu(x) and relu(x - 1) differ near 1; a line given first is tried first
    relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    shifted = Network(1, [([[1]], [-1]), ([[1]], [0])])
    found = search_witness(relu, shifted, lines=[((Q(5),), (Q(1),))], random_lines=0)
    assert found is not None and plain_output(relu, found) != plain_output(shifted, found)
    assert search_witness(relu, relu, random_lines=3) is None

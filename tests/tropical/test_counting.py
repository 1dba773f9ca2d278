"""The rough region estimate for progress lines (tropical.counting.estimate_regions)."""

from fractions import Fraction

from exact.network import Network
from exact.polyhedron import Polyhedron


def test_the_region_estimate_on_large_regions_and_its_limits():
    from tropical.counting import estimate_regions

    # x = 0, y = 0 and x + y = 1 cut [-2, 2]^2 into 7 regions, each of area at least 1/2 of 16: all sampled
    lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    assert estimate_regions(lines, Polyhedron.box([-2, -2], [2, 2])) == 7
    # on the triangle x, y >= 0, x + y <= 1/2 (not a box: rejection sampling) none of them cuts
    triangle = Polyhedron(2, [[-1, 0], [0, -1], [1, 1]], [0, 0, Fraction(1, 2)])
    assert estimate_regions(lines, triangle) == 1
    assert estimate_regions(lines, Polyhedron.whole_space(2)) is None

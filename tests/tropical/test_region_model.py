"""The one region model: a Region built from a pattern alone, and the places that hand Regions out.

Every expected value is re-derived here from plain exact evaluation (``Network.forward``)
or from the vertices of a polytope, not from the Region's own fields.
"""

import random
from fractions import Fraction as Q

import flint
import pytest
from hypothesis import given, settings

from exact.errors import DomainError
from exact.network import Network, Skip
from exact.polyhedron import Polyhedron
from exact.strategies import networks
from fibers.equivalence import decide_equivalence
from homology.complexes import SimplicialComplex
from homology.decompositions import overlap_decomposition
from homology.image import refine
from tests.plain import plain_forward
from tropical.enumeration import regions
from tropical.regions import Region

BOX = Polyhedron.box([-2, -2], [2, 2])


def strictly_inside(poly, x):
    return all(sum((a * v for a, v in zip(row, x)), Q(0)) < b for row, b in zip(poly.A, poly.b))


@settings(max_examples=25, deadline=None)
@given(networks(input_dim=2, max_depth=3, max_width=3))
def test_a_region_from_its_pattern_alone_is_the_enumerated_one(net):
    for found in regions(net, BOX):
        lazy = Region(net, found.pattern, domain=BOX)
        assert lazy.inequalities == found.inequalities
        x = lazy.interior_point  # found by its own LP: strictly inside, with the pattern at it
        assert strictly_inside(lazy._minimized, x) and net.pattern(x) == found.pattern
        out = net.forward(x).output
        amap = lazy.affine_map
        assert amap(x) == out and lazy.volume() == found.volume()


def test_a_pattern_without_a_region_is_refused_on_first_use():
    net = Network(1, [([[1], [1]], [0, -1]), ([[1, 1]], [0])])     # z = (x, x - 1): "01" needs x <= 0, x >= 1
    region = Region(net, ((0, 1),))
    with pytest.raises(DomainError, match="not full-dimensional"):
        _ = region.interior_point


def test_the_image_of_a_region_is_the_hull_of_the_values_at_its_vertices():
    net = Network(2, [([[1, 2], [-1, 1], [0, 1]], [0, 1, "-1/2"]), ([[1, -1, 2], [0, 1, 1]], [0, 0])])
    for region in regions(net, BOX):
        values = {net.evaluate(v) for v in region.vertices()}
        image = region.image()
        assert set(image.vertices()) <= values
        assert all(image.contains(v) for v in values)


def test_pieces_of_a_complex_are_regions_whose_images_are_the_values_at_their_corners():
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
    triangle = SimplicialComplex([("a", "b", "c"), ("c", "d")])
    coords = {"a": (-1, -1), "b": (2, 0), "c": (0, 2), "d": (3, 3)}
    pieces = refine(net, triangle, coords)
    assert all(p.region is not None and p.pattern == p.region.pattern for p in pieces)
    for p in pieces:
        corners = p.domain.vertices()
        centre = tuple(sum(v[i] for v in corners) / len(corners) for i in range(2))
        assert net.pattern(centre) == p.pattern           # the piece is where the network has that pattern
        values = {net.evaluate(c) for c in corners}
        assert set(p.image.vertices()) <= values and all(p.image.contains(v) for v in values)


def test_the_overlap_decomposition_hands_out_its_populated_regions():
    net = Network(2, [([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]), ([[1, 1, 0], [0, 0, 1]], [0, 0])])   # (|x|, relu y)
    points = [(1, 1), (-1, 1), (2, -1), ("1/2", "-3"), (-3, 2)]
    result = overlap_decomposition(net, points)
    assert set(result.cells) == set(result.regions)
    for pattern, members in result.regions.items():
        cell = result.cells[pattern]
        for i in members:
            x = tuple(Q(v) for v in points[i])
            assert cell.contains(x) and cell.affine_map(x) == net.evaluate(x)


def test_an_equivalence_certificate_gives_its_cells_as_joint_regions():
    a = Network(1, [([[1], [-1]], [0, 0]), ([[2, -2]], [0])])              # 2x
    b = Network(1, [([[2], [-2]], [0, 0]), ([[1, -1]], [0])])              # 2x, scaled differently
    result = decide_equivalence(a, b, "exhaustive")
    cells = result.cells(a, b)
    assert len(cells) == len(result.regions) == 2
    for cell, (pa, pb, x) in zip(cells, result.regions):
        assert cell.interior_point == x and a.pattern(x) == pa and b.pattern(x) == pb
        assert all(v == 0 for row in cell.affine_map.weight for v in row) and not any(cell.affine_map.bias)


def test_a_batch_forward_pass_equals_a_plain_one_point_at_a_time():
    rng = random.Random(5)

    def q():
        return Q(rng.randint(-30, 30), rng.randint(1, 9))
    layers = [([[q() for _ in range(w_in)] for _ in range(w_out)], [q() for _ in range(w_out)])
              for w_in, w_out in ((3, 4), (4, 3), (3, 2))]
    net = Network(3, layers, [Skip(0, 2, [[q() for _ in range(3)] for _ in range(4)]),
                              Skip(1, 3, [[q() for _ in range(4)] for _ in range(3)])])
    points = [[q() for _ in range(3)] for _ in range(12)]
    entries = [flint.fmpq(p[i].numerator, p[i].denominator) for i in range(3) for p in points]
    pre, post = net.flint_forward(flint.fmpq_mat(3, len(points), entries))

    def column(matrix, j):
        return [Q(int(row[j].p), int(row[j].q)) for row in matrix.tolist()]
    for j, p in enumerate(points):
        plain_pre, plain_out = plain_forward(net, p)
        assert [column(m, j) for m in pre] == plain_pre and column(post[-1], j) == plain_out


def test_the_complex_region_graph_carries_each_cell_as_a_region():
    from tropical.complex import polyhedral_complex

    net = Network(2, [([[1, 2], [-1, 1], [0, 1]], [0, 1, "-1/2"]), ([[1, -1, 2], [0, 1, 1]], [0, 0])])
    cx = polyhedral_complex(net, BOX)
    graph = cx.region_graph()
    assert graph.number_of_nodes() == cx.f_vector()[-1]
    for i in graph:
        node = graph.nodes[i]
        x = node["region"].interior_point
        pre = plain_forward(net, x)[0][0]                   # first-layer pre-activations, by hand
        signs = node["signs"][cx.facets:]
        assert "".join("+" if v > 0 else "-" for v in pre) == signs
        assert node["region"].affine_map(x) == tuple(plain_forward(net, x)[1])

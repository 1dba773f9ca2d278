"""Region enumeration: tree and walk agree; counts, patterns and volumes checked against definitions."""

import itertools
from fractions import Fraction as Q
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import DomainError, ShapeError
from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import networks, rationals
from tropical.counting import count_regions
from tropical.enumeration import pattern_near, region_graph, regions


def patterns(net, **kw):
    return sorted(r.pattern for r in regions(net, **kw))


def check_region(net, region, domain):
    x = region.interior_point
    assert region.polyhedron().contains(x)
    assert all(sum(a_i * x_i for a_i, x_i in zip(a, x)) < b for a, b in region.constraints)  # strictly inside
    assert domain is None or domain.contains(x)
    assert net.pattern(x)[: len(region.pattern)] == region.pattern
    amap = region.affine_map
    assert amap(x) == net.evaluate(x)
    if region.is_bounded():
        for v in region.vertices():
            assert amap(v) == net.evaluate(v)  # the closed region: continuity at the vertices


@settings(max_examples=25)
@given(networks(input_dim=2, max_depth=3, max_width=3, output_relu=None), st.booleans())
def test_tree_and_walk_agree_with_evidence(net, boxed):
    domain = Polyhedron.box([-3, -3], [3, 3]) if boxed else None
    tree = list(regions(net, domain))
    walk = patterns(net, domain=domain, method="walk")
    assert sorted(r.pattern for r in tree) == walk == patterns(net, domain=domain, method="tree-lp")
    assert len(set(walk)) == len(walk)
    for region in tree:
        check_region(net, region, domain)


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=True))
def test_backends_give_the_same_regions(net):
    domain = Polyhedron.box([-2, -2], [2, 2])
    ppl = domain.with_backend("ppl")
    assert patterns(net, domain=domain) == patterns(net, domain=ppl, backend="ppl", method="tree-lp")
    assert patterns(net, domain=domain) == patterns(net, domain=ppl, backend="ppl", method="walk")


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=2, max_width=3, elements=rationals(3, 2)))
def test_bounded_regions_tile_the_box(net):
    box = Polyhedron.box([-1, -2], [2, 1])
    found = list(regions(net, box))
    assert sum(r.volume() for r in found) == box.volume() == 9


@settings(max_examples=6)
@given(networks(input_dim=3, max_depth=2, max_width=3, elements=rationals(3, 2)))
def test_tiling_in_3d(net):
    box = Polyhedron.box(0, 1, dim=3)
    assert sum(r.volume() for r in regions(net, box)) == 1


@pytest.mark.parametrize("width, dim", [(1, 1), (3, 1), (4, 2), (5, 2), (5, 3), (6, 3)])
def test_generic_one_hidden_layer_count(width, dim):
    # generic hyperplanes: integer normals with distinct primes make every d of them independent
    primes = [2, 3, 5, 7, 11, 13, 17, 19]
    rows = [[Q(primes[i] ** (j + 1) % 97 + i) for j in range(dim)] for i in range(width)]
    net = Network(dim, [(rows, [Q(i * i + 1, i + 2) for i in range(width)]), ([[1] * width], [0])])
    # genericity checked here, not assumed: every subset of <= dim normals is independent, and no
    # dim+1 hyperplanes share a point (checked by exact rank of the augmented rows)
    from exact import linalg

    for k in range(1, min(width, dim + 1) + 1):
        for subset in itertools.combinations(range(width), k):
            aug = [tuple(rows[i]) + (net.layers[0].bias[i],) for i in subset]
            assert linalg.rank([tuple(rows[i]) for i in subset]) == min(k, dim)
            assert linalg.rank(aug) == k
    expected = sum(comb(width, i) for i in range(dim + 1))
    assert count_regions(net) == expected
    assert count_regions(net, method="walk") == expected


DEGENERATE = {
    # two coincident hyperplanes (x = 0 twice, once with opposite orientation): 2 regions
    "coincident": Network(1, [([[1], [-1], [2]], [0, 0, 0]), ([[1, 1, 1]], [0])]),
    # parallel lines x = 0 and x = 1 in the plane: 3 regions
    "parallel": Network(2, [([[1, 0], [1, 0]], [0, -1]), ([[1, 1]], [0])]),
    # a dead neuron (0 x + 0) and a constant neuron (0 x + 1): they add no hyperplane
    "constant": Network(2, [([[0, 0], [0, 0], [1, 1]], [0, 1, 0]), ([[1, 1, 1]], [0])]),
    # three lines through one point: 6 regions
    "concurrent": Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, 1]], [0])]),
    # a second-layer neuron that is 0 on a whole region: z2 = -relu(x)
    "flat": Network(1, [([[1]], [0]), ([[-1]], [0]), ([[1]], [0])]),
    # a hyperplane of layer 2 through the vertex of layer 1 hyperplanes
    "through-vertex": Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [0]), ([[1]], [0])]),
}
EXPECTED_COUNTS = {"coincident": 2, "parallel": 3, "constant": 2, "concurrent": 6, "flat": 2, "through-vertex": 5}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_networks(name):
    net = DEGENERATE[name]
    tree = list(regions(net))
    assert len(tree) == EXPECTED_COUNTS[name]
    assert sorted(r.pattern for r in tree) == patterns(net, method="walk") == patterns(net, method="tree-lp")
    for region in tree:
        check_region(net, region, None)
    # no two regions share a closed cell: their interiors are disjoint
    for r, s in itertools.combinations(tree, 2):
        both = r.polyhedron().intersection(s.polyhedron())
        assert not both.is_full_dimensional()


def test_through_vertex_count_by_hand():
    # quadrants of (x, y); layer 2 neuron relu(x)-relu(y) vanishes where relu(x) = relu(y):
    # on the third quadrant identically (one region, canonical bit 1), on the first along y = x
    # (splits it), on the second and fourth never (x < 0 < y gives -y < 0). So 1 + 2 + 1 + 1 = 5.
    net = DEGENERATE["through-vertex"]
    third = [r for r in regions(net) if r.pattern[0] == (0, 0)]
    assert len(third) == 1 and third[0].pattern[1] == (1,)


def test_prefix_layers_and_graph():
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1]), ([[1]], [0])])
    assert count_regions(net, layers=1) == 4
    # layer 2: z = relu(x) + relu(y) - 1. First quadrant: x + y = 1 splits it (2 regions);
    # second: z = y - 1 splits it at y = 1 (2); fourth likewise (2); third: z = -1 (1). Total 7.
    assert count_regions(net) == 7
    g = region_graph(net)
    assert g.number_of_nodes() == 7
    import networkx as nx

    assert nx.is_connected(g)


def test_pattern_near_and_errors():
    net = Network(1, [([[1]], [0]), ([[1]], [0])])
    assert pattern_near(net, [0], [[1]]) == ((1,),)
    with pytest.raises(ShapeError, match="method"):
        list(regions(net, method="bfs"))
    with pytest.raises(DomainError, match="full-dimensional"):
        list(regions(net, Polyhedron(1, E=[[1]], f=[0])))
    with pytest.raises(DomainError, match="dimension 2"):
        list(regions(net, Polyhedron.box([0, 0], [1, 1])))
    with pytest.raises(ShapeError, match="layers"):
        count_regions(net, layers=3)

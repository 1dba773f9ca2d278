"""The complex of degenerate networks (the face lattice): hand-derived cases and an independent count."""

import itertools
from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import networks
from tropical.complex import polyhedral_complex
from tropical.enumeration import regions

SQUARE = Polyhedron.box([-1, -1], [1, 1])
CUBE = Polyhedron.box([-1, -1, -1], [1, 1, 1])


def drop_last(cx, k):
    """Forget the last ``k``-face of a lattice complex (a mutant for the checks to catch)."""
    from tropical.lattice import _Level

    level = cx.lattice.levels[k]
    cx.lattice.levels[k] = _Level([level.facets(f) for f in range(len(level) - 1)])
    cx._vertex_sets.clear()


def euler(f):
    return sum((-1) ** k * v for k, v in enumerate(f))


def test_concurrent_lines_by_hand():
    # x = 0, y = 0, x + y = 0 on [-1, 1]^2: 4 corners, (0, +-1), (+-1, 0) (x + y = 0 leaves through the corners
    # (1, -1) and (-1, 1)), the origin: 9 vertices; 6 rays from the origin + 8 pieces of the sides: 14 edges;
    # 6 sectors
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 2, 3]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [9, 14, 6] and cx.certify() and not cx.simple
    assert cx.degenerate_vertex() == (0, 0)
    # R^n: the origin, 6 rays, 6 sectors
    assert polyhedral_complex(net).f_vector() == [1, 6, 6]


def test_four_planes_through_one_point_by_hand():
    # x = 0, y = 0, z = 0, x + y + z = 0 in R^3, any three independent: one vertex; C(4, 2) = 6 lines in
    # 12 rays; each plane cut by 3 lines through 0 into 6 sectors: 24 2-faces; 2 (1 + 3 + 3) = 14 regions
    net = Network(3, [([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0]), ([[1, 1, 1, 1]], [0])])
    cx = polyhedral_complex(net)
    assert cx.f_vector() == [1, 12, 24, 14]
    assert euler(cx.f_vector()) == -1          # open cells of R^3


def test_plane_through_box_corners_by_hand():
    # x + y + z = 1 through the corners (1, 1, -1), (1, -1, 1), (-1, 1, 1) of [-1, 1]^3; (1, 1, 1) alone is
    # positive, so no edge is split: 8 vertices; 12 + 3 diagonals of the 3 faces it cuts = 15 edges;
    # 6 - 3 + 2 * 3 + 1 (the triangle) = 10 2-faces; 2 regions
    net = Network(3, [([[1, 1, 1]], [-1]), ([[1]], [0])])
    cx = polyhedral_complex(net, CUBE)
    assert cx.f_vector() == [8, 15, 10, 2] and cx.certify()


def test_coincident_neurons_by_hand():
    # x, 2x and -x share the zero set x = 0; with y = 1/2: 4 corners, (0, +-1), (+-1, 1/2), (0, 1/2): 9 vertices;
    # 8 pieces of the sides + 2 + 2 inside: 12 edges; 4 regions
    net = Network(2, [([[1, 0], [2, 0], [-1, 0], [0, 2]], [0, 0, 0, -1]), ([[1, 1, 1, 1]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [9, 12, 4] and cx.certify()
    on_axis = [f for f in cx.faces(1) if f.signs[4:7] == "000"]
    assert len(on_axis) == 2                   # the two pieces of x = 0 lie on all three zero sets
    weights = cx.facet_weights()               # the jump across x = 0 of x + relu(2x) + relu(-x)... is 1 + 2 + 1
    assert {w.weight for w in weights if cx.faces(1)[w.facet].signs[4] == "0"} == {(Q(4),)}


def test_second_layer_zero_set_through_a_first_layer_vertex_by_hand():
    # z = relu(x) - relu(y): the diagonal x = y in the first quadrant (ending in the corner (1, 1)), and 0 on the
    # whole third quadrant (a region inside the zero set). 4 corners, (0, +-1), (+-1, 0), 0: 9 vertices;
    # 8 side pieces + 4 half-axes + the diagonal: 13 edges; the first quadrant in 2 + 3 others: 5 regions
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [0]), ([[1]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [9, 13, 5] and cx.certify()
    assert sum(1 for f in cx.faces(2) if f.signs.endswith("0")) == 1    # the third quadrant


def test_edge_inside_a_later_zero_set_by_hand():
    # relu(x) + relu(-x) = |x| vanishes exactly on x = 0, which is already an edge line; with y: the 4 quadrants
    net = Network(2, [([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]), ([[1, 1, 0]], [0]), ([[1]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [9, 12, 4] and cx.certify()
    assert sum(1 for f in cx.faces(1) if f.signs[-1] == "0") == 2       # the two halves of x = 0
    assert sum(1 for f in cx.faces(0) if f.signs[-1] == "0") == 3       # (0, -1), 0, (0, 1)


def test_zero_set_on_a_box_facet_by_hand():
    # x - 1 = 0 is the facet x = 1 of the square: nothing is cut
    cx = polyhedral_complex(Network(2, [([[1, 0]], [-1]), ([[1]], [0])]), SQUARE)
    assert cx.f_vector() == [4, 4, 1] and cx.certify()
    assert sum(1 for f in cx.faces(1) if f.signs[1] == "0" and f.signs[4] == "0") == 1


def test_dead_and_zero_neurons():
    # a zero neuron (weights and bias 0) is 0 everywhere and a dead one (-x - 2) negative: the square, whole
    net = Network(2, [([[0, 0], [-1, 0]], [0, -2]), ([[1, 1]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [4, 4, 1] and cx.faces(2)[0].signs == "++++0-"


def test_a_dropped_face_fails_the_certificate():
    # the check can fail: forget the zero part of a split face and certify() (Euler, completeness) objects
    import pytest

    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 2, 3]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    drop_last(cx, 1)                 # an edge of the lattice goes missing
    with pytest.raises((AssertionError, IndexError, KeyError, ValueError)):
        cx.certify()


# ----------------------------------------------------------------------------- an independent count


def signs_by_definition(net, cx, x):
    """Every hyperplane's sign at ``x``: the domain's facets, then each cut neuron, by a plain forward pass."""
    values = [b - sum((u * v for u, v in zip(a, x)), Q(0)) for a, b in cx.facet_rows]
    h, pres = list(x), []
    for l, layer in enumerate(net.layers, start=1):
        z = [sum((w * v for w, v in zip(row, h)), b) for row, b in zip(layer.weight, layer.bias)]
        pres.append(z)
        h = [max(v, Q(0)) for v in z] if l in net.relu_layers else z
    values += [pres[layer - 1][index] for layer, index in cx.neurons]
    return "".join("0" if v == 0 else "+" if v > 0 else "-" for v in values)


def rank(rows):
    rows = [list(r) for r in rows]
    r = 0
    for c in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c] / rows[r][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        r += 1
    return r


def vertices_and_edges_of_the_regions(net, box):
    """Vertices and edges from every region of the tree, each region's vertices enumerated by cdd."""
    n = net.input_dim
    points, edges = set(), set()
    for region in regions(net, box):
        corners = list(region.vertices())
        points.update(corners)
        rows = [(tuple(a), b) for a, b in region.inequalities]
        tight = {p: [a for a, b in rows if sum((u * v for u, v in zip(a, p)), Q(0)) == b] for p in corners}
        for p, q in itertools.combinations(corners, 2):
            common = [a for a in tight[p] if a in tight[q]]
            if n == 1 or (common and rank(common) == n - 1):
                edges.add(frozenset((p, q)))
    return points, edges


small_integers = st.integers(-2, 2).map(Q)


@st.composite
def degenerate_networks(draw):
    net = draw(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=False,
                        elements=small_integers))
    if draw(st.booleans()):      # zero biases
        net = Network(net.input_dim, [(layer.weight, [0] * len(layer.bias)) for layer in net.layers])
    return net


@settings(max_examples=60, deadline=None)
@given(degenerate_networks())
def test_degenerate_networks_against_the_tree_cdd_and_the_definition(net):
    n = net.input_dim
    box = Polyhedron.box([-1] * n, [2] * n)
    cx = polyhedral_complex(net, box)
    f = cx.f_vector()
    found = list(regions(net, box))
    assert f[-1] == len(found)                                    # regions: the exact tree
    points, edges = vertices_and_edges_of_the_regions(net, box)
    assert f[0] == len(points)                                    # vertices: cdd on every region
    assert sorted(cx.exact_vertex(face.vertices[0]) for face in cx.faces(0)) == sorted(points)
    if n >= 2:
        assert f[1] == len(edges)                                 # edges: pairs on n - 1 common facets
    assert euler(f) == 1
    for k in range(n + 1):                                        # every face's signs, by the definition
        for face in cx.faces(k):
            assert signs_by_definition(net, cx, cx.face_point(face)) == face.signs
    assert cx.certify()


def test_the_independent_count_sees_a_dropped_region():
    # the check above can fail: drop one region of a degenerate complex and its f-vector no longer matches
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 2, 3]], [0])])
    box = Polyhedron.box([-1, -1], [2, 2])
    cx = polyhedral_complex(net, box)
    assert cx.f_vector()[-1] == len(list(regions(net, box)))
    drop_last(cx, 2)
    assert cx.f_vector()[-1] != len(list(regions(net, box)))


def test_slabs_of_degenerate_networks_merge_to_the_whole_complex():
    # the first cut plane of 2 slabs of [-1, 1]^2 is x1 = 1/1009: a neuron lying on it, and lines crossing on it
    from tropical.partition import partitioned_f_vector

    c = Q(1, 1009)
    on_cut = Network(2, [([[1, 0], [0, 1], [1, 1], [1, -1]], [-c, 0, -c, -c]), ([[1, 1, 1, 1]], [0])])
    zero_bias = Network(2, [([[1, 0], [0, 1], [1, 1], [2, -1]], [0, 0, 0, 0]), ([[1, -1, 1, 1], [0, 1, 1, 0]], [0, 0]),
                            ([[1, 1]], [0])])
    for net in (on_cut, zero_bias):
        whole = polyhedral_complex(net, SQUARE)
        assert not whole.simple
        for pieces in (2, 3):
            for keep_all in (False, True):
                merged = partitioned_f_vector(net, SQUARE, pieces=pieces, keep_all=keep_all)
                assert merged.f_vector == whole.f_vector() and merged.cuts[1] == -1 + 2 * (Q(1, pieces) + c / pieces)


def test_near_degenerate_next_to_exactly_degenerate():
    # x = 0, y = 0 and 2x - y = 0 meet at 0 exactly; x + y = 2^-60 passes within 2^-60 of it: the float
    # filter cannot tell these apart, the exact fallback does. By hand on [-1, 1]^2: 4 corners; side points
    # (0, +-1), (+-1, 0), (1/2, 1), (-1/2, -1), (1, t - 1), (t - 1, 1); inside, 0 (three lines) and x + y = t
    # meeting the others at (0, t), (t, 0), (t/3, 2t/3): 16 vertices. Three concurrent lines make 6 sectors;
    # a fourth line crossing them at 3 distinct inner points adds 4 regions: 10. Edges by Euler: 16 + 10 - 1
    t = Q(1, 2 ** 60)
    net = Network(2, [([[1, 0], [0, 1], [2, -1], [1, 1]], [0, 0, 0, -t]), ([[1, 1, 1, 1]], [0])])
    cx = polyhedral_complex(net, SQUARE)
    assert cx.f_vector() == [16, 25, 10] and cx.certify() and cx.fallbacks > 0
    assert cx.f_vector()[-1] == len(list(regions(net, SQUARE)))
    near = sorted(cx.exact_vertex(f.vertices[0]) for f in cx.faces(0) if max(abs(v) for v in cx.exact_vertex(
        f.vertices[0])) < Q(1, 2 ** 50))
    assert near == [(0, 0), (0, t), (t / 3, 2 * t / 3), (t, 0)]

"""Networks: evaluation, patterns, local affine maps, Jacobians, builders and their errors.

Expected values are computed by hand in the comments or by the independent plain
evaluator `reference_eval` below, never by the code under test.
"""

from fractions import Fraction as Q

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from exact import linalg
from exact.errors import NotDifferentiableError, NotExactError, PatternError, ShapeError, SkipError
from exact.network import Network, Skip, leaky_relu_network, parse_pattern, residual_network
from exact.strategies import networks, vectors


def reference_eval(net, x):
    """Independent evaluator: follows MATH.md section 1 with plain Fraction loops."""
    post = [list(map(Q, x))]
    for l, layer in enumerate(net.layers, start=1):
        u = list(post[l - 1])
        for s in net.skips:
            if s.target == l:
                P = s.weight if s.weight is not None else [[Q(int(i == j)) for j in range(len(post[s.source]))]
                                                           for i in range(len(post[s.source]))]
                u = [a + sum((P[i][j] * post[s.source][j] for j in range(len(post[s.source]))), Q(0))
                     for i, a in enumerate(u)]
        z = [sum((w * v for w, v in zip(row, u)), Q(0)) + b for row, b in zip(layer.weight, layer.bias)]
        relu = l < net.depth or net.output_relu
        post.append([max(v, Q(0)) for v in z] if relu else z)
    return tuple(post[-1])


EXAMPLE = Network(2, [([["-4", "1"], ["-4", "-1"]], ["2", "3"]), ([[1, "1/2"]], [0])])


def test_hand_computed_example():
    # x = (0, 0): z = (2, 3), nu = (2, 3), f = 2 + 3/2 = 7/2
    assert EXAMPLE.evaluate([0, 0]) == (Q(7, 2),)
    # x = (1, 0): z = (-2, -1) -> nu = 0 -> f = 0, pattern 00
    assert EXAMPLE.evaluate([1, 0]) == (0,) and EXAMPLE.pattern([1, 0]) == ((0, 0),)
    trace = EXAMPLE.forward(["1/2", 1])  # z = (-2+1+2, -2-1+3) = (1, 0)
    assert trace.pre[0] == (1, 0) and trace.post[1] == (1, 0)
    assert EXAMPLE.pattern(["1/2", 1]) == ((1, 1),)  # z >= 0 -> 1 on the boundary
    amap = EXAMPLE.local_affine_map("10")  # f = -4x + y + 2 on the region where only neuron 1 is active
    assert amap.weight == ((-4, 1),) and amap.bias == (2,) and amap.rank == 1
    assert EXAMPLE.local_affine_map("00").rank == 0
    assert EXAMPLE.widths == (2, 2, 1) and EXAMPLE.neuron_count == 2 and EXAMPLE.relu_layers == (1,)


def test_pre_activation_map_and_prefix():
    pre = EXAMPLE.local_affine_map("11", layers=1, pre_activation=True)
    assert pre.weight == ((-4, 1), (-4, -1)) and pre.bias == (2, 3)
    post = EXAMPLE.local_affine_map("01", layers=1)
    assert post.weight == ((0, 0), (-4, -1)) and post.bias == (0, 3)


@given(networks(input_dim=2, max_depth=3), vectors(2))
def test_evaluate_matches_reference(net, x):
    assert net.evaluate(x) == reference_eval(net, x)


@given(networks(input_dim=2, max_depth=3, output_relu=None), vectors(2))
def test_local_affine_map_matches_evaluation_for_every_prefix(net, x):
    pattern = net.pattern(x)
    trace = net.forward(x)
    for l in range(1, net.depth + 1):
        prefix = tuple(g for k, g in zip(net.relu_layers, pattern) if k <= l)
        assert net.local_affine_map(prefix, layers=l)(x) == trace.post[l]
        assert net.local_affine_map(prefix, layers=l, pre_activation=True)(x) == trace.pre[l - 1]


@given(networks(input_dim=2, max_depth=3), vectors(2))
def test_pattern_polyhedron_contains_its_point(net, x):
    pattern = net.pattern(x)
    assert net.pattern_polyhedron(pattern).contains(x)


def test_patterns_at_boundary_and_lower_dimensional_sets():
    # z1 = x; layer 2: z2 = -nu1 (hidden), output = nu2
    net = Network(1, [([[1]], [0]), ([[-1]], [0]), ([[1]], [0])])
    # at x = 0 both neurons are 0. Pattern (1,1): x >= 0 and -x >= 0 is the single point {0}.
    assert net.pattern([0]) == ((1,), (1,))
    assert net.pattern_polyhedron(((1,), (1,))).dimension() == 0
    # the others are full-dimensional: (1,0): x >= 0; (0,*): x <= 0 with z2 = 0 identically, one
    # region named canonically with bit 1 for the identically-zero neuron
    assert net.pattern_polyhedron(((0,), (0,))) == net.pattern_polyhedron(((0,), (1,)))
    assert sorted(net.patterns_at([0])) == [((0,), (1,)), ((1,), (0,))]
    assert net.patterns_at([1]) == [((1,), (0,))]


def test_jacobian_and_nondifferentiability():
    # f(x, y) = relu(x) + relu(-x) + y = |x| + y
    net = Network(2, [([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]), ([[1, 1, 1]], [0])])
    assert net.jacobian(["1/3", 5]) == ((1, 1),)
    assert net.jacobian(["-1/3", 5]) == ((-1, 1),)
    with pytest.raises(NotDifferentiableError, match="different linear parts"):
        net.jacobian([0, 5])
    # y enters through a ReLU neuron that is 0 at y = 0, but both sides agree on x-derivative only
    # when the pieces agree: relu(x) - relu(-x) = x is differentiable at 0
    linear = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    assert linear.jacobian([0]) == ((1,),)


@given(networks(input_dim=2, max_depth=3), vectors(2), st.integers(1, 50))
def test_jacobian_equals_exact_difference_quotient(net, x, k):
    h = Q(1, 1000 * k)
    # boundary points are covered by test_jacobian_and_nondifferentiability
    assume(all(v != 0 for z in net.preactivations(x) for v in z))
    J = net.jacobian(x)
    fx = net.evaluate(x)
    checked = 0
    for i in range(2):
        step = [v + (h if j == i else 0) for j, v in enumerate(x)]
        if net.pattern(step) == net.pattern(x) and all(v != 0 for z in net.preactivations(step) for v in z):
            # on one region f is affine, so the difference quotient is exactly the column
            column = tuple((a - b) / h for a, b in zip(net.evaluate(step), fx))
            assert column == tuple(row[i] for row in J)
            checked += 1
    assume(checked > 0)


def test_skip_connection_identity_and_projection():
    # u^(3) = nu^(2) + nu^(1) (identity skip 1 -> 3) + P x (projection 0 -> 3)
    net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1], [1, -1]], [0, 1]), ([[1, 2]], [0])],
                  skips=[Skip(1, 3), (0, 3, [[1], [0]])])
    x = [Q(3)]
    # nu1 = (3, 0); z2 = (3, 4) -> nu2 = (3, 4); u3 = (3,4) + (3,0) + (3,0) = (9, 4); f = 9 + 8 = 17
    assert net.evaluate(x) == (17,)
    assert net.evaluate(x) == reference_eval(net, x)
    amap = net.local_affine_map(net.pattern(x))
    assert amap(x) == (17,) and amap.weight == ((Q(1) + 1 + 1 + 2 * 1,),)  # d/dx on this region


def test_bad_shapes_and_skips_name_layer_and_shapes():
    with pytest.raises(ShapeError, match=r"layer 2: weight is 1x3 but its input has width 2"):
        Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1, 1]], [0])])
    with pytest.raises(ShapeError, match="bias has length 1"):
        Network(2, [([[1, 0], [0, 1]], [0])])
    with pytest.raises(ShapeError, match="rows have different lengths"):
        Network(2, [([[1, 0], [0]], [0, 0])])
    with pytest.raises(SkipError, match=r"identity skip between widths 1 and 2"):
        Network(1, [([[1], [1]], [0, 0]), ([[1, 1], [1, 1]], [0, 0]), ([[1, 1]], [0])], skips=[(0, 3)])
    with pytest.raises(SkipError, match=r"needs 0 <= source <= target-2"):
        Network(1, [([[1]], [0]), ([[1]], [0])], skips=[(0, 1)])
    with pytest.raises(SkipError, match="weight is 1x1, expected 2x1"):
        Network(1, [([[1]], [0]), ([[1], [1]], [0, 0]), ([[1, 1]], [0])], skips=[(0, 3, [[1]])])
    with pytest.raises(SkipError, match="given twice"):
        Network(1, [([[1]], [0]), ([[1]], [0]), ([[1]], [0])], skips=[(0, 2), (0, 2)])
    with pytest.raises(NotExactError, match=r"layer 1 weight\[0\]\[0\]: 0.5 is a float"):
        Network(1, [([[0.5]], [0])])
    with pytest.raises(NotExactError, match="bool"):
        Network(1, [([[True]], [0])])
    with pytest.raises(ShapeError, match="input_dim"):
        Network(0, [([[1]], [0])])
    with pytest.raises(ShapeError, match="x: has 1 coordinates"):
        EXAMPLE.evaluate([1])


def test_pattern_errors():
    with pytest.raises(PatternError, match="group widths"):
        EXAMPLE.local_affine_map("1")
    with pytest.raises(PatternError, match="not groups of 0/1"):
        parse_pattern("12")
    assert parse_pattern("11,10") == ((1, 1), (1, 0))


@given(networks(input_dim=2, max_depth=3, skips=True), st.lists(vectors(2), min_size=1, max_size=3),
       st.sampled_from([Q(1, 10), Q(-2), Q(0), Q(3, 2)]), st.booleans())
def test_leaky_relu_network_matches_direct_leaky_evaluation(net, points, slope, output_leaky):
    layers = [(layer.weight, layer.bias) for layer in net.layers]
    leaky = leaky_relu_network(net.input_dim, layers, slope, net.skips, output_leaky=output_leaky)
    for x in points:
        post = [list(x)]
        for l, layer in enumerate(net.layers, start=1):
            u = list(post[l - 1])
            for s in net.skips:
                if s.target == l:
                    u = [a + b for a, b in zip(u, linalg.matvec(net.skip_weight(s), post[s.source]))]
            z = [sum((w * v for w, v in zip(row, u)), Q(0)) + b for row, b in zip(layer.weight, layer.bias)]
            act = l < net.depth or output_leaky
            post.append([v if v >= 0 else slope * v for v in z] if act else z)
        assert leaky.evaluate(x) == tuple(post[-1])


def test_residual_network_by_hand():
    # x1 = relu(x - 1) + 2x ; at x = 3: 2 + 6 = 8 ; at x = -1: 0 - 2 = -2
    net = residual_network(1, [([[1]], [-1])], [[[2]]])
    assert net.evaluate([3]) == (8,) and net.evaluate([-1]) == (-2,)
    with pytest.raises(SkipError, match="identity between widths 1 and 2"):
        residual_network(1, [([[1], [1]], [0, 0])], [None])

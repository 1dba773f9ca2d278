"""Decompositions of data: every gluing's evidence re-checked by direct evaluation and region membership."""

import random
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.strategies import networks, vectors
from homology.decompositions import (
    codeword_decomposition,
    overlap_decomposition,
    polyhedral_decomposition,
    quotient_homology,
    rank_decomposition,
)
from proofs_check.generate import layers, vector


def check_evidence(net, points, result, layer=None):
    last = layer if layer is not None else net.depth
    for g in result.gluings:
        y = points[g.point]
        assert net.forward(g.partner).post[last] == net.forward(y).post[last]
        # the partner lies in no closed full-dimensional region containing the data point
        for pattern in net.patterns_at(y) if layer is None else []:
            assert not net.pattern_polyhedron(pattern).contains(g.partner)
        assert net.pattern_polyhedron(g.target, layers=last).contains(g.partner)


def test_fold_by_hand():
    fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)  # |x|
    points = [[Q(-2)], [Q(-1)], [Q(1)], [Q(3)]]
    result = overlap_decomposition(fold, points)
    check_evidence(fold, points, result)
    assert {g.point: g.partner for g in result.gluings} == {0: (2,), 1: (1,), 2: (-1,), 3: (-3,)}
    assert result.data_classes == [[1, 2]]
    # on the domain [-1, 3] the point 3 has no partner, -2 is outside the data's regions' domain
    from exact.polyhedron import Polyhedron

    boxed = overlap_decomposition(fold, points[1:], domain=Polyhedron.box([-1], [3]))
    assert sorted(g.point for g in boxed.gluings) == [0, 1]


@settings(max_examples=25)
@given(networks(input_dim=1, max_depth=3, max_width=3, output_relu=None),
       st.lists(vectors(1), min_size=2, max_size=6))
def test_overlap_evidence_on_random_networks(net, points):
    result = overlap_decomposition(net, points)
    check_evidence(net, points, result)
    for cls in result.data_classes:
        images = {net.evaluate(points[i]) for i in cls}
        assert len(images) == 1


@settings(max_examples=20)
@given(st.integers(1, 3), st.integers(1, 4), st.data())
def test_single_layer_networks_glue_nothing(n0, width, data):
    # 000 Prop. B.6, exactly
    from exact.strategies import matrices

    net = Network(n0, [(data.draw(matrices(width, n0)), data.draw(vectors(width)))], output_relu=True)
    points = data.draw(st.lists(vectors(n0), min_size=2, max_size=6))
    result = overlap_decomposition(net, points)
    assert result.gluings == [] and result.data_classes == []


def test_delta_pruning_is_reported():
    fold = Network(1, [([[1], [-1]], [-5, -5]), ([[1, 1]], [0])], output_relu=True)  # regions x<=-5, [-5,5], x>=5
    points = [[Q(-8)], [Q(0)], [Q(8)]]
    full = overlap_decomposition(fold, points)
    pruned = overlap_decomposition(fold, points, delta=1)
    assert full.pairs_pruned_by_delta == 0 and pruned.pairs_pruned_by_delta == 2  # the two outer regions
    assert {(g.point, g.partner) for g in pruned.gluings} <= {(g.point, g.partner) for g in full.gluings}


def test_decompositions_match_patterns():
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1]), ([[2]], [0])])
    points = [[Q(1), Q(1)], [Q(-1), Q(2)], [Q(-1), Q(-1)], [Q(2), Q(-3)]]
    poly = polyhedral_decomposition(net, points, layer=2)
    for pattern, members in poly.items():
        for i in members:
            assert net.pattern(points[i])[:2] == pattern
    words = codeword_decomposition(net, points, layer=1)
    assert sorted(i for m in words.values() for i in m) == [0, 1, 2, 3]
    # rank by hand: at (1, 1) both layer-1 neurons active and z2 = x + y - 1 > 0: map 2(x + y - 1), rank 1
    # at (-1, -1) everything is inactive: rank 0
    ranks = rank_decomposition(net, points)
    assert ranks[0] == (1, 1) and ranks[2] == (0, 1)


def test_quotient_homology_of_a_fold():
    fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)
    line = [[k] for k in range(-3, 4)]
    groups, _ = quotient_homology(fold, line, 1)
    assert [h.betti for h in groups] == [1, 0, 0]


def test_progress_callbacks_count_the_work():
    from homology.complexes import circle
    from homology.image import image_homology

    fold = Network(1, [([[1], [-1]], [-5, -5]), ([[1, 1]], [0])], output_relu=True)
    ticks = []
    result = overlap_decomposition(fold, [[Q(-8)], [Q(0)], [Q(8)]], delta=1, progress=ticks.append)
    assert sum(ticks) == result.pairs_checked + result.pairs_pruned_by_delta == 6  # ordered pairs of 3 regions
    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    ticks = []
    image_homology(net, circle(4), {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}, progress=ticks.append)
    assert sum(ticks) == 4  # one per edge of the square


@pytest.mark.parametrize("seed", range(6))
def test_lp_free_fast_path_agrees_with_the_lps(seed, monkeypatch):
    import homology.decompositions as dec

    rng = random.Random(seed)
    n = 2 + seed % 2                      # odd seeds: R^3 -> R^2 at the output, a line of solutions per value
    net = Network(n, layers(rng, [n, 5, 4, 2]))
    points = [vector(rng, n, height=3, denominator=2) for _ in range(14)]
    fast = dec.overlap_decomposition(net, points)
    monkeypatch.setattr(dec._Fibre, "build", staticmethod(lambda amap, region: None))
    slow = dec.overlap_decomposition(net, points)
    assert slow.products == 0 and fast.products > 0
    assert fast.image_in == slow.image_in and fast.classes == slow.classes
    assert [(g.point, g.target) for g in fast.gluings] == [(g.point, g.target) for g in slow.gluings]
    for g in fast.gluings:      # each partner: same image, in the target's closed region, outside the point's
        x = points[g.point]
        assert net.evaluate(g.partner) == net.evaluate(x)
        assert net.pattern_polyhedron(g.target).contains(g.partner)
        for pattern in net.patterns_at(x):
            poly = net.pattern_polyhedron(pattern)
            assert any(sum((a * v for a, v in zip(row, g.partner)), Q(0)) > b for row, b in zip(poly.A, poly.b))


# ----------------------------------------------------------------------------- completeness (issue 14 item 13)


def _forward_1d(net, x, fixed=None):
    """Plain-Fraction forward pass of a network without skips; returns pre-activations per layer."""
    h, pres = [Q(x)], []
    for l, layer in enumerate(net.layers, start=1):
        z = [sum((w * v for w, v in zip(row, h)), b) for row, b in zip(layer.weight, layer.bias)]
        pres.append(z)
        relu = l < net.depth or net.output_relu
        h = [max(v, Q(0)) for v in z] if relu else z
    return pres, tuple(h)


def _pattern_1d(net, x):
    pres, _ = _forward_1d(net, x)
    relu_layers = net.depth if net.output_relu else net.depth - 1
    return tuple(tuple(int(v >= 0) for v in pres[l]) for l in range(relu_layers))


def _candidate_breakpoints(net):
    """Every zero of every neuron's affine form under every choice of the earlier layers' bits (a superset)."""
    import itertools

    widths = [len(layer.bias) for layer in net.layers]
    relu_count = net.depth if net.output_relu else net.depth - 1
    points = set()
    for l in range(relu_count):
        earlier = sum(widths[:l])
        for bits in itertools.product((0, 1), repeat=earlier):
            # the affine map x -> (slope, offset) of the post-activations of layer l under these bits
            h = [(Q(1), Q(0))]
            k = 0
            for m in range(l + 1):
                layer = net.layers[m]
                z = [(sum((w * s for w, (s, _) in zip(row, h)), Q(0)), sum((w * c for w, (_, c) in zip(row, h)), b))
                     for row, b in zip(layer.weight, layer.bias)]
                if m == l:
                    points.update(-c / s for s, c in z if s)
                    break
                h = [zz if bits[k + j] else (Q(0), Q(0)) for j, zz in enumerate(z)]
                k += len(z)
    return sorted(points)


def _oracle_gluings(net, points):
    """Pairs (data index, target pattern) that admit a gluing, from the definitions on exact intervals."""
    cuts = _candidate_breakpoints(net)
    bounds = [None, *cuts, None]
    intervals = []   # (lo, hi, pattern, slope vector, offset vector): None = unbounded
    for lo, hi in zip(bounds, bounds[1:]):
        if lo is None and hi is None:
            u, w = Q(0), Q(1)
        elif lo is None:
            u, w = hi - 2, hi - 1
        elif hi is None:
            u, w = lo + 1, lo + 2
        else:
            u, w = lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3     # two points inside the open interval
        fu, fw = _forward_1d(net, u)[1], _forward_1d(net, w)[1]
        slope = tuple((b - a) / (w - u) for a, b in zip(fu, fw))
        offset = tuple(a - s * u for a, s in zip(fu, slope))
        intervals.append((lo, hi, _pattern_1d(net, u), slope, offset))

    def inside(x, lo, hi):
        return (lo is None or lo <= x) and (hi is None or x <= hi)

    expected = set()
    data_patterns = [_pattern_1d(net, p[0]) for p in points]
    for i, p in enumerate(points):
        y = p[0]
        _, value = _forward_1d(net, y)
        own = [(lo, hi) for lo, hi, pat, _, _ in intervals if pat == data_patterns[i]]
        for target in set(data_patterns) - {data_patterns[i]}:
            for lo, hi, pat, slope, offset in intervals:
                if pat != target:
                    continue
                moving = [(s, c, v) for s, c, v in zip(slope, offset, value) if s]
                if any(c != v for s, c, v in zip(slope, offset, value) if not s):
                    continue
                if moving:
                    solutions = {(v - c) / s for s, c, v in moving}
                    if len(solutions) != 1:
                        continue
                    candidates = [solutions.pop()]
                else:   # constant: any point of the closed interval; test its endpoints and midpoint
                    ends = [e for e in (lo, hi) if e is not None]
                    candidates = ends + ([(lo + hi) / 2] if lo is not None and hi is not None else
                                         [(ends[0] if ends else Q(0)) + (1 if lo is not None else -1) * 10 ** 6])
                for x in candidates:
                    if inside(x, lo, hi) and not any(inside(x, a, b) for a, b in own):
                        expected.add((i, target))
    return expected


@settings(max_examples=40)
@given(networks(input_dim=1, max_depth=3, max_width=3, skips=False, output_relu=None),
       st.lists(st.integers(-40, 40), min_size=2, max_size=6, unique=True))
def test_overlap_finds_every_gluing_the_definition_gives(net, raw):
    from hypothesis import assume, event

    points = [[Q(v, 7)] for v in raw]
    cuts = set(_candidate_breakpoints(net))
    assume(not any(p[0] in cuts for p in points))          # data strictly inside regions: one region each
    result = overlap_decomposition(net, points)
    check_evidence(net, points, result)
    found = {(g.point, g.target) for g in result.gluings}
    assert found == _oracle_gluings(net, points)
    event("gluings found" if found else "no gluing")


def test_the_completeness_oracle_can_fail():
    # |x| glues -1 to 1 and 2 to -2 (an empty gluing list must not pass)
    fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], output_relu=True)
    expected = _oracle_gluings(fold, [[Q(-1)], [Q(2)]])
    assert expected == {(0, ((1, 0), (1,))), (1, ((0, 1), (1,)))}


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_the_lp_free_fibre_test_agrees_with_an_exact_lp(seed):
    # maps R^3 -> R^2 (a line of solutions) and R^2 -> R^2 (a point), on random polyhedra; an exact LP
    # decides independently whether the fibre meets the region
    from exact import linalg
    from exact.network import AffineMap
    from exact.polyhedron import Polyhedron
    from homology.decompositions import _Fibre

    rng = random.Random(seed)
    n = rng.choice([2, 3])

    def q():
        return Q(rng.randint(-4, 4), rng.randint(1, 3))
    weight = [[q() for _ in range(n)] for _ in range(2)]
    if rng.random() < 0.3:
        weight[1] = [2 * v for v in weight[0]]                       # rank 1 on R^3: a plane, left to the LP
    amap = AffineMap(tuple(map(tuple, weight)), (q(), q()))
    A = [[q() for _ in range(n)] for _ in range(rng.randint(1, 6))]
    region = Polyhedron(n, A, [q() + 1 for _ in A])
    fibre = _Fibre.build(amap, region)
    assert (fibre is None) == (n - linalg.rank(weight) > 1)
    for _ in range(6):
        x = [q() for _ in range(n)]
        value = tuple(sum((w * v for w, v in zip(row, x)), Q(0)) + c for row, c in zip(weight, amap.bias))
        value = value if rng.random() < 0.7 else tuple(v + q() for v in value)
        lp = region.intersection(Polyhedron(n, E=weight, f=[v - c for v, c in zip(value, amap.bias)]))
        if fibre is not None:
            assert fibre.contains(value) == (not lp.is_empty())

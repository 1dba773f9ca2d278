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
def test_injective_fast_path_agrees_with_the_lps(seed, monkeypatch):
    import homology.decompositions as dec

    rng = random.Random(seed)
    net = Network(2, layers(rng, [2, 5, 4, 2]))
    points = [vector(rng, 2, height=3, denominator=2) for _ in range(14)]
    fast = dec.overlap_decomposition(net, points)
    monkeypatch.setattr(dec._InjectiveFibre, "build", staticmethod(lambda amap, region: None))
    slow = dec.overlap_decomposition(net, points)
    assert slow.products == 0 and fast.products > 0
    assert fast.image_in == slow.image_in and fast.classes == slow.classes
    assert [(g.point, g.target) for g in fast.gluings] == [(g.point, g.target) for g in slow.gluings]

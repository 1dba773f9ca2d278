"""Vietoris-Rips and nerves, checked against definitions and known topology."""

import itertools
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.polyhedron import Polyhedron
from exact.strategies import vectors
from homology.constructions import nerve, vietoris_rips


@settings(max_examples=40)
@given(st.lists(vectors(2), min_size=1, max_size=7), st.sampled_from([Q(1, 2), Q(1), Q(3), Q(7, 2)]))
def test_rips_edges_are_exactly_the_close_pairs(points, eps):
    cplx = vietoris_rips(points, eps, max_dim=2)
    edges = {tuple(sorted(e)) for e in cplx.simplices_labelled(1)}
    expected = {(i, j) for i, j in itertools.combinations(range(len(points)), 2)
                if sum((a - b) ** 2 for a, b in zip(points[i], points[j])) <= eps * eps}
    assert edges == expected
    for size in (3, 4):   # the flag complex: every clique of 3 and 4 points, and nothing else
        cliques = {c for c in itertools.combinations(range(len(points)), size)
                   if all(e in expected for e in itertools.combinations(c, 2))}
        assert {tuple(sorted(s)) for s in cplx.simplices_labelled(size - 1)} == cliques


def test_rips_of_a_sampled_circle():
    # 12 rational points on the unit circle (Pythagorean triples and axes), every neighbour gap < 3/4
    pts = [(1, 0), (Q(4, 5), Q(3, 5)), (Q(3, 5), Q(4, 5)), (0, 1), (Q(-3, 5), Q(4, 5)), (Q(-4, 5), Q(3, 5)),
           (-1, 0), (Q(-4, 5), Q(-3, 5)), (Q(-3, 5), Q(-4, 5)), (0, -1), (Q(3, 5), Q(-4, 5)), (Q(4, 5), Q(-3, 5))]
    assert [h.betti for h in vietoris_rips(pts, Q(3, 4), max_dim=2).homology()][:2] == [1, 1]
    # at eps = 3 all 12 points are pairwise joined: an 11-simplex, contractible. Its 3-skeleton
    # alone has H_3 = Z^C(11, 4) = Z^330; max_dim = 3 builds the 4-skeleton and reports H_0..H_3
    full = vietoris_rips(pts, 3, max_dim=3)
    assert [h.betti for h in full.homology()] == [1, 0, 0, 0]
    assert len(full.simplices(4)) == 792  # C(12, 5): the 4-skeleton is there


def test_rips_never_reports_the_truncated_top_group():
    # issue 14 #4: four corners of a square at eps 6 are one 3-simplex; H_1 = 0 (was Z^3 at max_dim 1)
    square = [[0, 0], [1, 0], [1, 1], [0, 1]]
    for k in range(4):
        groups = vietoris_rips(square, 6, max_dim=k).homology()
        assert len(groups) == k + 1
        assert [h.betti for h in groups] == [1] + [0] * k


def test_nerve_of_boxes_around_a_hole():
    # four boxes forming a square annulus: the nerve is a 4-cycle, H_1 = Z
    boxes = [Polyhedron.box([0, 0], [3, 1]), Polyhedron.box([2, 0], [3, 3]), Polyhedron.box([0, 2], [3, 3]),
             Polyhedron.box([0, 0], [1, 3])]
    nv = nerve(boxes)
    assert [h.betti for h in nv.complex.homology()] == [1, 1]
    for simplex, point in nv.witnesses.items():  # evidence: the common point is in every member
        assert all(boxes[i].contains(point) for i in simplex)
    # a fifth box meeting all four cones the cycle off (opposite boxes stay disjoint): a disk
    nv2 = nerve(boxes + [Polyhedron.box([0, 0], [3, 3])])
    assert nv2.complex.dimension == 2 and [h.betti for h in nv2.complex.homology()] == [1, 0, 0]


def test_nerve_touching_counts_and_errors():
    # closed sets that touch at a point intersect
    nv = nerve([Polyhedron.box([0], [1]), Polyhedron.box([1], [2])])
    assert nv.witnesses[(0, 1)] == (1,)
    with pytest.raises(ValueError, match="different dimensions"):
        nerve([Polyhedron.box([0], [1]), Polyhedron.box([0, 0], [1, 1])])
    with pytest.raises(ValueError, match="nonnegative"):
        vietoris_rips([[0]], -1)


def test_close_pairs_filter_falls_back_near_the_threshold():
    # pairs at exactly eps, and 10^-25 inside or outside it (far below float64's resolution): the float
    # filter cannot decide them, the exact fallback must, and the result must equal the definition
    import random
    from fractions import Fraction

    from homology.constructions import close_pairs

    eps2 = Fraction(1, 9)
    q = 10 ** 25
    p = q // 3                                          # p / q < 1/3 < (p + 1) / q
    points = [(Fraction(0), Fraction(0)), (Fraction(1, 3), Fraction(0)), (Fraction(1, 5), Fraction(4, 15)),
              (Fraction(p, q), Fraction(0)), (Fraction(-(p + 1), q), Fraction(0))]
    rng = random.Random(0)
    points += [(Fraction(rng.randint(-9, 9), 7), Fraction(rng.randint(-9, 9), 7)) for _ in range(20)]
    neighbours, fallbacks = close_pairs(points, eps2)
    plain = [{j for j in range(len(points)) if j != i and
              sum(((a - b) ** 2 for a, b in zip(points[i], points[j])), Fraction(0)) <= eps2}
             for i in range(len(points))]
    assert neighbours == plain
    assert {1, 2, 3} <= neighbours[0] and 4 not in neighbours[0]   # ties in, just inside in, just outside out
    assert fallbacks >= 4            # those four pairs went to the exact check

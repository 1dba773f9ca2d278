"""The hypothesis strategies (exact.strategies) give what they promise, checked with plain arithmetic."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.strategies import (
    bottleneck_networks,
    boxes,
    matrices,
    networks,
    points_in,
    polyhedra,
    rationals,
    simplices,
    vectors,
)
from tests.plain import plain_output


@given(rationals(7, 3), rationals(nonzero=True), vectors(3), matrices(2, 4))
def test_numbers_vectors_and_matrices(q, nonzero, v, m):
    assert isinstance(q, Fraction) and abs(q.numerator) <= 7 and q.denominator <= 3
    assert nonzero != 0
    assert len(v) == 3 and all(isinstance(x, Fraction) for x in v)
    assert len(m) == 2 and all(len(row) == 4 for row in m)


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=3, max_width=4, output_dim=2), bottleneck_networks())
def test_networks_have_the_requested_shapes(net, neck):
    assert 1 <= net.depth <= 3 and all(1 <= w <= 4 for w in net.widths[1:-1]) and net.output_dim == 2
    assert len(plain_output(net, [Fraction(1)] * net.input_dim)) == 2
    n0, n1 = neck.input_dim, len(neck.layers[0].weight)
    assert neck.depth == 3 and n1 <= n0 and not neck.skips
    assert all(v != 0 for layer in neck.layers for row in layer.weight for v in row)


def _det(rows):
    if len(rows) == 1:
        return rows[0][0]
    return sum((-1) ** j * rows[0][j] * _det([r[:j] + r[j + 1:] for r in rows[1:]]) for j in range(len(rows)))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(st.just(n), boxes(n), simplices(n), polyhedra(n, bounded=True))),
       st.data())
def test_domains_are_what_they_say_and_points_lie_in_them(case, data):
    n, box, simplex, poly = case
    lo = [-box.maximize([-int(k == i) for k in range(n)]).value for i in range(n)]
    hi = [box.maximize([int(k == i) for k in range(n)]).value for i in range(n)]
    assert all(a < b for a, b in zip(lo, hi))                               # full-dimensional
    corners = simplex.vertices()
    assert len(corners) == n + 1
    assert _det([[p - q for p, q in zip(v, corners[0])] for v in corners[1:]]) != 0   # affinely independent
    for domain in (box, simplex, poly):
        if domain.is_empty():
            continue
        x = data.draw(points_in(domain))
        assert all(sum(a * v for a, v in zip(row, x)) <= c for row, c in zip(domain.A, domain.b))
        assert all(sum(a * v for a, v in zip(row, x)) == c for row, c in zip(domain.E, domain.f))

"""Cells split without LPs: compared with the cdd/ppl polyhedron on random constraint systems."""

from fractions import Fraction as Q

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exact import linalg
from exact.polyhedron import Polyhedron
from tropical.cells import Cell


@st.composite
def systems(draw):
    dim = draw(st.integers(1, 4))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        a = [draw(st.integers(-3, 3)) for _ in range(dim)]
        if not any(a):
            a[0] = 1
        rows.append(tuple(a) + (draw(st.integers(-2, 6)),))
    if draw(st.booleans()):  # degenerate copies: the same half-space again, scaled
        rows.append(tuple(2 * v for v in rows[0]))
    return dim, rows


@settings(max_examples=120)
@given(systems())
def test_cell_matches_polyhedron(system):
    dim, rows = system
    poly = Polyhedron(dim, [r[:dim] for r in rows], [r[dim] for r in rows])
    assume(poly.is_full_dimensional())
    cell = Cell.from_constraints(dim, rows)
    x = cell.interior_point()
    assert all(sum((Q(a) * v for a, v in zip(r[:dim], x)), Q(0)) < r[dim] for r in rows)
    gens = poly.generators()
    assert len(cell.lines) == len(gens.lines)
    if not gens.lines:
        assert sorted(set(cell.points())) == sorted(set(gens.points))
        rays = {tuple(Q(v) for v in linalg.clear_denominators(tuple(Q(u) for u in r))) for r in cell.rays()}
        assert sorted(rays) == list(poly.rays())
    # every constraint a generator records as tight is tight there (t >= 0 is index -1)
    for i, g in enumerate(cell.generators):
        for k in cell.tight_on(i) - {-1}:
            a, b = rows[k][:dim], rows[k][dim]
            assert sum(u * v for u, v in zip(a, g[:dim])) == b * g[dim]


@settings(max_examples=60)
@given(systems(), st.data())
def test_split_sides_match_lp(system, data):
    dim, rows = system
    poly = Polyhedron(dim, [r[:dim] for r in rows], [r[dim] for r in rows])
    assume(poly.is_full_dimensional())
    cell = Cell.from_constraints(dim, rows)
    h = tuple(data.draw(st.integers(-3, 3)) for _ in range(dim + 1))
    assume(any(h[:dim]))
    upper, lower = cell.split(h, 99)
    # h . (x, 1) >= 0  <=>  -h_x . x <= h_t
    up_poly = poly.intersection(Polyhedron(dim, [[-v for v in h[:dim]]], [h[dim]]))
    low_poly = poly.intersection(Polyhedron(dim, [list(h[:dim])], [-h[dim]]))
    assert (upper is not None) == up_poly.is_full_dimensional()
    assert (lower is not None) == low_poly.is_full_dimensional()
    for child, ref in ((upper, up_poly), (lower, low_poly)):
        if child is not None and not child.lines:
            assert sorted(set(child.points())) == sorted(set(ref.generators().points))

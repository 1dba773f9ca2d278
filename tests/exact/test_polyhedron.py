"""The same table of cases through both backends, plus hypothesis comparing them.

Expected values are derived by hand from the definitions of each case; evidence
(Farkas multipliers, interior points, optimal points, rays) is re-checked here with
code independent of exact.polyhedron.
"""

from fractions import Fraction as Q

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exact import linalg
from exact.errors import BackendError, DomainError, InfeasibleError, ShapeError
from exact.polyhedron import Polyhedron
from exact.strategies import polyhedra, vectors

BACKENDS = ["cdd", "ppl"]


def dot(a, x):
    return sum((Q(u) * Q(v) for u, v in zip(a, x)), Q(0))


def check_farkas(poly, cert):
    """Independent check: lambda >= 0, A^T lambda + E^T mu = 0, b.lambda + f.mu < 0."""
    lam, mu = cert.multipliers, cert.equality_multipliers
    assert len(lam) == len(poly.A) and len(mu) == len(poly.E)
    assert all(v >= 0 for v in lam)
    for j in range(poly.dim):
        col = sum((w * row[j] for w, row in zip(lam, poly.A)), Q(0))
        col += sum((w * row[j] for w, row in zip(mu, poly.E)), Q(0))
        assert col == 0
    assert dot(lam, poly.b) + dot(mu, poly.f) < 0


def check_relative_interior(poly, x, hull_rows):
    """x satisfies the constraints, strictly for every inequality not among the implicit equalities."""
    assert all(dot(e, x) == f for e, f in zip(poly.E, poly.f))
    for a, b in zip(poly.A, poly.b):
        if tuple(a) in hull_rows:
            assert dot(a, x) == b
        else:
            assert dot(a, x) < b


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def test_unit_square(backend):
    sq = Polyhedron.box([0, 0], [1, 1], backend=backend)
    assert not sq.is_empty() and sq.dimension() == 2 and sq.is_bounded()
    assert sq.vertices() == ((0, 0), (0, 1), (1, 0), (1, 1))
    x = sq.interior_point()
    assert all(0 < v < 1 for v in x)
    res = sq.maximize([1, 2])
    assert (res.status, res.value, res.point) == ("optimal", 3, (1, 1))
    res = sq.minimize([1, -1])
    assert res.value == -1 and res.point == (0, 1)
    assert sq.contains(["1/2", 1]) and not sq.contains(["1/2", "1001/1000"])


def test_empty_with_certificate(backend):
    poly = Polyhedron(2, [[1, 0], [-1, 0]], [0, -1], backend=backend)  # x <= 0, x >= 1
    assert poly.is_empty() and poly.dimension() == -1
    cert = poly.infeasibility_certificate()
    check_farkas(poly, cert)
    assert cert.support == (0, 1)
    result = poly.maximize([1, 1])
    assert result.status == "infeasible"
    check_farkas(poly, result.certificate)
    with pytest.raises(InfeasibleError):
        poly.interior_point()
    assert poly.minimized() == Polyhedron.empty(2)
    assert poly.vertices() == () and poly.generators().points == ()


def test_inconsistent_equalities(backend):
    poly = Polyhedron(2, E=[[1, 0], [2, 0]], f=[0, 1], backend=backend)
    assert poly.is_empty()
    check_farkas(poly, poly.infeasibility_certificate())


def test_half_plane_unbounded(backend):
    poly = Polyhedron(2, [[-1, 0]], [0], backend=backend)  # x >= 0
    assert poly.dimension() == 2 and not poly.is_bounded()
    assert poly.lines() == ((0, 1),)
    result = poly.maximize([1, 0])
    assert result.status == "unbounded"
    assert poly.contains(result.point)
    r = result.ray
    assert dot([-1, 0], r) <= 0 and dot([1, 0], r) > 0
    low = poly.minimize([1, 0])
    assert low.status == "optimal" and low.value == 0
    # y is free: the minimum of x + y is unbounded below with a ray that decreases it
    res = poly.minimize([1, 1])
    assert res.status == "unbounded" and dot([1, 1], res.ray) < 0 and dot([-1, 0], res.ray) <= 0


def test_segment_via_equality(backend):
    seg = Polyhedron(2, [[-1, 0], [1, 0]], [0, 1], [[0, 1]], [2], backend=backend)
    assert seg.dimension() == 1
    E, f = seg.affine_hull()
    assert E == ((0, 1),) and f == (2,)
    x = seg.interior_point()
    assert x[1] == 2 and 0 < x[0] < 1
    assert seg.vertices() == ((0, 2), (1, 2))


def test_implicit_equality_found(backend):
    poly = Polyhedron(2, [[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 1, 0], backend=backend)
    assert poly.dimension() == 1
    x = poly.interior_point()
    check_relative_interior(poly, x, {(1, 0), (-1, 0)})
    assert poly.affine_hull() == (((1, 0),), (0,))


def test_single_point(backend):
    pt = Polyhedron(2, E=[[1, 0], [0, 1]], f=[1, 2], backend=backend)
    assert pt.dimension() == 0 and pt.interior_point() == (1, 2) and pt.vertices() == ((1, 2),)
    assert pt.maximize([3, 1]).value == 5


def test_redundancy_removed(backend):
    poly = Polyhedron(2, [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [2, 0]], [1, 1, 0, 0, 5, 2], backend=backend)
    m = poly.minimized()
    assert len(m.A) == 4 and m.equals(Polyhedron.box([0, 0], [1, 1]))
    assert m == Polyhedron.box([0, 0], [1, 1], backend=backend).minimized()


def test_whole_space(backend):
    space = Polyhedron.whole_space(3, backend=backend)
    assert space.dimension() == 3 and space.maximize([0, 0, 0]).value == 0
    assert space.maximize([0, 1, 0]).status == "unbounded"
    assert len(space.lines()) == 3 and space.vertices() == ()


def test_triangle_from_generators(backend):
    tri = Polyhedron.from_generators([[0, 0], [2, 0], [0, 2], [1, "1/2"]], backend=backend)
    assert tri.vertices() == ((0, 0), (0, 2), (2, 0))
    assert len(tri.minimized().A) == 3
    assert tri.contains([1, 1]) and not tri.contains([1, "11/10"])


def test_cone_from_generators(backend):
    cone = Polyhedron.from_generators([[0, 0]], rays=[[1, 0], [1, 1]], backend=backend)
    assert cone.rays() == ((1, 0), (1, 1)) and cone.vertices() == ((0, 0),)
    assert cone.contains([5, 2]) and not cone.contains([1, 2])


def test_operations(backend):
    sq = Polyhedron.box([0, 0], [1, 1], backend=backend)
    image = sq.affine_image([[1, 1]], [1])
    assert image.equals(Polyhedron.box([1], [3]))
    pre = Polyhedron.box([0], [1], backend=backend).affine_preimage([[1, 1]])
    assert pre.contains([5, -5]) and not pre.contains([1, 1])
    cube = Polyhedron.box(0, 1, dim=3, backend=backend)
    assert cube.project([2, 0]).equals(Polyhedron.box([0, 0], [1, 1]))
    tilted = Polyhedron.from_generators([[0, 0, 0], [1, 0, 1], [0, 1, 2]], backend=backend)
    assert tilted.dimension() == 2
    assert tilted.project([0, 1]).vertices() == ((0, 0), (0, 1), (1, 0))
    half = sq.intersection(Polyhedron(2, [[1, 1]], [1]))
    assert half.vertices() == ((0, 0), (0, 1), (1, 0))
    assert half.issubset(sq) and not sq.issubset(half)
    assert sq.affine_image([[0, 0]]).vertices() == ((0,),)


def test_bad_input():
    with pytest.raises(ShapeError, match="A, b"):
        Polyhedron(2, [[1, 0]], [])
    with pytest.raises(ShapeError, match="rows have different lengths"):
        Polyhedron(2, [[1, 0, 3]], [1])
    with pytest.raises(DomainError, match="lower"):
        Polyhedron.box([1], [0])
    with pytest.raises(BackendError, match="'gurobi'"):
        Polyhedron(1, backend="gurobi")
    with pytest.raises(TypeError, match="float"):
        Polyhedron(1, [[0.5]], [1])
    with pytest.raises(ShapeError, match="dimension 2"):
        Polyhedron.box([0, 0], [1, 1]).contains([1])


@given(polyhedra(2, bounded=True), polyhedra(3, max_constraints=5, bounded=True))
def test_backends_agree_on_random_polyhedra(p2, p3):
    for poly in (p2, p3):
        other = poly.with_backend("ppl")
        assert poly.is_empty() == other.is_empty()
        assert poly.dimension() == other.dimension()
        assert poly.minimized() == other.minimized()
        assert poly.vertices() == other.vertices()
        if poly.is_empty():
            check_farkas(poly, poly.infeasibility_certificate())
            check_farkas(poly, other.infeasibility_certificate())
        else:
            hull_E, _ = poly.affine_hull()
            for p in (poly, other):
                x = p.interior_point()
                assert p.contains(x)
            # every vertex satisfies the constraints; interior point strict off the affine hull
            for v in poly.vertices():
                assert poly.contains(v)
            if not hull_E:
                x = poly.interior_point()
                assert all(dot(a, x) < b for a, b in zip(poly.A, poly.b) if any(a))


@given(polyhedra(2, bounded=True), vectors(2))
def test_lp_optimum_is_a_vertex_maximum(poly, c):
    results = [poly.maximize(c), poly.with_backend("ppl").maximize(c)]
    assert results[0].status == results[1].status
    if results[0].status == "optimal":
        assert results[0].value == results[1].value
        best = max(dot(c, v) for v in poly.vertices())
        for r in results:
            assert poly.contains(r.point) and dot(c, r.point) == r.value == best


@given(st.data())
def test_points_in_strategy_stays_inside(data):
    poly = data.draw(polyhedra(2, bounded=True).filter(lambda p: not p.is_empty()))
    from exact.strategies import points_in

    assert poly.contains(data.draw(points_in(poly)))


def test_zero_row_does_not_make_a_full_dimensional_set_flat(backend):
    # issue 14 #1: 0 . x <= 0 holds everywhere; the slack LP used to cap t at 0 and answer "flat"
    poly = Polyhedron(1, [[0], [1], [-1]], [0, 1, 1], backend=backend)
    assert poly.is_full_dimensional()
    x = poly.interior_point()
    assert -1 < x[0] < 1
    # a violated zero row still means empty
    assert Polyhedron(1, [[0], [1]], [-1, 1], backend=backend).is_empty()
    assert not Polyhedron(1, [[0], [1]], [-1, 1], backend=backend).is_full_dimensional()


@given(st.integers(1, 3), st.data())
def test_affine_slice_spans_the_affine_hull(n, data):
    # a box with some coordinates fixed: its hull is known without the code under test
    lo = [data.draw(st.integers(-3, 3)) for _ in range(n)]
    fixed = [data.draw(st.booleans()) for _ in range(n)]
    hi = [l if f else l + data.draw(st.integers(1, 3)) for l, f in zip(lo, fixed)]
    box = Polyhedron.box(lo, hi)
    origin, directions = box.affine_slice()
    assert box.contains(origin) and all(l < o < h for l, o, h, f in zip(lo, origin, hi, fixed) if not f)
    assert len(directions) == n - sum(fixed) == box.dimension()
    assert all(d[i] == 0 for d in directions for i in range(n) if fixed[i])        # they stay in the hull
    if directions:
        assert linalg.rank(directions) == len(directions)


def test_affine_slice_of_a_tilted_segment_and_of_nothing():
    segment = Polyhedron(2, [[1, 0], [-1, 0]], [2, 0], [[1, -2]], [1])        # x - 2y = 1, 0 <= x <= 2
    origin, (direction,) = segment.affine_slice()
    assert origin[0] - 2 * origin[1] == 1 and 0 < origin[0] < 2
    assert direction[0] - 2 * direction[1] == 0 and any(direction)
    with pytest.raises(InfeasibleError):
        Polyhedron(1, [[1], [-1]], [-1, 0]).affine_slice()

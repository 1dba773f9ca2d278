"""Integer chain complexes (homology.chains): Smith forms and homology over Z against hand derivations."""

from hypothesis import given, settings
from hypothesis import strategies as st

from homology.chains import ChainComplex, SparseMatrix, smith_form
from homology.verify import check_smith_form, determinant


def test_smith_forms_by_hand():
    # gcd of the entries is 2 = d1; d1 d2 = |det| = |16 - 24| = 8, so d2 = 4
    assert smith_form(SparseMatrix.from_dense([[2, 4], [6, 8]])).invariant_factors == (2, 4)
    # rank 1, gcd 3
    assert smith_form(SparseMatrix.from_dense([[3, 6, 9], [6, 12, 18]])).invariant_factors == (3,)
    assert smith_form(SparseMatrix.from_dense([[0, 0], [0, 0]])).invariant_factors == ()
    form = smith_form(SparseMatrix.from_dense([[2, 0], [0, 3]]))          # Z/2 + Z/3 = Z/6
    assert form.invariant_factors == (1, 6) and form.torsion == (6,) and form.rank == 2


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda m: st.integers(1, 4).flatmap(
    lambda n: st.lists(st.lists(st.integers(-6, 6), min_size=n, max_size=n), min_size=m, max_size=m))))
def test_smith_forms_carry_transforms_the_independent_checker_accepts(rows):
    form = smith_form(SparseMatrix.from_dense(rows), transforms=True)
    ok, why = check_smith_form(rows, form.invariant_factors, form.left, form.right)
    assert ok, why
    if len(rows) == len(rows[0]):       # the product of the factors is |det| (0 when the rank is short)
        product = 1
        for f in form.invariant_factors:
            product *= f
        assert (product if form.rank == len(rows) else 0) == abs(determinant(rows))


def test_homology_of_a_circle_and_of_the_projective_plane_by_hand():
    # the boundary of a triangle: vertices 0, 1, 2, edges 01, 12, 02; d1 columns are the edges
    d1 = SparseMatrix.from_dense([[-1, 0, -1], [1, -1, 0], [0, 1, 1]])
    circle = ChainComplex([3, 3], {1: d1})
    assert [(g.betti, g.torsion) for g in circle.homology()] == [(1, ()), (1, ())]
    # one vertex, one edge a (a loop), one disc glued along a twice: RP^2, H = (Z, Z/2, 0)
    rp2 = ChainComplex([1, 1, 1], {1: SparseMatrix.from_dense([[0]]), 2: SparseMatrix.from_dense([[2]])})
    assert [(g.betti, g.torsion) for g in rp2.homology()] == [(1, ()), (0, (2,)), (0, ())]

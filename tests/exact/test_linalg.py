from fractions import Fraction as Q

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exact import linalg
from exact.errors import ShapeError
from exact.strategies import matrices, vectors


def mul(a, b):  # independent product
    return tuple(tuple(sum((a[i][k] * b[k][j] for k in range(len(b))), Q(0)) for j in range(len(b[0])))
                 for i in range(len(a)))


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.data())
def test_matmul_matches_definition(n, m, k, data):
    a, b = data.draw(matrices(n, m)), data.draw(matrices(m, k))
    assert linalg.matmul(a, b) == mul(a, b)


@given(st.integers(1, 4), st.integers(1, 5), st.data())
def test_nullspace_rank_nullity_and_solve(n, m, data):
    a = data.draw(matrices(n, m))
    basis = linalg.nullspace(a)
    assert linalg.rank(a) + len(basis) == m
    for v in basis:
        assert linalg.matvec(a, v) == tuple(Q(0) for _ in range(n))
    if basis:
        assert linalg.rank(basis) == len(basis)
    x = data.draw(vectors(m))
    rhs = linalg.matvec(a, x)
    y = linalg.solve(a, rhs)
    assert y is not None and linalg.matvec(a, y) == rhs


def test_inconsistent_and_shapes():
    assert linalg.solve(((Q(1), Q(1)), (Q(2), Q(2))), (Q(1), Q(3))) is None
    with pytest.raises(ShapeError, match="do not fit"):
        linalg.matmul(((Q(1), Q(2)),), ((Q(1), Q(2)),))
    assert linalg.rank(((Q(1), Q(2)), (Q(2), Q(4)))) == 1
    r, p = linalg.rref(((Q(0), Q(2), Q(4)), (Q(0), Q(1), Q(3))))
    assert r == ((0, 1, 0), (0, 0, 1)) and p == (1, 2)
    assert linalg.clear_denominators((Q(2, 3), Q(-4, 9))) == (3, -2)  # 9 * (2/3, -4/9) = (6, -4), gcd 2


def elimination_rank(rows):  # independent Gaussian elimination over Fractions
    rows = [list(r) for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [u - factor * v for u, v in zip(rows[i], rows[rank])]
        rank += 1
    return rank


small = st.integers(-2, 2).map(Q)  # small integers: rank-deficient and degenerate systems are common


@given(st.integers(1, 4), st.integers(1, 5), st.booleans(), st.data())
def test_affine_solutions_by_definition_in_both_forms(n, m, flint_form, data):
    a = data.draw(matrices(n, m, small))
    f = data.draw(vectors(n, small))
    given_a = linalg.to_fmpq_mat(a) if flint_form else a
    answer = linalg.affine_solutions(given_a, f)
    consistent = elimination_rank(a) == elimination_rank([row + (b,) for row, b in zip(a, f)])
    assert (answer is not None) == consistent
    assert (linalg.solve(given_a, f) is not None) == consistent
    if answer is None:
        return
    x0, kernel = answer
    assert mul(a, tuple((v,) for v in x0)) == tuple((b,) for b in f)
    assert linalg.solve(given_a, f) == x0
    assert len(kernel) == m - elimination_rank(a) == len(linalg.nullspace(given_a))
    for k in kernel:
        assert mul(a, tuple((v,) for v in k)) == tuple((Q(0),) for _ in range(n))
    assert not kernel or elimination_rank(kernel) == len(kernel)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.data())
def test_the_flint_form_is_taken_as_is(n, m, k, data):
    a, b = data.draw(matrices(n, m, small)), data.draw(matrices(m, k, small))
    fa, fb = linalg.to_fmpq_mat(a), linalg.to_fmpq_mat(b)
    assert linalg.to_fmpq_mat(fa) is fa
    assert linalg.matmul(fa, b) == linalg.matmul(a, fb) == linalg.matmul(fa, fb) == mul(a, b)
    assert linalg.rank(fa) == elimination_rank(a)
    reduced, pivots = linalg.rref(fa)
    assert len(reduced) == elimination_rank(a) and all(reduced[i][p] == 1 for i, p in enumerate(pivots))
    assert linalg.from_fmpq_mat(fa) == a


def test_affine_solutions_edge_cases():
    assert linalg.affine_solutions((), (), 2) == ((Q(0), Q(0)), ((Q(1), Q(0)), (Q(0), Q(1))))
    assert linalg.affine_solutions(((Q(0), Q(0)),), (Q(1),)) is None            # 0 = 1
    x0, kernel = linalg.affine_solutions(((Q(1), Q(1)), (Q(2), Q(2))), (Q(1), Q(2)))  # one line twice
    assert x0 == (1, 0) and kernel == ((-1, 1),)
    with pytest.raises(ShapeError, match="right-hand side"):
        linalg.affine_solutions(((Q(1),),), (Q(1), Q(2)))

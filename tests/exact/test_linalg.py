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

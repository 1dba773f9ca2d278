from decimal import Decimal
from fractions import Fraction as Q

import flint
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from exact.errors import NotExactError
from exact.numbers import from_float_exact, from_float_nearest, to_matrix, to_rational, to_vector


@pytest.mark.parametrize("value, expected", [
    (3, Q(3)), (Q(2, 6), Q(1, 3)), ("3/4", Q(3, 4)), ("-0.125", Q(-1, 8)), ("1e-3", Q(1, 1000)),
    ("  -6/-8 ", Q(3, 4)), (flint.fmpq(5, 7), Q(5, 7)), (flint.fmpz(-4), Q(-4)), (Decimal("0.1"), Q(1, 10)),
    (np.int64(7), Q(7)), ("+.5", Q(1, 2)), ("2E2", Q(200)),
])
def test_accepted(value, expected):
    assert to_rational(value) == expected and type(to_rational(value)) is Q


@pytest.mark.parametrize("value, message", [
    (0.5, "is a float"), (float("nan"), "is a float"), (float("inf"), "is a float"), (True, "bool"),
    (np.float32(0.5), "float"), ("1/0", "zero denominator"), ("abc", "not a rational"), ("nan", "not a rational"),
    ("inf", "not a rational"), (None, "NoneType"), (Decimal("NaN"), "not finite"), ([1], "list"),
])
def test_rejected_with_named_value(value, message):
    with pytest.raises(NotExactError, match=message) as info:
        to_rational(value, "weight")
    assert str(info.value).startswith("weight: ")
    assert isinstance(info.value, TypeError)


def test_float_converters():
    assert from_float_exact(0.1) == Q(3602879701896397, 2 ** 55)  # the double nearest 1/10
    assert from_float_exact(-2.5) == Q(-5, 2)
    assert from_float_nearest(0.1, 10) == Q(1, 10)
    assert from_float_nearest(3.14159, 7) == Q(22, 7)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(NotExactError, match="not finite"):
            from_float_exact(bad)
    with pytest.raises(NotExactError, match="max_denominator"):
        from_float_nearest(0.5, 0)


def test_vectors_and_matrices():
    assert to_vector(["1/2", 3]) == (Q(1, 2), Q(3))
    assert to_matrix([[1, 2], [3, 4]]) == ((1, 2), (3, 4))
    with pytest.raises(NotExactError, match="numpy arrays"):
        to_matrix(np.zeros((2, 2)))
    with pytest.raises(NotExactError, match="not a sequence"):
        to_vector("12")


@given(st.fractions(min_value=-5, max_value=5, max_denominator=30), st.fractions(min_value=0, max_value=3,
                                                                                   max_denominator=30))
def test_simplest_between_has_the_least_denominator(lo, width):
    import math

    from exact.numbers import simplest_between

    hi = lo + width
    if not lo < hi:
        with pytest.raises(ValueError):
            simplest_between(lo, hi)
        return
    x = simplest_between(lo, hi)
    assert lo < x < hi
    # brute force: the least denominator q with an integer p, lo < p/q < hi; among those, the least |p/q|
    q = 1
    while True:
        inside = [Q(p, q) for p in range(math.floor(lo * q), math.ceil(hi * q) + 1) if lo < Q(p, q) < hi]
        if inside:
            break
        q += 1
    assert x.denominator == q and abs(x) == min(abs(v) for v in inside)


@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(1, 9)), min_size=1, max_size=6))
def test_simplify_point_stays_strictly_inside(rows):
    from exact.polyhedron import Polyhedron, simplify_point

    A = [[a, b] for a, b, _ in rows] + [[1, 0], [-1, 0], [0, 1], [0, -1]]
    b = [Q(c, 2) for _, _, c in rows] + [5, 5, 5, 5]
    poly = Polyhedron(2, A, b)
    assume(poly.is_full_dimensional())
    y = simplify_point(A, b, poly.interior_point())
    assert all(sum(a_i * y_i for a_i, y_i in zip(a, y)) < bi for a, bi in zip(A, b) if any(a))


def test_root_sum_canonical_forms_and_exact_order_near_ties():
    import random

    import sympy

    from exact.numbers import RootSum

    assert RootSum.sqrt(Q(12)) == 2 * 1 + RootSum.sqrt(Q(12)) - 2
    assert RootSum.sqrt(Q(12)).terms == {3: Q(2)}
    half = RootSum.sqrt(Q(9, 4))
    assert half == Q(3, 2) and hash(half) == hash(Q(3, 2))
    big = 10 ** 12
    # sqrt(10^12 + 1) - 10^6 is about 5e-7: decided, and by more precision than float64 has
    assert RootSum.sqrt(Q(big + 1)) > 10 ** 6 and RootSum.sqrt(Q(big - 1)) < 10 ** 6
    # sqrt(a) + sqrt(b) against sqrt(c) + sqrt(d) with a + b = c + d: near ties, checked against sympy
    rng = random.Random(0)
    for _ in range(40):
        a, b, c = (rng.randint(1, 10 ** 6) for _ in range(3))
        d = a + b - c
        if d <= 0:
            continue
        left = RootSum.sqrt(Q(a)) + RootSum.sqrt(Q(b))
        mine = left < RootSum.sqrt(Q(c)) + RootSum.sqrt(Q(d))
        truth = bool(sympy.sqrt(a) + sympy.sqrt(b) - sympy.sqrt(c) - sympy.sqrt(d) < 0)
        assert mine == truth
    with pytest.raises(NotExactError):
        RootSum.sqrt(Q(-1))

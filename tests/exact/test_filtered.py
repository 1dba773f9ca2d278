"""The filtered sign predicate: floats decide only outside a proven bound, exact arithmetic inside it."""

from fractions import Fraction as Q

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.filtered import SAFE, TINY, SignFilter, U, float_matrix, gamma


def test_exact_zeros_and_values_within_a_few_ulps_go_to_the_exact_side():
    # a few ulps from 0 the float cannot decide: the exact values do, 0 included
    exact = [Q(0), Q(1, 2 ** 60), Q(-3, 2 ** 58), Q(5), Q(-7, 3)]
    values = np.array([float(v) for v in exact])
    bounds = np.full(len(exact), 8 * U)
    asked = []
    signs = SignFilter()
    found = signs.signs(values, bounds, lambda i: asked.append(i) or exact[i])
    assert found.tolist() == [0, 1, -1, 1, -1]
    assert asked == [0, 1, 2] and signs.fallbacks == 3        # only the undecidable ones


def test_a_wrong_float_inside_its_bound_is_overruled():
    # the float says +, but within its bound: the exact value (negative) decides
    signs = SignFilter()
    assert signs.signs(np.array([1e-17]), np.array([1e-16]), lambda i: Q(-1, 10 ** 20)).tolist() == [-1]
    # and outside its bound the float decides without asking
    assert SignFilter.certain(np.array([1e-15, -1e-15]), np.array([1e-16, 1e-16])).tolist() == [1, -1]


@settings(max_examples=50)
@given(st.lists(st.fractions(max_denominator=10 ** 6).filter(lambda q: abs(q) < 10 ** 6), min_size=1, max_size=20))
def test_signs_equal_the_exact_signs(values):
    # correctly rounded floats are within u |v| of v: with that bound every sign comes out exact
    floats = float_matrix([values])[0]
    bounds = np.abs(floats) * U * SAFE + TINY
    found = SignFilter().signs(floats, bounds, lambda i: values[i])
    assert found.tolist() == [(v > 0) - (v < 0) for v in values]


def test_constants():
    assert U == 2.0 ** -53 and gamma(2) > 2 * U and SAFE > 1 and TINY > 0
    assert float_matrix([[Q(1, 3), Q(-2)]]).tolist() == [[1 / 3, -2.0]]

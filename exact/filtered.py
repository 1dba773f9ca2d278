"""Filtered predicates: a float value with a proven error bound decides a sign, exact arithmetic otherwise.

This is the one place where floats take part in decisions, in the way of CGAL's
``Filtered_predicate``: an approximate predicate (a float64 value ``v^`` and a bound ``B`` with
``|v^ - v| <= B`` proven for the exact value ``v``) decides the sign of ``v`` when ``|v^| > B``, and an
exact predicate decides it otherwise. A :class:`SignFilter` counts the exact decisions
(``fallbacks``). The bounds themselves are derived next to the code that computes the values
(:mod:`tropical.complex`, :mod:`tropical.lattice`, :func:`homology.constructions.close_pairs`);
the constants here are their common vocabulary:

- ``U = 2^-53``, the unit roundoff of float64;
- ``gamma(m) = m U / (1 - m U)``, the classical bound on ``m`` rounding errors (Higham, *Accuracy
  and Stability of Numerical Algorithms*, Lemma 3.1): a dot product of length ``w`` in float64,
  with the weights and biases rounded to float64, is within ``gamma(w + 3) (|W| |x| + |b|)``;
- ``SAFE = 1 + 2^-40``, the factor every bound is multiplied by against the rounding of its own
  evaluation, and ``TINY = 2^-1000``, added against underflow.

Examples
--------
>>> import numpy as np
>>> from fractions import Fraction
>>> exact = [Fraction(1, 3), Fraction(0), Fraction(-2)]
>>> values = np.array([float(v) for v in exact])
>>> bounds = np.full(3, U)          # each float is within u of its exact value
>>> signs = SignFilter()
>>> signs.signs(values, bounds, lambda i: exact[i]).tolist(), signs.fallbacks   # only 0 needs exact work
([1, 0, -1], 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["U", "SAFE", "TINY", "gamma", "float_matrix", "SignFilter"]

#: the unit roundoff of float64
U = 2.0 ** -53
#: every bound is multiplied by this against the rounding of its own evaluation
SAFE = 1.0 + 2.0 ** -40
#: added to every bound against underflow
TINY = 2.0 ** -1000


def gamma(m: int) -> float:
    """``m u / (1 - m u)``: the relative error of ``m`` successive float64 roundings (Higham, Lemma 3.1).

    Parameters
    ----------
    m
        The number of roundings.

    Returns
    -------
    float
        ``gamma_m``, rounded up.

    References
    ----------
    N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Lemma 3.1.

    Examples
    --------
    >>> gamma(1) > U and gamma(10) < 11 * U
    True

    >>> gamma(2) > 2 * 2.0 ** -53
    True
    """
    return m * U / (1 - m * U)


def float_matrix(rows: Sequence[Sequence[Fraction]]) -> np.ndarray:
    """The nearest float64 of each entry (``n / d`` of Python integers rounds correctly, as ``float(Fraction)``).

    Parameters
    ----------
    rows
        Rational rows.

    Returns
    -------
    numpy.ndarray
        float64 entries, each the nearest float.

    Examples
    --------
    >>> from fractions import Fraction
    >>> float_matrix([[Fraction(1, 3), Fraction(2)]]).tolist()
    [[0.3333333333333333, 2.0]]

    >>> bool(float_matrix([[Fraction(1, 3)]])[0, 0] == 1 / 3)
    True
    """
    return np.array([[v.numerator / v.denominator for v in row] for row in rows], dtype=np.float64)


class SignFilter:
    """Signs of exact values, decided by floats where a proven bound allows and exactly elsewhere.

    ``fallbacks`` counts the exact decisions (values within their bound of 0, exact zeros included).

    See Also
    --------
    gamma : the rounding bound its users build on.

    References
    ----------
    N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Lemma 3.1 (the bound
    behind :func:`gamma`).
    """

    def __init__(self) -> None:
        self.fallbacks = 0

    @staticmethod
    def certain(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """``+1``/``-1`` where ``|value| > bound`` decides the sign, ``0`` where it does not (``int8``).

        Parameters
        ----------
        values
            Float values.
        bounds
            Proven bounds on their errors.

        Returns
        -------
        numpy.ndarray
            The certain signs.

        Examples
        --------
        >>> import numpy as np
        >>> SignFilter.certain(np.array([1.0, -1e-20]), np.array([0.5, 1e-18])).tolist()
        [1, 0]
        """
        certain: np.ndarray = np.where(values > bounds, 1, np.where(values < -bounds, -1, 0)).astype(np.int8)
        return certain

    def exact_sign(self, value: Any) -> int:
        """The sign of an exact value (one fallback).

        Parameters
        ----------
        value
            An exact number.

        Returns
        -------
        int
            ``-1``, ``0`` or ``1``.

        See Also
        --------
        signs
        """
        self.fallbacks += 1
        return int((value > 0) - (value < 0))

    def signs(self, values: np.ndarray, bounds: np.ndarray, exact: Callable[[int], Any]) -> np.ndarray:
        """Every sign, exactly: the float where it is certain, ``exact(i)`` (an exact number) elsewhere.

        Parameters
        ----------
        values
            Float values.
        bounds
            Proven bounds on their errors.
        exact
            The exact value of entry ``i`` (called only where the float is not certain).

        Returns
        -------
        numpy.ndarray
            The exact signs.

        See Also
        --------
        certain
        """
        signs = self.certain(values, bounds)
        for i in np.nonzero(signs == 0)[0].tolist():
            signs[i] = self.exact_sign(exact(i))
        return signs

"""Rational numbers: the one converter, and the explicit float converters.

The toolkit's number type is :class:`fractions.Fraction`. :func:`to_rational`
accepts only values that are exactly rational by construction (``int``,
``Fraction``, ``flint.fmpq``/``fmpz``, strings such as ``"3/4"``, ``"-0.125"``,
``"1e-3"``). A float never slips in: it must pass through
:func:`from_float_exact` (its exact binary value) or :func:`from_float_nearest`
(the nearest rational with a bounded denominator).

Examples
--------
>>> to_rational("3/4"), to_rational("-0.125"), to_rational("1e-3")
(Fraction(3, 4), Fraction(-1, 8), Fraction(1, 1000))
>>> from_float_exact(0.1)
Fraction(3602879701896397, 36028797018963968)
>>> from_float_nearest(0.1, max_denominator=100)
Fraction(1, 10)
>>> to_rational(0.5)
Traceback (most recent call last):
...
exact.errors.NotExactError: value: 0.5 is a float; convert it explicitly with from_float_exact or from_float_nearest
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Union

import flint

from exact.errors import NotExactError

__all__ = [
    "Rational",
    "RationalLike",
    "Vector",
    "Matrix",
    "to_rational",
    "to_vector",
    "to_matrix",
    "from_float_exact",
    "from_float_nearest",
    "format_rational",
    "format_integer",
    "simplest_between",
    "parse_integer",
    "MAX_DIGITS",
]

Rational = Fraction
RationalLike = Union[int, Fraction, str, "flint.fmpq", "flint.fmpz", Decimal]
Vector = tuple[Fraction, ...]
Matrix = tuple[tuple[Fraction, ...], ...]

_DECIMAL = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
_RATIO = re.compile(r"^[+-]?\d+/[+-]?\d+$")

#: The largest number of decimal digits accepted in one input integer, numerator or
#: denominator, written out or as a power of ten (``1e99999`` is accepted, ``1e100000`` refused at once).
#: Exact values computed from valid input are printed whatever their size.
MAX_DIGITS = 100_000


def parse_integer(text: str, name: str = "value") -> int:
    """Parse a decimal integer of up to :data:`MAX_DIGITS` digits, beyond Python's 4,300-digit limit.

    Examples
    --------
    >>> parse_integer("-" + "9" * 5000) == -(10 ** 5000 - 1)
    True
    >>> parse_integer("1" * 100_001)
    Traceback (most recent call last):
    ...
    exact.errors.NotExactError: value: an integer of 100001 digits exceeds the limit of 100000 digits
    """
    digits = len(text.strip().lstrip("+-"))
    if digits > MAX_DIGITS:
        raise NotExactError(f"{name}: an integer of {digits} digits exceeds the limit of {MAX_DIGITS} digits")
    if digits <= 4000:
        return int(text)
    return int(flint.fmpz(text.strip().lstrip("+")))  # GMP parses in quasi-linear time, with no digit limit


def format_integer(value: int) -> str:
    """Print an integer in decimal whatever its size (Python's ``str`` stops at 4,300 digits).

    Examples
    --------
    >>> len(format_integer(10 ** 5000))
    5001
    """
    if -(10 ** 4000) < value < 10 ** 4000:
        return str(value)
    return str(flint.fmpz(value))


def to_rational(value: object, name: str = "value") -> Fraction:
    """Convert an exactly rational value to a :class:`~fractions.Fraction`.

    Parameters
    ----------
    value
        ``int`` (not ``bool``), ``Fraction``, ``flint.fmpq``/``fmpz``, a finite
        ``Decimal``, or a string ``"p/q"``, ``"-0.125"`` or ``"1e-3"``.
    name
        How the value is named in error messages.

    Returns
    -------
    Fraction
        The same number.

    Raises
    ------
    NotExactError
        For floats, NaN, infinities, bools, malformed strings and other types.

    Examples
    --------
    >>> to_rational(" 6/-8 ")
    Fraction(-3, 4)
    >>> to_rational(True)
    Traceback (most recent call last):
    ...
    exact.errors.NotExactError: value: True is a bool, not a number
    """
    if isinstance(value, bool):
        raise NotExactError(f"{name}: {value!r} is a bool, not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, flint.fmpq):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, flint.fmpz):
        return Fraction(int(value))
    if isinstance(value, float):
        raise NotExactError(
            f"{name}: {value!r} is a float; convert it explicitly with "
            "from_float_exact or from_float_nearest"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotExactError(f"{name}: {value!r} is not finite")
        parts = value.as_tuple()
        return _decimal_fraction("-" if parts.sign else "", "".join(map(str, parts.digits)), int(parts.exponent), name)
    if isinstance(value, str):
        text = value.strip()
        if _RATIO.match(text):
            num, den = (parse_integer(part, name) for part in text.split("/"))
            if den == 0:
                raise NotExactError(f"{name}: {_shorten(value)} has a zero denominator")
            return Fraction(num, den)
        match = _DECIMAL.match(text)
        if match and (match.group(2) or match.group(3)):
            sign, whole, frac, exponent = match.groups()
            return _decimal_fraction(sign, whole + (frac or ""), (int(exponent) if exponent else 0) - len(frac or ""),
                                     name)
        raise NotExactError(f"{name}: {_shorten(value)} is not a rational number (expected 'p/q' or a decimal)")
    if isinstance(value, numbers.Integral):  # numpy integers
        return Fraction(int(value))
    if isinstance(value, numbers.Real):
        raise NotExactError(
            f"{name}: {value!r} of type {type(value).__name__} is not exactly rational; "
            "convert it explicitly with from_float_exact or from_float_nearest"
        )
    raise NotExactError(f"{name}: {_shorten(value)} of type {type(value).__name__} is not a rational number")


def _shorten(value: object) -> str:
    text = repr(value) if not isinstance(value, str) or len(value) < 80 else repr(value[:40] + "...")
    return text if len(text) < 120 else text[:60] + "..."


def _decimal_fraction(sign: str, digits: str, exponent: int, name: str) -> Fraction:
    """``sign digits * 10**exponent`` as a Fraction, refusing powers of ten beyond :data:`MAX_DIGITS` at once."""
    digits = digits.lstrip("0")
    if not digits:
        return Fraction(0)
    if abs(exponent) >= MAX_DIGITS or len(digits) + exponent > MAX_DIGITS:
        raise NotExactError(f"{name}: a decimal with exponent {exponent} exceeds the limit of {MAX_DIGITS} digits")
    mantissa = parse_integer(sign + digits, name)
    if exponent >= 0:
        return Fraction(mantissa * 10 ** exponent)
    return Fraction(mantissa, 10 ** -exponent)


def from_float_exact(value: float, name: str = "value") -> Fraction:
    """Return the exact binary value of a finite float.

    Raises
    ------
    NotExactError
        For NaN and infinities (and non-floats that are not exact rationals).

    Examples
    --------
    >>> from_float_exact(-0.375)
    Fraction(-3, 8)
    """
    if isinstance(value, bool):
        raise NotExactError(f"{name}: {value!r} is a bool, not a number")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        raise NotExactError(f"{name}: {_shorten(value)} is a string; read decimal text exactly with to_rational")
    if not isinstance(value, numbers.Real):
        raise NotExactError(f"{name}: {_shorten(value)} of type {type(value).__name__} is not a float")
    number = float(value)
    if not math.isfinite(number):
        raise NotExactError(f"{name}: {value!r} is not finite")
    return Fraction(number)


def from_float_nearest(value: float, max_denominator: int, name: str = "value") -> Fraction:
    """Return the rational nearest to a finite float among those with denominator <= ``max_denominator``.

    Examples
    --------
    >>> from_float_nearest(0.333333, max_denominator=10)
    Fraction(1, 3)
    """
    if not isinstance(max_denominator, int) or isinstance(max_denominator, bool) or max_denominator < 1:
        raise NotExactError(f"max_denominator: {max_denominator!r} must be a positive int")
    return from_float_exact(value, name).limit_denominator(max_denominator)


def to_vector(values: Iterable[object], name: str = "vector") -> Vector:
    """Convert an iterable of rational-like values to a tuple of Fractions.

    Examples
    --------
    >>> to_vector(["1/2", 3])
    (Fraction(1, 2), Fraction(3, 1))
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise NotExactError(f"{name}: {values!r} is not a sequence of numbers")
    return tuple(to_rational(v, f"{name}[{i}]") for i, v in enumerate(values))


def to_matrix(rows: Iterable[object], name: str = "matrix", columns: int | None = None) -> Matrix:
    """Convert a sequence of rows to a rectangular tuple-of-tuples of Fractions.

    Parameters
    ----------
    rows
        The rows; each a sequence of rational-like values.
    name
        How the matrix is named in error messages.
    columns
        The number of columns, needed when there are no rows.

    Raises
    ------
    ShapeError
        When rows have different lengths (or not ``columns``).

    Examples
    --------
    >>> to_matrix([[1, "1/2"]])
    ((Fraction(1, 1), Fraction(1, 2)),)
    """
    from exact.errors import ShapeError

    if hasattr(rows, "tolist") and hasattr(rows, "dtype"):
        raise NotExactError(f"{name}: numpy arrays are converted with exact.io.from_numpy")
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise NotExactError(f"{name}: {rows!r} is not a sequence of rows")
    result = tuple(to_vector(r, f"{name}[{i}]") for i, r in enumerate(rows))  # type: ignore[arg-type]
    widths = {len(r) for r in result}
    if columns is not None:
        widths.add(columns)
    if len(widths) > 1:
        raise ShapeError(f"{name}: rows have different lengths {sorted({len(r) for r in result})}")
    return result


def simplest_between(lo: Fraction | None, hi: Fraction | None) -> Fraction:
    """The simplest rational strictly between ``lo`` and ``hi`` (``None``: unbounded).

    Least denominator, then least absolute value (the Stern-Brocot / continued-fraction choice).

    Examples
    --------
    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(Fraction(-7, 2), None)
    (Fraction(2, 5), Fraction(0, 1))
    >>> simplest_between(Fraction(3602879701896397, 36028797018963968), Fraction(1, 8))
    Fraction(1, 9)
    """
    if lo is not None and hi is not None and not lo < hi:
        raise ValueError(f"simplest_between: the interval ({lo}, {hi}) is empty")
    # integers strictly inside: the one nearest 0
    first = None if lo is None else math.floor(lo) + 1
    last = None if hi is None else math.ceil(hi) - 1
    if first is None or last is None or first <= last:
        if (first is None or first <= 0) and (last is None or last >= 0):
            return Fraction(0)
        return Fraction(first if first is not None and first > 0 else last)  # type: ignore[arg-type]
    assert lo is not None and hi is not None
    base = math.floor(lo)                      # lo, hi in [base, base + 1]: x = base + 1 / y
    lower_y = 1 / (hi - base)
    upper_y = None if lo == base else 1 / (lo - base)
    return base + 1 / simplest_between(lower_y, upper_y)


def format_rational(value: Fraction) -> str:
    """Format a rational as ``"p/q"`` (or ``"p"`` for integers), the JSON string form.

    Examples
    --------
    >>> format_rational(Fraction(-3, 4)), format_rational(Fraction(2))
    ('-3/4', '2')
    """
    if value.denominator == 1:
        return format_integer(value.numerator)
    return f"{format_integer(value.numerator)}/{format_integer(value.denominator)}"


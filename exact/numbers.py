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

import functools
import math
import numbers
import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Union

import flint

from exact.errors import NotExactError, ShapeError
from exact.validation import check_int

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
    "RootSum",
    "approximate",
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

    Parameters
    ----------
    text
        Decimal digits with an optional sign.
    name
        Its name, for the message.

    Returns
    -------
    int
        The integer.

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

    Parameters
    ----------
    value
        An integer.

    Returns
    -------
    str
        Its decimal digits.

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

    Parameters
    ----------
    value
        A finite float.
    name
        Its name, for the message.

    Returns
    -------
    Fraction
        Its exact binary value.

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

    Parameters
    ----------
    value
        A finite float.
    max_denominator
        The bound on the denominator.
    name
        Its name, for the message.

    Returns
    -------
    Fraction
        The nearest such rational.

    Examples
    --------
    >>> from_float_nearest(0.333333, max_denominator=10)
    Fraction(1, 3)
    """
    check_int(max_denominator, "max_denominator", low=1, error=NotExactError)
    return from_float_exact(value, name).limit_denominator(max_denominator)


def to_vector(values: Iterable[object], name: str = "vector") -> Vector:
    """Convert an iterable of rational-like values to a tuple of Fractions.

    Parameters
    ----------
    values
        Rational-like values (ints, Fractions, ``"p/q"`` strings, exact decimals).
    name
        Its name, for the message.

    Returns
    -------
    tuple of Fraction
        The values, exactly.

    Examples
    --------
    >>> to_vector(["1/2", 3])
    (Fraction(1, 2), Fraction(3, 1))
    """
    if type(values) is tuple and all(type(v) is Fraction for v in values):
        return values                    # already a vector: nothing to convert or check
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

    Returns
    -------
    tuple of tuple of Fraction
        The rows, exactly.

    Raises
    ------
    ShapeError
        When rows have different lengths (or not ``columns``).

    Examples
    --------
    >>> to_matrix([[1, "1/2"]])
    ((Fraction(1, 1), Fraction(1, 2)),)
    """
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

    Parameters
    ----------
    lo, hi
        The open interval's ends (``None``: unbounded).

    Returns
    -------
    Fraction
        The simplest rational inside.

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

    Parameters
    ----------
    value
        A rational.

    Returns
    -------
    str
        ``"p/q"`` or ``"p"``.

    Examples
    --------
    >>> format_rational(Fraction(-3, 4)), format_rational(Fraction(2))
    ('-3/4', '2')
    """
    if value.denominator == 1:
        return format_integer(value.numerator)
    return f"{format_integer(value.numerator)}/{format_integer(value.denominator)}"



def _squarefree(n: int) -> tuple[int, int]:
    """``n = s^2 m`` with ``m`` squarefree (``n >= 1``): returns ``(s, m)``."""
    s, m = 1, 1
    for p, e in flint.fmpz(n).factor():
        s *= int(p) ** (e // 2)
        if e % 2:
            m *= int(p)
    return s, m


@functools.total_ordering
class RootSum:
    """An exact real ``sum_k c_k sqrt(m_k)``: rational ``c_k``, distinct squarefree integers ``m_k >= 1``.

    Square roots of distinct squarefree integers are linearly independent over Q, so this form is
    unique: equality is equality of the terms. The sign of a non-zero form is decided by ball
    arithmetic (python-flint ``arb``) at doubling precision until the ball excludes zero, which
    terminates because the value is not zero. Sums of Euclidean distances between rational points
    (the quotient pseudometric of ``000`` A.5.1) are such forms.

    Examples
    --------
    >>> d = RootSum.sqrt(Fraction(8)) + RootSum.sqrt(Fraction(1, 2))     # 2 sqrt 2 + sqrt(2) / 2
    >>> str(d), d == RootSum.sqrt(Fraction(25, 2)), d > Fraction(7, 2)
    ('5/2*sqrt(2)', True, True)
    >>> RootSum.sqrt(Fraction(2)) + RootSum.sqrt(Fraction(3)) < RootSum.sqrt(Fraction(10))   # 3.146 < 3.162
    True
    """

    __slots__ = ("terms",)

    def __init__(self, terms: dict[int, Fraction] | None = None) -> None:
        self.terms: dict[int, Fraction] = {m: c for m, c in sorted((terms or {}).items()) if c}

    @classmethod
    def sqrt(cls, value: Fraction | int) -> RootSum:
        """The square root of a non-negative rational.

        Parameters
        ----------
        value
            A non-negative rational.

        Returns
        -------
        RootSum
            ``sqrt(value)`` in simplest form.

        Examples
        --------
        >>> RootSum.sqrt(8) == RootSum.sqrt(2) + RootSum.sqrt(2)
        True
        """
        q = Fraction(value)
        if q < 0:
            raise NotExactError(f"sqrt: {q} is negative")
        if q == 0:
            return cls()
        s, m = _squarefree(q.numerator * q.denominator)
        return cls({m: Fraction(s, q.denominator)})

    @staticmethod
    def _of(other: object) -> RootSum | None:
        if isinstance(other, RootSum):
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return RootSum({1: Fraction(other)})
        return None

    def __add__(self, other: object) -> RootSum:
        o = self._of(other)
        if o is None:
            return NotImplemented
        terms = dict(self.terms)
        for m, c in o.terms.items():
            terms[m] = terms.get(m, Fraction(0)) + c
        return RootSum(terms)

    __radd__ = __add__

    def __neg__(self) -> RootSum:
        return RootSum({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: object) -> RootSum:
        o = self._of(other)
        return NotImplemented if o is None else self + (-o)

    def sign(self) -> int:
        """``-1``, ``0`` or ``1``, exactly.

        Returns
        -------
        int
            The sign.

        Examples
        --------
        >>> (RootSum.sqrt(2) - RootSum.sqrt(3)).sign()
        -1
        """
        if not self.terms:
            return 0
        if set(self.terms) == {1}:
            return 1 if self.terms[1] > 0 else -1
        saved = flint.ctx.prec
        try:
            prec = 64
            while True:
                flint.ctx.prec = prec
                value = sum((flint.arb(flint.fmpq(c.numerator, c.denominator)) * flint.arb(m).sqrt()
                             for m, c in self.terms.items()), flint.arb(0))
                if value > 0:
                    return 1
                if value < 0:
                    return -1
                prec *= 2
        finally:
            flint.ctx.prec = saved

    def __eq__(self, other: object) -> bool:
        o = self._of(other)
        return NotImplemented if o is None else self.terms == o.terms

    def __lt__(self, other: object) -> bool:
        o = self._of(other)
        return NotImplemented if o is None else (self - o).sign() < 0

    def __hash__(self) -> int:
        if set(self.terms) <= {1}:
            return hash(self.terms.get(1, Fraction(0)))    # equal to the rational it is
        return hash(tuple(self.terms.items()))

    def __float__(self) -> float:
        return float(sum(float(c) * math.sqrt(m) for m, c in self.terms.items()))

    def rational(self) -> Fraction | None:
        """The value when it is rational, else ``None``.

        Returns
        -------
        Fraction or None
            The value.

        Examples
        --------
        >>> RootSum.sqrt(4).rational(), RootSum.sqrt(2).rational()
        (Fraction(2, 1), None)
        """
        return self.terms.get(1, Fraction(0)) if set(self.terms) <= {1} else None

    def __str__(self) -> str:
        if not self.terms:
            return "0"
        parts = []
        for m, c in self.terms.items():
            if m == 1:
                parts.append(format_rational(c))
            else:
                parts.append(("-" if c == -1 else "") + ("" if abs(c) == 1 else format_rational(c) + "*")
                             + f"sqrt({m})")
        return " + ".join(parts).replace("+ -", "- ")

    def __repr__(self) -> str:
        return f"RootSum({self})"


def approximate(value: Fraction, digits: int) -> str:
    """``value`` to ``digits`` significant decimal digits, rounded half to even from the exact rational.

    For display beside the exact value (``--digits``); never used to decide anything.

    Parameters
    ----------
    value
        A rational.
    digits
        The number of significant digits.

    Returns
    -------
    str
        The decimal approximation (for display only).

    Examples
    --------
    >>> approximate(Fraction(2, 3), 4), approximate(Fraction(-1, 70000), 2), approximate(Fraction(0), 3)
    ('0.6667', '-0.000014', '0')
    """
    from decimal import Context, Decimal, localcontext

    if not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits: {digits!r} must be a positive integer")
    with localcontext(Context(prec=digits)):
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(quotient, "f") if abs(quotient.adjusted()) < 20 else format(quotient, "e")
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-", "-0") else text

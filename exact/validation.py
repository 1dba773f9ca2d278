"""Argument checks shared by the toolkit: one checker per kind of argument, each raising one clear error.

Examples
--------
>>> check_int(3, "width", low=1)
3
>>> check_int(True, "width", low=1)
Traceback (most recent call last):
...
exact.errors.ShapeError: width: True must be a positive integer
"""

from __future__ import annotations

from exact.errors import ReluExactError, ShapeError

__all__ = ["check_int"]


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"an integer between {low} and {high}"
    if low == 1:
        return "a positive integer"
    if low == 0:
        return "a non-negative integer"
    return "an integer" if low is None else f"an integer of at least {low}"


def check_int(value: object, name: str, low: int | None = None, high: int | None = None,
              error: type[ReluExactError] = ShapeError) -> int:
    """``value`` when it is an ``int`` (not a ``bool``) in ``[low, high]``; otherwise ``error`` naming ``name``.

    Parameters
    ----------
    value
        The argument as given.
    name
        Its name, for the message.
    low, high
        Inclusive bounds (``None``: unbounded on that side).
    error
        The toolkit error to raise (:class:`~exact.errors.ShapeError` by default; the readers of
        files raise :class:`~exact.errors.FormatError`).

    Returns
    -------
    int
        ``value`` itself.

    Raises
    ------
    ReluExactError
        ``error``, with a one-line message such as ``"layers: 0 must be an integer between 1 and 3"``.

    Examples
    --------
    >>> check_int(2, "layers", low=1, high=3)
    2
    """
    if isinstance(value, bool) or not isinstance(value, int) or (low is not None and value < low) \
            or (high is not None and value > high):
        raise error(f"{name}: {value!r} must be {_range(low, high)}")
    return value

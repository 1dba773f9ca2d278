"""Seeded random exact objects for the claims (rationals, matrices, networks, points).

Examples
--------
>>> import random
>>> rng = random.Random(1)
>>> q = rational(rng)
>>> q == rational(random.Random(1))
True
"""

from __future__ import annotations

import random
from fractions import Fraction

from exact.numbers import Matrix, Vector

__all__ = ["rational", "vector", "matrix", "widths", "layers", "json_vector", "json_matrix"]


def rational(rng: random.Random, height: int = 9, denominator: int = 7, nonzero: bool = False) -> Fraction:
    """A rational ``p/q`` with ``|p| <= height`` and ``1 <= q <= denominator``."""
    while True:
        value = Fraction(rng.randint(-height, height), rng.randint(1, denominator))
        if value or not nonzero:
            return value


def vector(rng: random.Random, n: int, **kwargs: int | bool) -> Vector:
    """``n`` random rationals."""
    return tuple(rational(rng, **kwargs) for _ in range(n))  # type: ignore[arg-type]


def matrix(rng: random.Random, rows: int, columns: int, **kwargs: int | bool) -> Matrix:
    """A ``rows x columns`` random rational matrix."""
    return tuple(vector(rng, columns, **kwargs) for _ in range(rows))


def widths(rng: random.Random, depth: int, low: int = 1, high: int = 4, input_dim: int | None = None) -> list[int]:
    """``[n_0, ..., n_depth]`` with each width in ``low..high``."""
    first = input_dim if input_dim is not None else rng.randint(low, high)
    return [first] + [rng.randint(low, high) for _ in range(depth)]


def layers(rng: random.Random, sizes: list[int]) -> list[tuple[Matrix, Vector]]:
    """Random ``(W_l, b_l)`` for the given widths."""
    return [(matrix(rng, sizes[l], sizes[l - 1]), vector(rng, sizes[l])) for l in range(1, len(sizes))]


def json_vector(values: Vector) -> list[str]:
    """Rationals as ``"p/q"`` strings for a counterexample's data."""
    from exact.numbers import format_rational

    return [format_rational(v) for v in values]


def json_matrix(values: Matrix) -> list[list[str]]:
    """A rational matrix as ``"p/q"`` strings."""
    return [json_vector(row) for row in values]

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
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from exact.numbers import Matrix, Vector

if TYPE_CHECKING:
    from exact.network import Network

__all__ = ["rational", "vector", "matrix", "widths", "layers", "bottleneck", "json_vector", "json_matrix",
           "fiber_member"]


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


def bottleneck(rng: random.Random, n0: int, n1: int, n2: int, n3: int, hide: int | None = None) -> Network:
    """A random three-layer network ``(n0, n1, n2, n3)`` with ``W1`` of rank ``n1`` and non-zero entries.

    With ``hide = i`` the second layer hides first-layer hyperplane ``i`` (``004`` Def. 3):
    ``W2[k, i] > 0``, ``W2[k, j] < 0`` otherwise, ``b2 < 0``.
    """
    from exact import linalg
    from exact.network import Network

    if n1 > n0:
        raise ValueError(f"bottleneck: n1 = {n1} exceeds n0 = {n0}")
    while True:
        W1 = matrix(rng, n1, n0, height=6, denominator=3, nonzero=True)
        if linalg.rank(W1) == n1:
            break
    b1 = vector(rng, n1, height=6, denominator=3, nonzero=True)
    if hide is None:
        W2 = matrix(rng, n2, n1, height=6, denominator=3, nonzero=True)
        b2 = vector(rng, n2, height=6, denominator=3, nonzero=True)
    else:
        W2 = tuple(tuple(abs(rational(rng, 6, 3, True)) * (1 if j == hide else -1) for j in range(n1))
                   for _ in range(n2))
        b2 = tuple(-abs(rational(rng, 6, 3, True)) for _ in range(n2))
    layer3 = (matrix(rng, n3, n2, height=6, denominator=3, nonzero=True), vector(rng, n3, height=6, denominator=3))
    return Network(n0, [(W1, b1), (W2, b2), layer3])


def json_vector(values: Sequence[Fraction]) -> list[str]:
    """Rationals as ``"p/q"`` strings for a counterexample's data."""
    from exact.numbers import format_rational

    return [format_rational(v) for v in values]


def json_matrix(values: Sequence[Sequence[Fraction]]) -> list[list[str]]:
    """A rational matrix as ``"p/q"`` strings."""
    return [json_vector(row) for row in values]


def fiber_member(net: Network, condition: int, index: int, rng: random.Random) -> Network:
    """A parameter with ``net``'s function that Theorem 5's condition produces (``004``), not a symmetry.

    Condition 1 (second-layer neuron ``index`` dead): its outgoing weights change; 2 (linear): its
    bias is traded against the output bias; 3 (first-layer hyperplane ``index`` hidden): it is
    translated (eq. 3).
    """
    from exact.network import Network
    from fibers.symmetries import admissible_translations, translate

    (W1, b1), (W2, b2), (W3, b3) = [(layer.weight, layer.bias) for layer in net.layers]
    if condition == 1:  # a dead neuron's outgoing weights are free
        W3 = tuple(tuple(v + (1 if k == index else 0) for k, v in enumerate(row)) for row in W3)
        return Network(net.input_dim, [(W1, b1), (W2, b2), (W3, b3)])
    if condition == 2:  # a linear neuron's bias can move into the output bias
        delta = Fraction(rng.randint(1, 5), rng.randint(1, 3))
        b2 = tuple(v + (delta if k == index else 0) for k, v in enumerate(b2))
        b3 = tuple(v - row[index] * delta for v, row in zip(b3, W3))
        return Network(net.input_dim, [(W1, b1), (W2, b2), (W3, b3)])
    t = admissible_translations(net, index) + Fraction(rng.randint(1, 6), 2)
    if t == 0:
        t += 1
    return translate(net, index, t)

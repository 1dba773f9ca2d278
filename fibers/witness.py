"""Exact witnesses of non-equivalence along lines.

On a line ``x(s) = p + s v`` every network is piecewise affine in ``s`` with finitely many
breakpoints, found exactly layer by layer: between consecutive known breakpoints the next
layer's pre-activations are affine in ``s`` (read off from two evaluations), and their zeros
inside the interval are new breakpoints. Two networks agree on the whole line iff their
difference vanishes at every breakpoint of either and at one point beyond each end.

Examples
--------
>>> from exact import Network
>>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
>>> line_breakpoints(relu, [3], [1])
[Fraction(-3, 1)]
>>> shifted = Network(1, [([[1]], [-1]), ([[1]], [0])])
>>> difference_on_line(relu, shifted, [0], [1])
(Fraction(1, 1),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from random import Random

from exact.network import Network
from exact.numbers import Vector, to_vector

__all__ = ["line_breakpoints", "difference_on_line", "search_witness"]


def _point(p: Vector, v: Vector, s: Fraction) -> Vector:
    return tuple(a + s * b for a, b in zip(p, v))


def _samples(lo: Fraction | None, hi: Fraction | None) -> tuple[Fraction, Fraction]:
    """Two parameters strictly inside ``(lo, hi)`` (``None`` for an infinite end)."""
    if lo is None and hi is None:
        return Fraction(0), Fraction(1)
    if lo is None:
        assert hi is not None
        return hi - 2, hi - 1
    if hi is None:
        return lo + 1, lo + 2
    return lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3


def line_breakpoints(net: Network, p: Sequence[object], v: Sequence[object]) -> list[Fraction]:
    """The sorted parameters ``s`` where some ReLU of ``net`` switches along ``p + s v``."""
    P, D = to_vector(p, "p"), to_vector(v, "v")
    breaks: list[Fraction] = []
    for layer in net.relu_layers:
        new: set[Fraction] = set()
        ends: list[Fraction | None] = [None, *breaks, None]
        for lo, hi in zip(ends, ends[1:]):
            s1, s2 = _samples(lo, hi)
            z1 = net.preactivations(_point(P, D, s1))[layer - 1]
            z2 = net.preactivations(_point(P, D, s2))[layer - 1]
            for u1, u2 in zip(z1, z2):
                if u1 == u2:
                    continue
                root = s1 - u1 * (s2 - s1) / (u2 - u1)
                if (lo is None or root > lo) and (hi is None or root < hi):
                    new.add(root)
        breaks = sorted(set(breaks) | new)
    return breaks


def difference_on_line(a: Network, b: Network, p: Sequence[object], v: Sequence[object]) -> Vector | None:
    """A point ``x`` of the line ``p + s v`` with ``f_a(x) != f_b(x)``, or ``None`` when they agree on all of it."""
    P, D = to_vector(p, "p"), to_vector(v, "v")
    breaks = sorted(set(line_breakpoints(a, P, D)) | set(line_breakpoints(b, P, D)))
    if breaks:
        candidates = [breaks[0] - 1, *breaks, breaks[-1] + 1]
    else:
        candidates = [Fraction(0), Fraction(1)]
    for s in candidates:
        x = _point(P, D, s)
        if a.evaluate(x) != b.evaluate(x):
            return x
    return None


def _random_vector(rng: Random, n: int, spread: int) -> Vector:
    return tuple(Fraction(rng.randint(-spread, spread), rng.randint(1, 4)) for _ in range(n))


def search_witness(
    a: Network, b: Network, lines: Sequence[tuple[Vector, Vector]] = (), random_lines: int = 8, seed: int = 0
) -> Vector | None:
    """Try the given lines, then ``random_lines`` random ones; the first point where ``f_a != f_b``, or ``None``.

    ``None`` proves nothing: the networks may still differ off the lines tried.

    >>> from exact import Network
    >>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> search_witness(relu, Network(1, [([[1]], [-1]), ([[1]], [0])]))      # relu(x) vs relu(x - 1)
    (Fraction(1, 1),)
    """
    def candidates() -> Iterator[tuple[Vector, Vector]]:
        yield from lines
        rng = Random(seed)
        n = a.input_dim
        for k in range(random_lines):
            direction = _random_vector(rng, n, 5)
            if not any(direction):
                direction = tuple(Fraction(int(i == 0)) for i in range(n))
            yield _random_vector(rng, n, 3 * (k + 1)), direction

    for p, v in candidates():
        if not any(v):
            continue
        if a.evaluate(p) != b.evaluate(p):  # one evaluation before the whole line
            return p
        x = difference_on_line(a, b, p, v)
        if x is not None:
            return x
    return None

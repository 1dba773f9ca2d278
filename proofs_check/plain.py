"""Plain exact arithmetic for the claims' oracles: Fraction loops, no toolkit code.

The claims check the toolkit against these (and against hand derivations), so nothing here
imports from ``exact``, ``tropical``, ``fibers`` or ``homology``.

Examples
--------
>>> from fractions import Fraction as Q
>>> rank([[Q(1), Q(2)], [Q(2), Q(4)], [Q(0), Q(1)]])
2
>>> mul([[1, 2]], [[3], [4]])
[[Fraction(11, 1)]]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["rank", "mul", "apply", "mask", "determinant_sign", "relu_forward", "strict_bits", "graph_betti",
           "segments_meet", "difference_jacobian", "chains",
           "cross", "on_segment", "segment_pieces", "in_closed_region"]

Num = int | Fraction
Mat = list[list[Fraction]]
Vec = list[Fraction]


def rank(rows: Sequence[Sequence[Num]]) -> int:
    """The rank of a rational matrix by Gaussian elimination over Q."""
    work = [[Fraction(v) for v in row] for row in rows]
    r = 0
    columns = len(work[0]) if work else 0
    for c in range(columns):
        pivot = next((i for i in range(r, len(work)) if work[i][c] != 0), None)
        if pivot is None:
            continue
        work[r], work[pivot] = work[pivot], work[r]
        for i in range(len(work)):
            if i != r and work[i][c] != 0:
                f = work[i][c] / work[r][c]
                work[i] = [a - f * b for a, b in zip(work[i], work[r])]
        r += 1
    return r


def mul(a: Sequence[Sequence[Num]], b: Sequence[Sequence[Num]]) -> Mat:
    """The matrix product ``a b``."""
    return [[sum((Fraction(a[i][k]) * Fraction(b[k][j]) for k in range(len(b))), Fraction(0))
             for j in range(len(b[0]))] for i in range(len(a))]


def apply(a: Sequence[Sequence[Num]], x: Sequence[Num]) -> Vec:
    """``a x``."""
    return [sum((Fraction(v) * Fraction(w) for v, w in zip(row, x)), Fraction(0)) for row in a]


def mask(bits: Sequence[int], a: Sequence[Sequence[Num]]) -> Mat:
    """``diag(bits) a``."""
    return [[Fraction(v) * bit for v in row] for bit, row in zip(bits, a)]


def determinant_sign(rows: Sequence[Sequence[Fraction]]) -> int:
    """The sign of the determinant of a square rational matrix."""
    work = [list(r) for r in rows]
    n, sign = len(work), 1
    for c in range(n):
        pivot = next((i for i in range(c, n) if work[i][c] != 0), None)
        if pivot is None:
            return 0
        if pivot != c:
            work[c], work[pivot] = work[pivot], work[c]
            sign = -sign
        if work[c][c] < 0:
            sign = -sign
        for i in range(c + 1, n):
            f = work[i][c] / work[c][c]
            work[i] = [a - f * b for a, b in zip(work[i], work[c])]
    return sign


def relu_forward(weights: Sequence[Sequence[Sequence[Num]]], biases: Sequence[Sequence[Num]],
                 x: Sequence[Num], relu_last: bool = False) -> tuple[list[Vec], list[Vec]]:
    """Pre- and post-activations of a plain chain ``x -> W_1 x + b_1 -> ReLU -> ...``."""
    value = [Fraction(v) for v in x]
    pre: list[Vec] = []
    post: list[Vec] = [value]
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = [s + Fraction(c) for s, c in zip(apply(w, value), b)]
        pre.append(z)
        value = [max(v, Fraction(0)) for v in z] if (l < len(weights) - 1 or relu_last) else z
        post.append(value)
    return pre, post


def strict_bits(pre: Sequence[Sequence[Fraction]]) -> tuple[tuple[int, ...], ...] | None:
    """The activation bits (``1`` positive) of pre-activations, or ``None`` when one is zero."""
    if any(v == 0 for layer in pre for v in layer):
        return None
    return tuple(tuple(int(v > 0) for v in layer) for layer in pre)


def graph_betti(segments: set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]) -> tuple[int, int]:
    """``(b0, b1)`` of a graph of segments meeting only at end points: components and ``E - V + b0``."""
    vertices = {p for s in segments for p in s}
    parent = {v: v for v in vertices}

    def find(v: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        while parent[v] != v:
            v = parent[v]
        return v

    for a, c in segments:
        parent[find(a)] = find(c)
    b0 = len({find(v) for v in vertices})
    return b0, len(segments) - len(vertices) + b0


def cross(o: Sequence[Fraction], a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    """``(a - o) x (b - o)`` in the plane: positive when ``o, a, b`` turn counter-clockwise."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def on_segment(p: Sequence[Fraction], q: Sequence[Fraction], x: Sequence[Fraction]) -> bool:
    """Whether ``x`` lies on the closed segment ``pq``."""
    return cross(p, q, x) == 0 and min(p[0], q[0]) <= x[0] <= max(p[0], q[0]) and \
        min(p[1], q[1]) <= x[1] <= max(p[1], q[1])


def segments_meet(p: Sequence[Fraction], q: Sequence[Fraction], r: Sequence[Fraction], s: Sequence[Fraction]
                  ) -> bool:
    """Whether the closed segments ``pq`` and ``rs`` in the plane share a point (exact orientation tests)."""
    def orient(a: Sequence[Fraction], c: Sequence[Fraction], d: Sequence[Fraction]) -> int:
        v = cross(a, c, d)
        return (v > 0) - (v < 0)

    o1, o2, o3, o4 = orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
    if o1 != o2 and o3 != o4 and 0 not in (o1, o2, o3, o4):
        return True
    return on_segment(p, q, r) or on_segment(p, q, s) or on_segment(r, s, p) or on_segment(r, s, q)


def difference_jacobian(weights: Sequence[Sequence[Sequence[Num]]], biases: Sequence[Sequence[Num]],
                        x: Sequence[Num], relu_count: int, relu_last: bool) -> list[list[Fraction]] | None:
    """The Jacobian of a plain chain at ``x`` by exact one-sided differences along the axes.

    The step ``t`` along ``e_j`` is halved until every ReLU pre-activation (the first ``relu_count``
    layers) has at ``x + t e_j`` the sign (``+``, ``-``, ``0``) it has at ``x``: those points form a
    relatively open convex set, so the chain is affine on the segment and the difference quotient
    is the exact column. ``None`` when no ``t`` down to ``2^-200`` keeps the signs (``x`` lies on a
    boundary).
    """
    def signs(pre: Sequence[Sequence[Fraction]]) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple((v > 0) - (v < 0) for v in layer) for layer in pre[:relu_count])

    pre, post = relu_forward(weights, biases, x, relu_last)
    columns = []
    for j in range(len(x)):
        t = Fraction(1)
        for _ in range(200):
            y = [Fraction(v) for v in x]
            y[j] += t
            pre_y, post_y = relu_forward(weights, biases, y, relu_last)
            if signs(pre_y) == signs(pre):
                break
            t /= 2
        else:
            return None
        columns.append([(a - c) / t for a, c in zip(post_y[-1], post[-1])])
    return [list(row) for row in zip(*columns)]


def chains(segments: Sequence[Sequence[object]]) -> list[list[int]]:
    """The segments grouped into connected chains (segments sharing an end point), as index lists."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            if set(segments[i]) & set(segments[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segments)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


Bits = tuple[tuple[int, ...], ...]


def segment_pieces(weights: Sequence[Sequence[Sequence[Num]]], biases: Sequence[Sequence[Num]],
                   p: Sequence[Num], q: Sequence[Num]) -> list[tuple[Fraction, Fraction, Bits]]:
    """The segment ``x(t) = p + t (q - p)``, ``0 <= t <= 1``, cut where a hidden neuron changes sign.

    Returns ``(t0, t1, bits)`` with the hidden layers' bits on the open piece (``1`` where the
    pre-activation is ``>= 0`` there), consecutive pieces with equal bits merged. Walked exactly:
    on each piece every pre-activation is affine in ``t``, so the next cut is the nearest root ahead.

    >>> segment_pieces([[[1, 0]], [[1]]], [[0], [0]], [-1, 0], [1, 0])      # relu(x) on x from -1 to 1
    [(Fraction(0, 1), Fraction(1, 2), ((0,),)), (Fraction(1, 2), Fraction(1, 1), ((1,),))]
    """
    start = [Fraction(v) for v in p]
    direction = [Fraction(b) - a for a, b in zip(start, q)]
    pieces: list[tuple[Fraction, Fraction, Bits]] = []
    t = Fraction(0)
    while t < 1:
        value, slope = [a + t * d for a, d in zip(start, direction)], list(direction)
        bits, ahead = [], Fraction(1) - t
        for l, (w, b) in enumerate(zip(weights, biases)):
            z = [s + Fraction(c) for s, c in zip(apply(w, value), b)]
            dz = apply(w, slope)
            if l == len(weights) - 1:
                break
            layer = tuple(int(v > 0 or (v == 0 and d >= 0)) for v, d in zip(z, dz))
            bits.append(layer)
            for v, d in zip(z, dz):
                if v != 0 and d != 0 and (v > 0) != (d > 0):
                    ahead = min(ahead, -v / d)
            value = [v if bit else Fraction(0) for v, bit in zip(z, layer)]
            slope = [d if bit else Fraction(0) for d, bit in zip(dz, layer)]
        key = tuple(bits)
        if pieces and pieces[-1][2] == key:
            pieces[-1] = (pieces[-1][0], t + ahead, key)
        else:
            pieces.append((t, t + ahead, key))
        t += ahead
    return pieces


def in_closed_region(weights: Sequence[Sequence[Sequence[Num]]], biases: Sequence[Sequence[Num]], bits: Bits,
                     x: Sequence[Num]) -> bool:
    """Whether ``x`` satisfies the inequalities of the pattern ``bits`` (layers masked by ``bits``, not by ``x``)."""
    value = [Fraction(v) for v in x]
    for w, b, layer in zip(weights, biases, bits):
        z = [s + Fraction(c) for s, c in zip(apply(w, value), b)]
        if any((v < 0) if bit else (v > 0) for v, bit in zip(z, layer)):
            return False
        value = [v if bit else Fraction(0) for v, bit in zip(z, layer)]
    return True

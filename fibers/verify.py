"""Independent re-checking of equivalence answers: nothing here calls the deciders' code.

The deciders of :mod:`fibers.equivalence` enumerate the regions of a joint network with
:mod:`tropical.enumeration` and evaluate with :class:`exact.network.Network`'s flint engine.
This module reads only the networks' parameters and re-derives everything it needs with
plain :class:`~fractions.Fraction` arithmetic and the PPL linear-programming solver:

- a **witness** ``x`` is valid when the two networks, evaluated here, differ at ``x``;
- a **symmetry chain** (permutations and positive scalings of hidden neurons) is valid when
  applying it here to the parameters of ``a`` gives exactly the parameters of ``b``;
- a **region certificate** (each network's pattern and a point, per cell) is valid when the
  patterns are the networks' patterns at the points and, for the cell
  ``C(x) = {y : a and b have at y the activation patterns they have at x}`` of each point,
  (i) ``x`` satisfies every non-constant pattern inequality strictly (so the cell is
  full-dimensional), (ii) the local affine maps of ``a`` and ``b`` on the cell, each computed
  from that network alone, are equal, and (iii) the cells are *complete*: for every facet
  ``F`` of every cell, the cell just beyond ``F`` (its patterns at a relative-interior point
  of ``F`` pushed infinitesimally along the outer normal, decided by the lexicographic sign
  of ``(value, slope)``) is a listed cell.

Why (iii) proves that the cells cover ``R^n``: on a cell every pre-activation is affine and of
one weak sign, so it vanishes on all of a facet or nowhere in its relative interior; hence
the patterns just beyond a facet are the same along its whole relative interior, and the
facet lies in the listed cell beyond it. The union ``U`` of the listed closed cells then has
a boundary of dimension at most ``n - 2``, which cannot separate ``R^n``: ``U = R^n``.
With (ii), ``f_a = f_b`` everywhere.

Examples
--------
>>> from exact import Network
>>> from fibers.equivalence import EquivalenceResult
>>> identity = Network(1, [([[1]], [0])])
>>> folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])      # relu(x) - relu(-x)
>>> cells = [((), ((1, 0),), (1,)), ((), ((0, 1),), (-1,))]   # (pattern of a, of b, point)
>>> check_answer(identity, folded, EquivalenceResult(True, "exhaustive", regions=cells))
Verdict(valid=True, reason='2 cells, each map equal, every facet has its neighbour listed')
>>> check_answer(identity, folded, EquivalenceResult(True, "exhaustive", regions=cells[:1])).reason
'cell 0: the cell beyond its facet -1*x1 <= 0 (through (0)) is not listed'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import ppl

__all__ = ["Verdict", "check_answer"]

Row = tuple[tuple[Fraction, ...], Fraction]  # a . x <= b
Params = tuple[list[tuple[list[list[Fraction]], list[Fraction]]], list[tuple[int, int, list[list[Fraction]]]]]


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is valid, and why (the first failed check, or what was checked)."""

    valid: bool
    reason: str

    def __bool__(self) -> bool:
        return self.valid


def _params(net: Any) -> Params:
    """The layers ``(W, b)`` and skips ``(source, target, P)`` as plain lists (identity skips made explicit)."""
    layers = [([list(row) for row in layer.weight], list(layer.bias)) for layer in net.layers]
    widths = [net.input_dim] + [len(b) for _, b in layers]
    skips = []
    for s in net.skips:
        if s.weight is None:
            width = widths[s.source]
            matrix = [[Fraction(int(i == j)) for j in range(width)] for i in range(width)]
        else:
            matrix = [list(row) for row in s.weight]
        skips.append((s.source, s.target, matrix))
    return layers, skips


class _Net:
    """A network's parameters, read once: layers, explicit skips, which layers have a ReLU."""

    def __init__(self, net: Any):
        self.layers, self.skips = _params(net)
        self.input_dim = int(net.input_dim)
        self.relu = [l < len(self.layers) or bool(net.output_relu) for l in range(1, len(self.layers) + 1)]


def _forward(net: _Net, x: Sequence[Fraction], d: Sequence[Fraction]) -> tuple[list[tuple[int, ...]], list[Fraction]]:
    """Patterns and output along ``x + e d`` for infinitesimal ``e > 0`` (``d = 0``: at ``x``).

    Values are pairs ``(value, slope)``; a ReLU keeps a pair that is lexicographically ``>= 0``.
    A neuron whose pair is ``(0, 0)`` takes bit 1 (the toolkit's convention).
    """
    layers, skips = net.layers, net.skips
    post: list[list[tuple[Fraction, Fraction]]] = [list(zip(x, d))]
    patterns = []
    for l, (W, b) in enumerate(layers, start=1):
        u = [list(p) for p in post[l - 1]]
        for source, target, P in skips:
            if target == l:
                for i, row in enumerate(P):
                    u[i][0] += sum((p * v for p, (v, _) in zip(row, post[source])), Fraction(0))
                    u[i][1] += sum((p * s for p, (_, s) in zip(row, post[source])), Fraction(0))
        z = [(sum((w * ui[0] for w, ui in zip(row, u)), bias), sum((w * ui[1] for w, ui in zip(row, u)), Fraction(0)))
             for row, bias in zip(W, b)]
        if net.relu[l - 1]:
            bits = tuple(int(v > 0 or (v == 0 and s >= 0)) for v, s in z)
            patterns.append(bits)
            z = [pair if bit else (Fraction(0), Fraction(0)) for pair, bit in zip(z, bits)]
        post.append(z)
    return patterns, [v for v, _ in post[-1]]


def _cell(net: _Net, patterns: Sequence[Sequence[int]]) -> tuple[list[Row], tuple[Any, ...]]:
    """The pattern inequalities ``a . x <= b`` and the output map ``(A, c)`` of ``net`` on a pattern."""
    layers, skips = net.layers, net.skips
    n = net.input_dim
    eye = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    post: list[tuple[list[list[Fraction]], list[Fraction]]] = [(eye, [Fraction(0)] * n)]
    rows: list[Row] = []
    group = iter(patterns)
    for l, (W, b) in enumerate(layers, start=1):
        A_u = [list(r) for r in post[l - 1][0]]
        c_u = list(post[l - 1][1])
        for source, target, P in skips:
            if target == l:
                A_s, c_s = post[source]
                for i, prow in enumerate(P):
                    for k in range(n):
                        A_u[i][k] += sum((p * A_s[j][k] for j, p in enumerate(prow)), Fraction(0))
                    c_u[i] += sum((p * c_s[j] for j, p in enumerate(prow)), Fraction(0))
        A = [[sum((w * A_u[j][k] for j, w in enumerate(wrow)), Fraction(0)) for k in range(n)] for wrow in W]
        c = [sum((w * c_u[j] for j, w in enumerate(wrow)), bias) for wrow, bias in zip(W, b)]
        if net.relu[l - 1]:
            bits = next(group)
            for i, bit in enumerate(bits):
                if bit:        # z_i >= 0:  -A_i x <= c_i
                    rows.append((tuple(-v for v in A[i]), c[i]))
                else:          # z_i <= 0:   A_i x <= -c_i
                    rows.append((tuple(A[i]), -c[i]))
            A = [row if bit else [Fraction(0)] * n for row, bit in zip(A, bits)]
            c = [v if bit else Fraction(0) for v, bit in zip(c, bits)]
        post.append((A, c))
    A_out, c_out = post[-1]
    return rows, (tuple(map(tuple, A_out)), tuple(c_out))


def _key(row: Row) -> Row:
    """The row scaled so that its first non-zero coefficient is +-1 (equal keys: the same half-space)."""
    a, b = row
    lead = abs(next(v for v in a if v))
    return tuple(v / lead for v in a), b / lead


def _facet_point(rows: Sequence[Row], k: int) -> tuple[Fraction, ...] | None:
    """A point of the relative interior of ``{a_k . x = b_k}`` in the cell, or ``None`` when that is not a facet.

    Maximise ``t <= 1`` subject to ``a_i . x + t <= b_i`` for every row not defining the same
    half-space as row ``k``, and ``a_k . x = b_k``; the face is a facet iff ``t > 0``.
    """
    n = len(rows[k][0])
    t = ppl.Variable(n)
    cs = ppl.Constraint_System()

    def expression(a: Sequence[Fraction], slack: int) -> tuple[Any, int]:
        scale = lcm(*(v.denominator for v in a))
        return sum((int(v * scale) * ppl.Variable(i) for i, v in enumerate(a) if v), ppl.Linear_Expression(0)) \
            + slack * scale * t, scale

    target = _key(rows[k])
    for a, b in rows:
        if not any(a) or _key((a, b)) == target:
            continue
        expr, scale = expression(a, 1)
        b_scaled = b * scale
        cs.insert(b_scaled.denominator * expr <= b_scaled.numerator)
    expr, scale = expression(rows[k][0], 0)
    b_scaled = rows[k][1] * scale
    cs.insert(b_scaled.denominator * expr == b_scaled.numerator)
    cs.insert(t <= 1)
    problem = ppl.MIP_Problem(n + 1, cs, ppl.Linear_Expression(t), "maximization")
    if problem.solve()["status"] != "optimized":
        return None
    g = problem.optimizing_point()
    d = int(g.divisor())
    coords = [Fraction(int(v), d) for v in g.coefficients()] + [Fraction(0)] * (n + 1)
    return tuple(coords[:n]) if coords[n] > 0 else None


def _show(row: Row) -> str:
    a, b = row
    return " + ".join(f"{v}*x{i + 1}" for i, v in enumerate(a) if v) + f" <= {b}"


def _check_regions(net_a: Any, net_b: Any, listed: Sequence[tuple[Any, Any, Sequence[Fraction]]],
                   domain: Sequence[Row] = ()) -> Verdict:
    """Each listed cell's maps agree; across each facet inside ``domain`` (rows ``a . x <= b``) lies a listed cell."""
    a, b = _Net(net_a), _Net(net_b)
    n = a.input_dim
    domain = [(tuple(Fraction(v) for v in row), Fraction(rhs)) for row, rhs in domain]
    origin = [Fraction(0)] * n
    cells: dict[tuple[Any, ...], tuple[int, list[Row]]] = {}
    for index, (claimed_a, claimed_b, raw) in enumerate(listed):
        x = [Fraction(v) for v in raw]
        if len(x) != n:
            return Verdict(False, f"cell {index}: the point has {len(x)} coordinates, the input has {n}")
        pa, _ = _forward(a, x, origin)
        pb, _ = _forward(b, x, origin)
        key = (tuple(pa), tuple(pb))
        if key != (tuple(map(tuple, claimed_a)), tuple(map(tuple, claimed_b))):
            return Verdict(False, f"cell {index}: the listed patterns are not the networks' patterns at its point")
        if key in cells:
            continue
        rows_a, map_a = _cell(a, pa)
        rows_b, map_b = _cell(b, pb)
        rows = rows_a + rows_b + list(domain)
        for row in rows:
            value = sum((c * v for c, v in zip(row[0], x)), Fraction(0))
            if (any(row[0]) and value >= row[1]) or (not any(row[0]) and row[1] < 0):
                return Verdict(False, f"cell {index}: the point is not interior ({_show(row)} is not strict)")
        if map_a != map_b:
            return Verdict(False, f"cell {index}: the two networks' affine maps differ on the cell of the point")
        cells[key] = (index, rows)
    if not cells:
        return Verdict(False, "no cells listed")
    for index, rows in cells.values():
        seen: set[Row] = set()
        for k, row in enumerate(rows):
            if not any(row[0]) or _key(row) in seen:
                continue
            seen.add(_key(row))
            point = _facet_point(rows, k)
            if point is None:
                continue
            if any(sum((c * v for c, v in zip(d, point)), Fraction(0)) >= rhs for d, rhs in domain):
                continue      # a facet in the domain's boundary: nothing lies beyond it
            beyond = (tuple(_forward(a, point, row[0])[0]), tuple(_forward(b, point, row[0])[0]))
            if beyond not in cells:
                where = " ".join(str(v) for v in point)
                return Verdict(False, f"cell {index}: the cell beyond its facet {_show(row)} (through ({where})) "
                                      "is not listed")
    return Verdict(True, f"{len(cells)} cells, each map equal, every facet has its neighbour listed")


def _apply_chain(a: Any, steps: Sequence[Any]) -> Params:
    """``a``'s parameters after permutations and positive scalings of hidden neurons."""
    layers, skips = _params(a)
    depth = len(layers)
    for step in steps:
        kind = type(step).__name__
        l = step.layer
        if not 1 <= l < depth:
            raise ValueError(f"layer {l} is not hidden")
        width = len(layers[l - 1][1])
        if kind == "Permutation":
            order = list(step.order)
            if sorted(order) != list(range(width)):
                raise ValueError(f"{order} is not a permutation of layer {l}")
            W, b = layers[l - 1]
            layers[l - 1] = ([W[j] for j in order], [b[j] for j in order])
            W2, b2 = layers[l]
            layers[l] = ([[row[j] for j in order] for row in W2], b2)
            skips = [(s, t, [P[j] for j in order] if t == l + 1 else P) for s, t, P in skips]
            skips = [(s, t, [[row[j] for j in order] for row in P] if s == l else P) for s, t, P in skips]
        elif kind == "Scaling":
            factors = [Fraction(c) for c in step.factors]
            if len(factors) != width or any(c <= 0 for c in factors):
                raise ValueError(f"scaling of layer {l} needs {width} positive factors")
            W, b = layers[l - 1]
            layers[l - 1] = ([[c * v for v in row] for row, c in zip(W, factors)], [c * v for v, c in zip(b, factors)])
            W2, b2 = layers[l]
            layers[l] = ([[v / c for v, c in zip(row, factors)] for row in W2], b2)
            skips = [(s, t, [[c * v for v in row] for row, c in zip(P, factors)] if t == l + 1 else P)
                     for s, t, P in skips]
            skips = [(s, t, [[v / c for v, c in zip(row, factors)] for row in P] if s == l else P)
                     for s, t, P in skips]
        else:
            raise ValueError(f"{kind} steps are not symmetries of every network")
    return layers, skips


def _domain_rows(result: Any) -> list[Row]:
    """The answer's domain as rows ``a . x <= b`` (equalities twice), read off its matrices; none for ``R^n``."""
    return _rows_of(getattr(result, "domain", None))


def _rows_of(domain: Any) -> list[Row]:
    if domain is None:
        return []
    rows = [(tuple(Fraction(v) for v in a), Fraction(b)) for a, b in zip(domain.A, domain.b)]
    for e, f in zip(domain.E, domain.f):
        rows += [(tuple(Fraction(v) for v in e), Fraction(f)), (tuple(-Fraction(v) for v in e), -Fraction(f))]
    return rows


def check_witness_values(a: Any, b: Any, x: Sequence[Any], output_a: Sequence[Any], output_b: Sequence[Any],
                         gap: Any, domain: Any = None) -> Verdict:
    """Re-check a point where two networks are compared: ``x`` in ``domain``, both outputs, and ``max |a - b|``."""
    point = [Fraction(v) for v in x]
    if len(point) != a.input_dim:
        return Verdict(False, f"the point has {len(point)} coordinates, the input has {a.input_dim}")

    for row, rhs in _rows_of(domain):
        if sum((c * v for c, v in zip(row, point)), Fraction(0)) > rhs:
            return Verdict(False, "the point lies outside the domain")
    zero = [Fraction(0)] * len(point)
    out_a, out_b = _forward(_Net(a), point, zero)[1], _forward(_Net(b), point, zero)[1]
    if [Fraction(v) for v in output_a] != list(out_a) or [Fraction(v) for v in output_b] != list(out_b):
        return Verdict(False, "the recorded outputs are not the networks' outputs at the point")
    found = max(abs(p - q) for p, q in zip(out_a, out_b))
    if found != Fraction(gap):
        return Verdict(False, f"|f_a - f_b| at the point is {found}, not {gap}")
    return Verdict(True, f"|f_a - f_b| = {found} at the point, inside the domain")


def check_answer(a: Any, b: Any, result: Any) -> Verdict:
    """Re-check an :class:`~fibers.equivalence.EquivalenceResult` for ``a`` and ``b`` independently.

    Bottleneck certificates (translations and flips under preconditions) go to
    :func:`fibers.bottleneck.check_bottleneck_certificate`; everything else is checked here.

    References
    ----------
    ``MATH.md`` section 4 (equivalence on the joint regions); ``004`` section 6 (symmetries).
    """
    if a.input_dim != b.input_dim or len(a.layers[-1].bias) != len(b.layers[-1].bias):
        return Verdict(False, "the networks' input or output dimensions differ")
    if not result.equivalent:
        if result.witness is None:
            return Verdict(False, "a 'not equivalent' answer without a witness")
        x = [Fraction(v) for v in result.witness]
        if len(x) != a.input_dim:
            return Verdict(False, f"the witness has {len(x)} coordinates, the input has {a.input_dim}")
        for row, rhs in _domain_rows(result):
            if sum((Fraction(c) * v for c, v in zip(row, x)), Fraction(0)) > Fraction(rhs):
                return Verdict(False, "the witness lies outside the domain")
        zero = [Fraction(0)] * len(x)
        out_a, out_b = _forward(_Net(a), x, zero)[1], _forward(_Net(b), x, zero)[1]
        if out_a == out_b:
            return Verdict(False, "both networks give the same output at the witness")
        for side, stated, found in (("a", result.output_a, out_a), ("b", result.output_b, out_b)):
            if stated is not None and [Fraction(v) for v in stated] != list(found):   # what the answer states
                return Verdict(False, f"the recorded output of {side} at the witness is not {side}'s output there")
        return Verdict(True, "the networks differ at the witness")
    if result.method == "bottleneck":
        from fibers.bottleneck import check_bottleneck_certificate

        ok = check_bottleneck_certificate(a, b, result.steps, result.orthant)
        return Verdict(ok, "the chain maps a to b" if ok else "the chain of symmetries does not map a to b")
    if result.method == "symmetries":
        if [len(l.bias) for l in a.layers] != [len(l.bias) for l in b.layers] or \
                bool(a.output_relu) != bool(b.output_relu) or a.input_dim != b.input_dim:
            return Verdict(False, "the architectures differ")
        try:
            moved = _apply_chain(a, result.steps)
        except (ValueError, AttributeError, TypeError) as error:
            return Verdict(False, f"the chain cannot be applied: {error}")
        target = _params(b)
        if moved[0] != target[0] or sorted(moved[1], key=lambda s: s[:2]) != sorted(target[1], key=lambda s: s[:2]):
            return Verdict(False, "the chain does not map the parameters of a to those of b")
        return Verdict(True, f"a chain of {len(result.steps)} permutations and scalings maps a to b")
    return _check_regions(a, b, result.regions, _domain_rows(result))

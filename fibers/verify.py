"""Independent re-checking of equivalence answers: nothing here calls the deciders' code.

The deciders of :mod:`fibers.equivalence` enumerate the regions of a joint network with
:mod:`tropical.enumeration` and evaluate with :class:`exact.network.Network`'s flint engine.
This module reads only the networks' parameters and re-derives everything it needs with
plain :class:`~fractions.Fraction` arithmetic and the PPL linear-programming solver:

- a **witness** ``x`` is valid when the two networks, evaluated here, differ at ``x``;
- a **symmetry chain** (permutations and positive scalings of hidden neurons) is valid when
  applying it here to the parameters of ``a`` gives exactly the parameters of ``b``;
- an answer on a **flat domain** (one that is not full-dimensional) carries a slice ``x = origin +
  D y``: it is valid when ``D`` has independent columns, the domain and its preimage
  ``{y : origin + D y in domain}`` both have dimension ``k`` (PPL; a convex set meeting an affine
  ``k``-plane in dimension ``k`` lies in it), and the answer holds for the two networks restricted
  to the slice (composed here) on that preimage; a domain of one point (``k = 0``) needs the point
  in it and both outputs equal there;
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
from dataclasses import dataclass, replace
from fractions import Fraction
from math import lcm
from types import SimpleNamespace
from typing import Any

import ppl

__all__ = ["Verdict", "check_answer", "check_distance_bound"]

Row = tuple[tuple[Fraction, ...], Fraction]  # a . x <= b
Params = tuple[list[tuple[list[list[Fraction]], list[Fraction]]], list[tuple[int, int, list[list[Fraction]]]]]


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is valid, and why (the first failed check, or what was checked).

    See Also
    --------
    check_answer : gives it.

    References
    ----------
    ``MATH.md`` sections 4 and 7 (certificates and the exact distance).
    """

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


def _constraints(rows: Sequence[Row]) -> Any:
    """The rows ``a . x <= b`` as a PPL constraint system (each row scaled to integers)."""
    cs = ppl.Constraint_System()
    for a, b in rows:
        scale = lcm(1, *(v.denominator for v in a), b.denominator)
        expr = sum((int(v * scale) * ppl.Variable(i) for i, v in enumerate(a) if v), ppl.Linear_Expression(0))
        cs.insert(expr <= int(b * scale))
    return cs


def _largest(rows: Sequence[Row], objective: Sequence[Fraction], constant: Fraction) -> Fraction | None:
    """``max objective . x + constant`` over ``{a . x <= b}`` (PPL's exact LP), ``None`` when unbounded or empty."""
    n = len(objective)
    cs = _constraints(rows)
    scale = lcm(1, *(v.denominator for v in objective))
    target = sum((int(v * scale) * ppl.Variable(i) for i, v in enumerate(objective) if v), ppl.Linear_Expression(0))
    problem = ppl.MIP_Problem(n, cs, target, "maximization")
    if problem.solve()["status"] != "optimized":
        return None
    g = problem.optimizing_point()
    point = [Fraction(int(c), int(g.divisor())) for c in g.coefficients()] + [Fraction(0)] * n
    return sum((v * x for v, x in zip(objective, point[:n])), Fraction(0)) + constant


def _check_regions(net_a: Any, net_b: Any, listed: Sequence[tuple[Any, Any, Sequence[Fraction]]],
                   domain: Sequence[Row] = (), bound: Fraction | None = None) -> Verdict:
    """Each listed cell's maps agree; across each facet inside ``domain`` (rows ``a . x <= b``) lies a listed cell.

    With ``bound``, the maps need not agree: on each cell ``max |f_a - f_b|`` (each output, both
    signs, an exact LP over the cell) must be at most ``bound``; the cells then show
    ``|f_a - f_b| <= bound`` on all of the domain.
    """
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
        if bound is None and map_a != map_b:
            return Verdict(False, f"cell {index}: the two networks' affine maps differ on the cell of the point")
        if bound is not None:
            (A_a, c_a), (A_b, c_b) = map_a, map_b
            for k in range(len(c_a)):
                gap = [p - q for p, q in zip(A_a[k], A_b[k])]
                for sign in (1, -1):
                    top = _largest(rows, [sign * v for v in gap], sign * (c_a[k] - c_b[k]))
                    if top is None or top > bound:
                        return Verdict(False, f"cell {index}: |f_a - f_b| in output {k + 1} exceeds {bound} there")
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
            if any(any(d) and sum((c * v for c, v in zip(d, point)), Fraction(0)) >= rhs for d, rhs in domain):
                continue      # a facet in the domain's boundary (a row tight there; 0 <= 0 bounds nothing)
            beyond = (tuple(_forward(a, point, row[0])[0]), tuple(_forward(b, point, row[0])[0]))
            if beyond not in cells:
                where = " ".join(str(v) for v in point)
                return Verdict(False, f"cell {index}: the cell beyond its facet {_show(row)} (through ({where})) "
                                      "is not listed")
    what = "each map equal" if bound is None else f"|f_a - f_b| <= {bound} on each"
    return Verdict(True, f"{len(cells)} cells, {what}, every facet has its neighbour listed")


def _symmetry_step(layers: list[Any], skips: list[Any], step: Any) -> tuple[list[Any], list[Any]]:
    """One permutation or positive scaling of a hidden layer applied to plain parameters."""
    kind = type(step).__name__
    depth = len(layers)
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


def _apply_chain(a: Any, steps: Sequence[Any]) -> Params:
    """``a``'s parameters after permutations and positive scalings of hidden neurons."""
    layers, skips = _params(a)
    for step in steps:
        layers, skips = _symmetry_step(layers, skips, step)
    return layers, skips


def _hides(layers: Any, i: int) -> bool:
    """``004`` Def. 3: every second-layer neuron has ``W2[k, i] > 0``, ``W2[k, j] < 0`` otherwise, ``b2[k] <= 0``."""
    W2, b2 = layers[1]
    return all(row[i] > 0 and all(v < 0 for j, v in enumerate(row) if j != i) and c <= 0 for row, c in zip(W2, b2))


def _bottleneck_chain(a: Any, steps: Sequence[Any]) -> list[Any]:
    """``a``'s parameters after a bottleneck chain: symmetries, translations and flips, each precondition checked.

    A translation of hidden hyperplane ``i`` by ``t`` (``004`` eq. 3) needs ``i`` hidden and
    ``t >= max_k b2[k] / W2[k, i]``, and sets ``b1[i] += t``, ``b2 -= t W2[:, i]``. A flip needs one
    second-layer neuron, ``i`` hidden and ``W2 = (+1 at i, -1 elsewhere)``, and maps ``[W1 | b1]``
    to ``M_S [W1 | b1]``: row ``i`` minus the rows in ``S``, the rows in ``S`` negated.
    """
    layers, skips = _params(a)
    if skips or len(layers) != 3:
        raise ValueError("a bottleneck chain needs a three-layer network without skips")
    for step in steps:
        kind = type(step).__name__
        if kind in ("Permutation", "Scaling"):
            layers, skips = _symmetry_step(layers, skips, step)
            continue
        (W1, b1), (W2, b2), last = layers
        n1 = len(b1)
        i = step.index
        if not isinstance(i, int) or not 0 <= i < n1 or not _hides(layers, i):
            raise ValueError(f"{kind.lower()}: first-layer hyperplane {i} is not hidden by the second layer")
        if kind == "Translation":
            t = Fraction(step.t)
            if any(t < c / row[i] for row, c in zip(W2, b2)):
                raise ValueError(f"translation: t = {t} lies below the admissible half-line")
            b1 = [v + t if r == i else v for r, v in enumerate(b1)]
            b2 = [c - t * row[i] for row, c in zip(W2, b2)]
            layers = [(W1, b1), (W2, b2), last]
        elif kind == "Flip":
            S = list(step.subset)
            if len(W2) != 1 or W2[0] != [Fraction(1) if j == i else Fraction(-1) for j in range(n1)]:
                raise ValueError("flip: needs one second-layer neuron with W2 = +1 at the index and -1 elsewhere")
            if len(set(S)) != len(S) or any(not isinstance(j, int) or not 0 <= j < n1 or j == i for j in S):
                raise ValueError(f"flip: {S} must be distinct first-layer neurons other than {i}")
            rows = [list(r) + [c] for r, c in zip(W1, b1)]
            new = [list(r) for r in rows]
            new[i] = [v - sum((rows[j][k] for j in S), Fraction(0)) for k, v in enumerate(rows[i])]
            for j in S:
                new[j] = [-v for v in rows[j]]
            layers = [([r[:-1] for r in new], [r[-1] for r in new]), (W2, b2), last]
        else:
            raise ValueError(f"{kind} is not a step of a bottleneck chain")
    return layers


def _same_on_orthant(g: Any, h: Any) -> bool:
    """Layers 2-3 of two bottleneck networks equal as maps of ``z >= 0`` (``004`` Def. 2, recomputed here).

    A map ``V relu(U z + c) + d`` on the orthant is its weighted hyperplanes and its affine map at
    one point off every hyperplane. Each neuron that changes sign on the open orthant bends along
    its hyperplane (row and bias divided by their first non-zero entry ``lambda``) with weight
    ``|lambda| V[:, k]`` whichever its orientation (``relu(u)`` and ``relu(-u)`` bend alike);
    weights on one hyperplane add up, and those that cancel are dropped.
    """
    def hyperplanes(U: Any, c: Any, V: Any) -> dict[tuple[Fraction, ...], tuple[Fraction, ...]]:
        found: dict[tuple[Fraction, ...], list[Fraction]] = {}
        for k, (row, ck) in enumerate(zip(U, c)):
            if all(v <= 0 for v in row) and ck <= 0 or all(v >= 0 for v in row) and ck >= 0:
                continue                      # dead or linear on the orthant
            vec = list(row) + [ck]
            lead = next(v for v in vec if v != 0)
            key = tuple(v / lead for v in vec)
            acc = found.setdefault(key, [Fraction(0)] * len(V))
            for o in range(len(V)):
                acc[o] += abs(lead) * V[o][k]
        return {key: tuple(w) for key, w in found.items() if any(w)}

    (U1, c1), (V1, d1) = g
    (U2, c2), (V2, d2) = h
    first, second = hyperplanes(U1, c1, V1), hyperplanes(U2, c2, V2)
    if first != second:
        return False
    m = len(U1[0]) if U1 else 0
    cuts = [list(r) + [c] for r, c in zip(list(U1) + list(U2), list(c1) + list(c2)) if any(r)]
    s = 1
    while True:          # a point of the moment curve off every hyperplane (each meets it at most m times)
        z = [Fraction(s) ** (k + 1) for k in range(m)]
        if all(sum((a * v for a, v in zip(r, z)), r[-1]) != 0 for r in cuts):
            break
        s += 1

    def affine(U: Any, c: Any, V: Any, d: Any) -> tuple[Any, Any]:
        on = [sum((a * v for a, v in zip(r, z)), ck) > 0 for r, ck in zip(U, c)]
        weight = [[sum((V[o][k] * U[k][i] for k in range(len(U)) if on[k]), Fraction(0)) for i in range(m)]
                  for o in range(len(V))]
        bias = [sum((V[o][k] * c[k] for k in range(len(U)) if on[k]), Fraction(0)) + d[o] for o in range(len(V))]
        return weight, bias

    return affine(U1, c1, V1, d1) == affine(U2, c2, V2, d2)


def _check_bottleneck(a: Any, b: Any, steps: Sequence[Any], orthant: bool) -> Verdict:
    """A bottleneck certificate: the chain maps ``a`` to ``b`` (or to equal first layers, equal on the orthant)."""
    try:
        moved = _bottleneck_chain(a, steps)
    except (ValueError, AttributeError, TypeError, ZeroDivisionError) as error:
        return Verdict(False, f"the chain cannot be applied: {error}")
    target, target_skips = _params(b)
    if target_skips or len(target) != 3 or a.output_relu or b.output_relu:
        return Verdict(False, "a and b must be three-layer networks without skips or output ReLU")
    if not orthant:
        ok = moved == target
        return Verdict(ok, "the chain maps a to b" if ok else "the chain of symmetries does not map a to b")
    W1, _ = moved[0]
    n0, n1 = len(W1[0]) if W1 else 0, len(W1)
    if moved[0] != target[0] or n1 > n0 or _rank(W1) != n1:
        return Verdict(False, "after the chain the first layers differ, or do not map onto the orthant")
    ok = _same_on_orthant((moved[1], moved[2]), (target[1], target[2]))
    return Verdict(ok, "the chain maps a's first layer to b's and layers 2-3 agree on the orthant" if ok
                   else "layers 2-3 differ on the orthant")


def _rank(M: Sequence[Sequence[Fraction]]) -> int:
    rows = [list(r) for r in M]
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                f = rows[r][col] / rows[rank][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[rank])]
        rank += 1
    return rank


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


# --------------------------------------------------------------------------- reduction certificates
#
# A dense network: layer l computes z_l = sum_s A[l][s] nu_s + c[l] (nu_0 = x); matrices are lists of
# rows of Fractions, a missing block is zero. Products go through Python integers (one common
# denominator per matrix) in numpy object arrays.

def _int_matrix(M: Sequence[Sequence[Fraction]]) -> tuple[Any, int]:
    import numpy as np

    den = lcm(1, *(v.denominator for row in M for v in row))
    return np.array([[v.numerator * (den // v.denominator) for v in row] for row in M], dtype=object), den


def _times(M: Sequence[Sequence[Fraction]], N: Sequence[Sequence[Fraction]], cols: int) -> list[list[Fraction]]:
    """The product ``M N`` (``N`` has ``cols`` columns)."""
    if not M or not N:
        return [[Fraction(0)] * cols for _ in M]
    (P, p), (Q, q) = _int_matrix(M), _int_matrix(N)
    R = P.dot(Q)
    return [[Fraction(int(v), p * q) for v in row] for row in R]


def _plus(M: list[list[Fraction]] | None, N: list[list[Fraction]]) -> list[list[Fraction]]:
    return N if M is None else [[u + v for u, v in zip(r, t)] for r, t in zip(M, N)]


class _DenseNet:
    """A network's dense form, built from its parameters alone (``_params``)."""

    def __init__(self, net: Any):
        layers, skips = _params(net)
        self.widths = [int(net.input_dim)] + [len(b) for _, b in layers]
        self.A: list[dict[int, list[list[Fraction]]]] = []
        self.c: list[list[Fraction]] = []
        for l, (W, b) in enumerate(layers, start=1):
            blocks = {l - 1: [list(r) for r in W]}
            for source, target, P in skips:
                if target == l:
                    blocks[source] = _plus(blocks.get(source), _times(W, P, self.widths[source]))
            self.A.append(blocks)
            self.c.append(list(b))
        self.output_relu = bool(net.output_relu)

    @property
    def hidden(self) -> int:
        return len(self.c) - 1

    def row(self, l: int, j: int) -> list[Fraction]:
        out: list[Fraction] = []
        for s in range(l):
            block = self.A[l - 1].get(s)
            out += list(block[j]) if block is not None else [Fraction(0)] * self.widths[s]
        return out + [self.c[l - 1][j]]

    def columns_zero(self, l: int, j: int) -> bool:
        return all(r[j] == 0 for later in self.A[l:] for r in later.get(l, []))

    def delete(self, l: int, gone: set[int]) -> None:
        keep = [j for j in range(self.widths[l]) if j not in gone]
        self.A[l - 1] = {s: [M[j] for j in keep] for s, M in self.A[l - 1].items()}
        self.c[l - 1] = [self.c[l - 1][j] for j in keep]
        for later in self.A[l:]:
            if l in later:
                later[l] = [[r[j] for j in keep] for r in later[l]]
        self.widths[l] = len(keep)

    def final(self) -> tuple[Any, ...]:
        blocks = tuple(tuple(sorted((s, tuple(map(tuple, M))) for s, M in layer.items() if any(any(r) for r in M)))
                       for layer in self.A)
        return tuple(self.widths), blocks, tuple(map(tuple, self.c)), self.output_relu


def _box_of(rows: Sequence[Row], n: int) -> tuple[list[Fraction], list[Fraction]] | None:
    """The least box around ``{a . x <= b}`` (PPL, one LP per coordinate and side); ``None`` if unbounded."""
    cs = _constraints(rows)
    lo, hi = [], []
    for i in range(n):
        ends = []
        for sense in ("maximization", "minimization"):
            problem = ppl.MIP_Problem(n, cs, ppl.Linear_Expression(ppl.Variable(i)), sense)
            if problem.solve()["status"] != "optimized":
                return None
            g = problem.optimizing_point()
            ends.append(Fraction(int(g.coefficients()[i]), int(g.divisor())))
        hi.append(ends[0])
        lo.append(ends[1])
    return lo, hi


def _chord_slope(lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    """``(lam, up, m)``: ``lam z <= relu(z) <= up z + m`` on ``[lo, hi]``, with the reduction's rounding rule.

    ``up`` is ``hi / (hi - lo)`` rounded up to a multiple of ``2^-30``, ``m = -up lo``, ``lam`` is 1
    when ``hi > -lo`` and 0 otherwise; stable neurons are exact (1, 1, 0) or (0, 0, 0).
    """
    if lo >= 0:
        return Fraction(1), Fraction(1), Fraction(0)
    if hi <= 0:
        return Fraction(0), Fraction(0), Fraction(0)
    q = hi / (hi - lo)
    up = Fraction(-((-q.numerator << 30) // q.denominator), 1 << 30)
    return Fraction(int(hi > -lo)), up, -up * lo


def _bounds(net: _DenseNet, lo_x: Sequence[Fraction], hi_x: Sequence[Fraction]
            ) -> list[tuple[list[Fraction], list[Fraction]]]:
    """Sound bounds ``(lo, hi)`` on every hidden pre-activation over the box: back-substitution, then intervals."""
    slopes: dict[int, list[tuple[Fraction, Fraction, Fraction]]] = {}
    out: list[tuple[list[Fraction], list[Fraction]]] = []
    for l in range(1, net.hidden + 1):
        found = []
        for sign in (1, -1):      # hi of z, then hi of -z
            coef: dict[int, list[list[Fraction]]] = {s: [[sign * v for v in r] for r in M]
                                                     for s, M in net.A[l - 1].items()}
            const = [sign * v for v in net.c[l - 1]]
            for s in reversed(range(1, l)):
                M = coef.pop(s, None)
                if M is None:
                    continue
                relaxed = [[v * slopes[s][j][1] if v > 0 else v * slopes[s][j][0] for j, v in enumerate(r)]
                           for r in M]
                const = [k + sum((v * slopes[s][j][2] for j, v in enumerate(r) if v > 0), Fraction(0))
                         + sum((v * w for v, w in zip(t, net.c[s - 1])), Fraction(0))
                         for k, r, t in zip(const, M, relaxed)]
                for source, A in net.A[s - 1].items():
                    coef[source] = _plus(coef.get(source), _times(relaxed, A, net.widths[source]))
            first = coef.get(0, [[] for _ in const])
            found.append([k + sum((v * (hi_x[i] if v > 0 else lo_x[i]) for i, v in enumerate(r)), Fraction(0))
                          for k, r in zip(const, first)])
        hi, lo = found[0], [-v for v in found[1]]
        below, above = list(net.c[l - 1]), list(net.c[l - 1])      # plain intervals, from the earlier bounds
        for s, M in net.A[l - 1].items():
            low = lo_x if s == 0 else [max(v, Fraction(0)) for v in out[s - 1][0]]
            high = hi_x if s == 0 else [max(v, Fraction(0)) for v in out[s - 1][1]]
            for i, r in enumerate(M):
                below[i] += sum((v * (low[k] if v > 0 else high[k]) for k, v in enumerate(r) if v), Fraction(0))
                above[i] += sum((v * (high[k] if v > 0 else low[k]) for k, v in enumerate(r) if v), Fraction(0))
        hi = [min(u, v) for u, v in zip(hi, above)]
        lo = [max(u, v) for u, v in zip(lo, below)]
        slopes[l] = [_chord_slope(p, q) for p, q in zip(lo, hi)]
        out.append((lo, hi))
    return out


def _pieces(boxes: Any, box: tuple[list[Fraction], list[Fraction]],
            where: str) -> list[tuple[list[Fraction], list[Fraction]]]:
    """The boxes a stability step is shown on, checked to tile the domain's box (just ``[box]`` when none are given).

    Boxes inside ``box``, with pairwise disjoint interiors and volumes summing to its volume, cover
    it: what they miss would be relatively open in ``box``, so of positive volume.
    """
    if boxes is None:
        return [box]
    try:
        pieces = [([Fraction(v) for v in a], [Fraction(v) for v in b]) for a, b in boxes]
    except (TypeError, ValueError, ZeroDivisionError):
        raise ValueError(f"{where}: the boxes are not pairs of rational vectors") from None
    n = len(box[0])

    def volume(a: list[Fraction], b: list[Fraction]) -> Fraction:
        v = Fraction(1)
        for p, q in zip(a, b):
            v *= q - p
        return v

    if not pieces or any(len(a) != n or len(b) != n or any(p > q or p < lo or q > hi for p, q, lo, hi
                                                           in zip(a, b, *box)) for a, b in pieces):
        raise ValueError(f"{where}: a box is empty, of the wrong dimension or leaves the domain's box")
    for i, (a, b) in enumerate(pieces):
        for c, d in pieces[i + 1:]:
            if all(max(p, r) < min(q, s) for p, q, r, s in zip(a, b, c, d)):
                raise ValueError(f"{where}: two boxes overlap")
    if sum((volume(a, b) for a, b in pieces), Fraction(0)) != volume(*box):
        raise ValueError(f"{where}: the boxes do not cover the domain's box")
    return pieces


def _replay(net: Any, steps: Sequence[Any], box: tuple[list[Fraction], list[Fraction]] | None) -> _DenseNet:
    """Apply and justify a reduction chain; raises ``ValueError`` at the first step that does not hold."""
    dense = _DenseNet(net)
    bounds: dict[Any, list[tuple[list[Fraction], list[Fraction]]]] = {}
    last_stable = 0
    started = False
    for number, step in enumerate(steps):
        kind, l = step.get("kind"), step.get("layer")
        where = f"step {number} ({kind}, layer {l})"
        if not isinstance(l, int) or not 1 <= l <= dense.hidden:
            raise ValueError(f"{where}: not a hidden layer")
        width = dense.widths[l]
        if kind == "stable":
            if started or l <= last_stable:
                raise ValueError(f"{where}: stability steps come first, one per layer, in increasing order")
            if box is None:
                raise ValueError(f"{where}: no bounded domain to be stable on")
            last_stable = l
            pieces = _pieces(step.get("boxes"), box, where)
            dead, active = list(step.get("dead", [])), list(step.get("active", []))
            if len(set(dead + active)) != len(dead + active) or not all(0 <= j < width for j in dead + active):
                raise ValueError(f"{where}: neuron indices out of range or repeated")
            for piece in pieces:
                key = tuple(map(tuple, piece))
                if key not in bounds:
                    bounds[key] = _bounds(_DenseNet(net), *piece)
                lo, hi = bounds[key][l - 1]
                for j in dead:
                    if hi[j] > 0:
                        raise ValueError(f"{where}: neuron {j} is not shown dead (upper bound {hi[j]} > 0)")
                for j in active:
                    if lo[j] < 0:
                        raise ValueError(f"{where}: neuron {j} is not shown active (lower bound {lo[j]} < 0)")
            if active:          # nu_j = z_j on the domain: carry it into every later layer
                rows = {s: [M[j] for j in active] for s, M in dense.A[l - 1].items()}
                bias = [dense.c[l - 1][j] for j in active]
                for t in range(l + 1, len(dense.c) + 1):
                    later = dense.A[t - 1]
                    if l not in later:
                        continue
                    C = [[r[j] for j in active] for r in later[l]]
                    for s, R in rows.items():
                        later[s] = _plus(later.get(s), _times(C, R, dense.widths[s]))
                    dense.c[t - 1] = [k + sum((u * v for u, v in zip(r, bias)), Fraction(0))
                                      for k, r in zip(dense.c[t - 1], C)]
            dense.delete(l, set(dead) | set(active))
            continue
        started = True
        if kind == "merge":
            pairs = [(int(i), int(k), Fraction(c)) for i, k, c in step.get("pairs", [])]
            gone = [k for _, k, _ in pairs]
            if len(set(gone)) != len(gone) or set(gone) & {i for i, _, _ in pairs} or \
                    not all(0 <= i < width and 0 <= k < width for i, k, _ in pairs):
                raise ValueError(f"{where}: a neuron is merged twice, into a merged one, or out of range")
            for i, k, c in pairs:
                if c <= 0 or dense.row(l, k) != [c * v for v in dense.row(l, i)]:
                    raise ValueError(f"{where}: neuron {k}'s row is not {c} times neuron {i}'s (with c > 0)")
            for later in dense.A[l:]:
                for r in later.get(l, []):
                    for i, k, c in pairs:
                        r[i] += c * r[k]
            dense.delete(l, set(gone))
        elif kind == "unused":
            gone = list(step.get("neurons", []))
            for j in gone:
                if not 0 <= j < width or not dense.columns_zero(l, j):
                    raise ValueError(f"{where}: neuron {j} sends something")
            dense.delete(l, set(gone))
        elif kind == "drop":
            if width != 0:
                raise ValueError(f"{where}: the layer still has {width} neurons")
            del dense.A[l - 1], dense.c[l - 1], dense.widths[l]
            dense.A = [{(s if s < l else s - 1): M for s, M in layer.items() if s != l} for layer in dense.A]
        elif kind == "normalize":
            factors = [Fraction(v) for v in step.get("factors", [])]
            order = [int(j) for j in step.get("order", [])]
            if len(factors) != width or any(v <= 0 for v in factors) or sorted(order) != list(range(width)):
                raise ValueError(f"{where}: needs {width} positive factors and a permutation")
            dense.A[l - 1] = {s: [[v * f for v in M[j]] for j, f in enumerate(factors)] for s, M in
                              dense.A[l - 1].items()}
            dense.c[l - 1] = [v * f for v, f in zip(dense.c[l - 1], factors)]
            for later in dense.A[l:]:
                if l in later:
                    later[l] = [[v / f for v, f in zip(r, factors)] for r in later[l]]
            dense.A[l - 1] = {s: [M[j] for j in order] for s, M in dense.A[l - 1].items()}
            dense.c[l - 1] = [dense.c[l - 1][j] for j in order]
            for later in dense.A[l:]:
                if l in later:
                    later[l] = [[r[j] for j in order] for r in later[l]]
        else:
            raise ValueError(f"{where}: unknown kind of step")
    return dense


def _check_reduction(a: Any, b: Any, chains: Any, domain: Sequence[Row]) -> Verdict:
    """Both chains apply, each step justified on the domain, and end in the same dense network."""
    if not isinstance(chains, dict) or not all(isinstance(chains.get(k), list) for k in "ab"):
        return Verdict(False, "a reduction certificate needs the chains 'a' and 'b'")
    box = _box_of(domain, int(a.input_dim)) if domain else None
    try:
        ends = [_replay(net, chains[side], box).final() for net, side in ((a, "a"), (b, "b"))]
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        return Verdict(False, f"the reduction does not hold: {error}")
    if ends[0] != ends[1]:
        return Verdict(False, "the two reductions end in different networks")
    left = sum(ends[0][0][1:-1])
    return Verdict(True, f"both reductions hold on the domain and end in the same network ({left} hidden neurons)")


def check_distance_bound(a: Any, b: Any, cells: Sequence[tuple[Any, Any, Sequence[Any]]], bound: Any,
                         domain: Any, plane: Any = None) -> Verdict:
    """``max |f_a - f_b| <= bound`` on all of ``domain``: the listed cells cover it and obey the bound on each.

    ``cells`` are ``(pattern_a, pattern_b, interior point)`` as in an exhaustive certificate; the
    check is :func:`_check_regions` with an exact LP per cell, output and sign instead of equal maps.

    Parameters
    ----------
    a, b
        The networks.
    cells
        The cells claimed to cover ``domain``.
    bound
        The claimed maximum of ``||f_a - f_b||_inf``.
    domain
        The bounded polytope (an :class:`exact.Polyhedron`).
    plane
        For a flat domain, the slice ``(origin, directions)`` spanning it: the cells are then the
        restricted networks' cells, in the slice's coordinates (no cells for a one-point domain).

    Returns
    -------
    Verdict
        Valid when the cells cover the domain and the bound holds on each.

    References
    ----------
    ``MATH.md`` sections 4 and 7 (certificates and the exact distance).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> cells = [((), ((1, 0),), (Fraction(1, 2),)), ((), ((0, 1),), (-1,))]     # x >= 0 and x <= 0
    >>> box = Polyhedron.box([-2], [1])                                  # |x - |x|| is 4 at x = -2
    >>> [bool(check_distance_bound(identity, absolute, cells, bound, box)) for bound in (4, 3)]
    [True, False]
    """
    if plane is None:
        return _check_regions(a, b, cells, _rows_of(domain), Fraction(bound))
    restricted = _on_slice(a, b, plane, _rows_of(domain))
    if isinstance(restricted, Verdict):
        return restricted
    if not plane[1]:
        x = [Fraction(v) for v in plane[0]]
        zero = [Fraction(0)] * len(x)
        gap = max(abs(p - q) for p, q in zip(_forward(_Net(a), x, zero)[1], _forward(_Net(b), x, zero)[1]))
        if gap > Fraction(bound):
            return Verdict(False, f"|f_a - f_b| = {gap} at the domain's one point exceeds {bound}")
        return Verdict(True, f"the domain is one point, where |f_a - f_b| = {gap} <= {bound}")
    sliced_a, sliced_b, pulled = restricted
    inner = _check_regions(sliced_a, sliced_b, cells, pulled, Fraction(bound))
    return Verdict(inner.valid, f"on the slice of dimension {len(plane[1])} spanning the domain: {inner.reason}")


def _ppl_dimension(rows: Sequence[Row], n: int) -> int:
    """The dimension of ``{x in Q^n : a . x <= b}`` (PPL), ``-1`` when empty."""
    cs = _constraints(rows)
    poly = ppl.C_Polyhedron(n, "universe")
    poly.add_constraints(cs)
    return -1 if poly.is_empty() else int(poly.affine_dimension())


def _restricted(net: Any, origin: Sequence[Fraction], columns: Sequence[Sequence[Fraction]]) -> Any:
    """``y -> net(origin + D y)`` (``D`` given by its rows): the input's weights times ``D``, constants folded.

    Layer 1 gets ``W1 D`` and ``b1 + W1 origin``; a skip from the input into layer ``t`` gets ``P D``,
    and ``W_t P origin`` joins layer ``t``'s bias (a skip adds ``P x`` to the input of ``W_t``).
    """
    layers, skips = _params(net)
    k = len(columns[0])

    def times_d(M: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
        return [[sum((m * columns[i][j] for i, m in enumerate(row)), Fraction(0)) for j in range(k)] for row in M]

    def apply(M: Sequence[Sequence[Fraction]], v: Sequence[Fraction]) -> list[Fraction]:
        return [sum((m * x for m, x in zip(row, v)), Fraction(0)) for row in M]

    weights = [list(W) for W, _ in layers]
    biases = [list(bias) for _, bias in layers]
    biases[0] = [c + v for c, v in zip(biases[0], apply(weights[0], origin))]
    weights[0] = times_d(weights[0])
    new_skips = []
    for source, target, P in skips:
        if source == 0:
            shift = apply(layers[target - 1][0], apply(P, origin))
            biases[target - 1] = [c + v for c, v in zip(biases[target - 1], shift)]
            new_skips.append(SimpleNamespace(source=0, target=target, weight=times_d(P)))
        else:
            new_skips.append(SimpleNamespace(source=source, target=target, weight=P))
    return SimpleNamespace(input_dim=k, output_relu=bool(net.output_relu), skips=new_skips,
                           layers=[SimpleNamespace(weight=W, bias=bias) for W, bias in zip(weights, biases)])


def _on_slice(a: Any, b: Any, plane: Any, rows: Sequence[Row]) -> Verdict | tuple[Any, Any, list[Row]]:
    """The networks restricted to a slice ``x = origin + D y`` spanning the domain, and the domain's preimage.

    A failed :class:`Verdict` when the slice does not span the domain (given as ``rows``).

    The slice spans the domain when ``D`` has independent columns and the domain and its preimage
    both have dimension ``k`` (PPL): a convex set meeting an affine ``k``-plane in dimension ``k``
    lies in it. With ``k = 0`` the domain is the point ``origin``: it must lie in the domain, and
    the networks are returned as they are, with no rows.
    """
    n = a.input_dim
    origin = [Fraction(v) for v in plane[0]]
    directions = [[Fraction(v) for v in d] for d in plane[1]]
    if not rows:
        return Verdict(False, "a slice needs the domain it spans")
    if len(origin) != n or any(len(d) != n for d in directions):
        return Verdict(False, f"the slice's origin and directions must have {n} coordinates")
    k = len(directions)
    if k and _rank(directions) != k:
        return Verdict(False, "the slice's directions are not linearly independent")
    if _ppl_dimension(rows, n) != k:
        return Verdict(False, f"the domain does not have the slice's dimension {k}")
    if not k:
        if any(sum((c * v for c, v in zip(row, origin)), Fraction(0)) > rhs for row, rhs in rows):
            return Verdict(False, "the point lies outside the domain")
        return a, b, []
    columns = [[d[i] for d in directions] for i in range(n)]
    pulled = [(tuple(sum((c * v for c, v in zip(row, d)), Fraction(0)) for d in directions),
               rhs - sum((c * v for c, v in zip(row, origin)), Fraction(0))) for row, rhs in rows]
    if _ppl_dimension(pulled, k) != k:
        return Verdict(False, "the slice does not contain the domain")
    return _restricted(a, origin, columns), _restricted(b, origin, columns), pulled


def _check_on_slice(a: Any, b: Any, result: Any) -> Verdict:
    """An answer on a flat domain: the slice spans the domain's affine hull, then the answer on the slice."""
    restricted = _on_slice(a, b, result.slice, _domain_rows(result))
    if isinstance(restricted, Verdict):
        return restricted
    k = len(result.slice[1])
    if result.method == "point":
        if k:
            return Verdict(False, "a point answer has no directions")
        zero = [Fraction(0)] * a.input_dim
        origin = [Fraction(v) for v in result.slice[0]]
        if _forward(_Net(a), origin, zero)[1] != _forward(_Net(b), origin, zero)[1]:
            return Verdict(False, "the networks differ at the domain's one point")
        return Verdict(True, "the domain is one point, and both networks agree there")
    if not k:
        return Verdict(False, f"a {result.method} answer on a slice needs directions")
    sliced_a, sliced_b, pulled = restricted
    hull = SimpleNamespace(A=[r for r, _ in pulled], b=[c for _, c in pulled], E=[], f=[])
    inner = check_answer(sliced_a, sliced_b, replace(result, slice=None, domain=hull))
    return Verdict(inner.valid, f"on the slice of dimension {k} spanning the domain: {inner.reason}")


def check_answer(a: Any, b: Any, result: Any) -> Verdict:
    """Re-check an :class:`~fibers.equivalence.EquivalenceResult` for ``a`` and ``b`` independently.

    Bottleneck certificates (translations and flips under their preconditions, and layers 2-3
    compared on the orthant) are re-applied here too, with this module's own arithmetic.

    Parameters
    ----------
    a, b
        The networks (only their parameters are read).
    result
        An answer: a witness, or a certificate of any method (its ``domain`` included).

    Returns
    -------
    Verdict
        Whether the answer holds, with the reason or the first thing that failed.

    References
    ----------
    ``MATH.md`` section 4 (equivalence on the joint regions); ``004`` section 6 (symmetries).

    Examples
    --------
    >>> from exact import Network
    >>> from fibers.result import EquivalenceResult
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> check_answer(identity, absolute, EquivalenceResult(False, "probe", (Fraction(-1),))).reason
    'the networks differ at the witness'
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
    if getattr(result, "slice", None) is not None:
        return _check_on_slice(a, b, result)
    if result.method == "point":
        return Verdict(False, "a point answer needs the domain's point (its slice)")
    if result.method == "bottleneck":
        return _check_bottleneck(a, b, result.steps, result.orthant)
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
    if result.method == "reduction":
        return _check_reduction(a, b, getattr(result, "reduction", None), _domain_rows(result))
    return _check_regions(a, b, result.regions, _domain_rows(result))

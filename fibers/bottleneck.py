"""The polynomial-time equivalence decider for three-layer bottleneck networks (``004`` section 6).

For ``f(x) = W3 ReLU(W2 ReLU(W1 x + b1) + b2) + b3`` with ``n1 <= n0`` and ``W1`` of rank ``n1``,
the first layer maps onto the orthant, so the decider follows the three cases of ``004``'s
proof of Theorem 5 and builds, from ``a``, a chain of symmetries ending at ``b``:

1. nothing hidden: match the first-layer rows ``[W1 | b1]`` up to permutation and positive scaling;
2. hyperplane ``i`` hidden, ``n2 >= 2``: match the other rows, the hidden row's weights up to
   scaling, and read the translation ``t`` off the biases (it must be admissible);
3. ``n2 = 1``: normalise, read the flip set ``S`` off the orientations of the matched rows,
   flip, then as in case 2.

With the first layers equal, the second layer is matched up to permutation and scaling; if that
is not enough (dead or linear neurons), the maps of layers 2-3 on the orthant are compared by
their hyperplane representations (``orthant`` step of the certificate).

Every answer carries its evidence. "Equivalent" carries the chain (re-checked by applying it,
preconditions included). "Not equivalent" carries a rational witness, searched exactly on lines
aimed at the structure that failed to match (a first-layer hyperplane, a hyperplane of the
orthant map, the region where the first layer is off) and then on random lines. When the theory
predicts a difference but no witness is found (a non-generic pair), or the pair is equivalent
in a way the chain cannot express, :func:`decide_bottleneck` raises
:class:`~exact.errors.PreconditionError`; ``method="auto"`` then falls back to the exhaustive decider.

Examples
--------
>>> from exact import Network
>>> a = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 1]], [1, -2]), ([[1, -1]], [0])])
>>> b = apply_steps(a, [Permutation(1, (1, 0)), Scaling(2, (Fraction(3), Fraction(1, 2)))])
>>> result = decide_bottleneck(a, b)
>>> result.equivalent, result.steps, result.orthant
(True, [Permutation(layer=1, order=(1, 0)), Scaling(layer=2, factors=(Fraction(3, 1), Fraction(1, 2)))], False)
>>> c = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 1]], [1, -2]), ([[1, -2]], [0])])
>>> result = decide_bottleneck(a, c)
>>> result.equivalent, a.evaluate(result.witness) != c.evaluate(result.witness)
(False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from exact import linalg
from exact.errors import PreconditionError
from exact.network import Network
from exact.numbers import Matrix, Vector
from exact.polyhedron import Polyhedron
from fibers.orthant import compare_on_orthant, orthant_map_of
from fibers.result import EquivalenceResult
from fibers.symmetries import (
    Flip,
    Permutation,
    Scaling,
    Step,
    Translation,
    admissible_translations,
    apply_step,
    apply_steps,
    hidden_index,
    normalize_for_flip,
)
from fibers.witness import search_witness

__all__ = ["bottleneck_precondition", "decide_bottleneck", "check_bottleneck_certificate", "RANDOM_LINES"]

#: Random lines tried after the targeted ones when looking for a witness.
RANDOM_LINES = 8


def bottleneck_precondition(a: Network, b: Network | None = None) -> str | None:
    """Why the bottleneck decider does not apply to ``a`` (and ``b``), or ``None`` when it does.

    Parameters
    ----------
    a
        A network.
    b
        A second network, for a pair (its architecture must match ``a``'s).

    Returns
    -------
    str or None
        The first reason the decider does not apply (not three layers, skips, an output ReLU,
        ``n1 > n0``, ``W1`` not of full rank, different architectures), or ``None``.

    See Also
    --------
    decide_bottleneck : the decider these are the preconditions of.

    References
    ----------
    ``004`` section 6 and Theorem 5.

    Examples
    --------
    >>> bottleneck_precondition(Network(1, [([[1], [2]], [0, 0]), ([[1, 1]], [0]), ([[1]], [0])]))
    'a is not a bottleneck (n1 = 2 > n0 = 1)'
    """
    for name, net in (("a", a), ("b", b)):
        if net is None:
            continue
        if net.depth != 3 or net.skips or net.output_relu:
            return f"{name} is not a three-layer network without skips or output ReLU ({net!r})"
        n0, n1 = net.widths[0], net.widths[1]
        if n1 > n0:
            return f"{name} is not a bottleneck (n1 = {n1} > n0 = {n0})"
        if linalg.rank(net.layers[0].weight) != n1:
            return f"{name}: W1 has rank below n1 = {n1}, so the first layer is not onto the orthant"
    if b is not None and a.widths != b.widths:
        return f"architectures differ ({a.widths} and {b.widths})"
    return None


def _key(row: Sequence[Fraction]) -> tuple[Vector, Fraction]:
    """``(row / |lead|, |lead|)``: the class of ``row`` under positive scaling and its size."""
    lead = abs(next((v for v in row if v != 0), Fraction(1)))
    return tuple(v / lead for v in row), lead


def _match(rows_a: Sequence[Vector], rows_b: Sequence[Vector]) -> tuple[tuple[int, ...], tuple[Fraction, ...]] | None:
    """``(order, factors)`` with ``factors[j] * rows_a[order[j]] = rows_b[j]``, or ``None``."""
    pool: dict[Vector, list[tuple[int, Fraction]]] = {}
    for i, row in enumerate(rows_a):
        k, size = _key(row)
        pool.setdefault(k, []).append((i, size))
    order, factors = [], []
    for row in rows_b:
        k, size = _key(row)
        if not pool.get(k):
            return None
        i, size_a = pool[k].pop()
        order.append(i)
        factors.append(size / size_a)
    return tuple(order), tuple(factors)


def _rows(weight: Matrix, bias: Vector) -> list[Vector]:
    return [tuple(r) + (v,) for r, v in zip(weight, bias)]


def _hyperplane_lines(rows: Sequence[Vector], n0: int) -> list[tuple[Vector, Vector]]:
    """Lines crossing each hyperplane ``w.x + beta = 0`` along its normal, at two points of it."""
    lines = []
    for row in rows:
        w, beta = row[:n0], row[n0]
        norm = linalg.dot(w, w)
        if norm == 0:
            continue
        for q in (tuple(Fraction(0) for _ in range(n0)), tuple(Fraction(j + 1, 3) for j in range(n0))):
            shift = (linalg.dot(w, q) + beta) / norm
            lines.append((tuple(qj - shift * wj for qj, wj in zip(q, w)), tuple(w)))
    return lines


def _preimage(W1: Matrix, b1: Vector, z: Vector) -> Vector:
    x = linalg.solve(W1, tuple(zj - bj for zj, bj in zip(z, b1)))
    assert x is not None  # W1 has full row rank
    return x


def _off_region_lines(net: Network) -> list[tuple[Vector, Vector]]:
    """Lines through the point where every first-layer pre-activation is ``-1``."""
    W1, b1 = net.layers[0].weight, net.layers[0].bias
    x0 = _preimage(W1, b1, tuple(Fraction(-1) for _ in b1))
    n0 = net.input_dim
    return [(x0, tuple(Fraction(int(i == k)) for i in range(n0))) for k in range(n0)]


class _Builder:
    """The chain under construction, the network it has reached, and the lines to search on failure."""

    def __init__(self, a: Network, b: Network) -> None:
        self.a, self.b, self.cur = a, b, a
        self.steps: list[Step] = []
        self.lines: list[tuple[Vector, Vector]] = []

    def apply(self, step: Step) -> None:
        if isinstance(step, Permutation) and step.order == tuple(range(len(step.order))):
            return
        if isinstance(step, Scaling) and all(c == 1 for c in step.factors):
            return
        self.cur = apply_step(self.cur, step)
        self.steps.append(step)

    def fail(self, reason: str) -> EquivalenceResult:
        x = search_witness(self.a, self.b, self.lines, random_lines=RANDOM_LINES)
        if x is None:
            raise PreconditionError(f"bottleneck: cannot certify: {reason}, and no witness was found on "
                                    f"{len(self.lines) + RANDOM_LINES} lines (non-generic or equivalent through "
                                    "dead or linear neurons)")
        return EquivalenceResult(False, "bottleneck", x, self.a.evaluate(x), self.b.evaluate(x), note=reason)


def decide_bottleneck(a: Network, b: Network) -> EquivalenceResult:
    """Decide ``f_a = f_b`` for three-layer bottleneck networks in polynomial time, with evidence.

    Parameters
    ----------
    a, b
        Three-layer bottleneck networks of one architecture (:func:`bottleneck_precondition`).

    Returns
    -------
    EquivalenceResult
        ``equivalent`` with a chain of symmetries (and ``orthant`` when layers 2-3 agree on the
        orthant without a chain), or a witness found exactly on lines aimed at what failed to match.

    Raises
    ------
    PreconditionError
        When the decider does not apply (see :func:`bottleneck_precondition`) or cannot certify its answer.

    See Also
    --------
    fibers.equivalence.decide_equivalence : tries this first when it applies.
    fibers.verify.check_answer : re-checks the chain with its own arithmetic.

    Notes
    -----
    Polynomial in the number of parameters (``004`` section 6). The first-layer hyperplanes are
    matched up to positive scaling through their normalised rows (a dictionary lookup each), the
    hidden index and flip set are read off the signs of ``[W2 | b2]``, and the second layers are
    compared on the orthant by their hyperplane representations; no region of either network is
    enumerated.

    References
    ----------
    ``004`` section 6 (the polynomial-time decider).
    """
    reason = bottleneck_precondition(a, b)
    if reason is not None:
        raise PreconditionError(f"bottleneck: {reason}")
    n0, n1 = a.widths[0], a.widths[1]
    build = _Builder(a, b)
    rows_b = _rows(b.layers[0].weight, b.layers[0].bias)
    ia, ib = hidden_index(a), hidden_index(b)
    build.lines += _hyperplane_lines(_rows(a.layers[0].weight, a.layers[0].bias) + rows_b, n0)
    rows_a = _rows(a.layers[0].weight, a.layers[0].bias)
    b_hides = ib is not None
    if (ia is None) != (ib is None):
        if ia is None:  # only b hides: search from b's side and swap the witness
            swapped = decide_bottleneck(b, a)
            if swapped.equivalent or swapped.witness is None:
                raise PreconditionError("bottleneck: cannot certify: b hides a hyperplane, a does not, yet b maps "
                                        "to a")
            w = swapped.witness
            return EquivalenceResult(False, "bottleneck", w, a.evaluate(w), b.evaluate(w), note=swapped.note)
        build.lines += _off_region_lines(a) + _off_region_lines(b)
        match = _match(rows_a, rows_b)
        if match is not None:  # equal first layers: the orthant comparison says where the maps differ
            build.apply(Permutation(1, match[0]))
            build.apply(Scaling(1, match[1]))
            return _finish(build)
        # a's hidden hyperplane may be translated: the row of b with its direction plays the hidden one
        direction = _key(rows_a[ia][:n0])[0]
        ib = next((j for j, row in enumerate(rows_b) if _key(row[:n0])[0] == direction), None)
        if ib is None:
            return build.fail("a hides a first-layer hyperplane, b does not, and their first layers differ")
    if ia is None:
        match = _match(rows_a, rows_b)
        if match is None:
            return build.fail("the first-layer hyperplanes differ")
        build.apply(Permutation(1, match[0]))
        build.apply(Scaling(1, match[1]))
        return _finish(build)
    assert ib is not None
    build.lines += _off_region_lines(a) + _off_region_lines(b)
    if a.widths[2] == 1 and b_hides:
        normalized, scaling = normalize_for_flip(a, ia)
        build.apply(scaling)
        subset = _flip_set(normalized, ia, rows_b, ib, n0)
        if subset is None:
            return build.fail("the visible first-layer hyperplanes differ")
        build.apply(Flip(ia, subset))
    cur_rows = _rows(build.cur.layers[0].weight, build.cur.layers[0].bias)
    visible_a = [j for j in range(n1) if j != ia]
    visible_b = [j for j in range(n1) if j != ib]
    match = _match([cur_rows[j] for j in visible_a], [rows_b[j] for j in visible_b])
    hidden = _match([cur_rows[ia][:n0]], [rows_b[ib][:n0]])
    if match is None or hidden is None:
        return build.fail("the first-layer hyperplanes other than the hidden one differ, or the hidden "
                          "one's direction differs")
    order, factors = [0] * n1, [Fraction(0)] * n1
    for pos, (src, c) in zip(visible_b, zip(*match)):
        order[pos], factors[pos] = visible_a[src], c
    order[ib], factors[ib] = ia, hidden[1][0]
    build.apply(Permutation(1, tuple(order)))
    build.apply(Scaling(1, tuple(factors)))
    t = b.layers[0].bias[ib] - build.cur.layers[0].bias[ib]
    if t != 0:
        least = admissible_translations(build.cur, ib)
        if t < least:
            return build.fail(f"the hidden hyperplane is translated by t = {t}, outside the admissible "
                              f"half-line t >= {least}")
        build.apply(Translation(ib, t))
    return _finish(build)


def _flip_set(normalized: Network, ia: int, rows_b: Sequence[Vector], ib: int, n0: int) -> tuple[int, ...] | None:
    """The ``S`` whose rows appear negated in ``b`` (read off orientations), or ``None`` if a row has no match."""
    keys_b = {_key(row)[0] for j, row in enumerate(rows_b) if j != ib}
    rows = _rows(normalized.layers[0].weight, normalized.layers[0].bias)
    subset = []
    for j, row in enumerate(rows):
        if j == ia:
            continue
        if _key(row)[0] in keys_b:
            continue
        if _key(tuple(-v for v in row))[0] in keys_b:
            subset.append(j)
        else:
            return None
    return tuple(subset)


def _finish(build: _Builder) -> EquivalenceResult:
    """First layers are equal: match the second layer, or compare the orthant maps."""
    b = build.b
    assert build.cur.layers[0] == b.layers[0]
    match = _match(_rows(build.cur.layers[1].weight, build.cur.layers[1].bias),
                   _rows(b.layers[1].weight, b.layers[1].bias))
    if match is not None:  # kept even when the rest differs: they do not change the orthant map
        build.apply(Permutation(2, match[0]))
        build.apply(Scaling(2, match[1]))
        if build.cur == b:
            return EquivalenceResult(True, "bottleneck", steps=build.steps)
    cur = build.cur
    comparison = compare_on_orthant(orthant_map_of(cur), orthant_map_of(b))
    if comparison.equal:
        return EquivalenceResult(True, "bottleneck", steps=build.steps, orthant=True)
    W1, b1 = b.layers[0].weight, b.layers[0].bias
    n0 = b.input_dim
    if comparison.hyperplane is not None:
        hp = comparison.hyperplane
        normal, offset = hp[:-1], hp[-1]
        on_plane = _plane_in_orthant(normal, offset)
        z0 = on_plane.interior_point()
        direction = linalg.solve(W1, normal)
        assert direction is not None
        build.lines.append((_preimage(W1, b1, z0), direction))
    x_ref = _preimage(W1, b1, comparison.reference)
    build.lines += [(x_ref, tuple(Fraction(int(i == k)) for i in range(n0))) for k in range(n0)]
    where = "a hyperplane of the second layer carries different weights" if comparison.hyperplane is not None \
        else "the affine maps of layers 2-3 differ on a region of the orthant"
    return build.fail(where)


def _plane_in_orthant(normal: Vector, offset: Fraction) -> Polyhedron:
    """``{z >= 0 : normal.z + offset = 0}``."""
    m = len(normal)
    A = [[Fraction(-1 if i == j else 0) for i in range(m)] for j in range(m)]
    return Polyhedron(m, A, [Fraction(0)] * m, [list(normal)], [-offset])


def check_bottleneck_certificate(a: Network, b: Network, steps: Sequence[Step], orthant: bool) -> bool:
    """Apply the chain to ``a`` (each step's precondition re-checked) and compare with ``b``.

    Without ``orthant`` the parameters must be equal. With it, the first layers must be equal and
    onto the orthant (bottleneck, full rank), and layers 2-3 equal on the orthant by their hyperplane
    representations recomputed here.

    Parameters
    ----------
    a, b
        The networks.
    steps
        The chain of permutations, scalings, translations and flips.
    orthant
        Whether the chain ends with layers 2-3 compared on the orthant.

    Returns
    -------
    bool
        Whether the chain, each precondition re-checked, maps ``a`` to ``b``.

    References
    ----------
    ``004`` section 6 and Theorem 5.

    Examples
    --------
    >>> from fibers.symmetries import translate
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1], [1, -3]], [-1, -2]), ([[1, 1]], [0])])
    >>> moved = translate(net, 0, 2)
    >>> [check_bottleneck_certificate(net, moved, [Translation(0, Fraction(t))], False) for t in (2, 3)]
    [True, False]
    """
    try:
        cur = apply_steps(a, steps)
    except (PreconditionError, ValueError):
        return False
    if not orthant:
        return cur == b
    if bottleneck_precondition(cur, b) is not None or cur.layers[0] != b.layers[0]:
        return False
    return compare_on_orthant(orthant_map_of(cur), orthant_map_of(b)).equal

"""Canonical reduction of a network on a domain: a sound normal form, and equivalence by equal forms.

A network is rewritten, step by step, into a smaller one computing the same function on a
polytope ``D``; two networks whose reductions end in the same form are equivalent on ``D``, and
the two chains of steps are the certificate (:func:`fibers.verify.check_answer` re-applies and
re-justifies every step with its own arithmetic). The rewriting works on the *dense form* of a
network: hidden layer ``l`` computes ``z_l = sum_{s < l} A_{l,s} nu_s + b_l`` from the input
``nu_0 = x`` and every earlier layer, so that a neuron's contribution can be moved anywhere.

The steps, in this order:

1. ``stable`` (on ``D``, per hidden layer in increasing order): a neuron whose pre-activation is
   ``<= 0`` on ``D`` is removed (it outputs 0); one whose pre-activation is ``>= 0`` on ``D`` is
   linear there and is folded into the later layers (``A_{t,s} += A_{t,l}[:, j] A_{l,s}[j, :]``).
   Stability is decided by :func:`preactivation_bounds`, exact symbolic interval bounds, on the
   domain's box or (``pieces``) on every box of a bisection of it.
2. ``merge``: neurons of one layer whose incoming rows (all blocks and the bias) are positively
   proportional, ``row_k = c row_j`` with ``c > 0``, compute ``relu(z_k) = c relu(z_j)``: ``k`` is
   removed and ``c`` times its outgoing column is added to ``j``'s.
3. ``unused`` (last hidden layer first): neurons whose outgoing columns are all zero are removed.
4. ``drop``: hidden layers left without neurons are removed.
5. ``normalize``: per layer, each neuron is scaled so that the first non-zero entry of its incoming
   row is ``+-1``, then the neurons are sorted by incoming row (unique after merging).

What it finds: any two networks that become equal after removing neurons stable on ``D`` (as far
as the bounds see), merging split neurons, removing unused ones, permuting and positively
scaling. What it cannot find: neurons stable on ``D`` whose bounds are too loose to show it (deep
layers of wide boxes), cancellations between neurons that are not proportional (``relu(z) -
relu(-z) = z``, a linear piece built from two neurons), and neurons that could sit in an earlier
layer. For those the exhaustive decider remains (:func:`fibers.equivalence.decide_equivalence`).
``004`` (identifiability) shows that for generic parameters of its architectures the fiber is the
orbit of permutations and scalings, which step 5 normalises: on ``R^n`` the reduction is then complete.

References
----------
``004`` section 3 (the fiber of generic parameters); Singh et al., "An abstract domain for
certifying neural networks" (POPL 2019), for the symbolic bounds of step 1.

Examples
--------
>>> from exact import Network, Polyhedron
>>> a = Network(1, [([[1], [1]], [0, -5]), ([[1, 7]], [0])])        # relu(x) + 7 relu(x - 5)
>>> b = Network(1, [([[2]], [0]), ([[Fraction(1, 2)]], [0])])         # relu(2x) / 2
>>> form_a, steps_a = reduce_network(a, Polyhedron.box([-1], [1]))
>>> form_b, steps_b = reduce_network(b, Polyhedron.box([-1], [1]))
>>> form_a == form_b, [s["kind"] for s in steps_a], [s["kind"] for s in steps_b]
(True, ['stable'], ['normalize'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

from exact.network import Network
from exact.numbers import format_rational

__all__ = ["Form", "bisect_box", "dense_form", "preactivation_bounds", "reduce_network", "SLOPE_BITS"]

#: upper relaxation slopes are rounded up to multiples of 2^-SLOPE_BITS (keeps the rationals short)
SLOPE_BITS = 30


def _q(v: Any) -> flint.fmpq:
    v = Fraction(v)
    return flint.fmpq(v.numerator, v.denominator)


def _frac(v: flint.fmpq) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _matrix(rows: list[list[Any]], cols: int) -> flint.fmpq_mat:
    return flint.fmpq_mat(len(rows), cols, [_q(v) for row in rows for v in row])


def _rows(m: flint.fmpq_mat) -> list[list[flint.fmpq]]:
    c = m.ncols()
    flat = m.entries()
    return [list(flat[i * c:(i + 1) * c]) for i in range(m.nrows())]


def _select(m: flint.fmpq_mat, rows: list[int] | None = None, cols: list[int] | None = None) -> flint.fmpq_mat:
    r = _rows(m)
    rows = list(range(m.nrows())) if rows is None else rows
    cols = list(range(m.ncols())) if cols is None else cols
    return flint.fmpq_mat(len(rows), len(cols), [r[i][j] for i in rows for j in cols])


@dataclass
class Form:
    """A network in dense form: layer ``l`` (1-based) is ``blocks[l-1][s] = A_{l,s}`` and ``bias[l-1]``.

    Blocks are :class:`flint.fmpq_mat`; a missing block is zero. The last layer is the output
    (with a ReLU when ``output_relu``); all others are hidden ReLU layers.

    See Also
    --------
    dense_form : a network's form.
    reduce_network : its normal form on a domain.

    References
    ----------
    ``MATH.md`` section 7 (the canonical reduction of a network on a domain).
    """

    input_dim: int
    widths: list[int]
    blocks: list[dict[int, flint.fmpq_mat]]
    bias: list[list[flint.fmpq]]
    output_relu: bool

    @property
    def depth(self) -> int:
        return len(self.bias)

    def block(self, l: int, s: int) -> flint.fmpq_mat:
        """The block ``A_{l,s}`` from layer ``s`` into layer ``l``.

        Parameters
        ----------
        l
            A layer.
        s
            An earlier layer.

        Returns
        -------
        fmpq_mat
            ``A_{l,s}`` (zero when absent).

        See Also
        --------
        incoming
        """
        return self.blocks[l - 1].get(s, flint.fmpq_mat(self.widths[l], self.widths[s]))

    def key(self) -> tuple[Any, ...]:
        """Everything that defines the form, zero blocks left out (equal keys: equal forms).

        Returns
        -------
        tuple
            The key.

        See Also
        --------
        Form.__eq__
        """
        blocks = tuple(tuple(sorted((s, tuple(m.entries())) for s, m in layer.items() if any(m.entries())))
                       for layer in self.blocks)
        return (self.input_dim, tuple(self.widths), blocks, tuple(tuple(b) for b in self.bias), self.output_relu)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Form) and self.key() == other.key()

    def __repr__(self) -> str:
        return f"Form(widths={self.widths}, output_relu={self.output_relu})"

    def incoming(self, l: int, j: int) -> tuple[flint.fmpq, ...]:
        """Neuron ``j``'s row over every block ``s = 0 .. l-1``, then its bias.

        Parameters
        ----------
        l
            A hidden layer.
        j
            A neuron.

        Returns
        -------
        tuple of fmpq
            The row.

        See Also
        --------
        outgoing_zero
        """
        parts: list[flint.fmpq] = []
        for s in range(l):
            m = self.blocks[l - 1].get(s)
            parts.extend(_rows(m)[j] if m is not None else [flint.fmpq(0)] * self.widths[s])
        return tuple(parts) + (self.bias[l - 1][j],)

    def outgoing_zero(self, l: int, j: int) -> bool:
        """Whether neuron ``j`` of layer ``l`` sends nothing to any later layer.

        Parameters
        ----------
        l
            A hidden layer.
        j
            A neuron.

        Returns
        -------
        bool
            Whether every later layer gives it weight 0.

        See Also
        --------
        incoming
        """
        return all(all(row[j] == 0 for row in _rows(layer[l])) for layer in self.blocks[l:] if l in layer)

    def remove(self, l: int, gone: set[int]) -> None:
        """Delete neurons ``gone`` of hidden layer ``l`` (their rows and their outgoing columns).

        Parameters
        ----------
        l
            A hidden layer.
        gone
            Neuron indices.

        Returns
        -------
        None

        See Also
        --------
        incoming
        """
        keep = [j for j in range(self.widths[l]) if j not in gone]
        self.blocks[l - 1] = {s: _select(m, rows=keep) for s, m in self.blocks[l - 1].items()}
        self.bias[l - 1] = [self.bias[l - 1][j] for j in keep]
        for layer in self.blocks[l:]:
            if l in layer:
                layer[l] = _select(layer[l], cols=keep)
        self.widths[l] = len(keep)


def dense_form(net: Network) -> Form:
    """``net`` in dense form: ``A_{l,l-1} = W_l`` and ``A_{l,s} = W_l P`` for a skip ``P nu_s`` into layer ``l``.

    Parameters
    ----------
    net
        Any network.

    Returns
    -------
    Form
        Its blocks ``A_{l,s}`` (python-flint matrices) and biases; the form computes ``net``'s function.

    References
    ----------
    ``MATH.md`` section 7 (the canonical reduction of a network on a domain).

    Examples
    --------
    >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])], [(0, 2, [[3], [0]])])   # |x| + 3x
    >>> form = dense_form(net)
    >>> form.widths, sorted(form.blocks[1]), form.blocks[1][0].entries()     # layer 2 reads x directly
    ([1, 2, 1], [0, 1], [3])
    """
    widths = list(net.widths)
    blocks: list[dict[int, flint.fmpq_mat]] = []
    bias = []
    for l, layer in enumerate(net.layers, start=1):
        W = _matrix([list(r) for r in layer.weight], widths[l - 1])
        entry = {l - 1: W}
        for s in net.skips:
            if s.target == l:
                P = _matrix([list(r) for r in net.skip_weight(s)], widths[s.source])
                entry[s.source] = entry[s.source] + W * P if s.source in entry else W * P
        blocks.append(entry)
        bias.append([_q(v) for v in layer.bias])
    return Form(net.input_dim, widths, blocks, bias, bool(net.output_relu))


def _relaxation(lo: flint.fmpq, hi: flint.fmpq) -> tuple[flint.fmpq, flint.fmpq, flint.fmpq]:
    """``(lower slope, upper slope, upper intercept)`` with ``lam z <= relu(z) <= up z + m`` on ``[lo, hi]``.

    Unstable neurons: ``up = hi / (hi - lo)`` rounded up to a multiple of ``2^-SLOPE_BITS``
    (any ``up >= hi / (hi - lo)`` with ``m = -up lo`` bounds relu from above on ``[lo, hi]``), and
    ``lam = 1`` when ``hi > -lo``, else ``0``.
    """
    zero, one = flint.fmpq(0), flint.fmpq(1)
    if lo >= 0:
        return one, one, zero
    if hi <= 0:
        return zero, zero, zero
    scale = 1 << SLOPE_BITS
    exact = _frac(hi) / _frac(hi - lo)
    up = flint.fmpq(-((-exact.numerator * scale) // exact.denominator), scale)
    return (one if hi > -lo else zero), up, -up * lo


def _interval_step(form: Form, l: int, lo_x: list[flint.fmpq], hi_x: list[flint.fmpq],
                   found: list[tuple[list[flint.fmpq], list[flint.fmpq]]]) -> tuple[list[flint.fmpq], list[flint.fmpq]]:
    """Interval bounds of ``z_l`` from the input box and the earlier layers' bounds (ReLU applied)."""
    zero = flint.fmpq(0)
    lo, hi = list(form.bias[l - 1]), list(form.bias[l - 1])
    for s, block in form.blocks[l - 1].items():
        if s == 0:
            below, above = lo_x, hi_x
        else:
            below = [v if v > 0 else zero for v in found[s - 1][0]]
            above = [v if v > 0 else zero for v in found[s - 1][1]]
        for i, row in enumerate(_rows(block)):
            for v, p, q in zip(row, below, above):
                if v > 0:
                    lo[i] += v * p
                    hi[i] += v * q
                elif v < 0:
                    lo[i] += v * q
                    hi[i] += v * p
    return lo, hi


def preactivation_bounds(form: Form, lo_x: list[Fraction], hi_x: list[Fraction]
                         ) -> list[tuple[list[flint.fmpq], list[flint.fmpq]]]:
    """Exact bounds ``lo <= z_l <= hi`` of every hidden pre-activation on the box ``[lo_x, hi_x]``.

    Symbolic interval bounds (DeepPoly): ``z_l`` is written over the earlier layers, each ReLU
    replaced by its linear relaxation (:func:`_relaxation`, from the bounds already found), until
    only the input remains, which the box bounds; each bound is then intersected with plain interval
    arithmetic from the earlier layers' bounds. Every number is exact; the bounds are sound.

    Parameters
    ----------
    form
        A network in dense form (:func:`dense_form`).
    lo_x, hi_x
        The box's corners.

    Returns
    -------
    list of (lo, hi)
        Per hidden layer, the lower and upper bounds of its neurons (python-flint rationals).

    References
    ----------
    G. Singh et al., "An abstract domain for certifying neural networks", POPL 2019 (DeepPoly).

    Examples
    --------
    >>> net = Network(1, [([[1], [1]], [2, 2]), ([[1, -1]], [0]), ([[1]], [0])])   # relu(x+2) - relu(x+2)
    >>> [(list(map(str, lo)), list(map(str, hi))) for lo, hi in preactivation_bounds(dense_form(net), [-1], [1])]
    [(['1', '1'], ['3', '3']), (['0'], ['0'])]
    """
    lo_q, hi_q = [_q(v) for v in lo_x], [_q(v) for v in hi_x]
    relax: dict[int, tuple[list[flint.fmpq], list[flint.fmpq], list[flint.fmpq]]] = {}
    result: list[tuple[list[flint.fmpq], list[flint.fmpq]]] = []
    for l in range(1, form.depth):
        sides = []
        for sign in (1, -1):
            coef = {s: m * sign for s, m in form.blocks[l - 1].items()}
            const = [b * sign for b in form.bias[l - 1]]
            for s in range(l - 1, 0, -1):
                if s not in coef:
                    continue
                lam, up, mu = relax[s]
                rows = _rows(coef.pop(s))
                relaxed = [[v * (up[j] if v > 0 else lam[j]) for j, v in enumerate(row)] for row in rows]
                const = [c + sum((v * mu[j] for j, v in enumerate(row) if v > 0), flint.fmpq(0))
                         for c, row in zip(const, rows)]
                M = flint.fmpq_mat(len(rows), form.widths[s], [v for row in relaxed for v in row])
                const = [c + sum((v * b for v, b in zip(row, form.bias[s - 1])), flint.fmpq(0))
                         for c, row in zip(const, relaxed)]
                for r, A in form.blocks[s - 1].items():
                    coef[r] = coef[r] + M * A if r in coef else M * A
            bound = []
            rows0 = _rows(coef[0]) if 0 in coef else [[] for _ in const]
            for c, row in zip(const, rows0):
                bound.append(c + sum((v * (hi_q[k] if v > 0 else lo_q[k]) for k, v in enumerate(row)),
                                     flint.fmpq(0)))
            sides.append(bound)
        hi, lo = sides[0], [-v for v in sides[1]]
        box_lo, box_hi = _interval_step(form, l, lo_q, hi_q, result)
        hi = [min(u, v) for u, v in zip(hi, box_hi)]
        lo = [max(u, v) for u, v in zip(lo, box_lo)]
        relaxations = [_relaxation(a, b) for a, b in zip(lo, hi)]
        relax[l] = ([r[0] for r in relaxations], [r[1] for r in relaxations], [r[2] for r in relaxations])
        result.append((lo, hi))
    return result


def _fold(form: Form, l: int, active: list[int]) -> None:
    """Make the always-active neurons ``active`` of layer ``l`` linear: add them into every later layer."""
    if not active:
        return
    sources = {s: _select(m, rows=active) for s, m in form.blocks[l - 1].items()}
    bias = [form.bias[l - 1][j] for j in active]
    for t in range(l + 1, form.depth + 1):
        layer = form.blocks[t - 1]
        if l not in layer:
            continue
        C = _select(layer[l], cols=active)
        for s, A in sources.items():
            layer[s] = layer[s] + C * A if s in layer else C * A
        form.bias[t - 1] = [b + sum((c * v for c, v in zip(row, bias)), flint.fmpq(0))
                            for b, row in zip(form.bias[t - 1], _rows(C))]


def _lead(row: tuple[flint.fmpq, ...]) -> flint.fmpq | None:
    for v in row:
        if v != 0:
            return abs(v)
    return None


def _merge(form: Form, l: int) -> list[list[Any]]:
    """Merge positively proportional neurons of layer ``l``; the pairs ``[into, from, factor]``."""
    seen: dict[tuple[flint.fmpq, ...], tuple[int, flint.fmpq]] = {}
    pairs: list[tuple[int, int, flint.fmpq]] = []
    for j in range(form.widths[l]):
        row = form.incoming(l, j)
        lead = _lead(row)
        if lead is None:
            continue
        key = tuple(v / lead for v in row)
        if key in seen:
            into, lead_into = seen[key]
            pairs.append((into, j, lead / lead_into))
        else:
            seen[key] = (j, lead)
    if not pairs:
        return []
    for layer in form.blocks[l:]:
        if l not in layer:
            continue
        columns = _rows(layer[l])
        for column_row in columns:
            for into, k, c in pairs:
                column_row[into] += c * column_row[k]
        layer[l] = flint.fmpq_mat(len(columns), form.widths[l], [v for r in columns for v in r])
    form.remove(l, {k for _, k, _ in pairs})
    return [[into, k, format_rational(_frac(c))] for into, k, c in pairs]


def _drop_layer(form: Form, l: int) -> None:
    """Remove the empty hidden layer ``l`` and renumber the later ones."""
    del form.blocks[l - 1], form.bias[l - 1], form.widths[l]
    form.blocks = [{(s if s < l else s - 1): m for s, m in layer.items() if s != l} for layer in form.blocks]


def _normalize(form: Form, l: int) -> tuple[list[Fraction], list[int]]:
    """Scale each neuron of layer ``l`` to a leading ``+-1`` and sort the neurons by incoming row."""
    factors = []
    for j in range(form.widths[l]):
        lead = _lead(form.incoming(l, j))
        factors.append(1 / lead if lead is not None else flint.fmpq(1))
    _scale(form, l, factors)
    keys = [(form.incoming(l, j), j) for j in range(form.widths[l])]
    order = [j for _, j in sorted(keys)]
    _permute(form, l, order)
    return [_frac(f) for f in factors], order


def _scale(form: Form, l: int, factors: list[flint.fmpq]) -> None:
    layer = form.blocks[l - 1]
    for s, m in list(layer.items()):
        rows = _rows(m)
        layer[s] = flint.fmpq_mat(len(rows), m.ncols(), [v * c for row, c in zip(rows, factors) for v in row])
    form.bias[l - 1] = [b * c for b, c in zip(form.bias[l - 1], factors)]
    for later in form.blocks[l:]:
        if l in later:
            rows = _rows(later[l])
            later[l] = flint.fmpq_mat(len(rows), len(factors), [v / c for row in rows for v, c in zip(row, factors)])


def _permute(form: Form, l: int, order: list[int]) -> None:
    form.blocks[l - 1] = {s: _select(m, rows=order) for s, m in form.blocks[l - 1].items()}
    form.bias[l - 1] = [form.bias[l - 1][j] for j in order]
    for later in form.blocks[l:]:
        if l in later:
            later[l] = _select(later[l], cols=order)


def domain_box(domain: Any) -> tuple[list[Fraction], list[Fraction]] | None:
    """The tightest box around a polytope (exact LPs, one per coordinate and side); ``None`` when unbounded."""
    n = domain.dim
    lo, hi = [], []
    for i in range(n):
        e = [Fraction(int(k == i)) for k in range(n)]
        top = domain.maximize(e)
        bottom = domain.maximize([-v for v in e])
        if top.status != "optimal" or bottom.status != "optimal":
            return None
        hi.append(Fraction(top.value))
        lo.append(-Fraction(bottom.value))
    return lo, hi


class _Steps(list):  # type: ignore[type-arg]
    """The chain of steps; ``on_step(step, form)`` sees the form after each one."""

    def __init__(self, form: Form, on_step: Callable[[dict[str, Any], Form], None] | None):
        super().__init__()
        self.form, self.on_step = form, on_step

    def append(self, step: dict[str, Any]) -> None:
        super().append(step)
        if self.on_step is not None:
            self.on_step(step, self.form)


def bisect_box(lo: list[Fraction], hi: list[Fraction], pieces: int) -> list[tuple[list[Fraction], list[Fraction]]]:
    """The box ``[lo, hi]`` cut into ``pieces`` boxes by halving, widest side (relative to the box) first.

    Parameters
    ----------
    lo, hi
        The box's corners.
    pieces
        How many boxes (at least 1).

    Returns
    -------
    list of (lo, hi)
        Boxes with disjoint interiors whose union is the box.

    Examples
    --------
    >>> [(list(map(str, a)), list(map(str, b))) for a, b in bisect_box([0, 0], [2, 1], 2)]
    [(['0', '0'], ['1', '1']), (['1', '0'], ['2', '1'])]
    """
    lo, hi = [Fraction(v) for v in lo], [Fraction(v) for v in hi]
    width = [h - l for l, h in zip(lo, hi)]
    boxes = [(lo, hi)]
    while len(boxes) < pieces:
        a, b = boxes.pop(0)
        i = max(range(len(a)), key=lambda k: (b[k] - a[k]) / width[k] if width[k] else -1)
        middle = (a[i] + b[i]) / 2
        boxes.append((a, b[:i] + [middle] + b[i + 1:]))
        boxes.append((a[:i] + [middle] + a[i + 1:], b))
    return boxes


def reduce_network(net: Network, domain: Any = None,
                   on_step: Callable[[dict[str, Any], Form], None] | None = None,
                   pieces: int = 1) -> tuple[Form, list[dict[str, Any]]]:
    """The normal form of ``net`` on ``domain`` (an :class:`exact.Polyhedron`, or ``None`` for ``R^n``).

    On an unbounded domain no neuron is shown stable and step 1 is skipped.

    Parameters
    ----------
    net
        Any network (skips and an output ReLU included).
    domain
        The polytope the form must agree with ``net`` on; its bounding box bounds the neurons.
    on_step
        Called as ``on_step(step, form)`` after each step.
    pieces
        With ``pieces > 1`` the domain's box is cut into that many boxes (:func:`bisect_box`) and
        a neuron is stable when its bounds show it on every piece: tighter bounds for more work;
        the stability steps then record the pieces (``"boxes"``).

    Returns
    -------
    (Form, list of dict)
        The normal form and the steps reaching it, as JSON-ready dictionaries (see the module
        text); equal forms of two networks prove them equal on ``domain``.

    See Also
    --------
    fibers.equivalence.decide_by_reduction : equivalence from equal forms.

    Notes
    -----
    One pass, polynomial in the size. The bounds cost, per box, one back-substitution per layer
    through the layers below it: ``O(L n P)`` rational operations for ``L`` layers, widest layer
    ``n`` and ``P`` weights. Merging compares each layer's normalised rows through a dictionary;
    removing and normalising are linear in ``P``.

    References
    ----------
    ``004`` section 3; Singh et al., POPL 2019 (the bounds of step 1).

    Examples
    --------
    >>> from exact import Polyhedron
    >>> net = Network(1, [([[1], [1]], [0, -5]), ([[1, 7]], [0])])        # relu(x) + 7 relu(x - 5)
    >>> form, steps = reduce_network(net, Polyhedron.box([-1], [1]))
    >>> [(s["kind"], s["dead"]) for s in steps], form.widths                  # x - 5 < 0 on [-1, 1]
    ([('stable', [1])], [1, 1, 1])
    """
    form = dense_form(net)
    steps = _Steps(form, on_step)
    hidden = form.depth - 1
    box = domain_box(domain) if domain is not None else None
    if box is not None:
        boxes = bisect_box(*box, pieces) if pieces > 1 else [box]
        per_box = [preactivation_bounds(form, lo_x, hi_x) for lo_x, hi_x in boxes]
        for l in range(1, hidden + 1):
            dead = [j for j in range(form.widths[l]) if all(b[l - 1][1][j] <= 0 for b in per_box)]
            active = [j for j in range(form.widths[l]) if j not in dead and all(b[l - 1][0][j] >= 0 for b in per_box)]
            if dead or active:
                _fold(form, l, active)
                form.remove(l, set(dead) | set(active))
                step: dict[str, Any] = {"kind": "stable", "layer": l, "dead": dead, "active": active}
                if pieces > 1:
                    step["boxes"] = [[[format_rational(v) for v in a], [format_rational(v) for v in b]]
                                     for a, b in boxes]
                steps.append(step)
    for l in range(1, hidden + 1):
        pairs = _merge(form, l)
        if pairs:
            steps.append({"kind": "merge", "layer": l, "pairs": pairs})
    for l in range(hidden, 0, -1):
        unused = [j for j in range(form.widths[l]) if form.outgoing_zero(l, j)]
        if unused:
            form.remove(l, set(unused))
            steps.append({"kind": "unused", "layer": l, "neurons": unused})
    for l in range(hidden, 0, -1):
        if form.widths[l] == 0:
            _drop_layer(form, l)
            steps.append({"kind": "drop", "layer": l})
    for l in range(1, form.depth):
        factors, order = _normalize(form, l)
        if any(f != 1 for f in factors) or order != sorted(order):
            steps.append({"kind": "normalize", "layer": l, "factors": [format_rational(f) for f in factors],
                          "order": order})
    return form, list(steps)


def neuron_count(form: Form) -> int:
    """The hidden neurons left in a form."""
    return sum(form.widths[1:form.depth])


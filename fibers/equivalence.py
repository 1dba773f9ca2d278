"""The exact equivalence decider for any two networks (``MATH.md`` section 4), with its verifier.

Two networks with the same input and output dimensions are joined into one network
computing ``f_a(x) - f_b(x)`` whose ReLU neurons are those of both (the shallower one is
padded with identity layers on its nonnegative hidden values; an output ReLU becomes a
hidden layer followed by an identity output). Every region of the joint network is a cell
on which both networks are affine: they are equivalent iff the difference map vanishes on
every region. "Not equivalent" carries a rational witness ``x`` with ``f_a(x) != f_b(x)``;
"equivalent" carries the list of cells (each network's own pattern on the cell and an
interior point), or, when the
two networks are related by permuting and positively scaling hidden neurons (tried
first, in ``auto``), that chain of symmetries. :func:`verify_certificate` re-checks an
answer with :func:`fibers.verify.check_answer`, which shares no code with the deciders.

Examples
--------
>>> from exact import Network
>>> identity = Network(1, [([[1]], [0])])                                   # x
>>> folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])          # relu(x) - relu(-x)
>>> result = decide_equivalence(identity, folded)
>>> result.equivalent, bool(verify_certificate(identity, folded, result))
(True, True)
>>> other = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])            # |x|
>>> result = decide_equivalence(identity, other)
>>> result.equivalent, result.witness, identity.evaluate(result.witness), other.evaluate(result.witness)
(False, (Fraction(-1, 1),), (Fraction(-1, 1),), (Fraction(1, 1),))
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exact import linalg
from exact.errors import PreconditionError, ShapeError
from exact.network import Layer, Network, Pattern, Skip
from exact.numbers import Matrix, Vector
from fibers.verify import Verdict, check_answer

__all__ = ["EquivalenceResult", "Undecided", "joint_network", "decide_equivalence", "decide_by_reduction",
           "probe_witness", "verify_certificate"]


class Undecided(RuntimeError):
    """The time budget ran out before the exhaustive decider finished: no verdict (never a guess)."""

    def __init__(self, cells: int, budget: float):
        super().__init__(f"undecided after {cells} cells (budget {budget:g} s)")
        self.cells = cells
        self.budget = budget


@dataclass(repr=False)
class EquivalenceResult:
    """``equivalent`` with its certificate, or ``witness`` (and both outputs there).

    The certificate is ``regions`` (exhaustive: one ``(pattern_a, pattern_b, interior point)`` per
    cell on which both networks are affine)
    or ``steps`` (``symmetries``: permutations and positive scalings taking ``a`` to ``b``;
    bottleneck: the chain of symmetries from ``a`` to ``b``, with ``orthant`` set when
    layers 2-3 are equal on the orthant without being related by a chain). ``note`` says why the
    answer came out as it did (a fallback of ``auto``, the mismatch the bottleneck decider found).

    The region certificate is plain data on purpose: :mod:`fibers.verify` re-derives everything
    from the patterns and points without the toolkit's region code. :meth:`cells` gives the same
    cells as :class:`tropical.regions.Region` objects of :func:`joint_network` (maps, inequalities,
    volumes on demand).
    """

    equivalent: bool
    method: str
    witness: Vector | None = None
    output_a: Vector | None = None
    output_b: Vector | None = None
    regions: list[tuple[Pattern, Pattern, Vector]] = field(default_factory=list)
    steps: list[Any] = field(default_factory=list)
    orthant: bool = False
    note: str = ""
    #: the polytope the answer is about (``None``: all of ``R^n``)
    domain: Any = None
    #: method ``reduction``: ``{"a": steps, "b": steps}``, the chains of :func:`fibers.reduction.reduce_network`
    reduction: dict[str, list[dict[str, Any]]] | None = None

    def domain_rows(self) -> list[tuple[tuple[Fraction, ...], Fraction]]:
        """The domain as rows ``a . x <= b`` (equalities as two rows; none for ``R^n``)."""
        if self.domain is None:
            return []
        rows = [(tuple(a), b) for a, b in zip(self.domain.A, self.domain.b)]
        for e, f in zip(self.domain.E, self.domain.f):
            rows += [(tuple(e), f), (tuple(-v for v in e), -f)]
        return rows

    def __repr__(self) -> str:
        """One line: the answer, the method and the size of the evidence (``to_json`` has all of it).

        >>> EquivalenceResult(True, "symmetries", note="identical parameters")
        EquivalenceResult(equivalent, symmetries: 0 steps; identical parameters)
        """
        if not self.equivalent:
            point = ", ".join(str(v) for v in self.witness or ())
            shown = point if len(point) <= 60 else point[:57] + "..."
            return f"EquivalenceResult(not equivalent, {self.method}: witness x = ({shown}))"
        size = f"{len(self.steps)} steps" if self.method in ("bottleneck", "symmetries") else \
            f"{sum(len(v) for v in self.reduction.values())} reduction steps" if self.reduction is not None else \
            f"{len(self.regions)} cells"
        note = f"; {self.note}" if self.note else ""
        return f"EquivalenceResult(equivalent, {self.method}: {size}{note})"

    def cells(self, a: Network, b: Network) -> list[Any]:
        """The certificate's cells as regions of ``joint_network(a, b)`` (on which ``f_a - f_b`` is affine).

        Examples
        --------
        >>> identity = Network(1, [([[1]], [0])])
        >>> folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])      # relu(x) - relu(-x)
        >>> [(c.interior_point, c.affine_map.weight) for c in decide_equivalence(identity, folded, "exhaustive")
        ...  .cells(identity, folded)]                                           # f_a - f_b = 0 on both
        [((Fraction(1, 1),), ((Fraction(0, 1),),)), ((Fraction(-1, 1),), ((Fraction(0, 1),),))]
        """
        from tropical.regions import Region

        joint = joint_network(a, b)
        return [Region(joint, joint.pattern(x), interior_point=x) for _, _, x in self.regions]

    def _repr_html_(self) -> str:
        from exact.display import html_table

        rows: list[tuple[str, object]] = [("answer", "equivalent" if self.equivalent else "not equivalent"),
                                          ("method", self.method)]
        if self.equivalent:
            rows.append(("evidence", f"{len(self.steps)} symmetry steps" if self.method in ("bottleneck", "symmetries")
                         else f"{len(self.regions)} cells"))
        else:
            rows += [("witness", ", ".join(str(v) for v in self.witness or ())),
                     ("f_a(x)", ", ".join(str(v) for v in self.output_a or ())),
                     ("f_b(x)", ", ".join(str(v) for v in self.output_b or ()))]
        if self.note:
            rows.append(("note", self.note))
        return html_table("EquivalenceResult", rows)

    def to_json(self) -> dict[str, Any]:
        from exact.network import format_pattern
        from exact.numbers import format_rational

        domain = {} if self.domain is None else {"domain": {"dim": self.domain.dim, "inequalities": [
            {"a": [format_rational(v) for v in a], "b": format_rational(b)} for a, b in self.domain_rows()]}}
        if not self.equivalent:
            assert self.witness is not None and self.output_a is not None and self.output_b is not None
            return {"equivalent": False, "witness": {
                "x": [format_rational(v) for v in self.witness],
                "a": [format_rational(v) for v in self.output_a],
                "b": [format_rational(v) for v in self.output_b]}, **domain}
        if self.method in ("bottleneck", "symmetries"):
            from fibers.symmetries import step_to_json

            certificate: dict[str, Any] = {"method": self.method, "steps": [step_to_json(s) for s in self.steps]}
            if self.method == "bottleneck":
                certificate["orthant"] = self.orthant
            return {"equivalent": True, "certificate": certificate, **domain}
        if self.method == "reduction":
            assert self.reduction is not None
            return {"equivalent": True, "certificate": {"method": "reduction", **self.reduction}, **domain}
        return {"equivalent": True, "certificate": {
            "method": self.method,
            "regions": [{"pattern_a": format_pattern(pa), "pattern_b": format_pattern(pb),
                         "interior_point": [format_rational(v) for v in x]} for pa, pb, x in self.regions]},
            **domain}


def _affine_output(net: Network) -> Network:
    """The same function with an affine output layer (an output ReLU becomes hidden, then identity)."""
    if not net.output_relu:
        return net
    m = net.output_dim
    return Network(net.input_dim, list(net.layers) + [Layer(linalg.identity(m), tuple(Fraction(0) for _ in range(m)))],
                   net.skips)


def _with_hidden(net: Network) -> Network:
    """The same function with at least one hidden layer (``x = relu(x) - relu(-x)``)."""
    if net.depth >= 2:
        return net
    n = net.input_dim
    eye = linalg.identity(n)
    first = Layer(eye + tuple(tuple(-v for v in row) for row in eye), tuple(Fraction(0) for _ in range(2 * n)))
    W = net.layers[0].weight
    last = Layer(tuple(tuple(row) + tuple(-v for v in row) for row in W), net.layers[0].bias)
    return Network(n, [first, last])


def _padded(net: Network, depth: int) -> Network:
    """The same function with ``depth`` layers: identity layers inserted before the output.

    They act on the last hidden layer's post-activations, which are nonnegative, so the
    ReLU is the identity there; skips into the output keep pointing at the (moved) output.
    """
    extra = depth - net.depth
    if extra <= 0:
        return net
    width = net.widths[-2]
    hidden = list(net.layers[:-1]) + [Layer(linalg.identity(width), tuple(Fraction(0) for _ in range(width)))
                                      for _ in range(extra)]
    skips = [Skip(s.source, s.target + extra if s.target == net.depth else s.target, s.weight) for s in net.skips]
    out = net.layers[-1]
    # skips into the old last hidden-to-output path stay valid: targets below the output are unchanged
    return Network(net.input_dim, hidden + [out], skips)


def joint_network(a: Network, b: Network) -> Network:
    """A network computing ``f_a - f_b`` whose ReLU neurons are both networks' (side by side).

    Raises
    ------
    ShapeError
        When the input or output dimensions differ.

    Examples
    --------
    >>> from exact import Network
    >>> a, b = Network(1, [([[2]], [1])]), Network(1, [([[1]], [0]), ([[1]], [0])])   # 2x + 1 and relu(x)
    >>> joint = joint_network(a, b)
    >>> [joint.evaluate([x]) for x in (-1, 3)]     # (2x + 1) - relu(x)
    [(Fraction(-1, 1),), (Fraction(4, 1),)]
    """
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        raise ShapeError(f"networks: dimensions {a.input_dim}->{a.output_dim} and {b.input_dim}->{b.output_dim} "
                         "differ")
    a2, b2 = _with_hidden(_affine_output(a)), _with_hidden(_affine_output(b))
    depth = max(a2.depth, b2.depth)
    a2, b2 = _padded(a2, depth), _padded(b2, depth)
    layers = []
    for l in range(1, depth + 1):
        la, lb = a2.layers[l - 1], b2.layers[l - 1]
        if l == 1:
            weight: Matrix = la.weight + lb.weight
            bias = la.bias + lb.bias
        elif l < depth:
            weight = _block(la.weight, lb.weight)
            bias = la.bias + lb.bias
        else:
            weight = tuple(tuple(ra) + tuple(-v for v in rb) for ra, rb in zip(la.weight, lb.weight))
            bias = tuple(x - y for x, y in zip(la.bias, lb.bias))
        layers.append(Layer(weight, bias))
    skips: dict[tuple[int, int], Matrix] = {}
    for net, side in ((a2, 0), (b2, 1)):
        for s in net.skips:
            P = net.skip_weight(s)
            key = (s.source, s.target)
            rows_a, rows_b = a2.widths[s.target - 1], b2.widths[s.target - 1]
            if s.source == 0:
                cols = [P[i] for i in range(len(P))]
                block = (tuple(cols) + linalg.zeros(rows_b, a2.input_dim)) if side == 0 else (
                    linalg.zeros(rows_a, a2.input_dim) + tuple(cols))
            else:
                ca, cb = a2.widths[s.source], b2.widths[s.source]
                block = _block(P, linalg.zeros(rows_b, cb)) if side == 0 else _block(linalg.zeros(rows_a, ca), P)
            skips[key] = linalg.add(skips[key], block) if key in skips else block
    return Network(a.input_dim, layers, [Skip(k, l, P) for (k, l), P in skips.items()])


def _block(A: Matrix, B: Matrix) -> Matrix:
    ca = len(A[0]) if A else 0
    cb = len(B[0]) if B else 0
    return tuple(tuple(r) + tuple(Fraction(0) for _ in range(cb)) for r in A) + tuple(
        tuple(Fraction(0) for _ in range(ca)) + tuple(r) for r in B)


def _witness(region: Any, amap: Any) -> Vector:
    """A point of the region's interior where the (non-zero) difference map is non-zero."""
    p = region.interior_point
    if any(v != 0 for v in amap(p)):
        return tuple(p)
    row = next(r for r in amap.weight if any(r))
    step = Fraction(1)
    for a, b in region.constraints:  # stay strictly inside: a.(p + t row) < b
        slope = linalg.dot(a, row)
        if slope > 0:
            room = (b - linalg.dot(a, p)) / slope
            step = min(step, room / 2)
    return tuple(x + step * r for x, r in zip(p, row))


METHODS = ("auto", "bottleneck", "complex", "exhaustive", "reduction")


def _probe_points(n: int, domain: Any) -> list[Vector]:
    """Points to try before any search, all in the domain.

    An interior point, the maximisers of ``+-x_i`` (``i <= 8``), and 32 fixed random convex
    combinations of them.
    """
    axes = [tuple(Fraction(v if k == i else 0) for k in range(n)) for i in range(min(n, 8)) for v in (1, -1)]
    if domain is None:
        return [tuple(Fraction(0) for _ in range(n))] + axes
    points = [domain.interior_point()]
    for c in axes:
        found = domain.maximize(c, certify=False)
        if found.status == "optimal" and found.point is not None:
            points.append(tuple(found.point))
    rng = random.Random(0)              # and 32 fixed random convex combinations of those (inside the domain)
    corners = list(points)
    for _ in range(32):
        weights = [Fraction(rng.randint(1, 64)) for _ in corners]
        total = sum(weights)
        points.append(tuple(sum((w * p[i] for w, p in zip(weights, corners)), Fraction(0)) / total
                            for i in range(n)))
    return points


def probe_witness(a: Network, b: Network, domain: Any = None) -> EquivalenceResult | None:
    """A witness among a few points of the domain (:func:`_probe_points`), or ``None``.

    Pruned or rounded copies of a network differ almost everywhere, so this answers them at once.

    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> probe_witness(identity, absolute).witness
    (Fraction(-1, 1),)
    """
    for x in _probe_points(a.input_dim, domain):
        fa, fb = a.evaluate(x), b.evaluate(x)
        if fa != fb:
            return EquivalenceResult(False, "probe", x, fa, fb, domain=domain)
    return None


def decide_by_reduction(a: Network, b: Network, domain: Any = None) -> EquivalenceResult | None:
    """Equivalence on ``domain`` from equal normal forms (:func:`fibers.reduction.reduce_network`), or ``None``.

    >>> from exact import Polyhedron
    >>> a = Network(1, [([[1], [1]], [0, -5]), ([[1, 7]], [0])])        # relu(x) + 7 relu(x - 5)
    >>> b = Network(1, [([[2]], [0]), ([[Fraction(1, 2)]], [0])])         # relu(2x) / 2
    >>> decide_by_reduction(a, b, Polyhedron.box([-1], [1]))
    EquivalenceResult(equivalent, reduction: 2 reduction steps; equal normal forms (1 hidden neurons left))
    >>> decide_by_reduction(a, b, Polyhedron.box([-1], [6])) is None     # x = 6 tells them apart
    True
    """
    from fibers.reduction import reduce_network

    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        return None
    form_a, steps_a = reduce_network(a, domain)
    form_b, steps_b = reduce_network(b, domain)
    if form_a != form_b:
        return None
    return EquivalenceResult(True, "reduction", reduction={"a": steps_a, "b": steps_b}, domain=domain,
                             note=f"equal normal forms ({sum(form_a.widths[1:-1])} hidden neurons left)")


def decide_equivalence(a: Network, b: Network, method: str = "auto",
                       progress: Callable[[int], None] | None = None, domain: Any = None,
                       budget: float | None = None) -> EquivalenceResult:
    """Decide ``f_a = f_b`` on all of ``R^n`` (or on the polytope ``domain``) exactly, with a certificate or a witness.

    With a ``domain`` (a full-dimensional :class:`exact.Polyhedron`) the witness lies in it, the
    exhaustive certificate lists the joint cells of the domain only, and the result records the
    domain (``to_json`` writes it; the verifier checks against it). Symmetry chains hold on
    every domain; the bottleneck decider is for ``R^n`` only and is skipped.

    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> from exact import Polyhedron
    >>> decide_equivalence(identity, absolute, domain=Polyhedron.box([0], [2])).equivalent   # x = |x| for x >= 0
    True
    >>> decide_equivalence(identity, absolute, domain=Polyhedron.box([-1], [2])).witness      # inside [-1, 2]
    (Fraction(-1, 1),)

    ``"auto"`` first tries the cheap exact paths: identical parameters, a chain of
    permutations and positive scalings of hidden neurons (:func:`fibers.symmetries.related`),
    a few points of the domain (:func:`probe_witness`), then equal normal forms
    (``"reduction"``, :func:`decide_by_reduction`: stable neurons removed or folded, split neurons
    merged, unused ones removed; it raises when the forms differ).
    ``"exhaustive"`` enumerates the regions of the joint network (any two networks with the same
    input and output dimensions). ``"bottleneck"`` is the polynomial-time decider of ``004``
    section 6 (:func:`fibers.bottleneck.decide_bottleneck`). ``"auto"`` tries the bottleneck decider
    when it applies and falls back to the exhaustive one when it does not or cannot certify
    (the reason is kept in ``note``). ``"complex"`` is the exhaustive decider on the joint
    network's polyhedral complex (the fast engine, degenerate or not) on a bounded domain: faster
    over all cells, but it builds the whole complex before it can show a witness, where the
    region tree of ``"exhaustive"`` (``auto``'s search) may stop at its first region. ``progress``
    is called once per joint region the exhaustive deciders check; after ``budget`` seconds they
    stop with :class:`Undecided`.

    Raises
    ------
    ShapeError
        For different input or output dimensions.
    PreconditionError
        For an unknown method, ``"bottleneck"`` on networks it does not apply to or cannot certify,
        or ``"reduction"`` when the normal forms differ.
    Undecided
        When the exhaustive decider is still searching after ``budget`` seconds.
    """
    deadline = None if budget is None else time.monotonic() + budget
    if method not in METHODS:
        raise PreconditionError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        raise ShapeError(f"networks: dimensions {a.input_dim}->{a.output_dim} and {b.input_dim}->{b.output_dim} "
                         "differ")
    from fibers.bottleneck import bottleneck_precondition, decide_bottleneck

    if domain is not None:
        from tropical.regions import check_domain

        domain = check_domain(a, domain)
    note = ""
    if method == "bottleneck":
        if domain is not None:
            raise PreconditionError("bottleneck: decides on all of R^n only (no domain)")
        return decide_bottleneck(a, b)
    if method == "reduction":
        reduced = decide_by_reduction(a, b, domain)
        if reduced is None:
            raise PreconditionError("reduction: the normal forms differ, which proves nothing; use exhaustive")
        return reduced
    if method == "auto":
        from fibers.symmetries import related

        if a == b:
            return EquivalenceResult(True, "symmetries", note="identical parameters", domain=domain)
        chain = related(a, b)
        if chain is not None:
            return EquivalenceResult(True, "symmetries", steps=chain,
                                     note="related by permuting and scaling hidden neurons", domain=domain)
        found = probe_witness(a, b, domain)
        if found is not None:
            return found
        reduced = decide_by_reduction(a, b, domain)
        if reduced is not None:
            return reduced
        reason = bottleneck_precondition(a, b) if domain is None else "a domain is given"
        if reason is None:
            try:
                return decide_bottleneck(a, b)
            except PreconditionError as error:
                note = f"fell back to exhaustive: {error}"
        else:
            note = f"exhaustive: the bottleneck decider does not apply ({reason})"
    if method == "complex":
        if domain is None or not _bounded(domain):
            raise PreconditionError("complex: needs a bounded domain (--box, --domain or --vnnlib)")
        result = _decide_on_complex(a, b, domain, progress, deadline, budget)
    else:
        result = _decide_exhaustive(a, b, progress, domain, deadline, budget)
    result.note = note
    return result


def _decide_exhaustive(a: Network, b: Network, progress: Callable[[int], None] | None = None,
                       domain: Any = None, deadline: float | None = None,
                       budget: float | None = None) -> EquivalenceResult:
    from tropical.enumeration import regions

    joint = joint_network(a, b)
    cells: dict[tuple[Pattern, Pattern], Vector] = {}
    for count, region in enumerate(regions(joint, domain, progress=progress)):
        if deadline is not None and time.monotonic() > deadline:
            raise Undecided(count, budget or 0.0)
        amap = region.affine_map
        if any(any(r) for r in amap.weight) or any(amap.bias):
            x = _witness(region, amap)     # strictly inside the region, so inside the domain
            return EquivalenceResult(False, "exhaustive", x, a.evaluate(x), b.evaluate(x), domain=domain)
        x = region.interior_point
        cells.setdefault((a.pattern(x), b.pattern(x)), x)   # a joint region lies in one cell of each network
    return EquivalenceResult(True, "exhaustive", regions=[(pa, pb, x) for (pa, pb), x in cells.items()],
                             domain=domain)


def _bounded(domain: Any) -> bool:
    n = domain.dim
    return all(domain.maximize([Fraction(s * int(k == i)) for k in range(n)], certify=False).status == "optimal"
               for i in range(n) for s in (1, -1))


def _decide_on_complex(a: Network, b: Network, domain: Any, progress: Callable[[int], None] | None,
                       deadline: float | None, budget: float | None) -> EquivalenceResult:
    """The exhaustive decider on the joint network's polyhedral complex (:func:`tropical.complex.polyhedral_complex`).

    Each top-dimensional cell is a region of the joint network; its centroid (exact, strictly
    inside) gives both patterns and the difference map there. The certificate has the same form as
    the region tree's. The complex is built under the budget too (an alarm interrupts it, main
    thread only).
    """
    import signal
    import threading

    from tropical.complex import polyhedral_complex
    from tropical.regions import Region

    joint = joint_network(a, b)
    alarm = deadline is not None and threading.current_thread() is threading.main_thread() \
        and hasattr(signal, "setitimer")
    if alarm:
        def stop(signum: int, frame: Any) -> None:
            raise Undecided(0, budget or 0.0)

        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-3))  # type: ignore[operator]
    try:
        cx = polyhedral_complex(joint, domain)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    cells: dict[tuple[Pattern, Pattern], Vector] = {}
    for count, face in enumerate(cx.faces(cx.dim)):
        if deadline is not None and time.monotonic() > deadline:
            raise Undecided(count, budget or 0.0)
        x = cx.face_point(face)
        region = Region(joint, joint.pattern(x), interior_point=x, domain=domain)
        amap = region.affine_map
        if any(any(r) for r in amap.weight) or any(amap.bias):
            w = _witness(region, amap)
            return EquivalenceResult(False, "complex", w, a.evaluate(w), b.evaluate(w), domain=domain)
        cells.setdefault((a.pattern(x), b.pattern(x)), x)
        if progress is not None:
            progress(1)
    return EquivalenceResult(True, "complex", regions=[(pa, pb, x) for (pa, pb), x in cells.items()], domain=domain)


def verify_certificate(a: Network, b: Network, result: EquivalenceResult) -> Verdict:
    """Re-check an answer without trusting the decider: :func:`fibers.verify.check_answer`.

    Returns a :class:`~fibers.verify.Verdict`, true when the answer is valid, with the reason.
    """
    return check_answer(a, b, result)

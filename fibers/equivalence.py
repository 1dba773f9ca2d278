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
from fractions import Fraction
from typing import Any

from exact import linalg
from exact.errors import PreconditionError, ShapeError
from exact.network import Network, Pattern
from exact.numbers import Vector
from exact.polyhedron import Polyhedron
from fibers.bottleneck import bottleneck_precondition, decide_bottleneck
from fibers.joint import hull_point, joint_network, on_hull
from fibers.reduction import reduce_network
from fibers.result import EquivalenceResult, Undecided
from fibers.symmetries import related
from fibers.verify import Verdict, check_answer
from tropical.complex import polyhedral_complex
from tropical.enumeration import regions
from tropical.regions import Region, check_domain

__all__ = ["EquivalenceResult", "Undecided", "joint_network", "decide_equivalence", "decide_by_reduction",
           "probe_witness", "verify_certificate"]


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

    Parameters
    ----------
    a, b
        Networks with the same input and output dimensions.
    domain
        An :class:`exact.Polyhedron`, or ``None`` for ``R^n`` (then the origin and ``+-e_i``).

    Returns
    -------
    EquivalenceResult or None
        A "not equivalent" answer with the first point where the outputs differ; ``None`` proves
        nothing.

    See Also
    --------
    decide_equivalence : the full decider, which tries this first.

    References
    ----------
    ``MATH.md`` section 4 (equivalence on the joint regions, witnesses and certificates).

    Examples
    --------
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> probe_witness(identity, absolute).witness
    (Fraction(-1, 1),)
    """
    for x in _probe_points(a.input_dim, domain):
        fa, fb = a.evaluate(x), b.evaluate(x)
        if fa != fb:
            return EquivalenceResult(False, "probe", x, fa, fb, domain=domain)
    return None


#: when the normal forms differ on a bounded domain, the reduction is tried again with stability shown
#: on this many pieces of the domain's box (tighter bounds: neurons dead only on part of a wide box)
REFINE_PIECES = 8


def decide_by_reduction(a: Network, b: Network, domain: Any = None) -> EquivalenceResult | None:
    """Equivalence on ``domain`` from equal normal forms (:func:`fibers.reduction.reduce_network`), or ``None``.

    When the forms differ on a bounded domain, stability is shown again on ``REFINE_PIECES``
    pieces of the domain's box, which finds neurons whose bounds on the whole box are too loose.

    Parameters
    ----------
    a, b
        The networks.
    domain
        An :class:`exact.Polyhedron`, or ``None`` for ``R^n`` (no neuron is then shown stable).

    Returns
    -------
    EquivalenceResult or None
        An "equivalent" answer whose certificate is both chains of steps (``reduction``), or
        ``None`` when the forms differ, which proves nothing.

    See Also
    --------
    fibers.reduction.reduce_network : the normal form and its steps.
    fibers.verify.check_answer : re-applies and re-justifies every step.

    References
    ----------
    ``004`` section 3 (the generic fiber is the orbit of permutations and scalings).

    Examples
    --------
    >>> from exact import Polyhedron
    >>> a = Network(1, [([[1], [1]], [0, -5]), ([[1, 7]], [0])])        # relu(x) + 7 relu(x - 5)
    >>> b = Network(1, [([[2]], [0]), ([[Fraction(1, 2)]], [0])])         # relu(2x) / 2
    >>> decide_by_reduction(a, b, Polyhedron.box([-1], [1]))
    EquivalenceResult(equivalent, reduction: 2 reduction steps; equal normal forms (1 hidden neurons left))
    >>> decide_by_reduction(a, b, Polyhedron.box([-1], [6])) is None     # x = 6 tells them apart
    True
    """
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        return None
    form_a, steps_a = reduce_network(a, domain)
    form_b, steps_b = reduce_network(b, domain)
    if form_a != form_b and domain is not None and _bounded(domain):    # tighter bounds on pieces of the box
        form_a, steps_a = reduce_network(a, domain, pieces=REFINE_PIECES)
        form_b, steps_b = reduce_network(b, domain, pieces=REFINE_PIECES)
    if form_a != form_b:
        return None
    return EquivalenceResult(True, "reduction", reduction={"a": steps_a, "b": steps_b}, domain=domain,
                             note=f"equal normal forms ({sum(form_a.widths[1:-1])} hidden neurons left)")


def decide_equivalence(a: Network, b: Network, method: str = "auto",
                       progress: Callable[[int], None] | None = None, domain: Any = None,
                       budget: float | None = None, workers: int = 1, client: Any = None) -> EquivalenceResult:
    """Decide ``f_a = f_b`` on all of ``R^n`` (or on the polytope ``domain``) exactly, with a certificate or a witness.

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
    stop with :class:`Undecided`. ``workers > 1`` splits the region tree of ``"exhaustive"`` over
    processes (every region is then computed before any is checked); with ``client`` (a
    ``dask.distributed.Client``) its subtrees are Dask tasks on that cluster instead.

    With a ``domain`` the witness lies in it, the exhaustive certificate lists the joint cells of
    the domain only, and the result records the domain (``to_json`` writes it; the verifier checks
    against it). Symmetry chains hold on every domain; the bottleneck decider is for ``R^n`` only
    and is skipped. A domain that is not full-dimensional (a VNN-LIB box that fixes an input) is
    decided on its affine hull: both networks are restricted to it
    (:meth:`exact.Polyhedron.affine_slice`, :func:`exact.network.precompose`), the certificate is
    in the hull's coordinates and the result records the slice; a domain that is one point is
    decided there (method ``point``).

    Parameters
    ----------
    a, b
        Networks with the same input and output dimensions (any depths, widths, skips).
    method
        One of ``METHODS`` (see above); ``"auto"`` by default.
    progress
        Called with the number of joint regions checked since the last call.
    domain
        A non-empty :class:`exact.Polyhedron`, or ``None`` for ``R^n``.
    budget
        Seconds after which the exhaustive deciders stop with :class:`Undecided`.
    workers
        Processes for the exhaustive region tree.
    client
        A ``dask.distributed.Client`` for the exhaustive region tree's subtrees.

    Returns
    -------
    EquivalenceResult
        ``equivalent`` with its certificate (``steps``, ``reduction`` or ``regions``), or a
        ``witness`` with both outputs there; ``method`` says which decider answered.

    Raises
    ------
    ShapeError
        For different input or output dimensions.
    PreconditionError
        For an unknown method, ``"bottleneck"`` on networks it does not apply to or cannot certify,
        or ``"reduction"`` when the normal forms differ.
    Undecided
        When the exhaustive decider is still searching after ``budget`` seconds.

    See Also
    --------
    verify_certificate : the independent re-check of any answer.
    fibers.distance.max_difference : how far apart two networks are on a domain.

    Notes
    -----
    The canonical reduction is one polynomial pass (:func:`fibers.reduction.reduce_network`); the
    bottleneck decider is polynomial (``004`` section 6). The exhaustive decider enumerates the
    regions of the joint network (both networks' neurons together) and compares two affine maps on
    each, so its cost is that of :func:`tropical.enumeration.regions` on ``N_a + N_b`` neurons.
    Deciding equivalence is coNP-hard in general (``004`` appendix G.4): no bound polynomial in
    the size is expected, hence ``budget``.

    References
    ----------
    ``MATH.md`` section 4 (equivalence on the joint regions); ``004`` section 6 (the
    polynomial-time decider for bottleneck networks).

    Examples
    --------
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> from exact import Polyhedron
    >>> decide_equivalence(identity, absolute, domain=Polyhedron.box([0], [2])).equivalent   # x = |x| for x >= 0
    True
    >>> decide_equivalence(identity, absolute, domain=Polyhedron.box([-1], [2])).witness      # inside [-1, 2]
    (Fraction(-1, 1),)
    """
    deadline = None if budget is None else time.monotonic() + budget
    if method not in METHODS:
        raise PreconditionError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        raise ShapeError(f"networks: dimensions {a.input_dim}->{a.output_dim} and {b.input_dim}->{b.output_dim} "
                         "differ")
    if domain is not None and domain.dim == a.input_dim and not domain.is_full_dimensional() \
            and not domain.is_empty():
        return _decide_on_slice(a, b, method, progress, domain, budget, workers, client)
    if domain is not None:
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
        result = _decide_exhaustive(a, b, progress, domain, deadline, budget, workers, client)
    result.note = note
    return result


def _decide_on_slice(a: Network, b: Network, method: str, progress: Callable[[int], None] | None,
                     domain: Polyhedron, budget: float | None, workers: int, client: Any) -> EquivalenceResult:
    """Decide on a domain that is not full-dimensional: on its affine hull, in the hull's coordinates."""
    plane, sliced_a, sliced_b, preimage = on_hull(a, b, domain)
    origin, directions = plane
    if not directions:  # one point
        out_a, out_b = a.evaluate(origin), b.evaluate(origin)
        if out_a != out_b:
            return EquivalenceResult(False, "probe", origin, out_a, out_b, domain=domain,
                                     note="the domain is one point")
        return EquivalenceResult(True, "point", domain=domain, slice=plane,
                                 note="the domain is one point, where both networks agree")
    inner = decide_equivalence(sliced_a, sliced_b, method, progress, preimage, budget, workers, client)
    note = f"on the domain's affine hull (dimension {len(directions)})" + (f"; {inner.note}" if inner.note else "")
    if not inner.equivalent:
        assert inner.witness is not None
        x = hull_point(plane, inner.witness)
        return EquivalenceResult(False, inner.method, x, a.evaluate(x), b.evaluate(x), domain=domain, note=note)
    inner.domain, inner.slice, inner.note = domain, plane, note
    return inner


def _decide_exhaustive(a: Network, b: Network, progress: Callable[[int], None] | None = None,
                       domain: Any = None, deadline: float | None = None,
                       budget: float | None = None, workers: int = 1, client: Any = None) -> EquivalenceResult:
    joint = joint_network(a, b)
    cells: dict[tuple[Pattern, Pattern], Vector] = {}
    for count, region in enumerate(regions(joint, domain, progress=progress, workers=workers, client=client)):
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

    Parameters
    ----------
    a, b
        The networks the answer is about.
    result
        The answer, as :func:`decide_equivalence` gives it.

    Returns
    -------
    Verdict
        True when the answer is valid, with the reason (or the first thing that failed).

    References
    ----------
    ``MATH.md`` section 4 (equivalence on the joint regions, witnesses and certificates).

    Examples
    --------
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> verify_certificate(identity, absolute, decide_equivalence(identity, absolute)).valid
    True
    """
    return check_answer(a, b, result)

"""The exact distance ``max_x |f_a(x) - f_b(x)|`` of two networks on a polytope, with a maximiser.

On each region of the joint network (:func:`fibers.equivalence.joint_network`, which computes
``f_a - f_b``) the difference is affine, and the infinity norm of an affine map is convex, so its
maximum over the closed region is attained at a vertex. Every vertex of every region is a vertex
of the canonical polyhedral complex of the joint network on the domain (a polyhedral complex:
regions meet face to face), which :func:`tropical.polyhedral_complex` computes exactly, degenerate
or not. The maximum over those vertices, each evaluated exactly, is therefore the exact maximum
over the domain; the vertex attaining it is the maximiser.

Evidence: the value at the maximiser is a lower bound that anyone re-checks by evaluating both
networks there. The upper bound has a certificate of its own: the cells of the joint complex
(each network's pattern and an interior point, one per region), which the verifier shows cover
the domain (every facet has its neighbour listed, as for an equivalence certificate) and on each
of which an exact LP bounds ``|f_a - f_b|`` by the value. :func:`check_distance` re-checks both
with :mod:`fibers.verify`'s own arithmetic. A branch-and-bound certificate with LP duals, for
networks whose complex is too large to build, is not implemented.

References
----------
``004`` section 3 (the canonical polyhedral complex); Kleine Buning et al., "Verifying
equivalence properties of neural networks with ReLU activation functions", CP 2020 (the
question, there answered by a big-M MILP in floating point).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exact.errors import DomainError
from exact.network import Network, format_pattern
from exact.numbers import Vector, format_rational, to_rational
from fibers.joint import hull_point, joint_network, on_hull
from fibers.verify import Verdict, check_distance_bound, check_witness_values
from tropical.complex import polyhedral_complex

__all__ = ["Distance", "max_difference", "check_distance"]


@dataclass
class Distance:
    """``value = max |f_a - f_b|`` (infinity norm over the outputs) on ``domain``, attained at ``argmax``.

    With an ``epsilon``, ``within`` says whether ``value <= epsilon``; the search stops at the first
    vertex beyond ``epsilon`` (then ``value`` is only a lower bound, ``exact`` is false).

    See Also
    --------
    max_difference : computes it.
    check_distance : re-checks it.

    References
    ----------
    ``MATH.md`` section 7 (the exact distance).
    """

    value: Fraction
    argmax: Vector
    output_a: Vector
    output_b: Vector
    vertices: int
    exact: bool = True
    epsilon: Fraction | None = None
    within: bool | None = None
    domain: Any = None
    #: the upper bound's certificate: ``(pattern_a, pattern_b, interior point)`` per cell of the joint complex
    cells: list[Any] = field(default_factory=list)
    #: a flat domain: ``(origin, directions)`` spanning its affine hull; the cells are then in the slice's
    #: coordinates (:meth:`exact.Polyhedron.affine_slice`)
    slice: tuple[Vector, tuple[Vector, ...]] | None = None

    def to_json(self) -> dict[str, Any]:
        """The distance and its evidence as a JSON object.

        Returns
        -------
        dict
            ``{"max": "p/q", "argmax": [...], ...}``.

        See Also
        --------
        max_difference
        """
        payload: dict[str, Any] = {
            "max": format_rational(self.value), "exact": self.exact,
            "argmax": [format_rational(v) for v in self.argmax],
            "a": [format_rational(v) for v in self.output_a], "b": [format_rational(v) for v in self.output_b],
            "vertices": self.vertices}
        if self.epsilon is not None:
            payload.update(epsilon=format_rational(self.epsilon), within=self.within)
        if self.cells:
            payload["cells"] = [{"pattern_a": format_pattern(pa), "pattern_b": format_pattern(pb),
                                 "interior_point": [format_rational(v) for v in x]} for pa, pb, x in self.cells]
        if self.domain is not None:
            rows = list(zip(self.domain.A, self.domain.b))
            for e, f in zip(self.domain.E, self.domain.f):
                rows += [(e, f), (tuple(-v for v in e), -f)]
            payload["domain"] = {"dim": self.domain.dim, "inequalities": [
                {"a": [format_rational(v) for v in a], "b": format_rational(b)} for a, b in rows]}
        if self.slice is not None:
            payload["slice"] = {"origin": [format_rational(v) for v in self.slice[0]],
                                "directions": [[format_rational(v) for v in d] for d in self.slice[1]]}
        return payload


def max_difference(a: Network, b: Network, domain: Any, epsilon: object | None = None) -> Distance:
    """The exact ``max_(x in domain) ||f_a(x) - f_b(x)||_inf`` and a maximiser.

    Parameters
    ----------
    a, b
        Networks with the same input and output dimensions.
    domain
        A bounded non-empty :class:`exact.Polyhedron` (a box, a VNN-LIB input box, ...). A flat one
        (a box that fixes an input) is handled on its affine hull, as in
        :func:`fibers.decide_equivalence`: the cells are then in the slice's coordinates.
    epsilon
        Decide ``max <= epsilon`` only: stop at the first vertex beyond it.

    Returns
    -------
    Distance
        The value, the maximiser with both outputs there, the number of vertices examined.

    Raises
    ------
    DomainError
        For a missing, empty or unbounded domain.

    See Also
    --------
    fibers.decide_equivalence : whether the maximum is 0, with a certificate.

    Notes
    -----
    ``||f_a - f_b||_inf`` is convex on each region of the joint network, so its maximum over a
    polytope is attained at a vertex of a joint region: the cost is the joint regions' vertex
    enumeration, then one exact evaluation per vertex and output.

    References
    ----------
    ``MATH.md`` section 7 (the exact distance).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> identity = Network(1, [([[1]], [0])])
    >>> absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> d = max_difference(identity, absolute, Polyhedron.box([-2], [1]))    # |x - |x|| = 2|x| for x < 0
    >>> d.value, d.argmax
    (Fraction(4, 1), (Fraction(-2, 1),))
    >>> max_difference(identity, absolute, Polyhedron.box([-2], [1]), epsilon=1).within
    False
    """
    if domain is None:
        raise DomainError("domain: the distance needs a bounded domain (a box or a polytope)")
    bound = to_rational(epsilon, "epsilon") if epsilon is not None else None
    if bound is not None and bound < 0:
        raise DomainError(f"epsilon: {bound} must be nonnegative")
    if not domain.is_full_dimensional():
        return _on_slice(a, b, domain, bound)
    joint = joint_network(a, b)
    cx = polyhedral_complex(joint, domain)
    best: tuple[Fraction, Vector] | None = None
    faces = cx.faces(0)
    for count, face in enumerate(faces, start=1):
        x = cx.exact_vertex(face.vertices[0])
        gap = max(abs(v) for v in joint.evaluate(x))
        if best is None or gap > best[0]:
            best = (gap, x)
        if bound is not None and gap > bound:      # decided: beyond epsilon here
            return Distance(gap, x, a.evaluate(x), b.evaluate(x), count, False, bound, False, domain)
    assert best is not None
    value, x = best
    cells: dict[tuple[Any, Any], Vector] = {}
    for face in cx.faces(cx.dim):        # each region's centroid: strictly inside it
        point = cx.face_point(face)
        cells.setdefault((a.pattern(point), b.pattern(point)), point)
    return Distance(value, x, a.evaluate(x), b.evaluate(x), len(faces), True, bound,
                    None if bound is None else value <= bound, domain,
                    [(pa, pb, point) for (pa, pb), point in cells.items()])


def _on_slice(a: Network, b: Network, domain: Any, bound: Fraction | None) -> Distance:
    """The distance on a flat domain: on its affine hull, in the hull's coordinates, mapped back."""
    if domain.is_empty():
        raise DomainError("domain: empty")
    if not domain.is_bounded():
        raise DomainError("domain: the distance needs a bounded domain (a box or a polytope)")
    plane, sliced_a, sliced_b, preimage = on_hull(a, b, domain)
    origin, directions = plane
    if not directions:   # one point
        out_a, out_b = a.evaluate(origin), b.evaluate(origin)
        gap = max(abs(p - q) for p, q in zip(out_a, out_b))
        return Distance(gap, origin, out_a, out_b, 1, True, bound, None if bound is None else gap <= bound, domain,
                        slice=plane)
    inner = max_difference(sliced_a, sliced_b, preimage, bound)
    x = hull_point(plane, inner.argmax)
    return Distance(inner.value, x, a.evaluate(x), b.evaluate(x), inner.vertices, inner.exact, bound, inner.within,
                    domain, inner.cells, slice=plane)


def check_distance(a: Any, b: Any, distance: Distance) -> Verdict:
    """Re-check a distance with the verifier's own arithmetic (:mod:`fibers.verify`).

    Lower bound: the maximiser lies in the domain, the recorded outputs are the networks' outputs
    there, and their difference has the recorded norm. Upper bound (an exact distance): its cells
    cover the domain and ``|f_a - f_b|`` is at most the value on each
    (:func:`fibers.verify.check_distance_bound`).

    Parameters
    ----------
    a, b
        The networks.
    distance
        What :func:`max_difference` gave.

    Returns
    -------
    Verdict
        Valid when both bounds hold, with what was checked.

    References
    ----------
    ``MATH.md`` section 7 (the exact distance).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> d = max_difference(identity, absolute, Polyhedron.box([-2], [1]))
    >>> check_distance(identity, absolute, d).reason.split("; ")
    ['|f_a - f_b| = 4 at the point, inside the domain', '2 cells, |f_a - f_b| <= 4 on each, every facet has its \
neighbour listed']
    """
    low = check_witness_values(a, b, distance.argmax, distance.output_a, distance.output_b, distance.value,
                               distance.domain)
    if not low or not distance.exact:
        return low
    point = distance.slice is not None and not distance.slice[1]
    if not distance.cells and not point:
        return Verdict(False, "an exact distance without the cells that bound it")
    high = check_distance_bound(a, b, distance.cells, distance.value, distance.domain, distance.slice)
    return Verdict(bool(high), f"{low.reason}; {high.reason}")

"""What the equivalence deciders answer: :class:`EquivalenceResult`, and :class:`Undecided` when time runs out."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exact.display import html_table
from exact.network import Network, Pattern, format_pattern, precompose
from exact.numbers import Vector, format_rational
from fibers.joint import joint_network
from fibers.symmetries import step_to_json
from tropical.regions import Region

__all__ = ["EquivalenceResult", "Undecided"]


class Undecided(RuntimeError):
    """The time budget ran out before the exhaustive decider finished: no verdict (never a guess).

    See Also
    --------
    fibers.equivalence.decide_equivalence : raises it when its ``budget`` runs out.
    """

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

    On a domain that is not full-dimensional (a VNN-LIB box that fixes an input, a polytope with
    equalities) the certificate is about the networks restricted to its affine hull, given by
    ``slice``; a witness is a point of the domain itself. Method ``point``: the domain is one
    point, ``slice[0]``, where both networks agree.

    The region certificate is plain data on purpose: :mod:`fibers.verify` re-derives everything
    from the patterns and points without the toolkit's region code. :meth:`cells` gives the same
    cells as :class:`tropical.regions.Region` objects of :func:`joint_network` (maps, inequalities,
    volumes on demand).

    See Also
    --------
    fibers.equivalence.decide_equivalence : gives it.
    fibers.equivalence.verify_certificate : re-checks it.

    References
    ----------
    ``MATH.md`` section 4 (every answer with its witness or certificate).
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
    #: a domain that is not full-dimensional: ``(origin, directions)``, its affine hull
    #: ``x = origin + sum_j y_j directions[j]``. The certificate is about the networks restricted to it
    #: (:func:`exact.network.precompose`), in the coordinates ``y``; method ``point``: no directions.
    slice: tuple[Vector, tuple[Vector, ...]] | None = None

    def domain_rows(self) -> list[tuple[tuple[Fraction, ...], Fraction]]:
        """The domain as rows ``a . x <= b`` (equalities as two rows; none for ``R^n``).

        Returns
        -------
        list of (tuple of Fraction, Fraction)
            The rows.

        See Also
        --------
        to_json
        """
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
        size = "one point" if self.method == "point" else \
            f"{len(self.steps)} steps" if self.method in ("bottleneck", "symmetries") else \
            f"{sum(len(v) for v in self.reduction.values())} reduction steps" if self.reduction is not None else \
            f"{len(self.regions)} cells"
        note = f"; {self.note}" if self.note else ""
        return f"EquivalenceResult(equivalent, {self.method}: {size}{note})"

    def cells(self, a: Network, b: Network) -> list[Any]:
        """The certificate's cells as regions of ``joint_network(a, b)`` (on which ``f_a - f_b`` is affine).

        Parameters
        ----------
        a, b
            The networks the answer is about.

        Returns
        -------
        list of Region
            One per certificate cell.

        See Also
        --------
        fibers.joint.joint_network

        Examples
        --------
        >>> from fibers.equivalence import decide_equivalence
        >>> identity = Network(1, [([[1]], [0])])
        >>> folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])      # relu(x) - relu(-x)
        >>> [(c.interior_point, c.affine_map.weight) for c in decide_equivalence(identity, folded, "exhaustive")
        ...  .cells(identity, folded)]                                           # f_a - f_b = 0 on both
        [((Fraction(1, 1),), ((Fraction(0, 1),),)), ((Fraction(-1, 1),), ((Fraction(0, 1),),))]
        """
        if self.slice is not None and self.slice[1]:
            columns = tuple(zip(*self.slice[1]))
            a, b = (precompose(net, columns, self.slice[0]) for net in (a, b))
        joint = joint_network(a, b)
        return [Region(joint, joint.pattern(x), interior_point=x) for _, _, x in self.regions]

    def _repr_html_(self) -> str:
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
        """The answer, its method, its witness or certificate, and its domain, as a JSON object.

        Returns
        -------
        dict
            The answer with its evidence.

        See Also
        --------
        fibers.verify.check_answer
        """
        domain = {} if self.domain is None else {"domain": {"dim": self.domain.dim, "inequalities": [
            {"a": [format_rational(v) for v in a], "b": format_rational(b)} for a, b in self.domain_rows()]}}
        if not self.equivalent:
            assert self.witness is not None and self.output_a is not None and self.output_b is not None
            return {"equivalent": False, "witness": {
                "x": [format_rational(v) for v in self.witness],
                "a": [format_rational(v) for v in self.output_a],
                "b": [format_rational(v) for v in self.output_b]}, **domain}
        if self.slice is not None:
            domain["slice"] = {"origin": [format_rational(v) for v in self.slice[0]],
                               "directions": [[format_rational(v) for v in d] for d in self.slice[1]]}
        if self.method == "point":
            return {"equivalent": True, "certificate": {"method": "point"}, **domain}
        if self.method in ("bottleneck", "symmetries"):
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

"""Regions of patterns (Algorithm 1 of ``003``), with their evidence: the toolkit's one region model.

:class:`Region` is what every enumerator, the equivalence decider (:meth:`fibers.equivalence.
EquivalenceResult.cells`), the overlap decomposition (``OverlapResult.cells``) and image homology
(``Piece.region``) hand out; only its network and pattern are required, every other field is
computed on first use. :class:`EmptyRegion` is not a region but the evidence that a pattern has none.

A region is the closed set ``G_J`` of a pattern intersected with the domain, when it
is full-dimensional (relative to the domain). :func:`region_of_pattern` returns a
:class:`Region` (irredundant inequalities, a rational interior point, the affine map of
the network on it, its rank, vertices, rays and volume) or an :class:`EmptyRegion`
saying why not: ``"empty"`` with a Farkas certificate over the constraints, or
``"lower-dimensional"`` with the equalities of its affine hull and a point of it.

Examples
--------
>>> from exact import Network, Polyhedron
>>> net = Network(2, [([[-4, 1], [-4, -1]], [2, 3]), ([[1, "1/2"]], [0])])
>>> region = region_of_pattern(net, "10", domain=Polyhedron.box([0, 0], [1, 1]))
>>> region.vertices()
((Fraction(1, 2), Fraction(1, 1)), (Fraction(5, 8), Fraction(1, 2)), (Fraction(3, 4), Fraction(1, 1)))
>>> region.interior_point   # at y = 3/4: 9/16 < x < 11/16, simplest 2/3; at x = 2/3: 2/3 < y < 1, simplest 3/4
(Fraction(2, 3), Fraction(3, 4))
>>> region.affine_map.weight, region.volume()
(((Fraction(-4, 1), Fraction(1, 1)),), Fraction(1, 16))
>>> empty = region_of_pattern(net, "01", domain=Polyhedron.box([0, 0], ["1/4", 1]))
>>> empty.reason, empty.layer, empty.certificate.verify(empty.polyhedron())
('empty', 1, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from exact.display import html_table, polygons_png
from exact.errors import DomainError
from exact.network import AffineMap, Network, Pattern, format_pattern
from exact.numbers import Vector, format_rational
from exact.polyhedron import FarkasCertificate, Polyhedron, simplify_point

__all__ = ["Region", "EmptyRegion", "region_of_pattern", "pattern_constraints", "check_domain"]

Constraint = tuple[Vector, Fraction]


def check_domain(net: Network, domain: Polyhedron | None, backend: str = "cdd") -> Polyhedron:
    """The domain as a full-dimensional polyhedron in the input space (``R^n`` when ``None``).

    Parameters
    ----------
    net
        The network.
    domain
        A polyhedron, or ``None``.
    backend
        The backend the result should use.

    Returns
    -------
    Polyhedron
        The domain, with ``backend``.

    Raises
    ------
    DomainError
        When its dimension differs from the network's input or it is not full-dimensional.

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> check_domain(Network(2, [([[1, 0]], [0])]), None).dim
    2
    """
    if domain is None:
        return Polyhedron.whole_space(net.input_dim, backend=backend)
    if domain.dim != net.input_dim:
        raise DomainError(f"domain: lives in dimension {domain.dim}, the network's input is {net.input_dim}")
    if domain.E or not domain.is_full_dimensional():
        raise DomainError("domain: must be full-dimensional (regions are full-dimensional cells of the domain)")
    return domain if domain.backend == backend else domain.with_backend(backend)


def pattern_constraints(net: Network, pattern: Pattern | str, layers: int | None = None) -> list[list[Constraint]]:
    """Algorithm 1's inequalities, one list per ReLU layer: ``-(H - G)_i . x <= (h - g)_i`` if active, etc.

    The neuron's pre-activation is ``H - G`` of the recurrences (eq. 14); it is computed by the
    toolkit's one affine-map engine (:meth:`exact.Network.affine_maps`, integer masked products),
    and :mod:`tropical.recurrences` keeps the papers' symbolic form for the claims and tests.

    Parameters
    ----------
    net
        The network.
    pattern
        The bits (1 = active).
    layers
        The first ``layers`` layers only.

    Returns
    -------
    list of list of (tuple of Fraction, Fraction)
        Per ReLU layer, one ``(a, b)`` per neuron meaning ``a . x <= b``.

    References
    ----------
    ``003`` Algorithm 1 and Theorem 2.2; ``000`` Def. 2.2 (``G_J``).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[2], [-1]], [-1, 3]), ([[1, 1]], [0])])   # z = (2x - 1, -x + 3)
    >>> pattern_constraints(net, "10")      # active: -(2x - 1) <= 0; inactive: -x + 3 <= 0
    [[((Fraction(-2, 1),), Fraction(-1, 1)), ((Fraction(-1, 1),), Fraction(-3, 1))]]
    """
    last = layers if layers is not None else net.depth
    groups = net.check_pattern(pattern, last)
    pre, _ = net.affine_maps(groups, last)
    result = []
    for l, bits in zip(net.relu_layers, groups):
        amap = pre[l - 1]
        rows: list[Constraint] = []
        for w, c, bit in zip(amap.weight, amap.bias, bits):
            rows.append((tuple(-v for v in w), c) if bit else (tuple(w), -c))
        result.append(rows)
    return result


@dataclass(frozen=True)
class EmptyRegion:
    """A pattern with no region: ``reason`` is ``"empty"`` or ``"lower-dimensional"``.

    ``layer`` is the first layer whose constraints (Algorithm 1, line 21) made it so;
    ``constraints`` are all the constraints up to that layer, domain first. For
    ``"empty"``, ``certificate`` is a Farkas certificate over them; for
    ``"lower-dimensional"``, ``hull`` gives the equalities of the affine hull and ``point``
    a point of the set.

    See Also
    --------
    region_of_pattern : returns it when a pattern has no region.

    References
    ----------
    ``003`` Algorithm 1 (a pattern whose region is empty).
    """

    pattern: Pattern
    reason: str
    layer: int
    constraints: tuple[Constraint, ...]
    dim: int
    certificate: FarkasCertificate | None = None
    hull: tuple[tuple[Vector, ...], tuple[Fraction, ...]] | None = None
    point: Vector | None = None
    empty: bool = field(default=True, init=False)

    def polyhedron(self, backend: str = "cdd") -> Polyhedron:
        """The constraints as a polyhedron (the certificate refers to their order).

        Parameters
        ----------
        backend
            The polyhedron backend.

        Returns
        -------
        Polyhedron
            The constraints.

        See Also
        --------
        to_json
        """
        return Polyhedron(self.dim, [a for a, _ in self.constraints], [b for _, b in self.constraints],
                          backend=backend)

    def to_json(self) -> dict[str, Any]:
        """The evidence (reason, layer, constraints and certificate or hull) as a JSON object.

        Returns
        -------
        dict
            The evidence as JSON.

        See Also
        --------
        polyhedron
        """
        evidence: dict[str, Any] = {"reason": self.reason, "layer": self.layer,
                                    "constraints": [_ineq_json(a, b) for a, b in self.constraints]}
        if self.certificate is not None:
            evidence["farkas_multipliers"] = [format_rational(v) for v in self.certificate.multipliers]
            evidence["infeasible_subset"] = list(self.certificate.support)
        if self.hull is not None:
            evidence["affine_hull"] = [_ineq_json(a, b) for a, b in zip(*self.hull)]
        if self.point is not None:
            evidence["point"] = [format_rational(v) for v in self.point]
        return {"empty": True, "pattern": format_pattern(self.pattern), "evidence": evidence}


class Region:
    """A linear region: a full-dimensional closed cell on which the network is affine.

    The one region model of the toolkit: the enumerators, the equivalence decider, the overlap
    decomposition and image homology all hand out (or build on) this class. Only the network and
    the pattern are needed; every other field is computed on first use and kept.

    Parameters
    ----------
    net, pattern
        The network and the (canonical) pattern of the region.
    constraints
        Inequalities ``a . x <= b`` defining it (domain and neurons; may be redundant). When
        omitted, the domain's inequalities and the pattern's (Algorithm 1 of ``003``, from the
        affine maps of :meth:`exact.network.Network.pattern_inequalities`).
    interior_point
        A rational point strictly inside, when known; the attribute gives the simplest nearby
        point of the region (small denominators, :func:`exact.polyhedron.simplify_point`). When
        omitted, one is found by an exact LP on first use.
    layers
        The prefix of layers the pattern covers (``None``: all).
    domain
        The domain the region is cut to (``None``: ``R^n``): its inequalities come first in the
        constraints when those are omitted, and its equations (if any) are kept in :meth:`polyhedron`.

    References
    ----------
    ``003`` Algorithm 1 and Theorem 2.2; ``000`` Def. 2.2 (``G_J``).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> net = Network(1, [([[1], [-1]], [0, -1]), ([[1, 1]], [0])])    # relu(x) + relu(-x - 1)
    >>> left = Region(net, ((0, 1),), domain=Polyhedron.box([-3], [3]))   # nothing computed yet
    >>> left.interior_point, left.affine_map.weight, left.volume()
    ((Fraction(-2, 1),), ((Fraction(-1, 1),),), Fraction(2, 1))
    >>> left.inequalities                  # -x <= 3 and x <= -1
    (((Fraction(-1, 1),), Fraction(3, 1)), ((Fraction(1, 1),), Fraction(-1, 1)))
    >>> left.image().vertices()            # x in [-3, -1] goes to -x - 1 in [0, 2]
    ((Fraction(0, 1),), (Fraction(2, 1),))
    """

    empty = False

    def __init__(self, net: Network, pattern: Pattern, constraints: Sequence[Constraint] | None = None,
                 interior_point: Vector | None = None, layers: int | None = None, backend: str = "cdd",
                 domain: Polyhedron | None = None) -> None:
        self.net = net
        self.pattern = pattern
        self._constraints = tuple(constraints) if constraints is not None else None
        self._point = interior_point
        self.layers = layers if layers is not None else net.depth
        self.backend = backend
        self.domain = domain

    @property
    def constraints(self) -> tuple[Constraint, ...]:
        """Inequalities ``a . x <= b`` defining the region, domain first (possibly redundant)."""
        if self._constraints is None:
            rows: list[Constraint] = list(zip(self.domain.A, self.domain.b)) if self.domain is not None else []
            rows.extend(self.net.pattern_inequalities(self.pattern, self.layers))   # the integer engine
            self._constraints = tuple(rows)
        return self._constraints

    @cached_property
    def interior_point(self) -> Vector:
        """A rational point strictly inside, with denominators as small as the region allows coordinate-wise.

        Raises
        ------
        DomainError
            When the pattern's set is not full-dimensional (it names no region).
        """
        point = self._point
        if point is None:
            poly = self.polyhedron()
            if not poly.is_full_dimensional():
                raise DomainError(f"region: the set of pattern {','.join(format_pattern(self.pattern))} "
                                  "is not full-dimensional")
            point = poly.interior_point()
        return simplify_point([a for a, _ in self.constraints], [b for _, b in self.constraints], point)

    def __repr__(self) -> str:
        return f"Region(pattern={','.join(format_pattern(self.pattern))}, interior_point={self.interior_point})"

    def _repr_html_(self) -> str:
        return html_table("Region", [("pattern", ",".join(format_pattern(self.pattern))), ("rank", self.rank),
                                     ("interior point", ", ".join(format_rational(v) for v in self.interior_point)),
                                     ("inequalities", len(self.inequalities)), ("bounded", self.is_bounded())])

    def _repr_png_(self) -> bytes | None:
        """A picture in Jupyter: the region and its interior point (bounded regions of a 2-D input only)."""
        if self.net.input_dim != 2 or not self.is_bounded():
            return None

        return polygons_png([self.vertices()], [self.interior_point],  # type: ignore[list-item]
                            f"pattern {','.join(format_pattern(self.pattern))}, rank {self.rank}")

    def polyhedron(self) -> Polyhedron:
        """The closed region as a polyhedron (with the domain's equations, if it has any).

        Returns
        -------
        Polyhedron
            ``G_J`` within the domain.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])])                  # 2 relu(x)
        >>> region = Region(net, ((1,),), domain=Polyhedron.box([-1], [3]))
        >>> region.polyhedron().vertices()
        ((Fraction(0, 1),), (Fraction(3, 1),))
        """
        E, f = (self.domain.E, self.domain.f) if self.domain is not None else ((), ())
        return Polyhedron(self.net.input_dim, [a for a, _ in self.constraints], [b for _, b in self.constraints],
                          E, f, backend=self.backend)

    @cached_property
    def _minimized(self) -> Polyhedron:
        return self.polyhedron().minimized()

    @property
    def inequalities(self) -> tuple[Constraint, ...]:
        """Irredundant inequalities ``a . x <= b`` (coprime integers, sorted)."""
        m = self._minimized
        return tuple(zip(m.A, m.b))

    @cached_property
    def affine_map(self) -> AffineMap:
        """The map the first ``layers`` layers compute on the region (the network, by default)."""
        return self.net.local_affine_map(self.pattern, self.layers)

    @property
    def rank(self) -> int:
        return self.affine_map.rank

    def vertices(self) -> tuple[Vector, ...]:
        """The vertices of the closed region, exact and sorted.

        Returns
        -------
        tuple of tuple of Fraction
            The vertices.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])])                  # 2 relu(x)
        >>> region = Region(net, ((1,),), domain=Polyhedron.box([-1], [3]))
        >>> region.vertices()
        ((Fraction(0, 1),), (Fraction(3, 1),))
        """
        return self._minimized.vertices()

    def rays(self) -> tuple[Vector, ...]:
        """The extreme rays of the closed region (none when bounded).

        Returns
        -------
        tuple
            The rays (none for a bounded region).

        See Also
        --------
        Region.is_bounded
        """
        return self._minimized.rays()

    def is_bounded(self) -> bool:
        """Whether the region is bounded.

        Returns
        -------
        bool
            Boundedness.

        See Also
        --------
        Region.rays
        """
        return self._minimized.is_bounded()

    def volume(self) -> Fraction:
        """Exact volume (raises ``DomainError`` when unbounded).

        Returns
        -------
        Fraction
            The volume.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])])                  # 2 relu(x)
        >>> region = Region(net, ((1,),), domain=Polyhedron.box([-1], [3]))
        >>> region.volume()
        Fraction(3, 1)
        """
        return self._minimized.volume()

    def contains(self, x: Sequence[object]) -> bool:
        """Whether ``x`` lies in the closed region (exactly).

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        bool
            Whether ``x`` is in the closed region.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])])                  # 2 relu(x)
        >>> region = Region(net, ((1,),), domain=Polyhedron.box([-1], [3]))
        >>> region.contains([1]), region.contains([-1])
        (True, False)
        """
        return self.polyhedron().contains(x)

    @cached_property
    def _image(self) -> Polyhedron:
        amap = self.affine_map
        return self._minimized.affine_image(amap.weight, amap.bias)

    def image(self) -> Polyhedron:
        """The image of the region under its affine map (a polyhedron in the output space).

        Returns
        -------
        Polyhedron
            The image.

        References
        ----------
        ``000`` section 3.1 (the image ``Phi(P)`` of a region, the overlap LP's constraints).

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])])                  # 2 relu(x)
        >>> region = Region(net, ((1,),), domain=Polyhedron.box([-1], [3]))
        >>> region.image().vertices()
        ((Fraction(0, 1),), (Fraction(6, 1),))
        """
        return self._image

    def to_json(self) -> dict[str, Any]:
        """The region format of DESIGN.md.

        Returns
        -------
        dict
            The JSON object.

        See Also
        --------
        tropical.enumeration.regions : the regions written by ``regions --json``.
        """
        amap = self.affine_map
        return {
            "pattern": format_pattern(self.pattern),
            "inequalities": [_ineq_json(a, b) for a, b in self.inequalities],
            "interior_point": [format_rational(v) for v in self.interior_point],
            "affine_map": {"weight": [[format_rational(v) for v in row] for row in amap.weight],
                           "bias": [format_rational(v) for v in amap.bias]},
            "rank": self.rank,
        }


def _ineq_json(a: Sequence[Fraction], b: Fraction) -> dict[str, Any]:
    return {"a": [format_rational(v) for v in a], "b": format_rational(b)}


def region_of_pattern(net: Network, pattern: Pattern | str, domain: Polyhedron | None = None,
                      layers: int | None = None, backend: str = "cdd") -> Region | EmptyRegion:
    """Algorithm 1 of ``003``: the region of a pattern (1 = active), or why there is none.

    Parameters
    ----------
    net
        The network.
    pattern
        The bits (1 = active) of the ReLU layers among the first ``layers``.
    domain
        A full-dimensional polyhedron, or ``None`` for ``R^n``.
    layers
        The first ``layers`` layers only.
    backend
        The exact LP backend.

    Returns
    -------
    Region or EmptyRegion
        The region, or the evidence that there is none (a Farkas certificate, or the affine hull of
        a lower-dimensional set).

    Raises
    ------
    PatternError
        When the pattern does not fit the network.
    DomainError
        When the domain is not full-dimensional in the input space.

    References
    ----------
    ``003`` Algorithm 1, Theorem 2.2.

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[1], [1]], [0, -2]), ([[1, 1]], [0])])           # x >= 0 and x >= 2
    >>> region_of_pattern(net, "01").reason                                  # x < 0 and x >= 2: none
    'empty'
    """
    space = check_domain(net, domain, backend)
    last = layers if layers is not None else net.depth
    groups = net.check_pattern(pattern, last)
    per_layer = pattern_constraints(net, groups, last)
    constraints: list[Constraint] = list(zip(space.A, space.b))
    n = net.input_dim
    for l, rows in zip(net.relu_layers, per_layer):
        constraints.extend(rows)
        poly = Polyhedron(n, [a for a, _ in constraints], [b for _, b in constraints], backend=backend)
        if poly.is_full_dimensional():
            continue
        if poly.is_empty():
            return EmptyRegion(groups, "empty", l, tuple(constraints), n, certificate=poly.infeasibility_certificate())
        return EmptyRegion(groups, "lower-dimensional", l, tuple(constraints), n, hull=poly.affine_hull(),
                           point=poly.interior_point())
    poly = Polyhedron(n, [a for a, _ in constraints], [b for _, b in constraints], backend=backend)
    if not poly.is_full_dimensional():  # only when there are no ReLU layers and an empty domain
        raise DomainError("domain: not full-dimensional")
    return Region(net, groups, constraints, poly.interior_point(), last, backend)

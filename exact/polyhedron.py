"""Exact polyhedra and linear programs behind one interface, with a ``cdd`` and a ``ppl`` backend.

A :class:`Polyhedron` is ``{x in Q^n : A x <= b, E x = f}``. Every answer carries its
evidence: an LP optimum its optimal point, an empty polyhedron a Farkas certificate
(:class:`FarkasCertificate`), an unbounded LP a ray, a non-empty polyhedron a rational
point of its relative interior.

Equalities are eliminated before any LP (``x = x0 + N y`` over a rational basis
``N`` of the null space), so LPs only ever see inequalities. Feasibility is decided
by an auxiliary LP that is always feasible and bounded, so no solver status is
trusted to tell "infeasible" from "unbounded".

Examples
--------
>>> square = Polyhedron.box([0, 0], [1, 1])
>>> square.dimension(), [tuple(str(v) for v in p) for p in square.vertices()]
(2, [('0', '0'), ('0', '1'), ('1', '0'), ('1', '1')])
>>> result = square.maximize([1, 2])
>>> result.status, result.value, result.point
('optimal', Fraction(3, 1), (Fraction(1, 1), Fraction(1, 1)))
>>> cut = square.intersection(Polyhedron(2, [[1, 1]], [-1]))
>>> cut.is_empty(), cut.infeasibility_certificate().verify(cut)
(True, True)
>>> Polyhedron.box([0, 0], [1, 1], backend="ppl").minimized() == square.minimized().with_backend("ppl")
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exact import linalg
from exact.backends import BACKENDS, HRep, VRep, get_backend
from exact.errors import BackendError, DomainError, InfeasibleError, ShapeError
from exact.linalg import dot as _dot
from exact.numbers import Matrix, Vector, simplest_between, to_matrix, to_rational, to_vector
from exact.numbers import format_rational as fr
from exact.validation import check_int

__all__ = ["Polyhedron", "LPResult", "FarkasCertificate", "BACKENDS", "simplify_point"]


@dataclass(frozen=True)
class FarkasCertificate:
    """Proof that ``A x <= b, E x = f`` has no solution.

    ``multipliers >= 0`` (one per inequality) and ``equality_multipliers`` (free) with
    ``A^T multipliers + E^T equality_multipliers = 0`` and
    ``b . multipliers + f . equality_multipliers = -1 < 0``.
    The inequalities with a non-zero multiplier form an infeasible subset.

    See Also
    --------
    Polyhedron.infeasibility_certificate : gives it.
    """

    multipliers: Vector
    equality_multipliers: Vector

    @property
    def support(self) -> tuple[int, ...]:
        """Indices of the inequalities that take part: an infeasible subset (with the equalities)."""
        return tuple(i for i, v in enumerate(self.multipliers) if v)

    def verify(self, polyhedron: Polyhedron) -> bool:
        """Re-check the certificate against ``polyhedron``'s constraints.

        Parameters
        ----------
        polyhedron
            The polyhedron claimed empty.

        Returns
        -------
        bool
            Whether the multipliers prove ``0 <= -1``.

        Examples
        --------
        >>> empty = Polyhedron(1, [[1], [-1]], [0, -1])                 # x <= 0 and x >= 1
        >>> empty.infeasibility_certificate().verify(empty)
        True
        """
        lam, mu = self.multipliers, self.equality_multipliers
        if len(lam) != len(polyhedron.A) or len(mu) != len(polyhedron.E) or any(v < 0 for v in lam):
            return False
        combo = [Fraction(0)] * polyhedron.dim
        for weight, row in list(zip(lam, polyhedron.A)) + list(zip(mu, polyhedron.E)):
            for j, v in enumerate(row):
                combo[j] += weight * v
        rhs = sum((w * v for w, v in zip(lam, polyhedron.b)), Fraction(0))
        rhs += sum((w * v for w, v in zip(mu, polyhedron.f)), Fraction(0))
        return all(v == 0 for v in combo) and rhs < 0


@dataclass(frozen=True)
class LPResult:
    """The result of an exact LP ``max c.x`` (or ``min``) over a polyhedron.

    ``status`` is ``"optimal"`` (``value`` and an optimal ``point``), ``"infeasible"``
    (``certificate``, a :class:`FarkasCertificate`, when asked for) or ``"unbounded"``
    (a feasible ``point`` and a ``ray`` of the recession cone along which the objective grows).

    See Also
    --------
    Polyhedron.maximize : gives it.
    """

    status: str
    value: Fraction | None = None
    point: Vector | None = None
    ray: Vector | None = None
    certificate: FarkasCertificate | None = None


class Polyhedron:
    """``{x : A x <= b, E x = f}`` in ``Q^dim``, exact, with a ``cdd`` or ``ppl`` backend.

    Parameters
    ----------
    dim
        The ambient dimension ``n``.
    A, b
        Inequalities ``A x <= b`` (``A`` is ``m x n``).
    E, f
        Equalities ``E x = f``.
    backend
        ``"cdd"`` (default; fastest LPs) or ``"ppl"``.

    Raises
    ------
    ShapeError
        When the rows do not have ``dim`` entries or the right-hand sides differ in length.

    See Also
    --------
    Polyhedron.box, Polyhedron.from_generators : other constructors.
    """

    def __init__(
        self,
        dim: int,
        A: Iterable[Iterable[object]] = (),
        b: Iterable[object] = (),
        E: Iterable[Iterable[object]] = (),
        f: Iterable[object] = (),
        backend: str = "cdd",
    ) -> None:
        check_int(dim, "dim", low=0)
        self._backend = get_backend(backend)
        self.dim = dim
        self.A: Matrix = to_matrix(A, "A", columns=dim)
        self.b: Vector = to_vector(b, "b")
        self.E: Matrix = to_matrix(E, "E", columns=dim)
        self.f: Vector = to_vector(f, "f")
        if len(self.A) != len(self.b):
            raise ShapeError(f"A, b: A has {len(self.A)} rows but b has {len(self.b)} entries")
        if len(self.E) != len(self.f):
            raise ShapeError(f"E, f: E has {len(self.E)} rows but f has {len(self.f)} entries")
        self._param: tuple[Vector, Matrix] | None | bool = False  # False = not computed
        self._canonical: HRep | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def whole_space(cls, dim: int, backend: str = "cdd") -> Polyhedron:
        """All of ``Q^dim``.

        Parameters
        ----------
        dim
            The dimension.
        backend
            ``"cdd"`` or ``"ppl"``.

        Returns
        -------
        Polyhedron
            ``Q^dim``.

        Examples
        --------
        >>> Polyhedron.whole_space(2).is_bounded()
        False
        """
        return cls(dim, backend=backend)

    @classmethod
    def empty(cls, dim: int, backend: str = "cdd") -> Polyhedron:
        """The empty polyhedron, written ``0 . x <= -1``.

        Parameters
        ----------
        dim
            The dimension.
        backend
            ``"cdd"`` or ``"ppl"``.

        Returns
        -------
        Polyhedron
            The empty set.

        Examples
        --------
        >>> Polyhedron.empty(2).is_empty()
        True
        """
        return cls(dim, [[0] * dim], [-1], backend=backend)

    @classmethod
    def box(cls, lower: Sequence[object] | object, upper: Sequence[object] | object, dim: int | None = None,
            backend: str = "cdd") -> Polyhedron:
        """The box ``lower <= x <= upper`` (scalars are repeated ``dim`` times).

        Parameters
        ----------
        lower, upper
            The corners (or scalars).
        dim
            The dimension, for scalars.
        backend
            ``"cdd"`` or ``"ppl"``.

        Returns
        -------
        Polyhedron
            The box.

        Raises
        ------
        DomainError
            When a lower bound exceeds its upper bound.

        Examples
        --------
        >>> Polyhedron.box(-1, 1, dim=3).dimension()
        3
        """
        lo = _bounds(lower, dim, "lower")
        hi = _bounds(upper, dim if dim is not None else len(lo), "upper")
        if len(lo) != len(hi):
            raise ShapeError(f"box: lower has {len(lo)} entries, upper has {len(hi)}")
        for i, (a, c) in enumerate(zip(lo, hi)):
            if a > c:
                raise DomainError(f"box: lower[{i}] = {a} exceeds upper[{i}] = {c}")
        n = len(lo)
        eye = linalg.identity(n)
        A = list(eye) + [tuple(-v for v in row) for row in eye]
        b = list(hi) + [-v for v in lo]
        return cls(n, A, b, backend=backend)

    @classmethod
    def from_generators(
        cls,
        points: Iterable[Iterable[object]],
        rays: Iterable[Iterable[object]] = (),
        lines: Iterable[Iterable[object]] = (),
        dim: int | None = None,
        backend: str = "cdd",
    ) -> Polyhedron:
        """The convex hull of ``points`` plus the cone of ``rays`` plus the span of ``lines``.

        Parameters
        ----------
        points, rays, lines
            The generators.
        dim
            The dimension, when there are no points.
        backend
            ``"cdd"`` or ``"ppl"``.

        Returns
        -------
        Polyhedron
            Its H-representation.

        Examples
        --------
        >>> tri = Polyhedron.from_generators([[0, 0], [1, 0], [0, 1]])
        >>> len(tri.minimized().A), tri.contains(["1/3", "1/3"])
        (3, True)
        """
        pts = tuple(to_vector(p, f"points[{i}]") for i, p in enumerate(points))
        rs = tuple(to_vector(r, f"rays[{i}]") for i, r in enumerate(rays))
        ls = tuple(to_vector(v, f"lines[{i}]") for i, v in enumerate(lines))
        sizes = {len(v) for v in pts + rs + ls}
        if dim is not None:
            sizes.add(dim)
        if len(sizes) != 1:
            raise ShapeError(f"from_generators: generators have different lengths {sorted(sizes)}")
        n = sizes.pop()
        rep = get_backend(backend).from_generators(VRep(n, pts, rs, ls))
        return cls._from_hrep(rep, backend)

    @classmethod
    def _from_hrep(cls, rep: HRep, backend: str) -> Polyhedron:
        return cls(rep.dim, rep.A, rep.b, rep.E, rep.f, backend=backend)

    def with_backend(self, backend: str) -> Polyhedron:
        """The same constraints with another backend.

        Parameters
        ----------
        backend
            ``"cdd"`` or ``"ppl"``.

        Returns
        -------
        Polyhedron
            The same set.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).with_backend("ppl").backend
        'ppl'
        """
        return Polyhedron(self.dim, self.A, self.b, self.E, self.f, backend=backend)

    @property
    def backend(self) -> str:
        return self._backend.name

    def __repr__(self) -> str:
        return (
            f"Polyhedron(dim={self.dim}, inequalities={len(self.A)}, equalities={len(self.E)}, "
            f"backend={self.backend!r})"
        )

    def __eq__(self, other: object) -> bool:
        """Equal as constraint systems (use :meth:`equals` for equality as sets)."""
        if not isinstance(other, Polyhedron):
            return NotImplemented
        return (self.dim, self.A, self.b, self.E, self.f) == (other.dim, other.A, other.b, other.E, other.f)

    def __hash__(self) -> int:
        return hash((self.dim, self.A, self.b, self.E, self.f))

    # ------------------------------------------------------------------ membership
    def contains(self, x: Iterable[object]) -> bool:
        """Whether ``x`` satisfies every constraint (exactly).

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        bool
            Whether ``x`` is in the set.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).contains(["1/2"]), Polyhedron.box([0], [1]).contains([2])
        (True, False)
        """
        point = self._point(x)
        return all(_dot(a, point) <= bi for a, bi in zip(self.A, self.b)) and all(
            _dot(e, point) == fi for e, fi in zip(self.E, self.f)
        )

    def _point(self, x: Iterable[object]) -> Vector:
        point = to_vector(x, "x")
        if len(point) != self.dim:
            raise ShapeError(f"x: has {len(point)} coordinates, the polyhedron lives in dimension {self.dim}")
        return point

    # ------------------------------------------------------------------ equalities
    def _parametrization(self) -> tuple[Vector, Matrix] | None:
        """``(x0, N)`` with ``{E x = f} = {x0 + N y}`` (``N`` is ``dim x k``), or ``None`` if inconsistent."""
        if self._param is False:
            if not self.E:
                self._param = (tuple(Fraction(0) for _ in range(self.dim)), linalg.identity(self.dim))
            else:
                solutions = linalg.affine_solutions(self.E, self.f, self.dim)
                if solutions is None:
                    self._param = None
                else:
                    x0, basis = solutions
                    columns = linalg.transpose(basis, self.dim) if basis else tuple(() for _ in range(self.dim))
                    self._param = (x0, columns)
        return self._param  # type: ignore[return-value]

    def _reduced(self, param: tuple[Vector, Matrix]) -> tuple[int, Matrix, Vector]:
        x0, N = param
        k = len(N[0]) if N and N[0] else 0
        if k == self.dim and not self.E:
            return k, self.A, self.b
        A = tuple(tuple(_dot(a, col) for col in zip(*N)) for a in self.A) if k else tuple(() for _ in self.A)
        b = tuple(bi - _dot(a, x0) for a, bi in zip(self.A, self.b))
        return k, A, b

    # ------------------------------------------------------------------ linear programming
    def maximize(self, c: Iterable[object], certify: bool = True) -> LPResult:
        """Exactly maximise ``c . x`` over the polyhedron.

        Parameters
        ----------
        c
            The objective.
        certify
            Attach a Farkas certificate when infeasible (one more LP).

        Returns
        -------
        LPResult
            The status (``optimal``, ``unbounded``, ``infeasible``), the value, a maximiser, and
            with ``certify`` the dual certificate.

        Examples
        --------
        >>> Polyhedron(1, [[-1]], [0]).maximize([1]).ray
        (Fraction(1, 1),)
        """
        objective = to_vector(c, "c")
        if len(objective) != self.dim:
            raise ShapeError(f"c: has {len(objective)} entries, the polyhedron lives in dimension {self.dim}")
        param = self._parametrization()
        if param is None:
            return self._infeasible(certify)
        x0, N = param
        k, A, b = self._reduced(param)
        if k == 0:
            if all(bi >= 0 for bi in b):
                return LPResult("optimal", _dot(objective, x0), x0)
            return self._infeasible(certify)
        c_red = tuple(_dot(objective, col) for col in zip(*N)) if self.E else objective
        outcome = self._backend.maximize(k, A, b, c_red)
        if outcome.status == "optimal":
            assert outcome.point is not None
            point = self._lift(param, outcome.point)
            if not self.contains(point):
                raise BackendError(f"{self.backend}: LP returned a point that violates the constraints")
            return LPResult("optimal", _dot(objective, point), point)
        feasible = self._feasible_point(k, A, b)
        if feasible is None:
            return self._infeasible(certify)
        ray_red = self._improving_ray(k, A, c_red)
        if ray_red is None:
            raise BackendError(f"{self.backend}: LP reported {outcome.status} on a feasible bounded problem")
        ray = tuple(sum((N[i][j] * ray_red[j] for j in range(k)), Fraction(0)) for i in range(self.dim))
        return LPResult("unbounded", point=self._lift(param, feasible), ray=ray)

    def minimize(self, c: Iterable[object], certify: bool = True) -> LPResult:
        """Exactly minimise ``c . x`` (see :meth:`maximize`); ``ray`` then decreases the objective.

        Parameters
        ----------
        c
            The objective.
        certify
            Also give the dual certificate.

        Returns
        -------
        LPResult
            As :meth:`maximize`.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).minimize([1]).value
        Fraction(0, 1)
        """
        negated = tuple(-v for v in to_vector(c, "c"))
        result = self.maximize(negated, certify)
        if result.value is not None:
            return LPResult(result.status, -result.value, result.point, result.ray, result.certificate)
        return result

    def _lift(self, param: tuple[Vector, Matrix], y: Vector) -> Vector:
        x0, N = param
        if not self.E:
            return tuple(y)
        return tuple(x0[i] + sum((N[i][j] * y[j] for j in range(len(y))), Fraction(0)) for i in range(self.dim))

    def _slack_lp(self, k: int, A: Matrix, b: Vector) -> tuple[Fraction, Vector]:
        """``max t`` s.t. ``A y + t <= b``, ``t <= 1``: always feasible and bounded.

        A zero row ``0 . y <= b`` gets no slack: it holds everywhere (``b >= 0``, dropped) or
        nowhere (``b < 0``, then ``t = b`` says empty). With a slack it would force ``t <= b``
        and make a full-dimensional set look flat when ``b = 0``.
        """
        origin = tuple(Fraction(0) for _ in range(k))
        violated = [bi for a, bi in zip(A, b) if not any(a) and bi < 0]
        if violated:
            return min(violated), origin
        kept = [i for i, a in enumerate(A) if any(a)]
        if len(kept) < len(A):
            A, b = tuple(A[i] for i in kept), tuple(b[i] for i in kept)
        if not A:
            return Fraction(1), origin
        rows = tuple(tuple(a) + (Fraction(1),) for a in A) + (tuple(Fraction(0) for _ in range(k)) + (Fraction(1),),)
        rhs = tuple(b) + (Fraction(1),)
        objective = tuple(Fraction(0) for _ in range(k)) + (Fraction(1),)
        outcome = self._backend.maximize(k + 1, rows, rhs, objective)
        if outcome.status != "optimal" or outcome.point is None or outcome.value is None:
            raise BackendError(f"{self.backend}: auxiliary LP ended {outcome.status}, expected optimal")
        return outcome.value, outcome.point[:k]

    def _feasible_point(self, k: int, A: Matrix, b: Vector) -> Vector | None:
        t, y = self._slack_lp(k, A, b)
        return y if t >= 0 else None

    def _improving_ray(self, k: int, A: Matrix, c: Vector) -> Vector | None:
        """A ray ``r`` with ``A r <= 0`` and ``c . r = 1``, or ``None``."""
        rows = tuple(A) + (tuple(c),)
        rhs = tuple(Fraction(0) for _ in A) + (Fraction(1),)
        outcome = self._backend.maximize(k, rows, rhs, c)
        if outcome.status == "optimal" and outcome.value == 1 and outcome.point is not None:
            return outcome.point
        return None

    def _infeasible(self, certify: bool) -> LPResult:
        return LPResult("infeasible", certificate=self.infeasibility_certificate() if certify else None)

    def is_empty(self) -> bool:
        """Whether the polyhedron has no point (one exact LP).

        Returns
        -------
        bool
            Emptiness.

        Examples
        --------
        >>> Polyhedron(1, [[1], [-1]], [0, -1]).is_empty()           # x <= 0 and x >= 1
        True
        """
        param = self._parametrization()
        if param is None:
            return True
        k, A, b = self._reduced(param)
        if k == 0:
            return any(bi < 0 for bi in b)
        return self._feasible_point(k, A, b) is None

    def infeasibility_certificate(self) -> FarkasCertificate | None:
        """A :class:`FarkasCertificate` when empty, ``None`` when not.

        Solved as the LP ``lambda >= 0, A^T lambda + E^T mu = 0, b.lambda + f.mu = -1``.

        Returns
        -------
        FarkasCertificate or None
            Multipliers proving ``0 <= -1``.

        See Also
        --------
        FarkasCertificate.verify : its check.
        """
        m, p = len(self.A), len(self.E)
        if m + p == 0:
            return None
        n_var = m + p
        ineq = [tuple(Fraction(-1) if j == i else Fraction(0) for j in range(n_var)) for i in range(m)]
        eqs = [
            tuple(self.A[i][col] for i in range(m)) + tuple(self.E[i][col] for i in range(p)) for col in range(self.dim)
        ]
        eqs.append(tuple(self.b) + tuple(self.f))
        rhs = [Fraction(0)] * self.dim + [Fraction(-1)]
        dual = Polyhedron(n_var, ineq, [Fraction(0)] * m, eqs, rhs, backend=self.backend)
        result = dual.maximize(tuple(Fraction(0) for _ in range(n_var)), certify=False)
        if result.status != "optimal" or result.point is None:
            return None
        certificate = FarkasCertificate(result.point[:m], result.point[m:])
        if not certificate.verify(self):
            raise BackendError(f"{self.backend}: Farkas LP returned multipliers that do not certify emptiness")
        return certificate

    # ------------------------------------------------------------------ structure
    def _canonical_rep(self) -> HRep:
        """Implicit equalities found, redundancy removed (by the backend); empty stays empty."""
        if self._canonical is None:
            if self.is_empty():
                zero = tuple(Fraction(0) for _ in range(self.dim))
                self._canonical = HRep(self.dim, (zero,), (Fraction(-1),), (), ())
            else:
                self._canonical = self._backend.canonical(HRep(self.dim, self.A, self.b, self.E, self.f))
        return self._canonical

    def affine_hull(self) -> tuple[Matrix, Vector]:
        """Equalities ``(E', f')`` in reduced row echelon form whose solution set is the affine hull.

        Returns
        -------
        (Matrix, Vector)
            The equalities.

        Raises
        ------
        InfeasibleError
            When the polyhedron is empty.

        See Also
        --------
        dimension : ``dim`` minus their number.
        """
        if self.is_empty():
            raise InfeasibleError("polyhedron: empty, it has no affine hull")
        rep = self._canonical_rep()
        if not rep.E:
            return (), ()
        reduced, _ = linalg.rref(tuple(tuple(e) + (fi,) for e, fi in zip(rep.E, rep.f)))
        return tuple(r[:-1] for r in reduced), tuple(r[-1] for r in reduced)

    def affine_slice(self) -> tuple[Vector, tuple[Vector, ...]]:
        """The affine hull as ``origin + span(directions)``, ``origin`` in the relative interior.

        The directions are a basis of the kernel of the hull's equalities, ``dimension()`` of them
        (the unit vectors when the polyhedron is full-dimensional). Restricting a map to
        ``y -> origin + sum_j y_j directions[j]`` turns a flat polyhedron into a full-dimensional one
        (:meth:`affine_preimage`).

        Returns
        -------
        (tuple of Fraction, tuple of tuple of Fraction)
            A point of the relative interior and the directions.

        Raises
        ------
        InfeasibleError
            When the polyhedron is empty.

        See Also
        --------
        affine_hull : the same hull as equalities.
        exact.network.precompose : a network restricted to the slice.

        Examples
        --------
        >>> flat = Polyhedron.box([0, 2], [1, 2])                     # 0 <= x <= 1, y = 2
        >>> origin, directions = flat.affine_slice()
        >>> [str(v) for v in origin], [[str(v) for v in d] for d in directions]
        (['1/2', '2'], [['1', '0']])
        """
        E, _ = self.affine_hull()
        origin = self.interior_point()
        return origin, (linalg.nullspace(E, self.dim) if E else linalg.identity(self.dim))

    def dimension(self) -> int:
        """The dimension of the polyhedron (``-1`` when empty).

        Returns
        -------
        int
            The dimension.

        Examples
        --------
        >>> Polyhedron(2, [[1, 0], [-1, 0]], [0, 0]).dimension()              # the line x = 0
        1
        """
        if self.is_empty():
            return -1
        E, _ = self.affine_hull()
        return self.dim - len(E)

    def is_full_dimensional(self) -> bool:
        """Whether the polyhedron has an interior point in ``Q^dim`` (one LP, no canonicalisation).

        Returns
        -------
        bool
            Whether it has an interior point.

        Examples
        --------
        >>> Polyhedron.box([0, 0], [1, 1]).is_full_dimensional()
        True
        """
        if self.E:
            return self.dimension() == self.dim
        t, _ = self._slack_lp(self.dim, self.A, self.b)
        return t > 0

    def interior_point(self) -> Vector:
        """A rational point of the relative interior (strict in every non-implicit inequality).

        Returns
        -------
        tuple of Fraction
            The point.

        Raises
        ------
        InfeasibleError
            When the polyhedron is empty.

        Examples
        --------
        >>> seg = Polyhedron(2, [[-1, 0], [1, 0]], [0, 1], [[0, 1]], [2])
        >>> seg.interior_point()
        (Fraction(1, 2), Fraction(2, 1))
        """
        if not self.E:
            t, y = self._slack_lp(self.dim, self.A, self.b)
            if t > 0:
                return y
        if self.is_empty():
            raise InfeasibleError("polyhedron: empty, it has no interior point")
        E, f = self.affine_hull()
        rep = self._canonical_rep()
        inner = Polyhedron(self.dim, rep.A, rep.b, E, f, backend=self.backend)
        param = inner._parametrization()
        assert param is not None
        k, A, b = inner._reduced(param)
        if k == 0:
            return param[0]
        t, y = inner._slack_lp(k, A, b)
        point = inner._lift(param, y)
        if t <= 0 or not all(_dot(a, point) < bi for a, bi in zip(rep.A, rep.b)):
            raise BackendError(f"{self.backend}: relative interior LP did not give a strict point")
        return point

    def minimized(self) -> Polyhedron:
        """The canonical irredundant H-representation (unique for the set).

        Equalities are the RREF of the affine hull; each facet inequality is reduced
        modulo the equalities, scaled to coprime integers and the rows sorted, so two
        polyhedra are equal as sets iff their minimized forms are equal.

        Returns
        -------
        Polyhedron
            The same set.

        See Also
        --------
        equals : compares canonical forms.
        """
        if self.is_empty():
            return Polyhedron.empty(self.dim, self.backend)
        E, f = self.affine_hull()
        rep = self._canonical_rep()
        pivots = [next(j for j, v in enumerate(row) if v) for row in E]
        rows = set()
        for a, bi in zip(rep.A, rep.b):
            a_list, b_val = list(a), bi
            for row, fi, p in zip(E, f, pivots):
                factor = a_list[p]
                if factor:
                    a_list = [x - factor * y for x, y in zip(a_list, row)]
                    b_val -= factor * fi
            if all(v == 0 for v in a_list):
                continue  # trivially true on the affine hull (non-empty, so 0 <= b_val)
            ints = linalg.clear_denominators(tuple(a_list) + (b_val,))
            rows.add(tuple(Fraction(v) for v in ints))
        ordered = sorted(rows)
        return Polyhedron(
            self.dim, [r[:-1] for r in ordered], [r[-1] for r in ordered], E, f, backend=self.backend
        )

    def generators(self) -> VRep:
        """Points, rays and lines of a V-representation (points are vertices when there are no lines).

        Returns
        -------
        VRep
            Exact generators.

        See Also
        --------
        vertices, rays, lines : their parts.
        """
        if self.is_empty():
            return VRep(self.dim, (), (), ())
        return self._backend.generators(self._canonical_rep())

    def vertices(self) -> tuple[Vector, ...]:
        """The vertices, sorted (empty when the polyhedron has lines or is empty).

        Returns
        -------
        tuple of tuple of Fraction
            The vertices.

        Examples
        --------
        >>> Polyhedron.box([0], [2]).vertices()
        ((Fraction(0, 1),), (Fraction(2, 1),))
        """
        gens = self.generators()
        if gens.lines:
            return ()
        return tuple(sorted(set(gens.points)))

    def rays(self) -> tuple[Vector, ...]:
        """The extreme rays as primitive integer directions, sorted (lines excluded).

        Returns
        -------
        tuple of tuple
            The rays.

        Examples
        --------
        >>> Polyhedron(1, [[-1]], [0]).rays()                    # x >= 0
        ((Fraction(1, 1),),)
        """
        gens = self.generators()
        return tuple(sorted({tuple(Fraction(v) for v in linalg.clear_denominators(r)) for r in gens.rays}))

    def lines(self) -> tuple[Vector, ...]:
        """A basis of the lineality space in reduced row echelon form.

        Returns
        -------
        tuple of tuple of Fraction
            The basis.

        Examples
        --------
        >>> Polyhedron(2, [[1, 0]], [0]).lines()                   # x <= 0: the y axis
        ((Fraction(0, 1), Fraction(1, 1)),)
        """
        gens = self.generators()
        return linalg.row_space_basis(gens.lines, self.dim) if gens.lines else ()

    def is_bounded(self) -> bool:
        """Whether the polyhedron is bounded (empty counts as bounded).

        Returns
        -------
        bool
            Boundedness.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).is_bounded(), Polyhedron(1, [[1]], [0]).is_bounded()
        (True, False)
        """
        gens = self.generators()
        return not gens.rays and not gens.lines

    def volume(self) -> Fraction:
        """The exact ``dim``-dimensional volume (0 when lower-dimensional or empty).

        Computed by a pulling triangulation: the smallest vertex is coned over the
        triangulated faces that do not contain it, recursively through the face lattice
        read off the vertex-facet incidences; each simplex adds ``|det| / d!``.

        Returns
        -------
        Fraction
            The volume.

        Raises
        ------
        DomainError
            When the polyhedron is unbounded.

        Examples
        --------
        >>> Polyhedron.from_generators([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]).volume()
        Fraction(1, 6)
        >>> Polyhedron.box([0, 0], [2, "1/3"]).volume()
        Fraction(2, 3)
        """
        if self.is_empty() or self.dimension() < self.dim:
            return Fraction(0)
        if not self.is_bounded():
            raise DomainError("volume: the polyhedron is unbounded")
        verts = self.vertices()
        if self.dim == 0:
            return Fraction(1)
        canon = self.minimized()
        facets = [
            frozenset(i for i, v in enumerate(verts) if _dot(a, v) == b) for a, b in zip(canon.A, canon.b)
        ]
        total = Fraction(0)
        for simplex in _pulling_triangulation(frozenset(range(len(verts))), self.dim, facets, verts):
            base = verts[simplex[0]]
            rows = tuple(tuple(p - q for p, q in zip(verts[i], base)) for i in simplex[1:])
            det = linalg.to_fmpq_mat(rows).det()
            total += abs(Fraction(int(det.p), int(det.q)))
        return total / math.factorial(self.dim)

    # ------------------------------------------------------------------ operations
    def _same_dim(self, other: Polyhedron, what: str) -> None:
        if other.dim != self.dim:
            raise ShapeError(f"{what}: dimensions {self.dim} and {other.dim} differ")

    def intersection(self, other: Polyhedron) -> Polyhedron:
        """The intersection (constraints concatenated; this polyhedron's backend).

        Parameters
        ----------
        other
            A polyhedron of the same dimension.

        Returns
        -------
        Polyhedron
            The intersection.

        Examples
        --------
        >>> Polyhedron.box([0], [2]).intersection(Polyhedron.box([1], [3])).vertices()
        ((Fraction(1, 1),), (Fraction(2, 1),))
        """
        self._same_dim(other, "intersection")
        return Polyhedron(self.dim, self.A + other.A, self.b + other.b, self.E + other.E, self.f + other.f,
                          backend=self.backend)

    def affine_preimage(self, matrix: Iterable[Iterable[object]], offset: Iterable[object] | None = None) -> Polyhedron:
        """``{x : M x + v in P}`` (``M`` is ``dim x k``), by substitution.

        Parameters
        ----------
        matrix
            ``M``.
        offset
            ``v`` (zero by default).

        Returns
        -------
        Polyhedron
            The preimage.

        Examples
        --------
        >>> P = Polyhedron.box([0], [1]).affine_preimage([[2, 0]], [-1])
        >>> P.contains([1, 5]), P.contains([2, 0])
        (True, False)
        """
        M = to_matrix(matrix, "matrix")
        if len(M) != self.dim:
            raise ShapeError(f"affine_preimage: matrix has {len(M)} rows, expected {self.dim}")
        k = len(M[0]) if M else 0
        v = to_vector(offset, "offset") if offset is not None else tuple(Fraction(0) for _ in range(self.dim))
        if len(v) != self.dim:
            raise ShapeError(f"affine_preimage: offset has {len(v)} entries, expected {self.dim}")
        A = linalg.matmul(self.A, M, self.dim) if self.A else ()
        E = linalg.matmul(self.E, M, self.dim) if self.E else ()
        b = tuple(bi - _dot(a, v) for a, bi in zip(self.A, self.b))
        f = tuple(fi - _dot(e, v) for e, fi in zip(self.E, self.f))
        return Polyhedron(k, A, b, E, f, backend=self.backend)

    def affine_image(self, matrix: Iterable[Iterable[object]], offset: Iterable[object] | None = None) -> Polyhedron:
        """``{M x + v : x in P}`` (``M`` is ``k x dim``), through the generators.

        Parameters
        ----------
        matrix
            ``M``.
        offset
            ``v`` (zero by default).

        Returns
        -------
        Polyhedron
            The image.

        Examples
        --------
        >>> P = Polyhedron.box([0, 0], [1, 1]).affine_image([[1, 1]])
        >>> P.minimized().A, P.minimized().b
        (((Fraction(-1, 1),), (Fraction(1, 1),)), (Fraction(0, 1), Fraction(2, 1)))
        """
        M = to_matrix(matrix, "matrix", columns=None)
        if any(len(row) != self.dim for row in M):
            raise ShapeError(f"affine_image: matrix rows must have {self.dim} entries")
        k = len(M)
        v = to_vector(offset, "offset") if offset is not None else tuple(Fraction(0) for _ in range(k))
        if len(v) != k:
            raise ShapeError(f"affine_image: offset has {len(v)} entries, expected {k}")
        gens = self.generators()
        if not gens.points:
            return Polyhedron.empty(k, self.backend)
        image = VRep(
            k,
            tuple(tuple(x + y for x, y in zip(linalg.matvec(M, p), v)) for p in gens.points),
            tuple(linalg.matvec(M, r) for r in gens.rays),
            tuple(linalg.matvec(M, line) for line in gens.lines),
        )
        return Polyhedron._from_hrep(self._backend.from_generators(image), self.backend)

    def project(self, coordinates: Sequence[int]) -> Polyhedron:
        """The projection onto the given coordinates (in that order).

        Parameters
        ----------
        coordinates
            The coordinates kept.

        Returns
        -------
        Polyhedron
            The projection.

        Examples
        --------
        >>> Polyhedron.box([0, 5], [1, 6]).project([1]).vertices()
        ((Fraction(5, 1),), (Fraction(6, 1),))
        """
        for c in coordinates:
            if not isinstance(c, int) or not 0 <= c < self.dim:
                raise ShapeError(f"project: coordinate {c!r} is not in range({self.dim})")
        rows = [[1 if j == c else 0 for j in range(self.dim)] for c in coordinates]
        return self.affine_image(rows)

    def issubset(self, other: Polyhedron) -> bool:
        """Whether this polyhedron is contained in ``other`` (exact LPs).

        Parameters
        ----------
        other
            A polyhedron.

        Returns
        -------
        bool
            Containment.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).issubset(Polyhedron.box([-1], [1]))
        True
        """
        self._same_dim(other, "issubset")
        if self.is_empty():
            return True
        for a, bi in zip(other.A, other.b):
            result = self.maximize(a, certify=False)
            if result.status == "unbounded" or (result.value is not None and result.value > bi):
                return False
        for e, fi in zip(other.E, other.f):
            high, low = self.maximize(e, certify=False), self.minimize(e, certify=False)
            if high.value != fi or low.value != fi:
                return False
        return True

    def equals(self, other: Polyhedron) -> bool:
        """Whether the two polyhedra are the same set.

        Parameters
        ----------
        other
            A polyhedron.

        Returns
        -------
        bool
            Set equality.

        Examples
        --------
        >>> Polyhedron.box([0], [1]).equals(Polyhedron.from_generators([[0], [1]]))
        True
        """
        return self.issubset(other) and other.issubset(self)

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """The JSON form ``{"dim", "inequalities": [{"a", "b"}], "equalities": [...]}`` with ``"p/q"`` strings.

        Returns
        -------
        dict
            The JSON form.

        See Also
        --------
        exact.io.polyhedron_from_json : the way back.
        """
        return {
            "dim": self.dim,
            "inequalities": [{"a": [fr(v) for v in a], "b": fr(bi)} for a, bi in zip(self.A, self.b)],
            "equalities": [{"a": [fr(v) for v in e], "b": fr(fi)} for e, fi in zip(self.E, self.f)],
        }


def _affine_dimension(ids: frozenset[int], verts: Sequence[Vector]) -> int:
    items = sorted(ids)
    if not items:
        return -1
    base = verts[items[0]]
    return linalg.rank(tuple(tuple(p - q for p, q in zip(verts[i], base)) for i in items[1:]))


def _pulling_triangulation(
    face: frozenset[int], dim: int, facets: Sequence[frozenset[int]], verts: Sequence[Vector]
) -> list[tuple[int, ...]]:
    """Simplices (vertex index tuples) triangulating the ``dim``-face spanned by ``face``."""
    if dim == 0:
        return [(min(face),)]
    apex = min(face)
    subfaces = {face & f for f in facets}
    subfaces = {f for f in subfaces if f != face and _affine_dimension(f, verts) == dim - 1}
    result = []
    for sub in subfaces:
        if apex in sub:
            continue
        for simplex in _pulling_triangulation(sub, dim - 1, facets, verts):
            result.append((apex,) + simplex)
    return result


def _bounds(value: Sequence[object] | object, dim: int | None, name: str) -> Vector:
    if isinstance(value, (list, tuple)):
        vec = to_vector(value, name)
        if dim is not None and len(vec) != dim:
            raise ShapeError(f"box: {name} has {len(vec)} entries, expected {dim}")
        return vec
    if dim is None:
        raise ShapeError(f"box: {name} is a scalar; give dim")
    return tuple(to_rational(value, name) for _ in range(dim))


def simplify_point(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], x: Sequence[Fraction]) -> Vector:
    """A point with small denominators in the same open set: ``a . y < b`` for every row with ``a != 0``.

    ``x`` must satisfy those rows strictly. Each coordinate in turn is replaced by the simplest
    rational of the open interval the rows allow it, the others held fixed (no LP: each row
    bounds the coordinate directly), so the result is still strictly inside.

    Parameters
    ----------
    A, b
        The rows ``a . y < b``.
    x
        A point of the open set.

    Returns
    -------
    tuple of Fraction
        A point of the same open set with small denominators.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> simplify_point([[Q(1)], [Q(-1)]], [Q(1), Q(0)], [Q(333, 1000)])   # 0 < y < 1
    (Fraction(1, 2),)

    >>> from fractions import Fraction as F
    >>> simplify_point([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0], [F(7, 19), F(5, 13)])
    (Fraction(1, 2), Fraction(1, 2))
    """
    point = list(x)
    rows = [(list(a), bi) for a, bi in zip(A, b) if any(a)]
    for i in range(len(point)):
        lo: Fraction | None = None
        hi: Fraction | None = None
        for a, bi in rows:
            if not a[i]:
                continue
            rest = bi - sum((a[j] * point[j] for j in range(len(point)) if j != i), Fraction(0))
            bound = rest / a[i]
            if a[i] > 0:
                hi = bound if hi is None else min(hi, bound)
            else:
                lo = bound if lo is None else max(lo, bound)
        if (lo is None or lo < point[i]) and (hi is None or point[i] < hi):
            point[i] = simplest_between(lo, hi)
    return tuple(point)

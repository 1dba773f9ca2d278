"""The two exact polyhedron backends behind :class:`exact.polyhedron.Polyhedron`.

Each backend implements four primitives on an H-representation
``A x <= b, E x = f`` over the rationals:

- ``maximize``: an inequality-only LP (equalities are eliminated by the caller),
- ``canonical``: implicit equalities found and redundant inequalities removed,
- ``generators``: points, rays and lines of a V-representation,
- ``from_generators``: an H-representation of the hull of points, rays and lines.

``cdd`` uses pycddlib's GMP rational arithmetic (``cdd.gmp``); ``ppl`` uses the
Parma Polyhedra Library through pplpy, which takes integer coefficients, so rows
are scaled by the lcm of their denominators. Everything is exact in both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from exact.errors import BackendError
from exact.linalg import clear_denominators, common_denominator
from exact.numbers import Matrix, Vector

__all__ = ["LPOutcome", "HRep", "VRep", "Backend", "CddBackend", "PplBackend", "get_backend", "BACKENDS"]


@dataclass(frozen=True)
class LPOutcome:
    """The raw result of ``maximize c.x`` subject to ``A x <= b`` (no equalities).

    See Also
    --------
    exact.polyhedron.LPResult : what users see.
    """

    status: str  # "optimal" | "infeasible" | "unbounded"
    value: Fraction | None = None
    point: Vector | None = None


@dataclass(frozen=True)
class HRep:
    """``A x <= b`` and ``E x = f`` in dimension ``dim``.

    See Also
    --------
    VRep : the other representation.
    """

    dim: int
    A: Matrix
    b: Vector
    E: Matrix
    f: Vector


@dataclass(frozen=True)
class VRep:
    """The hull of ``points`` plus the cone of ``rays`` plus the span of ``lines``.

    See Also
    --------
    HRep : the other representation.
    """

    dim: int
    points: tuple[Vector, ...]
    rays: tuple[Vector, ...]
    lines: tuple[Vector, ...]


class Backend(Protocol):
    """What a polyhedron backend offers: exact LPs, conversions between H- and V-representations.

    See Also
    --------
    CddBackend, PplBackend : the two implementations.
    """

    name: str

    def maximize(self, dim: int, A: Matrix, b: Vector, c: Vector) -> LPOutcome:
        """Exactly maximise ``c . x`` subject to ``A x <= b`` in ``Q^dim``.

        Parameters
        ----------
        dim
            The dimension.
        A, b
            The inequalities.
        c
            The objective.

        Returns
        -------
        LPOutcome
            ``optimal`` with the value and a maximiser, ``unbounded`` with a ray, or ``infeasible``.

        See Also
        --------
        exact.polyhedron.Polyhedron.maximize : what users call.
        """

    def canonical(self, rep: HRep) -> HRep:
        """The irredundant H-representation of the same set (implicit equalities made explicit).

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        HRep
            The canonical one.

        See Also
        --------
        exact.polyhedron.Polyhedron.minimized : what users call.
        """

    def generators(self, rep: HRep) -> VRep:
        """A V-representation of the set.

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        VRep
            Its points, rays and lines.

        See Also
        --------
        from_generators : the way back.
        """

    def from_generators(self, rep: VRep) -> HRep:
        """An H-representation of the hull of the generators.

        Parameters
        ----------
        rep
            A V-representation.

        Returns
        -------
        HRep
            Its inequalities and equalities.

        See Also
        --------
        generators : the way back.
        """


def _empty_hrep(dim: int) -> HRep:
    zero = tuple(Fraction(0) for _ in range(dim))
    return HRep(dim, (zero,), (Fraction(-1),), (), ())


@contextmanager
def _silenced() -> Iterator[None]:
    """Send what C code writes to stdout and stderr to /dev/null while the block runs."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError):
            pass
    saved = []
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        for fd in (1, 2):
            try:
                saved.append((fd, os.dup(fd)))
                os.dup2(null, fd)
            except OSError:
                pass
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)


class CddBackend:
    """pycddlib 3.x, ``cdd.gmp`` (exact rationals).

    See Also
    --------
    PplBackend : the other backend (also exact).
    """

    name = "cdd"

    def __init__(self) -> None:
        import cdd
        import cdd.gmp

        self._cdd = cdd
        self._gmp = cdd.gmp

    def maximize(self, dim: int, A: Matrix, b: Vector, c: Vector) -> LPOutcome:
        """Exactly maximise ``c . x`` subject to ``A x <= b`` in ``Q^dim``.

        Parameters
        ----------
        dim
            The dimension.
        A, b
            The inequalities.
        c
            The objective.

        Returns
        -------
        LPOutcome
            ``optimal`` with the value and a maximiser, ``unbounded`` with a ray, or ``infeasible``.

        See Also
        --------
        exact.polyhedron.Polyhedron.maximize : what users call.
        """
        cdd, gmp = self._cdd, self._gmp
        # cdd stores rows as [b | -A] meaning b - A x >= 0; objective row [0 | c].
        rows = [[bi] + [-v for v in ai] for ai, bi in zip(A, b)]
        rows.append([Fraction(0)] + list(c))
        lp = gmp.linprog_from_array(rows, obj_type=cdd.LPObjType.MAX)
        with _silenced():        # cddlib prints its pivot-limit warnings on the terminal itself
            gmp.linprog_solve(lp)
        status = lp.status
        if status == cdd.LPStatusType.OPTIMAL:
            return LPOutcome("optimal", Fraction(lp.obj_value), tuple(Fraction(v) for v in lp.primal_solution))
        if status == cdd.LPStatusType.INCONSISTENT:
            return LPOutcome("infeasible")
        if status == cdd.LPStatusType.DUAL_INCONSISTENT:
            return LPOutcome("unbounded")
        # cddlib gave up (its pivot limit) or answered structurally: the same exact LP with PPL's solver
        return PplBackend().maximize(dim, A, b, c)

    def canonical(self, rep: HRep) -> HRep:
        """The irredundant H-representation of the same set (implicit equalities made explicit).

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        HRep
            The canonical one.

        See Also
        --------
        exact.polyhedron.Polyhedron.minimized : what users call.
        """
        cdd, gmp = self._cdd, self._gmp
        rows = [[bi] + [-v for v in ai] for ai, bi in zip(rep.A, rep.b)]
        rows += [[fi] + [-v for v in ei] for ei, fi in zip(rep.E, rep.f)]
        if not rows:
            return rep
        lin = set(range(len(rep.A), len(rows)))
        mat = gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
        gmp.matrix_canonicalize(mat)
        A, b, E, f = [], [], [], []
        for i, row in enumerate(mat.array):
            coeffs = tuple(-Fraction(v) for v in row[1:])
            if i in mat.lin_set:
                E.append(coeffs)
                f.append(Fraction(row[0]))
            else:
                A.append(coeffs)
                b.append(Fraction(row[0]))
        return HRep(rep.dim, tuple(A), tuple(b), tuple(E), tuple(f))

    def generators(self, rep: HRep) -> VRep:
        """A V-representation of the set.

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        VRep
            Its points, rays and lines.

        See Also
        --------
        from_generators : the way back.
        """
        cdd, gmp = self._cdd, self._gmp
        rows = [[bi] + [-v for v in ai] for ai, bi in zip(rep.A, rep.b)]
        rows += [[fi] + [-v for v in ei] for ei, fi in zip(rep.E, rep.f)]
        if not rows:  # all of R^n
            origin = tuple(Fraction(0) for _ in range(rep.dim))
            units = tuple(tuple(Fraction(int(i == j)) for j in range(rep.dim)) for i in range(rep.dim))
            return VRep(rep.dim, (origin,), (), units)
        lin = set(range(len(rep.A), len(rows)))
        mat = gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
        gens = gmp.copy_generators(gmp.polyhedron_from_matrix(mat))
        points, rays, lines = [], [], []
        for i, row in enumerate(gens.array):
            vec = tuple(Fraction(v) for v in row[1:])
            if i in gens.lin_set:
                lines.append(vec)
            elif row[0] == 0:
                rays.append(vec)
            else:
                points.append(tuple(v / Fraction(row[0]) for v in vec))
        if not points and (rays or lines):
            # cdd leaves the origin implicit when it is a point of the polyhedron.
            points.append(tuple(Fraction(0) for _ in range(rep.dim)))
        return VRep(rep.dim, tuple(points), tuple(rays), tuple(lines))

    def from_generators(self, rep: VRep) -> HRep:
        """An H-representation of the hull of the generators.

        Parameters
        ----------
        rep
            A V-representation.

        Returns
        -------
        HRep
            Its inequalities and equalities.

        See Also
        --------
        generators : the way back.
        """
        cdd, gmp = self._cdd, self._gmp
        if not rep.points:
            return _empty_hrep(rep.dim)
        if rep.dim == 0:
            return HRep(0, (), (), (), ())
        rows = [[Fraction(1)] + list(p) for p in rep.points]
        rows += [[Fraction(0)] + list(r) for r in rep.rays]
        lin = set(range(len(rows), len(rows) + len(rep.lines)))
        rows += [[Fraction(0)] + list(v) for v in rep.lines]
        mat = gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.GENERATOR)
        ineq = gmp.copy_inequalities(gmp.polyhedron_from_matrix(mat))
        A: list[Vector] = []
        E: list[Vector] = []
        b: list[Fraction] = []
        f: list[Fraction] = []
        for i, row in enumerate(ineq.array):
            coeffs = tuple(-Fraction(v) for v in row[1:])
            if all(v == 0 for v in coeffs):
                continue  # cdd's 1 >= 0 row for bounded polytopes
            (E if i in ineq.lin_set else A).append(coeffs)
            (f if i in ineq.lin_set else b).append(Fraction(row[0]))
        return self.canonical(HRep(rep.dim, tuple(A), tuple(b), tuple(E), tuple(f)))


class PplBackend:
    """The Parma Polyhedra Library via pplpy (integer coefficients; exact).

    See Also
    --------
    CddBackend : the default backend.
    """

    name = "ppl"

    def __init__(self) -> None:
        import ppl

        self._ppl = ppl

    def _constraints(self, rep: HRep) -> object:
        ppl = self._ppl
        cs = ppl.Constraint_System()
        for ai, bi in zip(rep.A, rep.b):
            *coeffs, rhs = clear_denominators(tuple(ai) + (bi,))
            cs.insert(ppl.Linear_Expression(list(coeffs), -rhs) <= 0)
        for ei, fi in zip(rep.E, rep.f):
            *coeffs, rhs = clear_denominators(tuple(ei) + (fi,))
            cs.insert(ppl.Linear_Expression(list(coeffs), -rhs) == 0)
        return cs

    def _polyhedron(self, rep: HRep) -> object:
        ppl = self._ppl
        if not rep.A and not rep.E:
            return ppl.C_Polyhedron(rep.dim, "universe")
        return ppl.C_Polyhedron(self._constraints(rep))

    def maximize(self, dim: int, A: Matrix, b: Vector, c: Vector) -> LPOutcome:
        """Exactly maximise ``c . x`` subject to ``A x <= b`` in ``Q^dim``.

        Parameters
        ----------
        dim
            The dimension.
        A, b
            The inequalities.
        c
            The objective.

        Returns
        -------
        LPOutcome
            ``optimal`` with the value and a maximiser, ``unbounded`` with a ray, or ``infeasible``.

        See Also
        --------
        exact.polyhedron.Polyhedron.maximize : what users call.
        """
        ppl = self._ppl
        rep = HRep(dim, A, b, (), ())
        scale = common_denominator(c)
        objective = ppl.Linear_Expression([int(v * scale) for v in c], 0)
        if not A:
            if any(c):
                return LPOutcome("unbounded")
            return LPOutcome("optimal", Fraction(0), tuple(Fraction(0) for _ in range(dim)))
        problem = ppl.MIP_Problem(dim, self._constraints(rep), objective, "maximization")
        status = problem.solve()["status"]
        if status == "unfeasible":
            return LPOutcome("infeasible")
        if status == "unbounded":
            return LPOutcome("unbounded")
        if status != "optimized":
            raise BackendError(f"ppl: unexpected MIP status {status!r}")
        g = problem.optimizing_point()
        d = int(g.divisor())
        point = tuple(Fraction(int(v), d) for v in g.coefficients())
        point = point + tuple(Fraction(0) for _ in range(dim - len(point)))
        value = sum((ci * xi for ci, xi in zip(c, point)), Fraction(0))
        return LPOutcome("optimal", value, point)

    def canonical(self, rep: HRep) -> HRep:
        """The irredundant H-representation of the same set (implicit equalities made explicit).

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        HRep
            The canonical one.

        See Also
        --------
        exact.polyhedron.Polyhedron.minimized : what users call.
        """
        if not rep.A and not rep.E:
            return rep
        poly = self._polyhedron(rep)
        if poly.is_empty():  # type: ignore[attr-defined]
            return _empty_hrep(rep.dim)
        return self._read_constraints(rep.dim, poly.minimized_constraints())  # type: ignore[attr-defined]

    def _read_constraints(self, dim: int, constraints: Sequence[object]) -> HRep:
        A, b, E, f = [], [], [], []
        for con in constraints:
            coeffs = tuple(Fraction(int(v)) for v in con.coefficients())  # type: ignore[attr-defined]
            coeffs = coeffs + tuple(Fraction(0) for _ in range(dim - len(coeffs)))
            const = Fraction(int(con.inhomogeneous_term()))  # type: ignore[attr-defined]
            # ppl: coeffs . x + const >= 0 (or == 0)  ->  -coeffs . x <= const
            if con.is_equality():  # type: ignore[attr-defined]
                E.append(tuple(-v for v in coeffs))
                f.append(const)
            else:
                A.append(tuple(-v for v in coeffs))
                b.append(const)
        return HRep(dim, tuple(A), tuple(b), tuple(E), tuple(f))

    def generators(self, rep: HRep) -> VRep:
        """A V-representation of the set.

        Parameters
        ----------
        rep
            An H-representation.

        Returns
        -------
        VRep
            Its points, rays and lines.

        See Also
        --------
        from_generators : the way back.
        """
        poly = self._polyhedron(rep)
        points, rays, lines = [], [], []
        for g in poly.minimized_generators():  # type: ignore[attr-defined]
            coeffs = tuple(Fraction(int(v)) for v in g.coefficients())
            coeffs = coeffs + tuple(Fraction(0) for _ in range(rep.dim - len(coeffs)))
            if g.is_point():
                d = int(g.divisor())
                points.append(tuple(v / d for v in coeffs))
            elif g.is_ray():
                rays.append(coeffs)
            elif g.is_line():
                lines.append(coeffs)
            else:  # pragma: no cover - closure points exist only in NNC polyhedra
                raise BackendError(f"ppl: unexpected generator {g}")
        return VRep(rep.dim, tuple(points), tuple(rays), tuple(lines))

    def from_generators(self, rep: VRep) -> HRep:
        """An H-representation of the hull of the generators.

        Parameters
        ----------
        rep
            A V-representation.

        Returns
        -------
        HRep
            Its inequalities and equalities.

        See Also
        --------
        generators : the way back.
        """
        ppl = self._ppl
        if not rep.points:
            return _empty_hrep(rep.dim)
        if rep.dim == 0:
            return HRep(0, (), (), (), ())
        gs = ppl.Generator_System()
        for p in rep.points:
            d = common_denominator(p)
            gs.insert(ppl.point(ppl.Linear_Expression([int(v * d) for v in p], 0), d))
        for r in rep.rays:
            gs.insert(ppl.ray(ppl.Linear_Expression(list(clear_denominators(r)), 0)))
        for direction in rep.lines:
            gs.insert(ppl.line(ppl.Linear_Expression(list(clear_denominators(direction)), 0)))
        poly = ppl.C_Polyhedron(gs)
        return self._read_constraints(rep.dim, poly.minimized_constraints())


BACKENDS = ("cdd", "ppl")
_INSTANCES: dict[str, Backend] = {}


def get_backend(name: str) -> Backend:
    """The backend called ``name`` (``"cdd"`` or ``"ppl"``).

    Parameters
    ----------
    name
        ``"cdd"`` or ``"ppl"``.

    Returns
    -------
    Backend
        The shared instance.

    Raises
    ------
    BackendError
        For another name, or a backend that is not installed.

    Examples
    --------
    >>> type(get_backend("cdd")).__name__
    'CddBackend'

    >>> get_backend("ppl").name
    'ppl'
    """
    if name not in BACKENDS:
        raise BackendError(f"backend: {name!r} is not one of {list(BACKENDS)}")
    if name not in _INSTANCES:
        _INSTANCES[name] = CddBackend() if name == "cdd" else PplBackend()
    return _INSTANCES[name]

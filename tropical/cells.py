"""Cells as exact V-representations that split by hyperplanes without linear programming.

A cell is a full-dimensional polyhedron ``{x : a_i . x <= b_i}``, kept as the homogenised
cone ``{(x, t) : b_i t - a_i . x >= 0, t >= 0}`` in ``Z^(n+1)``: extreme generators (points
``(d x, d)`` with ``d > 0``, rays ``(r, 0)``), each with the set of constraints tight on it,
and a basis of lines (the lineality space). Everything is integer arithmetic.

Splitting by ``h . (x, t) >= 0`` is one step of the double description method: generators
keep their side, and each adjacent pair across the hyperplane adds
``h(g+) g- - h(g-) g+``. Adjacency is decided combinatorially: two extreme generators are
adjacent iff no third generator is tight on every constraint tight on both and they share
enough tight constraints (Fukuda and Prodon, "Double description method revisited").

Examples
--------
>>> cell = Cell.whole_space(2)
>>> right, left = cell.split((1, 0, 0))          # x >= 0 and x <= 0
>>> up, down = right.split((0, 1, -1))            # y >= 1 and y <= 1 within x >= 0
>>> sorted(up.points()), sorted(up.rays())
([(Fraction(0, 1), Fraction(1, 1))], [(0, 1), (1, 0)])
>>> up.interior_point()
(Fraction(1, 1), Fraction(2, 1))
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from exact.linalg import primitive

__all__ = ["Cell"]

Gen = tuple[int, ...]

def _normalise(g: Sequence[int]) -> Gen:
    return primitive(g)


def _dot(h: Sequence[int], g: Sequence[int]) -> int:
    total = 0
    for u, v in zip(h, g):
        if u and v:
            total += u * v
    return total


def _bit(index: int) -> int:
    """Constraint ``index`` (``-2`` unnamed, ``-1`` for ``t >= 0``, ``0, 1, ...``) as a bit of a tight set."""
    return 1 << (index + 2)


class Cell:
    """A full-dimensional cell as a V-representation in homogeneous integer coordinates.

    ``generators[i]`` is an extreme point or ray, ``tight[i]`` the set of constraints tight on
    it as a bit mask (constraint ``k`` is bit ``k + 2``, ``t >= 0`` is ``k = -1``), ``lines`` a
    basis of the lineality space. Constraints are numbered by the caller (each split names its
    constraint, unique along a chain of splits).

    See Also
    --------
    tropical.enumeration.region_cells : every region of a network as one.

    References
    ----------
    ``MATH.md`` section 7 (cutting a face by a later zero set); A. Berzins, ICML 2023 (edge
    subdivision).
    """

    __slots__ = ("dim", "generators", "tight", "lines", "constraints")

    def __init__(self, dim: int, generators: list[Gen], tight: list[int], lines: list[Gen],
                 constraints: int) -> None:
        self.dim = dim
        self.generators = generators
        self.tight = tight
        self.lines = lines
        self.constraints = constraints  # every constraint applied so far, -1 (t >= 0) included, as bits

    @classmethod
    def whole_space(cls, dim: int) -> Cell:
        """``R^dim``: the origin and ``dim`` lines.

        Parameters
        ----------
        dim
            The dimension.

        Returns
        -------
        Cell
            ``R^dim``.

        See Also
        --------
        from_constraints
        """
        origin = tuple([0] * dim + [1])
        lines = [tuple(int(i == j) for j in range(dim + 1)) for i in range(dim)]
        return cls(dim, [origin], [0], lines, _bit(-1))

    @classmethod
    def from_constraints(cls, dim: int, rows: Sequence[Sequence[int]]) -> Cell:
        """The cell ``{a . x <= b}`` for integer rows ``(a, b)`` (full-dimensional), split out of ``R^dim``.

        A row ``0 . x <= b`` with ``b >= 0`` holds everywhere and cuts nothing.

        Parameters
        ----------
        dim
            The dimension.
        rows
            Integer rows ``(a_1, ..., a_n, b)``.

        Returns
        -------
        Cell
            The cell.

        Examples
        --------
        >>> sorted(Cell.from_constraints(1, [(0, 0), (1, 1), (-1, 0)]).points())     # 0 <= 0, x <= 1, x >= 0
        [(Fraction(0, 1),), (Fraction(1, 1),)]
        """
        cell = cls.whole_space(dim)
        for index, row in enumerate(rows):
            if not any(row[:dim]) and row[dim] >= 0:
                continue
            h = tuple(-v for v in row[:dim]) + (row[dim],)
            inside, _ = cell.split(h, index)
            if inside is None:
                raise ValueError("Cell.from_constraints: the constraints have no interior")
            cell = inside
        return cell

    def tight_on(self, i: int) -> frozenset[int]:
        """The indices of the constraints tight on generator ``i``.

        Parameters
        ----------
        i
            A generator.

        Returns
        -------
        frozenset of int
            The tight constraints.

        See Also
        --------
        split
        """
        mask, out = self.tight[i], []
        while mask:
            low = mask & -mask
            out.append(low.bit_length() - 3)
            mask ^= low
        return frozenset(out)

    def signs(self, h: Sequence[int]) -> tuple[bool, bool]:
        """Whether the cell has interior points with ``h > 0`` and with ``h < 0``.

        Parameters
        ----------
        h
            A hyperplane ``(a, b)`` as integers.

        Returns
        -------
        (bool, bool)
            Whether each side has interior points.

        See Also
        --------
        split
        """
        positive = negative = False
        for line in self.lines:
            if _dot(h, line):
                return True, True
        for g in self.generators:
            s = _dot(h, g)
            if s > 0:
                positive = True
            elif s < 0:
                negative = True
            if positive and negative:
                break
        return positive, negative

    def split(self, h: Sequence[int], index: int = -2) -> tuple[Cell | None, Cell | None]:
        """The cells ``h >= 0`` and ``h <= 0`` (``None`` for a side without interior); ``index`` names ``h``.

        Parameters
        ----------
        h
            The hyperplane.
        index
            Its name among the cell's constraints.

        Returns
        -------
        (Cell or None, Cell or None)
            The two sides.

        See Also
        --------
        signs
        """
        h = tuple(h)
        moving = next((line for line in self.lines if _dot(h, line)), None)
        if moving is not None:
            return self._split_lines(h, index, moving)
        gens = self.generators
        values = [_dot(h, g) for g in gens]
        plus = [i for i, s in enumerate(values) if s > 0]
        minus = [i for i, s in enumerate(values) if s < 0]
        if not minus:
            return (self, None) if plus else (None, None)
        if not plus:
            return None, self
        zero = [i for i, s in enumerate(values) if s == 0]
        new_gens: list[Gen] = []
        new_tight: list[int] = []
        need = self.dim + 1 - len(self.lines) - 2  # cone dimension - 2
        tight = self.tight
        bit = _bit(index)
        # holders[c]: the generators tight on constraint c (a bit mask over generator numbers), so
        # that the generators tight on all of ``common`` are one AND per constraint in it
        holders: dict[int, int] = {}
        for p, t in enumerate(tight):
            while t:
                low = t & -t
                holders[low] = holders.get(low, 0) | (1 << p)
                t ^= low
        everyone = (1 << len(gens)) - 1
        for i in plus:
            ti = tight[i]
            for j in minus:
                common = ti & tight[j]
                if common.bit_count() < need:
                    continue
                pair = (1 << i) | (1 << j)
                shared = everyone
                while common and shared != pair:     # adjacent iff only i and j hold all of common
                    low = common & -common
                    shared &= holders[low]
                    common ^= low
                if shared != pair:
                    continue
                common = ti & tight[j]
                si, sj = values[i], values[j]
                new_gens.append(_normalise([si * b - sj * a for a, b in zip(gens[i], gens[j])]))
                new_tight.append(common | bit)
        applied = self.constraints | bit
        zero_tight = [tight[i] | bit for i in zero]
        upper = Cell(self.dim, [gens[i] for i in plus] + [gens[i] for i in zero] + new_gens,
                     [tight[i] for i in plus] + zero_tight + new_tight, self.lines, applied)
        lower = Cell(self.dim, [gens[i] for i in minus] + [gens[i] for i in zero] + new_gens,
                     [tight[i] for i in minus] + zero_tight + new_tight, self.lines, applied)
        return upper, lower

    def _split_lines(self, h: Gen, index: int, moving: Gen) -> tuple[Cell, Cell]:
        s0 = _dot(h, moving)
        if s0 < 0:
            moving, s0 = tuple(-v for v in moving), -s0
        # project every other generator and line onto h = 0 along the moving line
        lines = []
        for line in self.lines:
            if line is moving or line == moving or line == tuple(-v for v in moving):
                continue
            s = _dot(h, line)
            lines.append(_normalise([s0 * a - s * b for a, b in zip(line, moving)]) if s else line)
        gens = []
        for g in self.generators:
            s = _dot(h, g)
            gens.append(_normalise([s0 * a - s * b for a, b in zip(g, moving)]) if s else g)
        bit = _bit(index)
        on_h = [t | bit for t in self.tight]
        # the moving line becomes a ray on each side, tight on every earlier constraint (all vanish
        # on the lineality space) and on t >= 0, but not on h
        applied = self.constraints | bit
        up = Cell(self.dim, gens + [moving], on_h + [self.constraints], lines, applied)
        down = Cell(self.dim, gens + [tuple(-v for v in moving)], on_h + [self.constraints], lines, applied)
        return up, down

    # -------------------------------------------------------------------- reading
    def points(self) -> list[tuple[Fraction, ...]]:
        """The extreme points (vertices when there are no lines).

        Returns
        -------
        list of tuple of Fraction
            The points.

        See Also
        --------
        rays
        """
        n = self.dim
        return [tuple(Fraction(v, g[n]) for v in g[:n]) for g in self.generators if g[n] > 0]

    def rays(self) -> list[Gen]:
        """The extreme rays (integer directions).

        Returns
        -------
        list of tuple of int
            The rays.

        See Also
        --------
        points
        """
        n = self.dim
        return [g[:n] for g in self.generators if g[n] == 0]

    def interior_point(self) -> tuple[Fraction, ...]:
        """A rational point of the interior: the sum of all generators (a positive combination).

        Returns
        -------
        tuple of Fraction
            The point.

        See Also
        --------
        points
        """
        n = self.dim
        total = [0] * (n + 1)
        for g in self.generators:
            for k in range(n + 1):
                total[k] += g[k]
        for line in self.lines:  # any multiple of a line keeps the point interior
            for k in range(n + 1):
                total[k] += line[k]
        t = total[n]
        return tuple(Fraction(v, t) for v in total[:n])

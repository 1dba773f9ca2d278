"""Chain complexes over the integers and their homology, from Smith normal forms.

A boundary matrix ``d_k : C_k -> C_(k-1)`` is stored sparsely (one dict per column).
Its Smith normal form is computed in two stages: sparse elimination on unit pivots
(entries ``+1`` or ``-1``, each contributing an invariant factor 1 without fill-in
beyond its row and column), then python-flint's dense ``fmpz_mat.snf`` on what remains.
``H_k = Z^(dim C_k - rank d_k - rank d_(k+1)) + sum Z / t`` over the invariant factors
``t > 1`` of ``d_(k+1)``; the invariant factors are kept as evidence.

Examples
--------
>>> # a hollow triangle: 3 vertices, 3 edges
>>> d1 = SparseMatrix.from_dense([[-1, 0, -1], [1, -1, 0], [0, 1, 1]])
>>> complex_ = ChainComplex([3, 3], {1: d1})
>>> [(h.dim, h.betti, h.torsion) for h in complex_.homology()]
[(0, 1, ()), (1, 1, ())]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import flint

from exact.errors import ShapeError

__all__ = ["SparseMatrix", "SmithForm", "smith_form", "ChainComplex", "HomologyGroup"]


@dataclass
class SparseMatrix:
    """An integer matrix with ``rows x cols`` entries, stored as ``columns[j] = {row: value}``.

    See Also
    --------
    smith_form : its invariant factors.
    """

    rows: int
    cols: int
    columns: list[dict[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = [{} for _ in range(self.cols)]

    @classmethod
    def from_dense(cls, matrix: Sequence[Sequence[int]], cols: int | None = None) -> SparseMatrix:
        """A sparse matrix from dense integer rows.

        Parameters
        ----------
        matrix
            Integer rows.
        cols
            The width when there are no rows.

        Returns
        -------
        SparseMatrix
            The matrix.

        Examples
        --------
        >>> SparseMatrix.from_dense([[1, 0], [0, 2]]).to_dense()
        [[1, 0], [0, 2]]
        """
        rows = len(matrix)
        width = len(matrix[0]) if matrix else (cols or 0)
        columns = [{i: int(matrix[i][j]) for i in range(rows) if matrix[i][j]} for j in range(width)]
        return cls(rows, width, columns)

    def to_dense(self) -> list[list[int]]:
        """The dense rows.

        Returns
        -------
        list of list of int
            The rows.

        See Also
        --------
        from_dense
        """
        dense = [[0] * self.cols for _ in range(self.rows)]
        for j, column in enumerate(self.columns):
            for i, v in column.items():
                dense[i][j] = v
        return dense

    def __matmul__(self, other: SparseMatrix) -> SparseMatrix:
        if self.cols != other.rows:
            raise ShapeError(f"matmul: shapes {self.rows}x{self.cols} and {other.rows}x{other.cols} do not fit")
        result = []
        for column in other.columns:
            out: dict[int, int] = {}
            for k, v in column.items():
                for i, w in self.columns[k].items():
                    out[i] = out.get(i, 0) + w * v
            result.append({i: v for i, v in out.items() if v})
        return SparseMatrix(self.rows, other.cols, result)

    def is_zero(self) -> bool:
        """Whether the matrix is zero.

        Returns
        -------
        bool
            Whether every entry is 0.

        Examples
        --------
        >>> SparseMatrix.from_dense([[0, 0]]).is_zero()
        True
        """
        return all(not c for c in self.columns)


Dense = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SmithForm:
    """The evidence of a Smith normal form.

    The invariant factors are positive, each dividing the next; ``unit_pivots`` of them came
    from the sparse elimination; ``rank = len(invariant_factors)``. With transforms
    (:func:`smith_form` with ``transforms=True``), ``left`` and ``right`` are unimodular integer
    matrices ``U`` and ``V`` with ``U A V = diag(invariant factors)``, which
    :func:`homology.verify.check_smith_form` re-checks without this module.

    See Also
    --------
    smith_form : gives it.
    homology.verify.check_smith_form : re-checks it.

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 11
    (homology from the Smith normal form); ``MATH.md`` section 3.
    """

    rows: int
    cols: int
    invariant_factors: tuple[int, ...]
    unit_pivots: int
    left: Dense | None = None
    right: Dense | None = None

    @property
    def rank(self) -> int:
        return len(self.invariant_factors)

    @property
    def torsion(self) -> tuple[int, ...]:
        return tuple(t for t in self.invariant_factors if t > 1)


def smith_form(matrix: SparseMatrix, transforms: bool = False) -> SmithForm:
    """The invariant factors of an integer matrix: unit-pivot elimination, then a dense Smith form.

    Parameters
    ----------
    transforms
        Also return unimodular ``U`` (``left``) and ``V`` (``right``) with ``U A V = D``. They are
        dense (``rows^2 + cols^2`` integers), computed by a separate dense elimination: meant as
        evidence for matrices of up to a few hundred rows and columns.

    Returns
    -------
    SmithForm
        The invariant factors (positive, each dividing the next), and ``U``, ``V`` with transforms.

    See Also
    --------
    homology.verify.check_smith_form : re-checks ``U A V = D`` independently.

    Notes
    -----
    Unit pivots (entries ``+-1``) are eliminated first, sparsest row first (Markowitz), at no cost
    in coefficient growth; each pivot costs its row's length times its column's. What remains, small
    for boundary matrices of simplicial complexes, goes to python-flint's dense ``snf``.

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 11
    (homology from the Smith normal form); ``MATH.md`` section 3.

    Examples
    --------
    >>> smith_form(SparseMatrix.from_dense([[2, 4], [6, 8]])).invariant_factors
    (2, 4)
    >>> form = smith_form(SparseMatrix.from_dense([[2, 4], [6, 8]]), transforms=True)
    >>> form.left, form.right
    (((1, 0), (3, -1)), ((1, -2), (0, 1)))
    """
    if transforms:
        return _dense_smith(matrix)
    columns = [dict(c) for c in matrix.columns]
    row_index: dict[int, set[int]] = {}
    for j, column in enumerate(columns):
        for i in column:
            row_index.setdefault(i, set()).add(j)
    alive_cols = {j for j, column in enumerate(columns) if column}   # zero columns never pivot
    units = 0
    progress = True
    while progress:  # passes over the columns, sparsest first; each pivots every unit it meets
        progress = False
        for j in sorted(alive_cols, key=lambda c: len(columns[c])):
            column = columns[j]
            # a unit pivot in the sparsest row (Markowitz: least fill-in)
            units_here = [i for i, v in column.items() if v in (1, -1)]
            if not units_here:
                continue
            pivot_row = min(units_here, key=lambda i: len(row_index[i]))
            pivot = column[pivot_row]
            # clear the pivot row in every other column: col_k -= (a_k / pivot) col_j
            for k in list(row_index[pivot_row]):
                if k == j:
                    continue
                factor = columns[k][pivot_row] * pivot  # pivot = +-1, so 1 / pivot = pivot
                target = columns[k]
                for i, v in column.items():
                    new = target.get(i, 0) - factor * v
                    if new:
                        if i not in target:
                            row_index.setdefault(i, set()).add(k)
                        target[i] = new
                    elif i in target:
                        del target[i]
                        row_index[i].discard(k)
            # the pivot's row and column leave the matrix: an invariant factor 1
            for i in column:
                row_index[i].discard(j)
            del row_index[pivot_row]
            columns[j] = {}
            alive_cols.discard(j)
            units += 1
            progress = True
    remaining_cols = [j for j in sorted(alive_cols) if columns[j]]
    remaining_rows = sorted({i for j in remaining_cols for i in columns[j]})
    factors: list[int] = [1] * units
    if remaining_cols:
        position = {r: n for n, r in enumerate(remaining_rows)}
        dense = flint.fmpz_mat(len(remaining_rows), len(remaining_cols))
        for n, j in enumerate(remaining_cols):
            for i, v in columns[j].items():
                dense[position[i], n] = v
        snf = dense.snf()
        for d in range(min(snf.nrows(), snf.ncols())):
            value = abs(int(snf[d, d]))
            if value:
                factors.append(value)
    return SmithForm(matrix.rows, matrix.cols, tuple(sorted(factors)), units)


def _dense_smith(matrix: SparseMatrix) -> SmithForm:
    """Smith normal form with transforms by dense integer elimination (smallest pivot first)."""
    m, n = matrix.rows, matrix.cols
    D = matrix.to_dense()
    U = [[int(i == j) for j in range(m)] for i in range(m)]
    V = [[int(i == j) for j in range(n)] for i in range(n)]

    def add_row(src: int, dst: int, q: int) -> None:        # row dst += q row src (in D and U)
        for M in (D, U):
            M[dst] = [a + q * b for a, b in zip(M[dst], M[src])]

    def add_col(src: int, dst: int, q: int) -> None:        # col dst += q col src (in D and V)
        for M in (D, V):
            for row in M:
                row[dst] += q * row[src]

    def swap_rows(i: int, k: int) -> None:
        for M in (D, U):
            M[i], M[k] = M[k], M[i]

    def swap_cols(j: int, k: int) -> None:
        for M in (D, V):
            for row in M:
                row[j], row[k] = row[k], row[j]

    factors: list[int] = []
    for t in range(min(m, n)):
        entries = [(abs(D[i][j]), i, j) for i in range(t, m) for j in range(t, n) if D[i][j]]
        if not entries:
            break
        _, i, j = min(entries)
        swap_rows(t, i)
        swap_cols(t, j)
        while True:
            for i in range(t + 1, m):               # clear the column, keeping a smallest pivot
                if D[i][t]:
                    add_row(t, i, -(D[i][t] // D[t][t]))
                    if D[i][t]:
                        swap_rows(t, i)
            if any(D[i][t] for i in range(t + 1, m)):
                continue
            for j in range(t + 1, n):               # clear the row
                if D[t][j]:
                    add_col(t, j, -(D[t][j] // D[t][t]))
                    if D[t][j]:
                        swap_cols(t, j)
            if any(D[t][j] for j in range(t + 1, n)) or any(D[i][t] for i in range(t + 1, m)):
                continue
            bad = next((i for i in range(t + 1, m) for j in range(t + 1, n) if D[i][j] % D[t][t]), None)
            if bad is None:
                break
            add_row(bad, t, 1)                      # bring a non-multiple into the pivot row
        if D[t][t] < 0:
            for M in (D, U):
                M[t] = [-a for a in M[t]]
        factors.append(D[t][t])
    return SmithForm(m, n, tuple(factors), 0, tuple(map(tuple, U)), tuple(map(tuple, V)))


@dataclass(frozen=True)
class HomologyGroup:
    """``H_dim = Z^betti + sum Z / t`` for ``t`` in ``torsion``.

    See Also
    --------
    ChainComplex.homology : gives them.

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 11
    (homology from the Smith normal form); ``MATH.md`` section 3.
    """

    dim: int
    betti: int
    torsion: tuple[int, ...]

    def __str__(self) -> str:
        free = [f"Z^{self.betti}" if self.betti > 1 else "Z"] if self.betti else []
        parts = free + [f"Z/{t}" for t in self.torsion]
        return " + ".join(parts) if parts else "0"


class ChainComplex:
    """``... -> C_k -> C_(k-1) -> ... -> C_0`` over Z.

    Parameters
    ----------
    ranks
        ``ranks[k] = dim C_k`` for ``k = 0..top``.
    boundaries
        ``boundaries[k]``: ``d_k`` as a ``ranks[k-1] x ranks[k]`` :class:`SparseMatrix` (missing = 0).

    Raises
    ------
    ValueError
        When shapes do not fit (``d_(k-1) d_k != 0`` is checked by :meth:`check`).

    See Also
    --------
    homology.complexes.SimplicialComplex.chain_complex : the chain complex of a simplicial complex.

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 11
    (homology from the Smith normal form); ``MATH.md`` section 3.
    """

    def __init__(self, ranks: Sequence[int], boundaries: dict[int, SparseMatrix]) -> None:
        self.ranks = list(ranks)
        self.boundaries = dict(boundaries)
        for k, d in self.boundaries.items():
            if not 1 <= k < len(self.ranks) or (d.rows, d.cols) != (self.ranks[k - 1], self.ranks[k]):
                raise ShapeError(f"boundary d_{k}: shape {d.rows}x{d.cols} does not fit ranks {self.ranks}")
        self._smith: dict[int, SmithForm] = {}

    def boundary(self, k: int) -> SparseMatrix:
        """The boundary ``d_k: C_k -> C_(k-1)``.

        Parameters
        ----------
        k
            A degree.

        Returns
        -------
        SparseMatrix
            ``d_k`` (zero when not given).

        See Also
        --------
        smith
        """
        if k in self.boundaries:
            return self.boundaries[k]
        rows = self.ranks[k - 1] if 1 <= k <= len(self.ranks) else 0
        cols = self.ranks[k] if 0 <= k < len(self.ranks) else 0
        return SparseMatrix(rows, cols)

    def smith(self, k: int) -> SmithForm:
        """The Smith form of ``d_k`` (cached; the evidence behind the homology).

        Parameters
        ----------
        k
            A degree.

        Returns
        -------
        SmithForm
            Its invariant factors.

        See Also
        --------
        homology
        """
        if k not in self._smith:
            self._smith[k] = smith_form(self.boundary(k))
        return self._smith[k]

    def check(self) -> bool:
        """Whether ``d_(k-1) d_k = 0`` for every ``k``.

        Returns
        -------
        bool
            Whether it is a chain complex.

        See Also
        --------
        homology
        """
        return all((self.boundary(k - 1) @ self.boundary(k)).is_zero() for k in range(2, len(self.ranks)))

    def homology(self, dims: Iterable[int] | None = None) -> list[HomologyGroup]:
        """``H_k`` for ``k`` in ``dims`` (all degrees by default).

        Parameters
        ----------
        dims
            The degrees.

        Returns
        -------
        list of HomologyGroup
            One per degree.

        Examples
        --------
        >>> circle = ChainComplex([3, 3], {1: SparseMatrix.from_dense([[-1, 0, -1], [1, -1, 0], [0, 1, 1]])})
        >>> [g.betti for g in circle.homology()]
        [1, 1]
        """
        result = []
        for k in dims if dims is not None else range(len(self.ranks)):
            if not 0 <= k < len(self.ranks):
                result.append(HomologyGroup(k, 0, ()))
                continue
            rank_out = self.smith(k).rank if k >= 1 else 0
            incoming = self.smith(k + 1) if k + 1 < len(self.ranks) else SmithForm(self.ranks[k], 0, (), 0)
            betti = self.ranks[k] - rank_out - incoming.rank
            result.append(HomologyGroup(k, betti, incoming.torsion))
        return result

    def euler_characteristic(self) -> int:
        """The alternating sum of the ranks.

        Returns
        -------
        int
            ``sum (-1)^k rank C_k``.

        Examples
        --------
        >>> ChainComplex([3, 3], {}).euler_characteristic()
        0
        """
        return sum((-1) ** k * r for k, r in enumerate(self.ranks))

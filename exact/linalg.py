"""Exact linear algebra over the rationals, backed by python-flint.

Matrices are given and returned as tuples of tuples of :class:`~fractions.Fraction`
(the toolkit's :data:`exact.numbers.Matrix`); the work is done with
``flint.fmpq_mat`` and ``flint.fmpz_mat``.

A computation of several steps keeps the flint form through them: :func:`rank`, :func:`rref`,
:func:`nullspace`, :func:`solve` and :func:`matmul` also take an ``fmpq_mat`` (no conversion), and
:func:`affine_solutions` gives a point and the kernel of ``E x = f`` from one reduction. Converting
between the forms costs ten times the product or the rank of a 20 x 20 matrix.

Examples
--------
>>> from fractions import Fraction as Q
>>> A = ((Q(1), Q(2), Q(3)), (Q(2), Q(4), Q(6)))
>>> rank(A)
1
>>> [tuple(str(v) for v in row) for row in nullspace(A)]
[('-2', '1', '0'), ('-3', '0', '1')]
>>> all(matvec(A, v) == (0, 0) for v in nullspace(A))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

import flint

from exact.errors import ShapeError
from exact.numbers import Matrix, Vector

#: A rational matrix in either form: rows of rationals, or python-flint's ``fmpq_mat``.
MatrixLike = Sequence[Sequence[Fraction]] | flint.fmpq_mat

__all__ = [
    "to_fmpq_mat",
    "from_fmpq_mat",
    "to_fmpz_mat",
    "from_fmpz_mat",
    "shape",
    "identity",
    "zeros",
    "transpose",
    "matmul",
    "matvec",
    "dot",
    "add",
    "scale",
    "diagonal",
    "rank",
    "rref",
    "affine_solutions",
    "nullspace",
    "solve",
    "row_space_basis",
    "clear_denominators",
    "common_denominator",
    "primitive",
]


def shape(matrix: MatrixLike, columns: int | None = None) -> tuple[int, int]:
    """Return ``(rows, columns)``; ``columns`` is needed for a matrix with no rows.

    Parameters
    ----------
    matrix
        A matrix.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    (int, int)
        Rows and columns.

    Examples
    --------
    >>> shape([[1, 2, 3]]), shape([], 4)
    ((1, 3), (0, 4))
    """
    if isinstance(matrix, flint.fmpq_mat):
        return matrix.nrows(), matrix.ncols()
    if matrix:
        return len(matrix), len(matrix[0])
    if columns is None:
        raise ShapeError("matrix: empty matrix needs an explicit column count")
    return 0, columns


def to_fmpq_mat(matrix: MatrixLike, columns: int | None = None) -> flint.fmpq_mat:
    """Convert a rational matrix to ``flint.fmpq_mat`` (one already in that form is returned as is).

    Parameters
    ----------
    matrix
        Rational rows, or an ``fmpq_mat``.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    flint.fmpq_mat
        The same matrix.

    Examples
    --------
    >>> to_fmpq_mat([[Fraction(1), Fraction(1, 2)]]).entries()
    [1, 1/2]
    """
    if isinstance(matrix, flint.fmpq_mat):
        return matrix
    rows, cols = shape(matrix, columns)
    entries = [flint.fmpq(v.numerator, v.denominator) for row in matrix for v in row]
    return flint.fmpq_mat(rows, cols, entries)


def from_fmpq_mat(matrix: flint.fmpq_mat) -> Matrix:
    """Convert a ``flint.fmpq_mat`` to a tuple-of-tuples of Fractions.

    Parameters
    ----------
    matrix
        A python-flint matrix.

    Returns
    -------
    tuple of tuple of Fraction
        The same matrix.

    Examples
    --------
    >>> from_fmpq_mat(to_fmpq_mat([[Fraction(1), Fraction(1, 2)]]))
    ((Fraction(1, 1), Fraction(1, 2)),)
    """
    cols = matrix.ncols()
    numerators, denominator = matrix.numer_denom()
    d = int(denominator)
    entries = [Fraction(int(v), d) for v in numerators.entries()]
    return tuple(tuple(entries[i * cols:(i + 1) * cols]) for i in range(matrix.nrows()))


def to_fmpz_mat(matrix: Sequence[Sequence[int]], columns: int | None = None) -> flint.fmpz_mat:
    """Convert an integer matrix to ``flint.fmpz_mat``.

    Parameters
    ----------
    matrix
        Integer rows.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    flint.fmpz_mat
        The same matrix.

    Examples
    --------
    >>> to_fmpz_mat([[1, 2]]).entries()
    [1, 2]
    """
    rows = len(matrix)
    cols = len(matrix[0]) if matrix else (columns or 0)
    return flint.fmpz_mat(rows, cols, [int(v) for row in matrix for v in row])


def from_fmpz_mat(matrix: flint.fmpz_mat) -> tuple[tuple[int, ...], ...]:
    """Convert a ``flint.fmpz_mat`` to a tuple-of-tuples of ints.

    Parameters
    ----------
    matrix
        A python-flint integer matrix.

    Returns
    -------
    tuple of tuple of int
        The same matrix.

    Examples
    --------
    >>> from_fmpz_mat(to_fmpz_mat([[1, 2]]))
    ((1, 2),)
    """
    return tuple(tuple(int(matrix[i, j]) for j in range(matrix.ncols())) for i in range(matrix.nrows()))


def identity(n: int) -> Matrix:
    """The ``n x n`` identity matrix.

    Parameters
    ----------
    n
        The size.

    Returns
    -------
    tuple of tuple of Fraction
        The identity.

    Examples
    --------
    >>> identity(2)
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """
    return tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))


def zeros(rows: int, columns: int) -> Matrix:
    """The ``rows x columns`` zero matrix.

    Parameters
    ----------
    rows, columns
        The shape.

    Returns
    -------
    tuple of tuple of Fraction
        Zeros.

    Examples
    --------
    >>> zeros(1, 2)
    ((Fraction(0, 1), Fraction(0, 1)),)
    """
    return tuple(tuple(Fraction(0) for _ in range(columns)) for _ in range(rows))


def diagonal(values: Sequence[Fraction | int]) -> Matrix:
    """The square diagonal matrix with the given diagonal.

    Parameters
    ----------
    values
        The diagonal.

    Returns
    -------
    tuple of tuple of Fraction
        The square matrix.

    Examples
    --------
    >>> diagonal([1, 2])
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(2, 1)))
    """
    n = len(values)
    return tuple(tuple(Fraction(values[i]) if i == j else Fraction(0) for j in range(n)) for i in range(n))


def transpose(matrix: Sequence[Sequence[Fraction]], columns: int | None = None) -> Matrix:
    """The transpose (``columns`` is needed for a matrix with no rows).

    Parameters
    ----------
    matrix
        A matrix.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    tuple of tuple of Fraction
        Its transpose.

    Examples
    --------
    >>> transpose([[Fraction(1), Fraction(2)]])
    ((Fraction(1, 1),), (Fraction(2, 1),))
    """
    rows, cols = shape(matrix, columns)
    return tuple(tuple(matrix[i][j] for i in range(rows)) for j in range(cols))


def matmul(left: MatrixLike, right: MatrixLike, inner: int | None = None) -> Matrix:
    """The exact product ``left @ right``.

    Parameters
    ----------
    left, right
        Matrices with matching inner sizes (rows or ``fmpq_mat``).
    inner
        The inner size when ``left`` has no rows.

    Returns
    -------
    tuple of tuple of Fraction
        The product.

    Raises
    ------
    ShapeError
        When the inner dimensions differ.

    Examples
    --------
    >>> matmul([[1, 2]], [[3], [4]])
    ((Fraction(11, 1),),)

    >>> from fractions import Fraction as Q
    >>> matmul(((Q(1), Q(2)),), ((Q(3),), (Q(1, 2),)))
    ((Fraction(4, 1),),)
    """
    if isinstance(left, flint.fmpq_mat) or isinstance(right, flint.fmpq_mat):
        if isinstance(left, flint.fmpq_mat):
            rows_l, cols_l = left.nrows(), left.ncols()
        else:
            rows_l, cols_l = shape(left, inner)
        rows_r = right.nrows() if isinstance(right, flint.fmpq_mat) else len(right)
        if cols_l != rows_r:
            raise ShapeError(f"matmul: shapes {rows_l}x{cols_l} and {rows_r}x? do not fit")
        return from_fmpq_mat(to_fmpq_mat(left, cols_l) * to_fmpq_mat(right))
    rows_l, cols_l = shape(left, inner)
    rows_r, cols_r = shape(right, None if right else 0)
    if cols_l != rows_r:
        raise ShapeError(f"matmul: shapes {rows_l}x{cols_l} and {rows_r}x{cols_r} do not fit")
    if rows_l == 0 or cols_r == 0:
        return tuple(() for _ in range(rows_l)) if cols_r == 0 else ()
    if cols_l == 0:
        return zeros(rows_l, cols_r)
    return from_fmpq_mat(to_fmpq_mat(left) * to_fmpq_mat(right))


def matvec(matrix: Sequence[Sequence[Fraction]], vector: Sequence[Fraction]) -> Vector:
    """The exact product ``matrix @ vector``.

    Parameters
    ----------
    matrix
        A matrix.
    vector
        A vector of matching size.

    Returns
    -------
    tuple of Fraction
        The product.

    Raises
    ------
    ShapeError
        When the lengths differ.

    Examples
    --------
    >>> matvec([[1, 2], [0, 1]], [1, 1])
    (Fraction(3, 1), Fraction(1, 1))
    """
    result = []
    for i, row in enumerate(matrix):
        if len(row) != len(vector):
            raise ShapeError(f"matvec: row {i} has length {len(row)}, vector has length {len(vector)}")
        result.append(sum((a * b for a, b in zip(row, vector) if a and b), Fraction(0)))
    return tuple(result)


def dot(a: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    """The exact dot product (zero terms skipped).

    Parameters
    ----------
    a, x
        Vectors of one size.

    Returns
    -------
    Fraction
        The dot product.

    Examples
    --------
    >>> dot([Fraction(1), Fraction(1, 2)], [Fraction(2), Fraction(2)])
    Fraction(3, 1)

    >>> from fractions import Fraction as Q
    >>> dot((Q(1, 2), Q(0)), (Q(3), Q(7)))
    Fraction(3, 2)
    """
    total = Fraction(0)
    for u, v in zip(a, x):
        if u and v:
            total += u * v
    return total


def add(left: Sequence[Sequence[Fraction]], right: Sequence[Sequence[Fraction]]) -> Matrix:
    """The entrywise sum of two matrices of the same shape.

    Parameters
    ----------
    left, right
        Matrices of one shape.

    Returns
    -------
    tuple of tuple of Fraction
        The sum.

    Examples
    --------
    >>> add([[Fraction(1)]], [[Fraction(1, 2)]])
    ((Fraction(3, 2),),)
    """
    if len(left) != len(right) or any(len(a) != len(b) for a, b in zip(left, right)):
        raise ShapeError("add: matrices have different shapes")
    return tuple(tuple(a + b for a, b in zip(ra, rb)) for ra, rb in zip(left, right))


def scale(matrix: Sequence[Sequence[Fraction]], factor: Fraction) -> Matrix:
    """Every entry times ``factor``.

    Parameters
    ----------
    matrix
        A matrix.
    factor
        A rational.

    Returns
    -------
    tuple of tuple of Fraction
        The scaled matrix.

    Examples
    --------
    >>> scale([[Fraction(1), Fraction(2)]], Fraction(1, 2))
    ((Fraction(1, 2), Fraction(1, 1)),)
    """
    return tuple(tuple(v * factor for v in row) for row in matrix)


def rank(matrix: MatrixLike) -> int:
    """The exact rank (0 for a matrix with no rows or no columns).

    Parameters
    ----------
    matrix
        A rational matrix (rows or ``fmpq_mat``).

    Returns
    -------
    int
        Its rank, computed exactly (python-flint).

    Examples
    --------
    >>> rank([[1, 2], [2, 4]])
    1
    """
    if isinstance(matrix, flint.fmpq_mat):
        return int(matrix.rank()) if matrix.nrows() and matrix.ncols() else 0
    if not matrix or not matrix[0]:
        return 0
    return int(to_fmpq_mat(matrix).rank())


def _echelon(matrix: flint.fmpq_mat) -> tuple[list[flint.fmpq], int, tuple[int, ...]]:
    """The entries of the RREF (row by row), its rank and its pivot columns, all in flint's form."""
    reduced, r = matrix.rref()
    entries, cols, pivots = reduced.entries(), matrix.ncols(), []
    j = 0
    for i in range(int(r)):
        while not entries[i * cols + j]:  # the pivots' columns increase
            j += 1
        pivots.append(j)
        j += 1
    return entries, int(r), tuple(pivots)


def _rational(value: flint.fmpq) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _kernel(entries: list[flint.fmpq], width: int, pivots: tuple[int, ...], cols: int) -> tuple[Vector, ...]:
    """The kernel of the first ``cols`` columns of an RREF of row width ``width``: one vector per free column."""
    pivot_set = set(pivots)
    basis = []
    for f in (j for j in range(cols) if j not in pivot_set):
        v = [Fraction(0)] * cols
        v[f] = Fraction(1)
        for i, p in enumerate(pivots):
            e = entries[i * width + f]
            if e:
                v[p] = -_rational(e)
        basis.append(tuple(v))
    return tuple(basis)


def rref(matrix: MatrixLike, columns: int | None = None) -> tuple[Matrix, tuple[int, ...]]:
    """Reduced row echelon form and its pivot columns.

    Parameters
    ----------
    matrix
        A rational matrix (rows or ``fmpq_mat``).
    columns
        The width of a matrix with no rows.

    Returns
    -------
    (R, pivots)
        ``R`` has the non-zero rows only; ``pivots[i]`` is the pivot column of row ``i``.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> R, p = rref(((Q(2), Q(4)), (Q(1), Q(3))))
    >>> R == ((1, 0), (0, 1)), p
    (True, (0, 1))
    """
    rows, cols = shape(matrix, columns)
    if rows == 0 or cols == 0:
        return (), ()
    entries, r, pivots = _echelon(to_fmpq_mat(matrix))
    reduced = tuple(tuple(_rational(e) for e in entries[i * cols:(i + 1) * cols]) for i in range(r))
    return reduced, pivots


def nullspace(matrix: MatrixLike, columns: int | None = None) -> tuple[Vector, ...]:
    """A basis of ``{x : matrix x = 0}``, one vector per free column of the RREF.

    Parameters
    ----------
    matrix
        A rational matrix (rows or ``fmpq_mat``).
    columns
        The width of a matrix with no rows.

    Returns
    -------
    tuple of tuple of Fraction
        A basis of the kernel.

    See Also
    --------
    affine_solutions : a point and this basis, for ``matrix x = rhs``, from one reduction.

    Examples
    --------
    >>> nullspace([[1, 1]])
    ((Fraction(-1, 1), Fraction(1, 1)),)
    """
    rows, cols = shape(matrix, columns)
    if rows == 0:
        return tuple(tuple(Fraction(int(i == j)) for j in range(cols)) for i in range(cols))
    entries, _, pivots = _echelon(to_fmpq_mat(matrix))
    return _kernel(entries, cols, pivots, cols)


def _augmented(matrix: MatrixLike, rhs: Sequence[Fraction], rows: int, cols: int) -> flint.fmpq_mat:
    """``[matrix | rhs]`` as an ``fmpq_mat``."""
    if isinstance(matrix, flint.fmpq_mat):
        entries = matrix.entries()
    else:
        entries = [flint.fmpq(v.numerator, v.denominator) for row in matrix for v in row]
    joined = []
    for i, b in enumerate(rhs):
        joined.extend(entries[i * cols:(i + 1) * cols])
        joined.append(flint.fmpq(b.numerator, b.denominator))
    return flint.fmpq_mat(rows, cols + 1, joined)


def _reduce_system(
    matrix: MatrixLike, rhs: Sequence[Fraction], columns: int | None
) -> tuple[Vector, list[flint.fmpq], tuple[int, ...], int] | None:
    """The solution with free variables 0, the RREF of ``[matrix | rhs]`` (entries, pivots) and the width."""
    rows, cols = shape(matrix, columns)
    if len(rhs) != rows:
        raise ShapeError(f"solve: matrix has {rows} rows, right-hand side has {len(rhs)}")
    if rows == 0:
        return tuple(Fraction(0) for _ in range(cols)), [], (), cols
    entries, _, pivots = _echelon(_augmented(matrix, rhs, rows, cols))
    if pivots and pivots[-1] == cols:
        return None
    x = [Fraction(0)] * cols
    for i, p in enumerate(pivots):
        x[p] = _rational(entries[i * (cols + 1) + cols])
    return tuple(x), entries, pivots, cols


def affine_solutions(
    matrix: MatrixLike, rhs: Sequence[Fraction], columns: int | None = None
) -> tuple[Vector, tuple[Vector, ...]] | None:
    """All solutions of ``matrix x = rhs`` as ``x0 + span(kernel)``, from one reduction; ``None`` if none.

    ``x0`` sets the free variables to 0 (as :func:`solve`); ``kernel`` is :func:`nullspace`'s basis.

    Parameters
    ----------
    matrix
        A rational matrix (rows or ``fmpq_mat``).
    rhs
        The right-hand side.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    (tuple of Fraction, tuple of tuple of Fraction) or None
        A solution and a basis of the kernel, or ``None`` when the system is inconsistent.

    Raises
    ------
    ShapeError
        When ``rhs`` does not have one entry per row.

    See Also
    --------
    solve, nullspace : the two halves, one reduction each.

    Examples
    --------
    >>> x0, kernel = affine_solutions([[1, 1, 0]], [2])        # the plane x + y = 2 in 3-space
    >>> [str(v) for v in x0], [[str(v) for v in k] for k in kernel]
    (['2', '0', '0'], [['-1', '1', '0'], ['0', '0', '1']])
    >>> affine_solutions([[1], [1]], [0, 1]) is None
    True
    """
    reduced = _reduce_system(matrix, rhs, columns)
    if reduced is None:
        return None
    x, entries, pivots, cols = reduced
    return x, _kernel(entries, cols + 1, pivots, cols)


def solve(matrix: MatrixLike, rhs: Sequence[Fraction], columns: int | None = None) -> Vector | None:
    """One solution of ``matrix x = rhs`` (free variables set to 0), or ``None`` if there is none.

    Parameters
    ----------
    matrix
        A rational matrix (rows or ``fmpq_mat``).
    rhs
        The right-hand side.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    tuple of Fraction or None
        A solution.

    Raises
    ------
    ShapeError
        When ``rhs`` does not have one entry per row.

    See Also
    --------
    affine_solutions : every solution.

    Examples
    --------
    >>> solve([[1, 1]], [2]), solve([[0]], [1])
    ((Fraction(2, 1), Fraction(0, 1)), None)

    >>> from fractions import Fraction as Q
    >>> solve(((Q(1), Q(1)),), (Q(3),))
    (Fraction(3, 1), Fraction(0, 1))
    >>> solve(((Q(1),), (Q(1),)), (Q(0), Q(1))) is None
    True
    """
    reduced = _reduce_system(matrix, rhs, columns)
    return None if reduced is None else reduced[0]


def row_space_basis(matrix: Sequence[Sequence[Fraction]], columns: int | None = None) -> Matrix:
    """The non-zero rows of the RREF: a canonical basis of the row space.

    Parameters
    ----------
    matrix
        A rational matrix.
    columns
        The width of a matrix with no rows.

    Returns
    -------
    tuple of tuple of Fraction
        The basis.

    Examples
    --------
    >>> row_space_basis([[2, 4], [1, 2]])
    ((Fraction(1, 1), Fraction(2, 1)),)
    """
    return rref(matrix, columns)[0]


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least ``d > 0`` with ``d v`` an integer for every ``v``: the lcm of the denominators.

    The one place the toolkit clears denominators (the integer engine, the region tree's rows and
    points, persistence's squared distances, primitive normals); :mod:`fibers.verify` keeps its
    own on purpose.

    Parameters
    ----------
    values
        Rationals.

    Returns
    -------
    int
        The lcm of their denominators (1 for none).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> common_denominator([Q(1, 2), Q(-3, 4), Q(5, 6)]), common_denominator([])
    (12, 1)
    """
    return math.lcm(1, *(v.denominator for v in values))


def clear_denominators(row: Sequence[Fraction]) -> tuple[int, ...]:
    """The primitive integer vector with the same direction (positive multiple), or zeros.

    Parameters
    ----------
    row
        Rationals.

    Returns
    -------
    tuple of int
        Coprime integers, a positive multiple of ``row``.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> clear_denominators((Q(1, 2), Q(-3, 4), Q(0)))
    (2, -3, 0)
    """
    scale = common_denominator(row)
    return primitive([int(v * scale) for v in row])


def primitive(values: Sequence[int]) -> tuple[int, ...]:
    """Integers divided by their gcd (a positive factor: the signs stay); zeros stay zeros.

    Parameters
    ----------
    values
        Integers.

    Returns
    -------
    tuple of int
        ``values`` divided by their gcd.

    Examples
    --------
    >>> primitive([4, -6, 0]), primitive([0, 0])
    ((2, -3, 0), (0, 0))
    """
    g = math.gcd(*values)
    return tuple(values) if g <= 1 else tuple(v // g for v in values)

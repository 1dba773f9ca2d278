"""Independent re-checking of homology evidence (Smith forms, coreductions): nothing here calls the producers.

A Smith normal form ``D`` of an integer matrix ``A`` is certified by unimodular ``U`` and ``V``
with ``U A V = D``: then ``A`` and ``D`` generate isomorphic cokernels, so the invariant
factors, the rank and the torsion read off ``D`` are those of ``A``. The checker tests, with
its own integer arithmetic, that ``D`` is diagonal with positive entries each dividing the
next (the conditions of sympy's ``is_smith_normal_form``), that ``U`` and ``V`` are square
integer matrices of determinant ``+-1`` (fraction-free Bareiss elimination), and the product.

Examples
--------
>>> from homology.chains import SparseMatrix, smith_form
>>> A = [[2, 4], [6, 8]]
>>> form = smith_form(SparseMatrix.from_dense(A), transforms=True)
>>> check_smith_form(A, form.invariant_factors, form.left, form.right)
(True, 'U A V = diag(2, 4), U and V unimodular')
>>> check_smith_form(A, (1, 8), form.left, form.right)[1]
'U A V is not diag(1, 8)'
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["check_smith_form", "check_coreduction", "determinant"]


def determinant(matrix: Sequence[Sequence[int]]) -> int:
    """The determinant of a square integer matrix by Bareiss' fraction-free elimination.

    Parameters
    ----------
    matrix
        A square integer matrix.

    Returns
    -------
    int
        Its determinant (1 for the empty matrix).

    Examples
    --------
    >>> determinant([[2, 1], [7, 4]]), determinant([[0, 1], [1, 0]]), determinant([[1, 2], [2, 4]])
    (1, -1, 0)
    """
    M = [list(map(int, row)) for row in matrix]
    n = len(M)
    sign, previous = 1, 1
    for k in range(n - 1):
        if M[k][k] == 0:
            swap = next((i for i in range(k + 1, n) if M[i][k]), None)
            if swap is None:
                return 0
            M[k], M[swap] = M[swap], M[k]
            sign = -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                M[i][j] = (M[i][j] * M[k][k] - M[i][k] * M[k][j]) // previous
        previous = M[k][k]
    return sign * M[n - 1][n - 1] if n else 1


def _product(A: Sequence[Sequence[int]], B: Sequence[Sequence[int]]) -> list[list[int]]:
    columns = list(zip(*B))
    return [[sum(a * b for a, b in zip(row, col)) for col in columns] for row in A]


def check_smith_form(matrix: Sequence[Sequence[int]], factors: Sequence[int], left: Sequence[Sequence[int]] | None,
                     right: Sequence[Sequence[int]] | None) -> tuple[bool, str]:
    """Check ``left @ matrix @ right == diag(factors)`` with ``left``, ``right`` unimodular and ``factors`` a chain.

    Parameters
    ----------
    matrix
        The integer matrix ``A``.
    factors
        The claimed invariant factors.
    left, right
        ``U`` and ``V``.

    Returns
    -------
    (bool, str)
        Whether the evidence holds, and the first failed condition (or what was checked).

    References
    ----------
    Any text on modules over a PID; ``MATH.md`` section 5 (homology over Z from Smith forms).

    Examples
    --------
    >>> check_smith_form([[2, 4], [6, 8]], (2, 4), [[1, 0], [3, -1]], [[1, -2], [0, 1]])[0]
    True
    """
    m = len(matrix)
    n = len(matrix[0]) if m else 0
    if left is None or right is None:
        return False, "no transforms: compute the form with transforms=True"
    if any(f <= 0 for f in factors) or any(b % a for a, b in zip(factors, factors[1:])):
        return False, f"{tuple(factors)} is not a chain of positive integers each dividing the next"
    if len(factors) > min(m, n):
        return False, f"{len(factors)} invariant factors for a {m}x{n} matrix"
    if len(left) != m or any(len(row) != m for row in left) or len(right) != n or any(len(r) != n for r in right):
        return False, f"U must be {m}x{m} and V {n}x{n}"
    if any(not isinstance(v, int) or isinstance(v, bool) for M in (left, right) for row in M for v in row):
        return False, "U and V must have integer entries"
    for name, M in (("U", left), ("V", right)):
        if abs(determinant(M)) != 1:
            return False, f"{name} is not unimodular (determinant {determinant(M)})"
    product = _product(_product(left, matrix), right) if m and n else []
    expected = [[factors[i] if i == j and i < len(factors) else 0 for j in range(n)] for i in range(m)]
    if product != expected:
        return False, f"U A V is not diag({', '.join(map(str, factors))})"
    return True, f"U A V = diag({', '.join(map(str, factors))}), U and V unimodular"


def check_coreduction(simplices: Sequence[Sequence[int]], starts: Sequence[int],
                      pairs: Sequence[tuple[Sequence[int], Sequence[int]]],
                      remaining: Sequence[Sequence[int]]) -> tuple[bool, str]:
    """Replay coreductions on a simplicial complex (all its simplices, as vertex lists) and check each step.

    The ``starts`` must be vertices of different connected components (each carries one ``Z`` of
    ``H_0``) and are removed first; then, for each pair ``(b, a)`` in order, ``a`` and ``b`` must
    still be present, ``b`` a facet of ``a``, and ``b`` the only facet of ``a`` still present (a
    coreduction, which keeps the integral homology of what is left); what is left at the end
    must be exactly ``remaining``. Nothing here calls :mod:`homology.complexes`.

    Parameters
    ----------
    simplices
        Every simplex of the complex.
    starts
        One vertex per component.
    pairs
        The coreductions ``(facet, cell)``, in order.
    remaining
        What is claimed to be left.

    Returns
    -------
    (bool, str)
        Whether the replay holds, and what was checked or what failed.

    References
    ----------
    M. Mrozek and B. Batko, "Coreduction homology algorithm", Discrete Comput. Geom. 41 (2009).

    Examples
    --------
    >>> circle = [(0,), (1,), (2,), (0, 1), (1, 2), (0, 2)]
    >>> check_coreduction(circle, [0], [((1,), (0, 1)), ((2,), (1, 2))], [(0, 2)])
    (True, '2 coreductions from 1 start leave 1 cells')
    >>> check_coreduction(circle, [0], [((2,), (1, 2))], [(0, 1), (1,), (0, 2)])[1]
    'pair 0: (1, 2) has 2 facets left, not only (2,)'
    """
    present = {tuple(sorted(s)) for s in simplices}
    parent = {s[0]: s[0] for s in present if len(s) == 1}

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for s in present:
        if len(s) == 2:
            parent[root(s[0])] = root(s[1])
    seen_components = set()
    for v in starts:
        if (v,) not in present:
            return False, f"start {v} is not a vertex left"
        if root(v) in seen_components:
            return False, f"start {v} is in a component entered before"
        seen_components.add(root(v))
        present.discard((v,))
    for number, (face, cell) in enumerate(pairs):
        b, a = tuple(sorted(face)), tuple(sorted(cell))
        if a not in present or b not in present:
            return False, f"pair {number}: {a} or {b} is no longer there"
        facets = [a[:i] + a[i + 1:] for i in range(len(a))]
        if b not in facets:
            return False, f"pair {number}: {b} is not a facet of {a}"
        left = [f for f in facets if f in present]
        if left != [b]:
            return False, f"pair {number}: {a} has {len(left)} facets left, not only {b}"
        present.discard(a)
        present.discard(b)
    if present != {tuple(sorted(s)) for s in remaining}:
        return False, f"{len(present)} cells are left, not the {len(remaining)} claimed"
    return True, f"{len(pairs)} coreductions from {len(starts)} start{'s' if len(starts) != 1 else ''} leave " \
                 f"{len(present)} cells"

"""The long exact sequence of a pair, checked over the rationals.

For a subcomplex ``A`` of ``X``:
``... -> H_k(A) -i-> H_k(X) -j-> H_k(X, A) -d-> H_(k-1)(A) -> ...``.
The ranks of ``i``, ``j`` and ``d`` are computed from cycle, boundary and relative-cycle
spaces by exact linear algebra (python-flint), independently of the Smith forms that
give the homology; exactness at every place is then a set of rank identities:
``dim H_k(X) = rank i_k + rank j_k``, ``dim H_k(X, A) = rank j_k + rank d_k`` and
``dim H_(k-1)(A) = rank d_k + rank i_(k-1)``. Torsion is invisible over Q.

Examples
--------
>>> from homology.complexes import circle
>>> disk = circle(4).cone()
>>> report = long_exact_sequence(disk, circle(4))
>>> report.exact, report.ranks[2]          # d: H_2(D, S) -> H_1(S) is onto
(True, {'i': 0, 'j': 0, 'd': 1})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from exact import linalg
from exact.errors import ShapeError
from homology.complexes import SimplicialComplex

__all__ = ["SequenceReport", "long_exact_sequence"]

Rows = list[tuple[Fraction, ...]]


def _rank(rows: Rows) -> int:
    return linalg.rank(tuple(rows)) if rows and rows[0] else 0


@dataclass
class SequenceReport:
    """Dimensions over Q, ranks of ``i``, ``j``, ``d`` per degree, and the exactness verdict with failures.

    See Also
    --------
    long_exact_sequence : gives it.

    References
    ----------
    ``001`` eqs. (6)-(9).
    """

    dims: dict[int, dict[str, int]] = field(default_factory=dict)
    ranks: dict[int, dict[str, int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.failures


def long_exact_sequence(X: SimplicialComplex, A: SimplicialComplex) -> SequenceReport:
    """Check exactness of the long exact sequence of ``(X, A)`` over Q (see the module docstring).

    Parameters
    ----------
    X
        A simplicial complex.
    A
        A subcomplex.

    Returns
    -------
    SequenceReport
        The dimensions and ranks per degree, and whether the sequence is exact (with failures).

    References
    ----------
    ``001`` eqs. (6)-(9).

    Examples
    --------
    >>> from homology.complexes import SimplicialComplex
    >>> X, A = SimplicialComplex([(0, 1), (1, 2), (0, 2)]), SimplicialComplex([(0,), (1,)])
    >>> long_exact_sequence(X, A).exact
    True
    """
    top = X.dimension
    cells = [X.simplices(k) for k in range(top + 2)]
    in_a: list[set[tuple[int, ...]]] = [set() for _ in range(top + 2)]
    for k in range(A.dimension + 1):
        for s in A.simplices_labelled(k):
            if any(v not in X.index for v in s):
                raise ShapeError(f"A: simplex {s!r} is not in X")
            in_a[k].add(tuple(sorted(X.index[v] for v in s)))

    def boundary_rows(k: int) -> Rows:
        """The boundaries of the k-simplices as vectors in C_(k-1)(X) coordinates (one row each)."""
        if k == 0 or k > top:
            return []
        position = {s: i for i, s in enumerate(cells[k - 1])}
        rows = []
        for s in cells[k]:
            row = [Fraction(0)] * len(cells[k - 1])
            for i in range(len(s)):
                row[position[s[:i] + s[i + 1:]]] = Fraction((-1) ** i)
            rows.append(tuple(row))
        return rows

    def unit(k: int, s: tuple[int, ...]) -> tuple[Fraction, ...]:
        return tuple(Fraction(int(t == s)) for t in cells[k])

    def combine(coeffs: tuple[Fraction, ...], rows: Rows, width: int) -> tuple[Fraction, ...]:
        out = [Fraction(0)] * width
        for c, row in zip(coeffs, rows):
            if c:
                for j, v in enumerate(row):
                    if v:
                        out[j] += c * v
        return tuple(out)

    def space(k: int) -> dict[str, Rows]:
        """Bases (as rows in C_k(X)) of Z_k(A), Z_k(X), B_k(X), C_k(A), Zrel_k, d(Zrel_k), B_(k-1)(A)."""
        width = len(cells[k])
        d_k = boundary_rows(k)  # rows indexed by k-simplices, vectors in C_(k-1)
        prev = len(cells[k - 1]) if k >= 1 else 0
        transpose = [tuple(d_k[s][r] for s in range(width)) for r in range(prev)] if d_k else []
        cycles_x = [tuple(v) for v in linalg.nullspace(tuple(transpose), width)] if transpose else \
            [unit(k, s) for s in cells[k]]
        a_idx = [i for i, s in enumerate(cells[k]) if s in in_a[k]]
        if transpose:
            sub = [tuple(row[i] for i in a_idx) for row in transpose]
            null_a = linalg.nullspace(tuple(sub), len(a_idx)) if a_idx else ()
        else:
            null_a = tuple(tuple(Fraction(int(i == j)) for j in range(len(a_idx))) for i in range(len(a_idx)))
        cycles_a = []
        for v in null_a:
            full = [Fraction(0)] * width
            for i, c in zip(a_idx, v):
                full[i] = c
            cycles_a.append(tuple(full))
        outside = [r for r, s in enumerate(cells[k - 1]) if s not in in_a[k - 1]] if k >= 1 else []
        if transpose and outside:
            rel = [tuple(v) for v in linalg.nullspace(tuple(transpose[r] for r in outside), width)]
        else:
            rel = [unit(k, s) for s in cells[k]]
        d_rel = [combine(v, d_k, prev) for v in rel] if d_k else []
        d_next = boundary_rows(k + 1)
        boundaries_x = list(d_next)
        chains_a = [unit(k, s) for s in cells[k] if s in in_a[k]]
        b_prev_a = [row for s, row in zip(cells[k], d_k) if s in in_a[k]] if d_k else []
        return {"ZA": cycles_a, "ZX": cycles_x, "BX": boundaries_x, "CA": chains_a, "dZrel": d_rel,
                "BA_prev": b_prev_a}

    spaces = {k: space(k) for k in range(top + 1)}
    report = SequenceReport()
    homology_x = X.chain_complex().homology(range(top + 1))
    homology_a = A.chain_complex().homology(range(top + 1))
    homology_rel = X.chain_complex(A).homology(range(top + 1))
    for k in range(top + 1):
        sp = spaces[k]
        b_a = [row for row in sp["BX"]]  # B_k(X)
        rank_i = _rank(sp["ZA"] + b_a) - _rank(b_a)
        rank_j = _rank(sp["ZX"] + b_a + sp["CA"]) - _rank(b_a + sp["CA"])
        if k >= 1:
            # d: H_k(X, A) -> H_(k-1)(A); images of relative cycles modulo B_(k-1)(A)
            b_prev = [row for row in spaces[k]["BA_prev"]]
            rank_d = _rank(sp["dZrel"] + b_prev) - _rank(b_prev)
        else:
            rank_d = 0
        report.ranks[k] = {"i": rank_i, "j": rank_j, "d": rank_d}
        report.dims[k] = {"A": homology_a[k].betti, "X": homology_x[k].betti, "X,A": homology_rel[k].betti}
    for k in range(top + 1):
        r, d = report.ranks[k], report.dims[k]
        if d["X"] != r["i"] + r["j"]:
            report.failures.append(f"not exact at H_{k}(X): dim {d['X']} != rank i {r['i']} + rank j {r['j']}")
        if d["X,A"] != r["j"] + r["d"]:
            report.failures.append(f"not exact at H_{k}(X,A): dim {d['X,A']} != rank j {r['j']} + rank d {r['d']}")
        if k >= 1:
            below = report.ranks[k - 1]["i"]
            if report.dims[k - 1]["A"] != r["d"] + below:
                report.failures.append(f"not exact at H_{k - 1}(A): dim {report.dims[k - 1]['A']} != "
                                       f"rank d {r['d']} + rank i {below}")
    return report

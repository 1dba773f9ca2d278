"""The canonical polyhedral complex of any network, degenerate or not, as a face lattice in exact arithmetic.

The fast engine of :mod:`tropical.complex` needs a simple complex (every vertex on exactly
``n`` hyperplanes). This module builds the complex of every network, on every polytope
domain and on R^n: vertices on several zero sets, edges and 2-faces inside a later zero
set, coincident and parallel hyperplanes, zero and dead neurons, non-simple domains.

Every face is kept with its facets (the face lattice), every vertex with its exact rational
coordinates and the exact pre-activations of the layer being cut. A neuron's zero set is
cut into the complex one face at a time, in increasing dimension (the neuron is affine on
every face of the complex refined by the earlier layers, so its sign on a face is read off
the face's vertices):

- a face whose vertices have both strict signs is **split**: its ``+`` part keeps its number,
  its ``-`` part is new, and its part on the zero set is a new face one dimension lower whose
  facets are the zero parts of its split facets and the faces of its facets lying on the zero
  set (the vertices with value 0, for an edge's two ends);
- every other face is **carried whole** (a face with every vertex on the zero set lies in it).

A face's sign vector is read off its vertices: ``+`` where some vertex is positive, ``0``
where every vertex is zero (a face lies on one closed side of every hyperplane). A polytope
domain that is not a box is cut out of a box around it by its facets, as if they were
neurons, and the outside is dropped: simple or not, its lattice comes out of the same cuts.

Every decision is exact (python-flint ``fmpq``); :meth:`LatticeComplex.certify` re-derives
each vertex's signs, each face's relative-interior point and the complex's completeness.

References
----------
``004`` section 3 (the canonical polyhedral complex; faces and sign vectors); Berzins,
"Polyhedral complex extraction from ReLU networks using edge subdivision", ICML 2023 (the
order of the cuts).

Examples
--------
>>> from exact import Network
>>> from tropical.complex import plain_layers
>>> lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 2, 3]], [0])])  # concurrent lines
>>> lattice, exact, neurons, facets, signs = build_lattice(lines, plain_layers(lines), [-1, -1], [1, 1], None, False)
>>> [lattice.count] + [len(level) for level in lattice.levels[1:]]   # 4 + 4 on the sides + the origin
[9, 14, 6]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from exact.filtered import SAFE, TINY, SignFilter, U, float_matrix, gamma
from exact.network import Network

__all__ = ["build_lattice", "ExactVertices", "ExactPoints", "rebuild_point"]


class _Level:
    """The ``k``-faces of a lattice: each face's facets in CSR form, and which faces are still faces.

    Faces are only appended: a split face is marked dead and its parts are appended, so the
    numbers of the other faces never change while a cut runs (:meth:`_Lattice.compact` renumbers).
    """

    def __init__(self, facets: list[list[int]]) -> None:
        self.indptr = np.zeros(1, dtype=np.int64)
        self.indices = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.append(facets)

    def __len__(self) -> int:
        return len(self.alive)

    def facets(self, f: int) -> list[int]:
        out: list[int] = self.indices[self.indptr[f]:self.indptr[f + 1]].tolist()
        return out

    def append_pairs(self, pairs: np.ndarray) -> None:
        """Append faces with two facets each (edges), given as an ``(m, 2)`` array."""
        if len(pairs) == 0:
            return
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + 2 * np.arange(1, len(pairs) + 1)])
        self.indices = np.concatenate([self.indices, pairs.reshape(-1)])
        self.alive = np.concatenate([self.alive, np.ones(len(pairs), dtype=bool)])

    def append_grouped(self, owners: np.ndarray, members: np.ndarray, count: int) -> None:
        """Append ``count`` faces; face ``j`` has the facets ``members[owners == j]``."""
        order = np.argsort(owners, kind="stable")
        sizes = np.bincount(owners, minlength=count).astype(np.int64)
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(sizes)])
        self.indices = np.concatenate([self.indices, members[order].astype(np.int64)])
        self.alive = np.concatenate([self.alive, np.ones(count, dtype=bool)])

    def append(self, faces: list[list[int]]) -> None:
        if not faces:
            return
        sizes = np.fromiter((len(f) for f in faces), dtype=np.int64, count=len(faces))
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(sizes)])
        self.indices = np.concatenate([self.indices, np.fromiter(itertools.chain.from_iterable(faces),
                                                                 dtype=np.int64, count=int(sizes.sum()))])
        self.alive = np.concatenate([self.alive, np.ones(len(faces), dtype=bool)])

    def any_of(self, below: np.ndarray) -> np.ndarray:
        """Per face: whether some facet has the property ``below`` (booleans over the level below)."""
        if len(self.alive) == 0:
            return np.zeros(0, dtype=bool)
        out: np.ndarray = np.logical_or.reduceat(below[self.indices], self.indptr[:-1])
        return out

    def reduce(self, below: np.ndarray, op: Any) -> np.ndarray:
        """``op.reduceat`` of the rows of ``below`` over each face's facets (sign words of the faces)."""
        if len(self.alive) == 0:
            return np.zeros((0,) + below.shape[1:], dtype=below.dtype)
        out: np.ndarray = op.reduceat(below[self.indices], self.indptr[:-1], axis=0)
        return out


class _Lattice:
    """Vertices (sign words, parents) and faces (:class:`_Level` per dimension) of a growing complex.

    ``pos`` and ``zero`` are ``(V, words)`` uint64 sign bits over the hyperplanes (strictly positive;
    on the hyperplane); a vertex cut from the edge ``(a, b)`` by hyperplane ``h`` has ``parents``
    ``(a, b)`` (``a`` positive) and ``cut_by`` ``h``, ``-1`` for a given one; ``levels[k]`` for
    ``k >= 1`` holds the ``k``-faces (an edge's facets: its two vertices).
    """

    def __init__(self, n: int, words: int) -> None:
        self.n = n
        self.words = words
        self.pos = np.zeros((0, words), dtype=np.uint64)
        self.zero = np.zeros((0, words), dtype=np.uint64)
        self.parents = np.zeros((0, 2), dtype=np.int64)
        self.cut_by = np.zeros(0, dtype=np.int64)
        self.levels: list[_Level] = [_Level([]) for _ in range(n + 1)]

    @property
    def count(self) -> int:
        """The number of vertices."""
        return len(self.pos)

    def cut(self, h: int, sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cut every face by hyperplane ``h``, given every vertex's exact sign on it.

        Returns the split edges' ends ``(A, B)`` (``A`` positive); the new vertices, numbered from
        the old count in that order, lie on them.
        """
        word, mask = h // 64, np.uint64(1) << np.uint64(h % 64)
        self.pos[sign > 0, word] |= mask
        self.zero[sign == 0, word] |= mask
        # per level: has a positive vertex, has a negative vertex (neither: on the zero set)
        P: list[np.ndarray] = [sign > 0]
        M: list[np.ndarray] = [sign < 0]
        ends = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        # per face of the level below: its plus, minus and zero parts if it was split (-1 otherwise)
        split_plus = split_minus = split_zero = np.zeros(0, dtype=np.int64)
        for k in range(1, self.n + 1):
            level, lower = self.levels[k], self.levels[k - 1]
            if len(level):       # both at once: bit 1 for a positive vertex, bit 2 for a negative one
                signs_below = (P[k - 1].view(np.uint8) | (M[k - 1].view(np.uint8) << 1))[level.indices]
                both = np.bitwise_or.reduceat(signs_below, level.indptr[:-1])
                Pk, Mk = (both & 1).astype(bool), (both & 2).astype(bool)
            else:
                Pk = Mk = np.zeros(0, dtype=bool)
            split_array = np.nonzero(Pk & Mk & level.alive)[0]
            split = split_array.tolist()
            base = len(level)
            if k >= 2 and len(split_plus) < len(lower):      # zero parts appended below since: never split
                grow = len(lower) - len(split_plus)
                split_plus, split_minus, split_zero = (np.concatenate([a, np.full(grow, -1, dtype=np.int64)])
                                                       for a in (split_plus, split_minus, split_zero))
            if k == 1:      # every split edge at once: its new vertex, its plus and minus halves
                first = level.indices[level.indptr[split_array]]
                second = level.indices[level.indptr[split_array] + 1]
                A = np.where(P[0][first], first, second)
                B = np.where(P[0][first], second, first)
                Z = self.count + np.arange(len(split_array), dtype=np.int64)
                pos = (self.pos[A] | self.pos[B])
                pos[:, word] &= ~mask
                zer = self.zero[A] & self.zero[B]
                zer[:, word] |= mask
                self.pos = np.concatenate([self.pos, pos])
                self.zero = np.concatenate([self.zero, zer])
                self.parents = np.concatenate([self.parents, np.stack([A, B], axis=1)])
                self.cut_by = np.concatenate([self.cut_by, np.full(len(Z), h, dtype=np.int64)])
                P[0] = np.concatenate([P[0], np.zeros(len(Z), dtype=bool)])
                M[0] = np.concatenate([M[0], np.zeros(len(Z), dtype=bool)])
                level.alive[split_array] = False
                level.append_pairs(np.stack([A, Z, Z, B], axis=1).reshape(-1, 2))
                numbers = base + 2 * np.arange(len(split_array), dtype=np.int64)
                split_plus, split_minus, split_zero = self._split_maps(len(level), split_array, numbers, Z)
                P.append(np.concatenate([Pk, np.tile([True, False], len(split))]))
                M.append(np.concatenate([Mk, np.tile([False, True], len(split))]))
                ends = (A, B)
                continue
            # every split face at once: its facets' parts go to its plus and minus parts; its zero part is
            # bounded by the zero parts of its split facets and by its other facets' faces on the zero set
            count = len(split_array)
            starts, stops = level.indptr[split_array], level.indptr[split_array + 1]
            sizes = stops - starts
            owner = np.repeat(np.arange(count), sizes)
            g = level.indices[np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))]
            split_g = split_plus[g] >= 0
            if (~split_g & ~P[k - 1][g] & ~M[k - 1][g]).any():
                raise AssertionError("a facet of a split face lies on the cutting zero set")
            plus_owner = np.concatenate([owner[split_g], owner[~split_g & P[k - 1][g]]])
            plus_faces = np.concatenate([split_plus[g[split_g]], g[~split_g & P[k - 1][g]]])
            minus_owner = np.concatenate([owner[split_g], owner[~split_g & ~P[k - 1][g]]])
            minus_faces = np.concatenate([split_minus[g[split_g]], g[~split_g & ~P[k - 1][g]]])
            whole = g[~split_g]                          # their faces on the zero set, one level further down
            whole_owner = owner[~split_g]
            w_starts, w_stops = lower.indptr[whole], lower.indptr[whole + 1]
            w_sizes = w_stops - w_starts
            e = lower.indices[np.repeat(w_starts - np.cumsum(w_sizes) + w_sizes, w_sizes) +
                              np.arange(int(w_sizes.sum()))]
            e_owner = np.repeat(whole_owner, w_sizes)
            on_zero = ~P[k - 2][e] & ~M[k - 2][e]
            e_owner, e = e_owner[on_zero], e[on_zero]
            if len(e):     # a face on the zero set may bound several facets: each (owner, face) once
                stride = int(e.max()) + 1
                keys = np.unique(e_owner.astype(np.int64) * stride + e)
                e_owner, e = keys // stride, keys % stride
            # the zero parts of split facets are new faces, one per facet: never repeated
            zero_owner = np.concatenate([owner[split_g], e_owner])
            zero_faces = np.concatenate([split_zero[g[split_g]], e])
            Zs = len(lower) + np.arange(count, dtype=np.int64)
            lower.append_grouped(zero_owner, zero_faces, count)
            P[k - 1] = np.concatenate([P[k - 1], np.zeros(count, dtype=bool)])
            M[k - 1] = np.concatenate([M[k - 1], np.zeros(count, dtype=bool)])
            # new faces 2 j (plus part) and 2 j + 1 (minus part), each with the zero part Zs[j]
            rows = np.concatenate([2 * plus_owner, 2 * minus_owner + 1, 2 * np.arange(count), 2 * np.arange(count) + 1])
            members = np.concatenate([plus_faces, minus_faces, Zs, Zs])
            level.alive[split_array] = False
            level.append_grouped(rows, members, 2 * count)
            numbers = base + 2 * np.arange(count, dtype=np.int64)
            P.append(np.concatenate([Pk, np.tile([True, False], count)]))
            M.append(np.concatenate([Mk, np.tile([False, True], count)]))
            split_plus, split_minus, split_zero = self._split_maps(len(level), split_array, numbers, Zs)
        return ends

    @staticmethod
    def _split_maps(size: int, split: np.ndarray, numbers: np.ndarray, zeros: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        plus, minus, zero = (np.full(size, -1, dtype=np.int64) for _ in range(3))
        plus[split], minus[split], zero[split] = numbers, numbers + 1, zeros
        return plus, minus, zero

    def compact(self, keep_vertices: np.ndarray | None = None) -> np.ndarray:
        """Drop dead faces (and the vertices not in ``keep_vertices``, with every face on them); renumber.

        Returns the kept vertices' old numbers.
        """
        if keep_vertices is None:
            keep_vertices = np.ones(self.count, dtype=bool)
        kept = np.nonzero(keep_vertices)[0]
        renumber = np.full(self.count, -1, dtype=np.int64)
        renumber[kept] = np.arange(len(kept))
        self.pos, self.zero, self.cut_by = self.pos[kept], self.zero[kept], self.cut_by[kept]
        parents = self.parents[kept]
        self.parents = np.where(parents >= 0, renumber[parents], -1)
        for k in range(1, self.n + 1):
            level = self.levels[k]
            mapped = renumber[level.indices]
            lost = np.zeros(len(level), dtype=bool) if len(level) == 0 else np.logical_or.reduceat(
                mapped < 0, level.indptr[:-1])
            keep = np.nonzero(level.alive & ~lost)[0]
            starts = level.indptr[keep]
            sizes = level.indptr[keep + 1] - starts
            compacted = _Level([])
            compacted.indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            compacted.indices = mapped[np.repeat(starts - compacted.indptr[:-1], sizes) + np.arange(int(sizes.sum()))]
            compacted.alive = np.ones(len(keep), dtype=bool)
            self.levels[k] = compacted
            renumber = np.full(len(level), -1, dtype=np.int64)
            renumber[keep] = np.arange(len(keep))
        return kept

    def face_signs(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The sign words of every ``k``-face: positive where a vertex is, zero where every vertex is."""
        pos, zero = self.pos, self.zero
        for level in self.levels[1:k + 1]:
            pos, zero = level.reduce(pos, np.bitwise_or), level.reduce(zero, np.bitwise_and)
        return pos, zero

    def face_vertices(self, k: int) -> list[frozenset[int]]:
        """The vertex sets of the ``k``-faces."""
        current: list[frozenset[int]] = [frozenset((v,)) for v in range(self.count)]
        for level in self.levels[1:k + 1]:
            current = [frozenset().union(*(current[g] for g in level.facets(f))) for f in range(len(level))]
        return current


class _Rows:
    """Two ``(V, w)`` float arrays with spare rows, doubled when full: appending costs the new rows."""

    def __init__(self, values: np.ndarray, bounds: np.ndarray) -> None:
        self.count = len(values)
        self.buffers = [np.empty((max(2 * len(a), 16), a.shape[1])) for a in (values, bounds)]
        for buffer, a in zip(self.buffers, (values, bounds)):
            buffer[:self.count] = a

    def append(self, values: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        end = self.count + len(values)
        if end > len(self.buffers[0]):
            self.buffers = [np.concatenate([b[:self.count], np.empty((2 * end - self.count, b.shape[1]))])
                            for b in self.buffers]
        self.buffers[0][self.count:end] = values
        self.buffers[1][self.count:end] = bounds
        self.count = end
        return self.buffers[0][:end], self.buffers[1][:end]


def rebuild_point(v: int, parents: np.ndarray, cut_by: np.ndarray, points: dict[int, Any],
                  given: Callable[[int], Any] | None, value: Callable[[int, int], Any]) -> Any:
    """The exact point of vertex ``v`` of a subdivision, rebuilt along the edges the vertices were cut from.

    A vertex cut from the edge ``(a, b)`` (``parents``) by hyperplane ``h`` (``cut_by``) is
    ``x_a + t (x_b - x_a)`` with ``t = z_a / (z_a - z_b)``, ``z = value(., h)`` exact at the parents;
    a vertex without parents (``-1``) is ``given(v)`` unless ``points`` holds it already. Points are
    memoised in ``points``; the walk is iterative (no recursion limit on long histories).

    Parameters
    ----------
    v
        The vertex.
    parents
        ``(a, b)`` per vertex, ``-1`` for a vertex given directly.
    cut_by
        The hyperplane that cut each vertex from its edge.
    points
        The memo of exact points (updated).
    given
        The exact point of a vertex without parents.
    value
        ``value(u, h)``: hyperplane ``h``'s exact value at vertex ``u``.

    Returns
    -------
    point
        The exact point of ``v`` (of whatever type ``given`` and the arithmetic give).

    Examples
    --------
    >>> import flint
    >>> corners = {0: flint.fmpq_mat(1, 1, [0]), 1: flint.fmpq_mat(1, 1, [4])}   # a segment [0, 4] cut by x = 1
    >>> parents, cut_by = np.array([[-1, -1], [-1, -1], [0, 1]]), np.array([-1, -1, 0])
    >>> rebuild_point(2, parents, cut_by, {}, corners.get, lambda u, h: corners[u][0, 0] - 1)
    [1]
    """
    stack = [v]
    while stack:
        w = stack[-1]
        if w in points:
            stack.pop()
            continue
        a, b = (int(p) for p in parents[w])
        if a < 0:      # given: a corner of the domain
            assert given is not None, f"vertex {w}: no parents and no given point"
            points[w] = given(w)
            stack.pop()
            continue
        missing = [p for p in (a, b) if p not in points]
        if missing:
            stack.extend(missing)
            continue
        h = int(cut_by[w])
        za, zb = value(a, h), value(b, h)
        points[w] = points[a] + (points[b] - points[a]) * (za / (za - zb))
        stack.pop()
    return points[v]


class ExactPoints:
    """What both exact sides share: exact points as ``Fraction`` tuples, centroids of vertices.

    See Also
    --------
    ExactVertices : the lattice's side.
    """

    flint: Any

    def point(self, v: int) -> Any:
        """The exact point of vertex ``v`` (a column).

        Parameters
        ----------
        v
            A vertex.

        Returns
        -------
        fmpq_mat
            Its exact point.

        See Also
        --------
        centroid
        """
        raise NotImplementedError

    def fractions(self, x: Any) -> tuple[Fraction, ...]:
        """An exact column as a tuple of ``Fraction``.

        Parameters
        ----------
        x
            An exact column.

        Returns
        -------
        tuple of Fraction
            Its entries.

        See Also
        --------
        point
        """
        return tuple(Fraction(int(q.p), int(q.q)) for q in x.entries())

    def centroid(self, vertices: Sequence[int]) -> Any:
        """The centroid of the exact vertices (an ``n x 1`` ``fmpq_mat``): a relative-interior point of their hull.

        Parameters
        ----------
        vertices
            Vertex numbers.

        Returns
        -------
        fmpq_mat
            The centroid.

        See Also
        --------
        point
        """
        total = self.point(vertices[0])
        for v in vertices[1:]:
            total = total + self.point(v)
        return total * self.flint.fmpq(1, len(vertices))


class ExactVertices(ExactPoints):
    """Exact vertices of a lattice and the exact values of its hyperplanes there, memoised (python-flint).

    A given vertex (a corner of the box, or one cut by a polytope's facet) has its point stored;
    a cut vertex is ``x_a + t (x_b - x_a)`` on its parent edge with ``t = z_a / (z_a - z_b)``, ``z``
    the cutting hyperplane's exact values at the parents. Values of the network's layers are those
    of its skip-free form (the own neurons first, then the pass-through ones).

    See Also
    --------
    build_lattice : creates one per lattice.
    """

    def __init__(self, lattice: _Lattice, plain: Sequence[tuple[list[list[Fraction]], list[Fraction], int]],
                 relu: set[int], neurons: Sequence[tuple[int, int]], facet_rows: Sequence[tuple[Sequence[Fraction],
                                                                                               Fraction]]) -> None:
        import flint

        self.flint = flint
        self.lattice = lattice
        self.neurons = list(neurons)
        self.facets = len(facet_rows)
        q = self._q
        self.rows = [(flint.fmpq_mat(1, len(a), [q(v) for v in a]), q(b)) for a, b in facet_rows]
        self.layers = [(flint.fmpq_mat(len(w), len(w[0]), [q(v) for row in w for v in row]),
                        flint.fmpq_mat(len(b), 1, [q(v) for v in b]), len(w) - carried, l in relu)
                       for l, (w, b, carried) in enumerate(plain, start=1)]
        self.points: dict[int, Any] = {}
        self.values: dict[int, list[Any]] = {}

    def _q(self, v: Fraction) -> Any:
        return self.flint.fmpq(v.numerator, v.denominator)

    def column(self, x: Sequence[Fraction]) -> Any:
        """A point as a python-flint column vector.

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        fmpq_mat
            ``x`` as a column.

        See Also
        --------
        point
        """
        return self.flint.fmpq_mat(len(x), 1, [self._q(v) for v in x])

    def layer_values(self, v: int, upto: int | None = None) -> list[Any]:
        """The values (columns) of layers ``1..upto`` (all by default) at vertex ``v``, pass-through neurons included.

        Layers are computed only as far as asked and kept, so a sign of the first layer costs one product.

        Parameters
        ----------
        v
            A vertex.
        upto
            The last layer.

        Returns
        -------
        list of fmpq_mat
            One column per layer.

        See Also
        --------
        value
        """
        last = len(self.layers) if upto is None else upto
        out = self.values.setdefault(v, [])
        if len(out) < last:
            zero = self.flint.fmpq(0)
            if not out:
                post = self.point(v)
            else:
                _, _, own, relu = self.layers[len(out) - 1]
                entries = out[-1].entries()
                post = self.flint.fmpq_mat(len(entries), 1, [e if j >= own or e > zero or not relu else zero
                                                             for j, e in enumerate(entries)])
            for W, b, own, relu in self.layers[len(out):last]:
                z = W * post + b
                out.append(z)
                entries = z.entries()
                post = self.flint.fmpq_mat(len(entries), 1, [e if j >= own or e > zero or not relu else zero
                                                             for j, e in enumerate(entries)])
        return out

    def value(self, v: int, h: int) -> Any:
        """The exact value of hyperplane ``h`` at vertex ``v`` (a domain facet's slack, or a neuron).

        Parameters
        ----------
        v
            A vertex.
        h
            A hyperplane.

        Returns
        -------
        fmpq
            The exact value.

        See Also
        --------
        layer_values
        """
        if h < self.facets:
            a, b = self.rows[h]
            return b - (a * self.point(v))[0, 0]
        layer, index = self.neurons[h - self.facets]
        return self.layer_values(v, layer)[layer - 1][index, 0]

    def point(self, v: int) -> Any:
        """The exact point of vertex ``v``.

        Parameters
        ----------
        v
            A vertex.

        Returns
        -------
        fmpq_mat
            Its exact point (a column), rebuilt and memoised.

        See Also
        --------
        tropical.lattice.rebuild_point
        """
        return rebuild_point(v, self.lattice.parents, self.lattice.cut_by, self.points, None, self.value)

    def renumber(self, kept: np.ndarray) -> None:
        """Keep the memoised points of the vertices ``kept`` (old numbers), under their new numbers.

        Parameters
        ----------
        kept
            The old numbers kept, in their new order.

        Returns
        -------
        None

        See Also
        --------
        point
        """
        self.points = {new: self.points[old] for new, old in enumerate(kept.tolist()) if old in self.points}
        self.values = {}


def _certain_signs(values: np.ndarray, bounds: np.ndarray, exact: ExactVertices, h: int,
                   signs: SignFilter) -> np.ndarray:
    return signs.signs(values, bounds, lambda v: exact.value(v, h))


def build_lattice(net: Network, plain: Sequence[tuple[list[list[Fraction]], list[Fraction], int]],
                  lo: Sequence[Fraction], hi: Sequence[Fraction],
                  facet_rows: Sequence[tuple[Sequence[Fraction], Fraction]] | None, output: bool,
                  anchor_above: float = 2.0 ** -24
                  ) -> tuple[_Lattice, ExactVertices, list[tuple[int, int]], int, SignFilter]:
    """The face lattice of the complex of ``net`` on the box ``[lo, hi]``, or on the polytope ``facet_rows``.

    With ``facet_rows``, ``[lo, hi]`` must hold the polytope in its interior; the box is cut by
    the polytope's facets first and what lies outside is dropped. ``plain`` is the network without
    skips (:func:`tropical.complex.plain_layers`).

    **Filtered signs.** Every vertex carries the float64 values of the layer being cut with
    rigorous bounds on their errors; a sign is decided by the float where ``|value| > bound`` and
    by :class:`ExactVertices` otherwise (:class:`exact.filtered.SignFilter`). The bounds are those
    of :mod:`tropical.complex`: the corners' rounding times the rows of ``|W_1|``, then
    ``|W| e + gamma_(w+3) (|W| |p| + |b|)`` through each layer with the vertices' own exact
    masks; a new vertex on the edge ``(a, b)`` (both ends decided by the float) gets the
    interpolated values with the bound derived there. Where a vertex's bound grows loose (above
    ``anchor_above`` relative to its values) or an end was decided exactly, its values are
    recomputed exactly and rounded (bound ``2 u |value|``).

    Returns ``(lattice, exact, neurons, facets, signs)``: the lattice, its exact vertices, the cut
    neurons ``(layer, index)``, the number of domain facets (the first hyperplanes, then the
    neurons; a polytope's enclosing box comes after them, never read) and the filter (its
    ``fallbacks``).

    Parameters
    ----------
    net
        The network.
    plain
        The network without skips (:func:`tropical.complex.plain_layers`).
    lo, hi
        The box (holding the polytope in its interior when ``facet_rows`` is given).
    facet_rows
        The polytope's facets ``a . x <= b``, or ``None`` for the box itself.
    output
        Cut by the output's zero set too.
    anchor_above
        A vertex whose float error bound grows beyond this is recomputed exactly and rounded.

    Returns
    -------
    tuple
        The lattice, its exact vertices, the hyperplanes (layer, neuron) in cut order, the number
        of domain facets, and the sign filter with its fallback count.

    See Also
    --------
    tropical.complex.LatticeComplex : the complex built on it.

    References
    ----------
    ``004`` section 3 and Appendix A (faces of the canonical complex); ``MATH.md`` section 7.
    """
    n = net.input_dim
    cut_layers = [l for l in range(1, net.depth + 1) if l in net.relu_layers or (output and l == net.depth)]
    neurons = [(l, i) for l in cut_layers for i in range(net.widths[l])]
    domain_facets = 2 * n if facet_rows is None else len(facet_rows)
    box_bits = 0 if facet_rows is None else domain_facets + len(neurons)
    words = (box_bits + 2 * n + (len(neurons) if facet_rows is None else 0) + 63) // 64
    lat = _Lattice(n, words)
    relu = set(net.relu_layers)
    rows: list[tuple[Sequence[Fraction], Fraction]] = []
    for i in range(n):
        unit = [Fraction(int(j == i)) for j in range(n)]
        rows += [([-v for v in unit], -Fraction(lo[i])), (unit, Fraction(hi[i]))]
    exact = ExactVertices(lat, plain, relu, neurons, list(facet_rows) if facet_rows is not None else rows)
    # the box: its faces are the words over {lo, hi, free} per coordinate
    faces_of: dict[tuple[int, ...], int] = {}
    pos = np.zeros((2 ** n, words), dtype=np.uint64)
    zero = np.zeros((2 ** n, words), dtype=np.uint64)
    for k in range(n + 1):
        facets_k: list[list[int]] = []
        for free in itertools.combinations(range(n), k):
            fixed = [i for i in range(n) if i not in free]
            for ends in itertools.product((0, 1), repeat=len(fixed)):
                word = [2] * n
                for i, end in zip(fixed, ends):
                    word[i] = end
                if k == 0:
                    v = len(faces_of)
                    exact.points[v] = exact.column([Fraction(hi[i] if word[i] else lo[i]) for i in range(n)])
                    for i in range(n):
                        for side in (0, 1):
                            bit = box_bits + 2 * i + side
                            target = zero if word[i] == side else pos
                            target[v, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
                    faces_of[tuple(word)] = v
                else:
                    facets = []
                    for i in free:
                        for end in (0, 1):
                            sub = list(word)
                            sub[i] = end
                            facets.append(faces_of[tuple(sub)])
                    faces_of[tuple(word)] = len(facets_k)
                    facets_k.append(facets)
        if k:
            lat.levels[k] = _Level(facets_k)
    lat.pos, lat.zero = pos, zero
    lat.parents = np.full((2 ** n, 2), -1, dtype=np.int64)
    lat.cut_by = np.full(2 ** n, -1, dtype=np.int64)
    signs = SignFilter()
    if facet_rows is not None:    # cut the box by the polytope's facets (exactly), then keep the inside
        for j in range(domain_facets):
            sign = np.array([signs.exact_sign(exact.value(v, j)) for v in range(lat.count)], dtype=np.int8)
            lat.cut(j, sign)
            for v in range(lat.count):
                exact.point(v)
        inside = np.ones(lat.count, dtype=bool)
        for j in range(domain_facets):
            flag = np.uint64(1) << np.uint64(j % 64)
            inside &= ((lat.pos[:, j // 64] | lat.zero[:, j // 64]) & flag) != 0
        exact.renumber(lat.compact(inside))
        lat.parents[:] = -1           # their points are stored
        signs = SignFilter()
    # the first layer's values at the given vertices: float points within ``radius`` of the exact ones
    X = np.array([[int(q.p) / int(q.q) for q in exact.points[v].entries()] for v in range(lat.count)],
                 dtype=np.float64).reshape(lat.count, n)
    radius = (np.abs(X).max(axis=1, initial=0.0) * 2 * U) * SAFE + TINY
    hyperplane_of = {neuron: domain_facets + j for j, neuron in enumerate(neurons)}
    values = bounds = np.zeros((lat.count, 0))
    for l, (weight, bias, carried) in enumerate(plain, start=1):
        W, b = float_matrix(weight).reshape(len(weight), -1), float_matrix([bias])[0]
        A, absb = np.abs(W), np.abs(b)
        m = W.shape[1] + 3
        if l == 1:
            values = X @ W.T + b
            bounds = (gamma(m) * (np.abs(X) @ A.T + absb) + radius[:, None] * A.sum(axis=1)[None, :]) * SAFE + TINY
        else:   # the exactly decided signs of layer l - 1 (zero counted active) mask its values
            own = values.shape[1] - plain[l - 2][2]
            mask = np.ones(values.shape, dtype=bool)
            if l - 1 in relu:
                hs = np.array([hyperplane_of[(l - 1, i)] for i in range(own)], dtype=np.int64)
                bits = lat.pos | lat.zero
                mask[:, :own] = ((bits[:, hs // 64] >> (hs % 64).astype(np.uint64)) & np.uint64(1)).astype(bool)
            previous = np.where(mask, values, 0.0)
            carried_error = np.where(mask, bounds, 0.0)
            values = previous @ W.T + b
            bounds = np.nan_to_num((carried_error @ A.T + gamma(m) * (np.abs(previous) @ A.T + absb)) * SAFE + TINY,
                                   nan=np.inf)
        if l not in cut_layers:
            continue
        grown = _Rows(values, bounds)
        for i in range(net.widths[l]):
            h = hyperplane_of[(l, i)]
            z, err = values[:, i], bounds[:, i]
            A_, B_ = lat.cut(h, _certain_signs(z, err, exact, h, signs))
            if len(A_) == 0:
                continue
            za, zb = z[A_], z[B_]
            filtered = (np.abs(za) > err[A_]) & (np.abs(zb) > err[B_])
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.clip(np.nan_to_num(za / (za - zb), nan=0.5), 0.0, 1.0)
                tau = np.maximum(err[A_], err[B_]) / (np.abs(za) + np.abs(zb)) + 3 * U
            Ya, Yb = values[A_], values[B_]
            new_values = Ya + t[:, None] * (Yb - Ya)
            new_bounds = (np.maximum(bounds[A_], bounds[B_]) + tau[:, None] * np.abs(Yb - Ya)
                          + 6 * U * (np.abs(Ya) + np.abs(Yb))) * SAFE + TINY
            new_bounds[np.isnan(new_bounds)] = np.inf
            loose = ~filtered | (new_bounds.max(axis=1, initial=0.0) > anchor_above * (
                1 + np.abs(new_values).max(axis=1, initial=0.0)))
            first_new = lat.count - len(A_)
            for r in np.nonzero(loose)[0].tolist():   # exactly, then rounded: |fl(v) - v| <= u |v|
                column = exact.layer_values(first_new + r, l)[l - 1]
                row = np.array([int(q.p) / int(q.q) for q in column.entries()], dtype=np.float64)
                new_values[r] = row
                new_bounds[r] = np.abs(row) * 2 * U * SAFE + TINY
            new_values[:, i] = 0.0      # on the cutting neuron's zero set, exactly
            new_bounds[:, i] = 0.0
            values, bounds = grown.append(new_values, new_bounds)
        lat.compact()             # dead faces out of the next layer's reductions (vertices stay as they are)
        del carried
    return lat, exact, neurons, domain_facets, signs

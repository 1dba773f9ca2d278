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
>>> lattice, neurons, facets = build_lattice(lines, plain_layers(lines), [-1, -1], [1, 1], None, False)
>>> [len(lattice.points)] + [len(level) for level in lattice.levels[1:]]   # 4 + 4 on the sides + the origin
[9, 14, 6]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from exact.network import Network

__all__ = ["build_lattice"]


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
    """Vertices (exact points, sign words, layer values) and faces (:class:`_Level` per dimension).

    ``pos`` and ``zero`` are ``(V, words)`` uint64 sign bits over the hyperplanes (strictly positive;
    on the hyperplane); ``levels[k]`` for ``k >= 1`` holds the ``k``-faces (an edge's facets: its two
    vertices).
    """

    def __init__(self, flint: Any, n: int, words: int) -> None:
        self.flint = flint
        self.n = n
        self.words = words
        self.points: list[Any] = []      # n x 1 fmpq_mat
        self.values: list[Any] = []      # 1 x w fmpq_mat: the current layer's pre-activations
        self.pos = np.zeros((0, words), dtype=np.uint64)
        self.zero = np.zeros((0, words), dtype=np.uint64)
        self.levels: list[_Level] = [_Level([]) for _ in range(n + 1)]
        self.zeros_found = 0             # vertex-hyperplane incidences found exactly at 0

    def cut(self, h: int, value: Any) -> None:
        """Cut every face by the zero set of ``value`` (``value(v)`` exact at vertex ``v``), hyperplane ``h``."""
        word, mask = h // 64, np.uint64(1) << np.uint64(h % 64)
        vals = [value(v) for v in range(len(self.points))]
        sign = np.fromiter(((z > 0) - (z < 0) for z in vals), dtype=np.int8, count=len(vals))
        self.pos[sign > 0, word] |= mask
        self.zero[sign == 0, word] |= mask
        self.zeros_found += int((sign == 0).sum())
        # per level: has a positive vertex, has a negative vertex (neither: on the zero set)
        P: list[np.ndarray] = [sign > 0]
        M: list[np.ndarray] = [sign < 0]
        split_below: dict[int, tuple[int, int, int]] = {}   # split (k-1)-face -> its plus, minus and zero parts
        for k in range(1, self.n + 1):
            level, lower = self.levels[k], self.levels[k - 1]
            Pk, Mk = level.any_of(P[k - 1]), level.any_of(M[k - 1])
            split = np.nonzero(Pk & Mk & level.alive)[0].tolist()
            split_here: dict[int, tuple[int, int, int]] = {}
            parts: list[list[int]] = []        # new k-faces: plus and minus part of each split face
            zero_parts: list[list[int]] = []   # new (k-1)-faces (k >= 2)
            base, lower_base = len(level), len(lower)
            if k == 1:
                new_points, new_values, new_pos, new_zero = [], [], [], []
            for f in split:
                facets = level.facets(f)
                if k == 1:      # an edge with ends of both signs: the new vertex where the value is 0
                    a, b = facets
                    if not P[0][a]:
                        a, b = b, a
                    t = vals[a] / (vals[a] - vals[b])
                    new_points.append(self.points[a] + (self.points[b] - self.points[a]) * t)
                    new_values.append(None if self.values[a] is None
                                      else self.values[a] + (self.values[b] - self.values[a]) * t)
                    new_pos.append(self.pos[a] | self.pos[b])
                    new_zero.append(self.zero[a] & self.zero[b])
                    z = len(self.points) + len(new_points) - 1
                    parts += [[a, z], [z, b]]
                else:
                    plus_side, minus_side, zero_side = [], [], []
                    seen: set[int] = set()
                    for g in facets:
                        if g in split_below:
                            g_plus, g_minus, g_zero = split_below[g]
                            plus_side.append(g_plus)
                            minus_side.append(g_minus)
                            if g_zero not in seen:
                                seen.add(g_zero)
                                zero_side.append(g_zero)
                            continue
                        if P[k - 1][g]:
                            plus_side.append(g)
                        elif M[k - 1][g]:
                            minus_side.append(g)
                        else:
                            raise AssertionError("a facet of a split face lies on the cutting zero set")
                        for e in lower.facets(g):     # the facet's faces on the zero set bound the zero part
                            if not P[k - 2][e] and not M[k - 2][e] and e not in seen:
                                seen.add(e)
                                zero_side.append(e)
                    zero_parts.append(zero_side)
                    z = lower_base + len(zero_parts) - 1
                    parts += [plus_side + [z], minus_side + [z]]
                split_here[f] = (base + len(parts) - 2, base + len(parts) - 1, z)
            level.alive[split] = False
            if k == 1 and new_points:
                count = len(new_points)
                self.points += new_points
                self.values += new_values
                pos, zer = np.array(new_pos, dtype=np.uint64), np.array(new_zero, dtype=np.uint64)
                pos[:, word] &= ~mask
                zer[:, word] |= mask
                self.pos = np.concatenate([self.pos, pos])
                self.zero = np.concatenate([self.zero, zer])
                P[0] = np.concatenate([P[0], np.zeros(count, dtype=bool)])
                M[0] = np.concatenate([M[0], np.zeros(count, dtype=bool)])
            if zero_parts:
                lower.append(zero_parts)
                P[k - 1] = np.concatenate([P[k - 1], np.zeros(len(zero_parts), dtype=bool)])
                M[k - 1] = np.concatenate([M[k - 1], np.zeros(len(zero_parts), dtype=bool)])
            level.append(parts)
            P.append(np.concatenate([Pk, np.tile([True, False], len(split))]))
            M.append(np.concatenate([Mk, np.tile([False, True], len(split))]))
            split_below = split_here

    def compact(self, keep_vertices: np.ndarray | None = None) -> None:
        """Drop dead faces (and the vertices not in ``keep_vertices``, with every face on them); renumber."""
        if keep_vertices is not None:
            kept = np.nonzero(keep_vertices)[0]
            self.points = [self.points[v] for v in kept.tolist()]
            self.values = [self.values[v] for v in kept.tolist()]
            self.pos, self.zero = self.pos[kept], self.zero[kept]
            renumber = np.full(len(keep_vertices), -1, dtype=np.int64)
            renumber[kept] = np.arange(len(kept))
        else:
            renumber = np.arange(len(self.points), dtype=np.int64)
        for k in range(1, self.n + 1):
            level = self.levels[k]
            mapped = renumber[level.indices]
            lost = level.any_of(np.zeros(0, dtype=bool)) if len(level) == 0 else np.logical_or.reduceat(
                mapped < 0, level.indptr[:-1])
            keep = np.nonzero(level.alive & ~lost)[0]
            self.levels[k] = _Level([mapped[level.indptr[f]:level.indptr[f + 1]].tolist() for f in keep.tolist()])
            renumber = np.full(len(level), -1, dtype=np.int64)
            renumber[keep] = np.arange(len(keep))

    def face_signs(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The sign words of every ``k``-face: positive where a vertex is, zero where every vertex is."""
        pos, zero = self.pos, self.zero
        for level in self.levels[1:k + 1]:
            pos, zero = level.reduce(pos, np.bitwise_or), level.reduce(zero, np.bitwise_and)
        return pos, zero

    def face_vertices(self, k: int) -> list[frozenset[int]]:
        """The vertex sets of the ``k``-faces."""
        current: list[frozenset[int]] = [frozenset((v,)) for v in range(len(self.points))]
        for level in self.levels[1:k + 1]:
            current = [frozenset().union(*(current[g] for g in level.facets(f))) for f in range(len(level))]
        return current


def build_lattice(net: Network, plain: Sequence[tuple[list[list[Fraction]], list[Fraction], int]],
                  lo: Sequence[Fraction], hi: Sequence[Fraction],
                  facet_rows: Sequence[tuple[Sequence[Fraction], Fraction]] | None, output: bool
                  ) -> tuple[_Lattice, list[tuple[int, int]], int]:
    """The face lattice of the complex of ``net`` on the box ``[lo, hi]``, or on the polytope ``facet_rows``.

    With ``facet_rows``, ``[lo, hi]`` must hold the polytope in its interior; the box is cut by
    the polytope's facets first and what lies outside is dropped. ``plain`` is the network without
    skips (:func:`tropical.complex.plain_layers`). Returns ``(lattice, neurons, facets)``: the
    lattice, the cut neurons ``(layer, index)`` and the number of domain facets (the first
    hyperplanes, then the neurons; a polytope's enclosing box comes after them, never read).
    """
    import flint

    n = net.input_dim
    cut_layers = [l for l in range(1, net.depth + 1) if l in net.relu_layers or (output and l == net.depth)]
    neurons = [(l, i) for l in cut_layers for i in range(net.widths[l])]
    domain_facets = 2 * n if facet_rows is None else len(facet_rows)
    box_bits = 0 if facet_rows is None else domain_facets + len(neurons)
    words = (box_bits + 2 * n + (len(neurons) if facet_rows is None else 0) + 63) // 64
    lat = _Lattice(flint, n, words)
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
                for i, e in zip(fixed, ends):
                    word[i] = e
                if k == 0:
                    v = len(lat.points)
                    corner = [Fraction(hi[i] if word[i] else lo[i]) for i in range(n)]
                    lat.points.append(flint.fmpq_mat(n, 1, [flint.fmpq(c.numerator, c.denominator) for c in corner]))
                    lat.values.append(None)
                    for i in range(n):
                        for side in (0, 1):
                            bit = box_bits + 2 * i + side
                            target = zero if word[i] == side else pos
                            target[v, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
                    faces_of[tuple(word)] = v
                else:
                    facets = []
                    for i in free:
                        for e in (0, 1):
                            sub = list(word)
                            sub[i] = e
                            facets.append(faces_of[tuple(sub)])
                    faces_of[tuple(word)] = len(facets_k)
                    facets_k.append(facets)
        if k:
            lat.levels[k] = _Level(facets_k)
    lat.pos, lat.zero = pos, zero
    if facet_rows is not None:    # cut the box by the polytope's facets, then keep the inside
        for j, (a, b) in enumerate(facet_rows):
            row = flint.fmpq_mat(1, n, [flint.fmpq(v.numerator, v.denominator) for v in a])
            offset = flint.fmpq(b.numerator, b.denominator)
            lat.cut(j, lambda v, row=row, offset=offset: offset - (row * lat.points[v])[0, 0])
        inside = np.ones(len(lat.points), dtype=bool)
        for j in range(domain_facets):
            flag = np.uint64(1) << np.uint64(j % 64)
            inside &= ((lat.pos[:, j // 64] | lat.zero[:, j // 64]) & flag) != 0
        lat.compact(inside)
        lat.zeros_found = 0
    relu = set(net.relu_layers)
    h = domain_facets
    previous_width = n
    for l, (weight, bias, _) in enumerate(plain, start=1):
        W = flint.fmpq_mat(len(weight), previous_width,
                           [flint.fmpq(v.numerator, v.denominator) for row in weight for v in row])
        B = flint.fmpq_mat(1, len(bias), [flint.fmpq(v.numerator, v.denominator) for v in bias])
        WT = W.transpose()
        own = net.widths[l - 1] if l > 1 else n
        zero_q = flint.fmpq(0)
        for v in range(len(lat.points)):
            if l == 1:
                post = lat.points[v].transpose()
            else:
                row = lat.values[v]
                entries = [row[0, j] for j in range(row.ncols())]
                if l - 1 in relu:
                    entries = [e if j >= own or e > 0 else zero_q for j, e in enumerate(entries)]
                post = flint.fmpq_mat(1, len(entries), entries)
            lat.values[v] = post * WT + B
        previous_width = len(weight)
        if l in cut_layers:
            for i in range(net.widths[l]):
                lat.cut(h, lambda v, i=i: lat.values[v][0, i])
                h += 1
    lat.compact()
    return lat, neurons, domain_facets

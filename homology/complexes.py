"""Finite simplicial complexes on hashable vertex labels, and their homology over Z.

Simplices are oriented by the order of their vertices' first appearance; boundary
matrices are sparse. Constructions: closure of facets, skeleta, full subcomplexes,
cones, suspensions, quotients by vertex classes (a cone over the full subcomplex of each
class, which has the homotopy type of the quotient), relative chain complexes ``C(X)/C(A)``,
and standard surfaces whose homology is known from topology.

Examples
--------
>>> [str(h) for h in projective_plane().homology()]
['Z', 'Z/2', '0']
>>> [str(h) for h in klein_bottle().homology()]
['Z', 'Z + Z/2', '0']
>>> [str(h) for h in circle(5).suspension().homology()]
['Z', '0', 'Z']
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from exact.display import html_table
from exact.errors import ShapeError
from homology.chains import ChainComplex, HomologyGroup, SparseMatrix

__all__ = [
    "SimplicialComplex",
    "Coreduction",
    "circle",
    "sphere",
    "torus",
    "klein_bottle",
    "projective_plane",
]

Simplex = tuple[int, ...]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while complexes are built.

    Building allocates millions of tuples and no cycles, and collection passes over them cost
    a quarter of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def restricted_chain_complex(cells: Sequence[Sequence[Simplex]], free: Sequence[int] | None = None) -> ChainComplex:
    """The simplicial boundary restricted to ``cells`` (by dimension): faces outside them are dropped.

    With ``free[k]``, the last ``free[k]`` cells of dimension ``k`` are known to have no face among
    the cells (zero columns, not looked up). This is ``C(X)``, the relative ``C(X) / C(A)``, and what
    coreductions leave.

    >>> restricted_chain_complex([[(0,), (1,)], [(0, 1)]]).boundary(1).to_dense()
    [[-1], [1]]
    """
    position = [{s: i for i, s in enumerate(level)} for level in cells]
    boundaries = {}
    for k in range(1, len(cells)):
        columns: list[dict[int, int]] = []
        level = cells[k]
        zero = free[k] if free is not None else 0
        for s in level[:len(level) - zero]:
            column = {}
            for i in range(len(s)):
                row = position[k - 1].get(s[:i] + s[i + 1:])
                if row is not None:
                    column[row] = (-1) ** i
            columns.append(column)
        columns += [{} for _ in range(zero)]
        boundaries[k] = SparseMatrix(len(cells[k - 1]), len(level), columns)
    return ChainComplex([len(level) for level in cells], boundaries)


@dataclass
class Coreduction:
    """What :meth:`SimplicialComplex.coreduce` did.

    ``starts``: the vertices it entered the components by; ``pairs``: the coreduction pairs
    ``(face, cell)`` in order; ``remaining``: the cells left, by dimension (those with no face
    left at the end, counted by ``free``).

    See Also
    --------
    SimplicialComplex.coreduce : gives it.
    homology.verify.check_coreduction : replays it.

    References
    ----------
    M. Mrozek and B. Batko, "Coreduction homology algorithm", Discrete Comput. Geom. 41 (2009).
    """

    starts: list[int]
    pairs: list[tuple[Simplex, Simplex]]
    remaining: list[list[Simplex]]
    #: per dimension, how many of the remaining cells (the last ones) have no face left: zero columns
    free: list[int] | None = None

    def chain_complex(self) -> ChainComplex:
        """The boundary restricted to the remaining cells (a chain complex, by the coreduction theorem).

        Returns
        -------
        ChainComplex
            Over the remaining cells.

        See Also
        --------
        homology
        """
        return restricted_chain_complex(self.remaining, self.free)

    def homology(self) -> list[HomologyGroup]:
        """The homology of the whole complex: the remaining cells' plus ``Z`` per start in ``H_0``.

        Returns
        -------
        list of HomologyGroup
            ``H_k`` of the original complex.

        See Also
        --------
        SimplicialComplex.homology : the same, computed directly.
        """
        groups = self.chain_complex().homology() if self.remaining else []
        if not groups:
            groups = [HomologyGroup(0, 0, ())]
        groups[0] = HomologyGroup(0, groups[0].betti + len(self.starts), groups[0].torsion)
        return groups


class SimplicialComplex:
    """The closure of a set of facets (vertex labels: any hashables).

    Raises
    ------
    ValueError
        For an empty facet or a facet with a repeated vertex.

    See Also
    --------
    circle, sphere, torus, klein_bottle, projective_plane : standard examples.

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, chapter 1.
    """

    def __init__(self, facets: Iterable[Iterable[Hashable]], homology_dim: int | None = None) -> None:
        # a complex truncated to its (K+1)-skeleton knows its homology only up to K
        self.homology_dim = homology_dim
        self.labels: list[Hashable] = []
        self.index: dict[Hashable, int] = {}
        tops: set[Simplex] = set()
        for facet in facets:
            vertices = list(facet)
            if not vertices:
                raise ShapeError("facets: an empty facet")
            if len(set(vertices)) != len(vertices):
                raise ShapeError(f"facets: {vertices!r} repeats a vertex")
            for v in vertices:
                if v not in self.index:
                    self.index[v] = len(self.labels)
                    self.labels.append(v)
            tops.add(tuple(sorted(self.index[v] for v in vertices)))
        faces: set[Simplex] = set()
        for top in tops:
            for k in range(1, len(top) + 1):
                faces.update(itertools.combinations(top, k))
        self.dimension = max((len(s) - 1 for s in faces), default=-1)
        self._by_dim: list[list[Simplex]] = [sorted(s for s in faces if len(s) == k + 1)
                                             for k in range(self.dimension + 1)]

    @classmethod
    def from_closed(cls, levels: Sequence[Iterable[Simplex]], labels: Sequence[Hashable] | None = None,
                    homology_dim: int | None = None) -> SimplicialComplex:
        """A complex from its simplices by dimension, already closed under faces (nothing is recomputed).

        ``levels[k]`` holds the ``k``-simplices as increasing tuples of vertex numbers, which index
        ``labels`` (``0..n-1`` by default, ``n`` the number of vertices). The caller vouches for
        closure (a Vietoris-Rips complex grown clique by clique).

        Parameters
        ----------
        levels
            The simplices of each dimension, closed under faces.
        labels
            The vertex labels.
        homology_dim
            Report homology up to this degree only.

        Returns
        -------
        SimplicialComplex
            The complex.

        Examples
        --------
        >>> SimplicialComplex.from_closed([[(0,), (1,), (2,)], [(0, 1), (1, 2)]])
        SimplicialComplex(dim 1, f = [3, 2])
        """
        self = cls.__new__(cls)
        self.homology_dim = homology_dim
        by_dim = [sorted(level) for level in levels]
        while by_dim and not by_dim[-1]:
            by_dim.pop()
        if labels is None:
            labels = range(len(by_dim[0])) if by_dim else range(0)
        self.labels = list(labels)
        self.index = {v: i for i, v in enumerate(self.labels)}
        self._by_dim = by_dim
        self.dimension = len(by_dim) - 1
        return self

    def coreduce(self) -> Coreduction:
        """Coreductions (Mrozek and Batko) until none is left: what remains, and the evidence.

        A cell ``a`` whose boundary meets the remaining cells in exactly one face ``b`` (with
        coefficient ``+-1``, as always in a simplicial complex) forms a coreduction pair
        ``(b, a)``: removing both leaves the homology of the remaining chain complex (the
        boundary restricted to it) unchanged over Z. Each connected component is entered by
        removing one vertex (a ``Z`` of ``H_0``), from which coreductions spread along a spanning
        tree and on into the higher cells; a Vietoris-Rips complex usually shrinks to a few cells.

        Returns
        -------
        Coreduction
            What is left and the pairs removed.

        See Also
        --------
        homology.verify.check_coreduction : replays it.

        References
        ----------
        M. Mrozek and B. Batko, "Coreduction homology algorithm", Discrete Comput. Geom. 41 (2009).

        Examples
        --------
        >>> result = SimplicialComplex([[0, 1], [1, 2], [2, 0]]).coreduce()     # a circle
        >>> result.starts, len(result.pairs), result.remaining
        ([0], 2, [[], [(1, 2)]])
        """
        with paused_gc():
            return self._coreduce()

    def _coreduce(self) -> Coreduction:
        from collections import deque

        top = self.dimension
        levels = self._by_dim
        facets: list[list[list[int]]] = [[]] + [self._facet_ids(k) for k in range(1, top + 1)]   # of each k-simplex
        # cofaces of each (k-1)-simplex, as slices of one list per dimension (CSR)
        pointers: list[list[int]] = []
        cofaces: list[list[int]] = []
        for k in range(1, top + 1):
            flat = np.asarray(facets[k], dtype=np.int64).reshape(-1)
            order = np.argsort(flat, kind="stable")
            counts = np.bincount(flat, minlength=len(levels[k - 1]))
            pointers.append(np.concatenate([[0], np.cumsum(counts)]).tolist())
            cofaces.append((order // (k + 1)).tolist())
        alive = [[True] * len(level) for level in levels]
        faces_left = [[k + 1] * len(level) for k, level in enumerate(levels)]
        queue: deque[tuple[int, int]] = deque()
        push, pop = queue.append, queue.popleft

        def remove(k: int, i: int) -> None:
            alive[k][i] = False
            if k < top:
                above, left, ptr = alive[k + 1], faces_left[k + 1], pointers[k]
                for c in cofaces[k][ptr[i]:ptr[i + 1]]:
                    if above[c]:
                        n = left[c] - 1
                        left[c] = n
                        if n == 1:
                            push((k + 1, c))

        starts: list[int] = []
        pairs: list[tuple[Simplex, Simplex]] = []
        record = pairs.append
        alive0 = alive[0]
        for v in range(len(levels[0]) if top >= 0 else 0):
            if not alive0[v]:
                continue
            starts.append(levels[0][v][0])
            remove(0, v)
            while queue:
                k, a = pop()
                here = alive[k]
                if not here[a] or faces_left[k][a] != 1:
                    continue
                below = alive[k - 1]
                for b in facets[k][a]:
                    if below[b]:
                        break
                record((levels[k - 1][b], levels[k][a]))
                remove(k, a)
                remove(k - 1, b)
        # what is left, per dimension: cells with a face left first, then those whose whole boundary is gone
        remaining, cycles = [], []
        for k, (level, flags) in enumerate(zip(levels, alive)):
            bounded = [s for s, on, f in zip(level, flags, faces_left[k]) if on and (f > 0 and k > 0)]
            free = [s for s, on, f in zip(level, flags, faces_left[k]) if on and not (f > 0 and k > 0)]
            remaining.append(bounded + free)
            cycles.append(len(free))
        return Coreduction(starts, pairs, remaining, cycles)

    def _facet_ids(self, k: int) -> list[list[int]]:
        """For each ``k``-simplex, the positions of its ``k + 1`` facets among the ``(k-1)``-simplices."""
        simplices, faces = self._by_dim[k], self._by_dim[k - 1]
        if not simplices:
            return []
        base = max(v for s in self._by_dim[0] for v in s) + 1
        if base ** (k + 1) < 2 ** 62:   # sorted tuples encode to increasing integers: one search
            weights = base ** np.arange(k - 1, -1, -1, dtype=np.int64)
            keys = np.asarray(faces, dtype=np.int64).reshape(len(faces), k) @ weights
            cells = np.asarray(simplices, dtype=np.int64)
            ids = np.stack([np.searchsorted(keys, np.delete(cells, i, axis=1) @ weights) for i in range(k + 1)],
                           axis=1)
            found: list[list[int]] = ids.tolist()
            return found
        position = {f: j for j, f in enumerate(faces)}
        return [[position[s[:i] + s[i + 1:]] for i in range(k + 1)] for s in simplices]

    def simplices(self, k: int) -> list[Simplex]:
        """The ``k``-simplices as sorted tuples of vertex indices.

        Parameters
        ----------
        k
            The dimension.

        Returns
        -------
        list of tuple of int
            The simplices.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> triangle.simplices(1)
        [(0, 1), (0, 2), (1, 2)]
        """
        return self._by_dim[k] if 0 <= k <= self.dimension else []

    def simplices_labelled(self, k: int) -> list[tuple[Hashable, ...]]:
        """The ``k``-simplices as tuples of vertex labels.

        Parameters
        ----------
        k
            The dimension.

        Returns
        -------
        list of tuple
            The simplices by their labels.

        Examples
        --------
        >>> SimplicialComplex([("a", "b")]).simplices_labelled(1)
        [('a', 'b')]
        """
        return [tuple(self.labels[v] for v in s) for s in self.simplices(k)]

    def __len__(self) -> int:
        return sum(len(s) for s in self._by_dim)

    def __repr__(self) -> str:
        """Counts, not a dump: ``SimplicialComplex(dim 2, f = [6, 15, 10])``.

        >>> SimplicialComplex([[0, 1, 2], [2, 3]])
        SimplicialComplex(dim 2, f = [4, 4, 1])
        """
        cut = f", homology up to {self.homology_dim}" if self.homology_dim is not None else ""
        return f"SimplicialComplex(dim {self.dimension}, f = {[len(s) for s in self._by_dim]}{cut})"

    def _repr_html_(self) -> str:
        return html_table("SimplicialComplex", [("dimension", self.dimension),
                                                ("f-vector", [len(s) for s in self._by_dim]),
                                                ("Euler characteristic", self.euler_characteristic())])

    def euler_characteristic(self) -> int:
        """The Euler characteristic ``sum_k (-1)^k (number of k-simplices)``.

        Returns
        -------
        int
            The alternating sum of the simplex counts.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> triangle.euler_characteristic()
        0
        """
        return sum((-1) ** k * len(s) for k, s in enumerate(self._by_dim))

    def chain_complex(self, subcomplex: SimplicialComplex | None = None) -> ChainComplex:
        """``C(X)``, or the relative ``C(X) / C(A)`` for a subcomplex ``A`` (by vertex labels).

        Parameters
        ----------
        subcomplex
            ``A`` for the relative chain complex.

        Returns
        -------
        ChainComplex
            Over Z.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> triangle.chain_complex().ranks
        [3, 3]
        """
        removed: set[Simplex] = set()
        if subcomplex is not None:
            for k in range(subcomplex.dimension + 1):
                for s in subcomplex.simplices_labelled(k):
                    if any(v not in self.index for v in s):
                        raise ShapeError(f"subcomplex: simplex {s!r} is not in the complex")
                    removed.add(tuple(sorted(self.index[v] for v in s)))
        cells = [[s for s in self.simplices(k) if s not in removed] for k in range(self.dimension + 1)]
        return restricted_chain_complex(cells)

    def homology(self, subcomplex: SimplicialComplex | None = None) -> list[HomologyGroup]:
        """``H_k(X)`` (or ``H_k(X, A)``) for ``k = 0..dim``, from Smith normal forms.

        The absolute groups are computed on what :meth:`coreduce` leaves (the same integral
        homology, plus one ``Z`` of ``H_0`` per component); ``chain_complex().homology()`` gives
        them from the whole complex.

        A truncated complex (``homology_dim = K``, e.g. a Vietoris-Rips complex built to its
        ``(K+1)``-skeleton) reports ``H_0..H_K`` only: its top groups are artefacts of the cut. The
        empty complex has ``H_0 = 0``.

        Parameters
        ----------
        subcomplex
            ``A`` for relative homology.

        Returns
        -------
        list of HomologyGroup
            ``H_0..H_dim``.

        Examples
        --------
        >>> [str(h) for h in SimplicialComplex([]).homology()]
        ['0']
        """
        if self.dimension < 0:   # the empty complex: every group is 0
            return [HomologyGroup(0, 0, ())]
        if subcomplex is None:   # coreduce first: the same groups from a (usually far) smaller complex
            groups = self.coreduce().homology()
            groups += [HomologyGroup(k, 0, ()) for k in range(len(groups), self.dimension + 1)]
        else:
            groups = self.chain_complex(subcomplex).homology()
        return groups if self.homology_dim is None else groups[:self.homology_dim + 1]

    def reduced_homology(self) -> list[HomologyGroup]:
        """Reduced homology: ``H_0`` loses one ``Z`` (the complex is non-empty).

        Returns
        -------
        list of HomologyGroup
            The reduced groups.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> [g.betti for g in triangle.reduced_homology()]
        [0, 1]
        """
        groups = self.homology()
        if groups:
            groups[0] = HomologyGroup(0, groups[0].betti - 1, groups[0].torsion)
        return groups

    # ------------------------------------------------------------------ constructions
    def facets(self) -> list[tuple[Hashable, ...]]:
        """The maximal simplices (as label tuples).

        Returns
        -------
        list of tuple
            The facets.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> triangle.facets()
        [(0, 1), (0, 2), (1, 2)]
        """
        all_simplices = [s for level in self._by_dim for s in level]
        maximal = []
        for s in all_simplices:
            others = self._by_dim[len(s)] if len(s) <= self.dimension else []
            if not any(set(s) < set(t) for t in others):
                maximal.append(tuple(self.labels[v] for v in s))
        return maximal

    def skeleton(self, k: int) -> SimplicialComplex:
        """The ``k``-skeleton: every simplex of dimension at most ``k``.

        Parameters
        ----------
        k
            The largest dimension kept.

        Returns
        -------
        SimplicialComplex
            The ``k``-skeleton.

        Examples
        --------
        >>> [g.betti for g in SimplicialComplex([(0, 1, 2)]).skeleton(1).homology()]      # a disc's boundary
        [1, 1]
        """
        return SimplicialComplex(self.simplices_labelled(min(k, self.dimension)) +
                                 [s for j in range(min(k, self.dimension)) for s in self.simplices_labelled(j)])

    def full_subcomplex(self, vertices: Iterable[Hashable]) -> SimplicialComplex:
        """All simplices whose vertices are all in ``vertices``.

        Parameters
        ----------
        vertices
            Vertex labels.

        Returns
        -------
        SimplicialComplex
            The full subcomplex.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> triangle.full_subcomplex([0, 1]).facets()
        [(0, 1)]
        """
        keep = {self.index[v] for v in vertices if v in self.index}
        return SimplicialComplex(tuple(self.labels[v] for v in s)
                                 for level in self._by_dim for s in level if set(s) <= keep)

    def cone(self, apex: Hashable = "apex") -> SimplicialComplex:
        """The cone over the complex with a new vertex ``apex``.

        Parameters
        ----------
        apex
            The new vertex's label.

        Returns
        -------
        SimplicialComplex
            The cone (contractible).

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> [g.betti for g in triangle.cone().homology()]
        [1, 0, 0]
        """
        if apex in self.index:
            raise ShapeError(f"cone: apex {apex!r} is already a vertex")
        return SimplicialComplex([tuple(f) + (apex,) for f in self.facets()] + [(apex,)])

    def suspension(self, north: Hashable = "north", south: Hashable = "south") -> SimplicialComplex:
        """The suspension: the union of two cones, on ``north`` and ``south``.

        Parameters
        ----------
        north, south
            The two new vertices' labels.

        Returns
        -------
        SimplicialComplex
            The suspension.

        Examples
        --------
        >>> triangle = SimplicialComplex([(0, 1), (1, 2), (0, 2)])                # a circle
        >>> [g.betti for g in triangle.suspension().homology()]           # a 2-sphere
        [1, 0, 1]
        """
        for p in (north, south):
            if p in self.index:
                raise ShapeError(f"suspension: {p!r} is already a vertex")
        shifted = None if self.homology_dim is None else self.homology_dim + 1
        return SimplicialComplex([tuple(f) + (p,) for f in self.facets() for p in (north, south)], shifted)

    def with_cones(self, classes: Sequence[Iterable[Hashable]]) -> SimplicialComplex:
        """A cone over the full subcomplex of each vertex class: the homotopy type of the quotient.

        Parameters
        ----------
        classes
            Classes of vertex labels.

        Returns
        -------
        SimplicialComplex
            The complex with the cones.

        See Also
        --------
        identified : the simplicial quotient.

        References
        ----------
        ``000`` A.5.1 (a quotient as a complex with cones).
        """
        facets = list(self.facets())
        for number, cls in enumerate(classes):
            sub = self.full_subcomplex(cls)
            apex = ("cone", number)
            facets.extend(tuple(f) + (apex,) for f in sub.facets())
        return SimplicialComplex(facets, self.homology_dim)


    def identified(self, classes: Sequence[Iterable[Hashable]]) -> SimplicialComplex:
        """The simplicial quotient: each class becomes one vertex, each simplex its image.

        The vertex map to the first member of each class is simplicial, so this is the
        image complex; it approximates the quotient space when the identification is
        compatible with the simplices (unlike :meth:`with_cones`, it identifies edges too).

        Parameters
        ----------
        classes
            Classes of vertex labels.

        Returns
        -------
        SimplicialComplex
            The quotient.

        References
        ----------
        ``000`` A.5.1 (a quotient as a complex with cones).

        Examples
        --------
        >>> square = circle(4)                        # 0-1-2-3-0
        >>> [str(h) for h in square.identified([[1, 3]]).homology()]   # fold 1 onto 3: a path 0-1-2
        ['Z', '0']
        >>> [str(h) for h in square.with_cones([[1, 3]]).homology()]   # a cone only adds an edge 1-3
        ['Z', 'Z^2']
        """
        representative = {v: v for v in self.labels}
        for cls in classes:
            members = [v for v in cls if v in self.index]
            for v in members:
                representative[v] = members[0]
        images = {tuple(dict.fromkeys(representative[self.labels[v]] for v in s))
                  for level in self._by_dim for s in level}
        return SimplicialComplex(images, self.homology_dim)


# ---------------------------------------------------------------------- standard examples
def circle(n: int = 3) -> SimplicialComplex:
    """The boundary of an ``n``-gon (``n >= 3``).

    Parameters
    ----------
    n
        The number of vertices, at least 3.

    Returns
    -------
    SimplicialComplex
        The boundary of an ``n``-gon (``H = Z, Z``).

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 6
    (homology groups of surfaces).

    Examples
    --------
    >>> [(g.betti, g.torsion) for g in circle(4).homology()]
    [(1, ()), (1, ())]
    """
    if n < 3:
        raise ShapeError(f"circle: n = {n} must be at least 3")
    return SimplicialComplex((i, (i + 1) % n) for i in range(n))


def sphere(d: int) -> SimplicialComplex:
    """``S^d`` as the boundary of the ``(d+1)``-simplex.

    Parameters
    ----------
    d
        The dimension, at least 1.

    Returns
    -------
    SimplicialComplex
        ``S^d`` (``H_0 = H_d = Z``).

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 6
    (homology groups of surfaces).

    Examples
    --------
    >>> [str(h) for h in sphere(2).homology()], sphere(2).euler_characteristic()
    (['Z', '0', 'Z'], 2)
    """
    return SimplicialComplex(itertools.combinations(range(d + 2), d + 1))


def _grid_surface(m: int, twist: bool) -> SimplicialComplex:
    """The ``m x m`` grid on the square with opposite sides glued (a flip on one pair when ``twist``)."""
    def label(i: int, j: int) -> tuple[int, int]:
        j %= m
        if i == m:
            i, j = 0, ((-j) % m if twist else j)
        return i, j

    facets = []
    for i in range(m):
        for j in range(m):
            a, b, c, d = label(i, j), label(i + 1, j), label(i + 1, j + 1), label(i, j + 1)
            facets += [(a, b, c), (a, c, d)]
    return SimplicialComplex(facets)


def torus(m: int = 3) -> SimplicialComplex:
    """The torus: an ``m x m`` grid with both pairs of sides glued straight.

    Parameters
    ----------
    m
        The grid size, at least 3.

    Returns
    -------
    SimplicialComplex
        The torus (``H = Z, Z^2, Z``).

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 6
    (homology groups of surfaces).

    Examples
    --------
    >>> [str(h) for h in torus().homology()], len(torus().simplices(2))   # 2 m^2 triangles
    (['Z', 'Z^2', 'Z'], 18)
    """
    return _grid_surface(m, twist=False)


def klein_bottle(m: int = 4) -> SimplicialComplex:
    """The Klein bottle: an ``m x m`` grid, one pair of sides glued with a flip.

    Parameters
    ----------
    m
        The grid size, at least 4.

    Returns
    -------
    SimplicialComplex
        The Klein bottle (``H = Z, Z + Z/2, 0``).

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 6
    (homology groups of surfaces).

    Examples
    --------
    >>> [(g.betti, g.torsion) for g in klein_bottle().homology()]
    [(1, ()), (1, (2,)), (0, ())]
    """
    return _grid_surface(m, twist=True)


def projective_plane() -> SimplicialComplex:
    """The 6-vertex real projective plane (the hemi-icosahedron).

    Returns
    -------
    SimplicialComplex
        ``RP^2`` (``H = Z, Z/2, 0``).

    References
    ----------
    J. R. Munkres, *Elements of Algebraic Topology*, Addison-Wesley 1984, section 6
    (homology groups of surfaces).

    Examples
    --------
    >>> [(g.betti, g.torsion) for g in projective_plane().homology()]
    [(1, ()), (0, (2,)), (0, ())]
    """
    return SimplicialComplex([(1, 2, 3), (1, 3, 4), (1, 4, 5), (1, 5, 6), (1, 6, 2),
                              (2, 3, 5), (3, 4, 6), (4, 5, 2), (5, 6, 3), (6, 2, 4)])

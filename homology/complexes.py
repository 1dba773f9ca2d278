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

import itertools
from collections.abc import Hashable, Iterable, Sequence

from exact.errors import ShapeError
from homology.chains import ChainComplex, HomologyGroup, SparseMatrix

__all__ = [
    "SimplicialComplex",
    "circle",
    "sphere",
    "torus",
    "klein_bottle",
    "projective_plane",
]

Simplex = tuple[int, ...]


class SimplicialComplex:
    """The closure of a set of facets (vertex labels: any hashables).

    Raises
    ------
    ValueError
        For an empty facet or a facet with a repeated vertex.
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

    def simplices(self, k: int) -> list[Simplex]:
        """The ``k``-simplices as sorted tuples of vertex indices."""
        return self._by_dim[k] if 0 <= k <= self.dimension else []

    def simplices_labelled(self, k: int) -> list[tuple[Hashable, ...]]:
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
        from exact.display import html_table

        return html_table("SimplicialComplex", [("dimension", self.dimension),
                                                ("f-vector", [len(s) for s in self._by_dim]),
                                                ("Euler characteristic", self.euler_characteristic())])

    def euler_characteristic(self) -> int:
        return sum((-1) ** k * len(s) for k, s in enumerate(self._by_dim))

    def chain_complex(self, subcomplex: SimplicialComplex | None = None) -> ChainComplex:
        """``C(X)``, or the relative ``C(X) / C(A)`` for a subcomplex ``A`` (by vertex labels)."""
        removed: set[Simplex] = set()
        if subcomplex is not None:
            for k in range(subcomplex.dimension + 1):
                for s in subcomplex.simplices_labelled(k):
                    if any(v not in self.index for v in s):
                        raise ShapeError(f"subcomplex: simplex {s!r} is not in the complex")
                    removed.add(tuple(sorted(self.index[v] for v in s)))
        cells = [[s for s in self.simplices(k) if s not in removed] for k in range(self.dimension + 1)]
        position = [{s: i for i, s in enumerate(level)} for level in cells]
        boundaries = {}
        for k in range(1, self.dimension + 1):
            columns = []
            for s in cells[k]:
                column = {}
                for i in range(len(s)):
                    face = s[:i] + s[i + 1:]
                    row = position[k - 1].get(face)
                    if row is not None:
                        column[row] = (-1) ** i
                columns.append(column)
            boundaries[k] = SparseMatrix(len(cells[k - 1]), len(cells[k]), columns)
        return ChainComplex([len(level) for level in cells], boundaries)

    def homology(self, subcomplex: SimplicialComplex | None = None) -> list[HomologyGroup]:
        """``H_k(X)`` (or ``H_k(X, A)``) for ``k = 0..dim``, from Smith normal forms.

        A truncated complex (``homology_dim = K``, e.g. a Vietoris-Rips complex built to its
        ``(K+1)``-skeleton) reports ``H_0..H_K`` only: its top groups are artefacts of the cut.
        """
        groups = self.chain_complex(subcomplex).homology()
        return groups if self.homology_dim is None else groups[:self.homology_dim + 1]

    def reduced_homology(self) -> list[HomologyGroup]:
        """Reduced homology: ``H_0`` loses one ``Z`` (the complex is non-empty)."""
        groups = self.homology()
        if groups:
            groups[0] = HomologyGroup(0, groups[0].betti - 1, groups[0].torsion)
        return groups

    # ------------------------------------------------------------------ constructions
    def facets(self) -> list[tuple[Hashable, ...]]:
        """The maximal simplices (as label tuples)."""
        all_simplices = [s for level in self._by_dim for s in level]
        maximal = []
        for s in all_simplices:
            others = self._by_dim[len(s)] if len(s) <= self.dimension else []
            if not any(set(s) < set(t) for t in others):
                maximal.append(tuple(self.labels[v] for v in s))
        return maximal

    def skeleton(self, k: int) -> SimplicialComplex:
        return SimplicialComplex(self.simplices_labelled(min(k, self.dimension)) +
                                 [s for j in range(min(k, self.dimension)) for s in self.simplices_labelled(j)])

    def full_subcomplex(self, vertices: Iterable[Hashable]) -> SimplicialComplex:
        """All simplices whose vertices are all in ``vertices``."""
        keep = {self.index[v] for v in vertices if v in self.index}
        return SimplicialComplex(tuple(self.labels[v] for v in s)
                                 for level in self._by_dim for s in level if set(s) <= keep)

    def cone(self, apex: Hashable = "apex") -> SimplicialComplex:
        if apex in self.index:
            raise ShapeError(f"cone: apex {apex!r} is already a vertex")
        return SimplicialComplex([tuple(f) + (apex,) for f in self.facets()] + [(apex,)])

    def suspension(self, north: Hashable = "north", south: Hashable = "south") -> SimplicialComplex:
        for p in (north, south):
            if p in self.index:
                raise ShapeError(f"suspension: {p!r} is already a vertex")
        shifted = None if self.homology_dim is None else self.homology_dim + 1
        return SimplicialComplex([tuple(f) + (p,) for f in self.facets() for p in (north, south)], shifted)

    def with_cones(self, classes: Sequence[Iterable[Hashable]]) -> SimplicialComplex:
        """A cone over the full subcomplex of each vertex class: the homotopy type of the quotient."""
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
    """The boundary of an ``n``-gon (``n >= 3``)."""
    if n < 3:
        raise ShapeError(f"circle: n = {n} must be at least 3")
    return SimplicialComplex((i, (i + 1) % n) for i in range(n))


def sphere(d: int) -> SimplicialComplex:
    """``S^d`` as the boundary of the ``(d+1)``-simplex.

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

    Examples
    --------
    >>> [str(h) for h in torus().homology()], len(torus().simplices(2))   # 2 m^2 triangles
    (['Z', 'Z^2', 'Z'], 18)
    """
    return _grid_surface(m, twist=False)


def klein_bottle(m: int = 4) -> SimplicialComplex:
    """The Klein bottle: an ``m x m`` grid, one pair of sides glued with a flip."""
    return _grid_surface(m, twist=True)


def projective_plane() -> SimplicialComplex:
    """The 6-vertex real projective plane (the hemi-icosahedron)."""
    return SimplicialComplex([(1, 2, 3), (1, 3, 4), (1, 4, 5), (1, 5, 6), (1, 6, 2),
                              (2, 3, 5), (3, 4, 6), (4, 5, 2), (5, 6, 3), (6, 2, 4)])

"""The homology of ``Phi(M)`` without sampling (``MATH.md`` section 3, ``000`` Theorem 3.2).

``M`` is a simplicial complex whose vertices have rational coordinates. Each maximal
simplex ``s`` is parametrised over its own affine hull (``x = v_0 + V t``, ``t`` in the
standard simplex), the network restricted to it (:func:`exact.network.precompose`) has
its regions enumerated on that simplex, and every piece ``s cap G_J`` of full dimension in
``s`` is mapped affinely. The images are convex polytopes whose union is ``Phi(M)``; by the
nerve theorem (finite families of closed convex sets) the nerve of the images has the
homotopy type of ``Phi(M)``. The nerve of the pieces themselves gives ``H(M)`` as a check.

Examples
--------
>>> from exact import Network
>>> from homology.complexes import circle
>>> square = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}          # a circle through the axes
>>> identity = Network(2, [([[1, 0], [0, 1], [-1, 0], [0, -1]], [0, 0, 0, 0]),
...                         ([[1, 0, -1, 0], [0, 1, 0, -1]], [0, 0])])       # relu(x) - relu(-x) = x
>>> [str(h) for h in image_homology(identity, circle(4), square).homology]
['Z', 'Z']
>>> fold = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]),
...                     ([[1, 1, 0, 0], [0, 0, 1, -1]], [0, 0])])            # (|x|, y): folds the circle
>>> [str(h) for h in image_homology(fold, circle(4), square).homology]
['Z', '0']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from exact import linalg
from exact.errors import ShapeError
from exact.network import Network, Pattern, precompose
from exact.numbers import Matrix, Vector, to_vector
from exact.polyhedron import Polyhedron
from homology.chains import HomologyGroup
from homology.complexes import SimplicialComplex
from homology.constructions import Nerve, nerve
from tropical.enumeration import regions
from tropical.regions import Region

__all__ = ["Piece", "ImageHomology", "refine", "image_homology", "RelativeRankZero", "rank_zero_relative_homology"]


@dataclass(frozen=True, eq=False)
class Piece:
    """A piece ``s cap G_J``: a :class:`tropical.regions.Region` of the network on the simplex ``simplex``.

    ``region`` is the region of the network restricted to the simplex (:func:`exact.network.precompose`
    with the chart ``x = base + directions t``, ``t`` in the standard simplex); its pattern is the
    network's. ``domain`` is the piece in input coordinates, ``image`` its image under the network.
    A vertex of ``M`` (a 0-simplex) has no chart: ``region`` is ``None``, and ``vertex`` holds the
    network's pattern and value there.

    See Also
    --------
    refine : cuts ``M`` into them.

    References
    ----------
    ``000`` Theorem B.3 and Corollary B.4 (``Phi(M)`` and its homology); the nerve theorem
    (K. Borsuk, Fund. Math. 35, 1948) for the images of the pieces.
    """

    simplex: tuple[Hashable, ...]
    region: Region | None
    base: Vector
    directions: Matrix  # n x k: column j is vertex j+1 minus vertex 0
    vertex: tuple[Pattern, Vector] | None = None

    @property
    def pattern(self) -> Pattern:
        if self.region is not None:
            return self.region.pattern
        assert self.vertex is not None
        return self.vertex[0]

    @cached_property
    def domain(self) -> Polyhedron:
        if self.region is None:
            return Polyhedron.from_generators([self.base])
        return self.region.polyhedron().affine_image(self.directions, self.base)

    @cached_property
    def image(self) -> Polyhedron:
        if self.region is not None:
            return self.region.image()
        assert self.vertex is not None
        return Polyhedron.from_generators([self.vertex[1]])


@dataclass
class ImageHomology:
    """``H(Phi(M))`` from the nerve of the images, and ``H(M)`` from the nerve of the pieces.

    See Also
    --------
    image_homology : gives it.

    References
    ----------
    ``000`` Theorem B.3 and Corollary B.4 (``Phi(M)`` and its homology); the nerve theorem
    (K. Borsuk, Fund. Math. 35, 1948) for the images of the pieces.
    """

    pieces: list[Piece]
    image_nerve: Nerve
    homology: list[HomologyGroup]
    domain_nerve: Nerve | None = None
    domain_homology: list[HomologyGroup] | None = None


def refine(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
           progress: Callable[[int], None] | None = None) -> list[Piece]:
    """The pieces ``s cap G_J`` of full dimension in each maximal simplex ``s``, with their images.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``, a simplicial complex.
    coordinates
        The coordinates of its vertices in the input space.
    progress
        Called with 1 per maximal simplex.

    Returns
    -------
    list of Piece
        The full-dimensional pieces.

    References
    ----------
    ``000`` Theorem B.3 and Corollary B.4 (``Phi(M)`` and its homology); the nerve theorem
    (K. Borsuk, Fund. Math. 35, 1948) for the images of the pieces.

    Examples
    --------
    >>> from exact import Network
    >>> segment = SimplicialComplex([("a", "b")])
    >>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> [p.domain.vertices() for p in refine(relu, segment, {"a": [-1], "b": [2]})]   # cut at 0
    [((Fraction(0, 1),), (Fraction(2, 1),)), ((Fraction(-1, 1),), (Fraction(0, 1),))]
    """
    pieces: list[Piece] = []
    for facet in complex_.facets():
        if progress is not None:
            progress(1)
        points = [to_vector(coordinates[v], f"coordinates[{v!r}]") for v in facet]
        if any(len(p) != net.input_dim for p in points):
            raise ShapeError(f"coordinates: the vertices of {facet!r} are not in dimension {net.input_dim}")
        base = points[0]
        directions = [tuple(p - b for p, b in zip(q, base)) for q in points[1:]]
        k = len(directions)
        if k and linalg.rank(directions) != k:
            raise ShapeError(f"coordinates: the simplex {facet!r} is degenerate")
        in_space = tuple(tuple(d[i] for d in directions) for i in range(net.input_dim))  # n x k
        if k == 0:
            pieces.append(Piece(tuple(facet), None, base, in_space, (net.pattern(base), net.evaluate(base))))
            continue
        restricted = precompose(net, in_space, base)
        standard = Polyhedron(k, [[-int(i == j) for j in range(k)] for i in range(k)] + [[1] * k],
                              [0] * k + [1])
        pieces.extend(Piece(tuple(facet), region, base, in_space) for region in regions(restricted, standard))
    return pieces


def image_homology(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                   check_domain: bool = False, progress: Callable[[int], None] | None = None) -> ImageHomology:
    """``H_k(Phi(M))`` for ``k = 0..dim M`` exactly, from the nerve of the images of the pieces of ``M``.

    With ``check_domain`` the nerve of the pieces gives ``H_k(M)`` too (a consistency check).

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``, a simplicial complex.
    coordinates
        The coordinates of its vertices in the input space.
    check_domain
        Also compute ``H(M)`` from the pieces.
    progress
        Called with 1 per maximal simplex.

    Returns
    -------
    ImageHomology
        ``H_k(Phi(M))`` over Z with the pieces.

    Notes
    -----
    Each maximal simplex of ``M`` is refined by the regions meeting it; the nerve of the pieces'
    images is built up to dimension ``dim M + 1`` (enough for ``H_0 .. H_dim M``), one exact
    feasibility test per candidate simplex, and its homology comes from Smith forms. The candidates
    can grow as ``C(pieces, dim M + 2)``.

    References
    ----------
    ``000`` Theorem B.3 and Corollary B.4 (``Phi(M)`` and its homology); the nerve theorem
    (K. Borsuk, Fund. Math. 35, 1948) for the images of the pieces.

    Examples
    --------
    >>> from exact import Network
    >>> from homology.complexes import circle
    >>> diamond = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}
    >>> identity = Network(2, [([[1, 0], [0, 1]], [5, 5]), ([[1, 0], [0, 1]], [-5, -5])])
    >>> [g.betti for g in image_homology(identity, circle(4), diamond).homology]
    [1, 1]
    """
    pieces = refine(net, complex_, coordinates, progress)
    # Phi(M) has dimension <= dim M, so H_k vanishes above it; the nerve up to dim M + 1 decides H_0..H_dim M
    top = complex_.dimension
    images = nerve([p.image for p in pieces], max_dim=top + 1)
    result = ImageHomology(pieces, images, images.complex.chain_complex().homology(range(top + 1)))
    if check_domain:
        domains = nerve([p.domain for p in pieces], max_dim=top + 1)
        result.domain_nerve = domains
        result.domain_homology = domains.complex.chain_complex().homology(range(top + 1))
    return result




@dataclass
class RelativeRankZero:
    """``H_k(M, M cap Omega_0)`` (``001`` section 2) from the pair of nerves (all pieces, rank-0 pieces).

    See Also
    --------
    rank_zero_relative_homology : gives it.

    References
    ----------
    ``001`` section 2 (homology relative to the rank-0 set).
    """

    pieces: list[Piece]
    rank_zero: list[int]
    domain_nerve: Nerve
    homology: list[HomologyGroup]


def rank_zero_relative_homology(net: Network, complex_: SimplicialComplex,
                                coordinates: Mapping[Hashable, Sequence[object]],
                                progress: Callable[[int], None] | None = None) -> RelativeRankZero:
    """``H_k(M, M cap Omega_0)`` for ``k = 0..dim M``, where ``Omega_0`` is the union of rank-0 regions.

    The pieces of ``M`` cover it by closed convex sets and the rank-0 ones cover ``M cap Omega_0``
    (up to lower-dimensional contacts, which lie in the closures of full-dimensional pieces);
    the nerve of the rank-0 pieces is the full subcomplex of the nerve of all pieces on their
    indices, and the nerve theorem, natural in the cover, gives the relative homology.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    progress
        Called with 1 per maximal simplex.

    Returns
    -------
    RelativeRankZero
        The relative homology groups.

    References
    ----------
    ``001`` section 2, eqs. (6)-(7).

    Examples
    --------
    >>> from exact import Network
    >>> from homology.complexes import circle
    >>> square = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}
    >>> caps = Network(2, [([[2, 0], [-2, 0]], [-1, -1]), ([[1, 1]], [0])])  # rank 0 on |x| <= 1/2
    >>> [str(h) for h in rank_zero_relative_homology(caps, circle(4), square).homology]   # two arcs: Z^2
    ['0', 'Z^2']
    """
    pieces = refine(net, complex_, coordinates, progress)
    top = complex_.dimension
    domains = nerve([p.domain for p in pieces], max_dim=top + 1)
    zero = [i for i, p in enumerate(pieces) if net.local_affine_map(p.pattern).rank == 0]
    sub = domains.complex.full_subcomplex(zero)
    homology = domains.complex.chain_complex(sub if zero else None).homology(range(top + 1))
    return RelativeRankZero(pieces, zero, domains, homology)

"""Sampled quotient homology against the exact ``H(Phi(M))`` (``000`` Theorem 3.2 and section 5.1).

``000`` computes ``H(Phi(M))`` from a sample of ``M``: Algorithm 1 on the populated regions,
then a Vietoris-Rips complex with the overlap classes quotiented out. Here ``M`` is a
simplicial complex with rational vertices, so ``H(Phi(M))`` is known exactly (the nerve of
the images, :mod:`homology.image`), and the sampled method's mistakes can be named:

- **type 1** (a spurious gluing): Algorithm 1 finds ``Phi(y)`` in the image of a populated
  region ``G_J``, but not in ``Phi(M cap G_J)``: the partner lies off ``M``;
- **type 2** (a missed gluing): ``Phi(y)`` lies in ``Phi(M cap G_J)`` for a region ``G_J`` that
  meets ``M`` in full dimension but holds no sample point, and ``y`` is not in ``G_J``.

Theorem 3.2 assumes ``M cap G_J`` convex for every region; :func:`intersections_convex`
decides that exactly (the union of the polytopes ``s cap G_J`` over the facets ``s`` of ``M`` is
convex iff its convex hull has its dimension and the same volume there).

Examples
--------
>>> from exact import Network
>>> from homology.complexes import circle
>>> square = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}
>>> fold = Network(2, [([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0]),
...                     ([[1, 1, 0, 0], [0, 0, 1, -1]], [0, 0])])            # (|x|, y)
>>> result = compare_sampled(fold, circle(4), square, 4, "1/2", classes="data", construction="identify")
>>> result.convex, [str(h) for h in result.exact], [str(h) for h in result.sampled]
(True, ['Z', '0'], ['Z', '0'])
>>> result.type1, result.type2
([], [])
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from exact import linalg
from exact.errors import ShapeError
from exact.network import Network, Pattern
from exact.numbers import Vector, to_vector
from exact.polyhedron import Polyhedron
from homology.chains import HomologyGroup
from homology.complexes import SimplicialComplex
from homology.decompositions import OverlapResult, quotient_homology
from homology.image import ImageHomology, Piece, image_homology

__all__ = ["sample_complex", "union_is_convex", "region_parts", "intersections_convex", "SamplingErrors",
           "sampling_errors", "SampledComparison", "compare_sampled"]


def sample_complex(complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                   k: int) -> list[Vector]:
    """The points with barycentric coordinates in ``{0, 1/k, ..., 1}`` on every facet, without repeats.

    Parameters
    ----------
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    k
        The subdivision.

    Returns
    -------
    list of tuple of Fraction
        The sample.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).

    Examples
    --------
    >>> from homology.complexes import SimplicialComplex
    >>> sample_complex(SimplicialComplex([("a", "b")]), {"a": [0], "b": [1]}, 2)
    [(Fraction(0, 1),), (Fraction(1, 2),), (Fraction(1, 1),)]

    >>> segment = SimplicialComplex([("a", "b")])
    >>> [p[0] for p in sample_complex(segment, {"a": [0], "b": [1]}, 4)]
    [Fraction(0, 1), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1, 1)]
    """
    if k < 1:
        raise ShapeError(f"k: {k} must be positive")
    seen: dict[Vector, None] = {}
    for facet in complex_.facets():
        verts = [to_vector(coordinates[v], f"coordinates[{v!r}]") for v in facet]
        for weights in itertools.product(range(k + 1), repeat=len(verts)):
            if sum(weights) != k:
                continue
            point = tuple(sum((Fraction(w, k) * v[i] for w, v in zip(weights, verts)), Fraction(0))
                          for i in range(len(verts[0])))
            seen.setdefault(point, None)
    return sorted(seen)


def _independent_coordinates(points: Sequence[Vector], k: int) -> list[int]:
    """``k`` coordinates onto which the affine hull of ``points`` (dimension ``k``) projects injectively."""
    base = points[0]
    diffs = [tuple(a - b for a, b in zip(p, base)) for p in points[1:]]
    chosen: list[int] = []
    for i in range(len(base)):
        trial = chosen + [i]
        if linalg.rank([[d[j] for j in trial] for d in diffs]) == len(trial):
            chosen = trial
        if len(chosen) == k:
            break
    return chosen


def union_is_convex(parts: Sequence[Polyhedron]) -> bool:
    """Whether the union of bounded polytopes that meet only in lower-dimensional sets is convex.

    Exact: the convex hull ``C`` of all vertices must have the dimension ``k`` of the largest
    part, and the ``k``-volumes of ``C`` and of the ``k``-dimensional parts (measured in ``k``
    coordinates on which ``aff C`` projects injectively) must add up.

    Parameters
    ----------
    parts
        Bounded polytopes.

    Returns
    -------
    bool
        Whether their union is convex (decided exactly).

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).

    Examples
    --------
    >>> a = Polyhedron.from_generators([[0, 0], [1, 0]])
    >>> b = Polyhedron.from_generators([[1, 0], [2, 0]])
    >>> c = Polyhedron.from_generators([[1, 0], [1, 1]])
    >>> union_is_convex([a, b]), union_is_convex([a, c])          # collinear segments; an L
    (True, False)
    """
    distinct: list[Polyhedron] = []
    for p in parts:
        if not p.is_empty() and not any(p.equals(q) for q in distinct):
            distinct.append(p)
    if len(distinct) <= 1:
        return True
    verts = [v for p in distinct for v in p.vertices()]
    hull = Polyhedron.from_generators(verts)
    k = hull.dimension()
    top = [p for p in distinct if p.dimension() == k]
    if k == 0:
        return True
    if not top:
        return False
    coords = _independent_coordinates(verts, k)
    return hull.project(coords).volume() == sum((p.project(coords).volume() for p in top), Fraction(0))


def region_parts(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                 patterns: Sequence[Pattern], known: dict[Pattern, list[Polyhedron]] | None = None
                 ) -> dict[Pattern, list[Polyhedron]]:
    """For each pattern, the non-empty polytopes ``s cap G_J`` over the facets ``s`` of ``M`` (closed regions).

    Patterns already in ``known`` are not recomputed; ``known`` is filled in and returned.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    patterns
        The regions wanted.
    known
        A cache, filled in.

    Returns
    -------
    dict of Pattern to list of Polyhedron
        ``known``.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).

    Examples
    --------
    >>> from exact import Network
    >>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> parts = region_parts(relu, SimplicialComplex([("a", "b")]), {"a": [-1], "b": [2]}, [((0,),), ((1,),)])
    >>> [[p.vertices() for p in parts[j]] for j in [((0,),), ((1,),)]]       # [-1, 0] and [0, 2]
    [[((Fraction(-1, 1),), (Fraction(0, 1),))], [((Fraction(0, 1),), (Fraction(2, 1),))]]
    """
    parts = {} if known is None else known
    missing = [p for p in dict.fromkeys(patterns) if p not in parts]
    if missing:
        simplices = [Polyhedron.from_generators([to_vector(coordinates[v], f"coordinates[{v!r}]") for v in facet])
                     for facet in complex_.facets()]
        for pattern in missing:
            region = net.pattern_polyhedron(pattern)
            parts[pattern] = [cut for s in simplices if not (cut := s.intersection(region)).is_empty()]
    return parts


def intersections_convex(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                         pieces: Sequence[Piece], known: dict[Pattern, list[Polyhedron]] | None = None
                         ) -> dict[Pattern, bool]:
    """Whether ``M cap G_J`` is convex, for each region meeting ``M`` in full dimension (the patterns of ``pieces``).

    ``known`` is a cache of :func:`region_parts`.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    pieces
        :func:`homology.image.refine`'s pieces.
    known
        A cache of :func:`region_parts`.

    Returns
    -------
    dict of Pattern to bool
        Per region.

    References
    ----------
    ``000`` Theorem 3.2 (its hypothesis).

    Examples
    --------
    >>> from exact import Network
    >>> from homology.complexes import circle
    >>> from homology.image import refine
    >>> diamond = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}
    >>> halves = Network(2, [([[0, 1], [0, -1]], [0, 0]), ([[1, 1]], [0])])       # only y = 0 cuts: two V's
    >>> sorted(intersections_convex(halves, circle(4), diamond, refine(halves, circle(4), diamond)).values())
    [False, False]
    """
    patterns = list(dict.fromkeys(p.pattern for p in pieces))
    parts = region_parts(net, complex_, coordinates, patterns, known)
    return {pattern: union_is_convex(parts[pattern]) for pattern in patterns}


@dataclass
class SamplingErrors:
    """Type 1 and type 2 gluing errors of Algorithm 1 on a sample, as ``(data index, region pattern)``.

    See Also
    --------
    sampling_errors : gives them.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).
    """

    type1: list[tuple[int, Pattern]]
    type2: list[tuple[int, Pattern]]


def sampling_errors(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                    points: Sequence[Vector], overlap: OverlapResult, pieces: Sequence[Piece],
                    known: dict[Pattern, list[Polyhedron]] | None = None) -> SamplingErrors:
    """The type 1 and type 2 errors (module docstring) of ``overlap`` (Algorithm 1 at the output layer).

    Decided exactly: ``Phi(M cap G_J)`` is the union of the images of the polytopes ``s cap G_J``
    under the affine map of ``G_J``. ``known`` is a cache of :func:`region_parts`.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    points
        The sample.
    overlap
        Algorithm 1's result on it.
    pieces
        :func:`homology.image.refine`'s pieces.
    known
        A cache of :func:`region_parts`.

    Returns
    -------
    SamplingErrors
        The errors of each type.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from exact import Network
    >>> from homology.decompositions import overlap_decomposition
    >>> from homology.image import refine
    >>> fold = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])               # |x| on M = [-1, 2]
    >>> segment, ends = SimplicialComplex([("a", "b")]), {"a": [-1], "b": [2]}
    >>> points = [(Fraction(-1, 2),)]                                              # only x < 0 is sampled
    >>> errors = sampling_errors(fold, segment, ends, points, overlap_decomposition(fold, points),
    ...                          refine(fold, segment, ends))
    >>> errors.type1, errors.type2      # |-1/2| = |1/2|, 1/2 in the unsampled region x >= 0: type 2
    ([], [(0, ((1, 0),))])
    """
    met = list(dict.fromkeys(p.pattern for p in pieces))
    targets = list(dict.fromkeys(t for _, t in overlap.image_in))
    parts = region_parts(net, complex_, coordinates, met + targets, known)
    images: dict[Pattern, list[Polyhedron]] = {}
    for pattern in dict.fromkeys(met + targets):
        amap = net.local_affine_map(pattern)
        images[pattern] = [p.affine_image(amap.weight, amap.bias) for p in parts[pattern]]
    values = [net.evaluate(x) for x in points]

    def in_image(i: int, pattern: Pattern) -> bool:
        return any(img.contains(values[i]) for img in images[pattern])

    type1 = sorted({(i, target) for (_, target), members in overlap.image_in.items()
                    for i in members if not in_image(i, target)})
    type2: list[tuple[int, Pattern]] = []
    for pattern in met:
        if pattern in overlap.regions:
            continue
        region = net.pattern_polyhedron(pattern)
        type2.extend((i, pattern) for i in range(len(points))
                     if in_image(i, pattern) and not region.contains(points[i]))
    return SamplingErrors(type1, sorted(type2))


@dataclass
class SampledComparison:
    """Exact ``H(Phi(M))`` against the quotient homology of a sample, with the sampled method's errors.

    See Also
    --------
    compare_sampled : gives it.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).
    """

    exact: list[HomologyGroup]
    sampled: list[HomologyGroup]
    points: list[Vector]
    overlap: OverlapResult
    type1: list[tuple[int, Pattern]]
    type2: list[tuple[int, Pattern]]
    convex: bool
    image: ImageHomology

    @property
    def agree(self) -> bool:
        return [(h.betti, h.torsion) for h in self.exact] == [(h.betti, h.torsion) for h in self.sampled]


def compare_sampled(net: Network, complex_: SimplicialComplex, coordinates: Mapping[Hashable, Sequence[object]],
                    k: int, eps: object, classes: str = "paper", construction: str = "cone",
                    image: ImageHomology | None = None) -> SampledComparison:
    """Sample ``M`` (:func:`sample_complex` with ``k``), run the sampled pipeline at scale ``eps``, compare.

    ``classes`` and ``construction`` choose the quotient (:func:`homology.decompositions.quotient_homology`);
    ``image`` reuses an exact :func:`homology.image.image_homology` result. Homology is compared
    in degrees ``0..dim M``.

    Parameters
    ----------
    net
        The network.
    complex_
        ``M``.
    coordinates
        The coordinates of its vertices.
    k
        The sampling subdivision.
    eps
        The Vietoris-Rips scale.
    classes
        ``"paper"`` or ``"data"``.
    construction
        ``"cone"`` or ``"identify"``.
    image
        A precomputed exact image homology.

    Returns
    -------
    SampledComparison
        Both homologies and the sampled method's errors.

    See Also
    --------
    homology.image.image_homology : the exact side.

    References
    ----------
    ``000`` Theorem 3.2 and section 5.1 (quotient homology from a sample).
    """
    exact = image if image is not None else image_homology(net, complex_, coordinates)
    points = sample_complex(complex_, coordinates, k)
    top = complex_.dimension
    groups, overlap = quotient_homology(net, points, eps, max_dim=top, classes=classes,
                                        construction=construction)
    sampled = (groups + [HomologyGroup(d, 0, ()) for d in range(len(groups), top + 1)])[:top + 1]
    known: dict[Pattern, list[Polyhedron]] = {}
    errors = sampling_errors(net, complex_, coordinates, points, overlap, exact.pieces, known)
    convex = all(intersections_convex(net, complex_, coordinates, exact.pieces, known).values())
    return SampledComparison(exact.homology, sampled, points, overlap, errors.type1, errors.type2, convex, exact)

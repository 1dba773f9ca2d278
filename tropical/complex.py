"""The polyhedral complex of a network on a box or polytope, by edge subdivision with filtered exact arithmetic.

The canonical complex (``004`` section 3) of a network on a box ``[lo, hi]^n`` or a simple
polytope (its vertex-edge skeleton is where the subdivision starts) is built one neuron at a
time in layer order, as in edge subdivision (Berzins, ICML 2023): every vertex keeps the
pre-activations of the current layer; a neuron splits each edge whose end points
lie strictly on opposite sides of its zero set (the neuron is affine on every edge of the
complex refined by the earlier layers), and the new vertices on two split edges of one 2-face
are joined by a new edge. A face is named by its sign vector over the domain's facets and the
neurons (``+``, ``-``, ``0``): faces of the complex and sign vectors correspond one to one,
because a sign vector fixes every bit and so every pre-activation as an affine map.

**Exact decisions, float computation.** Each sign is computed in float64 with a rigorous
bound on its error and decided by the float only when ``|value| > bound``; otherwise the
vertex's exact rational coordinates are rebuilt (from the exact end points of the edge it
was cut from, memoised) and the sign is decided by exact evaluation. With ``u = 2^-53`` and
``gamma_m = m u / (1 - m u)``, a layer ``z = W p + b`` evaluated in float64 from values with
errors ``e`` has error at most ``|W| e + gamma_(w+3) (|W| |p| + |b|)`` (the dot product of
width ``w``, and rounding the weights and biases to float64).

A vertex cut from the edge ``(a, b)`` at ``t* = z_a / (z_a - z_b)`` (``z`` the cutting neuron,
opposite signs certified by the filter at both ends) first gets interpolated values: with
``t = fl(ẑ_a / (ẑ_a - ẑ_b))``, ``|t - t*| <= max(delta_a, delta_b) / (|ẑ_a| + |ẑ_b|) + 3u``
(exact algebra: ``t^ - t* = (e_a b - a e_b) / ((a^ + b^)(a + b))`` with ``a, b > 0`` the
magnitudes), and every other value ``y = y_a + t (y_b - y_a)`` has error at most
``max(delta_a, delta_b) + |t - t*| |ŷ_b - ŷ_a| + 6u (|ŷ_a| + |ŷ_b|)``.

Such errors accumulate along the history of a vertex (cut from an edge whose ends were cut
from earlier edges...), and deep networks would drown in fallbacks. So a new vertex whose
interpolated bound exceeds ``ANCHOR_ABOVE`` (relative to its values), or whose edge had an end
decided by the exact fallback, is **anchored** (:func:`_anchor`): it is the solution of ``f(x) = 0`` for the ``n``
hyperplanes through it, where each neuron is taken with the vertex's own activation mask
(the masked network is affine and agrees with the network at the vertex). One Newton step
from the interpolated point gives ``x~``; for the float inverse ``R`` of the float matrix
``M^`` of ``f``, ``|M^-1| <= |R| / (1 - k)`` with ``k = |I - R M^| + |R| |M^ - M| < 1``, so
``|x~ - v| <= rho = |R| (|f(x~)| + e_f) / (1 - k)`` (max norms; the gradient errors ``|M^ - M|``
are propagated like the values). The vertex's values are then the masked network's at ``x~``,
with bound ``e + L rho`` (``L`` its Lipschitz constant). When ``k >= 1`` nothing is certified
(``rho = inf``) and every later sign of that vertex is decided exactly. The domain's vertices
carry the rounding of their coordinates as ``rho``. Networks with skips are unfolded into
linear pass-through neurons (:func:`plain_layers`), so the bounds above apply unchanged.

Every bound is multiplied by ``SAFE = 1 + 2^-40`` against the rounding of its own evaluation,
and ``TINY = 2^-1000`` is added against underflow (:mod:`exact.filtered`, the one module of
filtered predicates). ``fallbacks`` counts the exact decisions.

**General position, and what is not.** The fast path needs the complex to stay simple: no
vertex exactly on a neuron's zero set (decided exactly). When one is, :class:`Degenerate` stops
it, and :func:`polyhedral_complex` builds the complex as an exact face lattice instead
(:mod:`tropical.lattice`, a :class:`LatticeComplex` with the same methods): every network, on
every polytope domain, degenerate or not.

Examples
--------
>>> from exact import Network, Polyhedron
>>> net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
>>> cx = polyhedral_complex(net, Polyhedron.box([-2, -2], [2, 2]))
>>> cx.f_vector()      # 3 lines in a square: 4 corners, 6 on the sides, 3 crossings; 7 regions
[13, 19, 7]
>>> sum((-1) ** k * f for k, f in enumerate(cx.f_vector()))    # Euler: a disc
1
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from exact import linalg
from exact.display import html_table, polygons_png
from exact.errors import DomainError, ReluExactError
from exact.filtered import SAFE, TINY, SignFilter, U, float_matrix, gamma
from exact.linalg import clear_denominators
from exact.network import Network, Pattern
from exact.numbers import format_rational
from exact.polyhedron import Polyhedron
from tropical.enumeration import region_cells
from tropical.lattice import ExactPoints, build_lattice, rebuild_point
from tropical.regions import Region

__all__ = ["PolyhedralComplex", "LatticeComplex", "Face", "FacetWeight", "polyhedral_complex", "Degenerate", "box_of",
           "enclosing_box"]

#: a new vertex is anchored when its interpolated bound exceeds this, relative to its values
ANCHOR_ABOVE = 2.0 ** -24


class Degenerate(ReluExactError, ValueError):
    """A vertex lies exactly on a neuron's zero set: the complex is not simple.

    ``on_boundary`` is set when that vertex lies on a facet of the domain (a coincidence of the
    domain's placement rather than of the network); ``point`` is the vertex, exactly, when known.

    See Also
    --------
    polyhedral_complex : catches it and builds the face lattice instead.

    References
    ----------
    ``MATH.md`` section 7 (degenerate complexes).
    """

    def __init__(self, message: str, on_boundary: bool = False, point: tuple[Fraction, ...] | None = None) -> None:
        super().__init__(message)
        self.on_boundary = on_boundary
        self.point = point


def box_of(domain: Polyhedron) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    """``(lo, hi)`` when ``domain`` is an axis-parallel box given by its ``2n`` facet rows, else ``None``.

    Parameters
    ----------
    domain
        A polytope.

    Returns
    -------
    (lo, hi) or None
        The box's corners, or ``None`` when the rows are not those of a box.

    Examples
    --------
    >>> from exact import Polyhedron
    >>> box_of(Polyhedron.box([0, -1], [2, 1])), box_of(Polyhedron(1, [[1]], [1]))
    (((Fraction(0, 1), Fraction(-1, 1)), (Fraction(2, 1), Fraction(1, 1))), None)
    """
    n = domain.dim
    if domain.E or len(domain.A) != 2 * n:
        return None
    lo: list[Fraction | None] = [None] * n
    hi: list[Fraction | None] = [None] * n
    for a, b in zip(domain.A, domain.b):
        nonzero = [i for i, v in enumerate(a) if v]
        if len(nonzero) != 1:
            return None
        i = nonzero[0]
        if a[i] > 0 and hi[i] is None:
            hi[i] = b / a[i]
        elif a[i] < 0 and lo[i] is None:
            lo[i] = b / a[i]
        else:
            return None
    if any(v is None for v in lo + hi) or any(l >= h for l, h in zip(lo, hi)):  # type: ignore[operator]
        return None
    return tuple(lo), tuple(hi)  # type: ignore[arg-type]


class _State:
    """The growing skeleton: vertices (values, bounds, positions, sign bits, zero lists) and edges.

    Arrays live in buffers with spare rows, doubled when full, so that a cut costs the new
    vertices and edges plus one pass over the signs, not a copy of everything. The attributes
    are views of the filled rows:

    - ``values``, ``bounds``: ``(V, width)`` float64 pre-activations of the current layer and
      rigorous bounds on their errors;
    - ``points``, ``radius``: ``(V, n)`` float64 positions and a rigorous bound on their distance
      (max norm) to the exact vertex (``inf``: not certified);
    - ``positive``, ``zero``: ``(V, words)`` uint64 sign bits (strictly positive; on the hyperplane);
    - ``zeros``: ``(V, n)`` int64 the ``n`` hyperplanes through the vertex (a simple complex);
    - ``parents``, ``cut_by``: the edge a vertex was cut from and the hyperplane that cut it (-1 for corners);
    - ``edges``: ``(E, 2)`` int64.
    """

    VERTEX = ("values", "bounds", "points", "radius", "positive", "zero", "zeros", "parents", "cut_by")

    def __init__(self, **arrays: np.ndarray) -> None:
        self._buf: dict[str, np.ndarray] = {}
        self.nv = len(arrays["points"])
        self.ne = len(arrays["edges"])
        for name, array in arrays.items():
            self._store(name, array, len(array))

    def _store(self, name: str, array: np.ndarray, rows: int) -> None:
        buffer = np.empty((max(2 * rows, 16),) + array.shape[1:], dtype=array.dtype)
        buffer[:rows] = array
        self._buf[name] = buffer

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_") or name not in self._buf:
            raise AttributeError(name)
        return self._buf[name][: self.ne if name == "edges" else self.nv]

    def replace(self, name: str, array: np.ndarray) -> None:
        """New contents for one per-vertex array (all ``V`` rows; a layer's values have a new width)."""
        self._store(name, array, self.nv)

    def append_vertices(self, **arrays: np.ndarray) -> None:
        count = len(arrays["points"])
        for name in self.VERTEX:
            self._grow(name, self.nv + count)
            self._buf[name][self.nv:self.nv + count] = arrays[name]
        self.nv += count

    def append_edges(self, edges: np.ndarray) -> None:
        self._grow("edges", self.ne + len(edges))
        self._buf["edges"][self.ne:self.ne + len(edges)] = edges
        self.ne += len(edges)

    def _grow(self, name: str, rows: int) -> None:
        buffer = self._buf[name]
        if rows > len(buffer):
            bigger = np.empty((2 * rows,) + buffer.shape[1:], dtype=buffer.dtype)
            filled = self.ne if name == "edges" else self.nv
            bigger[:filled] = buffer[:filled]
            self._buf[name] = bigger


def _freed(st: _State, n: int, k: int, facets: int) -> Any:
    """Sign vectors of the ``k``-faces at each vertex: free ``k`` of its ``n`` hyperplanes to either side.

    Yields ``(positive, zero, valid)`` per choice of hyperplanes and sides; ``valid`` is false where a
    freed hyperplane is a box facet taken outward (no face there). In a simple complex every other
    choice names a face containing the vertex. Hyperplanes below ``facets`` are the domain's facets.
    """
    V = len(st.positive)
    rows = np.arange(V)
    for chosen in itertools.combinations(range(n), k):
        for signs in itertools.product((1, 0), repeat=k):
            pos, zer = st.positive.copy(), st.zero.copy()
            valid = np.ones(V, dtype=bool)
            for j, sign in zip(chosen, signs):
                h = st.zeros[:, j]
                word, mask = h // 64, np.left_shift(np.uint64(1), (h % 64).astype(np.uint64))
                zer[rows, word] &= ~mask
                if sign:
                    pos[rows, word] |= mask
                else:
                    valid &= h >= facets
            yield pos, zer, valid


@dataclass(repr=False)
class PolyhedralComplex:
    """The canonical polyhedral complex of a network on a polytope (a simple complex).

    Hyperplanes are numbered: first the domain's facets ``a_j . x <= b_j`` (``facet_rows``, sign
    ``+`` inside; on a box ``2i`` and ``2i + 1`` are ``x_i = lo_i`` and ``x_i = hi_i``), then one
    per cut neuron in layer order (``neurons[h - facets] = (layer, index)``). A face's sign vector
    has ``0`` on the hyperplanes containing it; a region's pattern is read off its signs (``+``
    active). ``lo`` and ``hi`` bound the domain (they are the box itself when it is one).

    See Also
    --------
    polyhedral_complex : builds it (or a :class:`LatticeComplex` for degenerate networks).

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex; faces and sign vectors); A. Berzins,
    "Polyhedral complex extraction from ReLU networks using edge subdivision", ICML 2023.
    """

    net: Network
    lo: tuple[Fraction, ...]
    hi: tuple[Fraction, ...]
    neurons: list[tuple[int, int]]
    state: _State
    facet_rows: list[tuple[tuple[Fraction, ...], Fraction]] = field(default_factory=list)
    initial: list[tuple[Fraction, ...]] = field(default_factory=list)   # the domain's exact vertices
    is_box: bool = True
    #: the complex of R^n, shown inside a box whose interior holds every vertex (see :func:`enclosing_box`)
    whole_space: bool = False
    fallbacks: int = 0
    evaluations: int = 0
    anchored: int = 0
    _keys: dict[int, np.ndarray] = field(default_factory=dict)
    _tables: Any = None
    _exact: _Exact | None = None      # the memoised exact vertices
    #: seconds spent building: ``float`` (layer values, filtered signs, interpolation), ``fallback``
    #: (exact decisions), ``anchoring``, ``bookkeeping`` (sign vectors, 2-face matching, new edges)
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("float", "fallback", "anchoring", "bookkeeping"), 0.0))

    #: every vertex on exactly ``n`` hyperplanes (this class); a :class:`LatticeComplex` is not
    simple = True

    @property
    def dim(self) -> int:
        return self.net.input_dim

    def degenerate_vertex(self) -> tuple[Fraction, ...] | None:
        """A vertex on more than ``n`` hyperplanes, exactly (none in a simple complex).

        Returns
        -------
        tuple of Fraction or None
            The vertex, the witness that the parameter is not supertransversal.

        See Also
        --------
        tropical.lattice : where such complexes are built.
        """
        return None

    @property
    def facets(self) -> int:
        """The number of the domain's facets (the first hyperplanes of every sign vector)."""
        return len(self.facet_rows)

    def __repr__(self) -> str:
        return (f"PolyhedralComplex(dim {self.dim}, {len(self.state.points)} vertices, {len(self.state.edges)} edges, "
                f"{len(self.neurons)} cut neurons, {self.fallbacks} fallbacks)")

    def _repr_png_(self) -> bytes | None:
        """A picture in Jupyter: the regions with their exact vertices (2-D inputs only)."""
        if self.dim != 2:
            return None

        polygons = [[self.exact_vertex(v) for v in f.vertices] for f in self.faces(2)]
        return polygons_png(polygons, title=f"f-vector {self.f_vector()}")  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        return html_table("PolyhedralComplex", [("dimension", self.dim), ("f-vector", self.f_vector()),
                                                ("domain", f"box {[str(v) for v in self.lo]} .. "
                                                 f"{[str(v) for v in self.hi]}" if self.is_box
                                                 else f"polytope with {self.facets} facets"),
                                                ("cut neurons", len(self.neurons)),
                                                ("exact fallbacks", self.fallbacks), ("anchored", self.anchored)])

    # ------------------------------------------------------------------ faces by sign vectors
    def _face_keys(self, k: int) -> np.ndarray:
        """Distinct sign vectors (packed ``positive | zero`` words) of the ``k``-faces."""
        if k in self._keys:
            return self._keys[k]
        n, st = self.dim, self.state
        if k == 0:
            keys = np.concatenate([st.positive, st.zero], axis=1)
        else:  # a region has no zero coordinate: its positive bits alone name it
            keys = np.concatenate([(pos if k == n else np.concatenate([pos, zer], axis=1))[valid]
                                   for pos, zer, valid in _freed(st, n, k, self.facets)])
        distinct: np.ndarray = keys[_distinct_rows(keys)]
        self._keys[k] = distinct
        return distinct

    def _incidences(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The distinct ``positive | zero`` keys of the ``k``-faces and their incidences with vertices.

        Returns ``(keys, vertex, face)``: one ``(vertex, face)`` pair per incidence, face numbers
        indexing ``keys``.
        """
        n, st = self.dim, self.state
        rows = np.arange(len(st.positive))
        parts, owners = [], []
        for pos, zer, valid in _freed(st, n, k, self.facets):
            parts.append(np.concatenate([pos, zer], axis=1)[valid])
            owners.append(rows[valid])
        keys = np.ascontiguousarray(np.concatenate(parts))
        as_bytes = keys.view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1]))).ravel()
        _, first, inverse = np.unique(as_bytes, return_index=True, return_inverse=True)
        return keys[first], np.concatenate(owners), inverse.ravel()

    def _signs_many(self, keys: np.ndarray) -> list[str]:
        """The sign strings (``+``, ``-``, ``0`` per hyperplane) of packed ``positive | zero`` keys."""
        count = self.facets + len(self.neurons)
        if len(keys) == 0:
            return []
        words = keys.shape[1] // 2

        def bits(part: np.ndarray) -> np.ndarray:
            raw = np.ascontiguousarray(part.astype("<u8")).view(np.uint8)
            return np.unpackbits(raw, axis=1, bitorder="little")[:, :count].astype(bool)

        positive, zero = bits(keys[:, :words]), bits(keys[:, words:])
        chars = np.where(zero, ord("0"), np.where(positive, ord("+"), ord("-"))).astype(np.uint8)
        return [row.tobytes().decode("ascii") for row in chars]

    def hyperplanes(self) -> list[str]:
        """What each position of a sign vector refers to: the domain's facets, then neurons (``layer:index``).

        Returns
        -------
        list of str
            The domain's facets, then ``"neuron layer:index"``.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # the axes
        >>> cx = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
        >>> cx.hyperplanes()[-2:]
        ['neuron 1:0', 'neuron 1:1']
        """
        names = []
        if self.is_box:
            box = " (enclosing box)" if self.whole_space else ""
            for i in range(self.dim):
                names += [f"x{i + 1} >= {self.lo[i]}{box}", f"x{i + 1} <= {self.hi[i]}{box}"]
        else:
            for a, b in self.facet_rows:
                terms = " + ".join(f"{v}*x{i + 1}" for i, v in enumerate(a) if v)
                names.append(f"{terms} <= {b}")
        return names + [f"neuron {layer}:{index}" for layer, index in self.neurons]

    def faces(self, k: int) -> list[Face]:
        """The ``k``-faces, each with its sign vector and its vertices (numbers for :meth:`exact_vertex`).

        The sign vector has one character per hyperplane of :meth:`hyperplanes`: ``0`` on it,
        ``+`` on its positive side (inside, for a box facet), ``-`` on its negative side.

        Parameters
        ----------
        k
            The dimension, ``0..dim``.

        Returns
        -------
        list of Face
            The faces.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # the axes
        >>> cx = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
        >>> len(cx.faces(2)), len(cx.faces(0))                  # 4 quadrants; 4 corners, 4 axis ends, the origin
        (4, 9)

        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])          # relu(x) on [-1, 1]: cut at 0
        >>> cx = polyhedral_complex(net, Polyhedron.box([-1], [1]))
        >>> cx.hyperplanes(), [(f.signs, f.vertices) for f in cx.faces(1)]
        (['x1 >= -1', 'x1 <= 1', 'neuron 1:0'], [('++-', (0, 2)), ('+++', (1, 2))])
        """
        if not 0 <= k <= self.dim:
            raise DomainError(f"k: {k} is not a dimension of faces (0..{self.dim})")
        if k == 0:   # vertex v is face v
            st = self.state
            signs = self._signs_many(np.concatenate([st.positive, st.zero], axis=1))
            vertices = [Face(0, text, (v,)) for v, text in enumerate(signs)]
            return [f for f in vertices if "0" not in f.signs[:self.facets]] if self.whole_space else vertices
        keys, vertex, face = self._incidences(k)
        members: list[list[int]] = [[] for _ in range(len(keys))]
        for v, f in zip(vertex.tolist(), face.tolist()):
            members[f].append(v)
        found = [Face(k, signs, tuple(sorted(set(m)))) for signs, m in zip(self._signs_many(keys), members)]
        if self.whole_space:     # the faces inside the enclosing box's boundary are not faces of R^n
            found = [f for f in found if "0" not in f.signs[:self.facets]]
        return found

    def _exact_cache(self) -> _Exact:
        if self._exact is None:
            self._exact = _Exact(self)
        return self._exact

    def face_point(self, face: Face) -> tuple[Fraction, ...]:
        """An exact point of the face's relative interior: the centroid of its (exact) vertices.

        Parameters
        ----------
        face
            One of :meth:`faces`.

        Returns
        -------
        tuple of Fraction
            The point.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> cx = polyhedral_complex(Network(1, [([[1]], [0]), ([[1]], [0])]), Polyhedron.box([-1], [1]))
        >>> [cx.face_point(f) for f in cx.faces(1)]        # the two halves of [-1, 1]
        [(Fraction(-1, 2),), (Fraction(1, 2),)]
        """
        exact = self._exact_cache()
        return exact.fractions(exact.centroid(face.vertices))

    def region_graph(self) -> Any:
        """The regions (numbered as in ``faces(dim)``) joined when they share a facet (networkx ``Graph``).

        Nodes carry ``signs``, ``pattern`` and ``region``: the linear region the cell lies in, a
        :class:`tropical.regions.Region` whose interior point, rank and affine map are computed on
        first use (it is the cell itself unless the complex was cut by the output's level sets too).
        Edges carry ``facet``, the number of the shared ``(dim - 1)``-face in ``faces(dim - 1)``.

        Returns
        -------
        networkx.Graph
            Nodes with ``pattern`` and a lazy ``region``.

        References
        ----------
        ``004`` section 3 (the canonical polyhedral complex).

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])    # the two axes: four quadrants
        >>> graph = polyhedral_complex(net, Polyhedron.box([-1, -1], [1, 1])).region_graph()
        >>> graph.number_of_nodes(), graph.number_of_edges()                  # a 4-cycle of quadrants
        (4, 4)
        >>> sorted(graph.nodes[i]["region"].rank for i in graph)           # x + y, x, y and 0 on the quadrants
        [0, 1, 1, 1]
        """
        import networkx as nx


        n = self.dim
        regions = self.faces(n)
        domain = None if self.whole_space else Polyhedron(n, [a for a, _ in self.facet_rows],
                                                          [b for _, b in self.facet_rows])
        graph = nx.Graph()
        for i, f in enumerate(regions):
            pattern = self._pattern_of(f.signs)
            graph.add_node(i, signs=f.signs, pattern=pattern, region=Region(self.net, pattern, domain=domain))
        for number, between in enumerate(self._facet_regions()):
            if between is not None:      # None: on the boundary of the domain
                graph.add_edge(between[0], between[1], facet=number)
        return graph

    def _facet_regions(self) -> list[tuple[int, int, int] | None]:
        """Per ``(dim - 1)``-face: ``(minus, plus, h)``, its two regions and a neuron between them.

        ``minus`` and ``plus`` are numbers in ``faces(dim)``, ``h`` a neuron hyperplane through the
        face, negative on ``minus`` and positive on ``plus``; ``None`` for a face in the domain's boundary.

        In a simple complex the face lies on one hyperplane, and its regions are its sign vector with
        that ``0`` turned to ``-`` and ``+``.
        """
        n = self.dim
        index = {f.signs: i for i, f in enumerate(self.faces(n))}
        out: list[tuple[int, int, int] | None] = []
        for facet in self.faces(n - 1):
            zero = facet.signs.index("0")
            if zero < self.facets:
                out.append(None)
                continue
            out.append((index[facet.signs[:zero] + "-" + facet.signs[zero + 1:]],
                        index[facet.signs[:zero] + "+" + facet.signs[zero + 1:]], zero))
        return out

    def _pattern_of(self, signs: str) -> Pattern:
        """The activation pattern (hidden ReLU neurons, ``1`` = positive) of a region's sign vector."""
        groups: dict[int, list[int]] = {}
        relu = set(self.net.relu_layers)
        for h, (layer, _) in enumerate(self.neurons):
            if layer in relu:
                groups.setdefault(layer, []).append(int(signs[self.facets + h] == "+"))
        return tuple(tuple(groups[l]) for l in self.net.relu_layers)

    def facet_weights(self) -> list[FacetWeight]:
        """The weight of every interior facet: the exact jump of the network's Jacobian across it.

        For the facet ``F`` on the zero set of neuron ``h`` between the region ``P`` where ``h`` is
        negative and the region ``Q`` where it is positive, ``nu`` is the gradient of ``h`` there
        (the same on both sides: only ``h`` changes) scaled to a primitive integer vector, and the
        weight ``w`` is the vector with ``J_Q - J_P = w nu^T`` (a rank-one jump, checked exactly).
        The breakpoint complex keeps the facets with ``w != 0``.

        Returns
        -------
        list of FacetWeight
            One per interior facet.

        References
        ----------
        ``004`` section 2 (facet weights, balancing); ``MATH.md`` section 6.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[2]], [-1]), ([[3]], [0])])                # 3 relu(2x - 1)
        >>> cx = polyhedral_complex(net, Polyhedron.box([-1], [1]))
        >>> [(f.normal, f.weight) for f in cx.facet_weights()]
        [((1,), (Fraction(6, 1),))]
        """
        n = self.dim
        regions = self.faces(n)
        jacobians: dict[int, tuple[tuple[Fraction, ...], ...]] = {}

        def jacobian(i: int) -> tuple[tuple[Fraction, ...], ...]:
            if i not in jacobians:
                jacobians[i] = self.net.local_affine_map(self._pattern_of(regions[i].signs)).weight
            return jacobians[i]

        result = []
        for number, between in enumerate(self._facet_regions()):
            if between is None:
                continue
            minus, plus, zero = between
            layer, neuron = self.neurons[zero - self.facets]
            earlier = sum(1 for l in self.net.relu_layers if l <= layer)
            # the neuron is positive on ``plus`` and zero on the facet: its gradient there is the normal
            gradient = self.net.local_affine_map(self._pattern_of(regions[plus].signs)[:earlier], layer,
                                                 pre_activation=True).weight[neuron]
            normal = clear_denominators(gradient)
            jump = [[q - p for q, p in zip(rq, rp)] for rq, rp in zip(jacobian(plus), jacobian(minus))]
            norm2 = sum(v * v for v in normal)
            weight = tuple(sum((row[j] * normal[j] for j in range(n)), Fraction(0)) / norm2 for row in jump)
            if any(row[j] != w * normal[j] for row, w in zip(jump, weight) for j in range(n)):
                raise AssertionError(f"facet {number}: the jump of the Jacobian is not w nu^T")
            result.append(FacetWeight(number, minus, plus, normal, weight))
        return result

    def bent_hyperplanes(self) -> dict[tuple[int, int], list[int]]:
        """Each cut neuron's bent hyperplane in the domain: the numbers (in ``faces(dim - 1)``) of its facets.

        Returns
        -------
        dict of (layer, neuron) to list of int
            The facets of each.

        References
        ----------
        ``004`` section 3 (bent hyperplanes).

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> net = Network(1, [([[1], [-1]], [0, 1]), ([[1, 1]], [0])])        # cuts at 0 and at 1
        >>> polyhedral_complex(net, Polyhedron.box([-2], [2])).bent_hyperplanes()
        {(1, 0): [2], (1, 1): [3]}
        """
        out: dict[tuple[int, int], list[int]] = {neuron: [] for neuron in self.neurons}
        for number, facet in enumerate(self.faces(self.dim - 1)):
            for h in range(self.facets, len(facet.signs)):   # several when neurons coincide there
                if facet.signs[h] == "0":
                    out[self.neurons[h - self.facets]].append(number)
        return out

    def first_layer_visibility(self) -> dict[int, dict[str, list[int]]]:
        """Per first-layer neuron ``i``: its ``facets``, the ``anchored`` ones and the ``breakpoints``.

        A facet of the hyperplane ``z_(1,i) = 0`` is anchored when some second-layer neuron ``k``
        that uses it (``W2[k][i] != 0``) is positive on it, and a breakpoint when its weight
        (:meth:`facet_weights`) is not zero; the hyperplane is visible iff it has a breakpoint.
        For a generic parameter every anchored facet is a breakpoint and a hyperplane no active
        neuron uses has none (``004`` section 3).

        Returns
        -------
        dict
            Per first-layer neuron.

        References
        ----------
        ``004`` section 3 (visibility of first-layer hyperplanes in three-layer networks).

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> # relu(relu(x) - 1/2) + relu(relu(1 - x) + 1/2): first-layer kinks at x = 0 and x = 1
        >>> net = Network(1, [([[1], [-1]], [0, 1]), ([[1, 0], [0, 1]], ["-1/2", "1/2"]), ([[1, 1]], [0])])
        >>> seen = polyhedral_complex(net, Polyhedron.box([-2], [2])).first_layer_visibility()
        >>> seen[0]     # x = 0 feeds only the first second-layer neuron, negative there: no kink in f
        {'facets': [2], 'anchored': [], 'breakpoints': []}
        >>> seen[1]     # x = 1 feeds the second, positive everywhere: f bends there
        {'facets': [3], 'anchored': [3], 'breakpoints': [3]}
        """
        if self.net.depth < 2 or 1 not in self.net.relu_layers:
            raise DomainError("first_layer_visibility: needs a hidden first layer followed by a second layer")
        facets = self.faces(self.dim - 1)
        weights = {w.facet: w for w in self.facet_weights()}
        W2 = self.net.layers[1].weight
        second = {index: self.facets + h for h, (layer, index) in enumerate(self.neurons) if layer == 2}
        out: dict[int, dict[str, list[int]]] = {}
        for (layer, i), numbers in self.bent_hyperplanes().items():
            if layer != 1:
                continue
            anchored = [f for f in numbers if any(W2[k][i] != 0 and facets[f].signs[h] == "+"
                                                  for k, h in second.items())]
            breakpoints = [f for f in numbers if f in weights and any(weights[f].weight)]
            out[i] = {"facets": numbers, "anchored": anchored, "breakpoints": breakpoints}
        return out

    def f_vector(self) -> list[int]:
        """Face counts by dimension: vertices, edges, ..., regions.

        Vertices and edges are counted directly; ``k``-faces for ``k >= 2`` as the distinct
        sign vectors obtained from the vertices by freeing ``k`` of their hyperplanes (in a
        simple complex every such choice near a vertex is a face, box facets inward only).
        For ``n >= 3`` the facets' count ``f_(n-1)`` follows from the others by Euler's relation
        ``sum (-1)^k f_k = 1`` (the complex subdivides a convex polytope, a ball); ``faces(n - 1)``
        counts them directly, and the tests compare the two.

        Returns
        -------
        list of int
            The counts.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # the axes
        >>> cx = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
        >>> cx.f_vector()
        [9, 12, 4]
        """
        n = self.dim
        if self.whole_space:
            return self._whole_space_f_vector()
        counts: list[int] = [len(self.state.positive), len(self.state.edges)]
        if n < 3:
            return counts + [len(self._face_keys(k)) for k in range(2, n + 1)]
        counts += [len(self._face_keys(k)) for k in range(2, n - 1)] + [0, len(self._face_keys(n))]
        others = sum((-1) ** k * f for k, f in enumerate(counts))
        counts[n - 1] = (-1) ** (n - 1) * (1 - others)
        return counts

    def _facet_mask(self, words: int) -> np.ndarray:
        mask = np.zeros(words, dtype=np.uint64)
        for j in range(self.facets):
            mask[j // 64] |= np.uint64(1) << np.uint64(j % 64)
        return mask

    def _whole_space_f_vector(self) -> list[int]:
        """Face counts of the complex of R^n: the faces not inside the enclosing box's boundary."""
        st, n = self.state, self.dim
        words = st.zero.shape[1]
        mask = self._facet_mask(words)
        counts = [int(((st.zero & mask) == 0).all(axis=1).sum())]
        a, b = st.edges[:, 0], st.edges[:, 1]
        counts.append(int(((st.zero[a] & st.zero[b] & mask) == 0).all(axis=1).sum()))
        for k in range(2, n):
            keys = self._face_keys(k)
            counts.append(int(((keys[:, words:] & mask) == 0).all(axis=1).sum()))
        if n >= 2:
            counts.append(len(self._face_keys(n)))
        return counts[:n + 1]

    def patterns(self) -> list[Pattern]:
        """The activation pattern of every region (hidden ReLU neurons; ``1`` = positive).

        Returns
        -------
        list of Pattern
            In the order of ``faces(dim)``.

        See Also
        --------
        region_graph : the regions with their neighbours.
        """
        keys = self._face_keys(self.dim)
        result = []
        relu = set(self.net.relu_layers)
        for key in keys:
            groups: dict[int, list[int]] = {}
            for h, (layer, _) in enumerate(self.neurons):
                if layer not in relu:
                    continue
                g = self.facets + h
                groups.setdefault(layer, []).append(int((int(key[g // 64]) >> (g % 64)) & 1))
            result.append(tuple(tuple(groups[l]) for l in self.net.relu_layers))
        return result

    def vertices(self) -> np.ndarray:
        """Float positions of the vertices (for pictures; :meth:`exact_vertex` gives the rational ones).

        Returns
        -------
        numpy.ndarray
            One row per vertex.

        See Also
        --------
        exact_vertex : the exact coordinates.
        """
        return self.state.points

    def edges(self) -> np.ndarray:
        """The edges as pairs of vertex numbers (one row per edge).

        Returns
        -------
        numpy.ndarray
            Pairs of vertex numbers, one row per edge.

        See Also
        --------
        faces : every dimension.
        """
        return self.state.edges

    def exact_vertex(self, v: int) -> tuple[Fraction, ...]:
        """The exact rational coordinates of vertex ``v`` (rebuilt along the edges it was cut from).

        Parameters
        ----------
        v
            A vertex number.

        Returns
        -------
        tuple of Fraction
            Its coordinates.

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # the axes
        >>> cx = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
        >>> sorted(cx.exact_vertex(v) for v in range(len(cx.faces(0))))[4]
        (Fraction(0, 1), Fraction(0, 1))
        """
        exact = self._exact_cache()
        return exact.fractions(exact.point(v))

    def certify(self) -> bool:
        """Recompute the complex's evidence exactly and check it, independently of the float filter.

        Each vertex must be exactly on the ``n`` hyperplanes it lists and strictly on the
        recorded side of every other one (the domain's facets and neurons), which also re-decides
        every sign the float filter decided; each edge must join two vertices on the same ``n - 1``
        hyperplanes; each region's centroid (of its exact vertices) must have the region's sign
        vector by exact evaluation (an interior point whose pattern is confirmed); and the complex
        must be complete: across each facet on a neuron's zero set there is a region of the
        complex (a facet in the domain's boundary has none). Raises ``AssertionError`` on the
        first mismatch.

        Returns
        -------
        bool
            Whether every check holds (it raises with the reason otherwise).

        Examples
        --------
        >>> from exact import Network, Polyhedron
        >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # the axes
        >>> cx = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
        >>> cx.certify()
        True
        """
        exact = self._exact_cache()
        n = self.dim
        st = self.state
        for v in range(len(st.positive)):
            signs = exact.signs(exact.point(v), exact.vertex_pre(v))
            for h, s in enumerate(signs):
                word, bit = h // 64, h % 64
                pos = (int(st.positive[v, word]) >> bit) & 1
                zer = (int(st.zero[v, word]) >> bit) & 1
                recorded = 0 if zer else (1 if pos else -1)
                assert recorded == s, f"vertex {v}: hyperplane {h} has sign {s}, recorded {recorded}"
            assert sorted(int(h) for h in st.zeros[v]) == [h for h, s in enumerate(signs) if s == 0][:n] \
                and sum(1 for s in signs if s == 0) == n, f"vertex {v}: not on exactly {n} hyperplanes"
        # every edge joins two vertices sharing exactly n - 1 hyperplanes (the line it lies on)
        for a, b in st.edges.tolist():
            shared = set(st.zeros[a].tolist()) & set(st.zeros[b].tolist())
            assert a != b and len(shared) == n - 1, f"edge ({a}, {b}) does not lie on n - 1 shared hyperplanes"
        # every region: its centroid is strictly inside, with the region's signs; completeness: across
        # each facet on a neuron's zero set lies another region of the complex
        regions = self.faces(n)
        names = {f.signs for f in regions}
        for region in regions:
            at_centroid = "".join("+" if v > 0 else "-" if v < 0 else "0"
                                  for v in exact.signs(exact.centroid(region.vertices)))
            assert at_centroid == region.signs, f"region {region.signs}: its centroid has signs {at_centroid}"
        for facet in self.faces(n - 1) if n >= 1 else []:
            zero = facet.signs.index("0")
            if zero >= self.facets:
                for side in "+-":
                    across = facet.signs[:zero] + side + facet.signs[zero + 1:]
                    assert across in names, f"facet {facet.signs}: no region on its {side} side"
        return True

    def to_json(self, faces: bool = False) -> dict[str, Any]:
        """The f-vector and counts; with ``faces``, every face's sign vector, vertices and exact point.

        Vertices carry their exact coordinates, higher faces an exact relative-interior point
        (the centroid of their vertices), as ``"p/q"`` strings.

        Parameters
        ----------
        faces
            Include every face.

        Returns
        -------
        dict
            The JSON form.

        See Also
        --------
        exact.io : the other file formats.
        """
        payload: dict[str, Any] = {"f_vector": self.f_vector(), "fallbacks": self.fallbacks, "anchored": self.anchored}
        if self.whole_space:
            payload["domain"] = "R^n"
            payload["enclosing_box"] = [[format_rational(v) for v in self.lo], [format_rational(v) for v in self.hi]]
        if faces:
            exact = self._exact_cache()
            payload["hyperplanes"] = self.hyperplanes()
            payload["faces"] = []
            for k in range(self.dim + 1):
                level = []
                for f in self.faces(k):
                    centre = exact.fractions(exact.centroid(f.vertices))
                    level.append({"signs": f.signs, "vertices": list(f.vertices),
                                  "point": [format_rational(v) for v in centre]})
                payload["faces"].append(level)
        return payload


class _Exact(ExactPoints):
    """Exact rational vertices and pre-activations of a complex, memoised (python-flint, no Fraction).

    A domain vertex is given; a cut vertex is ``x_a + t (x_b - x_a)`` on its parent edge with
    ``t = z_a / (z_a - z_b)``, ``z`` the cutting neuron's exact values at the parents.
    """

    def __init__(self, cx: PolyhedralComplex) -> None:
        import flint

        self.cx = cx
        self.flint = flint
        n = cx.dim
        self.facets = [(flint.fmpq_mat(1, n, [flint.fmpq(v.numerator, v.denominator) for v in a]),
                        flint.fmpq(b.numerator, b.denominator)) for a, b in cx.facet_rows]
        self.points: dict[int, Any] = {}
        self.pres: dict[int, list[Any]] = {}

    def column(self, x: Sequence[Fraction]) -> Any:
        return self.flint.fmpq_mat(len(x), 1, [self.flint.fmpq(v.numerator, v.denominator) for v in x])

    def pre(self, x: Any) -> list[Any]:
        """Every layer's pre-activations at the column ``x`` (skips included)."""
        pre: list[Any] = self.cx.net.flint_forward(x)[0]
        return pre

    def vertex_pre(self, v: int) -> list[Any]:
        if v not in self.pres:
            self.pres[v] = self.pre(self.point(v))
        return self.pres[v]

    def point(self, v: int) -> Any:
        cx = self.cx

        def value(a: int, h: int) -> Any:
            layer, index = cx.neurons[h - cx.facets]
            return self.vertex_pre(a)[layer - 1][index, 0]

        return rebuild_point(v, cx.state.parents, cx.state.cut_by, self.points,
                             lambda w: self.column(cx.initial[w]), value)

    def signs(self, x: Any, pre: list[Any] | None = None) -> list[int]:
        """Signs of every hyperplane at the column ``x`` (the domain's facets, then cut neurons)."""
        signs: list[int] = []
        for a, b in self.facets:
            value = b - (a * x)[0, 0]
            signs.append((value > 0) - (value < 0))
        pre = self.pre(x) if pre is None else pre
        for layer, index in self.cx.neurons:
            value = pre[layer - 1][index, 0]
            signs.append((value > 0) - (value < 0))
        return signs

    def value(self, v: int, layer: int, index: int) -> Any:
        """The exact pre-activation of neuron ``index`` of ``layer`` at vertex ``v`` (an exact fallback)."""
        self.cx.fallbacks += 1
        return self.vertex_pre(v)[layer - 1][index, 0]

class _LatticeExact(ExactPoints):
    """The exact side of a :class:`LatticeComplex`, whose vertices are exact already (:class:`_Exact`'s interface)."""

    def __init__(self, cx: LatticeComplex) -> None:
        import flint

        self.cx = cx
        self.flint = flint

    def point(self, v: int) -> Any:
        return self.cx.exact_vertices.point(v)


@dataclass(repr=False)
class LatticeComplex(PolyhedralComplex):
    """The canonical polyhedral complex of any network, degenerate or not, kept as a face lattice.

    Built by :func:`polyhedral_complex` when the complex is not simple (:mod:`tropical.lattice`):
    every face carries its facets, every vertex its exact coordinates. The methods answer as
    :class:`PolyhedralComplex`'s do; ``state`` is ``None``, ``fallbacks`` counts the exact zeros
    found (vertex on a hyperplane beyond general position included) and ``simple`` is ``False``.

    See Also
    --------
    polyhedral_complex : builds it when the network is degenerate or the domain not simple.
    tropical.lattice.build_lattice : the face lattice behind it.

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex; faces and sign vectors); A. Berzins,
    "Polyhedral complex extraction from ReLU networks using edge subdivision", ICML 2023.
    """

    lattice: Any = None
    #: the exact vertices (:class:`tropical.lattice.ExactVertices`), rebuilt lazily from the edges they cut
    exact_vertices: Any = None
    _vertex_sets: dict[int, list[frozenset[int]]] = field(default_factory=dict)

    simple = False

    def __repr__(self) -> str:
        return (f"LatticeComplex(dim {self.dim}, f-vector {self.f_vector()}, {len(self.neurons)} cut neurons, "
                f"degenerate)")

    def _exact_cache(self) -> Any:
        if self._exact is None:
            self._exact = _LatticeExact(self)  # type: ignore[assignment]
        return self._exact

    def _sign_strings(self, pos: np.ndarray, zero: np.ndarray) -> list[str]:
        """Sign vectors (``+ - 0`` per hyperplane) of rows of sign words, vectorised."""
        m = self.facets + len(self.neurons)
        if len(pos) == 0:
            return []

        def bits(words: np.ndarray) -> np.ndarray:
            as_bytes = np.ascontiguousarray(words.astype("<u8")).view(np.uint8).reshape(len(words), -1)
            unpacked: np.ndarray = np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :m]
            return unpacked.astype(bool)

        chars = np.where(bits(zero), ord("0"), np.where(bits(pos), ord("+"), ord("-"))).astype(np.uint8)
        return [row.tobytes().decode("ascii") for row in chars]

    def _all_faces(self, k: int) -> list[Face]:
        """Every ``k``-face of the lattice (the enclosing box's boundary included for R^n)."""
        lat = self.lattice
        if k not in self._vertex_sets:
            self._vertex_sets[k] = lat.face_vertices(k)
        pos, zero = lat.face_signs(k)
        return [Face(k, signs, tuple(sorted(vertices)))
                for signs, vertices in zip(self._sign_strings(pos, zero), self._vertex_sets[k])]

    def _on_box(self, k: int) -> np.ndarray:
        """Per ``k``-face of the lattice: whether it lies in a facet of the enclosing box (R^n only)."""
        _, zero = self.lattice.face_signs(k)
        on: np.ndarray = ((zero & self._facet_mask(zero.shape[1])) != 0).any(axis=1)
        return on

    def _inside(self, k: int) -> list[int]:
        """Numbers (in :meth:`_all_faces`) of the ``k``-faces that are faces of the complex."""
        count = len(self.lattice.levels[k]) if k else self.lattice.count
        if not self.whole_space:
            return list(range(count))
        inside: list[int] = np.nonzero(~self._on_box(k))[0].tolist()
        return inside

    def faces(self, k: int) -> list[Face]:
        """The ``k``-faces of the lattice, each with its sign vector and its vertices.

        Parameters
        ----------
        k
            The dimension, ``0..dim``.

        Returns
        -------
        list of Face
            The faces.

        See Also
        --------
        PolyhedralComplex.faces : the same for simple complexes.
        """
        if not 0 <= k <= self.dim:
            raise DomainError(f"k: {k} is not a dimension of faces (0..{self.dim})")
        faces = self._all_faces(k)
        return [faces[i] for i in self._inside(k)]

    def f_vector(self) -> list[int]:
        """Face counts by dimension: vertices, edges, ..., regions.

        Returns
        -------
        list of int
            The counts.

        See Also
        --------
        PolyhedralComplex.f_vector : the same for simple complexes.
        """
        return [len(self._inside(k)) for k in range(self.dim + 1)]

    def patterns(self) -> list[Pattern]:
        """The activation pattern of every region (hidden ReLU neurons; ``1`` = positive).

        Returns
        -------
        list of Pattern
            In the order of ``faces(dim)``.

        See Also
        --------
        PolyhedralComplex.patterns
        """
        return [self._pattern_of(f.signs) for f in self.faces(self.dim)]

    def vertices(self) -> np.ndarray:
        """Float positions of the vertices (for pictures; :meth:`exact_vertex` gives the rational ones).

        Returns
        -------
        numpy.ndarray
            One row per vertex.

        See Also
        --------
        PolyhedralComplex.exact_vertex
        """
        points = [self.exact_vertices.point(v).entries() for v in range(self.lattice.count)]
        return np.array([[int(q.p) / int(q.q) for q in p] for p in points], dtype=np.float64).reshape(
            len(points), self.dim)

    def edges(self) -> np.ndarray:
        """The edges as pairs of vertex numbers (one row per edge).

        Returns
        -------
        numpy.ndarray
            Pairs of vertex numbers.

        See Also
        --------
        LatticeComplex.faces
        """
        pairs: np.ndarray = self.lattice.levels[1].indices.reshape(len(self.lattice.levels[1]), 2)
        return pairs

    def _facet_regions(self) -> list[tuple[int, int, int] | None]:
        n = self.dim
        top = self._inside(n)
        number_of = {i: j for j, i in enumerate(top)}
        facets = self._inside(n - 1)
        regions_of: dict[int, list[int]] = {}
        for i in top:
            for g in self.lattice.levels[n].facets(i):
                regions_of.setdefault(g, []).append(number_of[i])
        regions = self.faces(n)
        out: list[tuple[int, int, int] | None] = []
        for g in facets:
            around = regions_of.get(g, [])
            if len(around) < 2:
                out.append(None)
                continue
            a, b = around
            sa, sb = regions[a].signs, regions[b].signs
            h = next(h for h in range(self.facets, len(sa)) if {sa[h], sb[h]} == {"+", "-"})
            out.append((b, a, h) if sa[h] == "+" else (a, b, h))
        return out

    def degenerate_vertex(self) -> tuple[Fraction, ...] | None:
        """A vertex on more than ``n`` hyperplanes, exactly, or ``None``.

        Vertices inside the domain come first; for R^n, none on the enclosing box's boundary counts.

        Returns
        -------
        tuple of Fraction or None
            The vertex.

        See Also
        --------
        PolyhedralComplex.degenerate_vertex
        """
        lat = self.lattice
        on_domain = ((lat.zero & self._facet_mask(lat.zero.shape[1])) != 0).any(axis=1)
        count = np.unpackbits(np.ascontiguousarray(lat.zero.astype("<u8")).view(np.uint8), axis=1).sum(axis=1)
        for inside_only in (True, False):
            for v in np.nonzero(count > self.dim)[0].tolist():
                if (inside_only or self.whole_space) and on_domain[v]:
                    continue
                return self._exact_cache().fractions(self.exact_vertices.point(v))  # type: ignore[no-any-return]
        return None

    def certify(self) -> bool:
        """Check the lattice's evidence exactly, with a forward pass of the network's own.

        Every vertex's recorded signs are recomputed (the domain's facets, every cut neuron);
        every face's centroid has the face's sign vector (a relative-interior point) and its
        vertices span its dimension; an edge has two vertices; every ``(n - 1)``-face lies in
        two regions or in the domain's boundary; Euler's relation holds (a subdivided ball).
        Raises ``AssertionError`` on the first mismatch.

        Returns
        -------
        bool
            Whether every check holds.

        See Also
        --------
        PolyhedralComplex.certify
        """
        import flint

        n = self.dim
        lat = self.lattice
        rows = [(flint.fmpq_mat(1, n, [flint.fmpq(v.numerator, v.denominator) for v in a]),
                 flint.fmpq(b.numerator, b.denominator)) for a, b in self.facet_rows]

        def signs(x: Any) -> str:
            out = []
            for a, b in rows:
                value = b - (a * x)[0, 0]
                out.append("+" if value > 0 else "-" if value < 0 else "0")
            pre = self.net.flint_forward(x)[0]
            for layer, index in self.neurons:
                value = pre[layer - 1][index, 0]
                out.append("+" if value > 0 else "-" if value < 0 else "0")
            return "".join(out)

        exact = self._exact_cache()
        for k in range(n + 1):
            for face in self._all_faces(k):
                centre = exact.centroid(face.vertices)
                assert signs(centre) == face.signs, f"{k}-face {face.signs}: its centroid has signs {signs(centre)}"
                if k >= 1:
                    base = exact.point(face.vertices[0])
                    spans = flint.fmpq_mat([[(exact.point(v) - base)[i, 0] for i in range(n)]
                                            for v in face.vertices[1:]]).rank()
                    assert spans == k, f"{k}-face {face.signs}: its vertices span dimension {spans}"
        for e in range(len(lat.levels[1])):
            assert len(set(lat.levels[1].facets(e))) == 2, "an edge without two vertices"
        for between, face in zip(self._facet_regions(), self.faces(n - 1)):
            if between is None:
                assert self.whole_space or "0" in face.signs[:self.facets], \
                    f"facet {face.signs}: one region only, and not in the domain's boundary"
        if not self.whole_space:
            f = self.f_vector()
            assert sum((-1) ** k * c for k, c in enumerate(f)) == 1, f"Euler's relation fails: {f}"
        return True


def _lattice_complex(net: Network, skeleton: _Skeleton | None, domain: Polyhedron | None, output: bool,
                     whole_space: bool = False) -> LatticeComplex:
    """The complex as a face lattice (:mod:`tropical.lattice`) on a box, a polytope, or the enclosing box of R^n."""
    started = time.perf_counter()
    if skeleton is not None and skeleton.is_box:
        lo, hi, rows = skeleton.lo, skeleton.hi, None
        facet_rows = skeleton.rows
    else:
        assert domain is not None
        if not domain.is_full_dimensional() or not domain.is_bounded():
            raise DomainError("domain: must be a bounded full-dimensional polytope (a box or Polyhedron(n, A, b))")

        poly = domain.minimized()
        facet_rows = []
        for a, b in zip(poly.A, poly.b):
            ints = clear_denominators(tuple(a) + (b,))
            facet_rows.append((tuple(Fraction(v) for v in ints[:net.input_dim]), Fraction(ints[net.input_dim])))
        vertices = list(poly.vertices())
        lo = tuple(min(v[i] for v in vertices) for i in range(net.input_dim))
        hi = tuple(max(v[i] for v in vertices) for i in range(net.input_dim))
        rows = facet_rows
        lo, hi = tuple(v - 1 for v in lo), tuple(v + 1 for v in hi)
    lattice, exact, neurons, _, signs = build_lattice(net, plain_layers(net), lo, hi, rows, output, ANCHOR_ABOVE)
    if rows is not None:     # the bounds of the polytope itself
        lo, hi = tuple(v + 1 for v in lo), tuple(v - 1 for v in hi)
    cx = LatticeComplex(net, tuple(lo), tuple(hi), neurons, None, list(facet_rows), [], rows is None,  # type: ignore[arg-type]
                        whole_space, lattice=lattice, exact_vertices=exact)
    cx.fallbacks = signs.fallbacks
    cx.timings["fallback"] = time.perf_counter() - started
    return cx


@dataclass(frozen=True)
class Face:
    """A face of the complex: its dimension, sign vector (one of ``+ - 0`` per hyperplane) and vertices.

    See Also
    --------
    PolyhedralComplex.faces : the faces of one dimension.

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex; faces and sign vectors); A. Berzins,
    "Polyhedral complex extraction from ReLU networks using edge subdivision", ICML 2023.
    """

    dim: int
    signs: str
    vertices: tuple[int, ...]


@dataclass(frozen=True)
class FacetWeight:
    """An interior facet (number in ``faces(dim - 1)``), its regions ``minus -> plus``, normal and weight.

    See Also
    --------
    PolyhedralComplex.facet_weights : gives them.

    References
    ----------
    ``004`` section 2 (the weight of a facet) and Theorem 1.
    """

    facet: int
    minus: int
    plus: int
    normal: tuple[int, ...]
    weight: tuple[Fraction, ...]


@dataclass
class _Tables:
    """Per layer float64 weights and their absolute values; hyperplane numbering of the neurons."""

    W: list[np.ndarray]
    A: list[np.ndarray]
    b: list[np.ndarray]
    absb: list[np.ndarray]
    carried: list[int]                     # per layer: pass-through neurons after the network's own
    hyperplanes: dict[int, np.ndarray]     # layer -> hyperplane number of each of its neurons
    layer_of: np.ndarray                   # neuron hyperplane h - 2n -> its layer
    index_of: np.ndarray                   # neuron hyperplane h - 2n -> its index in the layer
    facet_normal: np.ndarray               # facet h -> float64 a_h (m, n)
    facet_offset: np.ndarray               # facet h -> float64 b_h
    normal_error: np.ndarray               # |float a_h - a_h| (m, n)
    offset_error: np.ndarray               # |float b_h - b_h|


def plain_layers(net: Network) -> list[tuple[list[list[Fraction]], list[Fraction], int]]:
    """The layers of an equivalent network without skips: ``(weight, bias, carried)`` per layer.

    Layer ``l`` computes the network's own ``z^(l)`` first (``W_l (nu^(l-1) + sum P nu^(s))``
    with every skip ``s -> l`` read off the input), then ``carried`` pass-through neurons that
    copy each ``nu^(s)`` a later skip still needs. Pass-through neurons are linear (no ReLU,
    never cut), so the pre-activations of the network's own neurons are exactly the network's.

    >>> from exact.network import Network, Skip
    >>> net = Network(1, [([[1]], [0]), ([[1]], [0]), ([[1]], [0])], skips=[Skip(0, 3)])
    >>> [([[str(v) for v in row] for row in w], c) for w, _, c in plain_layers(net)]   # x rides along
    [([['1'], ['1']], 1), ([['1', '0'], ['0', '1']], 1), ([['1', '1']], 0)]
    """
    if not net.skips:     # nothing to unfold
        return [([list(row) for row in layer.weight], list(layer.bias), 0) for layer in net.layers]
    widths = net.widths
    skips_into = {l: net.skips_into(l) for l in range(1, net.depth + 1)}
    # blocks[l]: the sources s < l whose nu^(s) rides in layer l's output, in order
    blocks: list[list[int]] = [[]]
    for l in range(1, net.depth + 1):
        blocks.append(sorted({sk.source for sk in net.skips if sk.source < l < sk.target}))
    layers = []
    zero = Fraction(0)
    for l in range(1, net.depth + 1):
        # the input of layer l: nu^(l-1), then the blocks of layer l - 1
        offsets = {l - 1: 0}
        start = widths[l - 1]
        for source in blocks[l - 1]:
            offsets[source] = start
            start += widths[source]
        width_in = start
        own = net.layers[l - 1]
        rows: list[list[Fraction]] = []
        for i in range(widths[l]):
            row = [zero] * width_in
            w = own.weight[i]
            for j in range(widths[l - 1]):
                row[j] += w[j]
            for source, P in skips_into.get(l, ()):
                for j, wj in enumerate(w):      # W_l P: the skip enters before the weights
                    if wj:
                        for k in range(widths[source]):
                            row[offsets[source] + k] += wj * P[j][k]
            rows.append(row)
        bias = list(own.bias)
        for source in blocks[l]:
            for k in range(widths[source]):
                row = [zero] * width_in
                row[offsets[source] + k] = Fraction(1)
                rows.append(row)
                bias.append(zero)
        layers.append((rows, bias, len(rows) - widths[l]))
    return layers


def _tables(net: Network, neurons: Sequence[tuple[int, int]],
            facet_rows: Sequence[tuple[Sequence[Fraction], Fraction]]) -> _Tables:
    plain = plain_layers(net)
    W = [float_matrix(rows) for rows, _, _ in plain]
    b = [float_matrix([bias])[0] for _, bias, _ in plain]
    m = len(facet_rows)
    hyperplanes: dict[int, list[int]] = {}
    for h, (layer, _) in enumerate(neurons):
        hyperplanes.setdefault(layer, []).append(m + h)
    normal = float_matrix([a for a, _ in facet_rows]).reshape(m, net.input_dim)
    offset = float_matrix([[b for _, b in facet_rows]]).reshape(m)

    def error(value: float, exact: Fraction) -> float:
        return float(abs(Fraction(value) - exact))

    normal_error = np.array([[error(float(normal[j, i]), a[i]) for i in range(net.input_dim)]
                             for j, (a, _) in enumerate(facet_rows)]).reshape(m, net.input_dim) * SAFE
    offset_error = np.array([error(float(offset[j]), b) for j, (_, b) in enumerate(facet_rows)]) * SAFE
    return _Tables(W, [np.abs(w) for w in W], b, [np.abs(v) for v in b], [c for _, _, c in plain],
                   {l: np.array(hs, dtype=np.int64) for l, hs in hyperplanes.items()},
                   np.array([l for l, _ in neurons], dtype=np.int64), np.array([i for _, i in neurons], dtype=np.int64),
                   normal, offset, normal_error, offset_error)


def _layer_mask(cx: PolyhedralComplex, layer: int, bits: np.ndarray) -> np.ndarray:
    """``(V, width)`` booleans: the neurons of ``layer`` whose bit is set in ``bits`` (pass-through ones: always)."""
    hs = cx._tables.hyperplanes[layer]
    mask: np.ndarray = ((bits[:, hs // 64] >> (hs % 64).astype(np.uint64)) & np.uint64(1)).astype(bool)
    carried = cx._tables.carried[layer - 1]
    if carried:
        mask = np.concatenate([mask, np.ones((len(mask), carried), dtype=bool)], axis=1)
    return mask


def _left(W: np.ndarray, G: np.ndarray) -> np.ndarray:
    """``W @ G[s]`` for every ``s`` as one matrix product (``G`` is ``(s, w, n)``)."""
    count, width, n = G.shape
    flat = np.ascontiguousarray(G.transpose(1, 0, 2)).reshape(width, count * n)
    product: np.ndarray = (W @ flat).reshape(W.shape[0], count, n).transpose(1, 0, 2)
    return product


def _masked_forward(cx: PolyhedralComplex, X: np.ndarray, bits: np.ndarray, upto: int, grads: bool
                    ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """The network with every ReLU replaced by the vertices' own 0/1 masks, at the float points ``X``.

    The masked network is affine, and at a vertex it agrees with the network (a zero neuron counts
    active, and its value is 0 either way). Returns for each layer ``1..upto`` the values and
    rigorous bounds on their evaluation error (``X`` taken as exact), the Lipschitz constant (max
    norm) of layer ``upto`` and, with ``grads``, each layer's gradients with error bounds.
    """
    t = cx._tables
    s, n = X.shape
    post, err = X, np.zeros_like(X)
    lip = np.ones((s, n))
    grad = np.broadcast_to(np.eye(n), (s, n, n))
    grad_err = np.zeros((s, n, n))
    values, bounds, grads_out, grad_errs = [], [], [], []
    for j in range(1, upto + 1):
        W, A = t.W[j - 1], t.A[j - 1]
        m = W.shape[1] + 3
        z = post @ W.T + t.b[j - 1]
        e = ((err @ A.T) + gamma(m) * (np.abs(post) @ A.T + t.absb[j - 1])) * SAFE + TINY
        lip = (lip @ A.T) * SAFE if j > 1 else np.broadcast_to(A.sum(axis=1) * SAFE, (s, A.shape[0]))
        values.append(z)
        bounds.append(e)
        if grads:
            g = _left(W, grad)
            ge = (_left(A, grad_err) + gamma(m) * _left(A, np.abs(grad))) * SAFE + TINY
            grads_out.append(g)
            grad_errs.append(ge)
        if j < upto:
            mask = _layer_mask(cx, j, bits)
            post, err, lip = z * mask, e * mask, lip * mask
            if grads:
                grad, grad_err = g * mask[:, :, None], ge * mask[:, :, None]
    return values, bounds, np.asarray(lip), grads_out, grad_errs


def _anchor(cx: PolyhedralComplex, layer: int, X: np.ndarray, bits: np.ndarray, through: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Certified positions of new vertices and their values on ``layer``, free of the error of their history.

    A vertex ``v`` is the solution of ``f(x) = 0``, ``f`` the masked (affine) maps of the ``n``
    hyperplanes ``through`` it (a facet ``a . x - b`` of the domain, or a neuron). One Newton step from the interpolated
    point gives ``x~``; with ``R`` the float inverse of the float matrix ``M^`` of ``f`` and ``M``
    the exact one, ``|M^-1| <= |R| / (1 - k)`` for ``k = |I - R M^| + |R| |M^ - M| < 1`` (max norms;
    ``|I - R M^|`` evaluated with its rounding bound ``gamma_(n+1) (I + |R| |M^|)``), so
    ``|x~ - v| <= |R| (|f^(x~)| + e_f) / (1 - k) = rho``. The values of ``layer`` at ``v`` are then
    ``z^(x~) +- (e_z + L rho)``, ``L`` the Lipschitz constant of the masked map. ``rho = inf``
    (nothing certified: every later sign goes to the exact fallback) when ``k >= 1``.
    """
    t = cx._tables
    s, n = X.shape
    m = cx.facets
    rows = np.arange(s)

    def system(points: np.ndarray, grads: bool) -> tuple[Any, ...]:
        vals, errs, lip, gs, ges = _masked_forward(cx, points, bits, layer, grads)
        M = np.zeros((s, n, n))
        M_err = np.zeros((s, n))
        f = np.zeros((s, n))
        f_err = np.zeros((s, n))
        for c in range(n):
            h = through[:, c]
            facet = h < m
            if facet.any():   # a . x - b in float: |error| <= gamma_(n+1) (|a^| |x| + |b^|) + |a^ - a| |x| + |b^ - b|
                r = rows[facet]
                hf = h[facet]
                a = t.facet_normal[hf]
                M[r, c] = a
                M_err[r, c] = t.normal_error[hf].sum(axis=1)
                f[r, c] = (a * points[r]).sum(axis=1) - t.facet_offset[hf]
                size = (np.abs(a) * np.abs(points[r])).sum(axis=1) + np.abs(t.facet_offset[hf])
                f_err[r, c] = (gamma(n + 1) * size + (t.normal_error[hf] * np.abs(points[r])).sum(axis=1)
                               + t.offset_error[hf]) * SAFE
            for j in np.unique(t.layer_of[h[~facet] - m]):
                r = rows[~facet][t.layer_of[h[~facet] - m] == j]
                idx = t.index_of[h[r] - m]
                f[r, c] = vals[j - 1][r, idx]
                f_err[r, c] = errs[j - 1][r, idx]
                if grads:
                    M[r, c] = gs[j - 1][r, idx]
                    M_err[r, c] = ges[j - 1][r, idx].sum(axis=1)
        return vals, errs, lip, M, M_err, f, f_err

    _, _, _, M, M_err, f, _ = system(X, True)
    ok = np.abs(np.linalg.det(M)) > 0
    R = np.zeros_like(M)
    R[ok] = np.linalg.inv(M[ok])
    X_new = X.copy()
    X_new[ok] = X[ok] - np.einsum("sij,sj->si", R[ok], f[ok])
    X_new[~np.isfinite(X_new).all(axis=1)] = X[~np.isfinite(X_new).all(axis=1)]
    vals, errs, lip, _, _, f2, f2_err = system(X_new, False)
    eye = np.eye(n)
    absR = np.abs(R)
    defect = np.abs(eye - np.einsum("sij,sjk->sik", R, M)) + gamma(n + 1) * (eye + np.einsum(
        "sij,sjk->sik", absR, np.abs(M)))
    normR = absR.sum(axis=2).max(axis=1) * SAFE
    kappa = (defect.sum(axis=2).max(axis=1) + normR * M_err.max(axis=1)) * SAFE
    residual = (np.abs(f2) + f2_err).max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.where(ok & (kappa < 1), normR * residual / (1 - kappa) * SAFE + TINY, np.inf)
    value = vals[layer - 1]
    bound = np.nan_to_num(errs[layer - 1] + lip * rho[:, None], nan=np.inf) * SAFE
    return X_new, rho, value, bound


@dataclass
class _Skeleton:
    """A simple polytope's facets ``a . x <= b``, exact vertices, the ``n`` facets through each, and edges."""

    rows: list[tuple[tuple[Fraction, ...], Fraction]]
    vertices: list[tuple[Fraction, ...]]
    tight: list[tuple[int, ...]]
    edges: list[tuple[int, int]]
    lo: tuple[Fraction, ...]
    hi: tuple[Fraction, ...]
    is_box: bool


def _box_skeleton(lo: Sequence[Fraction], hi: Sequence[Fraction]) -> _Skeleton:
    n = len(lo)
    rows = []
    for i in range(n):
        e = tuple(Fraction(int(j == i)) for j in range(n))
        rows += [(tuple(-v for v in e), -lo[i]), (e, hi[i])]
    corners = list(itertools.product((0, 1), repeat=n))
    return _Skeleton(rows, [tuple(hi[i] if c[i] else lo[i] for i in range(n)) for c in corners],
                     [tuple(2 * i + 1 if c[i] else 2 * i for i in range(n)) for c in corners],
                     [(a, b) for a in range(len(corners)) for b in range(a + 1, len(corners))
                      if sum(x != y for x, y in zip(corners[a], corners[b])) == 1], tuple(lo), tuple(hi), True)


def _skeleton(domain: Polyhedron) -> _Skeleton:
    """The skeleton the subdivision starts from: a box's, or a bounded full-dimensional simple polytope's."""
    box = box_of(domain)
    if box is not None:
        return _box_skeleton(*box)
    if not domain.is_full_dimensional() or not domain.is_bounded():
        raise DomainError("domain: must be a bounded full-dimensional polytope (a box or Polyhedron(n, A, b))")

    n = domain.dim
    poly = domain.minimized()
    rows = []
    for a, b in zip(poly.A, poly.b):      # primitive integer rows: exact in float64 while small
        ints = clear_denominators(tuple(a) + (b,))
        rows.append((tuple(Fraction(v) for v in ints[:n]), Fraction(ints[n])))
    vertices = list(poly.vertices())
    tight = []
    for v in vertices:
        on = tuple(j for j, (a, b) in enumerate(rows) if sum((u * w for u, w in zip(a, v)), Fraction(0)) == b)
        if len(on) != n:
            raise Degenerate(f"the domain is not a simple polytope: a vertex lies on {len(on)} facets, not {n}")
        tight.append(on)
    edges = [(p, q) for p in range(len(vertices)) for q in range(p + 1, len(vertices))
             if len(set(tight[p]) & set(tight[q])) == n - 1]
    lo = tuple(min(v[i] for v in vertices) for i in range(n))
    hi = tuple(max(v[i] for v in vertices) for i in range(n))
    return _Skeleton(rows, vertices, tight, edges, lo, hi, False)


def _build(net: Network, skeleton: _Skeleton, output: bool) -> PolyhedralComplex:
    n = net.input_dim
    cut_layers = [l for l in range(1, net.depth + 1) if l in net.relu_layers or (output and l == net.depth)]
    neurons = [(l, i) for l in cut_layers for i in range(net.widths[l])]
    facets = len(skeleton.rows)
    hyperplanes = facets + len(neurons)
    words = (hyperplanes + 63) // 64

    V = len(skeleton.vertices)
    points = np.array([[float(c) for c in v] for v in skeleton.vertices], dtype=np.float64).reshape(V, n)
    positive = np.zeros((V, words), dtype=np.uint64)
    zero = np.zeros((V, words), dtype=np.uint64)
    zeros = np.array(skeleton.tight, dtype=np.int64).reshape(V, n)
    for v, on in enumerate(skeleton.tight):
        for j in range(facets):
            bits = zero if j in on else positive     # a vertex is strictly inside every other facet
            bits[v, j // 64] |= np.uint64(1) << np.uint64(j % 64)
    edges = np.array(skeleton.edges, dtype=np.int64).reshape(len(skeleton.edges), 2)
    corner_error = np.array([max(float(abs(Fraction(float(c)) - c)) for c in v) for v in skeleton.vertices],
                            dtype=np.float64)
    st = _State(values=np.zeros((V, 0)), bounds=np.zeros((V, 0)), points=points, radius=corner_error * SAFE,
                positive=positive, zero=zero, zeros=zeros, parents=np.full((V, 2), -1, dtype=np.int64),
                cut_by=np.full(V, -1, dtype=np.int64), edges=edges)
    cx = PolyhedralComplex(net, skeleton.lo, skeleton.hi, neurons, st, skeleton.rows, skeleton.vertices,
                           skeleton.is_box)
    cx._tables = _tables(net, neurons, skeleton.rows)
    exact = cx._exact_cache()

    h = facets
    started = time.perf_counter()
    for l in range(1, net.depth + 1):
        tables = cx._tables
        W, b, A, absb = tables.W[l - 1], tables.b[l - 1], tables.A[l - 1], tables.absb[l - 1]
        m = W.shape[1] + 3      # products and sums, and rounding the weights and biases to float64
        if l == 1:   # the corners are within ``radius`` of the float points: |W| rows times radius
            source = st.points
            scale = np.abs(source) @ A.T + absb
            st.replace("values", source @ W.T + b)
            st.replace("bounds", (gamma(m) * scale + st.radius[:, None] * A.sum(axis=1)[None, :]) * SAFE + TINY)
        else:   # the exactly decided signs of layer l - 1 (bits, zero counted active) mask its values
            mask = _layer_mask(cx, l - 1, st.positive | st.zero)
            previous = np.where(mask, st.values, 0.0)
            carried = np.where(mask, st.bounds, 0.0)
            scale = np.abs(previous) @ A.T + absb
            st.replace("values", previous @ W.T + b)
            st.replace("bounds", np.nan_to_num((carried @ A.T + gamma(m) * scale) * SAFE + TINY, nan=np.inf))
        cx.evaluations += len(st.values)
        if l not in cut_layers:
            continue
        for k in range(net.widths[l]):
            _cut(cx, l, k, h, exact)
            h += 1
    spent = cx.timings
    spent["float"] = time.perf_counter() - started - spent["fallback"] - spent["anchoring"] - spent["bookkeeping"]
    return cx


def _cut(cx: PolyhedralComplex, layer: int, k: int, h: int, exact: _Exact) -> None:
    st = cx.state
    n = cx.dim
    clock = time.perf_counter
    vals, err = st.values[:, k], st.bounds[:, k]
    sign = SignFilter.certain(vals, err)
    undecided = np.nonzero(sign == 0)[0]
    if len(undecided):
        start = clock()
        for v in undecided:  # the filter cannot decide: exact evaluation
            value = exact.value(int(v), layer, k)
            if value == 0:
                raise Degenerate(f"a vertex lies on the zero set of neuron {k} of layer {layer}",
                                 on_boundary=bool((st.zeros[v] < cx.facets).any()),
                                 point=exact.fractions(exact.point(int(v))))
            sign[v] = 1 if value > 0 else -1
        cx.timings["fallback"] += clock() - start
    word, bit = h // 64, np.uint64(h % 64)
    mask = np.uint64(1) << bit
    st.positive[sign > 0, word] |= mask

    a, b = st.edges[:, 0], st.edges[:, 1]
    split = sign[a] != sign[b]
    if not split.any():
        return
    sa, sb = a[split], b[split]
    ids = np.nonzero(split)[0]
    za, zb = vals[sa], vals[sb]
    # the float filter decided both ends (the exact fallback did not): interpolation with its bound
    filtered = (np.abs(za) > err[sa]) & (np.abs(zb) > err[sb])
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.clip(np.nan_to_num(za / (za - zb), nan=0.5), 0.0, 1.0)
        tau = np.maximum(err[sa], err[sb]) / (np.abs(za) + np.abs(zb)) + 3 * U
    Ya, Yb = st.values[sa], st.values[sb]
    diff = Yb - Ya
    new_values = Ya + t[:, None] * diff
    new_bounds = (np.maximum(st.bounds[sa], st.bounds[sb]) + tau[:, None] * np.abs(diff)
                  + 6 * U * (np.abs(Ya) + np.abs(Yb))) * SAFE + TINY
    new_bounds[np.isnan(new_bounds)] = np.inf
    new_points = st.points[sa] + t[:, None] * (st.points[sb] - st.points[sa])
    booked = clock()
    # the edge's sign vector: positive where either end is, zero where both are
    pos_e = (st.positive[sa] | st.positive[sb])
    pos_e[:, word] &= ~mask  # the cutting hyperplane is not yet a coordinate of the old faces
    zer_e = st.zero[sa] & st.zero[sb]
    # the n - 1 hyperplanes through the edge: those of a also through b
    Za, Zb = st.zeros[sa], st.zeros[sb]
    common = (Za[:, :, None] == Zb[:, None, :]).any(axis=2)
    if not (common.sum(axis=1) == n - 1).all():
        raise Degenerate("an edge is not on exactly n - 1 hyperplanes")
    edge_zeros = Za[common].reshape(-1, n - 1) if n > 1 else np.zeros((len(sa), 0), dtype=np.int64)
    new_zero_bits = zer_e.copy()
    new_zero_bits[:, word] |= mask

    s = len(sa)
    V0 = len(st.positive)
    new_ids = V0 + np.arange(s)
    # 2-faces through each split edge: free one of its hyperplanes (box facets only inward)
    keys, owners = [], []
    rows = np.arange(s)
    for j in range(n - 1):
        hj = edge_zeros[:, j]
        wj, bj = hj // 64, np.left_shift(np.uint64(1), (hj % 64).astype(np.uint64))
        for positive_side in (True, False):
            pos, zer = pos_e.copy(), zer_e.copy()
            zer[rows, wj] &= ~bj
            if positive_side:
                pos[rows, wj] |= bj
                keep = rows
            else:
                keep = rows[hj >= cx.facets]
            keys.append(np.concatenate([pos, zer], axis=1)[keep])
            owners.append(keep)
    new_edges = np.zeros((0, 2), dtype=np.int64)
    if n > 1:
        allkeys = np.concatenate(keys)
        allowners = np.concatenate(owners)
        order = np.lexsort(allkeys.T[::-1])
        sorted_keys = allkeys[order]
        same = (sorted_keys[1:] == sorted_keys[:-1]).all(axis=1)
        starts = np.nonzero(np.concatenate([[True], ~same]))[0]
        sizes = np.diff(np.concatenate([starts, [len(sorted_keys)]]))
        if (sizes != 2).any():
            raise Degenerate("a 2-face is not cut in exactly two edges")
        first = allowners[order[starts]]
        second = allowners[order[starts + 1]]
        new_edges = np.stack([new_ids[first], new_ids[second]], axis=1)
    new_zero_list = np.concatenate([edge_zeros, np.full((s, 1), h, dtype=np.int64)], axis=1)
    new_radius = np.full(s, np.inf)
    # anchor where interpolation's bound grew loose (errors accumulate along a vertex's history) or
    # does not hold (an end decided by the exact fallback)
    loose = ~filtered | (new_bounds.max(axis=1, initial=0.0) > ANCHOR_ABOVE * (1 + np.abs(new_values).max(
        axis=1, initial=0.0)))
    if loose.any():
        start = clock()
        anchored = _anchor(cx, layer, new_points[loose], (pos_e | new_zero_bits)[loose], new_zero_list[loose])
        new_points[loose], new_radius[loose], new_values[loose], new_bounds[loose] = anchored
        cx.anchored += int(loose.sum())
        cx.timings["anchoring"] += clock() - start
        booked += clock() - start
    new_values[:, k] = 0.0     # on the cutting neuron's zero set, exactly
    new_bounds[:, k] = 0.0

    st.edges[ids, 1] = new_ids
    st.append_vertices(values=new_values, bounds=new_bounds, points=new_points, radius=new_radius, positive=pos_e,
                       zero=new_zero_bits, zeros=new_zero_list, parents=np.stack([sa, sb], axis=1),
                       cut_by=np.full(s, h, dtype=np.int64))
    st.append_edges(np.concatenate([np.stack([new_ids, sb], axis=1), new_edges]))
    cx.timings["bookkeeping"] += clock() - booked


def polyhedral_complex(net: Network, domain: Polyhedron | None = None, *, output: bool = False
                       ) -> PolyhedralComplex:
    """The canonical polyhedral complex of ``net`` on a box or polytope, every sign decided exactly.

    Parameters
    ----------
    net
        A network; skips are unfolded into pass-through neurons (:func:`plain_layers`).
    domain
        A box (``Polyhedron.box``) or any bounded full-dimensional polytope (a simple one, every
        vertex on exactly ``n`` facets, takes the fast path). ``None`` is ``R^n``: the complex is
        built inside a box whose interior holds every vertex (:func:`enclosing_box`, exact), and
        ``f_vector`` and ``faces`` leave out what lies in that box's boundary, so an unbounded face
        appears once, truncated (``whole_space`` is then set).
    output
        Also cut by the zero level set of every output neuron (what edge subdivision extracts).

    Returns
    -------
    PolyhedralComplex
        A simple complex from the fast engine, or a :class:`LatticeComplex` (``simple`` false)
        when a vertex lies exactly on a zero set or the domain is not a simple polytope.

    Raises
    ------
    DomainError
        When the domain is unbounded, not full-dimensional or of the wrong dimension, or, for
        ``R^n``, when the first layer's normals do not span it.

    Notes
    -----
    The neurons cut the domain one at a time in layer order. Each neuron's pre-activation is
    evaluated at every vertex of the current complex (``O(V n_(l-1))`` for ``V`` vertices, in floats
    with a proven error bound, exactly where the bound cannot decide the sign) and the faces it
    splits are cut, so the work is about ``O(V P)`` for ``P`` weights plus the cuts, ``V`` the number
    of vertices at the end. Degenerate networks take the exact face lattice, whose cuts touch every
    face rather than every edge.

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex); Berzins, "Polyhedral complex
    extraction from ReLU networks using edge subdivision", ICML 2023 (the skeleton update).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> triangle = Polyhedron(2, [[-1, 0], [0, -1], [1, 1]], [0, 0, 1])       # x, y >= 0, x + y <= 1
    >>> cx = polyhedral_complex(Network(2, [([[2, 0]], [-1]), ([[1]], [0])]), triangle)   # cut by x = 1/2
    >>> cx.f_vector(), sorted(cx.exact_vertex(v) for v in (3, 4))
    ([5, 6, 2], [(Fraction(1, 2), Fraction(0, 1)), (Fraction(1, 2), Fraction(1, 2))])
    >>> lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, 1]], [0])])   # through one point
    >>> degenerate = polyhedral_complex(lines, Polyhedron.box([-1, -1], [1, 1]))
    >>> degenerate.simple, degenerate.f_vector(), degenerate.certify()
    (False, [9, 14, 6], True)
    """
    if domain is None:
        return _whole_space(net, output)
    if domain.dim != net.input_dim:
        raise DomainError(f"domain: has dimension {domain.dim}, the network's input {net.input_dim}")
    try:
        skeleton = _skeleton(domain)
    except Degenerate:        # a domain that is not a simple polytope
        return _lattice_complex(net, None, domain, output)
    try:
        return _build(net, skeleton, output)
    except Degenerate:        # not a simple complex: the face lattice takes over
        return _lattice_complex(net, skeleton, domain, output)


def enclosing_box(net: Network, output: bool = False) -> Fraction:
    """An integer ``r`` such that the open cube ``(-r, r)^n`` holds every vertex of the complex of R^n.

    The vertices are read off the exact cells of the region tree (:func:`tropical.enumeration.region_cells`,
    every region a pointed polyhedron with exact generators), so ``r`` is exact and certified.

    Parameters
    ----------
    net
        The network.
    output
        Count the output's zero set as a cut too.

    Returns
    -------
    Fraction
        The integer ``r``.

    Raises
    ------
    DomainError
        When the first layer's normals do not span ``R^n``: the regions contain lines, the
        complex has no vertices and no box meets every face.

    Examples
    --------
    >>> from exact import Network
    >>> lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    >>> enclosing_box(lines)              # the crossings (0, 0), (0, 1), (1, 0) lie inside (-2, 2)^2
    Fraction(2, 1)
    """
    cut = 1 in net.relu_layers or (output and net.depth == 1)
    if cut and linalg.rank(net.layers[0].weight) < net.input_dim:
        raise DomainError("domain: R^n needs first-layer normals spanning R^n (else every region holds a line)")
    counted = Network(net.input_dim, [(la.weight, la.bias) for la in net.layers], list(net.skips),
                      True) if output and not net.output_relu else net
    largest = Fraction(0)
    for cell in region_cells(counted):
        for point in cell.points():
            largest = max(largest, max(abs(v) for v in point))
    return Fraction(int(largest) + 1)


def _whole_space(net: Network, output: bool) -> PolyhedralComplex:
    """The complex of R^n inside :func:`enclosing_box`, moved off coincidences with the box's boundary."""
    r = enclosing_box(net, output)
    n = net.input_dim
    tries = [([-r] * n, [r] * n)] + [([-(r + Fraction(1, 3 + 2 * i + 7 * t)) for i in range(n)],
                                      [r + Fraction(1, 5 + 3 * i + 11 * t) for i in range(n)]) for t in range(3)]
    for lo, hi in tries:    # the box is ours to place: a neuron through one of its corners is no degeneracy
        try:
            cx = _build(net, _box_skeleton(lo, hi), output)
        except Degenerate as error:
            if not error.on_boundary:
                break
            continue
        cx.whole_space = True
        return cx
    return _lattice_complex(net, _box_skeleton([-r] * n, [r] * n), None, output, whole_space=True)


def _distinct_rows(keys: np.ndarray) -> np.ndarray:
    """Indices of one copy of each distinct row of a ``uint64`` array, exactly.

    Rows are sorted by a 64-bit hash; rows with equal hashes are compared in full, and if two
    neighbours share a hash but differ (a collision) every row is compared as bytes instead.
    """
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    acc = np.zeros(len(keys), dtype=np.uint64)
    odd = np.uint64(0x9E3779B97F4A7C15)
    for c in range(keys.shape[1]):
        acc = (acc ^ keys[:, c]) * odd
        acc ^= acc >> np.uint64(31)
    order = np.argsort(acc)
    hashes, rows = acc[order], keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    new[1:] = hashes[1:] != hashes[:-1]
    if ((~new[1:]) & (rows[1:] != rows[:-1]).any(axis=1)).any():   # a collision: compare everything
        unique: np.ndarray = np.unique(_void_rows(keys), return_index=True)[1]
        return unique
    distinct: np.ndarray = order[new]
    return distinct


def _void_rows(keys: np.ndarray) -> np.ndarray:
    keys = np.ascontiguousarray(keys)
    return keys.view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1]))).ravel()

"""All linear regions of a network on ``R^n`` or a full-dimensional polyhedral domain.

Two methods that must give the same regions:

- ``"tree"`` (Algorithm 2 of ``003``): a depth-first tree over the ReLU neurons in layer
  order. Each node holds the constraints so far and a rational point strictly inside
  them; a branch is kept iff its cell is full-dimensional (exact LP). The branch that
  contains the node's point strictly needs no LP.
- ``"walk"``: start from the region at a point of the domain and cross every irredundant
  facet; the neighbour's pattern is read off at a relative-interior point ``q`` of the
  facet, perturbed symbolically to ``q + e a + e^2 e_1 + ... + e^(n+1) e_n`` (``a`` the
  outward normal), which decides every sign exactly.

Non-generic networks are handled exactly: a region is full-dimensional, and a neuron
whose pre-activation is identically ``0`` on a cell takes bit ``1`` (both bits give the
same closed cell), so every region has exactly one pattern.

Examples
--------
>>> from exact import Network
>>> net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
>>> count_regions(net)        # 3 generic lines in the plane: 1 + 3 + 3
7
>>> sorted(r.pattern for r in regions(net, method="walk")) == sorted(r.pattern for r in regions(net))
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any

import flint
import networkx as nx

from exact.backends import get_backend
from exact.errors import ShapeError
from exact.network import Network, Pattern, format_pattern
from exact.numbers import Matrix, Vector
from exact.polyhedron import Polyhedron
from tropical.regions import Constraint, Region, check_domain

__all__ = ["regions", "count_regions", "region_graph", "pattern_near", "METHODS"]

METHODS = ("tree", "walk")
_ZERO = flint.fmpq(0)


def _fr(v: flint.fmpq) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _dot(a: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    total = Fraction(0)
    for u, v in zip(a, x):
        if u and v:
            total += u * v
    return total


class _Maps:
    """Affine maps of the post-activations ``nu^(k)`` for a prefix of bits (flint matrices)."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.weights, self.biases, self.into = net.flint_matrices()
        n0 = net.input_dim
        eye = flint.fmpq_mat(n0, n0)
        for i in range(n0):
            eye[i, i] = 1
        self.start = [(eye, flint.fmpq_mat(n0, 1))]

    def pre(self, post: Sequence[tuple[flint.fmpq_mat, flint.fmpq_mat]], l: int
            ) -> tuple[list[Vector], list[Fraction]]:
        """Rows and offsets of ``z^(l)`` as affine functions of ``x``."""
        lin, off = post[l - 1]
        for source, P in self.into.get(l, ()):
            lin = lin + P * post[source][0]
            off = off + P * post[source][1]
        Z = self.weights[l - 1] * lin
        z = self.weights[l - 1] * off + self.biases[l - 1]
        cols = Z.ncols()
        entries = [_fr(v) for v in Z.entries()]
        rows = [tuple(entries[i * cols:(i + 1) * cols]) for i in range(Z.nrows())]
        return rows, [_fr(v) for v in z.entries()]

    @staticmethod
    def post(rows: Sequence[Vector], offsets: Sequence[Fraction], bits: Sequence[int]
             ) -> tuple[flint.fmpq_mat, flint.fmpq_mat]:
        n = len(rows)
        cols = len(rows[0]) if rows else 0
        lin = flint.fmpq_mat(n, cols, [flint.fmpq(v.numerator, v.denominator) if bit else _ZERO
                                       for row, bit in zip(rows, bits) for v in row])
        off = flint.fmpq_mat(n, 1, [flint.fmpq(v.numerator, v.denominator) if bit else _ZERO
                                    for v, bit in zip(offsets, bits)])
        return lin, off


class _SlackLP:
    """``max t`` s.t. ``A x + t <= b``, ``t <= 1`` with the chosen backend: ``t > 0`` iff interior."""

    def __init__(self, backend: str, dim: int) -> None:
        self.backend = get_backend(backend)
        self.dim = dim
        self.cap = tuple(Fraction(0) for _ in range(dim)) + (Fraction(1),)
        self.objective = self.cap
        self.calls = 0

    def __call__(self, rows: Sequence[Vector], rhs: Sequence[Fraction]) -> Vector | None:
        """A point strictly inside, or ``None`` if the cell has empty interior."""
        self.calls += 1
        outcome = self.backend.maximize(self.dim + 1, tuple(rows) + (self.cap,), tuple(rhs) + (Fraction(1),),
                                        self.objective)
        if outcome.status != "optimal" or outcome.value is None or outcome.point is None:
            from exact.errors import BackendError

            raise BackendError(f"{self.backend.name}: slack LP ended {outcome.status}")
        return outcome.point[: self.dim] if outcome.value > 0 else None


def _prefix(net: Network, layers: int | None) -> int:
    if layers is None:
        return net.depth
    if not isinstance(layers, int) or isinstance(layers, bool) or not 1 <= layers <= net.depth:
        raise ShapeError(f"layers: {layers!r} must be an int between 1 and {net.depth}")
    return layers


def pattern_near(net: Network, point: Sequence[Fraction], directions: Sequence[Sequence[Fraction]],
                 layers: int | None = None) -> Pattern:
    """The pattern of the region containing ``point + e d_1 + e^2 d_2 + ...`` for all small ``e > 0``.

    Each neuron's sign is the first non-zero of ``z(point), w.d_1, w.d_2, ...`` where ``z = w.x + c``
    is its affine map given the bits already chosen; when all vanish (``w = 0``, ``z = 0``) the
    canonical bit is ``1``. With ``directions`` spanning ``R^n`` the result is a full-dimensional region.

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> pattern_near(net, [0], [[-1]]), pattern_near(net, [0], [[1]])
    (((0,),), ((1,),))
    """
    last = _prefix(net, layers)
    maps = _Maps(net)
    post = list(maps.start)
    bits: list[tuple[int, ...]] = []
    x = tuple(Fraction(v) for v in point)
    for l in range(1, last + 1):
        rows, offs = maps.pre(post, l)
        if l in net.relu_layers:
            chosen = []
            for w, c in zip(rows, offs):
                signs = [_dot(w, x) + c] + [_dot(w, d) for d in directions]
                first = next((s for s in signs if s != 0), Fraction(0))
                chosen.append(int(first >= 0))
            bits.append(tuple(chosen))
        else:
            chosen = [1] * len(rows)
        post.append(maps.post(rows, offs, chosen))
    return tuple(bits)


def _walk(net: Network, domain: Polyhedron, last: int, backend: str,
          on_region: Callable[[Pattern, list[Constraint], Vector], None],
          on_edge: Callable[[Pattern, Pattern], None] | None = None) -> None:
    n = net.input_dim
    units = [tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n)]
    start = domain.interior_point()
    first = pattern_near(net, start, units, last)
    seen = {first}
    queue = deque([first])
    domain_rows = list(zip(domain.A, domain.b))
    while queue:
        pattern = queue.popleft()
        cons = domain_rows + [c for group in _constraints(net, pattern, last) for c in group]
        poly = Polyhedron(n, [a for a, _ in cons], [b for _, b in cons], backend=backend)
        on_region(pattern, cons, poly.interior_point())
        facets = poly.minimized()
        for a, b in zip(facets.A, facets.b):
            face = Polyhedron(n, facets.A, facets.b, [a], [b], backend=backend)
            q = face.interior_point()
            outward = [tuple(a)] + units
            leaves = False
            for d, beta in domain_rows:
                if _dot(d, q) == beta:
                    first_sign = next((s for s in (_dot(d, v) for v in outward) if s != 0), Fraction(0))
                    if first_sign > 0:
                        leaves = True
                        break
            if leaves:
                continue
            neighbour = pattern_near(net, q, outward, last)
            if on_edge is not None:
                on_edge(pattern, neighbour)
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)


def _constraints(net: Network, pattern: Pattern, last: int) -> list[list[Constraint]]:
    from tropical.regions import pattern_constraints

    return pattern_constraints(net, pattern, last)


def regions(net: Network, domain: Polyhedron | None = None, layers: int | None = None, method: str = "tree",
            backend: str = "cdd", progress: Callable[[int], None] | None = None, workers: int = 1
            ) -> Iterator[Region]:
    """All regions of the first ``layers`` layers (the whole network by default) on ``domain``.

    Regions come lazily in the method's order (``tree``: depth first; ``walk``: breadth first).

    Parameters
    ----------
    domain
        A full-dimensional polyhedron in the input space (``R^n`` when ``None``).
    layers
        Count only the ReLU neurons of the first ``layers`` layers (the local/global
        decompositions of ``000`` Def. 2.1-2.2 are the regions of prefixes).
    method
        ``"tree"`` or ``"walk"``.
    progress
        Called with the number of regions found since the last call.
    workers
        With ``method="tree"`` and ``workers > 1``, subtrees under the feasible bit
        prefixes of the first neurons are searched in that many processes (then the
        regions come when all are done).

    Raises
    ------
    DomainError, ShapeError
        For a bad domain, prefix or method.
    """
    if method not in METHODS:
        raise ShapeError(f"method: {method!r} is not one of {list(METHODS)}")
    space = check_domain(net, domain, backend)
    last = _prefix(net, layers)
    found: deque[Region] = deque()

    def emit(pattern: Pattern, cons: list[Constraint], x: Vector) -> None:
        found.append(Region(net, pattern, cons, x, last, backend))
        if progress is not None:
            progress(1)

    # The searches are written with callbacks; a thread-free generator comes from running
    # them to completion for "walk" and streaming through a small buffer for "tree".
    if method == "walk":
        _walk(net, space, last, backend, emit)
        yield from found
        return
    if workers > 1:
        result = _parallel_tree(net, space, last, backend, workers, False, progress)
        assert not isinstance(result, int)
        yield from result
        return
    for found_region in _generate_tree(net, space, last, backend, progress):
        assert isinstance(found_region, Region)
        yield found_region


def _generate_tree(net: Network, space: Polyhedron, last: int, backend: str,
                   progress: Callable[[int], None] | None, forced: tuple[int, ...] = (),
                   stop: int | None = None) -> Iterator[Region | tuple[int, ...]]:
    """The tree search as a generator (explicit stack, so regions stream lazily).

    ``forced`` fixes the bits of the first neurons (in layer order); with ``stop`` the
    search ends after that many neurons and yields the feasible bit prefixes instead.
    """
    maps = _Maps(net)
    lp = _SlackLP(backend, net.input_dim)
    relu = [l for l in net.relu_layers if l <= last]
    one = (Fraction(1),)
    # frame: (layer index, neuron index, post maps, bits, current layer bits, z rows, z offsets,
    #         constraints, lp rows, point, neurons decided so far)
    stack: list[tuple[Any, ...]] = [(0, 0, list(maps.start), [], [], None, None, list(zip(space.A, space.b)),
                                     [tuple(a) + one for a in space.A], space.interior_point(), 0)]
    while stack:
        index, i, post, bits, chosen, z_rows, z_off, cons, lp_rows, p, depth = stack.pop()
        if stop is not None and depth == stop:
            yield tuple(b for group in bits for b in group) + tuple(chosen)
            continue
        if index == len(relu):
            if progress is not None:
                progress(1)
            yield Region(net, tuple(bits), cons, p, last, backend)
            continue
        if z_rows is None:
            z_rows, z_off = maps.pre(post, relu[index])
        if i == len(z_rows):
            stack.append((index + 1, 0, post + [maps.post(z_rows, z_off, chosen)], bits + [tuple(chosen)], [],
                          None, None, cons, lp_rows, p, depth))
            continue
        w, c = z_rows[i], z_off[i]
        allowed = (forced[depth],) if depth < len(forced) else (0, 1)
        if not any(w):
            bit = int(c >= 0)
            if bit in allowed:
                stack.append((index, i + 1, post, bits, chosen + [bit], z_rows, z_off, cons, lp_rows, p, depth + 1))
            continue
        value = _dot(w, p) + c
        children = []
        for bit in ((1, 0) if value >= 0 else (0, 1)):
            if bit not in allowed:
                continue
            a = tuple(-v for v in w) if bit else w
            rhs = c if bit else -c
            inside = value > 0 if bit else value < 0
            row = a + one
            q = p if inside else lp(lp_rows + [row], [b for _, b in cons] + [rhs])
            if q is not None:
                children.append((index, i + 1, post, bits, chosen + [bit], z_rows, z_off, cons + [(a, rhs)],
                                 lp_rows + [row], q, depth + 1))
        stack.extend(reversed(children))


def _subtree(args: tuple[dict[str, Any], tuple[Matrix, Vector], int, str, tuple[int, ...], bool]
             ) -> list[tuple[Pattern, tuple[Constraint, ...], Vector]] | int:
    """Worker: the regions (or their count) under one forced prefix."""
    from exact.io import network_from_json

    net_json, (A, b), last, backend, forced, count_only = args
    net = network_from_json(net_json)
    space = Polyhedron(net.input_dim, A, b, backend=backend)
    found = _generate_tree(net, space, last, backend, None, forced)
    if count_only:
        return sum(1 for _ in found)
    return [(r.pattern, r.constraints, r.interior_point) for r in found if isinstance(r, Region)]


def _parallel_tree(net: Network, space: Polyhedron, last: int, backend: str, workers: int, count_only: bool,
                   progress: Callable[[int], None] | None) -> Iterator[Region] | int:
    from concurrent.futures import ProcessPoolExecutor

    from exact.io import network_to_json

    total = sum(net.widths[l] for l in net.relu_layers if l <= last)
    split = 0
    prefixes: list[tuple[int, ...]] = [()]
    while split < total and len(prefixes) < 8 * workers:
        split = min(total, split + 1)
        prefixes = [p for p in _generate_tree(net, space, last, backend, None, (), split) if isinstance(p, tuple)]
    jobs = [(network_to_json(net), (space.A, space.b), last, backend, p, count_only) for p in prefixes]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_subtree, jobs))
    if count_only:
        counted = sum(r for r in results if isinstance(r, int))
        if progress is not None:
            progress(counted)
        return counted
    found = [Region(net, pat, cons, x, last, backend) for part in results if isinstance(part, list)
             for pat, cons, x in part]
    if progress is not None:
        progress(len(found))
    return iter(found)


def count_regions(net: Network, domain: Polyhedron | None = None, layers: int | None = None,
                  method: str = "tree", backend: str = "cdd",
                  progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """The number of regions (with ``workers > 1`` the tree is split over processes)."""
    if workers > 1 and method == "tree":
        space = check_domain(net, domain, backend)
        result = _parallel_tree(net, space, _prefix(net, layers), backend, workers, True, progress)
        assert isinstance(result, int)
        return result
    return sum(1 for _ in regions(net, domain, layers, method, backend, progress))


def region_graph(net: Network, domain: Polyhedron | None = None, layers: int | None = None,
                 backend: str = "cdd") -> nx.Graph:
    """The adjacency graph: one node per region (pattern string), an edge per shared facet.

    Node attributes: ``pattern`` (tuple), ``interior_point``, ``region`` (the :class:`Region`).

    Examples
    --------
    >>> from exact import Network
    >>> g = region_graph(Network(1, [([[1], [-1]], [0, -1]), ([[1, 1]], [0])]))
    >>> sorted(g.nodes), g.number_of_edges()
    (['00', '01', '10'], 2)
    """
    space = check_domain(net, domain, backend)
    last = _prefix(net, layers)
    graph = nx.Graph()

    def name(pattern: Pattern) -> str:
        return ",".join(format_pattern(pattern))

    def add(pattern: Pattern, cons: list[Constraint], x: Vector) -> None:
        graph.add_node(name(pattern), pattern=pattern, interior_point=x,
                       region=Region(net, pattern, cons, x, last, backend))

    def edge(a: Pattern, b: Pattern) -> None:
        graph.add_edge(name(a), name(b))

    _walk(net, space, last, backend, add, edge)
    return graph

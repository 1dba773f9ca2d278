"""All linear regions of a network on ``R^n`` or a full-dimensional polyhedral domain.

Methods that must give the same regions:

- ``"tree"`` (Algorithm 2 of ``003``): a depth-first tree over the ReLU neurons in layer
  order. Each node's cell is an exact V-representation (:mod:`tropical.cells`); a branch
  is kept iff its cell is full-dimensional, read off integer sign tests on the generators,
  and a cut is one double-description step. No LP is solved.
- ``"tree-lp"``: the same tree pruned by exact LPs (``cdd`` or ``ppl``), each node carrying
  witness points strictly inside its cell so that a side holding one needs no LP.
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
>>> sum(1 for _ in regions(net))        # 3 generic lines in the plane: 1 + 3 + 3
7
>>> sorted(r.pattern for r in regions(net, method="walk")) == sorted(r.pattern for r in regions(net))
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any, cast

import networkx as nx

from exact.backends import get_backend
from exact.errors import BackendError, ShapeError
from exact.io import network_from_json, network_to_json
from exact.linalg import clear_denominators, common_denominator
from exact.linalg import dot as _dot
from exact.network import Network, Pattern, format_pattern
from exact.numbers import Matrix, Vector, to_vector
from exact.polyhedron import Polyhedron
from tropical.cells import Cell
from tropical.regions import Constraint, Region, check_domain, pattern_constraints

__all__ = ["regions", "region_graph", "region_cells", "pattern_near", "to_sympy", "METHODS"]

METHODS = ("tree", "walk", "tree-lp")


class _SlackLP:
    """``max t`` s.t. ``a . x + t <= b`` for integer rows ``(a, b)``, ``t <= 1``: ``t > 0`` iff interior.

    With cdd the LP array is built straight from integer rows (no Fraction work); the
    ppl backend goes through the generic interface.
    """

    def __init__(self, backend: str, dim: int) -> None:
        self.backend = get_backend(backend)
        self.dim = dim
        self.calls = 0
        self.cdd = backend == "cdd"
        if self.cdd:
            import cdd
            import cdd.gmp

            self._gmp = cdd.gmp
            self._max = cdd.LPObjType.MAX
            self._optimal = cdd.LPStatusType.OPTIMAL
            self._tail = [[1] + [0] * dim + [-1], [0] * (dim + 1) + [1]]

    def __call__(self, rows: Sequence[tuple[int, ...]]) -> Vector | None:
        """A point strictly inside ``{a . x <= b}``, or ``None`` if that set has empty interior."""
        self.calls += 1
        n = self.dim
        if any(not any(r[:n]) and r[n] < 0 for r in rows):
            return None
        rows = [r for r in rows if any(r[:n])]  # a zero row would cap the slack at 0 (see Polyhedron._slack_lp)
        if self.cdd:
            array = [[r[n]] + [-v for v in r[:n]] + [-1] for r in rows] + self._tail
            lp = self._gmp.linprog_from_array(array, obj_type=self._max)
            self._gmp.linprog_solve(lp)
            if lp.status != self._optimal:
                raise BackendError(f"cdd: slack LP ended {lp.status.name}")
            value, point = lp.obj_value, lp.primal_solution
        else:
            A = tuple(tuple(Fraction(v) for v in r[:n]) + (Fraction(1),) for r in rows)
            cap = tuple(Fraction(0) for _ in range(n)) + (Fraction(1),)
            outcome = self.backend.maximize(n + 1, A + (cap,), tuple(Fraction(r[n]) for r in rows) + (Fraction(1),),
                                            cap)
            if outcome.status != "optimal" or outcome.point is None or outcome.value is None:
                raise BackendError(f"{self.backend.name}: slack LP ended {outcome.status}")
            value, point = outcome.value, outcome.point
        return tuple(Fraction(v) for v in point[:n]) if value > 0 else None


def _integer_row(a: Sequence[Fraction], b: Fraction) -> tuple[int, ...]:
    """``(a, b)`` scaled by a positive factor to coprime integers (same half-space)."""
    return clear_denominators(tuple(a) + (b,))


def _integer_point(x: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """``x = P / d`` with integers ``P`` and ``d > 0``."""
    d = common_denominator(x)
    return tuple(int(v * d) for v in x), d


def _side(row: Sequence[int], point: tuple[tuple[int, ...], int]) -> int:
    """Sign of ``w . x + c`` at ``x = P / d`` for ``row = (w, c)``, in integers."""
    P, d = point
    total = row[-1] * d
    for w, v in zip(row, P):
        if w and v:
            total += w * v
    return (total > 0) - (total < 0)


def pattern_near(net: Network, point: Sequence[Fraction], directions: Sequence[Sequence[Fraction]],
                 layers: int | None = None) -> Pattern:
    """The pattern of the region containing ``point + e d_1 + e^2 d_2 + ...`` for all small ``e > 0``.

    Each neuron's sign is the first non-zero of ``z(point), w.d_1, w.d_2, ...`` where ``z = w.x + c``
    is its affine map given the bits already chosen; when all vanish (``w = 0``, ``z = 0``) the
    canonical bit is ``1``. With ``directions`` spanning ``R^n`` the result is a full-dimensional region.

    Parameters
    ----------
    net
        The network.
    point
        A point, possibly on zero sets.
    directions
        ``d_1, d_2, ...``, the order in which to break ties.
    layers
        The first ``layers`` layers only.

    Returns
    -------
    Pattern
        The bits, one group per ReLU layer.

    References
    ----------
    ``003`` Algorithm 1 (the pattern of a point and its region).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> pattern_near(net, [0], [[-1]]), pattern_near(net, [0], [[1]])
    (((0,),), ((1,),))
    """
    last = net.check_layers(layers)
    engine = net.masked_maps()
    post = [engine.identity()]
    bits: list[tuple[int, ...]] = []
    x = to_vector(point, "point")
    directions = [to_vector(d, f"directions[{i}]") for i, d in enumerate(directions)]
    for vector in (x, *directions):
        if len(vector) != net.input_dim:
            raise ShapeError(f"pattern_near: a vector has {len(vector)} coordinates, the input has {net.input_dim}")
    P, d = _integer_point(x)
    for l in range(1, last + 1):
        z = engine.pre(post, l)
        if l in net.relu_layers:
            chosen = []
            for row in z.rows():   # signs over the positive denominator: (w . P + c d), then w . d_k
                signs = [Fraction(_side(row, (P, d)))] + [sum((a * v for a, v in zip(row, u)), Fraction(0))
                                                          for u in directions]
                first = next((s for s in signs if s != 0), 0)
                chosen.append(int(first >= 0))
            bits.append(tuple(chosen))
            post.append(z.masked(chosen))
        else:
            post.append(z)
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
    return pattern_constraints(net, pattern, last)


def regions(net: Network, domain: Polyhedron | None = None, layers: int | None = None, method: str = "tree",
            backend: str = "cdd", progress: Callable[[int], None] | None = None, workers: int = 1,
            client: Any = None) -> Iterator[Region]:
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
        ``"tree"`` (Algorithm 2 on exact V-represented cells, no LP), ``"walk"`` (facet
        crossing with exact LPs), or ``"tree-lp"`` (Algorithm 2 pruned by exact LPs with
        ``backend``); all three give the same regions.
    progress
        Called with the number of regions found since the last call.
    workers
        With ``method="tree"`` and ``workers > 1``, subtrees under the feasible bit
        prefixes of the first neurons are searched in that many processes (then the
        regions come when all are done).
    client
        A ``dask.distributed.Client``: with ``method="tree"`` the subtrees are Dask tasks on its
        workers instead (``progress`` is then called as each subtree comes back).

    Returns
    -------
    iterator of Region
        Each region with its pattern and an interior point (its constraints, map, vertices and
        volume computed on first use).

    Raises
    ------
    DomainError, ShapeError
        For a bad domain, prefix or method.

    See Also
    --------
    tropical.counting.count_regions : their number.
    tropical.complex.polyhedral_complex : the whole complex (every face) on a bounded domain.

    Notes
    -----
    The tree has a node per prefix of neurons (in layer order) whose cell is full-dimensional, so at
    most ``N`` nodes per region for ``N`` ReLU neurons. The regions are at most
    ``prod_l sum_(j <= n_0) C(n_l, j)``: a region of the first ``l - 1`` layers is cut by the ``n_l``
    hyperplanes of layer ``l`` as an arrangement in dimension ``n_0``. A ``tree`` node costs one
    double-description cut and integer sign tests on its cell's generators; ``tree-lp`` one exact LP
    at most per node; ``walk`` one redundancy removal (an LP per candidate facet) per region.

    References
    ----------
    ``003`` Algorithms 1-2 (the regions of patterns, the tree traversal).

    Examples
    --------
    >>> from exact import Network
    >>> sorted(r.pattern for r in regions(Network(1, [([[1], [-1]], [0, -1]), ([[1, 1]], [0])])))   # x, -x - 1
    [((0, 0),), ((0, 1),), ((1, 0),)]
    """
    if method not in METHODS:
        raise ShapeError(f"method: {method!r} is not one of {list(METHODS)}")
    space = check_domain(net, domain, backend)
    last = net.check_layers(layers)
    found: deque[Region] = deque()

    def emit(pattern: Pattern, cons: list[Constraint], x: Vector) -> None:
        found.append(Region(net, pattern, cons, x, last, backend))
        if progress is not None:
            progress(1)

    # the walk is written with callbacks and runs to completion; the trees stream lazily
    if method == "walk":
        _walk(net, space, last, backend, emit)
        yield from found
        return
    if (workers > 1 or client is not None) and method == "tree":
        result = _parallel_tree(net, space, last, backend, workers, False, progress, client)
        assert not isinstance(result, int)
        yield from result
        return
    for leaf in _generate_tree(net, space, last, backend, method=method):
        if progress is not None:
            progress(1)
        yield _region(net, leaf, last, backend)


def _region(net: Network, leaf: Any, last: int, backend: str) -> Region:
    pattern, rows, point = leaf
    n = net.input_dim
    constraints = [(tuple(Fraction(v) for v in r[:n]), Fraction(r[n])) for r in rows]
    return Region(net, pattern, constraints, point, last, backend)


_Leaf = tuple[Pattern, list[tuple[int, ...]], Vector]
_Child = tuple[int, Any, bool]  # (bit, child state, whether the neuron's constraint is kept)


def _half(row: tuple[int, ...], bit: int) -> tuple[int, ...]:
    """The integer row ``a . x <= b`` of ``z >= 0`` (bit 1) or ``z <= 0`` (bit 0) for ``row = (w, c)``."""
    return tuple(-v for v in row[:-1]) + (row[-1],) if bit else tuple(row[:-1]) + (-row[-1],)


class _CellSplitter:
    """Cells as exact V-representations (:class:`tropical.cells.Cell`): no LP is solved."""

    def __init__(self, n: int) -> None:
        self.n = n

    def root(self, rows: list[tuple[int, ...]], space: Polyhedron) -> Cell:
        return Cell.from_constraints(self.n, rows) if rows else Cell.whole_space(self.n)

    @staticmethod
    def point(cell: Cell) -> Vector:
        return cell.interior_point()

    @staticmethod
    def sides(cell: Cell, rows: Sequence[tuple[int, ...] | None]) -> list[int | None]:
        """Per row, the bit of a neuron whose hyperplane misses ``cell`` (and every sub-cell), else ``None``."""
        out: list[int | None] = []
        for row in rows:
            if row is None:
                out.append(None)
                continue
            positive, negative = cell.signs(row)
            out.append(None if positive and negative else int(positive))
        return out

    def split(self, cell: Cell, row: tuple[int, ...], cons: list[tuple[int, ...]] | int,
              allowed: tuple[int, ...]) -> list[_Child]:
        # one pass over the generators decides the sides and, when both have interior, cuts; the
        # constraint's index is its position in cons (``cons`` is only their number when counting)
        upper, lower = cell.split(row, cons if isinstance(cons, int) else len(cons))
        if upper is not None and lower is not None:
            return [(bit, child, True) for bit, child in ((1, upper), (0, lower)) if bit in allowed]
        bit = 1 if upper is not None else 0
        return [(bit, cell, False)] if bit in allowed else []


class _LPSplitter:
    """Cells as constraint lists with witnesses (points strictly inside); sides decided by exact LPs."""

    def __init__(self, n: int, backend: str) -> None:
        self.lp = _SlackLP(backend, n)

    @staticmethod
    def root(rows: list[tuple[int, ...]], space: Polyhedron) -> list[tuple[tuple[int, ...], int]]:
        return [_integer_point(space.interior_point())]

    @staticmethod
    def point(witnesses: list[tuple[tuple[int, ...], int]]) -> Vector:
        P, d = witnesses[0]
        return tuple(Fraction(v, d) for v in P)

    @staticmethod
    def sides(witnesses: list[tuple[tuple[int, ...], int]], rows: Sequence[tuple[int, ...] | None]
              ) -> list[int | None]:
        return [None] * len(rows)     # deciding a miss would cost an LP per neuron: leave it to split

    def split(self, witnesses: list[tuple[tuple[int, ...], int]], row: tuple[int, ...],
              cons: list[tuple[int, ...]], allowed: tuple[int, ...]) -> list[_Child]:
        sides = [_side(row, w) for w in witnesses]
        feasible: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for bit in allowed:
            inside = [w for w, s in zip(witnesses, sides) if (s > 0 if bit else s < 0)]
            if inside:
                feasible[bit] = inside[:8]
            else:
                found = self.lp(cons + [_half(row, bit)])
                if found is not None:
                    feasible[bit] = [_integer_point(found)]
        if not feasible and len(allowed) == 2:
            raise BackendError("tree: a full-dimensional cell has no full-dimensional side")
        cut = len(feasible) == 2 or len(allowed) == 1  # a forced branch keeps its constraint
        return [(bit, feasible[bit], cut) for bit in (1, 0) if bit in feasible]


def _generate_tree(net: Network, space: Polyhedron, last: int, backend: str,
                   forced: tuple[int, ...] = (), stop: int | None = None, method: str = "tree",
                   count_only: bool = False, cells: bool = False) -> Iterator[Any]:
    """Algorithm 2, depth first over the ReLU neurons in layer order.

    ``method="tree"`` keeps each cell as an exact V-representation: a neuron's hyperplane
    cuts the cell iff generators lie strictly on both sides (integer sign tests) and a cut is
    one double-description step, so no LP is solved. ``method="tree-lp"`` keeps constraint
    lists with witness points and decides each side by an exact LP unless a witness lies
    strictly on it.

    Yields ``(pattern, constraints, interior point)`` per region, constraints as integer rows
    ``(a, b)`` meaning ``a . x <= b``: the domain's and those of the neurons that cut the cell
    (a neuron whose hyperplane misses the cell adds nothing, its side being implied).
    ``forced`` fixes the first bits; with ``stop`` the search ends after that many neurons and
    yields the feasible bit prefixes instead. With ``count_only`` (``method="tree"``) it yields
    ``None`` per region and keeps no constraints or points, only their number; with ``cells``
    (``method="tree"``) it yields each region's :class:`tropical.cells.Cell` instead.
    """
    counting = count_only and method == "tree"
    splitter: _CellSplitter | _LPSplitter = (
        _CellSplitter(net.input_dim) if method == "tree" else _LPSplitter(net.input_dim, backend))
    engine = net.masked_maps()
    relu = [l for l in net.relu_layers if l <= last]
    rows0 = [_integer_row(a, b) for a, b in zip(space.A, space.b)]
    # frame: (layer index, neuron index, post maps, bits, this layer's bits, z (integer map), z's
    #         primitive rows (None for a constant neuron) and the bits of the neurons that miss the
    #         layer's first cell, constraints, cell state, neurons decided)
    stack: list[tuple[Any, ...]] = [(0, 0, [engine.identity()], [], [], None, None, None,
                                     len(rows0) if counting else rows0, splitter.root(rows0, space), 0)]
    n = net.input_dim
    while stack:
        index, i, post, bits, chosen, z, z_int, missed, cons, state, depth = stack.pop()
        while True:   # follow a single child in place; push a frame only where the tree branches
            if stop is not None and depth == stop:
                yield tuple(b for group in bits for b in group) + tuple(chosen)
                break
            if index == len(relu):
                yield state if cells else None if counting else (tuple(bits), cons, splitter.point(state))
                break
            if z is None:
                z = engine.pre(post, relu[index])
                z_int = [row if any(row[:n]) else None for row in z.primitive_rows()]
                missed = splitter.sides(state, z_int)
            if i == len(z_int):
                # the last layer's post-activations are never used
                if index + 1 < len(relu):
                    post = post + [z.masked(chosen)]
                index, i, bits, chosen, z, z_int, missed = index + 1, 0, bits + [tuple(chosen)], [], None, None, None
                continue
            allowed = (forced[depth],) if depth < len(forced) else (0, 1)
            row = z_int[i]
            if row is None:  # constant neuron: no hyperplane; a zero one takes the canonical bit 1
                offset = z.matrix[i, n]
                children: list[_Child] = [(bit, state, False) for bit in (int(offset >= 0),) if bit in allowed]
            elif missed[i] is not None:   # the neuron misses this layer's first cell, so this one too
                children = [(missed[i], state, False)] if missed[i] in allowed else []
            else:
                children = splitter.split(state, row, cons, allowed)
            frames = [(index, i + 1, post, bits, chosen + [bit], z, z_int, missed,
                       (cons + 1 if counting else cons + [_half(row, bit)]) if cut and row is not None else cons,
                       child, depth + 1)
                      for bit, child, cut in children]
            if len(frames) != 1:
                stack.extend(reversed(frames))
                break
            index, i, post, bits, chosen, z, z_int, missed, cons, state, depth = frames[0]


def _subtree(args: tuple[dict[str, Any], tuple[Matrix, Vector], int, str, tuple[int, ...], bool]
             ) -> list[Any] | int:
    """Worker (spawned process): the regions (or their count) under one forced prefix."""
    net_json, (A, b), last, backend, forced, count_only = args
    net = network_from_json(net_json)
    space = Polyhedron(net.input_dim, A, b, backend=backend)
    found = _generate_tree(net, space, last, backend, forced, count_only=count_only)
    if count_only:
        return sum(1 for _ in found)
    return list(found)


#: what a forked worker reads instead of a pickled job: (net, space, last, backend, count_only)
_FORKED: dict[str, Any] = {}


def _forked_subtree(forced: tuple[int, ...]) -> list[Any] | int:
    """Worker (forked process): the subtree under one prefix, the network inherited from the parent."""
    net, space, last, backend, count_only = _FORKED["job"]
    found = _generate_tree(net, space, last, backend, forced, count_only=count_only)
    if count_only:
        return sum(1 for _ in found)
    return list(found)


def _parallel_tree(net: Network, space: Polyhedron, last: int, backend: str, workers: int, count_only: bool,
                   progress: Callable[[int], None] | None, client: Any = None) -> Iterator[Region] | int:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor


    if client is not None:
        workers = max(workers, len(client.scheduler_info().get("workers", {})))
    total = sum(net.widths[l] for l in net.relu_layers if l <= last)
    split = 0
    prefixes: list[tuple[int, ...]] = [()]
    while split < total and len(prefixes) < 8 * workers:
        split = min(total, split + 1)
        # with stop set the generator yields only bit prefixes (leaves need every neuron decided)
        prefixes = [cast(tuple[int, ...], p) for p in _generate_tree(net, space, last, backend, (), split)]
    results: list[list[Any] | int]
    if client is not None:          # Dask: the jobs travel as JSON, each subtree's leaves come back as it ends
        from distributed import as_completed

        shared = network_to_json(net)
        futures = client.map(_subtree, [(shared, (space.A, space.b), last, backend, p, count_only) for p in prefixes],
                             pure=False)
        done: dict[Any, list[Any] | int] = {}
        for future in as_completed(futures):
            done[future.key] = future.result()
            if progress is not None and not count_only:
                part = done[future.key]
                progress(len(part) if isinstance(part, list) else 0)
        results = [done[f.key] for f in futures]
    elif "fork" in multiprocessing.get_all_start_methods():   # the workers inherit the network: no pickling
        _FORKED["job"] = (net, space, last, backend, count_only)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_forked_subtree, prefixes))
        finally:
            _FORKED.clear()
    else:
        shared = network_to_json(net)
        jobs = [(shared, (space.A, space.b), last, backend, p, count_only) for p in prefixes]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_subtree, jobs))
    if count_only:
        counted = sum(r for r in results if isinstance(r, int))
        if progress is not None:
            progress(counted)
        return counted
    found = [_region(net, leaf, last, backend) for part in results if isinstance(part, list) for leaf in part]
    if progress is not None and client is None:
        progress(len(found))
    return iter(found)


def region_cells(net: Network, domain: Polyhedron | None = None) -> Iterator[Cell]:
    """Every region of ``net`` on ``domain`` (``R^n`` by default) as an exact V-representation.

    The cells' generators (:meth:`Cell.points`, :meth:`Cell.rays`, ``lines``) are exact; the vertices
    of all of them are the vertices of the canonical complex.

    Parameters
    ----------
    net
        The network.
    domain
        A full-dimensional polyhedron, or ``None`` for ``R^n``.

    Returns
    -------
    iterator of Cell
        One per region.

    References
    ----------
    ``003`` Algorithm 2 (the tree over layers).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    >>> sorted({p for cell in region_cells(net) for p in cell.points()})      # where two lines cross
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
    """
    space = check_domain(net, domain, "cdd")
    yield from _generate_tree(net, space, net.depth, "cdd", count_only=True, cells=True)


def region_graph(net: Network, domain: Polyhedron | None = None, layers: int | None = None,
                 backend: str = "cdd") -> nx.Graph:
    """The adjacency graph: one node per region (pattern string), an edge per shared facet.

    Node attributes: ``pattern`` (tuple), ``interior_point``, ``region`` (the :class:`Region`).

    Parameters
    ----------
    net
        The network.
    domain
        A full-dimensional polyhedron, or ``None`` for ``R^n``.
    layers
        The regions of the first ``layers`` layers only.
    backend
        The exact LP backend.

    Returns
    -------
    networkx.Graph
        The regions and their adjacencies.

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex: regions meet across facets).

    Examples
    --------
    >>> from exact import Network
    >>> g = region_graph(Network(1, [([[1], [-1]], [0, -1]), ([[1, 1]], [0])]))
    >>> sorted(g.nodes), g.number_of_edges()
    (['00', '01', '10'], 2)
    """
    space = check_domain(net, domain, backend)
    last = net.check_layers(layers)
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


def to_sympy(net: Network, domain: Polyhedron | None = None, symbols: Sequence[Any] | None = None) -> list[Any]:
    """The network's function as sympy ``Piecewise`` expressions, one per output, over its exact regions.

    Each piece is the region's affine map (rational coefficients) under the conjunction of the
    region's irredundant inequalities; on shared boundaries the first piece is taken (the maps
    agree there: the network is continuous). For small networks: every region is enumerated.

    Parameters
    ----------
    net
        The network.
    domain
        A full-dimensional polyhedron, or ``None`` for ``R^n``.
    symbols
        The input symbols (``x1, x2, ...`` by default).

    Returns
    -------
    list of sympy.Piecewise
        One expression per output.

    References
    ----------
    ``003`` section 2 (the network is piecewise affine on its regions).

    Examples
    --------
    >>> import sympy
    >>> (f,) = to_sympy(Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]))     # |x|
    >>> [f.subs(sympy.Symbol("x1"), v) for v in (-3, sympy.Rational(1, 2))]
    [3, 1/2]
    """
    import sympy

    xs = list(symbols) if symbols is not None else [sympy.Symbol(f"x{i + 1}") for i in range(net.input_dim)]
    if len(xs) != net.input_dim:
        raise ShapeError(f"symbols: {len(xs)} given, the network has {net.input_dim} inputs")
    pieces: list[list[tuple[Any, Any]]] = [[] for _ in range(net.output_dim)]
    for region in regions(net, domain):
        amap = region.affine_map
        condition = sympy.And(*[sympy.Le(sum(sympy.Rational(a.numerator, a.denominator) * x for a, x in zip(row, xs)),
                                         sympy.Rational(b.numerator, b.denominator))
                                for row, b in region.inequalities]) if region.inequalities else sympy.true
        for o in range(net.output_dim):
            expression = sum(sympy.Rational(w.numerator, w.denominator) * x for w, x in zip(amap.weight[o], xs)) + \
                sympy.Rational(amap.bias[o].numerator, amap.bias[o].denominator)
            pieces[o].append((expression, condition))
    return [sympy.Piecewise(*p) for p in pieces]

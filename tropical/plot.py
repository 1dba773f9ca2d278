"""Pictures of the linear regions: 2-D inputs or slices (matplotlib), 1-D graphs, 3-D regions (plotly).

Regions, breakpoints and decision-boundary segments are computed exactly; floats appear only
when exact vertices and values are handed to the drawing library.

Examples
--------
>>> import tempfile, os
>>> from exact import Network
>>> net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], ["-1/2"])])
>>> with tempfile.TemporaryDirectory() as tmp:
...     info = plot_regions(net, [-2, -2], [2, 2], os.path.join(tmp, "regions.png"))
...     info["regions"], os.path.getsize(os.path.join(tmp, "regions.png")) > 0
(7, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exact.display import check_picture_path, save_picture
from exact.errors import DomainError, FormatError, ShapeError
from exact.io import write_atomic
from exact.network import Network, precompose
from exact.numbers import Vector, to_vector
from exact.polyhedron import Polyhedron
from tropical.complex import polyhedral_complex
from tropical.enumeration import regions
from tropical.regions import Region

__all__ = ["plot_regions", "plot_graph", "plot_regions_3d", "decision_segments", "COLOURINGS"]

#: what ``plot_regions(colour=...)`` can colour regions by
COLOURINGS = ("region", "rank", "output")


_DRAWABLE = Fraction(10) ** 300


def _drawable(value: Fraction, what: str) -> None:
    """Refuse coordinates that a float64 drawing cannot hold (the computation itself is exact)."""
    if abs(value) > _DRAWABLE:
        raise DomainError(f"plot: {what} has a coordinate of magnitude beyond 1e300, too large to draw")


def decision_segments(net: Network, box: Polyhedron) -> list[tuple[Vector, Vector]]:
    """The exact decision boundary in ``box``, one segment per region.

    ``f = 0`` for one output, ``f_0 = f_1`` for two or more outputs (the first two).

    Parameters
    ----------
    net
        A network with 2-D input.
    box
        The polytope to draw in.

    Returns
    -------
    list of (point, point)
        The exact ends of each segment of the boundary.

    See Also
    --------
    plot_regions : draws them with ``boundary=True``.

    References
    ----------
    ``003`` section 5 (visualization of linear regions).
    """
    if net.input_dim != 2:
        raise ShapeError("decision_segments: needs a 2-D input")
    segments = []
    for region in regions(net, box):
        amap = region.affine_map
        row = amap.weight[0] if net.output_dim == 1 else tuple(a - b for a, b in zip(*amap.weight[:2]))
        const = amap.bias[0] if net.output_dim == 1 else amap.bias[0] - amap.bias[1]
        if not any(row):
            continue
        poly = region.polyhedron().intersection(Polyhedron(2, E=[row], f=[-const]))
        if poly.dimension() == 1:
            ends = poly.vertices()
            segments.append((ends[0], ends[-1]))
    return segments


def _centre(polygon: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon))


def _float_outputs(net: Network, points: Sequence[tuple[float, float]]) -> list[float]:
    """The first output at many points in float64 (a colour only: nothing is decided by it)."""
    return [float(v) for v in net.float_forward(points)[1][-1][0]]


def _in_order(points: Any) -> list[tuple[float, float]]:
    """The corners of a convex polygon in angular order around their mean."""
    import numpy as np

    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    return [(float(x), float(y)) for x, y in points[np.argsort(angles)]]


def _complex_cells(net: Network, box: Polyhedron, boundary: bool
                   ) -> tuple[list[tuple[Any, list[tuple[float, float]]]], list[tuple[Any, Any]], Any]:
    """The cells of the polyhedral complex (key, corners in order), the decision boundary's segments, key -> pattern.

    A cell's key is its sign vector on the domain's facets and the hidden neurons: cells with one
    key lie in one linear region.

    One complex (:func:`tropical.complex.polyhedral_complex`) gives both: with ``boundary`` it is
    also cut by the output's zero set (``f``, or ``f_0 - f_1`` for two or more outputs), whose
    edges are the boundary; cells split by it keep their region's pattern (and colour).
    """
    import numpy as np


    target = net
    if boundary and net.output_dim > 1:
        W, b = net.layers[-1].weight, net.layers[-1].bias
        target = Network(net.input_dim, [*net.layers[:-1], ([tuple(x - y for x, y in zip(W[0], W[1]))],
                                                            [b[0] - b[1]])], net.skips)
    cx = polyhedral_complex(target, box, output=boundary)
    corners = cx.vertices()
    last = cx.facets + len(cx.neurons) - 1            # the output neuron's position (with boundary)
    cells: list[tuple[Any, list[tuple[float, float]]]] = []
    segments: list[tuple[Any, Any]] = []
    if not cx.simple:       # a face lattice: its faces as they are
        for face in cx.faces(2):
            cells.append((face.signs[:-1] if boundary else face.signs, _in_order(corners[list(face.vertices)])))
        segments = [(corners[e.vertices[0]], corners[e.vertices[1]]) for e in cx.faces(1)
                    if boundary and e.signs[-1] == "0" and len(e.vertices) == 2]
        return cells, segments, cx._pattern_of
    keys, vertex, owner = cx._incidences(2)          # packed sign words; a region's positive bits name it
    words = keys.shape[1] // 2
    names = keys[:, :words].copy()
    if boundary:
        names[:, last // 64] &= ~np.uint64(1 << (last % 64))
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(keys) + 1))
    for f in range(len(keys)):
        members = np.unique(vertex[order[bounds[f]:bounds[f + 1]]])
        cells.append((names[f].tobytes(), _in_order(corners[members])))
    if boundary:
        edges, vertex, owner = cx._incidences(1)
        on_zero = (edges[:, words + last // 64] >> np.uint64(last % 64)) & np.uint64(1)
        ends: dict[int, list[int]] = {}
        for v, f in zip(vertex.tolist(), owner.tolist()):
            if on_zero[f]:
                ends.setdefault(f, []).append(v)
        segments = [(corners[e[0]], corners[e[1]]) for e in ends.values() if len(set(e)) == 2]

    def pattern_of(name: bytes) -> Any:
        bits = np.unpackbits(np.frombuffer(name, dtype=np.uint8), bitorder="little")
        return cx._pattern_of("".join("+" if b else "-" for b in bits[:last + 1]))

    return cells, segments, pattern_of


def plot_regions(
    net: Network,
    lower: Sequence[object] | None,
    upper: Sequence[object] | None,
    path: str | None = None,
    origin: Sequence[object] | None = None,
    directions: Sequence[Sequence[object]] | None = None,
    points: Sequence[Sequence[object]] | None = None,
    labels: Sequence[object] | None = None,
    boundary: bool = True,
    layers: int | None = None,
    title: str | None = None,
    ax: Any = None,
    colour: str = "region",
    domain: Polyhedron | None = None,
) -> dict[str, Any]:
    """Draw the regions in the box ``lower <= (s, t) <= upper``; write PNG or SVG when ``path`` is given.

    Parameters
    ----------
    origin, directions
        For a network with input dimension other than 2: the slice ``origin + s u + t v``
        with ``directions = (u, v)``.
    points, labels
        Data points (in slice coordinates) and optional labels to colour them.
    boundary
        Draw the exact decision boundary (``f = 0``, or ``f_0 = f_1``).
    layers
        Draw the regions of the first ``layers`` layers only.
    ax
        A matplotlib ``Axes`` to draw into (a figure of your own); by default a new figure.
        matplotlib's backend is never changed.
    colour
        ``"region"`` (one colour each), ``"rank"`` (the rank of the network's affine map on the
        region, with a legend) or ``"output"`` (the first output at the region's interior point,
        with a colour bar).
    domain
        A bounded 2-D polygon (in plot coordinates) to draw in instead of the box; ``lower`` and
        ``upper`` may then be ``None``.

    Returns
    -------
    dict
        ``{"regions": count, "figure": matplotlib figure, "axes": the axes drawn into}``.

    Raises
    ------
    ShapeError, FormatError
        For a missing slice, or a file name that is neither ``.png`` nor ``.svg``.

    See Also
    --------
    plot_graph : 1-D input.
    plot_regions_3d : 3-D input.

    References
    ----------
    ``003`` section 5 (visualization of linear regions).
    """
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    if path is not None:
        check_picture_path(path)
    if colour not in COLOURINGS:
        raise FormatError(f"colour: {colour!r} is not one of {', '.join(COLOURINGS)}")
    plane = net
    if net.input_dim != 2:
        if origin is None or directions is None or len(directions) != 2:
            raise ShapeError(f"plot: the input has dimension {net.input_dim}; give origin and two directions")
        u, v = to_vector(directions[0], "u"), to_vector(directions[1], "v")
        o = to_vector(origin, "origin")
        for name, vec in (("origin", o), ("u", u), ("v", v)):
            if len(vec) != net.input_dim:
                raise ShapeError(f"plot: {name} has {len(vec)} coordinates, the input has {net.input_dim}")
        if all(u[i] * v[j] == u[j] * v[i] for i in range(len(u)) for j in range(i)):
            raise ShapeError("plot: the directions u and v are linearly dependent; the slice is not a plane")
        plane = precompose(net, [[a, b] for a, b in zip(u, v)], o)
    if domain is not None:
        if domain.dim != 2 or not domain.is_full_dimensional() or not domain.is_bounded():
            raise DomainError("plot: the domain must be a bounded polygon with interior in the plane")
        box = domain
        corners = domain.vertices()
        lower = [min(v[i] for v in corners) for i in range(2)]
        upper = [max(v[i] for v in corners) for i in range(2)]
    else:
        if lower is None or upper is None:
            raise ShapeError("plot: give the box (lower and upper) or a domain")
        box = Polyhedron.box(list(lower), list(upper))
        if box.dim != 2:
            raise ShapeError("plot: lower and upper need two coordinates each")
    for value in (*to_vector(lower, "lower"), *to_vector(upper, "upper")):
        _drawable(value, "the box")
    exact_points = [to_vector(p, f"points[{i}]") for i, p in enumerate(points or [])]
    for i, point in enumerate(exact_points):
        if len(point) != 2:
            raise ShapeError(f"plot: points[{i}] has {len(point)} coordinates; points are given in the 2-D "
                             "plot coordinates")
        for value in point:
            _drawable(value, f"points[{i}]")
    if labels is not None and len(labels) != len(exact_points):
        raise ShapeError(f"plot: {len(labels)} labels for {len(exact_points)} points")
    if ax is None:   # a figure of its own, outside pyplot: no backend is selected or changed
        figure = Figure(figsize=(6, 6))
        axes = figure.subplots()
    else:
        axes, figure = ax, ax.figure
    import numpy as np

    tab = colormaps["tab10" if colour == "rank" else "tab20"]
    if layers is None and not plane.output_relu:
        cells, segments, pattern_of = _complex_cells(plane, box, boundary)
    else:      # the first layers only, or an output ReLU: the region tree
        cells = [(r.pattern, _in_order(np.array([[float(v) for v in p] for p in r.vertices()])))
                 for r in regions(plane, box, layers)]
        segments = decision_segments(plane, box) if boundary and layers is None else []

        def pattern_of(key: Any) -> Any:
            return key
    index_of: dict[Any, int] = {}
    for pattern, _ in cells:
        index_of.setdefault(pattern, len(index_of))
    count = len(index_of)
    fills: Any = []
    scale = None
    if colour == "output":
        from matplotlib.colors import Normalize

        values = _float_outputs(plane, [_centre(polygon) for _, polygon in cells])
        scale = Normalize(min(values), max(values) if max(values) > min(values) else min(values) + 1)
        fills = colormaps["viridis"](scale(np.asarray(values)))
    elif colour == "rank":
        rank_of = {key: Region(plane, pattern_of(key)).rank for key in index_of}
        fills = tab(np.asarray([rank_of[key] % 10 for key, _ in cells]))
    else:
        fills = tab(np.asarray([index_of[key] % 20 for key, _ in cells]))
    from matplotlib.collections import PolyCollection

    axes.add_collection(PolyCollection([polygon for _, polygon in cells], facecolors=fills, alpha=0.75,
                                       linewidths=0.4, edgecolors="black"))
    if colour == "rank":
        from matplotlib.patches import Patch

        seen = sorted(set(rank_of.values()))
        axes.legend([Patch(color=tab(r % 10), alpha=0.75) for r in seen], [f"rank {r}" for r in seen],
                    loc="upper right", fontsize="small")
    if scale is not None:
        from matplotlib.cm import ScalarMappable

        figure.colorbar(ScalarMappable(norm=scale, cmap="viridis"), ax=axes, shrink=0.8,
                        label="f(x) at each region's interior point" if plane.output_dim == 1
                        else "f_1(x) at each region's interior point")
    if segments:
        from matplotlib.collections import LineCollection

        axes.add_collection(LineCollection([[(float(a[0]), float(a[1])), (float(b[0]), float(b[1]))]
                                            for a, b in segments], colors="black", linewidths=2))
    if exact_points:
        xs = [float(p[0]) for p in exact_points]
        ys = [float(p[1]) for p in exact_points]
        style: dict[str, Any] = {"s": 12, "edgecolors": "white", "linewidths": 0.5, "zorder": 3}
        if labels is not None:
            kinds = {str(lab): i for i, lab in enumerate(dict.fromkeys(str(lab) for lab in labels))}
            style.update(c=[kinds[str(lab)] % 10 for lab in labels], cmap="tab10", vmin=0, vmax=9)
        axes.scatter(xs, ys, **style)
    low, high = to_vector(lower, "lower"), to_vector(upper, "upper")
    axes.set_xlim(float(low[0]), float(high[0]))
    axes.set_ylim(float(low[1]), float(high[1]))
    axes.set_aspect("equal")
    axes.set_title(title or f"{count} linear regions")
    axes.set_xlabel("x1" if plane is net else "s (along u)")
    axes.set_ylabel("x2" if plane is net else "t (along v)")
    if path is not None:
        save_picture(figure, path)
    return {"regions": count, "figure": figure, "axes": axes}


def plot_graph(net: Network, lower: object, upper: object, path: str | None = None, ax: Any = None,
               title: str | None = None) -> dict[str, Any]:
    """The graph of a network with 1-D input on ``[lower, upper]``, with its exact breakpoints marked.

    The network is affine on each region (an interval), so the graph is the polyline through the
    exact values at the region ends; a breakpoint is an interior end where the slope changes.

    Parameters
    ----------
    net
        A network with 1-D input.
    lower, upper
        The interval.
    path
        A PNG or SVG to write, or ``None``.
    ax
        Matplotlib axes to draw into (a new figure otherwise).
    title
        The title.

    Returns
    -------
    dict
        ``{"regions": count, "breakpoints": [x, ...] (exact), "figure", "axes"}``.

    References
    ----------
    ``003`` section 5 (visualization of linear regions).

    Examples
    --------
    >>> net = Network(1, [([[1], [-1]], [0, "-1"]), ([[1, 1]], [0])])      # relu(x) + relu(-x - 1)
    >>> info = plot_graph(net, -3, 2)
    >>> info["regions"], info["breakpoints"]                                # slopes -1, 0, 1
    (3, [Fraction(-1, 1), Fraction(0, 1)])
    """
    from matplotlib.figure import Figure

    if net.input_dim != 1:
        raise ShapeError(f"plot_graph: the input has dimension {net.input_dim}, not 1")
    if path is not None:
        check_picture_path(path)
    lo, hi = to_vector([lower, upper], "the interval")
    if not lo < hi:
        raise DomainError(f"plot_graph: the interval [{lo}, {hi}] is empty")
    for value in (lo, hi):
        _drawable(value, "the interval")
    pieces = sorted((min(v[0] for v in r.vertices()), max(v[0] for v in r.vertices()), r.affine_map)
                    for r in regions(net, Polyhedron.box([lo], [hi])))
    breakpoints = [b for (_, b, left), (_, _, right) in zip(pieces, pieces[1:]) if left.weight != right.weight]
    ends = [pieces[0][0]] + [b for _, b, _ in pieces]
    values = [net.evaluate([x]) for x in ends]
    if ax is None:
        figure = Figure(figsize=(7, 4))
        axes = figure.subplots()
    else:
        axes, figure = ax, ax.figure
    for k in range(net.output_dim):
        axes.plot([float(x) for x in ends], [float(v[k]) for v in values], linewidth=1.5,
                  label=f"f_{k + 1}" if net.output_dim > 1 else "f")
        for x in breakpoints:
            axes.plot([float(x)], [float(net.evaluate([x])[k])], "o", color="black", markersize=4)
    axes.set_xlim(float(lo), float(hi))
    axes.set_xlabel("x")
    axes.set_ylabel("f(x)")
    axes.set_title(title or f"{len(pieces)} linear pieces, {len(breakpoints)} breakpoints")
    if net.output_dim > 1:
        axes.legend(fontsize="small")
    if path is not None:
        save_picture(figure, path)
    return {"regions": len(pieces), "breakpoints": breakpoints, "figure": figure, "axes": axes}


def plot_regions_3d(net: Network, lower: Sequence[object], upper: Sequence[object], path: str,
                    layers: int | None = None) -> dict[str, Any]:
    """The regions of a network with 3-D input in a box, as an interactive plotly HTML page.

    Each region is drawn as the convex hull of its exact vertices (one colour each; hover shows
    its pattern and rank). Needs plotly (the ``plot`` extra: ``pip install 'reluexact[plot]'``).

    Parameters
    ----------
    net
        A network with 3-D input.
    lower, upper
        The box's corners.
    path
        An ``.html`` file to write.
    layers
        Draw the regions of the first ``layers`` layers only.

    Returns
    -------
    dict
        ``{"regions": count}``.

    Raises
    ------
    ShapeError, FormatError
        For an input that is not 3-D or a file name not ending in ``.html``.

    See Also
    --------
    plot_regions : 2-D input.

    References
    ----------
    ``003`` section 5 (visualization of linear regions).
    """
    if net.input_dim != 3:
        raise ShapeError(f"plot_regions_3d: the input has dimension {net.input_dim}, not 3")
    if not path.lower().endswith(".html"):
        raise FormatError(f"output: {path!r} must end in .html (an interactive plotly page)")
    try:
        import plotly.graph_objects as go
    except ImportError as error:
        raise FormatError("plot: 3-D regions need plotly (pip install 'reluexact[plot]')") from error
    from matplotlib import colormaps

    box = Polyhedron.box(list(lower), list(upper))
    for value in (*to_vector(lower, "lower"), *to_vector(upper, "upper")):
        _drawable(value, "the box")
    tab = colormaps["tab20"]
    traces = []
    for index, region in enumerate(regions(net, box, layers)):
        corners = region.vertices()
        r, g, b, _ = tab(index % 20)
        name = ",".join("".join(map(str, group)) for group in region.pattern)
        traces.append(go.Mesh3d(x=[float(v[0]) for v in corners], y=[float(v[1]) for v in corners],
                                z=[float(v[2]) for v in corners], alphahull=0, opacity=0.35,
                                color=f"rgb({int(255 * r)},{int(255 * g)},{int(255 * b)})",
                                name=name, hovertext=f"pattern {name}, rank {region.rank}", hoverinfo="text"))
    figure = go.Figure(traces)
    figure.update_layout(title=f"{len(traces)} linear regions", scene={"xaxis_title": "x1", "yaxis_title": "x2",
                                                                       "zaxis_title": "x3", "aspectmode": "cube"})
    html = figure.to_html(include_plotlyjs=True, full_html=True)
    write_atomic(path, lambda handle: handle.write(html))
    return {"regions": len(traces)}

"""Pictures of the linear regions of a network with 2-D input or on a 2-D affine slice.

Regions and decision-boundary segments are computed exactly; floats appear only when
the exact vertices are handed to matplotlib for drawing.

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

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exact.errors import DomainError, FormatError, ShapeError
from exact.io import write_atomic
from exact.network import Network, precompose
from exact.numbers import Vector, to_vector
from exact.polyhedron import Polyhedron
from tropical.enumeration import regions

__all__ = ["plot_regions", "decision_segments"]


def _ordered(vertices: Sequence[Vector], center: Vector) -> list[tuple[float, float]]:
    """Vertices of a convex polygon in angular order around an interior point (drawing only)."""
    cx, cy = float(center[0]), float(center[1])
    return sorted(((float(x), float(y)) for x, y in vertices), key=lambda p: math.atan2(p[1] - cy, p[0] - cx))


_DRAWABLE = Fraction(10) ** 300


def _drawable(value: Fraction, what: str) -> None:
    """Refuse coordinates that a float64 drawing cannot hold (the computation itself is exact)."""
    if abs(value) > _DRAWABLE:
        raise DomainError(f"plot: {what} has a coordinate of magnitude beyond 1e300, too large to draw")


def decision_segments(net: Network, box: Polyhedron) -> list[tuple[Vector, Vector]]:
    """The exact decision boundary in ``box``, one segment per region.

    ``f = 0`` for one output, ``f_0 = f_1`` for two or more outputs (the first two).
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


def plot_regions(
    net: Network,
    lower: Sequence[object],
    upper: Sequence[object],
    path: str | None = None,
    origin: Sequence[object] | None = None,
    directions: Sequence[Sequence[object]] | None = None,
    points: Sequence[Sequence[object]] | None = None,
    labels: Sequence[object] | None = None,
    boundary: bool = True,
    layers: int | None = None,
    title: str | None = None,
    ax: Any = None,
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

    Returns
    -------
    dict
        ``{"regions": count, "figure": matplotlib figure, "axes": the axes drawn into}``.

    Raises
    ------
    ShapeError, FormatError
        For a missing slice, or a file name that is neither ``.png`` nor ``.svg``.
    """
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    if path is not None and not path.lower().endswith((".png", ".svg")):
        raise FormatError(f"output: {path!r} must end in .png or .svg")
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
    colours = colormaps["tab20"]
    count = 0
    for index, region in enumerate(regions(plane, box, layers)):
        polygon = _ordered(region.vertices(), region.interior_point)
        axes.fill(*zip(*polygon), color=colours(index % 20), alpha=0.75, linewidth=0.4, edgecolor="black")
        count += 1
    if boundary and layers is None:
        for a, b in decision_segments(plane, box):
            axes.plot([float(a[0]), float(b[0])], [float(a[1]), float(b[1])], color="black", linewidth=2)
    if exact_points:
        xs = [float(p[0]) for p in exact_points]
        ys = [float(p[1]) for p in exact_points]
        style: dict[str, Any] = {"s": 12, "edgecolors": "white", "linewidths": 0.5, "zorder": 3}
        if labels is not None:
            kinds = {str(lab): i for i, lab in enumerate(dict.fromkeys(str(lab) for lab in labels))}
            style.update(c=[kinds[str(lab)] % 10 for lab in labels], cmap="tab10", vmin=0, vmax=9)
        axes.scatter(xs, ys, **style)
    lo, hi = box.vertices()[0], box.vertices()[-1]
    axes.set_xlim(float(lo[0]), float(hi[0]))
    axes.set_ylim(float(lo[1]), float(hi[1]))
    axes.set_aspect("equal")
    axes.set_title(title or f"{count} linear regions")
    axes.set_xlabel("x1" if plane is net else "s (along u)")
    axes.set_ylabel("x2" if plane is net else "t (along v)")
    if path is not None:
        fmt = "svg" if path.lower().endswith(".svg") else "png"
        write_atomic(path, lambda handle: figure.savefig(handle, format=fmt, dpi=120, bbox_inches="tight"),
                     binary=True)
    return {"regions": count, "figure": figure, "axes": axes}

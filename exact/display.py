"""Small HTML tables and pictures for Jupyter (``_repr_html_``, ``_repr_png_``): counts and shapes, never dumps.

Examples
--------
>>> html_table("Network", [("widths", "2-3-1"), ("skips", 0)])
'<table><caption>Network</caption><tr><th>widths</th><td>2-3-1</td></tr><tr><th>skips</th><td>0</td></tr></table>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from exact.errors import FormatError
from exact.files import write_atomic
from exact.numbers import to_rational

__all__ = ["html_table", "polygons_png", "check_picture_path", "save_picture"]


def html_table(caption: str, rows: Iterable[tuple[str, object]]) -> str:
    """A two-column table (name, value), every string escaped.

    Parameters
    ----------
    caption
        The table's caption.
    rows
        ``(name, value)`` pairs.

    Returns
    -------
    str
        The HTML.

    Examples
    --------
    >>> html_table("a <net>", [("layers", 3)])
    '<table><caption>a &lt;net&gt;</caption><tr><th>layers</th><td>3</td></tr></table>'
    """
    cells = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table><caption>{html.escape(caption)}</caption>{cells}</table>"


def polygons_png(polygons: Sequence[Sequence[tuple[object, object]]], marks: Sequence[tuple[object, object]] = (),
                 title: str = "") -> bytes:
    r"""A small PNG of convex polygons (vertices in any order) and marked points, for Jupyter's ``_repr_png_``.

    Drawing only: the exact vertices are turned into floats here and nowhere else.

    Parameters
    ----------
    polygons
        Convex polygons as vertex lists.
    marks
        Points to mark.
    title
        The title.

    Returns
    -------
    bytes
        The PNG.

    Examples
    --------
    >>> polygons_png([[(0, 0), (1, 0), (0, 1)]], marks=[("1/3", "1/3")])[:8] == b"\x89PNG\r\n\x1a\n"
    True
    """
    import io
    import math

    from matplotlib import colormaps
    from matplotlib.figure import Figure


    figure = Figure(figsize=(3.2, 3.2))
    axes = figure.subplots()
    tab = colormaps["tab20"]
    for index, polygon in enumerate(polygons):
        points = [(float(to_rational(x)), float(to_rational(y))) for x, y in polygon]
        cx, cy = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        points.sort(key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
        axes.fill(*zip(*points), color=tab(index % 20), alpha=0.75, linewidth=0.5, edgecolor="black")
    for x, y in marks:
        axes.plot([float(to_rational(x))], [float(to_rational(y))], "o", color="black", markersize=4)
    axes.set_aspect("equal")
    axes.set_title(title, fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    return buffer.getvalue()


def check_picture_path(path: str, name: str = "output") -> None:
    """Refuse a picture file name that is neither ``.png`` nor ``.svg`` (before anything is drawn).

    Parameters
    ----------
    path
        The file name.
    name
        The option's name for the message.

    Returns
    -------
    None

    Raises
    ------
    FormatError
        For another ending.

    Examples
    --------
    >>> check_picture_path("regions.svg")
    >>> check_picture_path("regions.pdf", "--plot")
    Traceback (most recent call last):
    ...
    exact.errors.FormatError: --plot: 'regions.pdf' must end in .png or .svg
    """
    if not str(path).lower().endswith((".png", ".svg")):
        raise FormatError(f"{name}: {path!r} must end in .png or .svg")


def save_picture(figure: Any, path: str) -> None:
    """Write a matplotlib figure as PNG or SVG (by the name's ending), whole or not at all.

    Parameters
    ----------
    figure
        A matplotlib figure.
    path
        A ``.png`` or ``.svg`` file.

    Returns
    -------
    None

    See Also
    --------
    exact.files.write_atomic : the whole-or-nothing write.
    """
    check_picture_path(path)
    fmt = "svg" if str(path).lower().endswith(".svg") else "png"
    write_atomic(path, lambda handle: figure.savefig(handle, format=fmt, dpi=120, bbox_inches="tight"), binary=True)

"""Exact witnesses of non-equivalence along lines.

On a line ``x(s) = p + s v`` every network is piecewise affine in ``s`` with finitely many
breakpoints, found exactly layer by layer: between consecutive known breakpoints the next
layer's pre-activations are affine in ``s`` (read off from two evaluations), and their zeros
inside the interval are new breakpoints. Two networks agree on the whole line iff their
difference vanishes at every breakpoint of either and at one point beyond each end.

Examples
--------
>>> from exact import Network
>>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
>>> line_breakpoints(relu, [3], [1])
[Fraction(-3, 1)]
>>> shifted = Network(1, [([[1]], [-1]), ([[1]], [0])])
>>> difference_on_line(relu, shifted, [0], [1])
(Fraction(1, 1),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from random import Random

from exact.network import Network
from exact.numbers import Vector, approximate, to_vector

__all__ = ["line_breakpoints", "difference_on_line", "search_witness", "plot_witness"]


def _point(p: Vector, v: Vector, s: Fraction) -> Vector:
    return tuple(a + s * b for a, b in zip(p, v))


def _samples(lo: Fraction | None, hi: Fraction | None) -> tuple[Fraction, Fraction]:
    """Two parameters strictly inside ``(lo, hi)`` (``None`` for an infinite end)."""
    if lo is None and hi is None:
        return Fraction(0), Fraction(1)
    if lo is None:
        assert hi is not None
        return hi - 2, hi - 1
    if hi is None:
        return lo + 1, lo + 2
    return lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3


def line_breakpoints(net: Network, p: Sequence[object], v: Sequence[object]) -> list[Fraction]:
    """The sorted parameters ``s`` where some ReLU of ``net`` switches along ``p + s v``.

    Parameters
    ----------
    net
        The network.
    p, v
        A point and a direction of the line.

    Returns
    -------
    list of Fraction
        The exact parameters ``s``, sorted, layer by layer (a later layer's breakpoints found on the
        pieces between the earlier ones).

    References
    ----------
    ``MATH.md`` section 4 (a rational witness ``x`` with ``f(x) != g(x)``).

    Examples
    --------
    >>> from exact import Network
    >>> line_breakpoints(Network(1, [([[1], [-1]], [-1, 3]), ([[1, 1]], [0])]), [0], [1])   # x = 1, x = 3
    [Fraction(1, 1), Fraction(3, 1)]
    """
    P, D = to_vector(p, "p"), to_vector(v, "v")
    breaks: list[Fraction] = []
    for layer in net.relu_layers:
        new: set[Fraction] = set()
        ends: list[Fraction | None] = [None, *breaks, None]
        for lo, hi in zip(ends, ends[1:]):
            s1, s2 = _samples(lo, hi)
            z1 = net.preactivations(_point(P, D, s1))[layer - 1]
            z2 = net.preactivations(_point(P, D, s2))[layer - 1]
            for u1, u2 in zip(z1, z2):
                if u1 == u2:
                    continue
                root = s1 - u1 * (s2 - s1) / (u2 - u1)
                if (lo is None or root > lo) and (hi is None or root < hi):
                    new.add(root)
        breaks = sorted(set(breaks) | new)
    return breaks


def difference_on_line(a: Network, b: Network, p: Sequence[object], v: Sequence[object]) -> Vector | None:
    """A point ``x`` of the line ``p + s v`` with ``f_a(x) != f_b(x)``, or ``None`` when they agree on all of it.

    Parameters
    ----------
    a, b
        The networks.
    p, v
        A point and a direction of the line.

    Returns
    -------
    tuple of Fraction or None
        The first candidate where the outputs differ: both networks are affine between consecutive
        breakpoints, so checking one point per piece (and beyond the ends) decides the whole line.

    References
    ----------
    ``MATH.md`` section 4 (a rational witness ``x`` with ``f(x) != g(x)``).

    Examples
    --------
    >>> from exact import Network
    >>> identity, absolute = Network(1, [([[1]], [0])]), Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> difference_on_line(identity, absolute, [2], [1])            # they differ where x < 0
    (Fraction(-1, 1),)
    """
    P, D = to_vector(p, "p"), to_vector(v, "v")
    breaks = sorted(set(line_breakpoints(a, P, D)) | set(line_breakpoints(b, P, D)))
    if breaks:
        candidates = [breaks[0] - 1, *breaks, breaks[-1] + 1]
    else:
        candidates = [Fraction(0), Fraction(1)]
    for s in candidates:
        x = _point(P, D, s)
        if a.evaluate(x) != b.evaluate(x):
            return x
    return None


def _random_vector(rng: Random, n: int, spread: int) -> Vector:
    return tuple(Fraction(rng.randint(-spread, spread), rng.randint(1, 4)) for _ in range(n))


def search_witness(
    a: Network, b: Network, lines: Sequence[tuple[Vector, Vector]] = (), random_lines: int = 8, seed: int = 0
) -> Vector | None:
    """Try the given lines, then ``random_lines`` random ones; the first point where ``f_a != f_b``, or ``None``.

    ``None`` proves nothing: the networks may still differ off the lines tried.

    Parameters
    ----------
    a, b
        The networks.
    lines
        ``(p, v)`` pairs to try first.
    random_lines
        How many seeded random lines to try after them.
    seed
        The seed of those lines.

    Returns
    -------
    tuple of Fraction or None
        A point where the outputs differ.

    References
    ----------
    ``MATH.md`` section 4 (a rational witness ``x`` with ``f(x) != g(x)``).

    Examples
    --------
    >>> from exact import Network
    >>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> search_witness(relu, Network(1, [([[1]], [-1]), ([[1]], [0])]))      # relu(x) vs relu(x - 1)
    (Fraction(1, 1),)
    """
    def candidates() -> Iterator[tuple[Vector, Vector]]:
        yield from lines
        rng = Random(seed)
        n = a.input_dim
        for k in range(random_lines):
            direction = _random_vector(rng, n, 5)
            if not any(direction):
                direction = tuple(Fraction(int(i == 0)) for i in range(n))
            yield _random_vector(rng, n, 3 * (k + 1)), direction

    for p, v in candidates():
        if not any(v):
            continue
        if a.evaluate(p) != b.evaluate(p):  # one evaluation before the whole line
            return p
        x = difference_on_line(a, b, p, v)
        if x is not None:
            return x
    return None


def plot_witness(a: Network, b: Network, witness: Sequence[object], path: str | None = None,
                 lower: Sequence[object] | None = None, upper: Sequence[object] | None = None) -> dict[str, object]:
    """A witness of non-equivalence drawn on both networks, with both exact outputs in the title.

    Their regions side by side (2-D input) or both graphs (1-D input), the witness marked.

    The box defaults to the square ``[-r, r]^2`` (or interval) with ``r = max(2, 2 |x|_inf)``.

    Parameters
    ----------
    a, b
        Networks with 1-D or 2-D input.
    witness
        The point to mark.
    path
        A PNG to write, or ``None`` for a figure only.
    lower, upper
        The drawing box (around the witness by default).

    Returns
    -------
    dict
        ``{"figure", "axes"}``.

    Raises
    ------
    ShapeError
        For networks whose input is not 1- or 2-dimensional, or a witness of the wrong length.

    References
    ----------
    ``MATH.md`` section 4 (a rational witness ``x`` with ``f(x) != g(x)``).

    Examples
    --------
    >>> relu = Network(1, [([[1]], [0]), ([[1]], [0])])
    >>> shifted = Network(1, [([[1]], [0]), ([[1]], ["1/4"])])            # relu(x) + 1/4
    >>> plot_witness(relu, shifted, [2])["axes"][0].get_title()
    'witness x = 2: a gives 2, b gives 9/4'
    """
    from matplotlib.figure import Figure

    from exact.display import check_picture_path, save_picture
    from exact.errors import ShapeError
    from tropical.plot import plot_graph, plot_regions

    if path is not None:
        check_picture_path(path)
    x = to_vector(witness, "witness")
    n = a.input_dim
    if n not in (1, 2) or b.input_dim != n or len(x) != n:
        raise ShapeError(f"plot_witness: needs two networks with 1-D or 2-D input and a witness of {n} coordinates")
    radius = max(Fraction(2), 2 * max(abs(v) for v in x))
    lo = to_vector(lower, "lower") if lower is not None else tuple(-radius for _ in range(n))
    hi = to_vector(upper, "upper") if upper is not None else tuple(radius for _ in range(n))
    fa, fb = a.evaluate(x), b.evaluate(x)

    def short(v: Fraction) -> str:     # titles only: a long rational is shown approximately
        return str(v) if len(str(v)) <= 16 else "~" + approximate(v, 6)
    shown = ", ".join(short(v) for v in x)
    if n == 1:
        figure = Figure(figsize=(7, 4))
        axes = figure.subplots()
        plot_graph(a, lo[0], hi[0], ax=axes)
        plot_graph(b, lo[0], hi[0], ax=axes)
        axes.lines[0].set_label("a")
        axes.lines[len(axes.lines) // 2].set_label("b")
        axes.axvline(float(x[0]), color="red", linestyle="--", linewidth=1)
        axes.plot([float(x[0])] * 2, [float(fa[0]), float(fb[0])], "x", color="red", markersize=8)
        axes.legend(fontsize="small")
        axes.set_title(f"witness x = {shown}: a gives {short(fa[0])}, b gives {short(fb[0])}", fontsize="small")
        panels = [axes]
    else:
        figure = Figure(figsize=(12, 6))
        panels = list(figure.subplots(1, 2))
        for axes, net, name, value in zip(panels, (a, b), "ab", (fa, fb)):
            info = plot_regions(net, list(lo), list(hi), ax=axes)
            axes.plot([float(x[0])], [float(x[1])], "*", color="red", markersize=14, markeredgecolor="black")
            out = ", ".join(short(v) for v in value)
            axes.set_title(f"{name}: {info['regions']} regions; f_{name}({shown}) = ({out})", fontsize="small")
    if path is not None:
        save_picture(figure, path)
    return {"figure": figure, "axes": panels}

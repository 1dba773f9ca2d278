"""Plots: colour by rank or output, polygon domains, 1-D graphs, 3-D regions, and their CLI.

Expected counts and breakpoints are derived by hand for each network here.
"""

import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import DomainError, FormatError, ShapeError
from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import networks
from tropical.plot import plot_graph, plot_regions, plot_regions_3d

# (relu x, relu y) with output ReLU: the quadrants have ranks 2 (x, y > 0), 1, 1 and 0
QUADRANTS = Network(2, [([[1, 0], [0, 1]], [0, 0])], output_relu=True)


def test_colour_by_rank_shows_each_rank_once():
    info = plot_regions(QUADRANTS, [-1, -1], [1, 1], colour="rank")
    labels = [t.get_text() for t in info["axes"].get_legend().get_texts()]
    assert info["regions"] == 4 and labels == ["rank 0", "rank 1", "rank 2"]
    colours = {tuple(c) for c in info["axes"].collections[0].get_facecolors()}
    assert len(colours) == 3                               # the two rank-1 quadrants share a colour


def test_colour_by_output_spans_the_values_at_the_interior_points():
    net = Network(2, [([[1, 0], [-1, 0]], [0, 0]), ([[3, 1]], [0])])      # 3 relu(x) + relu(-x)
    info = plot_regions(net, [-1, -1], [1, 1], colour="output")
    bar = info["figure"].axes[-1]
    assert len(info["figure"].axes) == 2 and bar is not info["axes"]
    low, high = sorted(bar.get_ylim())
    assert low >= 0 and high <= 3                          # f lies in [0, 3] on the box
    with pytest.raises(FormatError, match="colour"):
        plot_regions(net, [-1, -1], [1, 1], colour="pattern")


def test_a_polygon_domain_is_drawn_with_its_own_regions():
    triangle = Polyhedron(2, [[-1, 0], [0, -1], [1, 1]], [1, 1, 1])    # corners (-1,-1), (2,-1), (-1,2)
    info = plot_regions(QUADRANTS, None, None, domain=triangle)
    assert info["regions"] == 4                            # the origin is inside: all four quadrants meet it
    assert info["axes"].get_xlim() == (-1.0, 2.0) and info["axes"].get_ylim() == (-1.0, 2.0)
    small = Polyhedron(2, [[-1, 0], [0, -1], [1, 1]], [0, 0, 1])        # inside the first quadrant
    assert plot_regions(QUADRANTS, None, None, domain=small)["regions"] == 1
    with pytest.raises(DomainError, match="bounded polygon"):
        plot_regions(QUADRANTS, None, None, domain=Polyhedron(2, [[-1, 0]], [0]))
    with pytest.raises(ShapeError, match="box"):
        plot_regions(QUADRANTS, None, None)


def test_the_graph_of_a_1d_network_and_its_breakpoints():
    # relu(x) + relu(-x - 1) - relu(2x - 3): slopes -1 | 0 | 1 | -1 with breakpoints -1, 0, 3/2
    net = Network(1, [([[1], [-1], [2]], [0, -1, -3]), ([[1, 1, -1]], [0])])
    info = plot_graph(net, -3, 3)
    assert info["regions"] == 4 and info["breakpoints"] == [Q(-1), Q(0), Q(3, 2)]
    line = info["axes"].lines[0]
    assert list(line.get_xdata()) == [-3.0, -1.0, 0.0, 1.5, 3.0]
    assert list(line.get_ydata()) == [2.0, 0.0, 0.0, 1.5, 0.0]
    # a neuron cut that does not bend the graph is not a breakpoint: relu(x) - relu(x) + x
    flat = Network(1, [([[1], [1], [1], [-1]], [0, 0, 0, 0]), ([[1, -1, 1, -1]], [0])])
    info = plot_graph(flat, -1, 1)
    assert info["regions"] == 2 and info["breakpoints"] == []
    with pytest.raises(ShapeError):
        plot_graph(QUADRANTS, -1, 1)
    with pytest.raises(DomainError, match="empty"):
        plot_graph(net, 1, 1)


def test_3d_regions_as_an_interactive_page(tmp_path):
    pytest.importorskip("plotly")
    # the coordinate planes and x + y + z = 1 in [-1, 1]^3: 8 octants; the plane cuts the positive one and
    # the three with one negative coordinate (e.g. (-1/2, 3/4, 3/4)), not those with two (sum < 1): 12
    net = Network(3, [([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1]), ([[1, 1, 1, 1]], [0])])
    page = tmp_path / "r.html"
    info = plot_regions_3d(net, [-1, -1, -1], [1, 1, 1], str(page))
    text = page.read_text()
    assert info["regions"] == 12 and text.count('"hovertext":"pattern ') == 12 and "<html>" in text
    with pytest.raises(FormatError, match="html"):
        plot_regions_3d(net, [-1] * 3, [1] * 3, str(tmp_path / "r.png"))


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tropical", *args], capture_output=True, text=True, cwd=cwd)


def test_plot_cli_labels_domain_colour_graph_and_3d(tmp_path):
    net = tmp_path / "q.json"
    net.write_text(json.dumps({"input_dim": 2, "layers": [{"weight": [[1, 0], [0, 1]], "bias": [0, 0]}],
                               "output_relu": True}))
    points = tmp_path / "p.json"
    points.write_text(json.dumps([["1/2", "1/2"], ["-1/2", "1/2"]]))
    labels = tmp_path / "l.json"
    labels.write_text(json.dumps(["a", "b"]))
    domain = tmp_path / "d.json"
    domain.write_text(json.dumps({"dim": 2, "inequalities": [{"a": [-1, 0], "b": 1}, {"a": [0, -1], "b": 1},
                                                             {"a": [1, 1], "b": 1}]}))
    out = run("plot", str(net), "--domain", str(domain), "--points", str(points), "--labels", str(labels),
              "--colour", "rank", "-o", str(tmp_path / "a.png"))
    assert out.returncode == 0 and "4 regions" in out.stderr and (tmp_path / "a.png").stat().st_size > 0
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, -1]},
                                                          {"weight": [[1, 1]], "bias": [0]}]}))
    out = run("plot", str(one), "--box", "-3", "2", "-o", str(tmp_path / "g.svg"))
    assert out.returncode == 0 and "3 linear pieces, 2 breakpoints" in out.stderr
    bad = [(["plot", str(net), "--box", "-1", "1", "--labels", str(labels), "-o", "x.png"], "--points"),
           (["plot", str(net), "--box", "-1", "1", "--colour", "pattern", "-o", "x.png"], "invalid choice"),
           (["plot", str(one), "--box", "-1", "0", "1", "-o", "x.png"], "LO HI"),
           (["plot", str(net), "-o", "x.png"], "--box")]
    for args, message in bad:
        out = run(*args, cwd=tmp_path)
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert not (tmp_path / "x.png").exists()


def test_a_witness_is_marked_on_both_networks(tmp_path):
    from fibers.witness import plot_witness

    a = Network(1, [([[1]], [0]), ([[1]], [0])])                       # relu(x)
    b = Network(1, [([[1]], [0]), ([[1]], ["1/4"])])                   # relu(x) + 1/4
    info = plot_witness(a, b, [2], str(tmp_path / "w.png"))
    (axes,) = info["axes"]
    marks = [line for line in axes.lines if line.get_marker() == "x"]
    assert len(marks) == 1 and list(marks[0].get_ydata()) == [2.0, 2.25] and list(marks[0].get_xdata()) == [2.0, 2.0]
    assert "a gives 2, b gives 9/4" in axes.get_title() and (tmp_path / "w.png").stat().st_size > 0
    plane_a = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    plane_b = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 2]], [0])])
    left, right = plot_witness(plane_a, plane_b, ["1/2", 1])["axes"]
    assert "= (3/2)" in left.get_title() and "= (5/2)" in right.get_title()     # 1/2 + 1 and 1/2 + 2
    star = [line for line in right.lines if line.get_marker() == "*"][0]
    assert (list(star.get_xdata()), list(star.get_ydata())) == ([0.5], [1.0])
    with pytest.raises(ShapeError):
        plot_witness(Network(3, [([[1, 0, 0]], [0])]), Network(3, [([[0, 1, 0]], [0])]), [1, 0, 0])
    with pytest.raises(FormatError, match="png"):
        plot_witness(a, b, [2], str(tmp_path / "w.pdf"))
    assert not (tmp_path / "w.pdf").exists()


def test_the_overlap_picture_joins_each_gluing_to_its_partner(tmp_path):
    from homology.decompositions import overlap_decomposition, plot_overlap

    fold = Network(2, [([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])                # |x1|
    data = [[-1, 0], [1, 1], [3, 0], [0, 3]]
    result = overlap_decomposition(fold, data)
    info = plot_overlap(fold, data, result, str(tmp_path / "o.png"))
    segments = [line for line in info["axes"].lines if line.get_linestyle() == "--"]
    assert len(segments) == len(result.gluings) > 0
    for line, glue in zip(segments, result.gluings):
        x, y = data[glue.point], glue.partner
        assert list(line.get_xdata()) == [float(x[0]), float(y[0])]
        assert list(line.get_ydata()) == [float(x[1]), float(y[1])]
        assert abs(y[0]) == abs(Q(x[0])) and (y[0] > 0) != (x[0] > 0)           # the mirror image under |x1|
    with pytest.raises(FormatError, match="classes"):
        plot_overlap(fold, data, result, classes="mine")
    with pytest.raises(FormatError, match="png"):
        plot_overlap(fold, data, result, str(tmp_path / "o.jpg"))


def test_equiv_and_overlap_plot_options(tmp_path):
    a = tmp_path / "a.json"
    a.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]},
                                                        {"weight": [[1]], "bias": [0]}]}))
    b = tmp_path / "b.json"
    b.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]},
                                                        {"weight": [[1]], "bias": ["1/4"]}]}))

    def cli(package, *args):
        return subprocess.run([sys.executable, "-m", package, *args], capture_output=True, text=True, cwd=tmp_path)
    out = cli("fibers", "equiv", str(a), str(b), "--quiet", "--plot", "w.png")
    assert out.returncode == 1 and (tmp_path / "w.png").stat().st_size > 0
    out = cli("fibers", "equiv", str(a), str(a), "--quiet", "--plot", "same.png")
    assert out.returncode == 0 and not (tmp_path / "same.png").exists()             # nothing to mark
    out = cli("fibers", "equiv", str(a), str(b), "--plot", "w.pdf")
    assert out.returncode == 2 and "--plot" in out.stderr and not (tmp_path / "w.pdf").exists()
    points = tmp_path / "p.json"
    points.write_text(json.dumps([[-1], [1]]))
    out = cli("homology", "overlap", str(a), str(points), "--plot", "o.png")
    assert out.returncode == 2 and "2-D input" in out.stderr and not (tmp_path / "o.png").exists()


@settings(max_examples=20, deadline=None)
@given(networks(input_dim=2, max_depth=3, max_width=4, elements=st.integers(-2, 2).map(Q)),
       st.booleans())
def test_the_picture_drawn_from_the_complex_has_every_region_once(net, boundary):
    """Degenerate or not, one colour key per linear region: the count equals the region tree's."""
    from tropical.counting import count_regions

    info = plot_regions(net, [-1, -1], [1, 1], boundary=boundary)
    assert info["regions"] == count_regions(net, Polyhedron.box([-1, -1], [1, 1]))

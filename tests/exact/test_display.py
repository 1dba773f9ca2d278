"""Objects display as short HTML tables in Jupyter, with their counts (not dumps), escaped."""

from exact import Network, Polyhedron
from exact.display import html_table
from fibers.equivalence import decide_equivalence
from homology.complexes import torus
from tropical import polyhedral_complex, regions


def test_html_reprs_carry_counts_and_escape():
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
    assert "2-3-1" in net._repr_html_() and "<table>" in net._repr_html_()
    region = next(regions(net, Polyhedron.box([-2, -2], [2, 2])))
    text = region._repr_html_()
    assert "pattern" in text and f"<td>{region.rank}</td>" in text
    cx = polyhedral_complex(net, Polyhedron.box([-2, -2], [2, 2]))
    assert str(cx.f_vector()) in cx._repr_html_()
    other = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 2]], [0])])
    result = decide_equivalence(net, other, method="exhaustive")
    assert "not equivalent" in result._repr_html_() and "witness" in result._repr_html_()
    assert "[9, 27, 18]" in torus(3)._repr_html_()          # 3 x 3 grid torus: 9 vertices, 27 edges, 18 faces
    assert html_table("a<b", [("x&y", "<script>")]) == \
        "<table><caption>a&lt;b</caption><tr><th>x&amp;y</th><td>&lt;script&gt;</td></tr></table>"


def test_regions_and_complexes_draw_themselves_in_jupyter():
    from exact import Network, Polyhedron
    from tropical import polyhedral_complex, regions

    net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    box = Polyhedron.box([-1, -1], [1, 1])
    png = b"\x89PNG\r\n\x1a\n"
    assert polyhedral_complex(net, box)._repr_png_()[:8] == png
    assert all(r._repr_png_()[:8] == png for r in regions(net, box))
    assert all(r._repr_png_() is None for r in regions(net))                   # unbounded quadrants: no picture
    space = Network(3, [([[1, 0, 0]], [0]), ([[1]], [0])])
    assert polyhedral_complex(space, Polyhedron.box([-1] * 3, [1] * 3))._repr_png_() is None

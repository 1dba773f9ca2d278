"""The polyhedral complex on a box: counts against the exact tree, Euler, exact evidence, the float filter."""

from fractions import Fraction as Q

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exact.errors import DomainError
from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import networks, rationals
from tests.plain import plain_output, plain_pre
from tropical.complex import Degenerate, box_of, polyhedral_complex
from tropical.counting import count_regions


def euler(f):
    return sum((-1) ** k * v for k, v in enumerate(f))


def simple_complex(net, output=False):
    """The complex on the box [-2, 5/2]^n, or the example is skipped when it is not simple."""
    box = Polyhedron.box([-2] * net.input_dim, [Q(5, 2)] * net.input_dim)
    cx = polyhedral_complex(net, box, output=output)
    assume(cx.simple)
    return box, cx


def output_as_relu(net):
    """The same layers with a ReLU on the output: its regions are cut by the output level sets."""
    return Network(net.input_dim, [(layer.weight, layer.bias) for layer in net.layers], [], True)


@settings(max_examples=40, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=False,
                elements=rationals(max_numerator=37, max_denominator=7)),
       st.booleans())
def test_counts_agree_with_the_tree_and_euler_holds(net, output):
    box, cx = simple_complex(net, output)
    reference = output_as_relu(net) if output else net
    f = cx.f_vector()
    assert f[-1] == count_regions(reference, box)
    assert euler(f) == 1                           # a box is a ball
    assert len(f) == net.input_dim + 1
    assert cx.certify()                            # every vertex and sign, recomputed exactly
    if not output:  # hidden patterns name the regions one to one, and each holds of its own sign vector
        assert len(set(cx.patterns())) == f[-1]


def test_three_lines_in_a_square_by_hand():
    # x = 0, y = 0, x + y = 1 in [-2, 2]^2: 4 corners, 6 points on the sides, 3 crossings;
    # 7 regions (1 + 3 + 3 for generic lines all crossing inside); edges by Euler: 13 + 7 - 1
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-2, -2], [2, 2]))
    assert cx.f_vector() == [13, 19, 7]
    exact = {cx.exact_vertex(v) for v in range(13)}
    assert {(Q(0), Q(0)), (Q(0), Q(1)), (Q(1), Q(0)), (Q(-1), Q(2)), (Q(2), Q(-1))} <= exact
    assert cx.fallbacks == 0


@pytest.mark.parametrize("eps", [Q(1, 2**70), -Q(1, 2**70), Q(1, 2**55)])
def test_the_filter_falls_back_near_a_vertex(eps):
    # 3x = 1 and y = 0 cross at (1/3, 0), not a float; the third line 3x + y = 1 - eps misses the
    # crossing by eps/3: float values there are within a few ulps of 0, the exact fallback decides
    net = Network(2, [([[3, 0], [0, 1], [3, 1]], [-1, 0, eps - 1]), ([[1, 1, 1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-1, -1], [1, 1]))
    assert cx.fallbacks >= 1
    assert cx.certify()
    # by hand: 3 lines, pairwise crossing inside, not concurrent: 7 regions
    assert cx.f_vector()[-1] == 7 == count_regions(net, Polyhedron.box([-1, -1], [1, 1]))


def test_a_vertex_on_a_zero_set_is_degenerate():
    # three lines through (1/3, 0): x = 1/3, y = 0, 3x + y = 1. By hand on [-1, 1]^2: 4 corners, 2 points on
    # each line's way out (x = 1/3 at y = +-1; y = 0 at x = +-1; 3x + y = 1 at (0, 1), (2/3, -1)), the
    # crossing: 11 vertices; 6 rays from the crossing and the sides in 3 + 3 + 2 + 2 pieces: 16 edges; 6 regions
    net = Network(2, [([[3, 0], [0, 1], [3, 1]], [-1, 0, -1]), ([[1, 1, 1]], [0])])
    box = Polyhedron.box([-1, -1], [1, 1])
    cx = polyhedral_complex(net, box)
    assert not cx.simple and cx.f_vector() == [11, 16, 6] and cx.certify()
    assert cx.degenerate_vertex() == (Q(1, 3), Q(0))
    assert count_regions(net, box) == 6


def test_bent_hyperplanes_second_layer_by_hand():
    # z1 = x, z2 = relu(x) + ... : layer 2 neuron relu(x) - 1/2 on [-1, 1]: zero at x = 1/2 only
    net = Network(1, [([[1]], [0]), ([[1]], [Q(-1, 2)]), ([[1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-1], [1]))
    assert cx.f_vector() == [4, 3]              # -1, 0, 1/2, 1
    assert sorted(cx.exact_vertex(v) for v in range(4)) == [(Q(-1),), (Q(0),), (Q(1, 2),), (Q(1),)]


def test_bad_domains():
    net = Network(2, [([[1, 0]], [0])])
    with pytest.raises(DomainError):     # R^n with one normal in the plane: regions hold lines
        polyhedral_complex(Network(2, [([[1, 0]], [0]), ([[1]], [0])]), None)
    with pytest.raises(DomainError):     # unbounded: a quadrant
        polyhedral_complex(net, Polyhedron(2, [[-1, 0], [0, -1]], [0, 0]))
    with pytest.raises(DomainError):     # lower-dimensional: a segment
        polyhedral_complex(net, Polyhedron(2, [[-1, 0], [1, 0]], [0, 1], [[0, 1]], [0]))
    with pytest.raises(DomainError):     # the wrong dimension
        polyhedral_complex(net, Polyhedron.box([0] * 3, [1] * 3))
    octahedron = Polyhedron(3, [[a, b, c] for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)], [1] * 8)
    # four facets at each vertex: not a simple polytope. The plane x = -1/3 cuts it: 6 + 4 vertices,
    # 12 + 4 (cut edges) + 4 (in the plane) edges, 8 + 4 (cut triangles) + 1 (the square) 2-faces, 2 regions
    cx = polyhedral_complex(Network(3, [([[1, 0, 0]], [Q(1, 3)]), ([[1]], [0])]), octahedron)
    assert cx.f_vector() == [10, 20, 13, 2] and cx.certify()
    assert box_of(Polyhedron.box([0, 1], [2, 3])) == ((Q(0), Q(1)), (Q(2), Q(3)))


def test_certify_catches_a_tampered_sign():
    net = Network(2, [([[1, 0], [0, 1]], [Q(1, 3), 0]), ([[1, 1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-1, -1], [1, 1]))
    assert cx.certify()
    cx.state.positive[0, 0] ^= 1 << 5          # flip a recorded sign
    with pytest.raises(AssertionError):
        cx.certify()


def test_certify_catches_a_missing_region_and_a_broken_edge():
    net = Network(2, [([[1, 0], [0, 1]], [Q(1, 3), 0]), ([[1, 1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-1, -1], [1, 1]))
    faces = cx.faces
    cx.faces = lambda k: faces(k)[1:] if k == 2 else faces(k)      # one quadrant forgotten
    with pytest.raises(AssertionError, match="no region on its"):
        cx.certify()
    cx = polyhedral_complex(net, Polyhedron.box([-1, -1], [1, 1]))
    cx.state.edges[0] = (0, 3)                  # opposite corners of the square: not an edge
    with pytest.raises(AssertionError, match="edge"):
        cx.certify()


def test_corners_of_a_cube():
    net = Network(3, [([[1, 1, 1]], [Q(1, 7)])])
    cx = polyhedral_complex(net, Polyhedron.box([0, 0, 0], [1, 1, 1]), output=True)
    f = cx.f_vector()
    # the plane x + y + z = -1/7 misses the cube: the cube itself, 8 12 6 1
    assert f == [8, 12, 6, 1]


def test_random_generic_networks_against_the_tree():
    import random

    rng = random.Random(7)
    checked = 0
    for _ in range(12):
        n0 = rng.choice([2, 3])
        widths = [n0] + [rng.randint(2, 5) for _ in range(rng.randint(1, 3))] + [1]
        layers = [([[Q(rng.randint(-999, 999), rng.randint(1, 997)) for _ in range(widths[i])]
                    for _ in range(widths[i + 1])],
                   [Q(rng.randint(-999, 999), rng.randint(1, 997)) for _ in range(widths[i + 1])])
                  for i in range(len(widths) - 1)]
        net = Network(n0, layers)
        box = Polyhedron.box([-3] * n0, [2] * n0)
        cx = polyhedral_complex(net, box, output=True)   # generic with probability 1: no Degenerate
        assert cx.f_vector()[-1] == count_regions(output_as_relu(net), box)
        assert euler(cx.f_vector()) == 1
        checked += 1
    assert checked == 12


# ----------------------------------------------------------------------------- slabs merged exactly (Dask)


@settings(max_examples=30, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=False,
                elements=rationals(max_numerator=37, max_denominator=7)),
       st.booleans(), st.integers(2, 5), st.booleans())
def test_slabs_merge_to_the_whole_complex(net, output, pieces, keep_all):
    from tropical.partition import partitioned_f_vector

    box = Polyhedron.box([-2] * net.input_dim, [Q(5, 2)] * net.input_dim)
    try:
        whole = polyhedral_complex(net, box, output=output).f_vector()
        merged = partitioned_f_vector(net, box, output=output, pieces=pieces, keep_all=keep_all)
    except Degenerate:
        assume(False)
    assert merged.f_vector == whole
    assert len(merged.pieces) == pieces and len(merged.cuts) == pieces + 1


def test_slab_merge_by_hand():
    # x |-> relu(x1) on [-1, 1]^2: two rectangles, 6 vertices, 7 edges. Cut at x1 = c just above 0, the
    # left slab holds x1 = 0 (4 corners + 2) and the right one 4 corners; the 2 + 2 corners on x1 = c
    # name pieces of the top and bottom edges of the complex and are not counted
    from tropical.partition import partitioned_f_vector

    net = Network(2, [([[1, 0]], [0]), ([[1]], [0])])
    ticks = []
    result = partitioned_f_vector(net, Polyhedron.box([-1, -1], [1, 1]), pieces=2, progress=ticks.append)
    assert result.f_vector == [6, 7, 2] and ticks == [1, 1]
    assert 0 < result.cuts[1] < Q(1, 100)
    assert [p["vertices"] for p in result.pieces] == [6, 4]
    with pytest.raises(DomainError, match="pieces"):
        partitioned_f_vector(net, Polyhedron.box([-1, -1], [1, 1]), pieces=0)


def test_slabs_on_a_local_dask_cluster():
    distributed = pytest.importorskip("distributed")
    import logging

    from tropical.partition import partitioned_f_vector

    net = Network(3, [([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [Q(1, 3), Q(-1, 5), Q(2, 7), -1]),
                      ([[1, -1, 1, 1], [2, 1, -1, 1]], [Q(1, 3), -1]), ([[1, 1]], [Q(-1, 11)])])
    box = Polyhedron.box([-2, -2, -2], [2, 2, 2])
    whole = polyhedral_complex(net, box, output=True).f_vector()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        merged = partitioned_f_vector(net, box, output=True, pieces=4, client=client)
    assert merged.f_vector == whole


def test_cli_pieces_and_workers(tmp_path):
    pytest.importorskip("distributed")
    import json
    import subprocess
    import sys

    path = tmp_path / "net.json"
    path.write_text(json.dumps({"input_dim": 2, "layers": [
        {"weight": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, -1]}, {"weight": [[1, 1, 1]], "bias": [0]}]}))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--box", "-2", "2", *args],
                              capture_output=True, text=True, timeout=120)

    for args in ([], ["--pieces", "3"], ["--workers", "2", "--json"]):
        out = run(*args)
        assert out.returncode == 0, out.stderr
        if "--json" in args:
            assert json.loads(out.stdout)["f_vector"] == [13, 19, 7]
        else:
            assert out.stdout.splitlines()[:3] == ["vertices   13", "edges      19", "regions    7"]
    out = run("--workers", "0")
    assert out.returncode == 2 and "--workers: 0 must be positive" in out.stderr
    out = run("--pieces", "2", "--certify")
    assert out.returncode == 2 and "--certify" in out.stderr
    out = run("--scheduler", "notanaddress")
    assert out.returncode == 2 and "--scheduler: cannot reach notanaddress" in out.stderr


# ----------------------------------------------------------------------------- anchored vertices


@settings(max_examples=15, deadline=None)
@given(networks(input_dim=st.integers(2, 3), max_depth=5, max_width=4, skips=False,
                elements=rationals(max_numerator=37, max_denominator=7)))
def test_anchored_positions_are_within_their_certified_radius(net):
    # the float position of every vertex is within its radius of the exact vertex (max norm), checked
    # in exact arithmetic; and every sign the filter decided is re-decided exactly by certify()
    import tropical.complex as module

    box = Polyhedron.box([-2] * net.input_dim, [Q(5, 2)] * net.input_dim)
    threshold = module.ANCHOR_ABOVE
    module.ANCHOR_ABOVE = 0.0           # anchor every new vertex, so that every radius is put to the test
    try:
        cx = polyhedral_complex(net, box, output=True)
    except Degenerate:
        assume(False)
    finally:
        module.ANCHOR_ABOVE = threshold
    assume(cx.simple)                   # anchoring is the fast engine's
    st = cx.state
    assert cx.anchored == len(st.points) - 2 ** net.input_dim      # every vertex but the corners
    from hypothesis import event

    event(f"depth {net.depth}, {'more' if len(st.points) > 40 else 'at most'} 40 vertices")
    for v in range(len(st.points)):
        exact = cx.exact_vertex(v)
        radius = st.radius[v]
        if radius != float("inf"):
            assert max(abs(Q(float(p)) - e) for p, e in zip(st.points[v], exact)) <= Q(float(radius))
    assert cx.certify()
    assert cx.f_vector()[-1] == count_regions(output_as_relu(net), box)


# ----------------------------------------------------------------------------- faces, incidences, adjacency


@settings(max_examples=25, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=False,
                elements=rationals(max_numerator=37, max_denominator=7)), st.booleans())
def test_every_face_has_the_signs_it_claims_at_its_exact_point(net, output):
    box, cx = simple_complex(net, output)
    n = net.input_dim
    edges = {tuple(sorted(map(int, e))) for e in cx.edges()}
    for k in range(n + 1):
        faces = cx.faces(k)
        assert len(faces) == cx.f_vector()[k]
        for face in faces:
            point = cx.face_point(face)
            box_values = [v for i in range(n) for v in (point[i] - box_of(box)[0][i], box_of(box)[1][i] - point[i])]
            pres = plain_pre(net, point)
            values = box_values + [pres[layer - 1][index] for layer, index in cx.neurons]
            signs = "".join("0" if v == 0 else "+" if v > 0 else "-" for v in values)
            assert signs == face.signs
            assert face.signs.count("0") == n - k               # a simple complex
            if k == 1:
                assert len(face.vertices) == 2 and face.vertices in edges
    assert len(cx.faces(1)) == len(edges)


def test_faces_and_region_graph_by_hand():
    # x = 0, y = 0, x + y = 1 in [-2, 2]^2: 10 edges on the boundary, 9 inside; 7 regions
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    cx = polyhedral_complex(net, Polyhedron.box([-2, -2], [2, 2]))
    graph = cx.region_graph()
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 9
    regions = cx.faces(2)
    # the triangle x > 0, y > 0, x + y < 1 touches the three other regions across its three sides
    triangle = next(i for i, f in enumerate(regions) if f.signs[4:] == "++-")
    assert graph.degree(triangle) == 3 and len(regions[triangle].vertices) == 3
    assert cx.face_point(regions[triangle]) == (Q(1, 3), Q(1, 3))
    with pytest.raises(DomainError, match="not a dimension"):
        cx.faces(3)


def test_cli_faces_json(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "net.json"
    path.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]},
                                                          {"weight": [[1]], "bias": [0]}]}))
    out = subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--box", "-1", "1", "--json",
                          "--faces"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    assert data["hyperplanes"] == ["x1 >= -1", "x1 <= 1", "neuron 1:0"]
    assert [f["point"] for f in data["faces"][0]] == [["-1"], ["1"], ["0"]]
    assert [f["point"] for f in data["faces"][1]] == [["-1/2"], ["1/2"]]
    out = subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--box", "-1", "1", "--faces"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "--faces needs --json" in out.stderr


def test_cli_polytope_domain(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "net.json"
    path.write_text(json.dumps({"input_dim": 2, "layers": [{"weight": [[2, 0], [0, 4]], "bias": [-1, -1]},
                                                          {"weight": [[1, 1]], "bias": [0]}]}))
    triangle = tmp_path / "triangle.json"
    triangle.write_text(json.dumps({"dim": 2, "inequalities": [{"a": [-1, 0], "b": 0}, {"a": [0, -1], "b": 0},
                                                               {"a": [1, 1], "b": 1}]}))
    out = subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--domain", str(triangle),
                          "--json", "--certify"], capture_output=True, text=True)
    data = json.loads(out.stdout)
    assert data["f_vector"] == [8, 11, 4] and data["certified"]         # test_a_triangle_by_hand
    out = subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--json"], capture_output=True,
                         text=True)
    data = json.loads(out.stdout)      # R^n: x = 1/2 and y = 1/4 cross once, 4 rays, 4 quadrants
    assert data["f_vector"] == [1, 4, 4] and data["domain"] == "R^n"
    out = subprocess.run([sys.executable, "-m", "tropical", "complex", str(path), "--pieces", "2"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "give --box" in out.stderr and not out.stdout


@settings(max_examples=20, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=False,
                elements=rationals(max_numerator=37, max_denominator=7)))
def test_facet_weights_are_the_second_difference_across_the_facet(net):
    # (J_Q - J_P) nu = [f(p + e nu) - 2 f(p) + f(p - e nu)] / e, at a relative-interior point p of the facet,
    # with p -+ e nu inside the two regions (checked by their signs, e shrunk until they are)
    box, cx = simple_complex(net)
    n = net.input_dim
    regions = cx.faces(n)
    facets = cx.faces(n - 1)
    weights = cx.facet_weights()
    assert len(weights) == sum(1 for f in facets if f.signs.index("0") >= 2 * n)
    lo, hi = box_of(box)
    for fw in weights:
        p = cx.face_point(facets[fw.facet])
        nu = [Q(v) for v in fw.normal]
        e = Q(1, 1000)
        for _ in range(20):
            ahead = [a + e * v for a, v in zip(p, nu)]
            behind = [a - e * v for a, v in zip(p, nu)]

            def signs(x):
                values = [v for i in range(n) for v in (x[i] - lo[i], hi[i] - x[i])]
                pres = plain_pre(net, x)
                values += [pres[layer - 1][index] for layer, index in cx.neurons]
                return "".join("0" if v == 0 else "+" if v > 0 else "-" for v in values)

            if signs(ahead) == regions[fw.plus].signs and signs(behind) == regions[fw.minus].signs:
                break
            e /= 1000
        else:
            raise AssertionError("no step stays inside both regions")
        second = [(a - 2 * b + c) / e for a, b, c in zip(plain_output(net, ahead), plain_output(net, p),
                                                            plain_output(net, behind))]
        assert second == [w * sum(v * v for v in nu) for w in fw.weight]


def test_breakpoint_complex_by_hand():
    # f = 0 relu(x): a facet at 0 of weight 0 (not a breakpoint);
    # g = relu(x) + 2 relu(y): the two axes, weights 1 (normal e1) and 2 (normal e2), on both sides of each
    flat = Network(1, [([[1]], [0]), ([[0]], [0])])
    assert [f.weight for f in polyhedral_complex(flat, Polyhedron.box([-1], [1])).facet_weights()] == [(Q(0),)]
    g = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 2]], [0])])
    cx = polyhedral_complex(g, Polyhedron.box([-1, -1], [1, 1]))
    found = sorted((f.normal, f.weight) for f in cx.facet_weights())
    assert found == [((0, 1), (Q(2),)), ((0, 1), (Q(2),)), ((1, 0), (Q(1),)), ((1, 0), (Q(1),))]


def built_anchoring(net, domain, anchor_all):
    """The complex, with every new vertex anchored when ``anchor_all`` (the threshold set to 0)."""
    import tropical.complex as module

    threshold = module.ANCHOR_ABOVE
    module.ANCHOR_ABOVE = 0.0 if anchor_all else threshold
    try:
        return polyhedral_complex(net, domain)
    finally:
        module.ANCHOR_ABOVE = threshold


@pytest.mark.parametrize("eps", [Q(1, 2**70), Q(1, 2**52)])
@pytest.mark.parametrize("anchor_all", [False, True])
def test_a_bent_hyperplane_grazing_a_vertex_falls_back(eps, anchor_all):
    # layer 1 crosses at (1/3, 0), where h = x + y + 1/7 = 10/21 is not a float; layer 2 is
    # z = relu(3x - 1) + relu(y) + 21 relu(h) - 10 - eps, exactly -eps at that vertex: its float value there is
    # within ulps of 0 (the vertex's own zeros are exact, h is not), so the exact fallback must decide
    net = Network(2, [([[3, 0], [0, 1], [1, 1]], [-1, 0, Q(1, 7)]), ([[1, 1, 21]], [-10 - eps]), ([[1]], [0])])
    box = Polyhedron.box([-1, -1], [1, 1])
    cx = built_anchoring(net, box, anchor_all)
    assert cx.fallbacks >= 1 and cx.certify()
    assert cx.f_vector()[-1] == count_regions(net, box)        # the exact tree, an independent count


@pytest.mark.parametrize("eps", [Q(1, 2**70), Q(1, 2**52)])
@pytest.mark.parametrize("anchor_all", [False, True])
def test_a_grazing_vertex_on_a_slanted_facet_falls_back(eps, anchor_all):
    # the domain's facet x + 3y <= 1 meets 3x = 1 at (1/3, 2/9), where h = x + y + 1/7 = 44/63 is not a
    # float; layer 2 is z = relu(3x - 1) + 21 relu(h) - 44/3 - eps, exactly -eps there: the vertex is on a
    # general facet row (anchored through it when anchor_all), and the exact fallback must decide
    net = Network(2, [([[3, 0], [1, 1]], [-1, Q(1, 7)]), ([[1, 21]], [Q(-44, 3) - eps]), ([[1]], [0])])
    domain = Polyhedron(2, [[-1, 0], [0, -1], [1, 0], [1, 3]], [1, 1, 1, 1])
    cx = built_anchoring(net, domain, anchor_all)
    assert not cx.is_box and cx.fallbacks >= 1 and cx.certify()
    assert (Q(1, 3), Q(2, 9)) in {cx.exact_vertex(v) for v in range(len(cx.vertices()))}
    assert cx.f_vector()[-1] == count_regions(net, domain)     # the exact tree, an independent count


# ----------------------------------------------------------------------------- skips (pass-through neurons)





def test_a_skip_by_hand():
    from exact.network import Skip

    # z1 = x, z2 = relu(x) + x - 1 (x skips to layer 2): zeros at 0 and, for x > 0, at 2x = 1
    net = Network(1, [([[1]], [0]), ([[1]], [-1]), ([[1]], [0])], skips=[Skip(0, 2)])
    cx = polyhedral_complex(net, Polyhedron.box([-2], [2]))
    assert cx.f_vector() == [4, 3]
    assert sorted(cx.exact_vertex(v)[0] for v in range(4)) == [-2, 0, Q(1, 2), 2]
    assert cx.certify()


@settings(max_examples=40, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=4, max_width=3, skips=True,
                elements=rationals(max_numerator=37, max_denominator=7)), st.booleans())
def test_networks_with_skips_against_the_tree_and_the_definition(net, output):
    assume(net.skips)
    box, cx = simple_complex(net, output)
    reference = Network(net.input_dim, [(la.weight, la.bias) for la in net.layers], list(net.skips),
                        True) if output else net
    f = cx.f_vector()
    assert f[-1] == count_regions(reference, box)     # the tree reads the skips directly
    assert euler(f) == 1
    assert cx.certify()
    n = net.input_dim
    for face in cx.faces(n):                           # each region's signs at its exact interior point
        pres = plain_pre(net, cx.face_point(face))
        signs = "".join("+" if pres[layer - 1][index] > 0 else "-" for layer, index in cx.neurons)
        assert signs == face.signs[2 * n:]


# ----------------------------------------------------------------------------- polytope domains


def test_a_triangle_by_hand():
    # x, y >= 0, x + y <= 1 cut by x = 1/2 and y = 1/4: crossings (1/2, 0), (1/2, 1/2), (0, 1/4),
    # (3/4, 1/4) and (1/2, 1/4) inside; 3 + 5 vertices, 3 + 2 + 2 + 4 edges (Euler: 8 - 11 + 4 = 1)
    triangle = Polyhedron(2, [[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    net = Network(2, [([[2, 0], [0, 4]], [-1, -1]), ([[1, 1]], [0])])
    cx = polyhedral_complex(net, triangle)
    assert cx.f_vector() == [8, 11, 4]
    assert sorted(cx.exact_vertex(v) for v in range(3, 8)) == sorted(
        [(Q(1, 2), Q(0)), (Q(1, 2), Q(1, 2)), (Q(0), Q(1, 4)), (Q(3, 4), Q(1, 4)), (Q(1, 2), Q(1, 4))])
    assert cx.certify()
    assert cx.hyperplanes()[:3] == ["-1*x1 <= 0", "-1*x2 <= 0", "1*x1 + 1*x2 <= 1"]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_simplices_against_the_tree_and_the_definition(data):
    from exact.strategies import simplices

    net = data.draw(networks(input_dim=st.integers(2, 3), max_depth=3, max_width=3, skips=True,
                             elements=rationals(max_numerator=37, max_denominator=7)))
    domain = data.draw(simplices(net.input_dim, rationals(5, 3)))
    try:
        cx = polyhedral_complex(net, domain)
    except Degenerate:
        assume(False)
    f = cx.f_vector()
    assert f[-1] == count_regions(net, domain)      # the tree on the same polytope
    assert euler(f) == 1
    assert cx.certify()
    n = net.input_dim
    for k in range(n + 1):                          # every face's signs at its exact point, by the definition
        for face in cx.faces(k):
            x = cx.face_point(face)
            facets = [b - sum((u * v for u, v in zip(a, x)), Q(0)) for a, b in cx.facet_rows]
            pres = plain_pre(net, x)
            values = facets + [pres[layer - 1][index] for layer, index in cx.neurons]
            assert "".join("0" if v == 0 else "+" if v > 0 else "-" for v in values) == face.signs


# ----------------------------------------------------------------------------- the complex of R^n


def test_whole_space_by_hand():
    # 3 generic lines: 3 crossings, each line in 3 pieces, 7 regions; 4 generic planes in R^3:
    # C(4, 3) vertices, 6 lines in 3 pieces, 4 planes in 7 pieces, 1 + 4 + 6 + 4 regions
    lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    assert polyhedral_complex(lines).f_vector() == [3, 9, 7]
    planes = Network(3, [([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1]), ([[1, 1, 1, 1]], [0])])
    cx = polyhedral_complex(planes)
    assert cx.f_vector() == [4, 18, 28, 15] == [len(cx.faces(k)) for k in range(4)]
    assert sorted(cx.exact_vertex(f.vertices[0]) for f in cx.faces(0)) == [
        (0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0)]
    with pytest.raises(DomainError):     # one normal in the plane: every region holds a line
        polyhedral_complex(Network(2, [([[1, 0], [2, 0]], [0, 1]), ([[1, 1]], [0])]))


@settings(max_examples=30, deadline=None)
@given(networks(input_dim=st.integers(1, 3), max_depth=3, max_width=3, skips=True,
                elements=rationals(max_numerator=37, max_denominator=7)))
def test_whole_space_against_the_tree_euler_and_the_cells(net):
    from tropical.enumeration import region_cells

    try:
        cx = polyhedral_complex(net)
    except (Degenerate, DomainError):
        assume(False)
    n = net.input_dim
    f = cx.f_vector()
    assert f[-1] == count_regions(net)                         # the tree on R^n
    assert euler(f) == (-1) ** n                               # open cells partition R^n: chi_c = (-1)^n
    vertices = {p for cell in region_cells(net) if not cell.lines for p in cell.points()}
    assert f[0] == len(vertices)                               # the exact cells' vertices, independently
    assert {cx.exact_vertex(face.vertices[0]) for face in cx.faces(0)} == vertices
    assert [len(cx.faces(k)) for k in range(n + 1)] == f
    assert cx.certify()

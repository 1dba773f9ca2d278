"""Recurrences, regions of patterns, prediction, plots and the tropical CLI."""

import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings

from exact.errors import DomainError, PatternError, ShapeError
from exact.network import Network, precompose
from exact.polyhedron import Polyhedron
from exact.strategies import networks, vectors
from tropical import (
    CachedPredictor,
    TropicalPolynomial,
    bits_to_signs,
    pattern_recurrences,
    region_of_pattern,
    signs_to_bits,
    tropical_form,
)
from tropical.plot import decision_segments, plot_regions

NET = Network(2, [([[-4, 1], [-4, -1]], [2, 3]), ([[1, "1/2"]], [0])])


def farkas_ok(constraints, multipliers):
    """Independent check of a Farkas certificate over constraints a.x <= b."""
    dim = len(constraints[0][0])
    combo = [sum((m * a[j] for m, (a, _) in zip(multipliers, constraints)), Q(0)) for j in range(dim)]
    rhs = sum((m * b for m, (_, b) in zip(multipliers, constraints)), Q(0))
    return all(m >= 0 for m in multipliers) and all(v == 0 for v in combo) and rhs < 0


def test_sign_conventions():
    assert bits_to_signs(((1, 0), (0,))) == ((-1, 1), (1,))
    assert bits_to_signs(((1, 0),), convention="walkthrough") == ((1, -1),)
    for conv in ("algorithm", "walkthrough"):
        assert signs_to_bits(bits_to_signs(((1, 0, 1),), conv), conv) == ((1, 0, 1),)
    with pytest.raises(PatternError, match="-1 or \\+1"):
        signs_to_bits([[0, 1]])
    with pytest.raises(PatternError, match="convention"):
        bits_to_signs(((1,),), convention="paper")


def test_recurrence_initial_values_and_variant_error():
    rec = pattern_recurrences(NET, "11")
    assert rec[0].F_A == ((1, 0), (0, 1)) and rec[0].G_A == ((0, 0), (0, 0)) and rec[0].h_b == (0, 0)
    # layer 1: G = A-, H = A+, h = b (eqs. 20-25)
    assert rec[1].G_A == ((4, 0), (4, 1)) and rec[1].H_A == ((0, 1), (0, 0)) and rec[1].h_b == (2, 3)
    with pytest.raises(ShapeError, match="variant"):
        pattern_recurrences(NET, "11", variant="other")


@settings(max_examples=20)
@given(networks(input_dim=2, max_depth=3, max_width=2), vectors(2))
def test_recurrences_match_network_maps(net, x):
    pattern = net.pattern(x)
    for variant in ("paper", "tropical"):
        rec = pattern_recurrences(net, pattern, variant=variant)
        pre, post = net.affine_maps(pattern)
        for l in range(1, net.depth + 1):
            assert rec[l].pre_activation() == pre[l - 1]
            assert rec[l].post_activation() == post[l]


def test_tropical_polynomial_operations():
    x = TropicalPolynomial.affine((Q(1),), Q(0))
    zero = TropicalPolynomial.zero(1)
    relu = x.maximum(zero)
    assert [relu([t]) for t in (-2, 0, 3)] == [0, 0, 3]
    square = relu + relu  # max(2x, x, 0): the middle term is never the unique maximum
    assert len(square.terms) == 3 and len(square.pruned().terms) == 2
    assert all(square([t]) == square.pruned()([t]) for t in (Q(-3), Q(1, 2), Q(5)))
    assert relu.scale(Q(3))([2]) == 6 and relu.scale(Q(0)).terms == zero.terms
    with pytest.raises(ShapeError, match="nonnegative"):
        relu.scale(Q(-1))


@settings(max_examples=10)
@given(networks(input_dim=1, max_depth=3, max_width=2, skips=True), vectors(1))
def test_tropical_form_is_f_minus_g(net, x):
    form = tropical_form(net)
    trace = net.forward(x)
    for l in range(1, net.depth + 1):
        assert tuple(f(x) - g(x) for f, g in zip(form.F[l], form.G[l])) == trace.post[l]
        assert tuple(h(x) - g(x) for h, g in zip(form.H[l], form.G[l])) == trace.pre[l - 1]


def test_region_evidence():
    box = Polyhedron.box([0, 0], [1, 1])
    region = region_of_pattern(NET, "10", box)
    assert not region.empty and region.rank == 1
    # the triangle (5/8,1/2), (1/2,1), (3/4,1) by hand: area 1/2 * 1/4 * 1/2
    assert region.vertices() == ((Q(1, 2), 1), (Q(5, 8), Q(1, 2)), (Q(3, 4), 1)) and region.volume() == Q(1, 16)
    data = region.to_json()
    assert data["pattern"] == ["10"] and data["rank"] == 1
    empty = region_of_pattern(NET, "01", Polyhedron.box([0, 0], ["1/4", 1]))
    assert empty.empty and empty.reason == "empty" and empty.layer == 1
    assert farkas_ok(empty.constraints, empty.certificate.multipliers)
    evidence = empty.to_json()["evidence"]
    assert evidence["reason"] == "empty" and evidence["infeasible_subset"]


def test_lower_dimensional_evidence():
    # z1 = x, z2 = -relu(x): pattern 1,1 is the single point {0}
    net = Network(1, [([[1]], [0]), ([[-1]], [0]), ([[1]], [0])])
    result = region_of_pattern(net, "1,1")
    assert result.empty and result.reason == "lower-dimensional" and result.point == (0,)
    E, f = result.hull
    assert E == ((1,),) and f == (0,)
    with pytest.raises(DomainError):
        region_of_pattern(net, "1,1", Polyhedron(1, E=[[1]], f=[0]))


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3), vectors(2))
def test_cached_predictor_is_exact(net, x):
    predictor = CachedPredictor(net)
    assert predictor.predict(x) == net.evaluate(x)
    assert predictor.predict(x) == net.evaluate(x)
    assert predictor.hits == 1 and predictor.misses == 1


def test_precompose_slice():
    net = Network(3, [([[1, -1, 2], [0, 1, 1]], [1, 0]), ([[1, -2]], [0])], skips=[(0, 2, [[1, 1, 1], [0, 1, 0]])])
    origin, u, v = [1, 0, -1], [1, 1, 0], [0, 1, 1]
    plane = precompose(net, [[a, b] for a, b in zip(u, v)], origin)
    for s, t in ((0, 0), (Q(1, 2), -3), (2, Q(5, 7))):
        point = [o + s * a + t * b for o, a, b in zip(origin, u, v)]
        assert plane.evaluate([s, t]) == net.evaluate(point)


def test_plot_and_decision_boundary(tmp_path):
    box = Polyhedron.box([-1, -1], [1, 1])
    for a, b in decision_segments(NET, box):
        assert NET.evaluate(a) == (0,) and NET.evaluate(b) == (0,)
    info = plot_regions(NET, [-1, -1], [1, 1], str(tmp_path / "r.svg"), points=[[0, 0]], labels=["a"])
    assert info["regions"] == 4 and (tmp_path / "r.svg").read_text().startswith("<?xml")
    net3 = Network(3, [([[1, 0, 0], [0, 1, -1]], [0, 0]), ([[1, 1]], [0])])
    info = plot_regions(net3, [-1, -1], [1, 1], str(tmp_path / "s.png"), origin=[0, 0, 0],
                        directions=[[1, 0, 0], [0, 1, 0]])
    assert info["regions"] == 4
    with pytest.raises(ShapeError, match="two directions"):
        plot_regions(net3, [-1, -1], [1, 1])


def test_plot_into_given_axes_without_touching_the_backend():
    import matplotlib
    from matplotlib.figure import Figure

    backend = matplotlib.rcParams["backend"]
    figure = Figure()
    left, right = figure.subplots(1, 2)
    info = plot_regions(NET, [-1, -1], [1, 1], ax=right)
    assert info["axes"] is right and info["figure"] is figure
    drawn = right.collections[0].get_paths()
    assert len(drawn) >= info["regions"] == 4 and not left.collections     # a polygon per cell (split by f = 0)
    assert right.get_xlabel() == "x1" and right.get_ylabel() == "x2"
    assert matplotlib.rcParams["backend"] == backend


def run(*args):
    return subprocess.run([sys.executable, "-m", "tropical", *args], capture_output=True, text=True)


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps({"input_dim": 2, "layers": [
        {"weight": [["-4", "1"], ["-4", "-1"]], "bias": ["2", "3"]}, {"weight": [["1", "1/2"]], "bias": [0]}]}))
    return path


def test_cli(net_file, tmp_path):
    out = run("regions", str(net_file), "--box", "-1", "1", "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and data["count"] == len(data["regions"]) == 4
    for region in data["regions"]:
        x = [Q(v) for v in region["interior_point"]]
        assert ["".join(map(str, g)) for g in NET.pattern(x)] == region["pattern"]
        for ineq in region["inequalities"]:
            assert sum(Q(a) * xi for a, xi in zip(ineq["a"], x)) < Q(ineq["b"])
    assert run("regions", str(net_file), "--count", "--method", "walk").stdout.strip() == "4"
    out = run("region", str(net_file), "--pattern", "01", "--box", "0", "1/4", "--json")
    data = json.loads(out.stdout)
    assert data["empty"] is True and data["evidence"]["reason"] == "empty"
    constraints = [([Q(v) for v in c["a"]], Q(c["b"])) for c in data["evidence"]["constraints"]]
    assert farkas_ok(constraints, [Q(v) for v in data["evidence"]["farkas_multipliers"]])
    assert run("plot", str(net_file), "--box", "-1", "1", "-o", str(tmp_path / "p.png")).returncode == 0


@pytest.mark.parametrize("args, message", [
    (["region", "NET", "--pattern", "1"], "group widths"),
    (["region", "NET", "--pattern", "12"], "not groups of 0/1"),
    (["regions", "NET", "--box", "1", "0"], "exceeds"),
    (["regions", "NET", "--layers", "5"], "layers"),
    (["regions", "NET", "--workers", "0"], "at least 1"),
    (["regions", "NET", "--box", "a", "1"], "not a rational"),
    (["plot", "NET", "--box", "-1", "1", "-o", "x.pdf"], ".png or .svg"),
    (["regions", "missing.json"], "does not exist"),
])
def test_cli_bad_input(net_file, tmp_path, args, message):
    args = [str(net_file) if a == "NET" else a for a in args]
    out = run(*args)
    assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_region_with_an_identically_zero_neuron_is_full_dimensional(tmp_path):
    # issue 14 #1: neuron 1 is the zero map; pattern 11 is the half-line x >= 0, full-dimensional
    spec = {"input_dim": 1, "layers": [{"weight": [[0], [1]], "bias": [0, 0]}, {"weight": [[1, 1]], "bias": [0]}]}
    net = Network(1, [([[0], [1]], [0, 0]), ([[1, 1]], [0])])
    region = region_of_pattern(net, "11")
    assert not region.empty and region.interior_point[0] > 0
    path = tmp_path / "zero.json"
    path.write_text(json.dumps(spec))
    out = run("region", str(path), "--pattern", "11", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout).get("empty") is not True


def test_one_canonical_pattern_per_region():
    # issue 14 #3: neuron 0 is the zero map; both of its bits give the same closed set, named with 1
    from homology import overlap_decomposition
    from tropical import regions

    net = Network(1, [([[0], [1], [-1]], [0, 0, 0]), ([[1, 1, 1]], [0])])
    tree = {r.pattern for r in regions(net)}
    assert tree == {((1, 1, 0),), ((1, 0, 1),)}
    assert set(net.patterns_at([0])) == tree
    assert net.canonical_pattern("001") == ((1, 0, 1),)
    assert set(overlap_decomposition(net, [[-1], [0], [1]]).regions) <= tree


def test_to_sympy_agrees_with_exact_evaluation_everywhere_sampled():
    import random

    import sympy

    from exact import Network
    from tropical import to_sympy

    rng = random.Random(4)
    net = Network(2, [([[1, -2], [3, 1], [-1, -1]], [Q(1, 2), -1, Q(1, 3)]), ([[1, -1, 2], [0, 1, 1]], [0, Q(-1, 4)])])
    f = to_sympy(net)
    x1, x2 = sympy.symbols("x1 x2")
    for _ in range(30):
        x = [Q(rng.randint(-30, 30), rng.randint(1, 7)) for _ in range(2)]
        values = [g.subs({x1: sympy.Rational(x[0].numerator, x[0].denominator),
                          x2: sympy.Rational(x[1].numerator, x[1].denominator)}) for g in f]
        assert [Q(int(v.p), int(v.q)) for v in values] == list(net.evaluate(x))


def test_a_domain_with_a_trivial_row(tmp_path):
    # 0 . x <= 0 holds everywhere: the square it comes with has the network's 2 regions, no traceback
    import json
    import subprocess
    import sys

    from exact import Network, Polyhedron
    from tropical import count_regions

    net = Network(2, [([[1, 0]], [0]), ([[1]], [0])])
    square = Polyhedron(2, [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], [0, 1, 1, 1, 1])
    assert count_regions(net, square) == 2
    (tmp_path / "net.json").write_text(json.dumps({"input_dim": 2, "layers": [
        {"weight": [[1, 0]], "bias": [0]}, {"weight": [[1]], "bias": [0]}]}))
    (tmp_path / "domain.json").write_text(json.dumps({"dim": 2, "inequalities": [
        {"a": a, "b": b} for a, b in zip(square.A, square.b)]}, default=str))
    out = subprocess.run([sys.executable, "-m", "tropical", "regions", str(tmp_path / "net.json"), "--domain",
                          str(tmp_path / "domain.json"), "--count"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "2", out.stderr


def test_slices_on_the_command_line():
    # octants3d: x, y, z and x + y + z = 1. On the plane z = 1/2 the lines x = 0, y = 0, x + y = 1/2 cross
    # pairwise inside [-1, 1]^2: 7 regions, 4 + 6 + 3 vertices; on the line t (1, 1, 1) the kinks are t = 0
    # (three neurons at once) and t = 1/3: 3 pieces of [-1, 1]
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tropical", *args], capture_output=True, text=True, cwd=root)

    plane = ["--origin", "0", "0", "1/2", "--u", "1", "0", "0", "--v", "0", "1", "0", "--box", "-1", "1"]
    assert run("regions", "examples/octants3d.json", *plane, "--count").stdout.strip() == "7"
    assert run("complex", "examples/octants3d.json", *plane).stdout.split()[:6] == [
        "vertices", "13", "edges", "19", "regions", "7"]
    line = ["--origin", "0", "0", "0", "--u", "1", "1", "1", "--box", "-1", "1"]
    assert run("regions", "examples/octants3d.json", *line, "--count").stdout.strip() == "3"
    for args, message in ((["--u", "1", "1", "1"], "--origin too"),
                          (["--origin", "0", "0", "0", "--u", "1", "1", "1", "--v", "2", "2", "2"], "independent"),
                          (["--origin", "0", "0", "--u", "1", "1"], "2 coordinates")):
        out = run("regions", "examples/octants3d.json", *args, "--count")
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1

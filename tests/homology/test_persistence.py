"""Exact persistence: bars against the homology of every sublevel complex (Smith forms, universal coefficients)."""

import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import ShapeError
from homology import SimplicialComplex, projective_plane
from homology.persistence import betti_at, filtration_from_json, persistence, rips_filtration


def betti_over(groups, dim, field):
    """Betti number of H_dim over Q (field 0) or Z/p from the integral groups: b_k + t_k(p) + t_(k-1)(p)."""
    by_dim = {g.dim: g for g in groups}
    free = by_dim[dim].betti if dim in by_dim else 0
    if field == 0:
        return free
    torsion = sum(1 for t in by_dim[dim].torsion if t % field == 0) if dim in by_dim else 0
    below = sum(1 for t in by_dim[dim - 1].torsion if t % field == 0) if dim - 1 in by_dim else 0
    return free + torsion + below


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=7, unique=True),
       st.sampled_from([0, 2, 3]), st.integers(0, 1))
def test_bars_alive_at_t_are_the_betti_numbers_of_the_complex_at_t(points, field, max_dim):
    filtration = rips_filtration(points, max_dim)
    bars = persistence(filtration, max_dim, field)
    for t in sorted({v for _, v in filtration}):
        complex_t = SimplicialComplex([s for s, v in filtration if v <= t], homology_dim=max_dim)
        groups = complex_t.homology()
        for dim in range(max_dim + 1):
            assert betti_at(bars, t, dim) == betti_over(groups, dim, field), (t, dim)


def test_projective_plane_torsion_shows_over_z2_only():
    # vertices at 0, edges at 1, triangles at 2: H_1(RP^2; Z) = Z/2, H_2 = 0; over Z/2 both are Z/2
    rp2 = projective_plane()
    filtration = [(s, Q(k)) for k in range(3) for s in rp2.simplices_labelled(k)]
    over_q = persistence(filtration, 2, 0)
    over_2 = persistence(filtration, 2, 2)
    over_3 = persistence(filtration, 2, 3)
    essential = lambda bars: sorted((b.dim, b.birth) for b in bars if b.death is None)  # noqa: E731
    assert essential(over_q) == essential(over_3) == [(0, 0)]
    assert essential(over_2) == [(0, 0), (1, 1), (2, 2)]
    # finite bars: 5 vertices die at 1; over Q all 10 edge cycles of the 1-skeleton (15 - 6 + 1) die at 2
    assert sum(1 for b in over_q if b.dim == 1) == 10 and sum(1 for b in over_2 if b.dim == 1) == 10


def test_hand_cases_and_bad_input():
    # three collinear points 0, 1, 3 on a line: components merge at squared distances 1 and 4
    bars = persistence(rips_filtration([[0], [1], [3]], 0), 0)
    assert [(b.birth, b.death) for b in bars] == [(0, 1), (0, 4), (0, None)]
    with pytest.raises(ShapeError, match="neither 0"):
        persistence(rips_filtration([[0]], 0), 0, 4)
    with pytest.raises(ShapeError, match="missing"):
        persistence([((1, 2), Q(1)), ((1,), Q(0))])
    with pytest.raises(ShapeError, match="comes after"):
        persistence([((1,), Q(2)), ((2,), Q(0)), ((1, 2), Q(1))])
    data = {"filtration": [{"simplex": [1], "value": 0}, {"simplex": ["1"], "value": "1/2"},
                           {"simplex": [1, "1"], "value": "3/4"}]}
    bars = persistence(filtration_from_json(data), 0)                 # 1 and "1" are two vertices
    assert [(b.birth, b.death) for b in bars] == [(0, None), (Q(1, 2), Q(3, 4))]


def test_cli(tmp_path):
    points = tmp_path / "square.json"
    points.write_text(json.dumps([[0, 0], [1, 0], [1, 1], [0, 1]]))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "homology", "persistence", *map(str, args)],
                              capture_output=True, text=True)

    out = run(points, "--json")
    data = json.loads(out.stdout)
    assert data["values"] == "squared distances"
    assert [(b["dim"], b["birth"], b["death"]) for b in data["bars"]][-1] == (1, "1", "2")
    out = run(points, "--field", "2")
    assert "H_1: 1 bars  [1, 2)" in out.stdout
    for args, message in (([points, "--field", "6"], "neither 0"), ([points, "--maxdim", "-1"], "nonnegative")):
        out = run(*args)
        assert out.returncode == 2 and message in out.stderr


@pytest.mark.filterwarnings("ignore:The input matrix is square")
@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4)), min_size=2, max_size=9, unique=True))
def test_finite_bars_equal_gudhi_and_ripser_on_integer_clouds(points):
    # squared distances of integer points are integers, exact in float64 too: the tools must agree exactly
    gudhi = pytest.importorskip("gudhi")
    ripser = pytest.importorskip("ripser")
    import numpy as np

    ours = persistence(rips_filtration(points, 1), 1, 2)
    mine = sorted((b.dim, float(b.birth), float(b.death)) for b in ours if b.death is not None)
    rips = gudhi.RipsComplex(points=[list(map(float, p)) for p in points])
    tree = rips.create_simplex_tree(max_dimension=2)
    theirs = sorted((d, birth ** 2, death ** 2) for d, (birth, death) in tree.persistence(homology_coeff_field=2)
                    if death != float("inf") and death > birth)
    # gudhi works with distances: square them back (exact for these sums of squares up to rounding of sqrt)
    assert [(d, round(b), round(e)) for d, b, e in theirs] == [(d, int(b), int(e)) for d, b, e in mine]
    dgms = ripser.ripser(np.array(points, dtype=float), maxdim=1, coeff=2, metric="sqeuclidean")["dgms"]
    from_ripser = sorted((d, b, e) for d in range(2) for b, e in dgms[d] if e != np.inf and e > b)
    assert from_ripser == mine


def test_lower_star_and_barcode_picture(tmp_path):
    # a square a-b-c-d with heights 0, 1, 2, 1: one component from 0 on, the loop closes at 2 (by hand)
    data = {"facets": [["a", "b"], ["b", "c"], ["c", "d"], ["d", "a"]], "values": {"a": 0, "b": 1, "c": 2, "d": "1"}}
    path = tmp_path / "square.json"
    path.write_text(json.dumps(data))
    png = tmp_path / "bars.png"
    out = subprocess.run([sys.executable, "-m", "homology", "persistence", str(path), "--json", "-o", str(png)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    bars = [(b["dim"], b["birth"], b["death"]) for b in json.loads(out.stdout)["bars"]]
    assert bars == [(0, "0", None), (1, "2", None)]
    assert png.stat().st_size > 1000
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"facets": [["a", "b"]], "values": {"a": 0}}))
    out = subprocess.run([sys.executable, "-m", "homology", "persistence", str(bad)], capture_output=True, text=True)
    assert out.returncode == 2 and "vertex 'b' has no value" in out.stderr


def test_quotient_rips_without_classes_is_rips_at_distances():
    # the quotient pseudometric with no classes is the Euclidean metric: bars at the square roots of
    # the squared-distance filtration's values
    from exact.numbers import RootSum
    from homology.persistence import persistence, quotient_rips_filtration, rips_filtration

    points = [[0, 0], [2, 0], [2, 1], [0, 1], [1, 3]]
    squared = persistence(rips_filtration(points, 1), 1)
    plain = persistence(quotient_rips_filtration(points, [], 1), 1)
    assert [(b.dim, RootSum.sqrt(b.birth), None if b.death is None else RootSum.sqrt(b.death)) for b in squared] == \
        [(b.dim, b.birth, b.death) for b in plain]


def test_quotient_metric_cli(tmp_path):
    import json
    import subprocess
    import sys

    net = tmp_path / "fold.json"
    net.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},
                                                          {"weight": [[1, 1]], "bias": [0]}], "output_relu": True}))
    line = tmp_path / "line.json"
    line.write_text(json.dumps([[k] for k in range(-3, 4)]))
    run = [sys.executable, "-m", "homology", "persistence", str(line), "--maxdim", "1"]
    out = subprocess.run(run + ["--metric", "quotient", "--net", str(net), "--classes", "data", "--json"],
                         capture_output=True, text=True)
    bars = json.loads(out.stdout)["bars"]
    # |x| glues -k ~ k: four classes {0}, {1,-1}, {2,-2}, {3,-3} at quotient distance 1 apart, no loop
    assert out.returncode == 0 and [(b["dim"], b["birth"], b["death"]) for b in bars] == \
        [(0, "0", "1"), (0, "0", "1"), (0, "0", "1"), (0, "0", None)]
    for extra, message in ((["--metric", "quotient"], "needs --net"), (["--net", str(net)], "needs --net")):
        bad = subprocess.run(run + extra, capture_output=True, text=True)
        assert bad.returncode == 2 and message in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kind", ["diagram", "betti"])
def test_diagram_and_betti_pictures(tmp_path, kind):
    import subprocess
    import sys

    cloud = tmp_path / "square.json"
    cloud.write_text("[[0, 0], [1, 0], [1, 1], [0, 1]]")
    png = tmp_path / f"{kind}.png"
    out = subprocess.run([sys.executable, "-m", "homology", "persistence", str(cloud), "-o", str(png),
                          "--picture", kind], capture_output=True, text=True)
    assert out.returncode == 0 and png.stat().st_size > 0
    bad = subprocess.run([sys.executable, "-m", "homology", "persistence", str(cloud), "-o", str(png),
                          "--picture", "pie"], capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def plain_barcode(filtration, max_dim, p):
    """The textbook homology column reduction (boundary matrix, left to right, over Z/p), bars as tuples."""
    entries = sorted(((tuple(s), v) for s, v in filtration), key=lambda e: (e[1], len(e[0])))
    entries = [e for e in entries if len(e[0]) - 1 <= max_dim + 1]
    where = {frozenset(s): i for i, (s, _) in enumerate(entries)}
    owner, reduced, bars, dead = {}, {}, [], set()
    for j, (s, v) in enumerate(entries):
        col = {}
        for m in range(len(s) if len(s) > 1 else 0):
            col[where[frozenset(s[:m] + s[m + 1:])]] = (-1) ** m % p
        while col and max(col) in owner:
            other = reduced[owner[max(col)]]
            f = col[max(col)] * pow(other[max(col)], p - 2, p) % p
            for r, c in other.items():
                col[r] = (col.get(r, 0) - f * c) % p
                if not col[r]:
                    del col[r]
        if col:
            owner[max(col)], reduced[j] = j, col
            dead.add(max(col))
            birth = entries[max(col)]
            if birth[1] != v and len(birth[0]) - 1 <= max_dim:
                bars.append((len(birth[0]) - 1, birth[1], v))
    for j, (s, v) in enumerate(entries):
        if j not in dead and j not in reduced and len(s) - 1 <= max_dim:
            bars.append((len(s) - 1, v, None))
    return sorted(bars, key=lambda b: (b[0], b[1], b[2] is None, b[2] or 0))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4), st.integers(-4, 4)), min_size=2, max_size=9,
                unique=True), st.sampled_from([2, 3, 5]), st.integers(0, 2))
def test_the_cohomology_reduction_with_clearing_gives_the_textbook_barcode(points, p, max_dim):
    filtration = rips_filtration(points, max_dim)
    got = [(b.dim, b.birth, b.death) for b in persistence(filtration, max_dim, p)]
    assert got == plain_barcode(filtration, max_dim, p)


def test_cli_defects_of_the_sweeps(tmp_path):
    # big fields by a real primality test, a huge --maxdim on three points, an empty filtration: answers or
    # one-line refusals, never a traceback, a hang or an empty picture
    points = tmp_path / "three.json"
    points.write_text(json.dumps([[0], [1], [3]]))
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"filtration": []}))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "homology", "persistence", *map(str, args)],
                              capture_output=True, text=True, timeout=60)

    out = run(points, "--maxdim", 10 ** 9)     # nothing above the triangle: H_0, H_1, H_2 only
    assert out.returncode == 0 and out.stdout.count("H_") == 3 and "H_0: 3 bars  [0, 1) [0, 4) [0, inf)" in out.stdout
    out = run(points, "--field", 2 ** 61 - 1)  # a Mersenne prime
    assert out.returncode == 0 and "H_0: 3 bars" in out.stdout
    # 10^400 + 1 = (10^80)^5 + 1 is divisible by 10^80 + 1; the others are products of primes
    for composite in (10 ** 400 + 1, 1000000007 * 1000000009, (2 ** 61 - 1) * 3):
        assert composite % (10 ** 80 + 1) == 0 or composite % 1000000007 == 0 or composite % 3 == 0
        out = run(points, "--field", composite)
        assert out.returncode == 2 and "neither 0" in out.stderr and "Traceback" not in out.stderr
    out = run(empty, "-o", tmp_path / "bars.png")
    assert out.returncode == 2 and "empty" in out.stderr and not (tmp_path / "bars.png").exists()


def test_the_empty_complex_has_zero_homology():
    assert [str(h) for h in SimplicialComplex([]).homology()] == ["0"]


def test_filtration_errors_show_the_labels_as_written():
    """Messages name the user's vertices ([2], [1, 'a']), not the typed keys kept inside."""
    with pytest.raises(ShapeError) as missing:
        filtration_from_json({"filtration": [{"simplex": [1, 2], "value": 1}, {"simplex": [1], "value": 0}]})
    assert str(missing.value) == "filtration: the face [2] of [1, 2] is missing"
    with pytest.raises(ShapeError) as late:
        filtration_from_json({"filtration": [{"simplex": [1], "value": 2}, {"simplex": ["a"], "value": 0},
                                             {"simplex": [1, "a"], "value": 1}]})
    assert str(late.value) == "filtration: the face [1] comes after its coface [1, 'a']"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3).map(lambda k: Q(k, 2)), st.integers(-3, 3)), min_size=2,
                max_size=9, unique=True),
       st.sampled_from([2, 3, 7]), st.sampled_from([None, 2, 5]))
def test_gudhi_fed_exact_ranks_gives_the_exact_barcode(points, field, cap):
    """Ties everywhere (half-integer grids): gudhi on the ranks, and on a given filtration, equal our reduction."""
    pytest.importorskip("gudhi")
    from homology.persistence import rips_persistence

    exact = persistence(rips_filtration(points, 1, cap), 1, field, engine="exact")
    assert rips_persistence(points, 1, field, cap) == exact
    assert persistence(rips_filtration(points, 1, cap), 1, field, engine="gudhi") == exact


def test_the_engine_is_checked():
    with pytest.raises(ShapeError, match="Z/p only"):
        persistence(rips_filtration([[0], [1]], 0), 0, 0, engine="gudhi")
    with pytest.raises(ShapeError, match="engine"):
        persistence(rips_filtration([[0], [1]], 0), 0, 2, engine="ripser")

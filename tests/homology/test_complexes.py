"""Homology over Z: known values from topology, invariances, and the Smith form against flint's dense one."""

import json
import subprocess
import sys

import flint
from hypothesis import given, settings
from hypothesis import strategies as st

from homology import SimplicialComplex, SparseMatrix, circle, klein_bottle, projective_plane, smith_form, sphere, torus


def groups(cplx, **kw):
    return [(h.betti, h.torsion) for h in cplx.homology(**kw)]


def is_closed_surface(cplx):
    """Independent of the homology code: every edge lies in exactly two triangles, every vertex link is a cycle."""
    triangles = [set(t) for t in cplx.simplices(2)]
    for edge in cplx.simplices(1):
        if sum(set(edge) <= t for t in triangles) != 2:
            return False
    for v in range(len(cplx.labels)):
        link_edges = [tuple(sorted(t - {v})) for t in triangles if v in t]
        degree = {}
        for a, b in link_edges:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        if any(d != 2 for d in degree.values()):
            return False
        # connected link: walk it
        start = link_edges[0][0]
        seen, frontier = {start}, [start]
        while frontier:
            x = frontier.pop()
            for a, b in link_edges:
                for p, q in ((a, b), (b, a)):
                    if p == x and q not in seen:
                        seen.add(q)
                        frontier.append(q)
        if seen != set(degree):
            return False
    return True


def test_standard_surfaces():
    # triangulations checked as closed surfaces; homology from topology (classification of surfaces)
    for cplx, chi, expected in [
        (torus(), 0, [(1, ()), (2, ()), (1, ())]),
        (torus(4), 0, [(1, ()), (2, ()), (1, ())]),
        (klein_bottle(), 0, [(1, ()), (1, (2,)), (0, ())]),
        (projective_plane(), 1, [(1, ()), (0, (2,)), (0, ())]),
        (sphere(2), 2, [(1, ()), (0, ()), (1, ())]),
    ]:
        assert is_closed_surface(cplx)
        assert cplx.euler_characteristic() == chi
        assert groups(cplx) == expected
        assert cplx.chain_complex().check()


def test_spheres_and_circles():
    for d in range(0, 5):
        expected = [(2 if d == 0 else 1, ())] + [(0, ())] * (d - 1) + ([(1, ())] if d else [])
        assert groups(sphere(d)) == expected
    assert groups(circle(7)) == [(1, ()), (1, ())]


@st.composite
def complexes(draw):
    n = draw(st.integers(3, 7))
    facets = draw(st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=4, unique=True), min_size=1,
                           max_size=8))
    return SimplicialComplex(facets)


@settings(max_examples=60)
@given(complexes())
def test_euler_characteristic_is_alternating_betti_sum(cplx):
    assert cplx.euler_characteristic() == sum((-1) ** h.dim * h.betti for h in cplx.homology())


@settings(max_examples=40)
@given(complexes())
def test_suspension_shifts_reduced_homology(cplx):
    before = [(h.betti, h.torsion) for h in cplx.reduced_homology()]
    after = [(h.betti, h.torsion) for h in cplx.suspension().reduced_homology()]
    assert after[0] == (0, ()) and after[1:] == before


@settings(max_examples=40)
@given(complexes(), st.randoms())
def test_homology_does_not_depend_on_labels(cplx, rnd):
    labels = list(range(len(cplx.labels)))
    names = [f"v{i}" for i in labels]
    rnd.shuffle(names)
    relabelled = SimplicialComplex([[names[cplx.labels.index(v)] for v in f] for f in cplx.facets()][::-1])
    assert groups(relabelled) == groups(cplx)


@settings(max_examples=40)
@given(complexes())
def test_cone_is_contractible(cplx):
    assert all(h.betti == 0 and not h.torsion for h in cplx.cone().reduced_homology())


def test_relative_homology_of_disk_mod_boundary():
    boundary = circle(5)
    disk = boundary.cone()
    assert groups(disk, subcomplex=boundary) == [(0, ()), (0, ()), (1, ())]  # H(D^2, S^1) = H(S^2) reduced


def test_quotient_by_vertex_classes():
    # a 4-cycle with opposite vertices identified is a wedge of two circles
    square = circle(4)
    assert groups(square.with_cones([[0, 2]])) == [(1, ()), (2, ())]  # a 1-dimensional complex
    # identifying a whole edge does nothing up to homotopy
    assert groups(square.with_cones([[0, 1]])) == [(1, ()), (1, ()), (0, ())]


@settings(max_examples=60)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_smith_form_matches_flint_dense(rows, cols, data):
    dense = [[data.draw(st.sampled_from([0, 0, 0, 1, -1, 2, 3, -4])) for _ in range(cols)] for _ in range(rows)]
    ours = smith_form(SparseMatrix.from_dense(dense))
    snf = flint.fmpz_mat(rows, cols, [v for row in dense for v in row]).snf()
    reference = sorted(abs(int(snf[i, i])) for i in range(min(rows, cols)) if snf[i, i] != 0)
    assert list(ours.invariant_factors) == reference
    assert all(b % a == 0 for a, b in zip(ours.invariant_factors, ours.invariant_factors[1:]))


@settings(max_examples=60)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_smith_transforms_are_evidence_an_independent_checker_accepts(rows, cols, data):
    from homology.verify import check_smith_form

    dense = [[data.draw(st.sampled_from([0, 0, 1, -1, 2, 3, -4, 6])) for _ in range(cols)] for _ in range(rows)]
    form = smith_form(SparseMatrix.from_dense(dense), transforms=True)
    assert form.invariant_factors == smith_form(SparseMatrix.from_dense(dense)).invariant_factors
    assert check_smith_form(dense, form.invariant_factors, form.left, form.right)[0]
    # tampering with the evidence is caught: another diagonal, a changed transform
    if form.invariant_factors:
        wrong = (form.invariant_factors[0] + 1,) + form.invariant_factors[1:]
        assert not check_smith_form(dense, wrong, form.left, form.right)[0]
    left = [list(r) for r in form.left]
    left[0] = [2 * v for v in left[0]]          # determinant +-2: no longer unimodular
    assert not check_smith_form(dense, form.invariant_factors, left, form.right)[0]


def test_smith_checker_conditions():
    from homology.verify import check_smith_form, determinant

    assert [determinant(m) for m in ([[2, 1], [7, 4]], [[0, 1], [1, 0]], [[1, 2], [2, 4]], [[3]])] == [1, -1, 0, 3]
    eye = [[1, 0], [0, 1]]
    assert check_smith_form([[2, 0], [0, 3]], (2, 3), eye, eye)[1].endswith("dividing the next")
    assert "not unimodular" in check_smith_form([[2, 0], [0, 4]], (2, 4), [[2, 0], [0, 1]], eye)[1]
    assert check_smith_form([[2, 0], [0, 4]], (2, 4), eye, eye)[0]
    # the boundary d_2 of the projective plane: invariant factors 1, ..., 1, 2 (H_1 = Z/2)
    d2 = projective_plane().chain_complex().boundary(2)
    form = smith_form(d2, transforms=True)
    assert form.invariant_factors[-1] == 2 and set(form.invariant_factors[:-1]) == {1}
    assert check_smith_form(d2.to_dense(), form.invariant_factors, form.left, form.right)[0]


def test_large_boundary_uses_unit_pivots():
    cplx = torus(12)
    form = cplx.chain_complex().smith(2)
    assert form.unit_pivots >= form.rank - 2 and groups(cplx)[1] == (2, ())


def test_cli(tmp_path):
    path = tmp_path / "rp2.json"
    path.write_text(json.dumps({"facets": [list(f) for f in projective_plane().facets()]}))
    out = subprocess.run([sys.executable, "-m", "homology", "betti", str(path), "--json"], capture_output=True,
                         text=True)
    assert out.returncode == 0
    assert json.loads(out.stdout) == {"homology": [{"dim": 0, "betti": 1, "torsion": []},
                                                   {"dim": 1, "betti": 0, "torsion": [2]},
                                                   {"dim": 2, "betti": 0, "torsion": []}]}
    for text, message in (('{"facets": [[1, 1]]}', "repeats"), ('{"facet": []}', "expected"),
                          ('{"facets": [[]]}', "non-empty"), ("[", "malformed")):
        path.write_text(text)
        out = subprocess.run([sys.executable, "-m", "homology", "betti", str(path)], capture_output=True, text=True)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_network_commands(tmp_path):
    fold = tmp_path / "fold.json"
    fold.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},'
                    ' {"weight": [[1, 1]], "bias": [0]}], "output_relu": true}')
    points = tmp_path / "points.json"
    points.write_text("[[-2], [-1], [1], [3]]")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "homology", *map(str, args)], capture_output=True, text=True)

    out = run("overlap", fold, points, "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and data["data_classes"] == [[1, 2]]
    from fractions import Fraction as Q

    for g in data["gluings"]:  # evidence: same image under |x|
        assert abs(Q(g["partner"][0])) == abs(Q([-2, -1, 1, 3][g["point"]]))
    line = tmp_path / "line.json"
    line.write_text(json.dumps([[k] for k in range(-3, 4)]))
    out = run("quotient", fold, line, "--eps", "1", "--json")
    assert [h["betti"] for h in json.loads(out.stdout)["homology"]] == [1, 0, 0]
    square = tmp_path / "square.json"
    square.write_text('{"facets": [[0,1],[1,2],[2,3],[3,0]], "coordinates": {"0": [1,0], "1": [0,1], "2": [-1,0],'
                      ' "3": [0,-1]}}')
    two_d = tmp_path / "net2.json"
    two_d.write_text('{"input_dim": 2, "layers": [{"weight": [[1, 0], [-1, 0], [0, 1], [0, -1]], "bias": [0,0,0,0]},'
                     ' {"weight": [[1, 1, 0, 0], [0, 0, 1, -1]], "bias": [0, 0]}]}')
    out = run("image", two_d, square, "--json")
    assert [h["betti"] for h in json.loads(out.stdout)["homology"]] == [1, 0]  # the fold (|x|, y) kills the loop
    # the sampled fold: coning Algorithm 1's two arcs keeps the loop, identifying mirror pairs folds it
    ring = tmp_path / "ring.json"
    ring.write_text(json.dumps([[1, 0], ["1/2", "1/2"], [0, 1], ["-1/2", "1/2"], [-1, 0], ["-1/2", "-1/2"], [0, -1],
                                ["1/2", "-1/2"]]))
    betti = {}
    for construction in ("cone", "identify"):
        classes = "paper" if construction == "cone" else "data"
        out = run("quotient", two_d, ring, "--eps", "3/4", "--maxdim", "2", "--classes", classes,
                  "--construction", construction, "--json")
        betti[construction] = [h["betti"] for h in json.loads(out.stdout)["homology"]][:2]
    assert betti == {"cone": [1, 1], "identify": [1, 0]}
    for args, message in ((["image", fold, square], "not in dimension 1"),
                          (["quotient", fold, line, "--eps", "x"], "not a rational"),
                          (["overlap", fold, tmp_path / "none.json"], "does not exist"),
                          (["image", two_d, points], "expected")):
        out = run(*args)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_vertex_labels_keep_their_json_type(tmp_path):
    # issue 14 #2: 1 and "1" are two vertices: [1,2],[2,3],[3,"1"] is a path (H_1 = 0), not a circle
    def run(*args):
        return subprocess.run([sys.executable, "-m", "homology", *map(str, args)], capture_output=True, text=True)

    path = tmp_path / "path.json"
    path.write_text(json.dumps({"facets": [[1, 2], [2, 3], [3, "1"]]}))
    out = run("betti", path, "--json")
    assert out.returncode == 0, out.stderr
    assert [g["betti"] for g in json.loads(out.stdout)["homology"]] == [1, 0]
    path.write_text(json.dumps({"facets": [[1, 2], [2, 3], [3, 1]]}))
    assert [g["betti"] for g in json.loads(run("betti", path, "--json").stdout)["homology"]] == [1, 1]
    path.write_text(json.dumps({"facets": [[True, 2]]}))
    out = run("betti", path)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1

"""Theorem 5's conditions, hiding detection, genericity checks, orthant maps, and the fibers CLI."""

import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exact.errors import PreconditionError
from exact.network import Network
from exact.strategies import networks
from fibers.identifiability import genericity, hiding_neurons, identifiability, theorem5_conditions
from fibers.orthant import OrthantMap, compare_on_orthant, hyperplane_representation, neuron_classes

W1 = ([[1, 0], [0, 1]], [0, 0])


def net_with(W2, b2):
    return Network(2, [W1, (W2, b2), ([[1] * len(W2)], [0])])


@pytest.mark.parametrize("W2, b2, numbers", [
    ([[-1, -2], [1, -1]], [-1, 1], [1]),          # row 0 all negative
    ([[1, 2], [1, -1]], [1, 1], [2]),             # row 0 all positive
    ([[2, -1], [1, -3]], [-1, -2], [3]),          # hyperplane 0 hidden by both
    ([[2, -1], [-1, 3]], [1, -2], []),            # none
    ([[2, -1], [-1, 3]], [-1, -2], []),           # each neuron hides a different hyperplane: none for theta
])
def test_theorem5_conditions(W2, b2, numbers):
    conditions = theorem5_conditions(net_with(W2, b2))
    assert [c.number for c in conditions] == numbers
    report = identifiability(net_with(W2, b2), check_genericity=False)
    assert report.identifiable == (not numbers)


def test_hiding_neurons():
    assert hiding_neurons(net_with([[2, -1], [-1, 3]], [-1, -2])) == {0: [0], 1: [1]}


def test_genericity_reports():
    coincident = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[2, -1, 1]], [-1]), ([[1]], [0])])
    # three lines through the origin: the vertex (codimension 2) lies in three bent hyperplanes
    result = genericity(coincident)["supertransversality"]
    assert result["checked"] and result["holds"] is False and result["method"] == "complex"
    assert "lies on more than 2 bent hyperplanes" in result["failure"]
    # the witness, re-checked by hand: the origin is on all three first-layer lines (n + 1 = 3)
    x = [Q(v) for v in result["witness"]]
    assert sum(1 for w in ([1, 0], [0, 1], [1, 1]) if w[0] * x[0] + w[1] * x[1] == 0) == 3
    from fibers.identifiability import supertransversality

    result = supertransversality(coincident, method="faces")
    assert result["holds"] is False
    assert "codimension 2" in result["failure"] and "neurons [0, 1, 2]" in result["failure"]
    generic = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 3]], [1, -2]), ([[1, 3]], [0])])
    result = genericity(generic)
    assert result["masked_product_ranks"]["holds"] and result["supertransversality"]["holds"]
    # W3 W2 D_{0} W1 = (1*2 + 2*(-1)) W1[0] = 0, while the definition asks for rank min(n0, 1, 2, 1) = 1
    cancelling = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 3]], [1, -2]), ([[1, 2]], [0])])
    ranks = genericity(cancelling)["masked_product_ranks"]
    assert ranks["holds"] is False and "masks [[0], [0, 1]]" in ranks["failure"]
    big = Network(3, [([[1, 0, 0]] * 3, [0, 1, 2]), ([[1, 1, 1]] * 6, [0] * 6), ([[1] * 6], [0])])
    assert genericity(big)["supertransversality"]["checked"] is False


@settings(max_examples=40, deadline=None)
@given(networks(input_dim=st.integers(1, 2), max_depth=3, max_width=3, skips=False,
                elements=st.sampled_from([Q(v) for v in (-2, -1, 0, 1, 2)] + [Q(1, 2)])))
def test_supertransversality_by_the_complex_agrees_with_the_faces(net):
    # small integer weights make coincidences (three lines through a point, dead neurons) common
    from fibers.identifiability import supertransversality

    assume(net.neuron_count <= 6)
    by_faces = supertransversality(net, method="faces")
    by_complex = supertransversality(net)
    assert by_complex["checked"] and by_faces["checked"]
    assert by_complex["holds"] == by_faces["holds"]
    if by_complex["method"] == "complex" and not by_complex["holds"]:
        # the witness vertex lies on more than n bent hyperplanes: count zero pre-activations by hand
        point = [Q(v) for v in by_complex["witness"]]
        values, zeros = point, 0
        for l, layer in enumerate(net.layers, start=1):
            z = [sum((w * v for w, v in zip(row, values)), b) for row, b in zip(layer.weight, layer.bias)]
            if l in net.relu_layers:
                zeros += sum(1 for v in z if v == 0)
            values = [max(v, Q(0)) for v in z]
        assert zeros >= net.input_dim + 1


def test_rejects_other_architectures():
    with pytest.raises(PreconditionError, match="bottleneck"):
        identifiability(Network(1, [([[1], [2]], [0, 0]), ([[1, 1]], [0]), ([[1]], [0])]))


def test_orthant_classes_and_weights():
    g = OrthantMap(U=[[1, -1], [2, -2], [-1, 1], [1, 1], [-1, 0]], c=[0, 0, 0, 0, -1],
                   V=[[1, 1, 3, 1, 7]], d=[0])
    assert neuron_classes(g) == ["nonlinear", "nonlinear", "nonlinear", "linear", "dead"]
    # weights add on the hyperplane z1 = z2: |1|*1 + |2|*1 + |-1|*3
    assert hyperplane_representation(g).hyperplanes == {(Q(1), Q(-1), Q(0)): (Q(6),)}
    cancel = OrthantMap(U=[[1, -1], [-1, 1]], c=[0, 0], V=[[1, -1]], d=[0])  # relu(t) - relu(-t) = t: no breakpoint
    assert hyperplane_representation(cancel).hyperplanes == {}
    linear = OrthantMap(U=[[1, 0], [0, 1]], c=[0, 0], V=[[1, -1]], d=[0])
    assert compare_on_orthant(cancel, linear).equal
    # brute-force agreement with evaluation on a grid of the orthant
    other = OrthantMap(U=[[1, -1], [0, 1]], c=[0, 0], V=[[1, -1]], d=[0])
    grid = [(Q(a, 2), Q(b, 3)) for a in range(8) for b in range(8)]
    assert compare_on_orthant(cancel, other).equal == all(cancel(z) == other(z) for z in grid)


def run(*args):
    return subprocess.run([sys.executable, "-m", "fibers", *map(str, args)], capture_output=True, text=True)


def test_cli_identifiable_and_transform(tmp_path):
    a = tmp_path / "a.json"
    a.write_text(json.dumps({"input_dim": 2, "layers": [
        {"weight": [[1, 2], [3, -1]], "bias": [1, 0]}, {"weight": [[2, -1]], "bias": ["-1"]},
        {"weight": [[1]], "bias": [0]}]}))
    out = run("identifiable", a, "--json")
    assert out.returncode == 1                      # not identifiable: exit 1, like equiv's "not equivalent"
    assert json.loads(out.stdout)["hidden"] == 0 and not json.loads(out.stdout)["identifiable"]
    b, c = tmp_path / "b.json", tmp_path / "c.json"
    assert run("transform", a, "--flip", "1", "-o", b).returncode == 0
    assert run("transform", b, "--translate", "0", "--t", "5/2", "-o", c).returncode == 0
    cert = tmp_path / "cert.json"
    out = run("equiv", a, c, "--method", "bottleneck", "-o", cert)
    assert out.returncode == 0 and "chain" in out.stdout
    assert run("verify", a, c, cert).stdout.startswith("valid: ")
    data = json.loads(cert.read_text())
    data["certificate"]["steps"][-1] = {"translate": {"index": 0, "t": "3"}}
    cert.write_text(json.dumps(data))
    assert run("verify", a, c, cert).returncode == 1
    for args, message in ((("transform", a, "--translate", "0", "--t", "-9", "-o", b), "admissible half-line"),
                          (("transform", a, "--translate", "1", "--t", "1", "-o", b), "does not hide"),
                          (("transform", a, "--translate", "0", "-o", b), "needs --t"),
                          (("transform", a, "--flip", "x", "-o", b), "comma-separated")):
        out = run(*args)
        assert out.returncode == 2 and message in out.stderr, out.stderr

"""JSON and NumPy I/O (PyTorch: test_torch.py). Expected values come from the definitions (exact binary values)."""

import json
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given

from exact.errors import FormatError, NotExactError, ShapeError, SkipError
from exact.io import (
    from_numpy,
    load_network,
    network_from_json,
    network_to_json,
    polyhedron_from_json,
    save_network,
)
from exact.network import Network
from exact.strategies import networks

DESIGN_EXAMPLE = """{"input_dim": 2,
 "layers": [{"weight": [["-4", "1"], ["-4", "-1"]], "bias": ["2", "3"]},
            {"weight": [["1", "1/2"]], "bias": [0]}],
 "skips": [],
 "output_relu": false}"""


def test_design_example_and_exact_decimals():
    net = network_from_json(DESIGN_EXAMPLE)
    assert net.layers[1].weight == ((1, Q(1, 2)),)
    net2 = network_from_json('{"input_dim": 1, "layers": [{"weight": [[0.1]], "bias": [1e-3]}]}')
    assert net2.layers[0].weight == ((Q(1, 10),),) and net2.layers[0].bias == (Q(1, 1000),)


@given(networks(max_depth=3, output_relu=None))
def test_round_trip_is_exact(net):
    text = json.dumps(network_to_json(net))
    assert network_from_json(text) == net


def test_save_and_load(tmp_path):
    net = network_from_json(DESIGN_EXAMPLE)
    path = tmp_path / "net.json"
    save_network(net, path)
    assert load_network(path) == net
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary file left


BAD_JSON = [
    ('{"input_dim": 2, "layers": [', FormatError, "malformed JSON"),
    ('[1, 2]', FormatError, "expected a JSON object"),
    ('{"layers": []}', FormatError, "missing key 'input_dim'"),
    ('{"input_dim": 1, "layers": [], "extra": 1}', FormatError, "unknown keys"),
    ('{"input_dim": 1, "layers": []}', FormatError, "non-empty list"),
    ('{"input_dim": 1, "layers": [{"weight": [[1]]}]}', FormatError, "layer 1 must be an object"),
    ('{"input_dim": 2, "layers": [{"weight": [[1]], "bias": [0]}]}', ShapeError, "layer 1: weight is 1x1"),
    ('{"input_dim": 1, "layers": [{"weight": [[NaN]], "bias": [0]}]}', NotExactError, "NaN"),
    ('{"input_dim": 1, "layers": [{"weight": [[Infinity]], "bias": [0]}]}', NotExactError, "Infinity"),
    ('{"input_dim": 1, "layers": [{"weight": [[true]], "bias": [0]}]}', NotExactError, "bool"),
    ('{"input_dim": 1, "layers": [{"weight": [["x"]], "bias": [0]}]}', NotExactError, "not a rational"),
    ('{"input_dim": 1, "layers": [{"weight": [[1],[1]], "bias": [0,0]}, {"weight": [[1,1],[1,1]], "bias": [0,0]},'
     ' {"weight": [[1,1]], "bias": [0]}], "skips": [{"from": 0, "to": 3}]}', SkipError, "identity skip"),
    ('{"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]}], "output_relu": 1}', FormatError, "output_relu"),
]


@pytest.mark.parametrize("text, error, message", BAD_JSON)
def test_bad_network_json(text, error, message):
    with pytest.raises(error, match=message):
        network_from_json(text)


def test_domain_json():
    box = polyhedron_from_json('{"dim": 2, "box": [-1, "1/2"]}')
    assert box.vertices()[-1] == (Q(1, 2), Q(1, 2))
    tri = polyhedron_from_json('{"dim": 2, "inequalities": [{"a": [-1, 0], "b": 0}, {"a": [0, -1], "b": 0},'
                               ' {"a": [1, 1], "b": "1"}]}')
    assert tri.vertices() == ((0, 0), (0, 1), (1, 0))
    with pytest.raises(FormatError, match="unknown keys"):
        polyhedron_from_json('{"dim": 2, "boxes": 1}')


def test_from_numpy_exact_and_nearest():
    w = np.array([[0.1, -0.5]], dtype=np.float64)
    b = np.array([0.25])
    net = from_numpy([w], [b])
    assert net.layers[0].weight == ((Q(0.1), Q(-1, 2)),) and net.layers[0].bias == (Q(1, 4),)
    assert from_numpy([w], [b], max_denominator=100).layers[0].weight == ((Q(1, 10), Q(-1, 2)),)
    ints = from_numpy([np.array([[2, -3]])], [np.array([1])])
    assert ints.layers[0].weight == ((2, -3),)
    with pytest.raises(NotExactError, match="not finite"):
        from_numpy([np.array([[np.nan]])], [np.array([0.0])])
    with pytest.raises(FormatError, match="2 weights but 1 biases"):
        from_numpy([w, w], [b])


def test_network_equality_is_structural():
    a = Network(1, [([[1]], [0])])
    assert a == network_from_json(json.dumps(network_to_json(a)))
    assert a != Network(1, [([[2]], [0])])


def test_vnnlib_input_boxes_read_exactly():
    from fractions import Fraction as Q
    from pathlib import Path

    import pytest

    from exact.errors import FormatError
    from exact.io import load_vnnlib, vnnlib_from_text

    prop = vnnlib_from_text("; a comment (assert (<= X_0 9))\n(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
                            "(declare-const Y_0 Real)\n(assert (<= X_0 0.679857769))\n(assert (>= X_0 0.6))\n"
                            "(assert (>= 1.5e-1 X_1))\n(assert (<= -2 X_1))\n(assert (or (and (<= Y_0 1))))")
    assert prop.lo == (Q(3, 5), Q(-2)) and prop.hi == (Q(679857769, 10 ** 9), Q(3, 20))
    assert prop.output == "(assert (or (and (<= Y_0 1))))"
    for text, message in (("(declare-const X_0 Real) (assert (<= X_0 1))", "lack a lower"),
                          ("(declare-const X_0 Real) (assert (<= (+ X_0 X_0) 1))", "unsupported input constraint"),
                          ("(declare-const X_0 Real) (assert (<= X_0 0)) (assert (>= X_0 1))", "empty"),
                          ("(declare-const X_1 Real)", "consecutive"),
                          ("(declare-const X_0 Real) (assert (<= X_0 1)", "unbalanced")):
        with pytest.raises(FormatError, match=message):
            vnnlib_from_text(text)
    acas = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "acasxu" / "prop_1.vnnlib"
    if acas.exists():      # property 1 as its text says: X_0 in [0.6, 0.679857769], X_4 in [-0.5, -0.45]
        real = load_vnnlib(acas)
        assert real.lo[0] == Q(3, 5) and real.hi[0] == Q(679857769, 10 ** 9) and real.hi[4] == Q(-9, 20)
        assert "Y_0" in real.output


def test_vnnlib_and_per_coordinate_boxes_on_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    net = tmp_path / "net.json"
    # relu(x) + relu(y - 1/2): cuts x = 0 and y = 1/2
    net.write_text(json.dumps({"input_dim": 2, "layers": [{"weight": [[1, 0], [0, 1]], "bias": [0, "-1/2"]},
                                                         {"weight": [[1, 1]], "bias": [0]}]}))
    prop = tmp_path / "p.vnnlib"
    prop.write_text("(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)\n"
                    "(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 0))(assert (<= X_1 0.25))\n"
                    "(assert (<= Y_0 0))")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tropical", *map(str, args)], capture_output=True, text=True)

    # y in [0, 1/4] never reaches 1/2: only x = 0 cuts, 2 regions; on [-1, 1] x [0, 1] both cut, 4 regions
    assert run("regions", net, "--vnnlib", prop, "--count").stdout.strip() == "2"
    assert run("regions", net, "--box", -1, 1, 0, "1/4", "--count").stdout.strip() == "2"
    assert run("regions", net, "--box", -1, 1, 0, 1, "--count").stdout.strip() == "4"
    assert run("complex", net, "--box", -1, 1, 0, 1).stdout.splitlines()[2].split() == ["regions", "4"]
    prop.write_text("(declare-const X_0 Real)(declare-const X_1 Real)"
                    "(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 0))(assert (<= X_1 0))")
    for args, message in ((["--vnnlib", prop], "flat in X_1"), (["--box", 0, 1, 2], "3 values"),
                          (["--box", 1, 0, 0, 1], "below its HI")):
        out = run("regions", net, *args, "--count")
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1

"""JSON, NumPy and PyTorch I/O. Expected values come from the definitions (exact binary values)."""

import json
from fractions import Fraction as Q

import numpy as np
import pytest
import torch
from hypothesis import given

from exact.errors import FormatError, NotExactError, ShapeError, SkipError, UnsupportedLayerError
from exact.io import (
    from_numpy,
    from_torch,
    load_network,
    load_torch,
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


def dyadic_sequential(seed, widths, final=None, leaky=None):
    """Weights k/8 in [-2, 2]: float32 arithmetic on quarter-integer inputs is then exact at these sizes."""
    gen = torch.Generator().manual_seed(seed)
    mods = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        with torch.no_grad():
            lin.weight.copy_(torch.randint(-16, 17, lin.weight.shape, generator=gen).float() / 8)
            lin.bias.copy_(torch.randint(-16, 17, lin.bias.shape, generator=gen).float() / 8)
        mods.append(lin)
        if i < len(widths) - 2:
            mods.append(torch.nn.LeakyReLU(leaky) if leaky is not None else torch.nn.ReLU())
    if final is not None:
        mods.append(final)
    return torch.nn.Sequential(torch.nn.Flatten(), *mods)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("leaky", [None, 0.25])
def test_from_torch_agrees_exactly_where_float32_is_exact(seed, leaky):
    model = dyadic_sequential(seed, [3, 4, 4, 2], leaky=leaky)
    net = from_torch(model)
    gen = torch.Generator().manual_seed(100 + seed)
    xs = torch.randint(-8, 9, (20, 3), generator=gen).float() / 4
    with torch.no_grad():
        ys = model(xs)
    for x, y in zip(xs.tolist(), ys.tolist()):
        exact = net.evaluate([Q(v) for v in x])
        assert exact == tuple(Q(v) for v in y)  # float32 result, converted exactly, equals the exact value
    # weights are the exact binary values of the float32 entries
    assert net.layers[0].bias[0] == Q(model[1].bias[0].item())


def test_from_torch_output_activation_and_slope_precision():
    model = dyadic_sequential(0, [2, 3, 1], final=torch.nn.ReLU())
    assert from_torch(model).output_relu
    leaky = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.LeakyReLU(0.01), torch.nn.Linear(1, 1))
    with torch.no_grad():
        leaky[0].weight.fill_(1.0)
        leaky[0].bias.fill_(0.0)
        leaky[2].weight.fill_(1.0)
        leaky[2].bias.fill_(0.0)
    net = from_torch(leaky)
    slope32 = Q(float(np.float32(0.01)))  # torch applies the slope in float32
    assert net.evaluate([-1]) == (-slope32,)
    double = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(2, 1))  # composed exactly
    composed = from_torch(double)
    w1 = [[Q(v) for v in row] for row in double[0].weight.tolist()]
    w2 = [Q(v) for v in double[1].weight.tolist()[0]]
    assert composed.depth == 1
    assert composed.layers[0].weight[0][0] == w2[0] * w1[0][0] + w2[1] * w1[1][0]


@pytest.mark.parametrize("model, error, message", [
    (torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh()), UnsupportedLayerError, "Tanh"),
    (torch.nn.Sequential(torch.nn.Conv1d(1, 1, 1)), UnsupportedLayerError, "Conv1d"),
    (torch.nn.Linear(2, 2), UnsupportedLayerError, "expected torch.nn.Sequential"),
    (torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2)), FormatError, "before the first Linear"),
    (torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.ReLU()), FormatError, "two activations"),
])
def test_from_torch_rejects(model, error, message):
    with pytest.raises(error, match=message):
        from_torch(model)


def test_load_torch_files(tmp_path):
    model = dyadic_sequential(1, [2, 2, 1])
    torch.save(model, tmp_path / "m.pt")
    assert load_torch(tmp_path / "m.pt") == from_torch(model)
    torch.save(model.state_dict(), tmp_path / "sd.pt")
    with pytest.raises(FormatError, match="state dict"):
        load_torch(tmp_path / "sd.pt")
    (tmp_path / "junk.pt").write_text("not a model")
    with pytest.raises(FormatError, match="not a loadable torch file"):
        load_torch(tmp_path / "junk.pt")
    with pytest.raises(FormatError, match="does not exist"):
        load_torch(tmp_path / "missing.pt")


def test_network_equality_is_structural():
    a = Network(1, [([[1]], [0])])
    assert a == network_from_json(json.dumps(network_to_json(a)))
    assert a != Network(1, [([[2]], [0])])

"""PyTorch import (an optional extra: skipped when torch is not installed).

Expected values come from the definitions: float32 weights converted to their exact binary values.
"""

import json
import subprocess
import sys
from fractions import Fraction
from fractions import Fraction as Q

import numpy as np
import pytest

from exact.errors import FormatError, UnsupportedLayerError
from exact.io import from_torch, load_torch

torch = pytest.importorskip("torch")


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
    (torch.nn.MultiheadAttention(2, 1), UnsupportedLayerError, "MultiheadAttention"),
    (torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2)), FormatError, "before the first Linear"),
    (torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.ReLU()), FormatError, "two activations"),
])
def test_from_torch_rejects(model, error, message):
    with pytest.raises(error, match=message):
        from_torch(model)


def fraction_forward(state, x):
    """Evaluate a state dict's float32 weights exactly: Fractions of the stored floats, ReLU between layers."""
    names = [k for k in state if k.endswith("weight")]
    h = [Q(v) for v in x]
    for i, name in enumerate(names):
        W = [[Q(v) for v in row] for row in state[name].tolist()]
        b = [Q(v) for v in state[name[:-len("weight")] + "bias"].tolist()]
        z = [sum((w * v for w, v in zip(row, h)), c) for row, c in zip(W, b)]
        h = [max(v, Q(0)) for v in z] if i < len(names) - 1 else z
    return tuple(h)


def test_state_dicts_convert_exactly(tmp_path):
    class MLP(torch.nn.Module):      # a custom class: only its state_dict can be loaded without running code
        def __init__(self):
            super().__init__()
            self.fcs = torch.nn.ModuleList([torch.nn.Linear(2, 7), torch.nn.Linear(7, 5), torch.nn.Linear(5, 1)])

    torch.manual_seed(3)
    state = MLP().state_dict()
    torch.save(state, tmp_path / "sd.pt")
    net = load_torch(tmp_path / "sd.pt", arch=[2, 7, 5, 1])
    for x in ([Q(1, 3), Q(-2, 7)], [Q(5), Q(-1, 2)], [Q(0), Q(0)]):
        assert net.evaluate(x) == fraction_forward(state, x)
    with pytest.raises(FormatError, match="--arch: 2,7,1 differs"):
        load_torch(tmp_path / "sd.pt", arch=[2, 7, 1])
    bn = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3)).state_dict()
    torch.save(bn, tmp_path / "bn.pt")
    with pytest.raises(FormatError, match="'1.weight' has shape \\[3\\], not a Linear weight"):
        load_torch(tmp_path / "bn.pt")       # BatchNorm's weight is 1-D
    # through the CLI: the same exact values
    out = subprocess.run([sys.executable, "-m", "exact", "convert", str(tmp_path / "sd.pt"), "-o",
                          str(tmp_path / "n.json"), "--arch", "2,7,5,1"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "n.json").read_text())
    assert Q(data["layers"][1]["bias"][4]) == Q(state["fcs.1.bias"][4].item())


def test_load_torch_files(tmp_path):
    model = dyadic_sequential(1, [2, 2, 1])
    torch.save(model, tmp_path / "m.pt")
    with pytest.raises(FormatError, match="pickled code"):      # weights_only by default: no code runs
        load_torch(tmp_path / "m.pt")
    assert load_torch(tmp_path / "m.pt", trust_pickle=True) == from_torch(model)
    torch.save(model.state_dict(), tmp_path / "sd.pt")
    assert load_torch(tmp_path / "sd.pt") == from_torch(model)
    (tmp_path / "junk.pt").write_text("not a model")
    with pytest.raises(FormatError, match="not a loadable torch file"):
        load_torch(tmp_path / "junk.pt")
    with pytest.raises(FormatError, match="does not exist"):
        load_torch(tmp_path / "missing.pt")



def test_convert_round_trip(tmp_path):
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    torch.save(model, tmp_path / "m.pt")
    out = subprocess.run([sys.executable, "-m", "exact", "convert", str(tmp_path / "m.pt"), "-o",
                          str(tmp_path / "n.json"), "--trust-pickle"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "n.json").read_text())
    assert Q(data["layers"][0]["weight"][0][0]) == Q(model[0].weight[0, 0].item())




def test_safetensors_files_convert_exactly(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    torch.manual_seed(5)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    safetensors_numpy.save_file(state, str(tmp_path / "m.safetensors"))
    net = load_torch(tmp_path / "m.safetensors")
    x = [Q(1, 2), Q(-3), Q(2, 5)]
    assert net.evaluate(x) == fraction_forward(state, x)
    (tmp_path / "bad.safetensors").write_text("nope")
    with pytest.raises(FormatError, match="not a safetensors file"):
        load_torch(tmp_path / "bad.safetensors")


def _float32_forward_exact(layers, x):
    """An exact evaluation of float32 weights given as nested lists (plain Fractions), ReLU between layers."""
    value = [Q(v) for v in x]
    for i, (W, b) in enumerate(layers):
        value = [sum((Q(w) * v for w, v in zip(row, value)), Q(0)) + Q(c) for row, c in zip(W, b)]
        if i < len(layers) - 1:
            value = [max(v, Q(0)) for v in value]
    return value


def test_custom_module_traced_with_fx_and_torchscript():
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.first = torch.nn.Linear(2, 3)
            self.second = torch.nn.Linear(3, 1)

        def forward(self, x):
            return self.second(torch.nn.functional.relu(self.first(torch.flatten(x, 1))))

    torch.manual_seed(0)
    model = Net()
    layers = [(model.first.weight.tolist(), model.first.bias.tolist()),
              (model.second.weight.tolist(), model.second.bias.tolist())]
    net = from_torch(model)
    for x in ([Q(1, 2), Q(-3)], [Q(2), Q(5, 7)]):
        assert list(net.evaluate(x)) == _float32_forward_exact(layers, x)
    scripted = torch.jit.script(torch.nn.Sequential(model.first, torch.nn.ReLU(), model.second))
    assert from_torch(scripted).evaluate([Q(1, 2), Q(-3)]) == net.evaluate([Q(1, 2), Q(-3)])

    class Branchy(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(2, 2)

        def forward(self, x):
            return self.layer(x) + x
    with pytest.raises(UnsupportedLayerError, match="not a chain"):
        from_torch(Branchy())


def test_batchnorm_folded_in_eval_mode_and_refused_in_training():
    import math

    torch.manual_seed(1)
    linear, norm = torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3)
    with torch.no_grad():
        norm.running_mean.copy_(torch.tensor([0.5, -1.0, 2.0]))
        norm.running_var.copy_(torch.tensor([4.0, 0.25, 2.0]))
        norm.weight.copy_(torch.tensor([1.5, -2.0, 0.5]))
        norm.bias.copy_(torch.tensor([0.1, 0.2, -0.3]))
    model = torch.nn.Sequential(linear, norm, torch.nn.ReLU(), torch.nn.Linear(3, 1)).eval()
    net = from_torch(model)
    x = [Q(1, 3), Q(-2)]
    # by hand: y = gamma (W x + b - mean) / sqrt(var + eps) + beta, the square root in float64 taken exactly
    W, b = linear.weight.tolist(), linear.bias.tolist()
    z = [sum((Q(w) * v for w, v in zip(row, x)), Q(0)) + Q(c) for row, c in zip(W, b)]
    gamma, beta = norm.weight.tolist(), norm.bias.tolist()
    mean, var = norm.running_mean.tolist(), norm.running_var.tolist()
    y = [Q(g) / Q(math.sqrt(float(Q(v) + Q(norm.eps)))) * (zi - Q(m)) + Q(bt)
         for zi, g, bt, m, v in zip(z, gamma, beta, mean, var)]
    last = model[3]
    expected = sum((Q(w) * max(v, Q(0)) for w, v in zip(last.weight.tolist()[0], y)), Q(0)) + Q(last.bias.item())
    assert net.evaluate(x) == (expected,)
    with torch.no_grad():
        assert abs(float(expected) - model(torch.tensor([[float(v) for v in x]])).item()) < 1e-5
    with pytest.raises(FormatError, match="training mode"):
        from_torch(torch.nn.Sequential(linear, torch.nn.BatchNorm1d(3)).train())


def test_to_torch_round_trip_and_to_numpy():
    from exact import Network
    from exact.io import to_numpy, to_torch

    dyadic = Network(2, [([[Q(1, 2), Q(-3, 4)], [Q(5), Q(1, 8)]], [Q(1, 16), 0]), ([[Q(3, 2), Q(-1)]], [Q(1, 4)])],
                     output_relu=True)
    back = from_torch(to_torch(dyadic))        # dyadic rationals are float32 exactly: an exact round trip
    assert back.layers == dyadic.layers and back.output_relu
    thirds = Network(1, [([[Q(1, 3)]], [Q(2, 3)]), ([[1]], [0])])
    model = to_torch(thirds, dtype=torch.float64)
    assert abs(model(torch.tensor([[3.0]], dtype=torch.float64)).item() - 5 / 3) < 1e-15
    assert to_numpy(thirds)[0][1].tolist() == [2 / 3]
    from exact.network import Skip
    with pytest.raises(FormatError, match="skips"):
        to_torch(Network(1, [([[1]], [0]), ([[1]], [0])], [Skip(0, 2)]))


def _int_repr_times_scale(w):
    """The exact weights of a quantized tensor, from its integers, zero points and scales (read here)."""
    ints = w.int_repr().tolist()
    if w.qscheme() in (torch.per_tensor_affine, torch.per_tensor_symmetric):
        return [[(v - w.q_zero_point()) * Fraction(w.q_scale()) for v in row] for row in ints]
    scales, zeros = w.q_per_channel_scales().tolist(), w.q_per_channel_zero_points().tolist()
    assert w.q_per_channel_axis() == 0
    return [[(v - zeros[i]) * Fraction(scales[i]) for v in row] for i, row in enumerate(ints)]


@pytest.mark.parametrize("per_channel", [False, True])
def test_dynamically_quantized_linear_layers_are_int_repr_times_scale(per_channel):
    import warnings

    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3), torch.nn.ReLU(),
                                torch.nn.Linear(3, 1))
    qconfig = torch.ao.quantization.per_channel_dynamic_qconfig if per_channel else \
        torch.ao.quantization.default_dynamic_qconfig
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantized = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear: qconfig}, dtype=torch.qint8)
    net = from_torch(quantized)
    layers = [m for m in quantized if not isinstance(m, torch.nn.ReLU)]
    for layer, mod in zip(net.layers, layers):
        assert [list(r) for r in layer.weight] == _int_repr_times_scale(mod.weight())
        assert list(layer.bias) == [Fraction(v) for v in mod.bias().tolist()]
    assert any(v.denominator > 1 for row in net.layers[0].weight for v in row)


def test_static_quantization_is_refused_by_name_unless_dropped(tmp_path):
    import warnings

    torch.manual_seed(4)
    model = torch.nn.Sequential(torch.ao.quantization.QuantStub(), torch.nn.Linear(2, 4), torch.nn.ReLU(),
                                torch.nn.Linear(4, 1), torch.ao.quantization.DeQuantStub())
    model.qconfig = torch.ao.quantization.get_default_qconfig("fbgemm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prepared = torch.ao.quantization.prepare(model)
        prepared(torch.randn(64, 2))
        static = torch.ao.quantization.convert(prepared)
    with pytest.raises(UnsupportedLayerError, match="activation quantization"):
        from_torch(static)
    net = from_torch(static, drop_activation_quantization=True)
    assert net.widths == (2, 4, 1)
    assert [list(r) for r in net.layers[1].weight] == _int_repr_times_scale(static[3].weight())
    path = tmp_path / "static.pt"
    torch.save(static, path)
    out = tmp_path / "net.json"
    refused = subprocess.run([sys.executable, "-m", "exact", "convert", str(path), "--trust-pickle", "-o", str(out)],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "activation quantization" in refused.stderr and not out.exists()
    done = subprocess.run([sys.executable, "-m", "exact", "convert", str(path), "--trust-pickle",
                           "--drop-activation-quantization", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_scripted_quantized_models_convert_like_eager_ones(tmp_path):
    import warnings

    torch.manual_seed(6)
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantized = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        scripted = torch.jit.script(quantized)
    assert from_torch(scripted) == from_torch(quantized)
    assert [list(r) for r in from_torch(scripted).layers[0].weight] == _int_repr_times_scale(quantized[0].weight())
    path = tmp_path / "scripted.pt"
    torch.jit.save(scripted, str(path))
    assert load_torch(path, trust_pickle=True) == from_torch(quantized)

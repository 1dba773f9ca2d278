"""ONNX import and export: exact against the file's float32 weights, close to onnxruntime."""

import subprocess
import sys
from fractions import Fraction as Q

import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
np = pytest.importorskip("numpy")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from exact import Network  # noqa: E402
from exact.errors import UnsupportedLayerError  # noqa: E402
from exact.io import from_onnx, load_torch, to_onnx  # noqa: E402


def _model(nodes, initializers, inputs=2, outputs=1, last="y"):
    graph = helper.make_graph(nodes, "t", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", inputs])],
                              [helper.make_tensor_value_info(last, TensorProto.FLOAT, ["N", outputs])],
                              [numpy_helper.from_array(v, k) for k, v in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def _exact_reference(x, W1, b1, slope, W2, alpha, beta, c2):
    """The graph below evaluated exactly from its float32 initialisers (plain Fractions)."""
    z = [sum((Q(float(w)) * v for w, v in zip(col, x)), Q(0)) + Q(float(b)) for col, b in zip(W1.T, b1)]
    a = [v if v > 0 else Q(float(np.float32(slope))) * v for v in z]
    return [Q(float(np.float32(alpha))) * sum((Q(float(w)) * v for w, v in zip(row, a)), Q(0))
            + Q(float(np.float32(beta))) * Q(float(c)) for row, c in zip(W2, c2)]


def test_matmul_add_leaky_gemm_flatten_exact_and_close_to_onnxruntime():
    rng = np.random.default_rng(0)
    W1 = rng.normal(size=(2, 3)).astype(np.float32)        # MatMul weights: (in, out)
    b1 = rng.normal(size=3).astype(np.float32)
    W2 = rng.normal(size=(1, 3)).astype(np.float32)        # Gemm with transB = 1: (out, in)
    c2 = rng.normal(size=1).astype(np.float32)
    nodes = [helper.make_node("Flatten", ["x"], ["f"]), helper.make_node("MatMul", ["f", "W1"], ["m"]),
             helper.make_node("Add", ["m", "b1"], ["z"]), helper.make_node("LeakyRelu", ["z"], ["a"], alpha=0.2),
             helper.make_node("Gemm", ["a", "W2", "c2"], ["y"], transB=1, alpha=0.5, beta=2.0)]
    model = _model(nodes, {"W1": W1, "b1": b1, "W2": W2, "c2": c2})
    net = from_onnx(model)
    session = ort.InferenceSession(model.SerializeToString())
    for x in ([Q(1, 2), Q(-3)], [Q(2), Q(5, 7)], [Q(-1), Q(-1)]):
        exact = list(net.evaluate(x))
        assert exact == _exact_reference(x, W1, b1, 0.2, W2, 0.5, 2.0, c2)
        runtime = session.run(None, {"x": np.array([[float(v) for v in x]], dtype=np.float32)})[0][0]
        assert abs(float(exact[0]) - float(runtime[0])) < 1e-5


def test_unsupported_operator_and_non_chain_are_named():
    W = np.eye(2, dtype=np.float32)
    with pytest.raises(UnsupportedLayerError, match="operator Tanh"):
        from_onnx(_model([helper.make_node("MatMul", ["x", "W"], ["m"]), helper.make_node("Tanh", ["m"], ["y"])],
                         {"W": W}, outputs=2))
    branch = [helper.make_node("MatMul", ["x", "W"], ["m"]), helper.make_node("Add", ["m", "x"], ["y"])]
    with pytest.raises(UnsupportedLayerError, match="not a chain"):
        from_onnx(_model(branch, {"W": W}, outputs=2))


def test_to_onnx_round_trip_and_runtime(tmp_path):
    dyadic = Network(2, [([[Q(1, 2), Q(-3, 4)], [Q(5), Q(1, 8)]], [Q(1, 16), 0]), ([[Q(3, 2), Q(-1)]], [Q(1, 4)])])
    path = tmp_path / "net.onnx"
    to_onnx(dyadic, path)
    assert from_onnx(str(path)).layers == dyadic.layers          # dyadic rationals are float32 exactly
    session = ort.InferenceSession(str(path))
    for x in ([Q(1), Q(2)], [Q(-3, 2), Q(1, 4)]):
        runtime = session.run(None, {"x": np.array([[float(v) for v in x]], dtype=np.float32)})[0][0]
        assert abs(float(dyadic.evaluate(x)[0]) - float(runtime[0])) < 1e-6
    assert load_torch(path).layers == dyadic.layers               # the convert command's loader reads .onnx too
    out = subprocess.run([sys.executable, "-m", "exact", "convert", str(path), "-o", str(tmp_path / "net.json")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _graph_model(nodes, initializers, inputs=2, outputs=1, last="y", input_shape=None):
    shape = input_shape or ["N", inputs]
    graph = helper.make_graph(nodes, "t", [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
                              [helper.make_tensor_value_info(last, TensorProto.FLOAT, ["N", outputs])],
                              [numpy_helper.from_array(v, k) for k, v in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def test_normalisation_and_constant_affine_nodes_fold_exactly():
    # (x - mean) / std, MatMul, Add, Relu, a scalar Mul, MatMul, a broadcast [1] bias, then 10 - y:
    # evaluated in the test from the float32 initialisers with plain Fractions
    mean = np.array([0.5, -1.25], np.float32)
    std = np.array([2.0, 0.75], np.float32)
    W1 = np.array([[1.5, -2.0, 0.25], [0.5, 1.0, -1.0]], np.float32)
    b1 = np.array([0.1, -0.2, 0.3], np.float32)
    half = np.array(0.5, np.float32)
    W2 = np.array([[1.0], [-3.0], [2.5]], np.float32)
    b2 = np.array([0.7], np.float32)
    ten = np.array([10.0], np.float32)
    nodes = [helper.make_node("Sub", ["x", "mean"], ["c"]), helper.make_node("Div", ["c", "std"], ["n"]),
             helper.make_node("MatMul", ["n", "W1"], ["m"]), helper.make_node("Add", ["b1", "m"], ["z"]),
             helper.make_node("Relu", ["z"], ["a"]), helper.make_node("Mul", ["a", "half"], ["h"]),
             helper.make_node("MatMul", ["h", "W2"], ["o"]), helper.make_node("Add", ["o", "b2"], ["p"]),
             helper.make_node("Sub", ["ten", "p"], ["y"])]
    model = _graph_model(nodes, {"mean": mean, "std": std, "W1": W1, "b1": b1, "half": half, "W2": W2, "b2": b2,
                                 "ten": ten})
    net = from_onnx(model)
    assert [len(layer.bias) for layer in net.layers] == [3, 1]       # everything folded into two maps
    f = {k: [Q(float(v)) for v in np.asarray(a).reshape(-1)] for k, a in
         (("mean", mean), ("std", std), ("b1", b1), ("W2", W2), ("b2", b2))}
    session = ort.InferenceSession(model.SerializeToString())
    for x in ([Q(1), Q(2)], [Q(-3, 4), Q(5, 2)], [Q(0), Q(-7)]):
        n = [(v - m) / s for v, m, s in zip(x, f["mean"], f["std"])]
        z = [sum((Q(float(W1[i, j])) * n[i] for i in range(2)), Q(0)) + f["b1"][j] for j in range(3)]
        h = [Q(1, 2) * max(v, Q(0)) for v in z]
        y = Q(10) - (sum((w * v for w, v in zip(f["W2"], h)), Q(0)) + f["b2"][0])
        assert list(net.evaluate(x)) == [y]
        runtime = session.run(None, {"x": np.array([[float(v) for v in x]], dtype=np.float32)})[0][0]
        assert abs(float(y) - float(runtime[0])) < 1e-4


def test_sweep_defects_convert():
    W = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
    # a Constant with value_floats feeding an Add
    nodes = [helper.make_node("MatMul", ["x", "W"], ["m"]),
             helper.make_node("Constant", [], ["b"], value_floats=[0.5, -1.5]),
             helper.make_node("Add", ["m", "b"], ["y"])]
    assert from_onnx(_graph_model(nodes, {"W": W}, outputs=2)).layers[0].bias == (Q(1, 2), Q(-3, 2))
    # a MatMul by a 1-D weight: one output
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"])]
    net = from_onnx(_graph_model(nodes, {"w": np.array([2.0, -1.0], np.float32)}))
    assert net.layers[0].weight == ((Q(2), Q(-1)),)
    # an Add of a broadcast [1] bias after MatMul, and an Identity on an initialiser
    nodes = [helper.make_node("Identity", ["W"], ["W_"]), helper.make_node("MatMul", ["x", "W_"], ["m"]),
             helper.make_node("Add", ["m", "one"], ["y"])]
    net = from_onnx(_graph_model(nodes, {"W": W, "one": np.array([1.0], np.float32)}, outputs=2))
    assert net.layers[0].bias == (Q(1), Q(1))
    # LeakyRelu without alpha: ONNX's float32 default, so two equal files convert equally
    nodes = [helper.make_node("MatMul", ["x", "W"], ["m"]), helper.make_node("LeakyRelu", ["m"], ["l"]),
             helper.make_node("MatMul", ["l", "V"], ["y"])]
    implicit = from_onnx(_graph_model(nodes, {"W": W, "V": np.ones((2, 1), np.float32)}))
    nodes[1] = helper.make_node("LeakyRelu", ["m"], ["l"], alpha=0.01)
    explicit = from_onnx(_graph_model(nodes, {"W": W, "V": np.ones((2, 1), np.float32)}))
    assert implicit.evaluate([Q(-1), Q(0)]) == explicit.evaluate([Q(-1), Q(0)])
    assert Q(float(np.float32(0.01))) == Q(5368709, 536870912)
    # a Transpose keeping the features last passes; constant / data is not affine
    nodes = [helper.make_node("Transpose", ["x"], ["t"], perm=[0, 1]), helper.make_node("MatMul", ["t", "W"], ["y"])]
    assert from_onnx(_graph_model(nodes, {"W": W}, outputs=2)).layers[0].weight == ((Q(1), Q(1, 2)), (Q(-2), Q(3)))
    nodes = [helper.make_node("Div", ["c", "x"], ["d"]), helper.make_node("MatMul", ["d", "W"], ["y"])]
    with pytest.raises(UnsupportedLayerError, match="not affine"):
        from_onnx(_graph_model(nodes, {"c": np.array([1.0, 1.0], np.float32), "W": W}, outputs=2))


ACAS = "../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.onnx"


def test_acas_xu_converts_as_it_is_and_agrees_with_onnxruntime():
    import os

    path = os.path.join(os.path.dirname(__file__), "..", "..", ACAS)
    if not os.path.exists(path):
        pytest.skip("the ACAS Xu data is not beside this checkout")
    model = onnx.load(path)
    net = from_onnx(model)
    assert net.widths == (5, 50, 50, 50, 50, 50, 50, 5)
    consts = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    # the leading Sub subtracts zeros: the first map is the MatMul's weights, transposed, exactly
    assert not consts["input_AvgImg"].any()
    assert net.layers[0].weight == tuple(tuple(Q(float(v)) for v in row) for row in consts["Operation_1_MatMul_W"].T)
    session = ort.InferenceSession(model.SerializeToString())
    rng = np.random.default_rng(1)
    for _ in range(20):
        x = rng.uniform(-0.5, 0.5, size=5).astype(np.float32)
        exact = net.evaluate([Q(float(v)) for v in x])
        runtime = session.run(None, {"input": x.reshape(1, 1, 1, 5)})[0][0]
        assert max(abs(float(e) - float(r)) for e, r in zip(exact, runtime)) < 1e-4


def _qdq_graph(activation_qdq):
    """x -> [Q/DQ] -> MatMul(DequantizeLinear(W_q, per-column scales, zero points)) -> Add b -> Relu -> Gemm."""
    rng = np.random.default_rng(8)
    W_q = rng.integers(-128, 128, size=(3, 4)).astype(np.int8)
    scale = (rng.random(4) / 50 + 0.001).astype(np.float32)
    zero = rng.integers(-5, 5, size=4).astype(np.int8)
    b = rng.standard_normal(4).astype(np.float32)
    G = rng.standard_normal((2, 4)).astype(np.float32)
    nodes, current = [], "x"
    consts = {"Wq": W_q, "Ws": scale, "Wz": zero, "b": b, "G": G, "xs": np.float32(0.05), "xz": np.uint8(128)}
    if activation_qdq:
        nodes += [helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]),
                  helper.make_node("DequantizeLinear", ["xq", "xs", "xz"], ["xd"])]
        current = "xd"
    nodes += [helper.make_node("DequantizeLinear", ["Wq", "Ws", "Wz"], ["W"], axis=1),
              helper.make_node("MatMul", [current, "W"], ["h"]), helper.make_node("Add", ["h", "b"], ["hb"]),
              helper.make_node("Relu", ["hb"], ["r"]), helper.make_node("Gemm", ["r", "G"], ["y"], transB=1)]
    graph = helper.make_graph(nodes, "qdq", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
                              [numpy_helper.from_array(np.asarray(v), k) for k, v in consts.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), W_q, scale, zero, b


def test_qdq_weights_fold_to_int_times_scale_exactly():
    model, W_q, scale, zero, b = _qdq_graph(activation_qdq=False)
    net = from_onnx(model)
    expected = [[(int(W_q[i, j]) - int(zero[j])) * Q(float(scale[j])) for i in range(3)] for j in range(4)]
    assert [list(r) for r in net.layers[0].weight] == expected
    assert list(net.layers[0].bias) == [Q(float(v)) for v in b]
    ort = pytest.importorskip("onnxruntime")
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    x = np.array([[0.25, -0.5, 0.75]], np.float32)
    got = [float(v) for v in net.evaluate([Q(float(v)) for v in x[0]])]
    assert np.allclose(got, session.run(None, {"x": x})[0][0], atol=1e-5)


def test_activation_quantization_in_onnx_is_refused_unless_dropped():
    model, *_ = _qdq_graph(activation_qdq=True)
    with pytest.raises(UnsupportedLayerError, match="QuantizeLinear on the data"):
        from_onnx(model)
    plain, *_ = _qdq_graph(activation_qdq=False)
    assert from_onnx(model, drop_activation_quantization=True) == from_onnx(plain)


def test_neg_cast_batchnorm_and_clip_fold_exactly():
    """x -> Neg -> Cast -> Gemm -> BatchNormalization -> Clip(0) -> MatMul, against the definitions and onnxruntime."""
    import math

    rng = np.random.default_rng(3)
    G = rng.standard_normal((3, 2)).astype(np.float32)
    c = rng.standard_normal(3).astype(np.float32)
    gamma, beta = rng.standard_normal(3).astype(np.float32), rng.standard_normal(3).astype(np.float32)
    mean, var = rng.standard_normal(3).astype(np.float32), (rng.random(3) + 0.5).astype(np.float32)
    W = rng.standard_normal((3, 1)).astype(np.float32)
    nodes = [helper.make_node("Neg", ["x"], ["n"]), helper.make_node("Cast", ["n"], ["f"], to=TensorProto.FLOAT),
             helper.make_node("Gemm", ["f", "G", "c"], ["g"], transB=1),
             helper.make_node("BatchNormalization", ["g", "gamma", "beta", "mean", "var"], ["b"], epsilon=1e-3),
             helper.make_node("Clip", ["b", "zero"], ["r"]), helper.make_node("MatMul", ["r", "W"], ["y"])]
    consts = {"G": G, "c": c, "gamma": gamma, "beta": beta, "mean": mean, "var": var, "W": W,
              "zero": np.array(0, np.float32)}
    model = _model(nodes, consts)
    net = from_onnx(model)
    eps = Q(float(np.float32(1e-3)))
    x = (Q(1, 4), Q(-3, 8))
    hidden = []
    for i in range(3):       # the definitions: Gemm of -x, then s z + t with s = gamma / sqrt(var + eps) (float64)
        z = sum((Q(float(G[i, k])) * -v for k, v in enumerate(x)), Q(0)) + Q(float(c[i]))
        s = Q(float(gamma[i])) / Q(math.sqrt(float(Q(float(var[i])) + eps)))
        hidden.append(max(s * z + Q(float(beta[i])) - s * Q(float(mean[i])), Q(0)))
    assert net.evaluate(x) == (sum((Q(float(W[i, 0])) * h for i, h in enumerate(hidden)), Q(0)),)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": np.array([[0.25, -0.375]], np.float32)})[0][0]
    assert np.allclose([float(v) for v in net.evaluate(x)], got, atol=1e-5)
    clipped = _model([helper.make_node("Clip", ["x", "zero", "one"], ["y"])],
                     {"zero": np.array(0, np.float32), "one": np.array(1, np.float32)}, outputs=2)
    with pytest.raises(UnsupportedLayerError, match="Clip"):
        from_onnx(clipped)

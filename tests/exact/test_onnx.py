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

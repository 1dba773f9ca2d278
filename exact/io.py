"""Reading and writing networks exactly: JSON, NumPy arrays, PyTorch modules.

The JSON network format (``DESIGN.md``)::

    {"input_dim": 2,
     "layers": [{"weight": [["-4", "1"], ["-4", "-1"]], "bias": ["2", "3"]},
                {"weight": [["1", "1/2"]], "bias": [0]}],
     "skips": [{"from": 1, "to": 3, "weight": null}],
     "output_relu": false}

Numbers are JSON integers, JSON decimals (read exactly: ``0.1`` is ``1/10``) or
strings ``"p/q"``. Output files are written whole or not at all.

Examples
--------
>>> net = network_from_json('{"input_dim": 1, "layers": [{"weight": [[0.1]], "bias": ["1/3"]}]}')
>>> net.layers[0].weight, net.layers[0].bias
(((Fraction(1, 10),),), (Fraction(1, 3),))
>>> network_from_json(network_to_json(net)) == net
True
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from exact import linalg
from exact.errors import FormatError, NotExactError, UnsupportedLayerError
from exact.files import write_atomic
from exact.network import Layer, Network, Skip, leaky_relu_network
from exact.numbers import Matrix, format_rational, from_float_exact, from_float_nearest, parse_integer, to_matrix
from exact.polyhedron import Polyhedron
from exact.validation import check_int

__all__ = [
    "VnnlibProperty",
    "vnnlib_from_text",
    "load_vnnlib",
    "from_onnx",
    "to_onnx",
    "to_numpy",
    "to_torch",
    "loads_exact",
    "load_json",
    "network_from_json",
    "network_to_json",
    "load_network",
    "save_network",
    "write_atomic",
    "polyhedron_from_json",
    "load_polyhedron",
    "from_numpy",
    "from_torch",
    "load_torch",
    "from_state_dict",
]

_NETWORK_KEYS = {"input_dim", "layers", "skips", "output_relu"}


def _reject_constant(name: str) -> Any:
    raise NotExactError(f"JSON: {name} is not a rational number")


def loads_exact(text: str, what: str = "JSON") -> Any:
    """Parse JSON with decimals read as exact :class:`~decimal.Decimal` (NaN and infinities rejected).

    Parameters
    ----------
    text
        JSON text.
    what
        What it is, for the message.

    Returns
    -------
    object
        The parsed value.

    Raises
    ------
    FormatError
        For malformed JSON (with line and column).

    Examples
    --------
    >>> loads_exact('{"a": 0.1}')
    {'a': Decimal('0.1')}
    """
    try:
        return json.loads(text, parse_float=Decimal, parse_int=lambda digits: parse_integer(digits, what),
                          parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise FormatError(f"{what}: malformed JSON at line {err.lineno} column {err.colno}: {err.msg}") from None


def network_from_json(data: str | dict[str, Any]) -> Network:
    """Build a :class:`~exact.network.Network` from the JSON format (a string or a parsed object).

    Parameters
    ----------
    data
        JSON text or a parsed object.

    Returns
    -------
    Network
        The network.

    Raises
    ------
    FormatError
        For a malformed object, missing or unknown keys and values of the wrong kind (the message
        names the field).
    ShapeError, SkipError, NotExactError
        For shapes that do not fit and numbers that are not rational.

    Examples
    --------
    >>> net = network_from_json({"input_dim": 1, "layers": [{"weight": [["1/2"]], "bias": [0]}]})
    >>> net.evaluate([3])
    (Fraction(3, 2),)
    """
    obj = loads_exact(data, "network") if isinstance(data, str) else data
    if not isinstance(obj, dict):
        raise FormatError(f"network: expected a JSON object, got {type(obj).__name__}")
    unknown = set(obj) - _NETWORK_KEYS
    if unknown:
        raise FormatError(f"network: unknown keys {sorted(unknown)} (allowed: {sorted(_NETWORK_KEYS)})")
    for key in ("input_dim", "layers"):
        if key not in obj:
            raise FormatError(f"network: missing key {key!r}")
    input_dim = obj["input_dim"]
    check_int(input_dim, "network: input_dim", low=1, error=FormatError)
    raw_layers = obj["layers"]
    if not isinstance(raw_layers, list) or not raw_layers:
        raise FormatError("network: layers must be a non-empty list")
    layers: list[tuple[object, object]] = []
    for i, layer in enumerate(raw_layers, start=1):
        if not isinstance(layer, dict) or set(layer) != {"weight", "bias"}:
            raise FormatError(f"network: layer {i} must be an object with exactly 'weight' and 'bias'")
        if not isinstance(layer["weight"], list) or not isinstance(layer["bias"], list):
            raise FormatError(f"network: layer {i} weight and bias must be lists")
        layers.append((layer["weight"], layer["bias"]))
    skips: list[Skip | tuple[object, ...]] = []
    raw_skips = obj.get("skips", [])
    if not isinstance(raw_skips, list):
        raise FormatError("network: skips must be a list")
    for i, skip in enumerate(raw_skips):
        if not isinstance(skip, dict) or not {"from", "to"} <= set(skip) or set(skip) - {"from", "to", "weight"}:
            raise FormatError(f"network: skip {i} must be an object with 'from', 'to' and optional 'weight'")
        weight = skip.get("weight")
        if weight is not None and not isinstance(weight, list):
            raise FormatError(f"network: skip {i} weight must be null or a matrix")
        skips.append((skip["from"], skip["to"], weight) if weight is not None else (skip["from"], skip["to"]))
    output_relu = obj.get("output_relu", False)
    if not isinstance(output_relu, bool):
        raise FormatError(f"network: output_relu {output_relu!r} must be true or false")
    return Network(input_dim, layers, skips, output_relu)


def _matrix_json(matrix: Matrix) -> list[list[str]]:
    return [[format_rational(v) for v in row] for row in matrix]


def network_to_json(net: Network) -> dict[str, Any]:
    """The JSON object of a network (numbers as ``"p/q"`` strings; exact round trip).

    Parameters
    ----------
    net
        The network.

    Returns
    -------
    dict
        The JSON-ready object.

    Examples
    --------
    >>> from exact.network import Network
    >>> network_to_json(Network(1, [([["1/2"]], [0])]))["layers"]
    [{'weight': [['1/2']], 'bias': ['0']}]
    """
    return {
        "input_dim": net.input_dim,
        "layers": [
            {"weight": _matrix_json(layer.weight), "bias": [format_rational(v) for v in layer.bias]}
            for layer in net.layers
        ],
        "skips": [
            {"from": s.source, "to": s.target, "weight": None if s.weight is None else _matrix_json(s.weight)}
            for s in net.skips
        ],
        "output_relu": net.output_relu,
    }


def _read_text(path: str | os.PathLike[str], what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(f"{what}: file {str(path)!r} does not exist") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as err:
        raise FormatError(f"{what}: cannot read {str(path)!r}: {err}") from None


def load_json(path: str | os.PathLike[str], what: str) -> Any:
    """Read a JSON file exactly (decimals as ``Decimal``); a missing or malformed file raises ``FormatError``.

    Parameters
    ----------
    path
        The file.
    what
        What it is, for the message.

    Returns
    -------
    object
        The parsed value.

    See Also
    --------
    loads_exact : the parser.

    Examples
    --------
    >>> load_json("/no/such/file.json", "points")
    Traceback (most recent call last):
    ...
    exact.errors.FormatError: points: file '/no/such/file.json' does not exist
    """
    return loads_exact(_read_text(path, what), what)


def load_network(path: str | os.PathLike[str]) -> Network:
    """Read a network from a JSON file.

    Parameters
    ----------
    path
        The JSON file.

    Returns
    -------
    Network
        The network.

    See Also
    --------
    save_network : the way back.
    """
    return network_from_json(_read_text(path, "network"))


def save_network(net: Network, path: str | os.PathLike[str]) -> None:
    """Write a network as JSON (atomically).

    Parameters
    ----------
    net
        The network.
    path
        The JSON file.

    Returns
    -------
    None

    See Also
    --------
    load_network : the way back.
    """
    text = json.dumps(network_to_json(net), indent=1)
    write_atomic(path, lambda h: h.write(text + "\n"))


def polyhedron_from_json(data: str | dict[str, Any], backend: str = "cdd") -> Polyhedron:
    """A polyhedron (a domain) from ``{"dim", "inequalities": [{"a", "b"}], "equalities": [...]}``.

    ``{"box": [LO, HI], "dim": n}`` is accepted as a shorthand for a box.

    Parameters
    ----------
    data
        JSON text or a parsed object (``{"dim", "box"}`` is accepted too).
    backend
        ``"cdd"`` or ``"ppl"``.

    Returns
    -------
    Polyhedron
        The domain.

    Examples
    --------
    >>> polyhedron_from_json({"dim": 1, "inequalities": [{"a": [1], "b": "1/2"}, {"a": [-1], "b": 0}]}).vertices()
    ((Fraction(0, 1),), (Fraction(1, 2),))

    >>> polyhedron_from_json('{"dim": 2, "box": ["-1", 1]}').vertices()[0]
    (Fraction(-1, 1), Fraction(-1, 1))
    """
    obj = loads_exact(data, "domain") if isinstance(data, str) else data
    if not isinstance(obj, dict) or "dim" not in obj:
        raise FormatError("domain: expected a JSON object with 'dim'")
    dim = obj["dim"]
    check_int(dim, "domain: dim", low=1, error=FormatError)
    unknown = set(obj) - {"dim", "inequalities", "equalities", "box"}
    if unknown:
        raise FormatError(f"domain: unknown keys {sorted(unknown)}")
    if "box" in obj:
        box = obj["box"]
        if not isinstance(box, list) or len(box) != 2:
            raise FormatError("domain: box must be [LO, HI]")
        return Polyhedron.box(box[0], box[1], dim=dim, backend=backend)

    def rows(key: str) -> tuple[list[Any], list[Any]]:
        items = obj.get(key, [])
        if not isinstance(items, list) or any(not isinstance(r, dict) or set(r) != {"a", "b"} for r in items):
            raise FormatError(f"domain: {key} must be a list of objects {{'a': [...], 'b': ...}}")
        return [r["a"] for r in items], [r["b"] for r in items]

    A, b = rows("inequalities")
    E, f = rows("equalities")
    return Polyhedron(dim, A, b, E, f, backend=backend)


@dataclass(frozen=True)
class VnnlibProperty:
    """The input box of a VNN-LIB property and its output part, kept as text for later use.

    See Also
    --------
    load_vnnlib : reads one.
    """

    lo: tuple[Fraction, ...]
    hi: tuple[Fraction, ...]
    output: str

    def domain(self, backend: str = "cdd") -> Polyhedron:
        """The input box as a polyhedron.

        Parameters
        ----------
        backend
            The polyhedron backend.

        Returns
        -------
        Polyhedron
            The box.

        See Also
        --------
        exact.cli.box_on_slice : the box on a slice.
        """
        return Polyhedron.box(self.lo, self.hi, backend=backend)


def vnnlib_from_text(text: str) -> VnnlibProperty:
    """Read a VNN-LIB property: ``(declare-const X_i Real)`` and input bounds ``(assert (<= X_i c))``.

    Bounds are read exactly (``0.679857769`` is 679857769/10^9), each input needs both; assertions
    on the outputs ``Y_j`` are kept as text (``output``); any other input constraint is refused.

    Parameters
    ----------
    text
        The property's text.

    Returns
    -------
    VnnlibProperty
        The box (exact bounds) and the output part as text.

    Examples
    --------
    >>> p = vnnlib_from_text("(declare-const X_0 Real)(assert (<= X_0 0.5))(assert (>= X_0 -1))")
    >>> p.lo, p.hi
    ((Fraction(-1, 1),), (Fraction(1, 2),))

    >>> prop = vnnlib_from_text("(declare-const X_0 Real) (declare-const Y_0 Real) "
    ...                         "(assert (<= X_0 0.5)) (assert (>= X_0 -1/2)) (assert (<= Y_0 3))")
    >>> prop.lo, prop.hi, prop.output
    ((Fraction(-1, 2),), (Fraction(1, 2),), '(assert (<= Y_0 3))')
    """
    body = re.sub(r";[^\n]*", "", text)
    inputs = sorted({int(i) for i in re.findall(r"\(declare-const\s+X_(\d+)\s+Real\)", body)})
    if not inputs or inputs != list(range(len(inputs))):
        raise FormatError("vnnlib: expected declarations (declare-const X_0 Real) ... of consecutive inputs")
    lo: list[Fraction | None] = [None] * len(inputs)
    hi: list[Fraction | None] = [None] * len(inputs)
    output = []
    number = r"([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?:/\d+)?)"
    for assertion in _top_level_asserts(body):
        if "X_" not in assertion:
            output.append(assertion)
            continue
        match = re.fullmatch(r"\(assert\s*\(\s*(<=|>=)\s+(?:X_(\d+)\s+" + number + r"|" + number +
                             r"\s+X_(\d+))\s*\)\s*\)", assertion.strip())
        if not match:
            raise FormatError(f"vnnlib: unsupported input constraint {assertion.strip()[:80]!r} "
                              "(bounds (<= X_i c) and (>= X_i c) are read)")
        op, left, c1, c2, right = match.groups()
        index, value = (int(left), Fraction(c1)) if left is not None else (int(right), Fraction(c2))
        upper = (op == "<=") == (left is not None)       # X <= c, or c >= X
        if index >= len(inputs):
            raise FormatError(f"vnnlib: X_{index} is not declared")
        if upper:
            hi[index] = value if hi[index] is None else min(hi[index], value)  # type: ignore[type-var]
        else:
            lo[index] = value if lo[index] is None else max(lo[index], value)  # type: ignore[type-var]
    missing = [i for i in inputs if lo[i] is None or hi[i] is None]
    if missing:
        raise FormatError(f"vnnlib: inputs {missing} lack a lower or an upper bound (the domain must be a box)")
    if any(l > h for l, h in zip(lo, hi)):  # type: ignore[operator]
        raise FormatError("vnnlib: the input box is empty (a lower bound exceeds its upper bound)")
    return VnnlibProperty(tuple(lo), tuple(hi), "\n".join(output))  # type: ignore[arg-type]


def _top_level_asserts(body: str) -> list[str]:
    """The ``(assert ...)`` expressions of a VNN-LIB text, balanced by parentheses."""
    out, depth, start = [], 0, -1
    for i, ch in enumerate(body):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise FormatError("vnnlib: unbalanced parentheses")
            if depth == 0 and body[start:start + 7] == "(assert":
                out.append(body[start:i + 1])
    if depth:
        raise FormatError("vnnlib: unbalanced parentheses")
    return out


def load_vnnlib(path: str | os.PathLike[str]) -> VnnlibProperty:
    """Read a VNN-LIB property file (:func:`vnnlib_from_text`).

    Parameters
    ----------
    path
        The ``.vnnlib`` file.

    Returns
    -------
    VnnlibProperty
        Its input box and output part.

    See Also
    --------
    vnnlib_from_text : the parser.
    """
    return vnnlib_from_text(_read_text(path, "vnnlib"))


def load_polyhedron(path: str | os.PathLike[str], backend: str = "cdd") -> Polyhedron:
    """Read a domain polyhedron from a JSON file.

    Parameters
    ----------
    path
        The JSON file.
    backend
        ``"cdd"`` or ``"ppl"``.

    Returns
    -------
    Polyhedron
        The domain.

    See Also
    --------
    polyhedron_from_json : the format.
    """
    return polyhedron_from_json(_read_text(path, "domain"), backend)


def _float_converter(max_denominator: int | None) -> Callable[[object, str], Fraction]:
    def convert(value: object, name: str) -> Fraction:
        if isinstance(value, bool):
            raise NotExactError(f"{name}: {value!r} is a bool, not a number")
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, Fraction):
            return value
        if max_denominator is None:
            return from_float_exact(value, name)  # type: ignore[arg-type]
        return from_float_nearest(value, max_denominator, name)  # type: ignore[arg-type]

    return convert


def _array_matrix(array: Any, name: str, convert: Callable[[object, str], Fraction]) -> Matrix:
    rows = array.tolist() if hasattr(array, "tolist") else array
    if not isinstance(rows, list) or any(not isinstance(r, list) for r in rows):
        raise FormatError(f"{name}: expected a 2-D array")
    return to_matrix([[convert(v, f"{name}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)], name)


def _array_vector(array: Any, name: str, convert: Callable[[object, str], Fraction]) -> tuple[Fraction, ...]:
    values = array.tolist() if hasattr(array, "tolist") else array
    if not isinstance(values, list) or any(isinstance(v, list) for v in values):
        raise FormatError(f"{name}: expected a 1-D array")
    return tuple(convert(v, f"{name}[{i}]") for i, v in enumerate(values))


def from_numpy(
    weights: Sequence[Any],
    biases: Sequence[Any],
    skips: Sequence[tuple[int, int, Any]] = (),
    output_relu: bool = False,
    max_denominator: int | None = None,
) -> Network:
    """A network from NumPy arrays (``weights[l-1]`` is ``n_l x n_{l-1}``).

    Float entries become their exact binary value, or the nearest rational with
    denominator at most ``max_denominator`` when given.

    Parameters
    ----------
    weights, biases
        The layers' arrays.
    skips
        ``(source, target, P)`` triples (``P`` may be ``None``: the identity).
    output_relu
        A ReLU on the output.
    max_denominator
        Round each weight to the nearest rational with this denominator bound.

    Returns
    -------
    Network
        The network, every float taken at its exact binary value unless rounded.

    Examples
    --------
    >>> import numpy as np
    >>> net = from_numpy([np.array([[0.5, -1.25]])], [np.array([0.1])])
    >>> net.layers[0].weight, net.layers[0].bias == (Fraction(0.1),)
    (((Fraction(1, 2), Fraction(-5, 4)),), True)
    """
    convert = _float_converter(max_denominator)
    if len(weights) != len(biases):
        raise FormatError(f"from_numpy: {len(weights)} weights but {len(biases)} biases")
    layers = [
        Layer(_array_matrix(w, f"weights[{i}]", convert), _array_vector(b, f"biases[{i}]", convert))
        for i, (w, b) in enumerate(zip(weights, biases))
    ]
    if not layers or not layers[0].weight:
        raise FormatError("from_numpy: at least one non-empty layer is needed")
    built_skips = [
        Skip(k, l, None if P is None else _array_matrix(P, f"skip {k}->{l}", convert)) for k, l, P in skips
    ]
    return Network(len(layers[0].weight[0]), layers, built_skips, output_relu)


def _flatten_module(module: Any, torch: Any) -> list[tuple[str, Any]]:
    """The chain of layers of a module.

    A ``Sequential`` (nested ones flattened), a TorchScript-scripted ``Sequential``, a single
    ``Linear``, or any module whose ``forward`` ``torch.fx`` traces to a chain of supported operations.
    """
    flat: list[tuple[str, Any]] = []

    def walk(mod: Any, prefix: str) -> None:
        kind = getattr(mod, "original_name", None) if isinstance(mod, torch.jit.ScriptModule) else None
        if isinstance(mod, torch.nn.Sequential) or kind == "Sequential":
            for name, child in mod.named_children():
                walk(child, f"{prefix}{name}.")
        else:
            flat.append((prefix.rstrip("."), mod))

    if isinstance(module, torch.nn.Sequential) or (isinstance(module, torch.jit.ScriptModule)
                                                   and getattr(module, "original_name", "") == "Sequential"):
        walk(module, "")
        return flat
    if isinstance(module, torch.nn.Linear):
        return [("", module)]
    if isinstance(module, torch.jit.ScriptModule):
        raise UnsupportedLayerError(f"module: a TorchScript {getattr(module, 'original_name', '?')} is converted "
                                    "only when it is a scripted nn.Sequential")
    if not isinstance(module, torch.nn.Module):
        raise UnsupportedLayerError(f"module: expected a torch.nn.Module, got {type(module).__name__}")
    try:
        graph = torch.fx.symbolic_trace(module).graph
    except Exception as err:  # fx raises many types for untraceable forwards
        raise UnsupportedLayerError(f"module: {type(module).__name__} is not a Sequential and torch.fx cannot trace "
                                    f"it ({type(err).__name__})") from None
    previous = None
    for node in graph.nodes:
        if node.op in ("placeholder", "output"):
            if node.op == "output" and node.args[0] is not previous:
                raise UnsupportedLayerError("module: the traced forward is not a chain (the output is not the "
                                            "last operation)")
            previous = node if node.op == "placeholder" else previous
            continue
        if len(node.all_input_nodes) != 1 or node.all_input_nodes[0] is not previous:
            raise UnsupportedLayerError(f"module: the traced forward is not a chain at {node.name} ({node.op} "
                                        f"{node.target})")
        if node.op == "call_module":
            flat.append((str(node.target), module.get_submodule(node.target)))
        elif node.op == "call_function" and node.target in (torch.relu, torch.nn.functional.relu):
            flat.append((node.name, torch.nn.ReLU()))
        elif node.op == "call_method" and node.target == "relu":
            flat.append((node.name, torch.nn.ReLU()))
        elif node.op == "call_function" and node.target is torch.flatten or \
                node.op == "call_method" and node.target == "flatten":
            flat.append((node.name, torch.nn.Flatten()))
        else:
            what = getattr(node.target, "__name__", node.target)
            raise UnsupportedLayerError(f"module: the operation {node.op} {what} at {node.name} is not supported "
                                        "(Linear, ReLU, LeakyReLU, BatchNorm1d in eval mode, Flatten, Identity, "
                                        "Dropout are)")
        previous = node
    return flat


def _batchnorm_fold(mod: Any, where: str, convert: Callable[[object, str], Fraction]
                    ) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Scale and shift of a ``BatchNorm1d`` in eval mode: ``y = s x + t`` with ``s = gamma / sqrt(var + eps)``.

    The square root is the one rounding step of the conversion: ``sqrt(var + eps)`` is computed in
    float64 (correctly rounded) from the exact float values and that float64 is taken exactly.
    """
    if mod.training:
        raise FormatError(f"{where}: BatchNorm in training mode (batch statistics); call .eval() first")
    if mod.running_mean is None or mod.running_var is None:
        raise FormatError(f"{where}: BatchNorm without running statistics")
    n = mod.num_features
    gamma = mod.weight.detach().cpu().tolist() if mod.weight is not None else [1.0] * n
    beta = mod.bias.detach().cpu().tolist() if mod.bias is not None else [0.0] * n
    mean = mod.running_mean.detach().cpu().tolist()
    var = mod.running_var.detach().cpu().tolist()
    scale, shift = [], []
    for i in range(n):
        root = math.sqrt(float(convert(var[i], f"{where} running_var") + convert(mod.eps, f"{where} eps")))
        s = convert(gamma[i], f"{where} weight") / from_float_exact(root)
        scale.append(s)
        shift.append(convert(beta[i], f"{where} bias") - s * convert(mean[i], f"{where} running_mean"))
    return tuple(scale), tuple(shift)


def _quantized_weights(mod: Any, where: str, convert: Callable[[object, str], Fraction]
                       ) -> tuple[Matrix, tuple[Fraction, ...]]:
    """The exact weight and bias of a quantized ``Linear`` module (eager, or TorchScript-scripted)."""
    if hasattr(mod, "weight") and callable(mod.weight):
        return _quantized_tensors(mod.weight(), mod.bias(), where, convert)
    weight, bias = mod._packed_params._weight_bias()
    return _quantized_tensors(weight, bias, where, convert)


def _quantized_tensors(w: Any, b: Any, where: str, convert: Callable[[object, str], Fraction]
                       ) -> tuple[Matrix, tuple[Fraction, ...]]:
    """The exact weight ``(int_repr - zero_point) * scale`` and bias of a quantized ``Linear``.

    Per-tensor and per-channel (rows, ``axis = 0``, or columns, ``axis = 1``) affine schemes; the
    scales are the float values torch stores, taken exactly. A float16 dynamic ``Linear`` (its weight
    a float tensor) is converted like a float one.
    """
    import torch

    bias_values = b.detach().cpu().tolist() if b is not None else None
    if not w.is_quantized:
        weight = _array_matrix(w.detach().float().cpu().tolist(), f"{where} weight", convert)
    else:
        ints = w.int_repr().tolist()
        rows, cols = len(ints), len(ints[0]) if ints else 0
        scheme = w.qscheme()
        if scheme in (torch.per_tensor_affine, torch.per_tensor_symmetric):
            scale, zero = from_float_exact(float(w.q_scale())), int(w.q_zero_point())
            weight = tuple(tuple((v - zero) * scale for v in row) for row in ints)
        elif scheme in (torch.per_channel_affine, torch.per_channel_symmetric,
                        torch.per_channel_affine_float_qparams):
            scales = [from_float_exact(float(v)) for v in w.q_per_channel_scales().tolist()]
            zeros = [float(v) for v in w.q_per_channel_zero_points().tolist()]
            axis = int(w.q_per_channel_axis())
            if axis not in (0, 1):
                raise UnsupportedLayerError(f"{where}: per-channel quantization along axis {axis}")
            weight = tuple(tuple((Fraction(ints[i][j]) - from_float_exact(zeros[i if axis == 0 else j]))
                                 * scales[i if axis == 0 else j] for j in range(cols)) for i in range(rows))
        else:
            raise UnsupportedLayerError(f"{where}: quantization scheme {scheme} is not supported")
    bias = _array_vector(bias_values, f"{where} bias", convert) if bias_values is not None \
        else tuple(Fraction(0) for _ in weight)
    return weight, bias


def _quantized_kind(mod: Any, torch: Any) -> str | None:
    """How a module is quantized: ``"dynamic"``, ``"static"``, ``"stub"`` or ``None``.

    ``"static"`` and ``"dynamic"`` are quantized ``Linear`` layers (fused with a ReLU or not);
    ``"stub"`` is activation quantization (``Quantize``, ``DeQuantize``, their stubs).
    """
    qnn = torch.ao.nn.quantized
    stubs = (qnn.Quantize, qnn.DeQuantize, torch.ao.quantization.QuantStub, torch.ao.quantization.DeQuantStub)
    if isinstance(mod, stubs):
        return "stub"
    if isinstance(mod, torch.jit.ScriptModule):          # scripted: read what the module holds
        kind = getattr(mod, "original_name", "")
        if kind in ("Quantize", "DeQuantize", "QuantStub", "DeQuantStub"):
            return "stub"
        if hasattr(mod, "_packed_params"):
            return "dynamic" if ".dynamic." in mod._c._type().qualified_name() else "static"
        return None
    if isinstance(mod, (qnn.dynamic.Linear, torch.ao.nn.intrinsic.quantized.dynamic.LinearReLU)):
        return "dynamic"
    if isinstance(mod, (qnn.Linear, torch.ao.nn.intrinsic.quantized.LinearReLU)):
        return "static"
    return None


def from_torch(module: Any, max_denominator: int | None = None, drop_activation_quantization: bool = False
               ) -> Network:
    """Convert a torch module that is a chain of supported layers, exactly.

    Layers: ``Linear``, ``ReLU``, ``LeakyReLU``, ``BatchNorm1d`` (eval mode), ``Identity``,
    ``Flatten``, ``Dropout``. Accepted: an ``nn.Sequential`` (nested ones flattened), a
    TorchScript-scripted ``Sequential``, a single ``Linear``, or any ``nn.Module`` whose forward
    ``torch.fx`` traces to such a chain (``F.relu``,
    ``torch.relu``, ``torch.flatten`` included). Weights (float32 or float64) are converted to
    their exact binary values (or to the nearest rational with bounded denominator).
    ``LeakyReLU`` slopes are taken at the precision the module computes in (float32 for float32
    weights), and built as ReLU networks (``exact.network.leaky_relu_network``). A ``BatchNorm1d``
    after a ``Linear`` is folded into it; its ``1 / sqrt(var + eps)`` is the one rounded step
    (a float64 square root, see :func:`_batchnorm_fold`). Consecutive ``Linear`` layers are
    composed exactly; an activation after the last ``Linear`` becomes the output activation.

    Quantized models (``torch.ao.quantization``): a quantized ``Linear`` (dynamic or static,
    per-tensor or per-channel, with zero points, fused with its ReLU or not) has the exact weight
    ``(int_repr - zero_point) * scale`` (:func:`_quantized_weights`). Static quantization also
    rounds every activation to 8 bits (``Quantize``, the output scale of each quantized ``Linear``,
    ``DeQuantize``): a step function, not a ReLU network, so it is refused by name unless
    ``drop_activation_quantization`` is set, which converts the network without that rounding. A
    dynamic ``Linear`` rounds its input at run time with a scale taken from each batch; that
    rounding is not part of the converted network either (the weights are what is quantized).

    Parameters
    ----------
    module
        A torch module (``Sequential``, a traced or scripted module, a quantized one).
    max_denominator
        Round each weight to the nearest rational with this denominator bound.
    drop_activation_quantization
        Accept activation quantization by leaving it out.

    Returns
    -------
    Network
        The exact network.

    Raises
    ------
    UnsupportedLayerError
        For any other layer or operation, naming its position and type, or a forward that is not a
        chain; for activation quantization without ``drop_activation_quantization``.
    FormatError
        For an activation before the first ``Linear``, two activations in a row, or a BatchNorm in
        training mode or not after a ``Linear``.

    See Also
    --------
    load_torch : from a file.
    """
    import torch

    convert = _float_converter(max_denominator)
    flat = _flatten_module(module, torch)
    chain = _ChainBuilder()
    for position, (name, mod) in enumerate(flat):
        kind = getattr(mod, "original_name", None) if isinstance(mod, torch.jit.ScriptModule) else None
        where = f"layer {position} ({name or 'root'}: {kind or type(mod).__name__})"
        quantized = _quantized_kind(mod, torch)
        if quantized in ("stub", "static") and not drop_activation_quantization:
            raise UnsupportedLayerError(
                f"{where}: activation quantization (rounding activations to 8 bits) is a step function, not a "
                "ReLU network; convert without it with drop_activation_quantization=True "
                "(--drop-activation-quantization)")
        if quantized == "stub":
            continue
        if quantized is not None:
            chain.linear(*_quantized_weights(mod, where, convert))
            if "LinearReLU" in type(mod).__name__:
                chain.activation(None, where)
            continue
        if isinstance(mod, (torch.nn.Identity, torch.nn.Flatten, torch.nn.Dropout)) or \
                kind in ("Identity", "Flatten", "Dropout"):
            continue
        if isinstance(mod, torch.nn.BatchNorm1d) or kind == "BatchNorm1d":
            chain.scale_shift(*_batchnorm_fold(mod, where, convert), where=where)
            continue
        if isinstance(mod, torch.nn.Linear) or kind == "Linear":
            weight = _array_matrix(mod.weight.detach().cpu().tolist(), f"{where} weight", convert)
            if mod.bias is None:
                bias: tuple[Fraction, ...] = tuple(Fraction(0) for _ in weight)
            else:
                bias = _array_vector(mod.bias.detach().cpu().tolist(), f"{where} bias", convert)
            chain.linear(weight, bias)
            continue
        if isinstance(mod, torch.nn.ReLU) or kind == "ReLU":
            chain.activation(None, where)
            continue
        if isinstance(mod, torch.nn.LeakyReLU) or kind == "LeakyReLU":
            raw = torch.tensor(mod.negative_slope, dtype=_module_dtype(flat, torch)).item()
            chain.activation(convert(raw, f"{where} negative_slope"), where)
            continue
        raise UnsupportedLayerError(
            f"{where}: not supported (Linear, ReLU, LeakyReLU, BatchNorm1d in eval mode, Identity, Flatten, "
            "Dropout are)"
        )
    return chain.network("module")


class _ChainBuilder:
    """Assembles a chain of affine maps and activations into a :class:`Network` (shared by the importers).

    Consecutive affine maps are composed exactly; a scale-and-shift (a folded BatchNorm) is applied
    to the affine map before it; an activation after the last affine map is the output activation.
    """

    def __init__(self) -> None:
        self.layers: list[tuple[Matrix, tuple[Fraction, ...]]] = []
        self.activations: list[str] = []          # "none", "relu" or "leaky" after each layer
        self.slopes: list[Fraction | None] = []

    def linear(self, weight: Matrix, bias: Sequence[Fraction]) -> None:
        if self.layers and self.activations[-1] == "none":
            previous_w, previous_b = self.layers[-1]
            composed_b = tuple(v + c for v, c in zip(linalg.matvec(weight, previous_b), bias))
            self.layers[-1] = (linalg.matmul(weight, previous_w), composed_b)
        else:
            self.layers.append((weight, tuple(bias)))
            self.activations.append("none")
            self.slopes.append(None)

    def add_bias(self, bias: Sequence[Fraction], where: str) -> None:
        if not self.layers or self.activations[-1] != "none":
            raise FormatError(f"{where}: a bias is added only right after a linear map")
        weight, previous = self.layers[-1]
        if len(bias) != len(previous):
            raise FormatError(f"{where}: a bias of {len(bias)} entries after a map with {len(previous)} outputs")
        self.layers[-1] = (weight, tuple(a + c for a, c in zip(previous, bias)))

    def scale_shift(self, scale: Sequence[Fraction], shift: Sequence[Fraction], where: str) -> None:
        if not self.layers or self.activations[-1] != "none":
            raise FormatError(f"{where}: a BatchNorm is folded only right after a Linear")
        weight, bias = self.layers[-1]
        self.layers[-1] = (tuple(tuple(s * v for v in row) for s, row in zip(scale, weight)),
                           tuple(s * c + t for s, c, t in zip(scale, bias, shift)))

    def width(self) -> int | None:
        """The number of features of the current tensor (``None`` before the first map: the input's)."""
        return len(self.layers[-1][1]) if self.layers else None

    def elementwise(self, scale: Sequence[Fraction], shift: Sequence[Fraction]) -> None:
        """``x -> scale * x + shift`` feature by feature (a constant ``Sub``, ``Add``, ``Mul`` or ``Div``).

        Right after an affine map it is folded into that map; at the input or after an activation
        it becomes a diagonal affine map, which the next ``Linear`` absorbs exactly.
        """
        if self.layers and self.activations[-1] == "none":
            weight, bias = self.layers[-1]
            self.layers[-1] = (tuple(tuple(s * v for v in row) for s, row in zip(scale, weight)),
                               tuple(s * c + t for s, c, t in zip(scale, bias, shift)))
            return
        size = len(scale)
        diagonal = tuple(tuple(scale[i] if i == j else Fraction(0) for j in range(size)) for i in range(size))
        self.layers.append((diagonal, tuple(shift)))
        self.activations.append("none")
        self.slopes.append(None)

    def activation(self, slope: Fraction | None, where: str) -> None:
        """ReLU (``slope`` ``None``) or LeakyReLU with ``slope``."""
        if not self.layers:
            raise FormatError(f"{where}: an activation before the first Linear is not supported")
        if self.activations[-1] != "none":
            raise FormatError(f"{where}: two activations in a row")
        self.activations[-1] = "relu" if slope is None else "leaky"
        self.slopes[-1] = slope

    def network(self, what: str) -> Network:
        if not self.layers:
            raise FormatError(f"{what}: no Linear layer")
        input_dim = len(self.layers[0][0][0])
        activations, slopes = self.activations, self.slopes
        if all(a != "leaky" for a in activations):
            return Network(input_dim, self.layers, output_relu=activations[-1] == "relu")
        hidden_slopes = [slopes[i] if activations[i] == "leaky" else None for i in range(len(self.layers) - 1)]
        if activations[-1] == "leaky":
            hidden_slopes.append(slopes[-1])
        return leaky_relu_network(input_dim, self.layers, hidden_slopes, output_leaky=activations[-1] == "leaky",
                                  output_relu=activations[-1] == "relu")


_ONNX_OPERATORS = ("Gemm, MatMul, Add, Sub, Mul and Div by constants, Neg, Relu, Clip(0, none), LeakyRelu, "
                   "BatchNormalization (inference), Cast to a float type, Flatten, Identity, Dropout, "
                   "Reshape to 1-D, Squeeze, Unsqueeze, Transpose keeping the feature axis last, DequantizeLinear "
                   "of constant weights")
#: ONNX's LeakyRelu default alpha is the float32 nearest 0.01 (its attribute is a float32)
_ONNX_LEAKY_ALPHA = Fraction(5368709, 536870912)


def _clip_is_relu(node: Any, attrs: dict[str, Any], constants: dict[str, Any]) -> bool:
    """A ``Clip`` with minimum exactly 0 and no maximum is a ReLU; any other ``Clip`` is refused."""
    low = attrs.get("min") if "min" in attrs else (constants.get(node.input[1]) if len(node.input) > 1 and
                                                    node.input[1] else None)
    high = attrs.get("max") if "max" in attrs else (constants.get(node.input[2]) if len(node.input) > 2 and
                                                     node.input[2] else None)
    if low is None or float(low) != 0.0 or high is not None:
        raise UnsupportedLayerError(f"node {node.name or 'Clip'} (Clip): only Clip(min = 0, no max), a ReLU, "
                                    "is supported")
    return True


def _onnx_batchnorm(node: Any, attrs: dict[str, Any], values: Callable[[str, str], Any], where: str,
                    convert: Callable[[object, str], Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    """An inference-mode ``BatchNormalization``: ``y = s x + t``, ``s = scale / sqrt(var + eps)``.

    As for PyTorch's ``BatchNorm1d``, the square root is the one rounded step: computed in float64
    from the exact values and taken exactly.
    """
    gamma, beta, mean, var = (values(node.input[k], where).reshape(-1).tolist() for k in range(1, 5))
    eps = convert(attrs.get("epsilon", 1e-5), f"{where} epsilon")
    scale, shift = [], []
    for g, b, m, v in zip(gamma, beta, mean, var):
        s = convert(g, f"{where} scale") / from_float_exact(math.sqrt(float(convert(v, f"{where} var") + eps)))
        scale.append(s)
        shift.append(convert(b, f"{where} B") - s * convert(m, f"{where} mean"))
    return scale, shift


def _dequantize(values: Any, scale: Any, zero: Any, axis: int) -> Any:
    """``(x - zero_point) * scale`` exactly (float32 scales taken exactly), per tensor or along ``axis``."""
    import numpy as np

    x = np.asarray(values)
    scales = np.asarray(scale).reshape(-1)
    zeros = np.zeros(len(scales), dtype=np.int64) if zero is None else np.asarray(zero).reshape(-1)
    out = np.empty(x.shape, dtype=object)
    for index in np.ndindex(x.shape):
        k = 0 if len(scales) == 1 else index[axis % x.ndim]
        out[index] = (int(x[index]) - int(zeros[k])) * from_float_exact(float(scales[k]))
    return out


def from_onnx(model: Any, max_denominator: int | None = None, drop_activation_quantization: bool = False) -> Network:
    """Convert an ONNX model (a ``ModelProto`` or a file path) whose graph is a chain of supported operators.

    Operators: ``Gemm``, ``MatMul``, ``Relu`` (and ``Clip`` with minimum 0 and no maximum),
    ``LeakyRelu``, ``Neg``, ``Cast`` to a float type, ``BatchNormalization`` in inference mode
    (folded like PyTorch's, its square root the one rounded step), ``Flatten``, ``Identity``,
    ``Dropout``, ``Reshape`` to one dimension per sample, ``Squeeze``/``Unsqueeze`` and a
    ``Transpose`` that keeps the feature axis last (they only move batch axes), and ``Add``,
    ``Sub``, ``Mul``, ``Div`` of a constant scalar or per-feature vector anywhere in the chain
    (input normalisation ``(x - mean) / std``, a bias after ``MatMul``, output scaling): each is an
    affine map, composed exactly into the neighbouring ``Linear``. Float32 initialisers and
    attributes are converted exactly (or to the nearest rational with bounded denominator).

    Quantized graphs (QDQ): a ``DequantizeLinear`` of a constant (int8/uint8 weights, per tensor or
    per axis, with zero points) is folded into the exact constant ``(q - zero_point) * scale``, which
    then feeds ``Gemm``/``MatMul``. ``QuantizeLinear``/``DequantizeLinear`` on the data and
    ``QLinearMatMul`` round activations to 8 bits, a step function: refused by name unless
    ``drop_activation_quantization`` (then the rounding is left out and ``QLinearMatMul`` is the
    exact product with its dequantized constant). ``MatMulInteger`` (integer activations with
    scales computed at run time) is refused.

    Parameters
    ----------
    model
        A ``ModelProto`` or a path.
    max_denominator
        Round each weight to the nearest rational with this denominator bound (exact binary values
        by default).
    drop_activation_quantization
        Accept quantize/dequantize steps on the data by leaving them out (they make a step
        function, not a ReLU network).

    Returns
    -------
    Network
        The exact network.

    Raises
    ------
    UnsupportedLayerError
        Naming any other operator, or a graph that is not a chain.
    FormatError
        For a missing or unreadable file.

    Examples
    --------
    >>> import numpy as np
    >>> from onnx import TensorProto, helper, numpy_helper
    >>> nodes = [helper.make_node("Sub", ["x", "mean"], ["c"]), helper.make_node("Div", ["c", "std"], ["n"]),
    ...          helper.make_node("MatMul", ["n", "W"], ["y"])]
    >>> consts = {"mean": np.array([1, 2], np.float32), "std": np.array([2, 4], np.float32),
    ...           "W": np.array([[1], [1]], np.float32)}
    >>> graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
    ...                           [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1])],
    ...                           [numpy_helper.from_array(v, k) for k, v in consts.items()])
    >>> net = from_onnx(helper.make_model(graph))
    >>> net.layers[0].weight, net.layers[0].bias          # (x1 - 1)/2 + (x2 - 2)/4
    (((Fraction(1, 2), Fraction(1, 4)),), (Fraction(-1, 1),))
    """
    try:
        import numpy as np
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise FormatError("convert: reading ONNX needs the onnx package (pip install 'reluexact[onnx]')") from None
    if isinstance(model, (str, os.PathLike)):
        if not Path(model).is_file():
            raise FormatError(f"model: file {str(model)!r} does not exist")
        try:
            model = onnx.load(str(model))
        except Exception as err:  # protobuf raises DecodeError and others
            raise FormatError(f"model: {str(model)!r} is not an ONNX file ({type(err).__name__})") from None
    convert = _float_converter(max_denominator)
    graph = model.graph
    constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in constants]
    if len(inputs) != 1:
        raise UnsupportedLayerError(f"onnx model: {len(inputs)} data inputs; one is supported")
    current = inputs[0].name
    dims = [d.dim_value for d in inputs[0].type.tensor_type.shape.dim]
    # the features of one sample: every axis after the batch axis (0 where the file leaves it symbolic)
    input_width = int(np.prod(dims[1:])) if len(dims) >= 2 and all(d > 0 for d in dims[1:]) else None
    chain = _ChainBuilder()

    def values(name: str, where: str) -> Any:
        if name not in constants:
            raise UnsupportedLayerError(f"{where}: {name!r} is not a constant")
        return constants[name]

    for k, node in enumerate(graph.node):
        op = node.op_type
        where = f"node {k} ({node.name or op}: {op})"
        if op == "Constant":
            value = onnx.helper.get_attribute_value(node.attribute[0])
            constants[node.output[0]] = numpy_helper.to_array(value) if isinstance(value, onnx.TensorProto) \
                else np.asarray(value, dtype=np.float32 if node.attribute[0].name.endswith(("float", "floats"))
                                else np.int64)
            continue
        if op == "Identity" and node.input[0] in constants:      # an initialiser passed on under a new name
            constants[node.output[0]] = constants[node.input[0]]
            continue
        if op == "DequantizeLinear" and node.input[0] in constants:     # quantized weights, exactly
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            zero_point = constants.get(node.input[2]) if len(node.input) > 2 and node.input[2] else None
            constants[node.output[0]] = _dequantize(constants[node.input[0]], values(node.input[1], where),
                                                    zero_point, int(attrs.get("axis", 1)))
            continue
        if op in ("QuantizeLinear", "DequantizeLinear", "QLinearMatMul", "MatMulInteger", "DynamicQuantizeLinear") \
                and (op in ("MatMulInteger", "DynamicQuantizeLinear") or not drop_activation_quantization):
            raise UnsupportedLayerError(
                f"{where}: activation quantization ({op} on the data) rounds activations to 8 bits, a step function, "
                "not a ReLU network" + ("" if op in ("MatMulInteger", "DynamicQuantizeLinear") else
                                        "; convert without it with drop_activation_quantization=True "
                                        "(--drop-activation-quantization)"))
        data = [i for i in node.input if i and i not in constants]
        if data != [current]:
            raise UnsupportedLayerError(f"{where}: the graph is not a chain (inputs {list(node.input)})")
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if op == "Gemm":
            if node.input[0] != current or attrs.get("transA", 0):
                raise UnsupportedLayerError(f"{where}: only Gemm(x, W[, c]) with transA = 0 is supported")
            B = values(node.input[1], where)
            W = B if attrs.get("transB", 0) else B.T
            alpha = convert(attrs.get("alpha", 1.0), f"{where} alpha")
            beta = convert(attrs.get("beta", 1.0), f"{where} beta")
            weight = tuple(tuple(alpha * convert(v, f"{where} B") for v in row) for row in W.tolist())
            bias: tuple[Fraction, ...] = tuple(Fraction(0) for _ in weight)
            if len(node.input) > 2 and node.input[2]:
                import numpy as np

                c = np.broadcast_to(values(node.input[2], where), (1, len(weight))).reshape(-1)
                bias = tuple(beta * convert(v, f"{where} C") for v in c.tolist())
            chain.linear(weight, bias)
        elif op == "MatMul":
            if node.input[0] != current:
                raise UnsupportedLayerError(f"{where}: only MatMul(x, W) is supported")
            W = values(node.input[1], where)
            if W.ndim == 1:        # x @ w: one output
                W = W.reshape(-1, 1)
            chain.linear(tuple(tuple(convert(v, f"{where} W") for v in row) for row in W.T.tolist()),
                         tuple(Fraction(0) for _ in range(W.shape[1])))
        elif op in ("Add", "Sub", "Mul", "Div"):
            first = node.input[0] == current
            other = node.input[1] if first else node.input[0]
            width = chain.width() or input_width
            given = values(other, where).reshape(-1)
            if len(given) == 1 and width is None:
                raise UnsupportedLayerError(f"{where}: a scalar {op} on an input of unknown width")
            if len(given) not in (1, width):
                raise UnsupportedLayerError(f"{where}: a constant of {len(given)} entries on {width} features")
            entries: list[Fraction] = [convert(v, f"{where} constant")
                                       for v in np.broadcast_to(given, (width or len(given),)).tolist()]
            one, zero = Fraction(1), Fraction(0)
            factor: list[Fraction]
            offset: list[Fraction]
            if op == "Add":
                factor, offset = [one] * len(entries), entries
            elif op == "Sub":       # x - c, or c - x
                factor, offset = ([one] * len(entries), [-v for v in entries]) if first \
                    else ([-one] * len(entries), entries)
            elif op == "Mul":
                factor, offset = entries, [zero] * len(entries)
            else:
                if not first:
                    raise UnsupportedLayerError(f"{where}: Div of a constant by the data is not affine")
                if any(v == 0 for v in entries):
                    raise FormatError(f"{where}: division by zero")
                factor, offset = [1 / v for v in entries], [zero] * len(entries)
            chain.elementwise(factor, offset)
        elif op == "Relu" or (op == "Clip" and _clip_is_relu(node, attrs, constants)):
            chain.activation(None, where)
        elif op == "Neg":
            width = chain.width() or input_width
            if width is None:
                raise UnsupportedLayerError(f"{where}: Neg on an input of unknown width")
            chain.elementwise([Fraction(-1)] * width, [Fraction(0)] * width)
        elif op == "Cast":
            if attrs.get("to") not in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16):
                raise UnsupportedLayerError(f"{where}: only a Cast to a floating type is an identity here")
        elif op == "BatchNormalization":
            scale, shift = _onnx_batchnorm(node, attrs, values, where, convert)
            chain.elementwise(list(scale), list(shift))
        elif op == "LeakyRelu":
            slope = _ONNX_LEAKY_ALPHA if "alpha" not in attrs else convert(attrs["alpha"], f"{where} alpha")
            chain.activation(slope, where)
        elif op in ("Flatten", "Identity", "Dropout", "Squeeze", "Unsqueeze", "QuantizeLinear", "DequantizeLinear"):
            pass       # (activation rounding reaches here only when dropped)
        elif op == "QLinearMatMul":
            if node.input[0] != current:
                raise UnsupportedLayerError(f"{where}: only QLinearMatMul(x, ..., W, ...) is supported")
            zero_point = constants.get(node.input[5]) if node.input[5] else None
            W = _dequantize(values(node.input[3], where), values(node.input[4], where), zero_point, 1)
            if W.ndim == 1:
                W = W.reshape(-1, 1)
            chain.linear(tuple(tuple(row) for row in W.T.tolist()), tuple(Fraction(0) for _ in range(W.shape[1])))
        elif op == "Transpose":
            perm = list(attrs.get("perm", []))
            if not perm or perm[-1] != len(perm) - 1:
                raise UnsupportedLayerError(f"{where}: only a Transpose that keeps the feature axis last is supported")
        elif op == "Reshape":
            shape = values(node.input[1], where).reshape(-1).tolist()
            if len(shape) != 2 or shape[0] not in (-1, 0, 1):
                raise UnsupportedLayerError(f"{where}: only a Reshape to one dimension per sample is supported")
        else:
            raise UnsupportedLayerError(f"{where}: operator {op} is not supported ({_ONNX_OPERATORS} are)")
        current = node.output[0]
    if [o.name for o in graph.output] != [current]:
        raise UnsupportedLayerError("onnx model: the graph's output is not the end of the chain")
    return chain.network("onnx model")


def to_onnx(net: Network, path: str | os.PathLike[str]) -> None:
    """Write the network as an ONNX model (``Gemm`` and ``Relu``, opset 13) with float32 weights.

    Every rational is rounded to float32, so this export is approximate; skips are refused.

    Parameters
    ----------
    net
        A network without skips.
    path
        The ``.onnx`` file to write.

    Returns
    -------
    None

    See Also
    --------
    from_onnx : the way back (float32 values read exactly).
    """
    try:
        import numpy as np
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        raise FormatError("to_onnx: writing ONNX needs the onnx package (pip install 'reluexact[onnx]')") from None
    if net.skips:
        raise FormatError("to_onnx: a network with skips has no chain of Gemm nodes")
    nodes, initializers = [], []
    current = "x"
    for l, layer in enumerate(net.layers, start=1):
        W = np.array([[float(v) for v in row] for row in layer.weight], dtype=np.float32)
        b = np.array([float(v) for v in layer.bias], dtype=np.float32)
        initializers += [numpy_helper.from_array(W, f"W{l}"), numpy_helper.from_array(b, f"b{l}")]
        out = f"z{l}"
        nodes.append(helper.make_node("Gemm", [current, f"W{l}", f"b{l}"], [out], transB=1, name=f"layer{l}"))
        current = out
        if l < net.depth or net.output_relu:
            nodes.append(helper.make_node("Relu", [current], [f"a{l}"], name=f"relu{l}"))
            current = f"a{l}"
    graph = helper.make_graph(nodes, "reluexact", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                                 ["N", net.input_dim])],
                              [helper.make_tensor_value_info(current, TensorProto.FLOAT, ["N", net.output_dim])],
                              initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    write_atomic(path, lambda handle: handle.write(model.SerializeToString()), binary=True)


def to_numpy(net: Network) -> list[tuple[Any, Any]]:
    """The layers as float64 NumPy arrays ``(W, b)``; each rational is rounded to the nearest float64.

    This export rounds (it is for other tools); the exact network stays the reference.

    Parameters
    ----------
    net
        A network without skips.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``(W, b)`` per layer.

    Examples
    --------
    >>> from exact import Network
    >>> [(W.tolist(), b.tolist()) for W, b in to_numpy(Network(1, [([["1/2"]], [0])]))]
    [([[0.5]], [0.0])]

    >>> to_numpy(Network(1, [([[Fraction(1, 3)]], [1])]))[0][0].tolist()
    [[0.3333333333333333]]
    """
    import numpy as np

    return [(np.array([[float(v) for v in row] for row in layer.weight], dtype=np.float64),
             np.array([float(v) for v in layer.bias], dtype=np.float64)) for layer in net.layers]


def to_torch(net: Network, dtype: Any = None) -> Any:
    """An ``nn.Sequential`` of ``Linear`` and ``ReLU`` computing the network in floating point.

    Every rational is rounded to ``dtype`` (float32 by default), so this export is approximate.
    Skips have no ``Sequential`` form and are refused.

    Parameters
    ----------
    net
        A network without skips.
    dtype
        The torch dtype (float32 by default).

    Returns
    -------
    torch.nn.Sequential
        The float model.

    See Also
    --------
    from_torch : the way back.
    """
    import torch

    if net.skips:
        raise FormatError("to_torch: a network with skips has no nn.Sequential form")
    dtype = torch.float32 if dtype is None else dtype
    modules: list[Any] = []
    for l, layer in enumerate(net.layers, start=1):
        linear = torch.nn.Linear(len(layer.weight[0]), len(layer.weight), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[float(v) for v in row] for row in layer.weight], dtype=dtype))
            linear.bias.copy_(torch.tensor([float(v) for v in layer.bias], dtype=dtype))
        modules.append(linear)
        if l < net.depth or net.output_relu:
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


def _module_dtype(flat: Sequence[tuple[str, Any]], torch: Any) -> Any:
    """The floating dtype the module computes in (that of its first Linear; float32 by default)."""
    for _, mod in flat:
        if isinstance(mod, torch.nn.Linear):
            return mod.weight.dtype
    return torch.float32


def _natural(name: str) -> list[Any]:
    """Sort key reading digit runs as numbers: ``fcs.2`` before ``fcs.10``."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)]


def from_state_dict(state: Any, arch: Sequence[int] | None = None, max_denominator: int | None = None,
                    natural_order: bool = False) -> Network:
    """A ReLU network from a ``state_dict``: a chain of Linear layers, ReLU between them, the last affine.

    Parameters
    ----------
    state
        A mapping from names to 2-D weights and 1-D biases (torch tensors or NumPy arrays), in the
        order of the layers: ``fcs.0.weight``, ``fcs.0.bias``, ``fcs.1.weight``, ... (a weight
        without a bias gets a zero bias). Float32 values are taken at their exact binary value.
    arch
        The widths ``[n0, n1, ..., nL]`` the chain must have (as ``--arch 2,50,50,1``).
    natural_order
        Order the layers by their names with digit runs read as numbers (files such as
        safetensors store names sorted, not in the order of the layers).

    Returns
    -------
    Network
        The exact network.

    Raises
    ------
    FormatError
        For a parameter that is not a Linear weight or bias (BatchNorm statistics, embeddings: save
        the module and convert it instead), widths that do not chain, or a different ``arch``.

    Examples
    --------
    >>> import numpy as np
    >>> net = from_state_dict({"0.weight": np.array([[0.5], [-1.0]], dtype=np.float32),
    ...                        "0.bias": np.zeros(2, dtype=np.float32), "2.weight": np.array([[1.0, 1.0]])})
    >>> net.widths, net.evaluate([-2])
    ((1, 2, 1), (Fraction(2, 1),))
    """
    if not hasattr(state, "items"):
        raise FormatError(f"state dict: expected a mapping of names to arrays, got {type(state).__name__}")
    convert = _float_converter(max_denominator)
    found: dict[str, dict[str, Any]] = {}    # layer name -> {"weight": ..., "bias": ...}, in order of appearance
    for name, value in state.items():
        shape = tuple(getattr(value, "shape", ()))
        if not isinstance(name, str) or not name.endswith(("weight", "bias")):
            raise FormatError(f"state dict: {name!r} is not a Linear weight or bias")
        base, _, kind = name.rpartition(".") if "." in name else ("", "", name)
        if kind not in ("weight", "bias"):
            raise FormatError(f"state dict: {name!r} is not a Linear weight or bias")
        if (kind == "weight" and len(shape) != 2) or (kind == "bias" and len(shape) != 1):
            raise FormatError(f"state dict: {name!r} has shape {list(shape)}, not a Linear {kind} "
                              "(BatchNorm and other layers: save the module and convert that)")
        found.setdefault(base, {})[kind] = value
    bases = sorted(found, key=_natural) if natural_order else list(found)
    layers: list[list[Any]] = []   # [name, weight, bias]
    for base in bases:
        parts = found[base]
        if "weight" not in parts:
            raise FormatError(f"state dict: {base}.bias has no weight")
        weight = _array_matrix(parts["weight"], f"{base}.weight", convert)
        bias = _array_vector(parts["bias"], f"{base}.bias", convert) if "bias" in parts else None
        if bias is not None and len(bias) != len(weight):
            raise FormatError(f"state dict: {base}.bias has {len(bias)} entries for {len(weight)} rows")
        layers.append([base, weight, bias])
    if not layers:
        raise FormatError("state dict: no Linear weight")
    chain = [(w, b if b is not None else tuple(Fraction(0) for _ in w)) for _, w, b in layers]
    widths = [len(chain[0][0][0])] + [len(w) for w, _ in chain]
    for (name, w, _), width in zip(layers, widths):
        if len(w[0]) != width:
            raise FormatError(f"state dict: {name}.weight takes {len(w[0])} inputs, the layer before gives {width}")
    if arch is not None and list(arch) != widths:
        raise FormatError(f"--arch: {','.join(map(str, arch))} differs from the state dict's widths "
                          f"{','.join(map(str, widths))}")
    return Network(widths[0], chain)


def load_torch(path: str | os.PathLike[str], max_denominator: int | None = None, arch: Sequence[int] | None = None,
               trust_pickle: bool = False, drop_activation_quantization: bool = False) -> Network:
    """Load a saved model and convert it: a ``state_dict``, a safetensors or ONNX file, or a pickled module.

    Files are read with ``torch.load(weights_only=True)``, which loads tensors and never runs
    code; a pickled module needs ``trust_pickle=True`` (``--trust-pickle``), which runs the
    file's pickled code: only for files from a source you trust.

    Parameters
    ----------
    path
        The file.
    max_denominator
        Round each weight to the nearest rational with this denominator bound.
    arch
        The widths a ``state_dict`` must have.
    trust_pickle
        Allow a pickled module (runs code from the file).
    drop_activation_quantization
        Accept activation quantization by leaving it out.

    Returns
    -------
    Network
        The exact network.

    Raises
    ------
    FormatError
        When the file is missing, not a model file, or needs ``trust_pickle``.

    See Also
    --------
    from_torch : a module already loaded.
    from_state_dict : the state-dict reader.
    """
    if not Path(path).is_file():
        raise FormatError(f"model: file {str(path)!r} does not exist")
    if str(path).endswith(".onnx"):
        return from_onnx(path, max_denominator, drop_activation_quantization)
    if str(path).endswith(".safetensors"):
        try:
            from safetensors.numpy import load_file
        except ImportError:
            raise FormatError("convert: reading .safetensors needs the safetensors package") from None
        try:
            tensors = load_file(str(path))
        except Exception as err:  # safetensors raises its own error types for a bad header
            raise FormatError(f"model: {str(path)!r} is not a safetensors file ({type(err).__name__})") from None
        return from_state_dict(tensors, arch, max_denominator, natural_order=True)
    try:
        import torch
    except ImportError:
        raise FormatError("convert: PyTorch is not installed (pip install 'reluexact[torch]')") from None
    try:
        obj = torch.load(path, weights_only=not trust_pickle, map_location="cpu")
    except Exception as err:  # torch raises many kinds for a bad file
        if trust_pickle:      # a TorchScript archive (torch.jit.save): its own loader
            try:
                return from_torch(torch.jit.load(str(path), map_location="cpu"),  # type: ignore[no-untyped-call]
                                  max_denominator,
                                  drop_activation_quantization)
            except Exception:  # not TorchScript either: report torch.load's failure below
                pass
        if not trust_pickle and "Unsupported global" in str(err):
            raise FormatError(f"model: {str(path)!r} holds pickled code (a whole module), which loading would run; "
                              "convert its state_dict, or pass --trust-pickle if you trust its source") from None
        raise FormatError(f"model: {str(path)!r} is not a loadable torch file ({type(err).__name__})") from None
    if isinstance(obj, dict):
        return from_state_dict(obj, arch, max_denominator)
    if isinstance(obj, torch.jit.ScriptModule) or isinstance(obj, torch.nn.Module) and \
            any(_quantized_kind(m, torch) is not None for m in obj.modules()):
        return from_torch(obj, max_denominator, drop_activation_quantization)
    if not isinstance(obj, torch.nn.Sequential):
        raise UnsupportedLayerError(f"model: {str(path)!r} holds a {type(obj).__name__}, not an nn.Sequential; "
                                    "save its state_dict (a chain of Linear layers) and convert that")
    return from_torch(obj, max_denominator, drop_activation_quantization)

"""``python -m exact``: inspect, evaluate and convert networks exactly.

Commands::

    python -m exact info NET.json
    python -m exact eval NET.json X1 X2 ... [--json]
    python -m exact convert MODEL.pt|MODEL.safetensors|MODEL.onnx -o NET.json [--max-denominator Q]
                            [--arch W0,W1,...] [--trust-pickle] [--drop-activation-quantization]

Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from exact.cli import ArgumentParser, run_cli
from exact.errors import FormatError
from exact.io import load_network, load_torch, save_network
from exact.network import Network, format_pattern
from exact.numbers import approximate, format_rational, to_rational


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m exact", description="Exact rational ReLU networks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    info = sub.add_parser("info", help="architecture, neuron count, skips")
    info.add_argument("network", help="network JSON file")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    ev = sub.add_parser("eval", help="evaluate exactly at a point")
    ev.add_argument("network", help="network JSON file")
    ev.add_argument("x", nargs="+", help="coordinates as rationals: 1/3 -0.5 2")
    ev.add_argument("--json", action="store_true", help='print {"output": [...], "pattern": [...]}')
    ev.add_argument("--digits", type=int, default=None,
                    help="digits of the approximation printed beside each non-integer output (display only; "
                         "default 6)")
    conv = sub.add_parser("convert", help="convert a saved model (state_dict, safetensors, ONNX, nn.Sequential, "
                                          "quantized torch.ao models) to JSON",
                          description="Formats read: a PyTorch state_dict (.pt/.pth, torch.save(model.state_dict())), "
                                      "a .safetensors file of the same tensors, an .onnx file (a chain of Gemm, "
                                      "MatMul, Add/Sub/Mul/Div by constants, Relu, LeakyRelu, reshapes of batch "
                                      "axes, DequantizeLinear of constant weights), and with --trust-pickle a whole "
                                      "pickled nn.Sequential or torch.ao quantized model (dynamic or static).")
    conv.add_argument("model", help="torch.save(model.state_dict(), path), a .safetensors or .onnx file, or (with "
                      "--trust-pickle) torch.save(model, path)")
    conv.add_argument("--arch", default=None, help="check the widths, e.g. 2,50,50,1")
    conv.add_argument("--trust-pickle", action="store_true",
                      help="load a pickled module (runs code from the file: only for files you trust)")
    conv.add_argument("--drop-activation-quantization", action="store_true",
                      help="convert a statically quantized model without its activation rounding (a step function, "
                           "refused otherwise); its weights stay exactly int_repr * scale")
    conv.add_argument("-o", "--output", required=True, help="network JSON to write")
    conv.add_argument("--max-denominator", type=int, default=None,
                      help="round weights to the nearest rational with this denominator bound "
                      "(default: exact binary values)")
    return parser


def _info(net: Network) -> dict[str, object]:
    return {
        "input_dim": net.input_dim,
        "widths": list(net.widths),
        "depth": net.depth,
        "relu_layers": list(net.relu_layers),
        "relu_neurons": net.neuron_count,
        "output_dim": net.output_dim,
        "output_relu": net.output_relu,
        "skips": [
            {"from": s.source, "to": s.target, "weight": "identity" if s.weight is None else "matrix"}
            for s in net.skips
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "info":
        net = load_network(args.network)
        data = _info(net)
        if args.json:
            print(json.dumps(data))
        else:
            print(f"architecture  {' -> '.join(str(w) for w in net.widths)}")
            print(f"layers        {net.depth} affine, ReLU on {list(net.relu_layers) or 'none'}")
            print(f"ReLU neurons  {net.neuron_count}")
            print(f"output        dimension {net.output_dim}, {'ReLU' if net.output_relu else 'affine'}")
            skips = ", ".join(f"{s.source}->{s.target} ({'identity' if s.weight is None else 'projection'})"
                              for s in net.skips)
            print(f"skips         {skips or 'none'}")
        return 0
    if args.command == "eval":
        net = load_network(args.network)
        x = [to_rational(v, f"x[{i}]") for i, v in enumerate(args.x)]
        trace = net.forward(x)
        pattern = net.pattern(x)
        output = [format_rational(v) for v in trace.output]
        if args.json:
            print(json.dumps({"output": output, "pattern": format_pattern(pattern)}))
        else:
            digits = 6 if args.digits is None else args.digits
            if digits < 1:
                raise FormatError(f"--digits: {digits} must be at least 1")
            output = [text if v.denominator == 1 else f"{text} (~{approximate(v, digits)})"
                      for text, v in zip(output, trace.output)]
            print(f"output   {' '.join(output)}")
            print(f"pattern  {','.join(format_pattern(pattern)) or '(no ReLU)'}")
        return 0
    if args.command == "convert":
        if args.max_denominator is not None and args.max_denominator < 1:
            raise FormatError(f"--max-denominator: {args.max_denominator} must be positive")
        arch = None
        if args.arch is not None:
            try:
                arch = [int(w) for w in args.arch.split(",")]
            except ValueError:
                raise FormatError(f"--arch: {args.arch!r} is not a comma-separated list of widths") from None
        net = load_torch(args.model, args.max_denominator, arch=arch, trust_pickle=args.trust_pickle,
                         drop_activation_quantization=args.drop_activation_quantization)
        save_network(net, args.output)
        print(f"wrote {args.output}: {' -> '.join(str(w) for w in net.widths)}, {net.neuron_count} ReLU neurons",
              file=sys.stderr)
        return 0
    raise AssertionError(args.command)  # pragma: no cover


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m exact"))

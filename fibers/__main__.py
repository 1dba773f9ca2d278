"""``python -m fibers``: decide functional equivalence exactly, and verify certificates.

Commands::

    python -m fibers equiv A.json B.json [--json] [-o CERT.json]    exit 0 equivalent, 1 not, 2 bad input
    python -m fibers verify A.json B.json CERT.json                  exit 0 valid, 1 invalid, 2 bad input

(``identifiable`` and ``transform``, and ``--method bottleneck``, of issue 4 are not built yet.)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from exact.cli import ArgumentParser, run_cli
from exact.errors import FormatError
from exact.io import load_json, load_network, write_atomic
from exact.network import parse_pattern
from exact.numbers import to_vector
from fibers.equivalence import EquivalenceResult, decide_equivalence, verify_certificate


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m fibers", description="Exact functional equivalence of ReLU networks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    equiv = sub.add_parser("equiv", help="decide whether two networks compute the same function")
    equiv.add_argument("a")
    equiv.add_argument("b")
    equiv.add_argument("--method", choices=("exhaustive",), default="exhaustive")
    equiv.add_argument("--json", action="store_true")
    equiv.add_argument("-o", "--output", help="write the certificate or witness as JSON")
    verify = sub.add_parser("verify", help="re-check a certificate or witness without trusting the decider")
    verify.add_argument("a")
    verify.add_argument("b")
    verify.add_argument("certificate")
    return parser


def _read_result(path: str) -> EquivalenceResult:
    data = load_json(path, "certificate")
    if not isinstance(data, dict) or not isinstance(data.get("equivalent"), bool):
        raise FormatError('certificate: expected {"equivalent": ..., "certificate" or "witness": ...}')
    if not data["equivalent"]:
        witness = data.get("witness")
        if not isinstance(witness, dict) or "x" not in witness:
            raise FormatError("certificate: a 'not equivalent' answer needs witness.x")
        return EquivalenceResult(False, "exhaustive", witness=to_vector(witness["x"], "witness.x"))
    cert = data.get("certificate")
    if not isinstance(cert, dict) or not isinstance(cert.get("regions"), list):
        raise FormatError("certificate: an 'equivalent' answer needs certificate.regions")
    regions = []
    for i, region in enumerate(cert["regions"]):
        if not isinstance(region, dict) or not isinstance(region.get("pattern"), list):
            raise FormatError(f"certificate: region {i} needs a pattern and an interior_point")
        pattern = parse_pattern(",".join(region["pattern"])) if region["pattern"] else ()
        regions.append((pattern, to_vector(region.get("interior_point", []), f"regions[{i}].interior_point")))
    return EquivalenceResult(True, str(cert.get("method", "exhaustive")), regions=regions)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    a, b = load_network(args.a), load_network(args.b)
    if args.command == "equiv":
        result = decide_equivalence(a, b, args.method)
        payload = result.to_json()
        if args.output:
            write_atomic(args.output, lambda h: h.write(json.dumps(payload, indent=1) + "\n"))
        if args.json:
            print(json.dumps(payload))
        elif result.equivalent:
            print(f"equivalent: {len(result.regions)} regions of the joint network checked")
        else:
            w = payload["witness"]
            print(f"not equivalent: at x = ({' '.join(w['x'])}) a gives ({' '.join(w['a'])}), b gives "
                  f"({' '.join(w['b'])})")
        return 0 if result.equivalent else 1
    ok = verify_certificate(a, b, _read_result(args.certificate))
    print("valid" if ok else "invalid")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m fibers"))

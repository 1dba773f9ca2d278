"""``python -m homology``: integral homology of simplicial complexes.

Commands::

    python -m homology betti COMPLEX.json [--json]     COMPLEX.json = {"facets": [[...], ...]}

(The network commands ``overlap``, ``quotient`` and ``image`` of issue 5 are not built yet.)
Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from exact.cli import ArgumentParser, run_cli
from exact.errors import FormatError
from exact.io import loads_exact
from homology.complexes import SimplicialComplex


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m homology", description="Integral homology, exactly.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    betti = sub.add_parser("betti", help="Betti numbers and torsion of a simplicial complex")
    betti.add_argument("complex", help='JSON file {"facets": [[v, ...], ...]} (vertices: numbers or strings)')
    betti.add_argument("--json", action="store_true", help='print {"homology": [{"dim", "betti", "torsion"}]}')
    return parser


def _load(path: str) -> SimplicialComplex:
    try:
        with open(path, encoding="utf-8") as handle:
            data = loads_exact(handle.read(), "complex")
    except FileNotFoundError:
        raise FormatError(f"complex: file {path!r} does not exist") from None
    if not isinstance(data, dict) or set(data) != {"facets"} or not isinstance(data["facets"], list):
        raise FormatError('complex: expected {"facets": [[...], ...]}')
    facets = []
    for i, facet in enumerate(data["facets"]):
        if not isinstance(facet, list) or not facet:
            raise FormatError(f"complex: facet {i} must be a non-empty list of vertices")
        if any(isinstance(v, (list, dict)) or v is None for v in facet):
            raise FormatError(f"complex: facet {i} has a vertex that is not a number or a string")
        if len(set(map(str, facet))) != len(facet):
            raise FormatError(f"complex: facet {i} repeats a vertex")
        facets.append([str(v) if not isinstance(v, str) else v for v in facet])
    if not facets:
        raise FormatError("complex: no facets")
    return SimplicialComplex(facets)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cplx = _load(args.complex)
    groups = cplx.homology()
    if args.json:
        print(json.dumps({"homology": [{"dim": h.dim, "betti": h.betti, "torsion": list(h.torsion)}
                                       for h in groups]}))
    else:
        for h in groups:
            print(f"H_{h.dim} = {h}")
        print(f"Euler characteristic {cplx.euler_characteristic()}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m homology"))

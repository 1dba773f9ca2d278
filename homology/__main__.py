"""``python -m homology``: integral homology of simplicial complexes.

Commands::

    python -m homology betti COMPLEX.json [--json]     COMPLEX.json = {"facets": [[...], ...]}
    python -m homology overlap NET.json POINTS.json [--layer L] [--delta D] [--json]
    python -m homology quotient NET.json POINTS.json --eps E [--maxdim K] [--classes paper|data]
        [--construction cone|identify] [--json]
    python -m homology image NET.json COMPLEX.json [--json]
                       COMPLEX.json = {"facets": [...], "coordinates": {"vertex": [x, ...], ...}}

POINTS.json is a JSON list of rational points. Bad input prints one line on stderr and
exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from exact.cli import ArgumentParser, Progress, run_cli
from exact.display import check_picture_path
from exact.errors import FormatError
from exact.io import load_json, load_network
from exact.network import format_pattern
from exact.numbers import approximate, format_rational, to_rational
from homology.chains import HomologyGroup
from homology.complexes import SimplicialComplex
from homology.decompositions import overlap_decomposition, quotient_homology
from homology.image import image_homology
from homology.persistence import (
    filtration_from_json,
    lower_star_filtration,
    persistence,
    plot_barcode,
    quotient_rips_filtration,
    rips_filtration,
)


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m homology", description="Integral homology, exactly.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    betti = sub.add_parser("betti", help="Betti numbers and torsion of a simplicial complex")
    betti.add_argument("complex", help='JSON file {"facets": [[v, ...], ...]} (vertices: numbers or strings)')
    betti.add_argument("--json", action="store_true", help='print {"homology": [{"dim", "betti", "torsion"}]}')
    overlap = sub.add_parser("overlap", help="the overlap decomposition of data (000 Algorithm 1, exact)")
    overlap.add_argument("network", help="network JSON file")
    overlap.add_argument("points", help="JSON list of rational points")
    overlap.add_argument("--layer", type=int, default=None, help="the layer l of Phi^l (default: the output)")
    overlap.add_argument("--delta", default=None, help="skip region pairs farther apart (L-infinity) than this")
    overlap.add_argument("--json", action="store_true", help="print the classes and every gluing's evidence as JSON")
    overlap.add_argument("--quiet", action="store_true", help="no progress line")
    overlap.add_argument("--plot", metavar="PNG", help="draw the data coloured by overlap class on the regions, "
                                                       "each gluing joined to its partner (2-D input)")
    overlap.add_argument("--digits", type=int, default=None,
                         help="also print each partner to N significant digits (display only)")
    quotient = sub.add_parser("quotient", help="quotient homology of data (Vietoris-Rips modulo overlap classes)")
    quotient.add_argument("network", help="network JSON file")
    quotient.add_argument("points", help="JSON list of rational points")
    quotient.add_argument("--eps", required=True, help="Vietoris-Rips scale (rational)")
    quotient.add_argument("--maxdim", type=int, default=2,
                          help="homology up to dimension K, from the (K+1)-skeleton of the Rips complex")
    quotient.add_argument("--layer", type=int, default=None, help="the layer l of Phi^l (default: the output)")
    quotient.add_argument("--classes", choices=("paper", "data"), default="paper",
                          help="Algorithm 1's classes, or data points with equal images")
    quotient.add_argument("--construction", choices=("cone", "identify"), default="cone",
                          help="cone each class (the paper), or identify its vertices (simplicial quotient)")
    quotient.add_argument("--json", action="store_true", help="print the homology groups and the classes as JSON")
    quotient.add_argument("--quiet", action="store_true", help="no progress line")
    pers = sub.add_parser("persistence", help="exact persistent homology over Q or Z/p (barcode)")
    pers.add_argument("input", help='JSON list of rational points (Vietoris-Rips by squared distances), '
                      '{"filtration": [{"simplex": [...], "value": v}, ...]}, or {"facets": [...], "values": '
                      '{"vertex": v, ...}} (lower-star)')
    pers.add_argument("--field", type=int, default=0, help="0 for the rationals (default) or a prime p for Z/p")
    pers.add_argument("--maxdim", type=int, default=1,
                      help="homology up to dimension K, from the (K+1)-skeleton (default 1)")
    pers.add_argument("--json", action="store_true",
                      help='print {"field", "values", "bars": [{"dim", "birth", "death"}]}')
    pers.add_argument("-o", "--output", help="also draw the bars (barcode.png or .svg)")
    pers.add_argument("--picture", choices=("barcode", "diagram", "betti"), default="barcode",
                      help="with -o: a barcode, a persistence diagram, or Betti curves (default barcode)")
    pers.add_argument("--metric", choices=("euclidean", "quotient"), default="euclidean",
                      help="points: Euclidean (filtration by squared distances) or the quotient pseudometric of "
                           "000 A.5.1 (exact distances, zero inside the overlap classes of --net)")
    pers.add_argument("--net", help="the network whose overlap classes define --metric quotient")
    pers.add_argument("--classes", choices=("paper", "data"), default="paper",
                      help="with --metric quotient: Algorithm 1's classes, or data points with equal images")
    pers.add_argument("--layer", type=int, default=None, help="with --metric quotient: the layer l of Phi^l")
    image = sub.add_parser("image", help="homology of Phi(M) for a complex M with rational coordinates")
    image.add_argument("network", help="network JSON file")
    image.add_argument("complex", help='JSON {"facets": [[v, ...], ...], "coordinates": {"v": [x, ...], ...}}')
    image.add_argument("--json", action="store_true", help="print H(Phi(M)) and H(M) with the pieces as JSON")
    image.add_argument("--quiet", action="store_true", help="no progress line")
    return parser


def _text(value: Any) -> str:
    """A filtration value: ``"p/q"``, or an exact sum of square roots such as ``"1 + 2*sqrt(2)"``."""
    return format_rational(value) if isinstance(value, Fraction) else str(value)


def _persistence(args: Any) -> int:
    if args.maxdim < 0:
        raise FormatError(f"--maxdim: {args.maxdim} must be nonnegative")
    data = load_json(args.input, "input")
    if (args.metric == "quotient") != (args.net is not None):
        raise FormatError("--metric quotient needs --net NET.json (and --net is only used with it)")
    if args.metric == "quotient" and not isinstance(data, list):
        raise FormatError("--metric quotient: the input must be a JSON list of points")
    if isinstance(data, list):
        if not data or any(not isinstance(p, list) for p in data):
            raise FormatError("input: expected a non-empty JSON list of points, or a filtration object")
        if args.metric == "quotient":
            net = load_network(args.net)
            overlap = overlap_decomposition(net, data, args.layer)
            classes = overlap.classes if args.classes == "paper" else overlap.data_classes
            filtration, values = quotient_rips_filtration(data, classes, args.maxdim), "quotient distances"
        else:
            filtration, values = rips_filtration(data, args.maxdim), "squared distances"
    elif isinstance(data, dict) and "facets" in data:
        if set(data) != {"facets", "values"} or not isinstance(data["facets"], list) or \
                not isinstance(data["values"], dict):
            raise FormatError('input: a lower-star filtration is {"facets": [[v, ...], ...], "values": {"v": x, ...}}')
        if any(not isinstance(f, list) or any(isinstance(v, (bool, list, dict)) or v is None for v in f)
               for f in data["facets"]):
            raise FormatError("input: facets must be lists of vertex names (numbers or strings)")
        # JSON object keys are strings: vertices are named by their JSON text
        facets = [[str(v) for v in facet] for facet in data["facets"]]
        filtration, values = lower_star_filtration(facets, data["values"]), "lower star"
        filtration = [(s, v) for s, v in filtration if len(s) - 1 <= args.maxdim + 1]
    else:
        filtration, values = filtration_from_json(data), "given"
        filtration = [(s, v) for s, v in filtration if len(s) - 1 <= args.maxdim + 1]
    if not filtration:     # one rule with betti and the point clouds: nothing to compute is bad input
        raise FormatError("input: the filtration is empty")
    bars = persistence(filtration, args.maxdim, args.field)
    if args.output:
        plot_barcode(bars, args.output, f"persistence over {'Q' if args.field == 0 else f'Z/{args.field}'}",
                     kind=args.picture)
    if args.json:
        print(json.dumps({"field": args.field, "values": values, "bars": [
            {"dim": b.dim, "birth": _text(b.birth), "death": None if b.death is None else _text(b.death)}
            for b in bars]}))
        return 0
    field = "Q" if args.field == 0 else f"Z/{args.field}"
    print(f"persistence over {field}, filtration values: {values}")
    top = max(len(tuple(simplex)) - 1 for simplex, _ in filtration)
    for dim in range(min(args.maxdim, top) + 1):        # nothing lives above the top dimension present
        mine = [b for b in bars if b.dim == dim]
        shown = " ".join(f"[{_text(b.birth)}, {'inf' if b.death is None else _text(b.death)})"
                         for b in mine)
        print(f"H_{dim}: {len(mine)} bars  {shown}")
    return 0


def _points(path: str) -> list[list[object]]:
    data = load_json(path, "points")
    if not isinstance(data, list) or not data or any(not isinstance(p, list) for p in data):
        raise FormatError("points: expected a non-empty JSON list of points (lists of numbers)")
    return data


def _groups_json(groups: Sequence[HomologyGroup]) -> list[dict[str, object]]:
    return [{"dim": h.dim, "betti": h.betti, "torsion": list(h.torsion)} for h in groups]


def _load(path: str, coordinates: bool = False) -> tuple[SimplicialComplex, dict[object, object]]:
    data = load_json(path, "complex")
    keys = {"facets", "coordinates"} if coordinates else {"facets"}
    if not isinstance(data, dict) or set(data) != keys or not isinstance(data["facets"], list):
        shape = '{"facets": [[...], ...], "coordinates": {...}}' if coordinates else '{"facets": [[...], ...]}'
        raise FormatError(f"complex: expected {shape}")
    # labels are the JSON values themselves: 1 and "1" are two vertices (numbers compare as numbers)
    facets: list[list[object]] = []
    for i, facet in enumerate(data["facets"]):
        if not isinstance(facet, list) or not facet:
            raise FormatError(f"complex: facet {i} must be a non-empty list of vertices")
        if any(isinstance(v, bool) or not isinstance(v, (int, str, Decimal)) for v in facet):
            raise FormatError(f"complex: facet {i} has a vertex that is not a number or a string")
        if any(isinstance(v, Decimal) and not v.is_finite() for v in facet):
            raise FormatError(f"complex: facet {i} has a vertex that is not a finite number")
        if len(set(facet)) != len(facet):
            raise FormatError(f"complex: facet {i} repeats a vertex")
        facets.append(facet)
    if not facets:
        raise FormatError("complex: no facets")
    coords: dict[object, object] = {}
    if coordinates:
        raw = data["coordinates"]
        if not isinstance(raw, dict):
            raise FormatError("complex: coordinates must map each vertex to a point")
        vertices = {v for f in facets for v in f}
        # JSON keys are strings: a numeric vertex takes the key that spells it
        by_key: dict[str, object] = {}
        for v in vertices:
            key = v if isinstance(v, str) else str(v)
            if key in by_key:
                raise FormatError(f"complex: vertices {by_key[key]!r} and {v!r} share the coordinate key {key!r}")
            by_key[key] = v
        missing = sorted(k for k in by_key if k not in raw)
        if missing:
            raise FormatError(f"complex: no coordinates for vertices {missing}")
        coords = {by_key[k]: raw[k] for k in by_key}
    return SimplicialComplex(facets), coords


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "betti":
        cplx, _ = _load(args.complex)
        groups = cplx.homology()
        if args.json:
            print(json.dumps({"homology": _groups_json(groups)}))
        else:
            _print_groups(groups)
            print(f"Euler characteristic {cplx.euler_characteristic()}")
        return 0
    if args.command == "persistence":
        return _persistence(args)
    net = load_network(args.network)
    if args.command == "overlap":
        if args.digits is not None and args.digits < 1:
            raise FormatError(f"--digits: {args.digits} must be at least 1")
        if args.plot is not None:
            check_picture_path(args.plot, "--plot")
        if args.plot is not None and net.input_dim != 2:
            raise FormatError(f"--plot: draws networks with 2-D input, this one has {net.input_dim}")
        points = _points(args.points)
        with Progress("region pairs", quiet=args.quiet) as progress:
            result = overlap_decomposition(net, points, args.layer, delta=args.delta, progress=progress.advance)
        gluings = [{"point": g.point, "source": format_pattern(g.source), "target": format_pattern(g.target),
                    "partner": [format_rational(v) for v in g.partner]} for g in result.gluings]
        if args.json:
            print(json.dumps({"classes": result.classes, "data_classes": result.data_classes, "gluings": gluings,
                              "pairs_checked": result.pairs_checked,
                              "pairs_pruned_by_delta": result.pairs_pruned_by_delta}))
        else:
            for glue in result.gluings:
                partner = " ".join(format_rational(v) for v in glue.partner)
                shown = f"  approximately ({' '.join(approximate(v, args.digits) for v in glue.partner)})" \
                    if args.digits is not None else ""
                print(f"point {glue.point} ({','.join(format_pattern(glue.source))}) ~ ({partner}) in "
                      f"{','.join(format_pattern(glue.target))}{shown}")
            print(f"classes (Algorithm 1): {result.classes}")
            print(f"classes (equal images): {result.data_classes}")
            if result.delta is not None:
                print(f"delta = {result.delta}: {result.pairs_pruned_by_delta} region pairs not examined")
            glued = sorted({g.point for g in result.gluings})
            print(f"{len(result.gluings)} gluings of {len(glued)} points, {len(result.classes)} classes, "
                  f"{len(result.regions)} populated regions, {result.products} LP-free fibre tests, {result.lps} LPs")
        if args.plot is not None:
            from homology.decompositions import plot_overlap

            plot_overlap(net, points, result, args.plot)
            print(f"wrote {args.plot}", file=sys.stderr)
        return 0
    if args.command == "quotient":
        groups, overlap = quotient_homology(net, _points(args.points), to_rational(args.eps, "--eps"), args.maxdim,
                                            args.layer, args.classes, args.construction)
        if args.json:
            print(json.dumps({"homology": _groups_json(groups), "classes": overlap.classes
                              if args.classes == "paper" else overlap.data_classes}))
        else:
            _print_groups(groups)
        return 0
    if args.command == "image":
        cplx, coords = _load(args.complex, coordinates=True)
        with Progress("simplices", total=len(cplx.facets()), quiet=args.quiet) as progress:
            image = image_homology(net, cplx, coords, progress=progress.advance)  # type: ignore[arg-type]
        if args.json:
            print(json.dumps({"homology": _groups_json(image.homology), "pieces": len(image.pieces)}))
        else:
            _print_groups(image.homology)
            print(f"{len(image.pieces)} pieces")
        return 0
    raise AssertionError(args.command)  # pragma: no cover


def _print_groups(groups: Sequence[HomologyGroup]) -> None:
    for h in groups:
        print(f"H_{h.dim} = {h}")


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m homology"))

"""``python -m tropical``: linear regions of a network, exactly.

Commands::

    python -m tropical regions NET.json [--box LO HI | --box LO1 HI1 .. | --domain DOMAIN.json |
                                         --vnnlib PROP.vnnlib] [--layers L]
                                        [--method tree|walk] [--count] [--json] [--workers N]
    python -m tropical region NET.json --pattern 11,10 [--box LO HI | --domain DOMAIN.json] [--json]
    python -m tropical plot NET.json --box LO HI -o regions.png [--origin X.. --u U.. --v V..]
    python -m tropical complex NET.json [--box LO HI | ... as regions] [--output] [--json] [--certify]
                                        [--pieces K] [--workers N | --scheduler tcp://HOST:PORT]

Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from exact.cli import ArgumentParser, Progress, add_domain_options, dask_client, domain_from_args, run_cli
from exact.errors import FormatError
from exact.io import load_json, load_network, load_polyhedron
from exact.network import Network, format_pattern, precompose
from exact.numbers import to_rational
from exact.polyhedron import BACKENDS, Polyhedron
from tropical.complex import Degenerate, polyhedral_complex
from tropical.counting import count_regions
from tropical.enumeration import METHODS, regions
from tropical.partition import partitioned_f_vector
from tropical.plot import COLOURINGS, plot_graph, plot_regions, plot_regions_3d
from tropical.regions import region_of_pattern


def _domain_options(parser: ArgumentParser) -> None:
    add_domain_options(parser)
    parser.add_argument("--backend", choices=BACKENDS, default="cdd", help="exact LP backend (default cdd)")
    parser.add_argument("--origin", nargs="+", metavar="X",
                        help="work on the slice origin + s u (+ t v): the domain is then in (s, t)")
    parser.add_argument("--u", nargs="+", metavar="U", help="the slice's first direction (with --origin)")
    parser.add_argument("--v", nargs="+", metavar="V", help="the slice's second direction (with --origin)")


def _slice_of(net: Network, args: Any) -> tuple[list[Any], list[list[Any]]] | None:
    """``(origin, directions)`` of ``--origin/--u/--v``, checked, or ``None`` without a slice."""
    if args.origin is None:
        if args.u or args.v:
            raise FormatError("--u/--v: give the slice's --origin too")
        return None
    if not args.u:
        raise FormatError("--origin: give at least the direction --u (and --v for a plane)")
    vectors = [args.origin, args.u] + ([args.v] if args.v else [])
    names = ["--origin", "--u", "--v"]
    values = [[to_rational(x, f"{name}[{i}]") for i, x in enumerate(vector)] for name, vector in zip(names, vectors)]
    for name, vector in zip(names, values):
        if len(vector) != net.input_dim:
            raise FormatError(f"{name}: {len(vector)} coordinates, the network's input has {net.input_dim}")
    directions = values[1:]
    u = directions[0]
    independent = any(u) if len(directions) == 1 else any(
        u[i] * directions[1][j] != u[j] * directions[1][i] for i in range(net.input_dim) for j in range(i))
    if not independent:
        raise FormatError("--u/--v: the slice's directions must be linearly independent")
    return values[0], directions


def _sliced(net: Network, args: Any) -> Network:
    """The network on the slice ``origin + s u (+ t v)`` of ``--origin/--u/--v`` (exact precomposition)."""
    found = _slice_of(net, args)
    if found is None:
        return net
    origin, directions = found
    return precompose(net, [[d[i] for d in directions] for i in range(net.input_dim)], origin)


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m tropical", description="Exact linear regions of ReLU networks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    many = sub.add_parser("regions", help="all regions (on R^n, a box or a polyhedron)")
    many.add_argument("network", help="network JSON file")
    _domain_options(many)
    many.add_argument("--layers", type=int, default=None, help="regions of the first L layers only")
    many.add_argument("--method", choices=METHODS, default="tree", help="tree (Algorithm 2) or walk")
    many.add_argument("--count", action="store_true", help="print only the number of regions")
    many.add_argument("--json", action="store_true",
                      help='print {"count": N, "regions": [...]} with each region\'s evidence (irredundant '
                           'inequalities, interior point, exact map): slower than --count')
    many.add_argument("--workers", type=int, default=1, help="processes for the tree method")
    many.add_argument("--quiet", action="store_true", help="no progress line")
    one = sub.add_parser("region", help="the region of one pattern (Algorithm 1)")
    one.add_argument("network", help="network JSON file")
    one.add_argument("--pattern", required=True, help="one group of bits per ReLU layer, 1 = active: 11,10")
    _domain_options(one)
    one.add_argument("--json", action="store_true", help='print {"empty": false, "region": {...}} or the evidence')
    cplx = sub.add_parser("complex", help="the polyhedral complex on a box, a polytope or R^n (no domain): "
                                          "its f-vector (vertices first)")
    cplx.add_argument("network", help="network JSON file")
    _domain_options(cplx)
    cplx.add_argument("--output", action="store_true", help="also cut by the zero level set of each output")
    cplx.add_argument("--json", action="store_true", help='print {"f_vector": [...], "fallbacks": N}')
    cplx.add_argument("--certify", action="store_true", help="recompute every vertex and sign exactly")
    cplx.add_argument("--faces", action="store_true",
                      help="with --json: every face's sign vector, vertices and exact point (small complexes)")
    cplx.add_argument("--pieces", type=int, default=None,
                      help="build the complex on K slabs of the box and merge the f-vectors exactly")
    where = cplx.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None,
                       help="run the slabs on a local Dask cluster of N worker processes (the dask extra)")
    where.add_argument("--scheduler", default=None, help="run the slabs on an existing Dask cluster at this address")
    cplx.add_argument("--quiet", action="store_true", help="no progress lines")
    plot = sub.add_parser("plot", help="draw the regions in a 2-D box (PNG or SVG)")
    plot.add_argument("network", help="network JSON file")
    plot.add_argument("--box", nargs="+", metavar="V",
                      help="LO HI (the square LO..HI) or X0 X1 Y0 Y1 (a rectangle); 1-D input: the interval "
                           "LO HI; 3-D input: LO HI or X0 X1 Y0 Y1 Z0 Z1")
    plot.add_argument("-o", "--output", required=True,
                      help="regions.png or regions.svg (regions.html: interactive 3-D regions, needs plotly)")
    plot.add_argument("--origin", nargs="+", help="slice origin (input dimension != 2)")
    plot.add_argument("--u", nargs="+", help="first slice direction")
    plot.add_argument("--v", nargs="+", help="second slice direction")
    plot.add_argument("--layers", type=int, default=None, help="regions of the first L layers only")
    plot.add_argument("--points", help="JSON list of points to draw (slice coordinates)")
    plot.add_argument("--labels", help="JSON list of one label per point (points coloured by label)")
    plot.add_argument("--colour", "--color", choices=COLOURINGS, default="region",
                      help="colour regions one by one, by the rank of the map, or by the output value")
    plot.add_argument("--domain", metavar="DOMAIN.json",
                      help='draw in this bounded polygon instead of a box: {"dim": 2, "inequalities": [{"a", "b"}]}')
    plot.add_argument("--vnnlib", metavar="PROPERTY.vnnlib",
                      help="draw in the input box of a VNN-LIB property (on the slice, with --origin/--u/--v)")
    return parser


def _domain(net: Network, args: Any) -> Polyhedron | None:
    domain: Polyhedron | None = domain_from_args(net.input_dim, args, args.backend, on_slice=getattr(args, "on_slice",
                                                                                                    None))
    return domain


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    net = load_network(args.network)
    if args.command in ("regions", "region", "complex"):
        args.on_slice = _slice_of(net, args)
        net = _sliced(net, args)
    if args.command == "regions":
        if args.workers < 1:
            raise FormatError(f"--workers: {args.workers} must be at least 1")
        domain = _domain(net, args)
        with Progress("regions", quiet=args.quiet) as progress:   # cleared before any result is printed
            if args.count and not args.json:
                count = count_regions(net, domain, args.layers, args.method, args.backend, progress.advance,
                                      args.workers)
            else:
                found = list(regions(net, domain, args.layers, args.method, args.backend, progress.advance,
                                     args.workers))
        if args.count and not args.json:
            print(count)
            return 0
        if args.json:
            payload: dict[str, Any] = {"count": len(found)}
            if not args.count:
                payload["regions"] = [r.to_json() for r in found]
            print(json.dumps(payload))
        elif args.count:
            print(len(found))
        else:
            for r in found:
                point = " ".join(str(v) for v in r.interior_point)
                print(f"{','.join(format_pattern(r.pattern))}  rank {r.rank}  "
                      f"{len(r.inequalities)} facets  interior point ({point})")
            by_rank: dict[int, int] = {}
            for r in found:
                by_rank[r.rank] = by_rank.get(r.rank, 0) + 1
            bounded = sum(1 for r in found if r.is_bounded())
            ranks = ", ".join(f"{n} of rank {k}" for k, n in sorted(by_rank.items()))
            print(f"{len(found)} regions ({ranks}; {bounded} bounded)")
        return 0
    if args.command == "complex":
        box = _domain(net, args)      # None: R^n, inside a box that holds every vertex
        if args.pieces is not None or args.workers is not None or args.scheduler is not None:
            if box is None:
                raise FormatError("complex: --pieces/--workers/--scheduler cut a box into slabs; give --box LO HI")
            return _partitioned(net, box, args)
        cx = polyhedral_complex(net, box, output=args.output)
        certified = cx.certify() if args.certify else None
        if args.faces and not args.json:
            raise FormatError("complex: --faces needs --json")
        if args.json:
            payload = cx.to_json(faces=args.faces)
            if certified is not None:
                payload["certified"] = certified
            print(json.dumps(payload))
        else:
            names = ["vertices", "edges"] + [f"{k}-faces" for k in range(2, net.input_dim)] + ["regions"]
            if cx.whole_space:
                inside = " x ".join(f"[{lo}, {hi}]" for lo, hi in zip(cx.lo, cx.hi))
                print(f"domain     R^n (unbounded faces counted once; every vertex inside {inside})")
            for name, count in zip(names, cx.f_vector()):
                print(f"{name:10} {count}")
            print(f"fallbacks  {cx.fallbacks} exact decisions where the float filter could not decide")
            if not cx.simple:
                print("lattice    not a simple complex (a vertex on more than n hyperplanes): built as a face lattice")
            if certified:
                print("certified  every vertex and sign recomputed exactly")
        return 0
    if args.command == "region":
        result = region_of_pattern(net, args.pattern, _domain(net, args), backend=args.backend)
        if args.json:
            if result.empty:
                print(json.dumps(result.to_json()))
            else:
                print(json.dumps({"empty": False, "region": result.to_json()}))
        elif result.empty:
            data = result.to_json()["evidence"]
            print(f"empty ({data['reason']} at layer {data['layer']})")
            if "infeasible_subset" in data:
                print(f"infeasible subset of constraints: {data['infeasible_subset']}, "
                      f"Farkas multipliers {data['farkas_multipliers']}")
        else:
            data = result.to_json()
            for ineq in data["inequalities"]:
                print(f"  {' '.join(ineq['a'])}  <=  {ineq['b']}")
            print(f"interior point  {' '.join(data['interior_point'])}")
            print(f"rank            {data['rank']}")
        return 0
    if args.command == "plot":
        return _plot(net, args)
    raise AssertionError(args.command)  # pragma: no cover


def _plot(net: Network, args: Any) -> int:
    """``plot``: regions of a 2-D input or slice (PNG/SVG), the graph of a 1-D network, 3-D regions (HTML)."""
    points = labels = None
    if args.points:
        points = load_json(args.points, "points")
        if not isinstance(points, list):
            raise FormatError("points: expected a JSON list of points")
    if args.labels:
        if points is None:
            raise FormatError("--labels: give --points too (one label per point)")
        labels = load_json(args.labels, "labels")
        if not isinstance(labels, list):
            raise FormatError("labels: expected a JSON list, one label per point")
    values = [to_rational(v, f"--box[{i}]") for i, v in enumerate(args.box or [])]
    if net.input_dim == 1 and args.origin is None:
        if len(values) != 2:
            raise FormatError("--box: a 1-D network's graph needs LO HI")
        info = plot_graph(net, values[0], values[1], args.output)
        print(f"wrote {args.output}: {info['regions']} linear pieces, {len(info['breakpoints'])} breakpoints",
              file=sys.stderr)
        return 0
    if net.input_dim == 3 and args.output.lower().endswith(".html"):
        if len(values) not in (2, 6):
            raise FormatError(f"--box: {len(values)} values; give LO HI or X0 X1 Y0 Y1 Z0 Z1")
        lower, upper = ([values[0]] * 3, [values[1]] * 3) if len(values) == 2 else (values[0::2], values[1::2])
        info = plot_regions_3d(net, lower, upper, args.output, args.layers)
        print(f"wrote {args.output}: {info['regions']} regions", file=sys.stderr)
        return 0
    domain = None
    if args.domain and args.vnnlib:
        raise FormatError("--domain, --vnnlib: give one of them")
    if args.domain or args.vnnlib:
        if args.vnnlib:
            on_slice = _slice_of(net, args) if args.origin is not None else None
            domain = domain_from_args(net.input_dim, args, on_slice=on_slice)
        else:
            domain = load_polyhedron(args.domain)
        low: list[Any] | None = None
        high: list[Any] | None = None
    else:
        if len(values) not in (2, 4):
            raise FormatError(f"--box: {len(values)} values; give LO HI or X0 X1 Y0 Y1 (or --domain)")
        low, high = ([values[0]] * 2, [values[1]] * 2) if len(values) == 2 else (values[0::2], values[1::2])
    directions = [args.u, args.v] if args.u and args.v else None
    info = plot_regions(net, low, high, args.output, origin=args.origin, directions=directions,
                        points=points, labels=labels, layers=args.layers, colour=args.colour, domain=domain)
    print(f"wrote {args.output}: {info['regions']} regions", file=sys.stderr)
    return 0


def _partitioned(net: Network, box: Polyhedron, args: Any) -> int:
    """``complex --pieces/--workers/--scheduler``: slabs built apart (on Dask when asked), merged exactly."""
    if args.certify:
        raise FormatError("complex: --certify needs the whole complex in one process (drop --pieces/--workers)")
    if args.workers is not None and args.workers < 1:
        raise FormatError(f"--workers: {args.workers} must be positive")
    with dask_client("complex", args.workers, args.scheduler) as client:
        pieces = args.pieces if args.pieces is not None else max(2, len(client.scheduler_info()["workers"]) if client
                                                                 else 2)
        try:
            with Progress("slabs", total=pieces, quiet=args.quiet) as progress:
                result = partitioned_f_vector(net, box, output=args.output, pieces=pieces, client=client,
                                              progress=progress.advance)
        except Degenerate as error:
            raise FormatError(f"complex: {error} (python -m tropical regions counts the regions exactly)") from None
    if args.json:
        print(json.dumps({"f_vector": result.f_vector, "fallbacks": result.fallbacks, "pieces": result.pieces}))
        return 0
    names = ["vertices", "edges"] + [f"{k}-faces" for k in range(2, net.input_dim)] + ["regions"]
    for name, count in zip(names, result.f_vector):
        print(f"{name:10} {count}")
    print(f"fallbacks  {result.fallbacks} exact decisions where the float filter could not decide")
    slowest = max(p["seconds"] for p in result.pieces)
    memory = max(p["max_rss_mb"] for p in result.pieces)
    print(f"pieces     {len(result.pieces)} slabs, slowest {slowest:.1f} s, peak memory of a worker {memory:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m tropical"))

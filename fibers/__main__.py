"""``python -m fibers``: functional equivalence, certificates, identifiability and symmetries, exactly.

Commands::

    python -m fibers equiv A.json B.json [--method auto|bottleneck|exhaustive|reduction]
                           [--box LO HI | --domain FILE | --vnnlib FILE] [--budget SECONDS]
                           [--workers N | --scheduler ADDRESS]
                           [--json] [-o CERT.json] [--quiet]
                                                  exit 0 equivalent, 1 not, 2 bad input, 3 undecided
    python -m fibers verify A.json B.json CERT.json
                                                  exit 0 valid, 1 invalid, 2 bad input
    python -m fibers identifiable NET.json [--json] [--no-genericity]
                                                  exit 0 identifiable, 1 not, 2 bad input
    python -m fibers transform NET.json (--translate I --t T | --flip J,K [--hidden I]) -o OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from exact.cli import ArgumentParser, Progress, add_domain_options, dask_client, domain_from_args, run_cli
from exact.display import check_picture_path
from exact.errors import FormatError, PreconditionError
from exact.io import load_json, load_network, polyhedron_from_json, save_network, write_atomic
from exact.network import parse_pattern
from exact.numbers import approximate, to_rational, to_vector
from fibers.distance import max_difference
from fibers.equivalence import (
    METHODS,
    EquivalenceResult,
    Undecided,
    decide_equivalence,
    verify_certificate,
)
from fibers.identifiability import identifiability
from fibers.joint import joint_network, on_hull
from fibers.symmetries import flip, hidden_index, normalize_for_flip, step_from_json, translate
from tropical.counting import estimate_regions


def _estimate(a: Any, b: Any, domain: Any) -> int | None:
    """A rough count of the joint regions for the progress line (a bounded domain only; decides nothing)."""
    if domain is None:
        return None
    if not domain.is_full_dimensional():   # decided on the affine hull: estimate there
        if domain.dimension() < 1:
            return None
        _, a, b, domain = on_hull(a, b, domain)
    return estimate_regions(joint_network(a, b), domain)


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m fibers", description="Exact functional equivalence of ReLU networks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    equiv = sub.add_parser("equiv", help="decide whether two networks compute the same function "
                                         "(exit 0 equivalent, 1 not, 2 bad input)")
    equiv.add_argument("a", help="first network (JSON)")
    equiv.add_argument("b", help="second network (JSON)")
    equiv.add_argument("--method", choices=METHODS, default="auto",
                       help="auto (identical or symmetric parameters, a few probe points, equal normal forms, "
                            "bottleneck, then exhaustive), the polynomial-time bottleneck decider, the exhaustive "
                            "one, or the canonical reduction alone (default auto)")
    equiv.add_argument("--budget", type=float, metavar="SECONDS",
                       help="stop the exhaustive search after SECONDS with exit 3 and no verdict")
    equiv.add_argument("--workers", type=int, default=1,
                       help="processes for the exhaustive region tree (all regions are computed, then checked)")
    equiv.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run the exhaustive region tree's subtrees on the Dask cluster at ADDRESS (the dask extra)")
    add_domain_options(equiv)
    equiv.add_argument("--json", action="store_true", help="print the answer with its evidence as JSON")
    equiv.add_argument("-o", "--output", help="write the certificate or witness as JSON")
    equiv.add_argument("--quiet", action="store_true", help="no progress line")
    equiv.add_argument("--digits", type=int, default=None,
                       help="also print the witness and outputs to N significant digits (display only)")
    equiv.add_argument("--plot", metavar="PNG",
                       help="when not equivalent, draw both networks with the witness marked (1-D or 2-D input)")
    diff = sub.add_parser("diff", help="the exact maximum of |f_a - f_b| on a domain, with a maximiser "
                                       "(with --epsilon: exit 0 when it is at most E, 1 when not)")
    diff.add_argument("a", help="first network (JSON)")
    diff.add_argument("b", help="second network (JSON)")
    add_domain_options(diff)
    diff.add_argument("--epsilon", metavar="E", help="decide max |f_a - f_b| <= E only (stops at a point beyond it)")
    diff.add_argument("--json", action="store_true",
                      help='print {"max": "p/q", "exact", "argmax": [...], "a", "b", "vertices", ...}')
    diff.add_argument("--digits", type=int, default=None, help="also print the values to N significant digits")
    verify = sub.add_parser("verify", help="re-check a certificate or witness without trusting the decider "
                                           "(exit 0 valid, 1 invalid, 2 bad input)")
    verify.add_argument("a", help="first network (JSON)")
    verify.add_argument("b", help="second network (JSON)")
    verify.add_argument("certificate", help="the certificate or witness JSON written by equiv -o")
    ident = sub.add_parser("identifiable", help="Theorem 5 of 004 for a three-layer bottleneck network "
                                                "(exit 0 identifiable, 1 not, 2 bad input)")
    ident.add_argument("net", help="a three-layer bottleneck network (JSON)")
    ident.add_argument("--json", action="store_true", help="print the verdict, its reason and the checks as JSON")
    ident.add_argument("--no-genericity", action="store_true", help="skip the genericity checks")
    transform = sub.add_parser("transform", help="apply a translation or flip symmetry (preconditions checked)")
    transform.add_argument("net", help="the network to transform (JSON)")
    what = transform.add_mutually_exclusive_group(required=True)
    what.add_argument("--translate", type=int, metavar="I", help="the hidden first-layer neuron to translate")
    what.add_argument("--flip", metavar="J,K", help="the flip set S (comma-separated first-layer neurons)")
    transform.add_argument("--t", help="the translation (a rational, e.g. 3/2)")
    transform.add_argument("--hidden", type=int, metavar="I", help="the hidden index for --flip (found if omitted)")
    transform.add_argument("-o", "--output", required=True, help="where to write the transformed network (JSON)")
    return parser


def _read_slice(data: Any) -> tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]] | None:
    """``{"origin": [...], "directions": [[...], ...]}`` of an answer on a flat domain, or ``None``."""
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("directions"), list) \
            or not isinstance(data.get("origin"), list):
        raise FormatError('certificate: slice must be {"origin": [...], "directions": [[...], ...]}')
    return to_vector(data["origin"], "slice.origin"), tuple(
        to_vector(d, f"slice.directions[{i}]") for i, d in enumerate(data["directions"]))


def _read_result(path: str) -> EquivalenceResult:
    data = load_json(path, "certificate")
    if not isinstance(data, dict) or not isinstance(data.get("equivalent"), bool):
        raise FormatError('certificate: expected {"equivalent": ..., "certificate" or "witness": ...}')
    domain = polyhedron_from_json(data["domain"]) if "domain" in data else None    # the answer's own domain
    plane = _read_slice(data.get("slice"))
    if not data["equivalent"]:
        witness = data.get("witness")
        if not isinstance(witness, dict) or "x" not in witness:
            raise FormatError("certificate: a 'not equivalent' answer needs witness.x")
        recorded = {side: to_vector(witness[side], f"witness.{side}") if side in witness else None for side in "ab"}
        return EquivalenceResult(False, "exhaustive", witness=to_vector(witness["x"], "witness.x"),
                                 output_a=recorded["a"], output_b=recorded["b"], domain=domain)
    cert = data.get("certificate")
    if isinstance(cert, dict) and cert.get("method") in ("bottleneck", "symmetries"):
        if not isinstance(cert.get("steps"), list) or not isinstance(cert.get("orthant", False), bool):
            raise FormatError(f"certificate: a {cert['method']} certificate needs a list of steps"
                              + (" and orthant true/false" if cert["method"] == "bottleneck" else ""))
        return EquivalenceResult(True, cert["method"], steps=[step_from_json(s) for s in cert["steps"]],
                                 orthant=cert.get("orthant", False), domain=domain, slice=plane)
    if isinstance(cert, dict) and cert.get("method") == "point":
        return EquivalenceResult(True, "point", domain=domain, slice=plane)
    if isinstance(cert, dict) and cert.get("method") == "reduction":
        if not all(isinstance(cert.get(side), list) and all(isinstance(s, dict) for s in cert[side]) for side in "ab"):
            raise FormatError("certificate: a reduction certificate needs the step lists 'a' and 'b'")
        return EquivalenceResult(True, "reduction", reduction={"a": cert["a"], "b": cert["b"]}, domain=domain,
                                 slice=plane)
    if not isinstance(cert, dict) or not isinstance(cert.get("regions"), list):
        raise FormatError("certificate: an 'equivalent' answer needs certificate.regions")
    regions = []
    for i, region in enumerate(cert["regions"]):
        if not isinstance(region, dict) or not isinstance(region.get("interior_point"), list):
            raise FormatError(f"certificate: region {i} needs an interior_point (a list of rationals)")
        patterns = []
        for side in ("pattern_a", "pattern_b"):
            groups = region.get(side)
            if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
                raise FormatError(f"certificate: region {i} {side} must be a list of bit strings such as \"101\"")
            patterns.append(parse_pattern(",".join(groups)) if groups else ())
        regions.append((patterns[0], patterns[1], to_vector(region["interior_point"], f"regions[{i}].interior_point")))
    return EquivalenceResult(True, str(cert.get("method", "exhaustive")), regions=regions, domain=domain, slice=plane)


def _identifiable(args: argparse.Namespace) -> int:
    report = identifiability(load_network(args.net), check_genericity=not args.no_genericity)
    verdict = 0 if report.identifiable else 1
    if args.json:
        print(json.dumps(report.to_json()))
        return verdict
    print(f"{'identifiable' if report.identifiable else 'not identifiable'}: {report.reason}")
    if report.hidden is not None:
        print(f"hidden first-layer hyperplane: {report.hidden}")
    for name, check in report.genericity.items():
        state = "not checked" if not check["checked"] else ("holds" if check["holds"] else "fails")
        detail = f" ({check['failure']})" if check.get("failure") else ""
        print(f"genericity, {name.replace('_', ' ')}: {state}{detail}")
    return verdict


def _transform(args: argparse.Namespace) -> int:
    net = load_network(args.net)
    if args.translate is not None:
        if args.t is None:
            raise FormatError("transform: --translate needs --t")
        out = translate(net, args.translate, to_rational(args.t, "--t"))
        done = f"translated hidden hyperplane {args.translate} by t = {args.t}"
    else:
        try:
            subset = [int(j) for j in args.flip.split(",") if j.strip()]
        except ValueError:
            raise FormatError(f"--flip: {args.flip!r} is not a comma-separated list of neuron indices") from None
        index = args.hidden if args.hidden is not None else hidden_index(net)
        if index is None:
            raise PreconditionError("flip: the second layer hides no first-layer hyperplane")
        normalized, _ = normalize_for_flip(net, index)
        out = flip(normalized, index, subset)
        done = f"normalised and flipped S = {sorted(subset)} (hidden hyperplane {index})"
    save_network(out, args.output)
    print(f"{done}; wrote {args.output}")
    return 0


def _print_steps(steps: list[dict[str, dict[str, object]]]) -> None:
    """The chain of a certificate, one step a line, as the JSON says it."""
    words = {"permute": "permute layer {layer}: new neuron j is old neuron order[j], order = {order}",
             "scale": "scale layer {layer} by {factors}",
             "translate": "translate first-layer neuron {index} by t = {t}",
             "flip": "flip S = {subset} around hidden neuron {index}"}
    for number, step in enumerate(steps, start=1):
        (kind, body), = step.items()
        shown = {k: (" ".join(map(str, v)) if isinstance(v, list) else v) for k, v in body.items()}
        print(f"  {number}. " + words[kind].format(**shown))


def _diff(a: Any, b: Any, args: Any) -> int:
    if args.digits is not None and args.digits < 1:
        raise FormatError(f"--digits: {args.digits} must be at least 1")
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        raise FormatError(f"networks: dimensions {a.input_dim}->{a.output_dim} and {b.input_dim}->{b.output_dim} "
                          "differ")
    domain = domain_from_args(a.input_dim, args, flat=True)
    if domain is None:
        raise FormatError("diff: give the domain (--box LO HI, --box LO1 HI1 ..., --domain D.json or --vnnlib P)")
    epsilon = to_rational(args.epsilon, "--epsilon") if args.epsilon is not None else None
    if epsilon is not None and epsilon < 0:
        raise FormatError(f"--epsilon: {epsilon} must be nonnegative")
    distance = max_difference(a, b, domain, epsilon)
    payload = distance.to_json()
    if args.json:
        print(json.dumps(payload))
    else:
        what = "max |f_a - f_b|" if distance.exact else "|f_a - f_b| beyond epsilon"
        print(f"{what} = {payload['max']} at x = ({' '.join(payload['argmax'])}), a gives ({' '.join(payload['a'])}), "
              f"b gives ({' '.join(payload['b'])}); {distance.vertices} vertices of the joint complex examined")
        if args.digits is not None:
            print(f"  approximately: {approximate(distance.value, args.digits)} at x = "
                  f"({' '.join(approximate(v, args.digits) for v in distance.argmax)})")
        if epsilon is not None:
            print(f"{'within' if distance.within else 'not within'} epsilon = {payload['epsilon']}")
    return 0 if distance.within in (None, True) else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "identifiable":
        return _identifiable(args)
    if args.command == "transform":
        return _transform(args)
    a, b = load_network(args.a), load_network(args.b)
    if args.command == "diff":
        return _diff(a, b, args)
    if args.command == "equiv" and args.digits is not None and args.digits < 1:
        raise FormatError(f"--digits: {args.digits} must be at least 1")
    if args.command == "equiv" and args.plot is not None:
        check_picture_path(args.plot, "--plot")
        if a.input_dim not in (1, 2):
            raise FormatError(f"--plot: draws networks with 1-D or 2-D input, these have {a.input_dim}")
    if args.command == "equiv":
        if args.workers < 1:
            raise FormatError(f"--workers: {args.workers} must be at least 1")
        if args.budget is not None and not args.budget > 0:
            raise FormatError(f"--budget: {args.budget} must be a positive number of seconds")
        domain = domain_from_args(a.input_dim, args, flat=True)
        try:
            estimate = _estimate(a, b, domain)
            with dask_client("equiv", scheduler=args.scheduler) as client, \
                    Progress("joint regions checked", quiet=args.quiet, estimate=estimate) as progress:
                result = decide_equivalence(a, b, args.method, progress=progress.advance, domain=domain,
                                            budget=args.budget, workers=args.workers, client=client)
        except Undecided as stop:
            about = f" of about {estimate} (a rough estimate)" if estimate else ""
            print(f"undecided after {stop.cells} cells{about}: the budget of {stop.budget:g} s ran out (no verdict)")
            return 3
        payload = result.to_json()
        if args.output:
            write_atomic(args.output, lambda h: h.write(json.dumps(payload, indent=1) + "\n"))
        if args.json:
            print(json.dumps(payload))
        elif result.equivalent and result.method == "bottleneck":
            extra = ", then layers 2-3 equal on the orthant" if result.orthant else ""
            print(f"equivalent: a chain of {len(result.steps)} symmetries maps a to b{extra}")
            _print_steps(payload["certificate"]["steps"])
        elif result.equivalent and result.method == "symmetries":
            print(f"equivalent: {result.note} ({len(result.steps)} steps)")
            _print_steps(payload["certificate"]["steps"])
        elif result.equivalent and result.method == "point":
            print(f"equivalent: {result.note}")
        elif result.equivalent and result.method == "reduction":
            assert result.reduction is not None
            print(f"equivalent: {result.note}, reached by {len(result.reduction['a'])} steps from a and "
                  f"{len(result.reduction['b'])} from b")
        elif result.equivalent:
            print(f"equivalent: {len(result.regions)} cells checked, both networks affine and equal on each")
        else:
            w = payload["witness"]
            print(f"not equivalent: at x = ({' '.join(w['x'])}) a gives ({' '.join(w['a'])}), b gives "
                  f"({' '.join(w['b'])})")
            if args.digits is not None:
                shown = [" ".join(approximate(v, args.digits) for v in values or ())
                         for values in (result.witness, result.output_a, result.output_b)]
                print(f"  approximately: x = ({shown[0]}), a ({shown[1]}), b ({shown[2]})")
            if args.plot is not None:
                from fibers.witness import plot_witness

                assert result.witness is not None
                plot_witness(a, b, result.witness, args.plot)
                print(f"wrote {args.plot}")
        return 0 if result.equivalent else 1
    verdict = verify_certificate(a, b, _read_result(args.certificate))
    print(f"{'valid' if verdict else 'invalid'}: {verdict.reason}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m fibers"))

"""``python -m proofs_check``: run the registry and print the report.

Exit status 0 when every claim ends as the registry expects, 1 otherwise, 2 on bad input.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence

from exact.cli import ArgumentParser, Progress, run_cli
from exact.errors import FormatError
from proofs_check import run_claim, select
from proofs_check.coverage import PAPERS, coverage_rows, coverage_table
from proofs_check.registry import ClaimResult


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m proofs_check",
                            description="Check the papers' claims exactly on generated examples "
                                        "('python -m proofs_check experiment --list' for the papers' experiments).")
    parser.add_argument("--claim", action="append", metavar="ID", help="run only this claim (repeatable)")
    parser.add_argument("--paper", action="append", choices=PAPERS,
                        help="run only the claims of this paper (repeatable); the coverage table shows it alone")
    parser.add_argument("--examples", type=int, default=None, help="examples per claim (default: each claim's own)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the example generator (default 0)")
    parser.add_argument("--json", action="store_true", help='print {"claims": [{"id", "source", "status", ...}]}')
    parser.add_argument("--list", action="store_true", help="list the claims and exit")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    return parser


def _table(results: list[ClaimResult]) -> str:
    rows = [("claim", "source", "examples", "status", "time")]
    for r in results:
        status = r.status if r.as_expected else f"{r.status} (expected {r.claim.expected})"
        source = re.sub(r"(\d{3})_[0-9a-f]{16}\.txt", r"\1", r.claim.source)
        rows.append((r.claim.id, source, str(r.examples), status, f"{r.seconds:.2f}s"))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = []
    for r in results:
        if r.claim.erratum is not None:
            cx = r.erratum_counterexample
            notes.append(f"erratum ({r.claim.erratum.kind}) {r.claim.id}: the paper states: {r.claim.erratum.stated}")
            notes.append(f"  counterexample (re-checked): {cx.description if cx else 'NOT FOUND'}"
                         + (f" {json.dumps(cx.data)}" if cx and cx.data else ""))
            notes.append(f"  corrected and checked: {r.claim.erratum.corrected}")
        for remark in r.claim.remarks:
            notes.append(f"remark {r.claim.id}: {remark}")
        if r.counterexample is not None:
            cx = r.counterexample
            notes.append(f"counterexample {r.claim.id}: {cx.description} {json.dumps(cx.data)}")
        if r.error is not None:
            notes.append(f"error {r.claim.id}: {r.error}")
        if r.details is not None:   # a claim's own summary lines, or its details as JSON
            summary = r.details.get("summary")
            lines_ = summary if isinstance(summary, list) else [json.dumps(r.details)]
            notes.append(f"details {r.claim.id}:" + "".join(f"\n  {line}" for line in lines_))
    return "\n".join(lines + ([""] + notes if notes else []))


def _experiment_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m proofs_check experiment",
                            description="Run one of the papers' experiments; numbers (results.json) and figures "
                                        "(PNG) go to a folder. Exit 0 when it ran, 2 on bad input.")
    parser.add_argument("name", nargs="?", help="the experiment (see --list)")
    parser.add_argument("--list", action="store_true", help="list the experiments with their sizes and exit")
    parser.add_argument("--quick", action="store_true", help="the small size the test suite runs")
    parser.add_argument("-o", "--output", help="the folder (default: experiments/NAME)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the initialisations and samples (default 0)")
    parser.add_argument("--json", action="store_true", help="print results.json")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    return parser


def experiment_main(argv: Sequence[str]) -> int:
    from proofs_check.experiments import EXPERIMENTS, run_experiment

    args = _experiment_parser().parse_args(argv)
    if args.list:
        for e in EXPERIMENTS.values():
            needs = f" (needs {', '.join(e.needs)})" if e.needs else ""
            print(f"{e.name}  [{e.source}]{needs}\n    {e.description}\n    --quick: {e.quick_size}\n"
                  f"    paper size: {e.paper_size}")
        return 0
    if args.name is None:
        raise FormatError("experiment: give a NAME or --list")
    out = args.output or f"experiments/{args.name}"
    with Progress(f"experiment {args.name}", quiet=args.quiet or args.json) as progress:
        results = run_experiment(args.name, out, quick=args.quick, seed=args.seed,
                                 note=lambda text: progress.advance(1, text))
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(f"{args.name} ({results['size']} size, {results['seconds']}s): {out}/results.json, "
              f"figures {', '.join(results.get('figures', []))}")
        print(results.get("agreement", ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["experiment"]:
        return experiment_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.examples is not None and args.examples < 1:
        raise FormatError(f"--examples: {args.examples} must be at least 1")
    try:
        claims = select(args.claim)
    except KeyError as err:
        raise FormatError(f"--claim: {err.args[0]}") from None
    papers = tuple(args.paper) if args.paper else PAPERS
    if args.paper:
        claims = [c for c in claims if any(f"{p}_" in c.source for p in papers)]
    if args.list:
        for c in claims:
            print(f"{c.id}  [{c.source}]\n    {c.statement}")
        return 0
    results = []
    with Progress("claims", total=len(claims), quiet=args.quiet or args.json) as progress:
        for claim in claims:
            progress.advance(0, claim.id)

            def note(i: int, name: str = claim.id) -> None:
                progress.advance(0, f"{name} #{i + 1}")

            results.append(run_claim(claim, args.examples, args.seed, on_example=note))
            progress.advance(1, claim.id)
    ok = all(r.as_expected for r in results)
    if args.json:
        print(json.dumps({"seed": args.seed, "claims": [r.to_json() for r in results], "ok": ok,
                          "coverage": coverage_rows(results, papers)}, indent=1))
    else:
        print(_table(results))
        verified = sum(r.status == "verified" for r in results)
        print(f"\n{len(results)} claims: {verified} verified, "
              f"{sum(r.status == 'refuted' for r in results)} refuted, {sum(r.status == 'error' for r in results)} "
              f"errors; {'all as expected' if ok else 'NOT as expected'} (seed {args.seed})")
        shown = [p for p in papers if any(f"{p}_" in r.claim.source for r in results)] or list(papers)
        print("\ncoverage of the papers' checkable statements\n" + coverage_table(results, shown))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(run_cli(main, prog="python -m proofs_check"))

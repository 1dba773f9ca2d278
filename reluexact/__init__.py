"""The ``reluexact`` command: one entry point with a subcommand per job.

``reluexact regions NET.json ...`` is ``python -m tropical regions NET.json ...``, and so on for
every command of the packages (the ``python -m`` forms stay). ``reluexact check`` runs the
claims report (``python -m proofs_check``).

Examples
--------
>>> sorted(COMMANDS)[:4]
['betti', 'check', 'complex', 'convert']
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "main"]

#: subcommand -> the package whose ``__main__`` runs it
COMMANDS = {
    "info": "exact", "eval": "exact", "convert": "exact",
    "regions": "tropical", "region": "tropical", "complex": "tropical", "plot": "tropical",
    "equiv": "fibers", "diff": "fibers", "verify": "fibers", "identifiable": "fibers", "transform": "fibers",
    "betti": "homology", "overlap": "homology", "quotient": "homology", "image": "homology",
    "persistence": "homology",
    "check": "proofs_check",
}

_USAGE = """usage: reluexact COMMAND [ARGS...]   (reluexact COMMAND --help for each)

commands, by what they work on:
  networks:  info, eval, convert                    (the same as python -m exact COMMAND)
  regions:   regions, region, complex, plot         (python -m tropical COMMAND)
  fibers:    equiv, diff, verify, identifiable, transform (python -m fibers COMMAND)
  homology:  betti, overlap, quotient, image, persistence   (python -m homology COMMAND)
  claims:    check                                  (python -m proofs_check)

e.g. reluexact regions NET.json --box -1/2 1/2

exit status: 0 yes / done, 1 no (not equivalent, not identifiable, invalid, a claim off), 2 bad input
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch ``reluexact COMMAND ...`` to the package that owns ``COMMAND``."""
    import importlib

    from exact.cli import run_cli, version

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_USAGE, end="")
        return 0 if args else 2
    if args[0] == "--version":
        print(f"reluexact {version()}")
        return 0
    command = args[0]
    if command not in COMMANDS:
        print(f"reluexact: error: unknown command {command!r} (one of {', '.join(sorted(COMMANDS))})",
              file=sys.stderr)
        return 2
    package = COMMANDS[command]
    from exact import cli

    cli.ENTRY_POINT = f"reluexact {command}" if package == "proofs_check" else "reluexact"
    module = importlib.import_module(f"{package}.__main__")
    rest = args[1:] if package == "proofs_check" else args
    return int(run_cli(module.main, rest, prog=f"reluexact {command}" if package == "proofs_check" else "reluexact"))

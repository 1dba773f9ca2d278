"""Shared command-line plumbing: one-line errors with exit status 2, progress on a terminal.

Every package's ``__main__`` uses :func:`run_cli` so that bad input always ends the
same way: one line on stderr naming what is wrong, exit status 2, no partial output.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from exact.errors import ReluExactError

__all__ = ["ArgumentParser", "run_cli", "Progress", "version"]


class ArgumentParser(argparse.ArgumentParser):
    """An ``argparse`` parser whose usage errors are one line and exit status 2.

    Negative rationals in every exact form (``-1/2``, ``-1e-3``, ``-.5``) are read as values,
    not options (plain ``argparse`` knows only ``-1`` and ``-0.5``).

    Examples
    --------
    >>> parser = ArgumentParser(prog="demo")
    >>> _ = parser.add_argument("--box", nargs=2)
    >>> parser.parse_args(["--box", "-1/2", "-1e-3"]).box
    ['-1/2', '-1e-3']

    Abbreviations are off: ``--bo`` is not ``--box``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)      # --v is not --version: options are spelled out
        super().__init__(*args, **kwargs)
        self.add_argument("--version", action="version", version=f"%(prog)s (reluexact {version()})")
        self._negative_number_matcher = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^-\d+/[+-]?\d+$")

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def version() -> str:
    """The installed version of reluexact."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("reluexact")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
        return "unknown (not installed)"


def run_cli(main: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None = None, prog: str = "") -> int:
    """Run ``main`` turning toolkit errors and unreadable files into one line and status 2.

    Python's 4,300-digit limit on printing integers is lifted while ``main`` runs: every input
    number is bounded by :data:`exact.numbers.MAX_DIGITS`, and exact values computed from valid
    input are printed whatever their size.
    """
    digit_limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return main(argv)
    except ReluExactError as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:     # `... | head`: the reader left; stop quietly (and do not fail on exit)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (OSError, RecursionError) as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    finally:
        sys.set_int_max_str_digits(digit_limit)


class Progress:
    """A progress line on a terminal; silent when the stream is not a terminal or ``quiet``.

    Examples
    --------
    >>> import io
    >>> with Progress("claims", total=3, stream=io.StringIO()) as p:
    ...     p.advance()
    >>> p.count
    1
    """

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None, quiet: bool = False):
        self.label = label
        self.total = total
        self.count = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = 0.0
        self._start = time.monotonic()

    def advance(self, step: int = 1, note: str = "") -> None:
        self.count += step
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.count == self.total):
            self._last = now
            of = f"/{self.total}" if self.total is not None else ""
            self.stream.write(f"\r{self.label}: {self.count}{of} {note[:40]:<40} {now - self._start:6.1f}s")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()

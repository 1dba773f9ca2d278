"""Shared command-line plumbing: one-line errors with exit status 2, progress on a terminal.

Every package's ``__main__`` uses :func:`run_cli` so that bad input always ends the
same way: one line on stderr naming what is wrong, exit status 2, no partial output.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from exact.errors import ReluExactError

__all__ = ["ArgumentParser", "run_cli", "Progress"]


class ArgumentParser(argparse.ArgumentParser):
    """An ``argparse`` parser whose usage errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def run_cli(main: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None = None, prog: str = "") -> int:
    """Run ``main`` turning toolkit errors and unreadable files into one line and status 2."""
    try:
        return main(argv)
    except ReluExactError as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except (OSError, RecursionError) as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


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

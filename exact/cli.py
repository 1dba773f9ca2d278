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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO

from exact.errors import FormatError, ReluExactError
from exact.io import load_polyhedron, load_vnnlib
from exact.numbers import to_rational
from exact.polyhedron import Polyhedron

__all__ = ["ArgumentParser", "run_cli", "Progress", "version"]


#: set by the ``reluexact`` command: the name usage lines give (``reluexact``), instead of ``python -m PACKAGE``
ENTRY_POINT = ""


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
        if ENTRY_POINT and str(kwargs.get("prog", "")).startswith("python -m "):   # run as `reluexact CMD`
            kwargs["prog"] = ENTRY_POINT
        super().__init__(*args, **kwargs)
        self.add_argument("--version", action="version", version=f"%(prog)s (reluexact {version()})")
        self._negative_number_matcher = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^-\d+/[+-]?\d+$")

    def error(self, message: str) -> NoReturn:
        """Print one line ``PROG: error: message`` (no usage block) and exit with status 2.

        Parameters
        ----------
        message
            argparse's message.

        Returns
        -------
        NoReturn
            Exits with status 2 after one line on standard error.

        See Also
        --------
        run_cli : the same for the toolkit's errors.
        """
        self.exit(2, f"{self.prog}: error: {message}\n")


def version() -> str:
    """The installed version of reluexact.

    Returns
    -------
    str
        The version string of the installed distribution (``"unknown"`` when not installed).

    Examples
    --------
    >>> isinstance(version(), str)
    True
    """
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

    Parameters
    ----------
    main
        The command's ``main(argv) -> status``.
    argv
        The arguments (``sys.argv[1:]`` by default).
    prog
        The command's name for the message.

    Returns
    -------
    int
        ``main``'s status, or 2 after a one-line error on standard error.

    Examples
    --------
    >>> from exact.errors import FormatError
    >>> def main(argv):
    ...     raise FormatError("--box: needs two numbers")
    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     status = run_cli(main, [], "demo")
    >>> status, err.getvalue().strip()
    (2, 'demo: error: --box: needs two numbers')
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
    """Progress of long work on stderr; nothing with ``quiet``.

    On a terminal one line is redrawn in place; otherwise (a run redirected to a log file) a line
    is written every ``EVERY`` seconds and a last one with the total, so the log shows it is alive.

    Examples
    --------
    >>> import io
    >>> log = io.StringIO()
    >>> with Progress("claims", total=3, stream=log, every=0.0) as p:    # a log: one line per step here
    ...     p.advance()
    >>> p.count, log.getvalue().splitlines()[0].startswith("claims: 1/3")
    (1, True)
    """

    #: seconds between two log lines when the stream is not a terminal
    EVERY = 5.0

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None, quiet: bool = False,
                 every: float | None = None, estimate: int | None = None):
        self.label = label
        self.total = total
        #: a rough expected total, shown as ``/~E`` when ``total`` is unknown (never used to decide)
        self.estimate = estimate
        self.count = 0
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = not quiet
        self.every = self.EVERY if every is None else every
        self._logged = False
        self._start = time.monotonic()
        self._last = 0.0 if self.terminal else self._start

    def _text(self, now: float, note: str) -> str:
        of = f"/{self.total}" if self.total is not None else f"/~{self.estimate}" if self.estimate else ""
        return f"{self.label}: {self.count}{of} {note[:40]:<40} {now - self._start:6.1f}s"

    def advance(self, step: int = 1, note: str = "") -> None:
        """Count ``step`` more units of work and redraw (or log) the line when it is time.

        Parameters
        ----------
        step
            How much was done.
        note
            A short note for the line.

        Returns
        -------
        None

        Examples
        --------
        >>> import io
        >>> p = Progress("cells", stream=io.StringIO())
        >>> p.advance(3); p.count
        3
        """
        self.count += step
        if not self.enabled:
            return
        now = time.monotonic()
        if self.terminal:
            if now - self._last > 0.1 or self.count == self.total:
                self._last = now
                self.stream.write("\r" + self._text(now, note))
                self.stream.flush()
        elif now - self._last >= self.every:
            self._last = now
            self._logged = True
            self.stream.write(self._text(now, note).rstrip() + "\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.enabled:
            return
        if self.terminal:
            self.stream.write("\r" + " " * 100 + "\r")
        elif self._logged:      # the log ends with the total
            of = f"/{self.total}" if self.total is not None else f"/~{self.estimate}" if self.estimate else ""
            self.stream.write(f"{self.label}: done, {self.count}{of} in {time.monotonic() - self._start:.1f}s\n")
        self.stream.flush()


def add_domain_options(parser: argparse.ArgumentParser) -> None:
    """``--box``, ``--domain`` and ``--vnnlib``: one way to give a command its input domain (mutually exclusive)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--box", nargs="+", metavar="V",
                       help="the box LO <= x_i <= HI (LO HI, rationals), or LO1 HI1 LO2 HI2 ... per coordinate")
    group.add_argument("--domain", metavar="DOMAIN.json",
                       help='a polyhedron {"dim", "inequalities": [{"a", "b"}]} or {"dim", "box": [LO, HI]}')
    group.add_argument("--vnnlib", metavar="PROPERTY.vnnlib",
                       help="the input box of a VNN-LIB property (its output part is read and kept)")


def box_on_slice(lo: Sequence[Any], hi: Sequence[Any], origin: Sequence[Any], directions: Sequence[Sequence[Any]],
                 backend: str = "cdd") -> Any:
    """The box ``lo <= x <= hi`` seen on the slice ``x = origin + sum_k s_k d_k``: a polytope in ``s``.

    Each input gives two rows ``(d_1[i], .., d_k[i]) . s <= hi_i - origin_i`` and its mirror; an
    input the slice does not move must already lie in its interval (a box flat in that input is
    fine then, as VNN-LIB properties that fix an input are).

    >>> P = box_on_slice([0, 0, 5], [1, 1, 5], [0, 0, 5], [[1, 0, 0], [1, 1, 0]])   # x = (s + t, t, 5)
    >>> [tuple(map(str, v)) for v in sorted(P.vertices())]
    [('-1', '1'), ('0', '0'), ('0', '1'), ('1', '0')]
    """
    rows, rhs = [], []
    for i, (low, high, o) in enumerate(zip(lo, hi, origin)):
        a = [d[i] for d in directions]
        if not any(a):
            if not low <= o <= high:
                raise FormatError(f"--vnnlib: the slice fixes input {i + 1} at {o}, outside the box [{low}, {high}]")
            continue
        rows += [a, [-v for v in a]]
        rhs += [high - o, o - low]
    domain = Polyhedron(len(directions), rows, rhs, backend=backend)
    if not domain.is_full_dimensional() or not domain.is_bounded():
        raise FormatError("--vnnlib: the slice meets the box in no region with interior (or an unbounded one)")
    return domain


def domain_from_args(input_dim: int, args: argparse.Namespace, backend: str = "cdd",
                     on_slice: tuple[Sequence[Any], Sequence[Sequence[Any]]] | None = None,
                     flat: bool = False) -> Any:
    """The :class:`exact.Polyhedron` that :func:`add_domain_options` describes, or ``None`` (``R^n``).

    With ``on_slice = (origin, directions)`` a VNN-LIB box is taken on the slice
    (:func:`box_on_slice`); ``--box`` and ``--domain`` are then already in the slice's coordinates.
    With ``flat`` (a command that decides on a domain's affine hull, such as ``equiv``) a box may
    fix an input: a VNN-LIB property with lower = upper bound, or ``--box`` pairs with ``LO = HI``.

    Raises :class:`exact.errors.FormatError` (one line, exit 2 in the CLIs) for a box with the wrong
    number of values or an empty interval, a VNN-LIB property of another input dimension or with
    a flat input (off a slice, unless ``flat``).
    """
    if getattr(args, "domain", None):
        return load_polyhedron(args.domain, backend)
    if getattr(args, "vnnlib", None) and on_slice is not None:
        prop = load_vnnlib(args.vnnlib)
        if len(prop.lo) != len(on_slice[0]):
            raise FormatError(f"--vnnlib: the property has {len(prop.lo)} inputs, the network {len(on_slice[0])}")
        return box_on_slice(prop.lo, prop.hi, on_slice[0], on_slice[1], backend)
    if getattr(args, "vnnlib", None):
        prop = load_vnnlib(args.vnnlib)
        if len(prop.lo) != input_dim:
            raise FormatError(f"--vnnlib: the property has {len(prop.lo)} inputs, the network {input_dim}")
        fixed = [i for i, (l, h) in enumerate(zip(prop.lo, prop.hi)) if l == h]
        if fixed and not flat:
            raise FormatError(f"--vnnlib: the box is flat in X_{fixed[0]} (lower = upper bound): its regions are "
                              "lower-dimensional; give a slice with --box instead")
        return prop.domain(backend)
    values = getattr(args, "box", None)
    if not values:
        return None
    names = ["--box LO", "--box HI"] if len(values) == 2 else \
        [f"--box {'HI' if i % 2 else 'LO'}{i // 2 + 1}" for i in range(len(values))]
    bounds = [to_rational(v, name) for v, name in zip(values, names)]
    if len(bounds) == 2:
        return Polyhedron.box(bounds[0], bounds[1], dim=input_dim, backend=backend)
    if len(bounds) != 2 * input_dim:
        raise FormatError(f"--box: {len(bounds)} values; give LO HI or one LO HI pair per input "
                          f"({2 * input_dim} values)")
    lo, hi = bounds[0::2], bounds[1::2]
    if any(l > h or (l == h and not flat) for l, h in zip(lo, hi)):
        raise FormatError("--box: every LO must be " + ("at most" if flat else "below") + " its HI")
    return Polyhedron.box(lo, hi, backend=backend)


@contextmanager
def dask_client(command: str, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``dask.distributed.Client`` on the cluster at ``scheduler``, or on a local cluster of ``workers`` processes.

    Yields ``None`` when neither is given; closes what it opened. A missing Dask (the ``dask``
    extra) or an unreachable scheduler is a :class:`~exact.errors.FormatError` naming ``command``.
    """
    if workers is None and scheduler is None:
        yield None
        return
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError:
        raise FormatError(f"{command}: Dask is an optional extra: pip install 'reluexact[dask]'") from None
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as error:
        raise FormatError(f"--scheduler: cannot reach {scheduler}: {error}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

"""The claim registry: statements from the papers, each checked exactly on generated examples.

A :class:`Claim` checks one example at a time from a seeded :class:`random.Random`;
an example either passes (the check returns ``None``) or refutes the claim (the check
returns a :class:`Counterexample` holding exact values). A claim the paper states
wrongly carries an :class:`Erratum`: what the paper says, the exact counterexample
to that statement (re-checked every run), and the corrected statement, which is what
the claim's check verifies.

Examples
--------
>>> from fractions import Fraction
>>> square = Claim(
...     id="demo.square", source="none", statement="q^2 >= 0 for rational q",
...     check=lambda rng: None if Fraction(rng.randint(-9, 9), rng.randint(1, 9)) ** 2 >= 0
...     else Counterexample("negative square"))
>>> run_claim(square, examples=5, seed=0).status
'verified'
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Counterexample", "Erratum", "Claim", "ClaimResult", "REGISTRY", "register", "run_claim", "select"]


@dataclass(frozen=True)
class Counterexample:
    """An exact counterexample: a description and the values that show it (JSON-ready strings)."""

    description: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Erratum:
    """A statement of a paper that is wrong, with the exact counterexample and the correction.

    ``refute`` recomputes the counterexample from the definitions every run and returns
    it, or ``None`` if the paper's statement unexpectedly holds (then the run fails).
    """

    stated: str
    corrected: str
    refute: Callable[[], Counterexample | None]
    #: ``"error"`` (the statement is wrong as mathematics) or ``"typo"`` (a slip of indices or notation
    #: whose intended meaning the surrounding text makes clear)
    kind: str = "error"

    def __post_init__(self) -> None:
        if self.kind not in ("error", "typo"):
            raise ValueError(f"Erratum.kind: {self.kind!r} is not 'error' or 'typo'")


@dataclass(frozen=True)
class Claim:
    """A checkable statement from a paper.

    Parameters
    ----------
    id
        Short stable identifier, e.g. ``"000.eq3.local-affine-map"``.
    source
        The paper file and the theorem, proposition or equation.
    statement
        What is checked (the corrected statement for errata).
    check
        One example: ``check(rng)`` returns ``None`` on success or a :class:`Counterexample`.
    expected
        The status the registry expects (``"verified"``, or ``"refuted"`` for a claim
        kept to show that a statement fails).
    erratum
        When the paper states the claim wrongly.
    examples
        The default number of examples.
    cases
        A table of cases: example ``i`` calls ``check(rng, cases[i])`` (at most ``len(cases)``
        examples run), for claims stated over a list of configurations.
    slow
        The claim takes minutes at its default size (the test suite runs one example).
    details
        What the claim measured, reported beside its verdict (JSON-ready), read after the examples.
    remarks
        Observations beside the claim that are not errata (the paper does not state otherwise).
    """

    id: str
    source: str
    statement: str
    check: Callable[..., Counterexample | None]
    expected: str = "verified"
    erratum: Erratum | None = None
    examples: int = 25
    cases: tuple[Any, ...] | None = None
    slow: bool = False
    details: Callable[[], dict[str, Any]] | None = None
    remarks: tuple[str, ...] = ()


@dataclass
class ClaimResult:
    """The outcome of running a claim: ``status`` is ``verified``, ``refuted`` or ``error``."""

    claim: Claim
    status: str
    examples: int
    seconds: float
    counterexample: Counterexample | None = None
    error: str | None = None
    erratum_counterexample: Counterexample | None = None
    details: dict[str, Any] | None = None

    @property
    def as_expected(self) -> bool:
        return self.status == self.claim.expected

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.claim.id,
            "source": self.claim.source,
            "statement": self.claim.statement,
            "status": self.status,
            "expected": self.claim.expected,
            "examples": self.examples,
            "seconds": round(self.seconds, 3),
        }
        if self.counterexample is not None:
            data["counterexample"] = {"description": self.counterexample.description, **self.counterexample.data}
        if self.error is not None:
            data["error"] = self.error
        if self.details is not None:
            data["details"] = self.details
        if self.claim.remarks:
            data["remarks"] = list(self.claim.remarks)
        if self.claim.erratum is not None:
            found = self.erratum_counterexample
            data["erratum"] = {
                "kind": self.claim.erratum.kind,
                "stated": self.claim.erratum.stated,
                "corrected": self.claim.erratum.corrected,
                "counterexample": None if found is None else {"description": found.description, **found.data},
            }
        return data


REGISTRY: dict[str, Claim] = {}


def register(claim: Claim) -> Claim:
    """Add a claim to the registry (ids are unique)."""
    if claim.id in REGISTRY:
        raise ValueError(f"claim id {claim.id!r} registered twice")
    REGISTRY[claim.id] = claim
    return claim


def run_claim(claim: Claim, examples: int | None = None, seed: int = 0,
              on_example: Callable[[int], None] | None = None) -> ClaimResult:
    """Run a claim on ``examples`` examples; example ``i`` uses ``Random(f"{seed}:{id}:{i}")``.

    The erratum's counterexample (if any) is recomputed first; if the paper's statement
    turns out to hold, the result is ``error``.
    """
    count = claim.examples if examples is None else examples
    if claim.cases is not None:
        count = min(count, len(claim.cases))
    start = time.perf_counter()
    erratum_cx = None
    try:
        if claim.erratum is not None:
            erratum_cx = claim.erratum.refute()
            if erratum_cx is None:
                return ClaimResult(claim, "error", 0, time.perf_counter() - start,
                                   error="the erratum's counterexample no longer refutes the stated claim")
        for i in range(count):
            rng = random.Random(f"{seed}:{claim.id}:{i}")
            found = claim.check(rng) if claim.cases is None else claim.check(rng, claim.cases[i])
            if on_example is not None:
                on_example(i)
            if found is not None:
                return ClaimResult(claim, "refuted", i + 1, time.perf_counter() - start, counterexample=found,
                                   erratum_counterexample=erratum_cx,
                                   details=claim.details() if claim.details else None)
    except Exception as err:  # a check that crashes is reported, never hidden
        tb = traceback.format_exception_only(type(err), err)[-1].strip()
        return ClaimResult(claim, "error", 0, time.perf_counter() - start, error=tb,
                           erratum_counterexample=erratum_cx)
    return ClaimResult(claim, "verified", count, time.perf_counter() - start, erratum_counterexample=erratum_cx,
                       details=claim.details() if claim.details else None)


def select(ids: Iterable[str] | None = None) -> list[Claim]:
    """The claims with the given ids (all, sorted by id, when ``None``); unknown ids raise ``KeyError``."""
    if not ids:
        return [REGISTRY[key] for key in sorted(REGISTRY)]
    chosen = list(ids)
    unknown = [i for i in chosen if i not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown claim ids {unknown}; known: {sorted(REGISTRY)}")
    return [REGISTRY[i] for i in chosen]

"""The papers' experiments as claims: each runs its experiment (:mod:`proofs_check.experiments`) and gives a verdict.

A claim runs the experiment's quick form (``make check``); ``python -m proofs_check experiment
NAME`` runs the paper's size. The statement is the paper's; the check says what was measured and
whether it agrees. Only experiments whose quick measurement does not change with the seed are
claims: at a size ``make check`` can run, 003's training curves (section 6.1) and cache counts
(section 7.2) change direction with the seed (2 to 5 of 5 checkpoints more with skips), so a
verdict there would be a coin toss; they stay experiments (``proofs_check experiment``).
"""

from __future__ import annotations

import random
import tempfile
from typing import Any

from proofs_check.registry import Claim, Counterexample, register

__all__ = ["LAST"]

#: the last run's results per experiment, for the claims' details
LAST: dict[str, dict[str, Any]] = {}


def _run(name: str, rng: random.Random) -> dict[str, Any]:
    from proofs_check.experiments import run_experiment

    with tempfile.TemporaryDirectory() as folder:
        results = run_experiment(name, folder, quick=True, seed=rng.randrange(1000))
    LAST[name] = results
    return results


def _details(name: str, *keys: str) -> dict[str, Any]:
    results = LAST.get(name, {})
    return {"experiment": name, "size": results.get("description"), "measured": results.get("agreement"),
            **{k: results[k] for k in keys if k in results}}


def check_minimal_ranks(rng: random.Random) -> Counterexample | None:
    """001 Figure 2A-C on exact minimal ranks: rises with width, falls with a biased mean, obeys the bound."""
    results = _run("001-fig2", rng)
    failed = [what for what, ok in (("A: the minimal rank does not rise with width", results["rises"]),
                                    ("B: a biased mean does not lower it", results["falls"]),
                                    ("C: the bound min(k, n1 - k, m) fails", results["bound_holds"])) if not ok]
    return Counterexample("; ".join(failed), {"measured": results["agreement"]}) if failed else None


def check_overlaps_last_layer(rng: random.Random) -> Counterexample | None:
    """000 section 4.3: points fall in the overlap decomposition only in the last layer (before and after training)."""
    results = _run("000-sec4.3", rng)
    if results["glued_before_last_layer"] == 0:
        return None
    return Counterexample(f"{results['glued_before_last_layer']} points glued by overlap before the last layer",
                          {"measured": results["agreement"]})


register(Claim(
    id="001.fig2.minimal-ranks",
    source="001_1f3ea6e4a7b62c1b.txt section 3, Figure 2A-C",
    statement="Random networks: the minimal rank over the regions rises with the layer width towards m (A), a "
              "weight mean away from 0 lowers it (B), and selecting rank k obeys min(k, n1 - k, m) (C). Measured "
              "exactly over every region meeting [-5, 5]^m at the experiment's quick size (m = 2)",
    check=check_minimal_ranks, details=lambda: _details("001-fig2", "bound_holds", "rises", "falls"),
    examples=1))

register(Claim(
    id="000.sec4.3.overlaps-last-layer",
    source="000_d0ea49639dcff77b.txt section 4.3, Figure 3",
    statement="In networks trained to separate concentric spheres, points fall in the overlap decomposition only in "
              "the last layer, before and after training. Measured with exact overlap decisions at every layer at "
              "the quick size (1-spheres, one network); the paper's size is 'python -m proofs_check experiment "
              "000-sec4.3'",
    check=check_overlaps_last_layer,
    details=lambda: _details("000-sec4.3", "glued_before_last_layer", "last_layer_grew", "tests"), examples=1))

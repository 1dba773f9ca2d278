"""Claims from the papers, each checked exactly on generated examples (``python -m proofs_check``)."""

from proofs_check import (  # noqa: F401  (each registers its claims)
    claims_complex,
    claims_dimension,
    claims_experiments,
    claims_fibers,
    claims_homology,
    claims_networks,
    claims_quotient,
    claims_ranks,
    claims_trained,
    claims_tropical,
)
from proofs_check.registry import REGISTRY, Claim, ClaimResult, Counterexample, Erratum, register, run_claim, select

__all__ = ["REGISTRY", "Claim", "ClaimResult", "Counterexample", "Erratum", "register", "run_claim", "select"]

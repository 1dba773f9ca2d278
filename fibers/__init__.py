"""Fibers and functional equivalence (issue 4, in progress).

Built so far: the exact equivalence decider for any two networks (regions of the joint
network) with certificates and witnesses, and their verifier. Not built yet: standard
symmetries and canonical forms, orthant analysis, identifiability, translation and flip
symmetries, the polynomial-time bottleneck decider, and the claims of ``004``.
"""

from fibers.equivalence import EquivalenceResult, decide_equivalence, joint_network, verify_certificate

__all__ = ["EquivalenceResult", "decide_equivalence", "joint_network", "verify_certificate"]

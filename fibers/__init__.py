"""Fibers and functional equivalence of ReLU networks, exactly (``MATH.md`` sections 4-5, ``004``).

- :mod:`fibers.symmetries`: permutations, positive scalings, the translation of a hidden
  hyperplane and the flip ``M_S``, each with its precondition checked; canonical forms.
- :mod:`fibers.orthant`: neuron classes and hyperplane representations of one-hidden-layer
  maps on the orthant, and their exact comparison.
- :mod:`fibers.identifiability`: Theorem 5's conditions, hiding, and the genericity checks.
- :mod:`fibers.equivalence`: ``decide_equivalence`` (``auto``, ``bottleneck``, ``complex``,
  ``exhaustive``, ``reduction``) on ``R^n`` or a polytope, with certificates and witnesses, and
  ``verify_certificate``; :mod:`fibers.result` holds the answer.
- :mod:`fibers.reduction`: the canonical reduction of a network on a domain (a normal form).
- :mod:`fibers.joint`: the joint network computing ``f_a - f_b``.
- :mod:`fibers.verify`: the independent verifier of every answer, sharing no code with the deciders.
- :mod:`fibers.bottleneck`: the polynomial-time decider for three-layer bottleneck networks.
- :mod:`fibers.distance`: the exact ``max |f_a - f_b|`` on a polytope, with a maximiser.
- :mod:`fibers.witness`: exact witnesses of non-equivalence along lines.
"""

from fibers.distance import Distance, check_distance, max_difference
from fibers.equivalence import EquivalenceResult, decide_equivalence, joint_network, verify_certificate
from fibers.identifiability import IdentifiabilityReport, genericity, identifiability, theorem5_conditions
from fibers.orthant import OrthantMap, compare_on_orthant, hyperplane_representation, neuron_classes
from fibers.symmetries import (
    Flip,
    Permutation,
    Scaling,
    Translation,
    canonical_form,
    flip,
    normalize_for_flip,
    related,
    translate,
)

__all__ = [
    "EquivalenceResult", "decide_equivalence", "joint_network", "verify_certificate",
    "Distance", "check_distance", "max_difference",
    "IdentifiabilityReport", "genericity", "identifiability", "theorem5_conditions",
    "OrthantMap", "compare_on_orthant", "hyperplane_representation", "neuron_classes",
    "Flip", "Permutation", "Scaling", "Translation", "canonical_form", "flip", "normalize_for_flip", "related",
    "translate",
]

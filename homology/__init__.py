"""Homology over Z: chain complexes with Smith normal forms, simplicial complexes, and networks (issue 5).

Sparse integer chain complexes and their homology with the Smith form as evidence,
simplicial complexes (cones, suspensions, full subcomplexes, quotients by vertex classes as
cones or by vertex identification, relative chains), standard surfaces, exact Vietoris-Rips
complexes, nerves of polytopes, codeword/polyhedral/rank/overlap decompositions of data
under a network (every gluing with its exact evidence), quotient homology of data,
``H(Phi(M))`` from the nerve of exact images, ``H(M, M cap Omega_0)`` from a pair of nerves,
sampled quotient homology graded against the exact answer (type 1 and type 2 errors), the
long exact sequence of a pair checked over Q, and the CLI.
"""

from homology.chains import ChainComplex, HomologyGroup, SmithForm, SparseMatrix, smith_form
from homology.complexes import SimplicialComplex, circle, klein_bottle, projective_plane, sphere, torus
from homology.constructions import Nerve, nerve, vietoris_rips
from homology.decompositions import (
    OverlapResult,
    codeword_decomposition,
    overlap_decomposition,
    polyhedral_decomposition,
    quotient_homology,
    rank_decomposition,
)
from homology.exact_sequence import SequenceReport, long_exact_sequence
from homology.image import ImageHomology, image_homology, refine
from homology.persistence import Bar, betti_at, filtration_from_json, persistence, rips_filtration
from homology.sampling import SampledComparison, compare_sampled, sample_complex

__all__ = [
    "Bar",
    "betti_at",
    "filtration_from_json",
    "persistence",
    "rips_filtration",
    "ChainComplex",
    "HomologyGroup",
    "ImageHomology",
    "SampledComparison",
    "Nerve",
    "SequenceReport",
    "OverlapResult",
    "SimplicialComplex",
    "SmithForm",
    "SparseMatrix",
    "circle",
    "compare_sampled",
    "codeword_decomposition",
    "image_homology",
    "klein_bottle",
    "long_exact_sequence",
    "nerve",
    "overlap_decomposition",
    "polyhedral_decomposition",
    "projective_plane",
    "quotient_homology",
    "rank_decomposition",
    "refine",
    "sample_complex",
    "smith_form",
    "sphere",
    "torus",
    "vietoris_rips",
]

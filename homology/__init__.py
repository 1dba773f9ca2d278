"""Homology over Z: chain complexes with Smith normal forms, simplicial complexes (issue 5, in progress).

Built so far: sparse integer chain complexes and their homology with the Smith form as
evidence, simplicial complexes (cones, suspensions, full subcomplexes, quotients by
vertex classes, relative chains), standard surfaces, exact Vietoris-Rips complexes,
nerves of polytopes, codeword/polyhedral/rank/overlap decompositions of data under a
network (every gluing with its exact evidence), quotient homology of data, and the
homology of Phi(M) from the nerve of exact images, the long exact sequence of a pair
checked over Q, and the CLI. Not built yet: most claims and the benchmarks of issue 5.
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
from homology.sampling import SampledComparison, compare_sampled, sample_complex

__all__ = [
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

"""Homology over Z: chain complexes with Smith normal forms, simplicial complexes (issue 5, in progress).

Built so far: sparse integer chain complexes and their homology with the Smith form as
evidence, simplicial complexes (cones, suspensions, full subcomplexes, quotients by
vertex classes, relative chains), standard surfaces, exact Vietoris-Rips complexes and
nerves of polytopes. Not built yet: decompositions under a network, quotient homology of
data, the homology of Phi(M), and the long exact sequence check.
"""

from homology.chains import ChainComplex, HomologyGroup, SmithForm, SparseMatrix, smith_form
from homology.complexes import SimplicialComplex, circle, klein_bottle, projective_plane, sphere, torus
from homology.constructions import Nerve, nerve, vietoris_rips

__all__ = [
    "ChainComplex",
    "HomologyGroup",
    "Nerve",
    "SimplicialComplex",
    "SmithForm",
    "SparseMatrix",
    "circle",
    "klein_bottle",
    "nerve",
    "projective_plane",
    "smith_form",
    "sphere",
    "torus",
    "vietoris_rips",
]

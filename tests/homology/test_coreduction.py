"""Coreductions keep integral homology: against the full Smith form, known surfaces, and the independent replay."""

from hypothesis import given, settings
from hypothesis import strategies as st

from homology.complexes import SimplicialComplex, klein_bottle, projective_plane, sphere, torus
from homology.verify import check_coreduction


def replay(complex_):
    result = complex_.coreduce()
    everything = [s for k in range(complex_.dimension + 1) for s in complex_.simplices(k)]
    return result, check_coreduction(everything, result.starts, result.pairs,
                                     [s for level in result.remaining for s in level])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=4, unique=True), min_size=1, max_size=12))
def test_coreduced_homology_equals_the_full_smith_form(facets):
    complex_ = SimplicialComplex(facets)
    result, (ok, why) = replay(complex_)
    assert ok, why
    full = complex_.chain_complex().homology()
    assert complex_.homology() == full
    assert len(result.starts) == full[0].betti        # one start per component


def test_known_surfaces_keep_their_torsion():
    # topology: RP^2 = (Z, Z/2, 0), Klein bottle = (Z, Z + Z/2, 0), torus = (Z, Z^2, Z), S^3
    assert [str(h) for h in projective_plane().homology()] == ["Z", "Z/2", "0"]
    assert [str(h) for h in klein_bottle().homology()] == ["Z", "Z + Z/2", "0"]
    assert [str(h) for h in torus().homology()] == ["Z", "Z^2", "Z"]
    assert [str(h) for h in sphere(3).homology()] == ["Z", "0", "0", "Z"]
    for surface in (projective_plane(), klein_bottle(), torus()):
        result, (ok, why) = replay(surface)
        assert ok, why
        assert sum(len(level) for level in result.remaining) < len(surface)    # it did reduce


def test_the_replay_refutes_a_second_start_in_one_component_and_a_wrong_remainder():
    segment = [(0,), (1,), (0, 1)]
    assert check_coreduction(segment, [0], [((1,), (0, 1))], [])[0]
    assert "entered before" in check_coreduction(segment, [0, 1], [], [(0, 1)])[1]
    assert "cells are left" in check_coreduction(segment, [0], [((1,), (0, 1))], [(0, 1)])[1]

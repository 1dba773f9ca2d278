"""The long exact sequence of a pair: exact on random pairs, and a wrong relative homology is caught."""

from hypothesis import given, settings
from hypothesis import strategies as st

from homology.chains import HomologyGroup
from homology.complexes import SimplicialComplex, torus
from homology.exact_sequence import long_exact_sequence


@st.composite
def pairs(draw):
    n = draw(st.integers(3, 7))
    facets = draw(st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=4, unique=True), min_size=1,
                           max_size=7))
    X = SimplicialComplex(facets)
    keep = draw(st.lists(st.sampled_from(X.labels), min_size=1, max_size=len(X.labels), unique=True))
    return X, X.full_subcomplex(keep)


@settings(max_examples=60)
@given(pairs())
def test_random_pairs_are_exact(pair):
    X, A = pair
    report = long_exact_sequence(X, A)
    assert report.exact, report.failures


def test_torus_and_a_loop():
    X = torus()
    A = X.full_subcomplex([(0, 0), (1, 0), (2, 0)])  # a horizontal loop
    report = long_exact_sequence(X, A)
    assert report.exact
    assert report.dims[1] == {"A": 1, "X": 2, "X,A": 1} and report.ranks[1]["i"] == 1


def test_a_wrong_relative_homology_is_caught(monkeypatch):
    X = torus()
    A = X.full_subcomplex([(0, 0), (1, 0), (2, 0)])
    original = SimplicialComplex.chain_complex

    def broken(self, subcomplex=None):
        cc = original(self, subcomplex)
        if subcomplex is None:
            return cc
        real = cc.homology

        def wrong(dims=None):
            groups = real(dims)
            return [HomologyGroup(h.dim, h.betti + (h.dim == 1), h.torsion) for h in groups]

        cc.homology = wrong
        return cc

    monkeypatch.setattr(SimplicialComplex, "chain_complex", broken)
    report = long_exact_sequence(X, A)
    assert not report.exact and any("H_1(X,A)" in f for f in report.failures)

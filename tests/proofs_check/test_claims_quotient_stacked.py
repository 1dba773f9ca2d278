"""The stacked sequences of 000 A.5: a hand case passes, a wrong expectation is refuted."""

from proofs_check.claims_quotient import expected_separate_quotient, torus_pieces, verify_stacked


def test_one_inner_loop_pinches_the_torus():
    pieces = torus_pieces(inner=1)
    assert expected_separate_quotient(0, 0, 1) == (1, 1, 1)          # S^2 v S^1
    assert verify_stacked(pieces, (1, 1, 1)) is None
    assert verify_stacked(pieces, (1, 2, 1)) is not None


def test_a_contractible_circle_and_a_disc():
    pieces = torus_pieces(discs=1, trivial=1)
    assert verify_stacked(pieces, expected_separate_quotient(1, 1, 0)) is None      # T v S^2
    assert verify_stacked(pieces, (1, 3, 2)) is not None              # collapsing both to ONE point would add a loop

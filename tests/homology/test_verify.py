"""The independent checkers of homology evidence (homology.verify): they accept what holds and name what fails."""

from homology.verify import check_coreduction, check_smith_form, determinant


def test_determinant_by_hand():
    assert determinant([[2, 1], [7, 4]]) == 1
    assert determinant([[0, 2, 0], [1, 0, 0], [0, 0, 3]]) == -6          # one swap: -(1 * 2 * 3)
    assert determinant([[1, 2], [2, 4]]) == 0 and determinant([]) == 1


def test_smith_evidence_accepted_and_each_defect_named():
    A = [[2, 4], [6, 8]]
    # U turns the rows into (2, 4) and 3 (2, 4) - (6, 8) = (0, 4); V subtracts twice column 1 from column 2
    U, V = [[1, 0], [3, -1]], [[1, -2], [0, 1]]
    assert check_smith_form(A, (2, 4), U, V) == (True, "U A V = diag(2, 4), U and V unimodular")
    assert not check_smith_form(A, (2, 4), None, None)[0]
    assert "chain" in check_smith_form(A, (4, 2), U, V)[1]                 # 4 does not divide 2
    assert "not unimodular" in check_smith_form(A, (2, 4), [[2, 0], [0, 1]], V)[1]
    assert "is not diag" in check_smith_form(A, (2, 8), U, V)[1]


def test_coreductions_replayed():
    triangle = [(0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2)]
    # the filled triangle collapses completely from one start
    ok, _ = check_coreduction(triangle, [0], [((1,), (0, 1)), ((2,), (1, 2)), ((0, 2), (0, 1, 2))], [])
    assert ok
    assert "entered before" in check_coreduction(triangle, [0, 1], [], triangle)[1]
    assert not check_coreduction(triangle, [0], [((1,), (0, 1))], [])[0]          # cells left over

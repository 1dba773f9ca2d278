"""The independent verifier (fibers.verify): it accepts honest answers and names each defect of a tampered one.

Each answer is built by hand (no decider), so the verifier is tested on its own.
"""

from fractions import Fraction as Q

from exact.network import Network
from exact.polyhedron import Polyhedron
from fibers.result import EquivalenceResult
from fibers.verify import _bounds, _DenseNet, _pieces, check_answer

identity = Network(1, [([[1]], [0])])
absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])


def test_witnesses_by_hand():
    x = (Q(-1),)                    # identity gives -1, |x| gives 1
    good = EquivalenceResult(False, "probe", x, (Q(-1),), (Q(1),))
    assert check_answer(identity, absolute, good)
    on_box = EquivalenceResult(False, "probe", x, (Q(-1),), (Q(1),), domain=Polyhedron.box([0], [2]))
    assert check_answer(identity, absolute, on_box).reason == "the witness lies outside the domain"
    same = EquivalenceResult(False, "probe", (Q(1),), (Q(1),), (Q(1),))
    assert "same output" in check_answer(identity, absolute, same).reason
    lying = EquivalenceResult(False, "probe", x, (Q(-1),), (Q(2),))
    assert "recorded output of b" in check_answer(identity, absolute, lying).reason
    assert "without a witness" in check_answer(identity, absolute, EquivalenceResult(False, "probe")).reason
    wide = Network(2, [([[1, 0]], [0])])
    assert "dimensions differ" in check_answer(identity, wide, good).reason


def test_regions_certificate_by_hand():
    # on [0, 2] both are x: one cell, identity has no ReLU, |x| has pattern (1, 0) (x > 0, -x < 0)
    box = Polyhedron.box([0], [2])
    cell = EquivalenceResult(True, "exhaustive", regions=[((), ((1, 0),), (Q(1),))], domain=box)
    assert check_answer(identity, absolute, cell)
    # the same cell claimed for all of R: the facet x = 0 has no neighbour listed
    assert not check_answer(identity, absolute, EquivalenceResult(True, "exhaustive", regions=cell.regions))


def test_bounds_and_pieces_of_the_reduction_checker():
    # relu(x) - relu(x) on [-1, 1]: the bounds see the two relu(x) apart. Upper: relu(x) <= (x + 1) / 2
    # (the chord) against relu(x) >= 0 x (lower slope 0, as hi = -lo), so z <= (x + 1) / 2 <= 1, and the
    # intervals give [0, 1] - [0, 1] <= 1 too: the upper bound is 1, not 0
    net = Network(1, [([[1], [1]], [0, 0]), ([[1, -1]], [0]), ([[1]], [0])])
    (lo1, hi1), (lo2, hi2) = _bounds(_DenseNet(net), [Q(-1)], [Q(1)])
    assert (lo1, hi1) == ([Q(-1), Q(-1)], [Q(1), Q(1)]) and hi2 == [Q(1)] and lo2 == [Q(-1)]
    box = ([Q(-1)], [Q(1)])
    assert _pieces([[["-1"], ["0"]], [["0"], ["1"]]], box, "step") == [([Q(-1)], [Q(0)]), ([Q(0)], [Q(1)])]
    for bad, why in (([[["-1"], ["0"]]], "do not cover"), ([[["-1"], ["1"]], [["0"], ["1"]]], "overlap"),
                     ([[["-2"], ["1"]]], "leaves the domain")):
        try:
            _pieces(bad, box, "step")
        except ValueError as error:
            assert why in str(error)
        else:
            raise AssertionError(f"{bad} accepted")

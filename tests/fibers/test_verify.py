"""The independent verifier (fibers.verify): it accepts honest answers and names each defect of a tampered one.

Each answer is built by hand (no decider), so the verifier is tested on its own.
"""

from fractions import Fraction as Q

from exact.network import Network
from exact.polyhedron import Polyhedron
from fibers.result import EquivalenceResult
from fibers.verify import _bounds, _DenseNet, _pieces, check_answer
from tests.plain import plain_output

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


def test_bottleneck_certificates_rechecked_without_the_decider():
    """Translations, flips and the orthant step re-applied by the verifier's own code (hand-built chains)."""
    from fibers.symmetries import Flip, Scaling, Translation

    # x = 0 hidden by the only second-layer neuron: W2 = (1, -1), b2 = -1; admissible t >= -1 / 1 = -1
    a = Network(2, [([[1, 2], [3, -1]], [0, 1]), ([[1, -1]], [-1]), ([[2]], [1])])
    moved = Network(2, [([[1, 2], [3, -1]], [2, 1]), ([[1, -1]], [-3]), ([[2]], [1])])       # t = 2
    assert check_answer(a, moved, EquivalenceResult(True, "bottleneck", steps=[Translation(0, Q(2))]))
    below = Network(2, [([[1, 2], [3, -1]], [-2, 1]), ([[1, -1]], [1]), ([[2]], [1])])      # t = -2 < -1
    refused = check_answer(a, below, EquivalenceResult(True, "bottleneck", steps=[Translation(0, Q(-2))]))
    assert not refused and "half-line" in refused.reason
    # the flip of neuron 1 against 0 (W2 normalised): row 0 minus row 1, row 1 negated (004 section 5)
    flipped = Network(2, [([[-2, 3], [-3, 1]], [-1, -1]), ([[1, -1]], [-1]), ([[2]], [1])])
    assert check_answer(a, flipped, EquivalenceResult(True, "bottleneck", steps=[Flip(0, (1,))]))
    assert all(plain_output(a, [Q(x), Q(y)]) == plain_output(flipped, [Q(x), Q(y)])
               for x in range(-3, 4) for y in range(-3, 4))
    scaled = Network(2, [([[2, 4], [3, -1]], [0, 1]), ([[Q(1, 2), -1]], [-1]), ([[2]], [1])])
    not_normal = check_answer(scaled, scaled, EquivalenceResult(True, "bottleneck", steps=[Flip(0, (1,))]))
    assert not not_normal and "flip" in not_normal.reason
    assert check_answer(a, scaled, EquivalenceResult(True, "bottleneck", steps=[Scaling(1, (Q(2), Q(1)))]))
    # the orthant step: neuron 2 of layer 2 is dead on the orthant, so its outgoing weight is free
    first = ([[1, 0], [0, 1]], [0, 0])
    second = ([[1, -2], [2, 1], [-1, -1]], [1, 0, -1])
    dead5, dead3 = (Network(2, [first, second, ([[1, 1, w]], [0])]) for w in (5, -3))
    assert check_answer(dead5, dead3, EquivalenceResult(True, "bottleneck", steps=[], orthant=True))
    live = Network(2, [first, ([[1, -2], [2, 1], [1, -1]], [1, 0, -1]), ([[1, 1, -3]], [0])])   # no longer dead
    assert not check_answer(dead5, live, EquivalenceResult(True, "bottleneck", steps=[], orthant=True))


def test_answers_on_a_slice_by_hand():
    # relu(x) + relu(y) and relu(x) on the segment y = 0, -1 <= x <= 1: equal; cells x <= 0 and x >= 0
    a = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    b = Network(2, [([[1, 0]], [0]), ([[1]], [0])])
    segment = Polyhedron.box([-1, 0], [1, 0])
    cells = [((((0, 1),)), ((0,),), (Q(-1, 2),)), ((((1, 1),)), ((1,),), (Q(1, 2),))]
    along_x = ((Q(0), Q(0)), ((Q(1), Q(0)),))
    good = EquivalenceResult(True, "exhaustive", regions=cells, domain=segment, slice=along_x)
    assert check_answer(a, b, good)
    assert "needs the domain" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, slice=along_x)).reason
    twice = ((Q(0), Q(0)), ((Q(1), Q(0)), (Q(2), Q(0))))
    assert "not linearly independent" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, domain=segment, slice=twice)).reason
    off = ((Q(0), Q(1)), ((Q(1), Q(0)),))                      # the line y = 1 misses the segment
    assert "does not contain the domain" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, domain=segment, slice=off)).reason
    shifted = ((Q(5), Q(0)), ((Q(1), Q(0)),))                  # y = 0 from (5, 0), off the segment: the same line
    moved = [(pa, pb, (x - 5,)) for pa, pb, (x,) in cells]
    assert check_answer(a, b, EquivalenceResult(True, "exhaustive", regions=moved, domain=segment, slice=shifted))
    diagonal = ((Q(0), Q(0)), ((Q(1), Q(1)),))
    assert "does not contain the domain" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, domain=segment, slice=diagonal)).reason
    square = Polyhedron.box([-1, -1], [1, 1])                  # the cells claimed for a square: its dimension is 2
    assert "dimension 1" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, domain=square, slice=along_x)).reason
    assert "not listed" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells[:1], domain=segment, slice=along_x)).reason
    # one point: (2, -3), where both give 2; (2, 1) gives 3 and 2
    point = EquivalenceResult(True, "point", domain=Polyhedron.box([2, -3], [2, -3]), slice=((Q(2), Q(-3)), ()))
    assert check_answer(a, b, point)
    assert "differ at the domain's one point" in check_answer(a, b, EquivalenceResult(
        True, "point", domain=Polyhedron.box([2, 1], [2, 1]), slice=((Q(2), Q(1)), ()))).reason
    assert "dimension 0" in check_answer(a, b, EquivalenceResult(
        True, "point", domain=segment, slice=((Q(0), Q(0)), ()))).reason
    assert "outside the domain" in check_answer(a, b, EquivalenceResult(
        True, "point", domain=Polyhedron.box([2, -3], [2, -3]), slice=((Q(2), Q(-2)), ()))).reason
    assert "needs the domain's point" in check_answer(a, b, EquivalenceResult(True, "point")).reason


def test_a_slice_moves_the_input_skips_constant_into_the_bias():
    from exact.network import Skip

    # a = relu(x) + y through a skip into layer 2; on y = 1 it is relu(x) + 1 = b
    a = Network(2, [([[1, 0]], [0]), ([[1]], [0])], [Skip(0, 2, [[0, 1]])])
    b = Network(2, [([[1, 0]], [0]), ([[1]], [1])])
    line = Polyhedron.box([-1, 1], [1, 1])
    cells = [(((0,),), ((0,),), (Q(-1, 2),)), (((1,),), ((1,),), (Q(1, 2),))]
    slice_ = ((Q(0), Q(1)), ((Q(1), Q(0)),))
    assert check_answer(a, b, EquivalenceResult(True, "exhaustive", regions=cells, domain=line, slice=slice_))
    lower = Polyhedron.box([-1, 0], [1, 0])                    # on y = 0, a = relu(x) and b = relu(x) + 1
    assert "differ" in check_answer(a, b, EquivalenceResult(
        True, "exhaustive", regions=cells, domain=lower, slice=((Q(0), Q(0)), ((Q(1), Q(0)),)))).reason


def test_a_zero_row_in_the_domain_hides_no_facet():
    # 0 . x <= 0 holds everywhere and bounds nothing: it must not make every facet a boundary facet
    folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])        # relu(x) - relu(-x) = x
    with_zero_row = Polyhedron(1, [[1], [-1], [0]], [1, 1, 0])
    half = [((), ((0, 1),), (Q(-1, 2),))]                                 # the cell x <= 0 only
    assert "not listed" in check_answer(identity, folded, EquivalenceResult(
        True, "exhaustive", regions=half, domain=with_zero_row)).reason
    both = half + [((), ((1, 0),), (Q(1, 2),))]
    assert check_answer(identity, folded, EquivalenceResult(True, "exhaustive", regions=both, domain=with_zero_row))

"""The 003 claims added for issue 11 refute mutated inputs."""

from fractions import Fraction as Q

from exact import Network, Polyhedron
from proofs_check.claims_tropical import algorithm1, refute_index_slips, verify_algorithm1, verify_tree_traversal
from tropical.enumeration import regions


def test_tree_traversal_against_brute_force_and_a_dropped_region():
    net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])], output_relu=True)
    box = Polyhedron.box([-3, -3], [3, 3])
    found = [r.pattern for r in regions(net, box)]
    assert verify_tree_traversal(net, box, found) is None
    assert verify_tree_traversal(net, box, found[1:]) is not None      # a region missed
    assert verify_tree_traversal(net, box, found + found[:1]) is not None   # a region twice


def test_algorithm1_by_hand_and_the_literal_readings():
    # relu(x - 1): inactive (v = +1) means x - 1 <= 0
    assert algorithm1([[[Q(1)]]], [[Q(-1)]], [[1]]) == [([Q(1)], Q(-1))]
    assert algorithm1([[[Q(1)]]], [[Q(-1)]], [[-1]]) == [([Q(-1)], Q(1))]
    assert refute_index_slips() is not None
    W = [[[Q(1), Q(2)], [Q(-1), Q(1)]], [[Q(1), Q(-3)]]]
    b = [[Q(1, 2), Q(-1)], [Q(1)]]
    x = [Q(1, 3), Q(-2, 5)]
    assert verify_algorithm1(W, b, x) is None
    assert verify_algorithm1(W, b, x, literal_loop=True) is not None
    assert verify_algorithm1(W, b, x, literal_init=True) is not None


def test_eq59_corrected_by_hand_and_printed_refuted():
    from exact.network import Skip
    from proofs_check.claims_tropical import refute_eq59, verify_eq59

    assert refute_eq59() is not None
    # relu(x) then 2 (nu1 + x) - 1: the printed sides differ by relu(x) + 2x, the pre-activation is 2 relu(x) + 2x - 1
    net = Network(1, [([[1]], [0]), ([[2]], [-1])], [Skip(0, 2)])
    for x in ([Q(1, 4)], [Q(3)], [Q(-2)]):
        assert verify_eq59(net, x, 1, 0) is None
        assert verify_eq59(net, x, 1, 0, literal=True) is not None


def test_algorithm2_literal_by_hand_and_a_lost_pattern():
    from proofs_check.claims_tropical import algorithm2, verify_algorithm2

    # relu(x), then relu(-relu(x) - 1) is never active: patterns (active/inactive, inactive) only
    W = [[[Q(1)]], [[Q(-1)]]]
    b = [[Q(0)], [Q(-1)]]
    found, calls = algorithm2(W, b)
    assert sorted(found) == [((-1,), (1,)), ((1,), (1,))]       # +1 = inactive in the paper's convention
    assert calls == 4
    assert verify_algorithm2(W, b, found) is None
    assert verify_algorithm2(W, b, found[1:]) is not None
    assert verify_algorithm2(W, b, found + found[:1]) is not None

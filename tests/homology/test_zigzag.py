"""The overlap count of Prop. C.3's claim on functions whose answer is clear by hand."""

from exact.network import Network
from proofs_check.claims_homology import _intervals, overlapping_region_pairs, zigzag


def test_no_fold_no_overlap():
    relu = Network(1, [([[1]], [0]), ([[1]], [0])])            # flat then increasing: images meet only at 0, at x = 0
    assert len(_intervals(relu)) == 2 and overlapping_region_pairs(relu) == 0


def test_absolute_value_folds_once():
    absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    assert overlapping_region_pairs(absolute) == 1


def test_zigzag_values():
    net = zigzag(3)                                             # 0 on x <= 0, then 1, 0, 1 at x = 1, 2, 3, then down
    assert [net.evaluate([x])[0] for x in range(-1, 6)] == [0, 0, 1, 0, 1, 0, -1]
    assert len(_intervals(net)) == 5 and overlapping_region_pairs(net) == 9

"""Cached prediction (Algorithm 3 of 003): exact values, hits and misses counted by hand."""

from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.strategies import networks
from tests.plain import plain_output
from tropical.prediction import CachedPredictor

small = st.integers(-3, 3).map(Q)


def test_hits_and_misses_by_hand():
    net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])        # |x|: two regions, x >= 0 and x <= 0
    predictor = CachedPredictor(net)
    assert predictor.predict_many([[1], [3], [-2], [-5], [0]]) == [(Q(1),), (Q(3),), (Q(2),), (Q(5),), (Q(0),)]
    # x = 1 and x = -2 miss; 3, -5 hit; x = 0 has pattern (1, 1) (z >= 0 -> 1): a third region's map, a miss
    assert (predictor.misses, predictor.hits) == (3, 2)
    assert predictor.hit_rate == 2 / 5


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=3, max_width=3, elements=small, output_relu=None),
       st.lists(st.lists(small, min_size=3, max_size=3), min_size=1, max_size=6))
def test_cached_predictions_are_the_network(net, rows):
    predictor = CachedPredictor(net)
    points = [row[:net.input_dim] for row in rows]
    assert predictor.predict_many(points) == [tuple(plain_output(net, p)) for p in points]
    assert predictor.hits + predictor.misses == len(points)
    assert predictor.misses == len({net.pattern(p) for p in points})

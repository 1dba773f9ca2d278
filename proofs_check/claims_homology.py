"""Claims of ``000`` about overlaps, checked exactly (issue 5, first claims)."""

from __future__ import annotations

import random

from exact.network import Network
from homology.decompositions import overlap_decomposition
from proofs_check.generate import json_vector, layers, vector
from proofs_check.registry import Claim, Counterexample, register

__all__ = ["check_single_layer_no_overlap"]


def check_single_layer_no_overlap(rng: random.Random) -> Counterexample | None:
    """``000`` Prop. B.6: a one-layer network ``ReLU(W x + b)`` glues no data point by overlap.

    Every data point's image is tested against every other populated region's image by
    exact LP; a gluing needs a partner strictly outside every closed region holding the point.
    """
    n0, width = rng.randint(1, 3), rng.randint(1, 5)
    net = Network(n0, layers(rng, [n0, width]), output_relu=True)
    points = [vector(rng, n0, height=4, denominator=3) for _ in range(10)]
    result = overlap_decomposition(net, points)
    if result.gluings or result.data_classes:
        g = result.gluings[0] if result.gluings else None
        return Counterexample("a one-layer network glued data by overlap",
                              {"point": json_vector(points[g.point]) if g else None,
                               "partner": json_vector(g.partner) if g else None})
    return None


register(Claim(
    id="000.propB6.single-layer",
    source="000_d0ea49639dcff77b.txt Prop. B.6",
    statement="The overlap decomposition of a single-layer network ReLU(W x + b) is trivial: no data point has a "
              "partner with the same image outside every closed region containing it",
    check=check_single_layer_no_overlap,
    examples=20,
))

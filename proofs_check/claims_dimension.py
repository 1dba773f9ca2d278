"""Claims of ``004`` checked against the exact functional dimension (Grigsby et al.).

The functional dimension of a parameter ``theta`` is the rank of the Jacobian, with respect to
the parameters, of the network's values at points inside every linear region (``n0 + 1``
affinely independent points per region: they fix the region's affine map). Near a point inside a
region the activation pattern is locally constant in ``theta``, so the derivatives are exact
products of masked weight matrices (backpropagation written out with Fractions here). It equals
``#params - dim(fiber)``: for a generic identifiable bottleneck parameter the fiber is the
scaling orbit, of dimension ``n1 + n2``.

Parameters are drawn and classified by the signs of ``[W2 | b2]`` directly (Theorem 5's
conditions), never with :func:`fibers.identifiability.identifiability`, and nothing is decided
with ``method="auto"``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

from exact.network import Network
from proofs_check.generate import bottleneck
from proofs_check.plain import mul, rank, relu_forward, strict_bits
from proofs_check.registry import Claim, Counterexample, register

__all__ = ["functional_dimension", "parameter_count", "conditions", "verify_dimension"]

Mat = list[list[Fraction]]


def parameter_count(net: Network) -> int:
    return sum(len(l.weight) * (len(l.weight[0]) + 1) for l in net.layers)


def _parameter_gradient(W: Sequence[Mat], b: Sequence[list[Fraction]], x: Sequence[Fraction]) -> list[list[Fraction]]:
    """Rows ``d f_o(x) / d theta`` (``theta`` = ``W_1, b_1, ..., W_L, b_L`` row-major), pattern fixed at ``x``."""
    pre, post = relu_forward(W, b, x)
    bits = strict_bits(pre[:-1])
    assert bits is not None
    out = len(W[-1])
    g: Mat = [[Fraction(int(i == j)) for j in range(out)] for i in range(out)]   # d f / d z_L
    blocks: list[Mat] = []
    for l in range(len(W) - 1, -1, -1):
        a = post[l]      # the layer's input
        block = [[g[o][j] * a[i] for j in range(len(W[l])) for i in range(len(a))] + [g[o][j] for j in range(len(W[l]))]
                 for o in range(out)]
        blocks.insert(0, block)
        if l:   # d f / d z_(l-1) = (d f / d z_l) W_l diag(bits_(l-1))
            g = mul(g, [[W[l][r][c] * bits[l - 1][c] for c in range(len(W[l][0]))] for r in range(len(W[l]))])
    return [[v for block in blocks for v in block[o]] for o in range(out)]


def _points_in_region(W: Sequence[Mat], b: Sequence[list[Fraction]], x: Sequence[Fraction]) -> list[list[Fraction]]:
    """``x`` and ``x + t e_i`` with the strict pattern of ``x`` (``t`` halved until it holds)."""
    bits = strict_bits(relu_forward(W, b, x)[0][:-1])
    points = [list(x)]
    for i in range(len(x)):
        t = Fraction(1)
        while True:
            y = list(x)
            y[i] += t
            if strict_bits(relu_forward(W, b, y)[0][:-1]) == bits:
                break
            t /= 2
        points.append(y)
    return points


def functional_dimension(net: Network) -> int:
    """The rank of the parameter Jacobian of the values at ``n0 + 1`` points in every region of ``R^n0``."""
    from tropical.enumeration import regions

    W = [[[Fraction(v) for v in row] for row in l.weight] for l in net.layers]
    b = [[Fraction(v) for v in l.bias] for l in net.layers]
    rows: list[list[Fraction]] = []
    for region in regions(net):
        x = list(region.interior_point)
        if strict_bits(relu_forward(W, b, x)[0][:-1]) is None:
            continue      # a neuron constant zero on the region: no point of it is strict
        for p in _points_in_region(W, b, x):
            rows += _parameter_gradient(W, b, p)
    return rank(rows)


def conditions(net: Network) -> set[int]:
    """Theorem 5's conditions met by ``[W2 | b2]`` (read off its signs)."""
    rows = [list(r) + [c] for r, c in zip(net.layers[1].weight, net.layers[1].bias)]
    met = set()
    if any(all(v < 0 for v in r) for r in rows):
        met.add(1)
    if any(all(v > 0 for v in r) for r in rows):
        met.add(2)
    n1 = len(rows[0]) - 1
    if any(all(r[i] > 0 and all(r[j] < 0 for j in range(n1 + 1) if j != i) for r in rows) for i in range(n1)):
        met.add(3)
    return met


def verify_dimension(net: Network, expected_drop: int) -> Counterexample | None:
    """The functional dimension is ``#params - (n1 + n2) - expected_drop``."""
    n1, n2 = len(net.layers[0].weight), len(net.layers[1].weight)
    dim = functional_dimension(net)
    want = parameter_count(net) - (n1 + n2) - expected_drop
    if dim != want:
        return Counterexample("the functional dimension differs from the fiber Theorem 5 predicts",
                              {"dimension": dim, "expected": want, "params": parameter_count(net),
                               "conditions": sorted(conditions(net))})
    return None


def _draw(rng: random.Random, case: str) -> Network:
    n0 = rng.randint(2, 3)
    n1 = rng.randint(2, n0)
    n2 = 1 if case == "hiding, n2 = 1" else rng.randint(2, 3)
    while True:
        net = bottleneck(rng, n0, n1, n2, 1, hide=None if case == "none" else rng.randrange(n1))
        met = conditions(net)
        if (case == "none" and not met) or (case != "none" and met == {3}):
            return net


def check_dimension(rng: random.Random, case: str) -> Counterexample | None:
    return verify_dimension(_draw(rng, case), 0 if case == "none" else 1)


register(Claim(
    id="004.thm5.functional-dimension",
    source="004_d6e0d95e628c03e7.txt Theorem 5 ('if'), Prop. 4 / Cor. 33, Lemma E.2, Prop. (n2 = 1 hiding fiber)",
    statement="Against the exact functional dimension (rank of the parameter Jacobian over every region): a generic "
              "bottleneck parameter meeting none of Theorem 5's conditions has fiber dimension n1 + n2 (the scalings "
              "only: Prop. 4's rigid first layer and trivial second-layer fiber), and one hiding a hyperplane has one "
              "more (the translation of Lemma E.2; for n2 = 1 the flips add no dimension)",
    check=check_dimension,
    cases=("none", "none", "none", "hiding, n2 >= 2", "hiding, n2 >= 2", "hiding, n2 = 1", "hiding, n2 = 1",
           "none", "hiding, n2 >= 2", "hiding, n2 = 1"),
    examples=10,
))

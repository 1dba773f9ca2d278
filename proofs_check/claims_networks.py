"""Claims about single networks: local affine maps, residual products, LeakyReLU.

The sources are ``000``/``001`` eq. (3), ``000`` Prop. C.4 and ``003`` section 2.

Each check computes its expected values with plain loops over Fractions written
here, independently of :mod:`exact.network`, and then compares both the direct
evaluation and the toolkit's own maps against the paper's formula.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

from exact.network import Network, leaky_relu_network, residual_network
from proofs_check.generate import json_matrix, json_vector, layers, matrix, rational, vector, widths
from proofs_check.registry import Claim, Counterexample, register

__all__ = ["LOCAL_AFFINE_MAP", "RESIDUAL_PRODUCT", "LEAKY_RELU"]

Mat = list[list[Fraction]]
Vec = list[Fraction]


def _mul(a: Sequence[Sequence[Fraction]], b: Sequence[Sequence[Fraction]]) -> Mat:
    return [[sum((a[i][k] * b[k][j] for k in range(len(b))), Fraction(0)) for j in range(len(b[0]))]
            for i in range(len(a))]


def _apply(a: Sequence[Sequence[Fraction]], x: Sequence[Fraction]) -> Vec:
    return [sum((row[k] * x[k] for k in range(len(x))), Fraction(0)) for row in a]


def _mask(bits: Sequence[int], a: Sequence[Sequence[Fraction]]) -> Mat:
    """``Q_J a`` with ``Q_J = diag(J)``."""
    return [[v * bit for v in row] for bit, row in zip(bits, a)]


def _identity(n: int) -> Mat:
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def _eq3(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
         codes: Sequence[Sequence[int]], extra: Sequence[Sequence[Sequence[Fraction]]] | None = None
         ) -> tuple[Mat, Vec]:
    """The closed form ``(prod_k A_k, sum_i prod_{j>i} A_j Q_i b_i)`` with ``A_k = Q_k W_k (+ M_k)``."""
    factors = []
    for k, (w, bits) in enumerate(zip(weights, codes)):
        a = _mask(bits, w)
        if extra is not None:
            a = [[u + v for u, v in zip(r1, r2)] for r1, r2 in zip(a, extra[k])]
        factors.append(a)
    linear = _identity(len(weights[0][0]))
    for a in factors:
        linear = _mul(a, linear)
    offset = [Fraction(0)] * len(weights[-1])
    for i, (b, bits) in enumerate(zip(biases, codes)):
        term = [v * bit for v, bit in zip(b, bits)]
        for a in factors[i + 1:]:
            term = _apply(a, term)
        offset = [u + v for u, v in zip(offset, term)]
    return linear, offset


def _perturbed(rng: random.Random, x: Sequence[Fraction], count: int = 3) -> list[Vec]:
    return [[v + Fraction(rng.randint(-5, 5), 1000) for v in x] for _ in range(count)]


# ---------------------------------------------------------------------------- 000 / 001 eq. (3)
def _plain_forward(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
                   relu: Sequence[bool], x: Sequence[Fraction]) -> tuple[list[Vec], list[list[int]]]:
    """Post-activations ``nu^(1..L)`` and codes ``Q_l`` (``001`` eq. 2: 1 iff z > 0; all ones without ReLU)."""
    post: list[Vec] = []
    codes: list[list[int]] = []
    current = list(x)
    for w, b, has_relu in zip(weights, biases, relu):
        z = [u + v for u, v in zip(_apply(w, current), b)]
        bits = [int(v > 0) for v in z] if has_relu else [1] * len(z)
        current = [v * bit for v, bit in zip(z, bits)]
        post.append(current)
        codes.append(bits)
    return post, codes


def check_local_affine_map(rng: random.Random) -> Counterexample | None:
    """``000``/``001`` eq. (3) on a random network at a random point and at nearby points of its region."""
    depth = rng.randint(1, 4)
    sizes = widths(rng, depth)
    params = layers(rng, sizes)
    output_relu = rng.random() < 0.5
    net = Network(sizes[0], params, output_relu=output_relu)
    weights = [w for w, _ in params]
    biases = [b for _, b in params]
    relu = [l < depth or output_relu for l in range(1, depth + 1)]
    x = vector(rng, sizes[0])
    post, codes = _plain_forward(weights, biases, relu, x)
    for l in range(1, depth + 1):
        linear, offset = _eq3(weights[:l], biases[:l], codes[:l])
        value = [u + v for u, v in zip(_apply(linear, x), offset)]
        if value != post[l - 1]:
            return Counterexample(f"eq. (3) at layer {l} differs from direct evaluation",
                                  {"x": json_vector(tuple(x)), "layer": l, "formula": json_vector(tuple(value)),
                                   "direct": json_vector(tuple(post[l - 1]))})
        pattern = tuple(tuple(codes[k - 1]) for k in net.relu_layers if k <= l)
        toolkit = net.local_affine_map(pattern, layers=l)
        if [list(r) for r in toolkit.weight] != linear or list(toolkit.bias) != offset:
            return Counterexample(f"Network.local_affine_map at layer {l} differs from eq. (3)",
                                  {"x": json_vector(tuple(x)), "layer": l,
                                   "toolkit_weight": json_matrix(toolkit.weight),
                                   "formula_weight": json_matrix(tuple(tuple(r) for r in linear))})
        for y in _perturbed(rng, x):
            post_y, codes_y = _plain_forward(weights, biases, relu, y)
            if codes_y[:l] == codes[:l]:
                value_y = [u + v for u, v in zip(_apply(linear, y), offset)]
                if value_y != post_y[l - 1]:
                    return Counterexample("eq. (3) fails at another point of the same region",
                                          {"y": json_vector(tuple(y)), "layer": l})
    return None


LOCAL_AFFINE_MAP = register(Claim(
    id="000.eq3.local-affine-map",
    source="000_d0ea49639dcff77b.txt eq. (3); 001_1f3ea6e4a7b62c1b.txt eq. (3)",
    statement="On the region of codeword J, Phi^l(x) = (prod_k Q_Jk W_k) x + sum_i (prod_{j>i} Q_Jj W_j) Q_Ji b_i "
              "for every layer l (checked against direct evaluation and Network.local_affine_map)",
    check=check_local_affine_map,
))


# ---------------------------------------------------------------------------- 000 Prop. C.4
def check_residual_product(rng: random.Random) -> Counterexample | None:
    """``000`` Prop. C.4: residual blocks compute ``prod_k (Q_Jk W_k + M_k)`` plus the bias terms."""
    depth = rng.randint(1, 3)
    sizes = widths(rng, depth, high=3)
    params = layers(rng, sizes)
    projections: list[Mat | None] = []
    explicit: list[Mat] = []
    for l in range(1, depth + 1):
        if sizes[l] == sizes[l - 1] and rng.random() < 0.5:
            projections.append(None)
            explicit.append(_identity(sizes[l]))
        else:
            m = [list(r) for r in matrix(rng, sizes[l], sizes[l - 1])]
            projections.append(m)
            explicit.append(m)
    x = vector(rng, sizes[0])

    def direct(point: Sequence[Fraction]) -> tuple[Vec, list[list[int]]]:
        current, codes = list(point), []
        for (w, b), m in zip(params, explicit):
            z = [u + v for u, v in zip(_apply(w, current), b)]
            bits = [int(v > 0) for v in z]
            current = [max(v, Fraction(0)) + s for v, s in zip(z, _apply(m, current))]
            codes.append(bits)
        return current, codes

    value, codes = direct(x)
    weights = [w for w, _ in params]
    biases = [b for _, b in params]
    linear, offset = _eq3(weights, biases, codes, explicit)
    formula = [u + v for u, v in zip(_apply(linear, x), offset)]
    if formula != value:
        return Counterexample("the product formula differs from the residual network's value",
                              {"x": json_vector(tuple(x)), "formula": json_vector(tuple(formula)),
                               "direct": json_vector(tuple(value))})
    net = residual_network(sizes[0], params, projections)
    if list(net.evaluate(x)) != value:
        return Counterexample("residual_network (skips unrolled) differs from the residual recursion",
                              {"x": json_vector(tuple(x))})
    toolkit = net.local_affine_map(tuple(tuple(c) for c in codes))
    if [list(r) for r in toolkit.weight] != linear or list(toolkit.bias) != offset:
        return Counterexample("Network.local_affine_map with skips differs from the product formula",
                              {"x": json_vector(tuple(x))})
    for y in _perturbed(rng, x):
        value_y, codes_y = direct(y)
        if codes_y == codes and [u + v for u, v in zip(_apply(linear, y), offset)] != value_y:
            return Counterexample("the product formula fails at another point of the region",
                                  {"y": json_vector(tuple(y))})
    return None


RESIDUAL_PRODUCT = register(Claim(
    id="000.propC4.residual-product",
    source="000_d0ea49639dcff77b.txt Prop. C.4",
    statement="For residual blocks x_l = ReLU(W_l x_{l-1} + b_l) + M_l x_{l-1}, on the region of J the network is "
              "x -> prod_k (Q_Jk W_k + M_k) x + sum_i prod_{j>i} (Q_Jj W_j + M_j) Q_Ji b_i",
    check=check_residual_product,
))


# ---------------------------------------------------------------------------- 003 section 2
def _leaky(t: Fraction, a: Fraction) -> Fraction:
    """LeakyReLU by its definition: ``t`` for ``t >= 0``, ``a t`` otherwise."""
    return t if t >= 0 else a * t


def check_leaky_relu(rng: random.Random) -> Counterexample | None:
    """``LeakyReLU(t, a) = ReLU(t) - a ReLU(-t)``, pointwise and for whole networks."""
    for _ in range(10):
        t, a = rational(rng), rational(rng)
        relu = max(t, Fraction(0)) - a * max(-t, Fraction(0))
        if relu != _leaky(t, a):
            return Counterexample("pointwise identity fails", {"t": str(t), "a": str(a)})
    depth = rng.randint(1, 3)
    sizes = widths(rng, depth, high=3)
    params = layers(rng, sizes)
    output_leaky = rng.random() < 0.5
    slopes = [rational(rng) if rng.random() < 0.8 else None for _ in range(depth - 1 + int(output_leaky))]
    net = leaky_relu_network(sizes[0], params, slopes, output_leaky=output_leaky)
    for _ in range(5):
        x = vector(rng, sizes[0])
        current = list(x)
        for l, (w, b) in enumerate(params, start=1):
            z = [u + v for u, v in zip(_apply(w, current), b)]
            if l < depth or output_leaky:
                slope = slopes[l - 1]
                current = [_leaky(v, slope) if slope is not None else max(v, Fraction(0)) for v in z]
            else:
                current = z
        if list(net.evaluate(x)) != current:
            return Counterexample("the ReLU network built from LeakyReLU differs from direct evaluation",
                                  {"x": json_vector(tuple(x)), "slopes": [str(s) for s in slopes]})
    return None


LEAKY_RELU = register(Claim(
    id="003.sec2.leaky-relu",
    source="003_cb1763ba3a2941b2.txt section 2",
    statement="LeakyReLU(x, a) = ReLU(x) - a ReLU(-x); a LeakyReLU network equals the ReLU network built from it",
    check=check_leaky_relu,
))

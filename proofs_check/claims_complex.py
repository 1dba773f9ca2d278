"""Claims of ``004`` on the polyhedral complex of a network: facet weights, balancing, genericity.

The text of ``004`` lost its formulas; each claim's statement writes out the reconstruction
(from the proofs) that is checked. The complex under test is :func:`tropical.polyhedral_complex`;
the oracles are plain: region Jacobians by exact differences of the network's evaluation at
exact interior points (:func:`proofs_check.plain.difference_jacobian`), masked weight products
with Fractions, and exact determinants for orientations.

Conventions: a facet ``F`` on the zero set of neuron ``h`` separates the region ``P`` where ``h``
is negative from ``Q`` where it is positive; its *jump* is ``J_Q - J_P`` (output x input), which
is ``w nu^T`` for the primitive normal ``nu`` of ``h`` (pointing into ``Q``); ``w`` is the facet's
(vector) weight. ``004``'s scalar weight along the unit normal is ``w |nu|``.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from fractions import Fraction

from exact.network import Network
from exact.polyhedron import Polyhedron
from proofs_check.generate import json_vector, layers, matrix, vector
from proofs_check.plain import determinant_sign, difference_jacobian, mask, mul, rank, relu_forward
from proofs_check.registry import Claim, Counterexample, register

__all__ = ["ComplexData", "complex_data", "verify_balancing", "verify_reconstruction", "verify_jump_formula",
           "verify_last_layer_visible", "verify_single_layer_ridges", "masked_products_full_rank",
           "supertransversal", "breakpoint_support"]

Mat = list[list[Fraction]]
Point = tuple[Fraction, ...]


class ComplexData:
    """What the claims read from a complex: regions, facets, ridges with exact points, and plain Jacobians."""

    def __init__(self, net: Network, box: tuple[int, int]) -> None:
        from tropical.complex import Degenerate, polyhedral_complex

        self.net = net
        n = net.input_dim
        self.cx = polyhedral_complex(net, Polyhedron.box([box[0]] * n, [box[1]] * n))
        if not self.cx.simple:     # the claims are stated for supertransversal parameters
            raise Degenerate("the complex is not simple: a vertex lies on more than n hyperplanes")
        self.n = n
        self.regions = self.cx.faces(n)
        self.facets = self.cx.faces(n - 1)
        self.region_index = {f.signs: i for i, f in enumerate(self.regions)}
        self.weights = {w.facet: w for w in self.cx.facet_weights()}
        self._points: dict[tuple[int, int], Point] = {}
        self._jacobians: dict[int, Mat] = {}

    def point(self, dim: int, number: int) -> Point:
        key = (dim, number)
        if key not in self._points:
            face = self.cx.faces(dim)[number] if dim not in (self.n, self.n - 1) else \
                (self.regions if dim == self.n else self.facets)[number]
            self._points[key] = self.cx.face_point(face)
        return self._points[key]

    def jacobian(self, region: int) -> Mat:
        """The network's Jacobian on a region by exact differences at its interior point (plain)."""
        if region not in self._jacobians:
            net = self.net
            J = difference_jacobian([l.weight for l in net.layers], [l.bias for l in net.layers],
                                    self.point(self.n, region), len(net.relu_layers), net.output_relu)
            assert J is not None, "a region's centroid lies on a boundary"
            self._jacobians[region] = J
        return self._jacobians[region]

    def interior_facet(self, number: int) -> bool:
        return self.facets[number].signs.index("0") >= 2 * self.n

    def jump(self, number: int) -> Mat:
        """``J_plus - J_minus`` across an interior facet, from the plain Jacobians."""
        w = self.weights[number]
        plus, minus = self.jacobian(w.plus), self.jacobian(w.minus)
        return [[a - b for a, b in zip(ra, rb)] for ra, rb in zip(plus, minus)]

    def toolkit_jump(self, number: int) -> Mat:
        w = self.weights[number]
        return [[wi * Fraction(v) for v in w.normal] for wi in w.weight]

    def evaluate(self, x: Sequence[Fraction]) -> list[Fraction]:
        net = self.net
        return relu_forward([l.weight for l in net.layers], [l.bias for l in net.layers], x, net.output_relu)[1][-1]


def complex_data(net: Network, box: tuple[int, int] = (-3, 3)) -> ComplexData | None:
    """The complex's data, or ``None`` when the parameter is not supertransversal on the box."""
    from tropical.complex import Degenerate

    try:
        return ComplexData(net, box)
    except Degenerate:
        return None


def _random_net(rng: random.Random, sizes: Sequence[int]) -> Network:
    return Network(sizes[0], layers(rng, list(sizes)))


def _generic_data(rng: random.Random, sizes_choices: Sequence[Sequence[int]]) -> ComplexData:
    while True:
        data = complex_data(_random_net(rng, rng.choice(list(sizes_choices))))
        if data is not None:
            return data


# ------------------------------------------------------------------------------ Lemma 7 / Theorem 1
def _ridge_facets(data: ComplexData, ridge_signs: str) -> list[int]:
    zeros = [h for h, s in enumerate(ridge_signs) if s == "0"]
    facet_index = {f.signs: i for i, f in enumerate(data.facets)}
    found = []
    for h in zeros:
        for s in "+-":
            key = ridge_signs[:h] + s + ridge_signs[h + 1:]
            if key in facet_index:
                found.append(facet_index[key])
    return found


def verify_balancing(data: ComplexData, jumps: dict[int, Mat] | None = None) -> Counterexample | None:
    """Lemma 7: around every interior ridge ``R``, ``sum_F s_F (J_plus(F) - J_minus(F)) = 0``.

    Reconstruction of the balancing condition ``sum_F omega(F) u_(F/R) = 0`` (``u`` the unit vector
    in ``F`` orthogonal to ``R`` pointing into ``F``, ``omega`` the scalar weight): in the plane
    orthogonal to ``R``, ``omega(F) u_F`` rotated by a quarter turn is the jump of the gradient from
    the clockwise to the counter-clockwise side of ``F``, so the condition says the oriented jumps
    sum to zero; ``s_F = sign det(d_1, .., d_(n-2), u_F, nu_F)`` (``d`` spanning ``R``, ``u_F`` from
    ``R``'s point to ``F``'s, ``nu_F`` the normal into the plus side) orients them, exactly. The
    four facets of ``R`` must exist and ``jumps`` defaults to the plain Jacobian differences.
    """
    n = data.n
    ridges = data.cx.faces(n - 2)
    for number, ridge in enumerate(ridges):
        if "0" in ridge.signs[:2 * n]:
            continue   # on the box's boundary
        facets = _ridge_facets(data, ridge.signs)
        if len(facets) != 4 or not all(data.interior_facet(f) for f in facets):
            return Counterexample("an interior ridge without four interior facets", {"ridge": ridge.signs})
        r = data.point(n - 2, number)
        vertices = [data.cx.exact_vertex(v) for v in ridge.vertices]
        directions = [[a - b for a, b in zip(v, vertices[0])] for v in vertices[1:]]
        directions = [d for d in directions if any(d)][:n - 2]
        total = [[Fraction(0)] * n for _ in range(data.net.output_dim)]
        for f in facets:
            u = [a - b for a, b in zip(data.point(n - 1, f), r)]
            nu = [Fraction(v) for v in data.weights[f].normal]
            s = determinant_sign([*directions, u, nu])
            if s == 0:
                return Counterexample("a facet's orientation around its ridge is degenerate", {"ridge": ridge.signs})
            jump = (jumps or {}).get(f) or data.jump(f)
            total = [[t + s * j for t, j in zip(rt, rj)] for rt, rj in zip(total, jump)]
        if any(v for row in total for v in row):
            return Counterexample("the oriented gradient jumps around a ridge do not sum to zero",
                                  {"ridge": ridge.signs, "point": json_vector(r)})
    return None


def check_balancing(rng: random.Random) -> Counterexample | None:
    data = _generic_data(rng, [(2, 3, 1), (2, 3, 2, 1), (2, 2, 3, 2), (3, 2, 2, 1), (3, 3, 1)])
    for f in data.weights:
        if data.jump(f) != data.toolkit_jump(f):
            return Counterexample("the toolkit's facet weight differs from the plain Jacobian jump",
                                  {"facet": data.facets[f].signs})
    return verify_balancing(data)


register(Claim(
    id="004.lemma7.balancing",
    source="004_d6e0d95e628c03e7.txt Lemma 7 (Theorem 1, section 2)",
    statement="Reconstructed: the weight of a facet F is the gradient jump J_Q - J_P = w nu^T across it, and around "
              "every codimension-2 face R the weights balance, sum_F omega(F) u_(F/R) = 0, checked in the exact "
              "form sum_F sign det(R's directions, u_F, nu_F) (J_plus(F) - J_minus(F)) = 0; the toolkit's facet "
              "weights equal the jumps of plain Jacobians (2- and 3-dimensional inputs, random networks)",
    check=check_balancing,
    examples=10,
))


def verify_reconstruction(data: ComplexData, jumps: dict[int, Mat] | None = None) -> Counterexample | None:
    """Theorem 1 (converse of Lemma 7): the weights and the affine map on one region determine ``f``.

    Starting from region 0's plain Jacobian and value, walk the region graph: across a facet the
    Jacobian changes by the jump and the offset by continuity at the facet's point; every
    reconstructed map must equal the network at its region's interior point.
    """
    import networkx as nx

    n = data.n
    graph = data.cx.region_graph()
    x0 = data.point(n, 0)
    J0 = data.jacobian(0)
    f0 = data.evaluate(x0)
    maps: dict[int, tuple[Mat, list[Fraction]]] = {0: (J0, [v - sum((a * x for a, x in zip(row, x0)), Fraction(0))
                                                             for v, row in zip(f0, J0)])}
    for a, b in nx.bfs_edges(graph, 0):
        facet = graph.edges[a, b]["facet"]
        w = data.weights[facet]
        jump = (jumps or {}).get(facet) or data.toolkit_jump(facet)
        sign = 1 if (w.minus, w.plus) == (a, b) else -1
        Ja, ca = maps[a]
        Jb = [[u + sign * j for u, j in zip(ru, rj)] for ru, rj in zip(Ja, jump)]
        p = data.point(n - 1, facet)
        cb = [c + sum(((u - v) * x for u, v, x in zip(ru, rv, p)), Fraction(0)) for c, ru, rv in zip(ca, Ja, Jb)]
        maps[b] = (Jb, cb)
    if len(maps) != len(data.regions):
        return Counterexample("the region graph is not connected", {"reached": len(maps)})
    for i, (J, c) in maps.items():
        x = data.point(n, i)
        value = [sum((a * v for a, v in zip(row, x)), Fraction(0)) + ci for row, ci in zip(J, c)]
        if value != data.evaluate(x):
            return Counterexample("the map rebuilt from the weights differs from the network",
                                  {"region": data.regions[i].signs, "x": json_vector(x)})
    return None


def check_reconstruction(rng: random.Random) -> Counterexample | None:
    data = _generic_data(rng, [(2, 3, 1), (2, 3, 2, 2), (2, 2, 2, 1), (3, 2, 2, 1)])
    return verify_reconstruction(data)


register(Claim(
    id="004.thm1.weights-determine-f",
    source="004_d6e0d95e628c03e7.txt Theorem 1 (Maclagan and Sturmfels), Lemma 7 (converse)",
    statement="The facet weights determine the network's function up to a global affine map: from the affine map on "
              "one region, crossing each facet adds its weight w nu^T to the Jacobian (offset by continuity at the "
              "facet), and the rebuilt map equals the network at every region's interior point",
    check=check_reconstruction,
    examples=10,
))


# ------------------------------------------------------------------------------ Props. 11 and 17
def _facet_neuron(data: ComplexData, number: int) -> tuple[int, int]:
    zero = data.facets[number].signs.index("0")
    return data.cx.neurons[zero - 2 * data.n]


def verify_jump_formula(data: ComplexData) -> Counterexample | None:
    """Prop. 17 (Prop. 11 for one hidden layer): the jump across every facet, by formula.

    Across a facet of neuron ``(l, i)`` the jump is
    ``(W_L Q_(L-1) W_(L-1) ... Q_(l+1) W_(l+1))[:, i] (grad z_(l,i))^T``.

    ``Q_k`` are the active neurons at the facet's point (the same on both sides: the facet lies on
    one bent hyperplane) and ``grad z_(l,i)`` the gradient of the neuron's pre-activation there,
    ``W_l Q_(l-1) ... Q_1 W_1`` row ``i``: all plain, compared with the plain Jacobian jump.
    """
    net = data.net
    W = [[[Fraction(v) for v in row] for row in layer.weight] for layer in net.layers]
    b = [[Fraction(v) for v in layer.bias] for layer in net.layers]
    for number in data.weights:
        layer, neuron = _facet_neuron(data, number)
        p = data.point(data.n - 1, number)
        pre, _ = relu_forward(W, b, p)
        bits = [[int(v > 0) for v in z] for z in pre]
        if pre[layer - 1][neuron] != 0 or sum(v == 0 for z in pre[:-1] for v in z) != 1:
            return Counterexample("the facet's point is not on exactly its own neuron's zero set",
                                  {"facet": data.facets[number].signs})
        grad: Mat = [[Fraction(int(i == j)) for j in range(data.n)] for i in range(data.n)]
        for k in range(layer - 1):
            grad = mul(mask(bits[k], W[k]), grad)
        grad = mul(W[layer - 1], grad)
        downstream: Mat = [[Fraction(int(i == j)) for j in range(len(W[layer - 1]))]
                           for i in range(len(W[layer - 1]))]
        for k in range(layer, len(W)):
            downstream = mul(W[k], downstream)
            if k < len(W) - 1:
                downstream = mask(bits[k], downstream)
        column = [row[neuron] for row in downstream]
        expected = [[c * g for g in grad[neuron]] for c in column]
        if expected != data.jump(number):
            return Counterexample("the jump across a facet differs from Prop. 17's formula",
                                  {"facet": data.facets[number].signs, "point": json_vector(p)})
    return None


def check_prop11(rng: random.Random) -> Counterexample | None:
    data = _generic_data(rng, [(2, 3, 1), (2, 4, 2), (3, 3, 2), (2, 2, 3)])
    net = data.net
    W1, W2 = net.layers[0].weight, net.layers[1].weight
    for number in data.weights:   # constant along each hyperplane: W2[:, i] W1[i, :]
        _, i = _facet_neuron(data, number)
        if data.jump(number) != [[W2[r][i] * v for v in W1[i]] for r in range(len(W2))]:
            return Counterexample("a one-hidden-layer facet's jump is not W2[:, i] W1[i, :]",
                                  {"facet": data.facets[number].signs})
    return verify_jump_formula(data)


register(Claim(
    id="004.prop11.one-hidden-layer-weights",
    source="004_d6e0d95e628c03e7.txt Prop. 11 (Grillo and Montufar), section 4.1",
    statement="Reconstructed: for one hidden layer the jump across every facet on hyperplane i is W2[:, i] W1[i, :] "
              "(the weight of the hyperplane, the same for all its facets)",
    check=check_prop11,
    examples=10,
))


def check_prop17(rng: random.Random) -> Counterexample | None:
    return verify_jump_formula(_generic_data(rng, [(2, 3, 2, 1), (2, 2, 3, 2), (2, 2, 2, 2, 1), (3, 2, 2, 1)]))


register(Claim(
    id="004.prop17.weight-formula",
    source="004_d6e0d95e628c03e7.txt Prop. 17",
    statement="Reconstructed: for a supertransversal parameter, the jump across a facet on the bent hyperplane of "
              "neuron (l, i) is (W_L Q_(L-1) W_(L-1) ... Q_(l+1) W_(l+1))[:, i] (grad z_(l,i))^T, with Q_k the "
              "neurons active on the facet and grad z_(l,i) = (W_l Q_(l-1) ... Q_1 W_1)[i, :]",
    check=check_prop17,
    examples=10,
))


# ------------------------------------------------------------------------------ Lemma 20, Lemma 13
def verify_last_layer_visible(data: ComplexData) -> Counterexample | None:
    """Lemma 20: every facet on a bent hyperplane of the last hidden layer has a non-zero jump."""
    last = data.net.relu_layers[-1]
    for number in data.weights:
        if _facet_neuron(data, number)[0] == last and not any(v for row in data.jump(number) for v in row):
            return Counterexample("a facet of the last hidden layer is not a breakpoint",
                                  {"facet": data.facets[number].signs})
    return None


def check_last_layer_visible(rng: random.Random) -> Counterexample | None:
    while True:
        data = _generic_data(rng, [(2, 2, 3, 1), (2, 3, 2, 1), (2, 2, 2, 2), (3, 2, 2, 1)])
        if all(v != 0 for row in data.net.layers[-1].weight for v in row):   # generic: no zero output weight
            return verify_last_layer_visible(data)


register(Claim(
    id="004.lemma20.last-layer-visible",
    source="004_d6e0d95e628c03e7.txt Lemma 20 (with Lemma 19)",
    statement="For a supertransversal parameter with non-zero output weights, the bent hyperplanes of the last hidden "
              "layer lie in the breakpoint set: every facet on them has a non-zero gradient jump (plain Jacobians)",
    check=check_last_layer_visible,
    examples=10,
))


def verify_single_layer_ridges(data: ComplexData) -> Counterexample | None:
    """Lemma 13: a ridge on two bent hyperplanes of one layer is non-bending.

    Each facet's opposite facet (same hyperplane, other side of the ridge) has the same jump.
    """
    n = data.n
    facet_index = {f.signs: i for i, f in enumerate(data.facets)}
    for ridge in data.cx.faces(n - 2):
        zeros = [h for h, s in enumerate(ridge.signs) if s == "0"]
        if min(zeros) < 2 * n:
            continue
        a, b = (data.cx.neurons[h - 2 * n] for h in zeros)
        if a[0] != b[0]:
            continue
        for free in zeros:
            sides = [facet_index[ridge.signs[:free] + s + ridge.signs[free + 1:]] for s in "+-"]
            if data.jump(sides[0]) != data.jump(sides[1]):
                return Counterexample("a ridge of one layer bends", {"ridge": ridge.signs})
    return None


def check_single_layer_ridges(rng: random.Random) -> Counterexample | None:
    return verify_single_layer_ridges(_generic_data(rng, [(2, 3, 1), (2, 3, 2, 1), (2, 2, 3, 1), (3, 3, 1)]))


register(Claim(
    id="004.lemma13.single-layer-ridges",
    source="004_d6e0d95e628c03e7.txt Lemma 13 (Def. 12)",
    statement="Reconstructed: a ridge lying only on bent hyperplanes of one layer is non-bending: for each facet at "
              "the ridge, the opposite facet on the same hyperplane has the same weight (plain Jacobian jumps)",
    check=check_single_layer_ridges,
    examples=10,
))


# ------------------------------------------------------------------------------ Def. 8 / Lemma 9
def masked_products_full_rank(net: Network) -> bool:
    """Def. 8 (2), reconstructed: ``Q_(S_l) W_l ... Q_(S_1) W_1`` has rank ``min(n_0, |S_1|, ..., |S_l|)``.

    Every layer ``l`` and every choice of neuron sets ``S_k`` (rows kept at each layer, the last
    included) are enumerated.
    """
    W = [[[Fraction(v) for v in row] for row in layer.weight] for layer in net.layers]
    widths = [net.input_dim] + [len(w) for w in W]
    for l in range(1, len(W) + 1):
        for sets in itertools.product(*(range(2 ** widths[k]) for k in range(1, l + 1))):
            product: Mat = [[Fraction(int(i == j)) for j in range(widths[0])] for i in range(widths[0])]
            bound = widths[0]
            for k, code in enumerate(sets, start=1):
                bits = [(code >> i) & 1 for i in range(widths[k])]
                product = mask(bits, mul(W[k - 1], product))
                bound = min(bound, sum(bits))
            if rank(product) != bound:
                return False
    return True


def supertransversal(data: ComplexData) -> bool:
    """Def. 8 (1), supertransversality, on the box (plain evaluation).

    Every face's interior point lies on exactly ``n - dim`` hyperplanes: box facets and neurons with
    a zero pre-activation there.
    """
    net = data.net
    W = [layer.weight for layer in net.layers]
    b = [layer.bias for layer in net.layers]
    for k in range(data.n + 1):
        for number in range(len(data.cx.faces(k))):
            x = data.point(k, number)
            pre, _ = relu_forward(W, b, x)
            zeros = sum(v == 0 for z in pre[:len(net.relu_layers)] for v in z)
            zeros += sum(v in (Fraction(data.cx.lo[0]), Fraction(data.cx.hi[0])) for v in x)
            if zeros != data.n - k:
                return False
    return True


def _degenerate(rng: random.Random) -> Network:
    """Three first-layer lines through one point, or two parallel first-layer rows (not generic)."""
    if rng.random() < 0.5:
        p = vector(rng, 2, height=2)
        rows = matrix(rng, 3, 2, nonzero=True)
        W1 = [list(r) for r in rows]
        b1 = [-(r[0] * p[0] + r[1] * p[1]) for r in rows]
    else:
        r = vector(rng, 2, nonzero=True)
        W1 = [list(r), [2 * v for v in r], list(vector(rng, 2, nonzero=True))]
        b1 = list(vector(rng, 3))
    return Network(2, [(W1, b1), layers(rng, [3, 2])[0], layers(rng, [2, 1])[0]])


def _generic(net: Network) -> bool:
    data = complex_data(net)
    return data is not None and supertransversal(data) and masked_products_full_rank(net)


def check_generic_dense(rng: random.Random) -> Counterexample | None:
    """Lemma 9 (dense): a degenerate parameter is not generic; a small random perturbation of it is.

    The perturbation has size ``<= 1/1000``; both conditions of Def. 8 are decided exactly.
    """
    net = _degenerate(rng)
    if _generic(net):
        return Counterexample("a degenerate parameter passed as generic", {})
    for _ in range(5):
        perturbed = Network(2, [([[v + Fraction(rng.randint(-1000, 1000), 10 ** 6) for v in row] for row in l.weight],
                                 [v + Fraction(rng.randint(-1000, 1000), 10 ** 6) for v in l.bias])
                                for l in net.layers])
        if _generic(perturbed):
            return None
    return Counterexample("no small perturbation of a degenerate parameter is generic", {})


register(Claim(
    id="004.def8.genericity",
    source="004_d6e0d95e628c03e7.txt Def. 8 and Lemma 9",
    statement="Def. 8 as a checked property (supertransversality on a box: every face's interior point lies on exactly "
              "codim-many hyperplanes; every masked product Q_(S_l) W_l ... Q_(S_1) W_1 has rank min(n_0, |S_1|, ..., "
              "|S_l|)) rejects parameters with "
              "three concurrent first-layer lines or parallel rows, and a random perturbation of size <= 1/1000 of "
              "them is generic (the generic set is dense, Lemma 9)",
    check=check_generic_dense,
    examples=10,
))


# ------------------------------------------------------------------------------ Prop. 10
Support = dict[tuple[Fraction, ...], list[tuple[Fraction, Fraction, str]]]


def breakpoint_support(data: ComplexData) -> Support:
    """The weighted breakpoint set in the plane, as a function of the function alone.

    Per line ``a x + b y = c`` (normalised), the maximal closed intervals (parametrised along the
    line) covered by facets with a non-zero jump, merged while the jump (oriented by the line's
    normal ``(a, b)``) stays the same.
    """
    assert data.n == 2
    lines: dict[tuple[Fraction, ...], list[tuple[Fraction, Fraction, str]]] = {}
    for number, w in data.weights.items():
        jump = data.jump(number)
        if not any(v for row in jump for v in row):
            continue
        p, q = (data.cx.exact_vertex(v) for v in data.facets[number].vertices)
        a, b = q[1] - p[1], p[0] - q[0]
        scale = a if a != 0 else b
        a, b = a / scale, b / scale
        if a * w.normal[0] + b * w.normal[1] < 0:      # orient the jump by the line's normal
            jump = [[-v for v in row] for row in jump]
        coordinate = 1 if a != 0 else 0
        lo, hi = sorted((p[coordinate], q[coordinate]))
        lines.setdefault((a, b, a * p[0] + b * p[1]), []).append((lo, hi, str(jump)))
    merged: Support = {}
    for key, intervals in lines.items():
        intervals.sort()
        out = [intervals[0]]
        for lo, hi, label in intervals[1:]:
            if lo == out[-1][1] and label == out[-1][2]:
                out[-1] = (out[-1][0], hi, label)
            else:
                out.append((lo, hi, label))
        merged[key] = out
    return merged


def verify_breakpoints_of_function(first: ComplexData, second: ComplexData) -> Counterexample | None:
    """Prop. 10: two generic parameters of one function have one weighted breakpoint set."""
    if breakpoint_support(first) != breakpoint_support(second):
        return Counterexample("two generic parameters of one function have different breakpoint sets", {})
    return None


def check_breakpoints_of_function(rng: random.Random) -> Counterexample | None:
    """The second parameter moves the hidden hyperplane (eq. 3): its canonical complex differs."""
    from fibers.symmetries import admissible_translations, translate
    from proofs_check.generate import bottleneck

    while True:
        n1 = 2   # a bottleneck: n1 <= n0 = 2
        net = bottleneck(rng, 2, n1, rng.randint(2, 3), 1, hide=rng.randrange(n1))
        hidden = next(i for i in range(n1) if all(row[i] > 0 for row in net.layers[1].weight))
        t = admissible_translations(net, hidden) + Fraction(rng.randint(1, 8), 4)
        first, second = complex_data(net), complex_data(translate(net, hidden, t))
        if first is None or second is None or not (_generic(net) and _generic(second.net)):
            continue
        vertices = [{d.cx.exact_vertex(v) for v in range(len(d.cx.faces(0)))} for d in (first, second)]
        if vertices[0] != vertices[1]:    # the canonical complexes differ
            return verify_breakpoints_of_function(first, second)


register(Claim(
    id="004.prop10.breakpoints-of-function",
    source="004_d6e0d95e628c03e7.txt Prop. 10 (Grillo and Montufar)",
    statement="Two generic parameters with the same function have the same breakpoint set with the same weights, "
              "though their canonical complexes differ: a hiding bottleneck parameter and its translate along the "
              "hidden hyperplane (eq. 3), compared line by line as merged exact intervals with their jumps",
    check=check_breakpoints_of_function,
    examples=8,
))


# ------------------------------------------------------------------------------ Lemma E.1
def _normal_of(points: Sequence[Point]) -> list[Fraction]:
    """A normal vector of the affine hull of a facet's vertices (dimension 2 or 3), exactly."""
    d = [[a - b for a, b in zip(p, points[0])] for p in points[1:]]
    if len(points[0]) == 2:
        u = next(v for v in d if any(v))
        return [-u[1], u[0]]
    for u, v in itertools.combinations(d, 2):
        n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
        if any(n):
            return n
    raise AssertionError("a facet with collinear vertices")


def _parallel(n: Sequence[Fraction], m: Sequence[Fraction]) -> bool:
    return rank([list(n), list(m)]) == 1


def verify_parallel_facets(data: ComplexData) -> Counterexample | None:
    """Lemma E.1 on the second-layer facets of a generic bottleneck parameter (plain geometry).

    (1) A facet of neuron ``(2, k)`` in the first-layer region with active set ``S`` is parallel to
    first-layer hyperplane ``i`` iff ``S = {i}``. (2) Two such facets with different affine hulls are
    parallel iff both lie in the region where only one neuron ``i`` is active.
    """
    n = data.n
    W1 = data.net.layers[0].weight
    n1 = len(W1)
    facets = []
    for number, f in enumerate(data.facets):
        zero = f.signs.index("0")
        if zero < 2 * n or data.cx.neurons[zero - 2 * n][0] != 2:
            continue
        first = [h for h, (l, _) in enumerate(data.cx.neurons) if l == 1]
        active = frozenset(data.cx.neurons[h][1] for h in first if f.signs[2 * n + h] == "+")
        vertices = [data.cx.exact_vertex(v) for v in f.vertices]
        normal = _normal_of(vertices)
        offset = sum((a * b for a, b in zip(normal, vertices[0])), Fraction(0))
        facets.append((number, active, normal, offset))
        for i in range(n1):
            if _parallel(normal, W1[i]) != (active == {i}):
                return Counterexample("Lemma E.1 (1): a second-layer facet's parallelism to a first-layer "
                                      "hyperplane does not match its region", {"facet": f.signs, "i": i})
    for (a, sa, na, ca), (b, sb, nb, cb) in itertools.combinations(facets, 2):
        same_hull = _parallel(na, nb) and rank([list(na) + [ca], list(nb) + [cb]]) == 1
        if same_hull:
            continue
        single = sa == sb and len(sa) == 1
        if _parallel(na, nb) != single:
            return Counterexample("Lemma E.1 (2): parallel second-layer facets outside a one-neuron region "
                                  "(or the converse)", {"facets": [data.facets[a].signs, data.facets[b].signs]})
    return None


def check_parallel_facets(rng: random.Random) -> Counterexample | None:
    from proofs_check.generate import bottleneck

    while True:
        n0 = rng.choice([2, 2, 3])
        net = bottleneck(rng, n0, rng.randint(2, n0), rng.randint(2, 3), 1)
        data = complex_data(net, (-6, 6))
        if data is not None:
            return verify_parallel_facets(data)


register(Claim(
    id="004.lemmaE1.parallel-facets",
    source="004_d6e0d95e628c03e7.txt Lemma E.1",
    statement="Reconstructed: for a generic bottleneck parameter, a second-layer facet in the first-layer region with "
              "active set S is parallel to first-layer hyperplane i iff S = {i}, and two second-layer facets (distinct "
              "affine hulls) are parallel iff they lie in one region where a single first-layer neuron is active "
              "(exact normals from the complex's vertices, on [-6, 6]^n0)",
    check=check_parallel_facets,
    examples=10,
))


# ------------------------------------------------------------------------------ Def. 2, the hyperplane representation
def hyperplane_representation(net: Network, reference: Sequence[Fraction]
                              ) -> tuple[tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], ...], str]:
    """Def. 2 for a one-hidden-layer network on ``R^n0`` (plain): weighted hyperplanes and one affine map.

    Each neuron with ``W1[i] != 0`` lies on the hyperplane ``a . x + c = 0`` scaled so the first
    non-zero entry of ``a`` is ``1``; ``W1[i] = s a`` and the gradient jumps by ``s W2[:, i] a^T``
    from ``a . x + c < 0`` to ``> 0``: the hyperplane's weight is the sum of ``s W2[:, i]`` over its
    neurons (zero weights dropped). The affine map is the network's on the breakpoint region of
    ``reference`` (a point on no neuron's hyperplane).
    """
    (W1, b1), (W2, b2) = [(layer.weight, layer.bias) for layer in net.layers]
    weights: dict[tuple[Fraction, ...], list[Fraction]] = {}
    linear = [[Fraction(0)] * net.input_dim for _ in W2]
    offset = list(b2)
    for i, (row, c) in enumerate(zip(W1, b1)):
        column = [r[i] for r in W2]
        if not any(row):
            for o in range(len(W2)):
                offset[o] += column[o] * max(c, Fraction(0))
            continue
        s = next(v for v in row if v != 0)
        key = tuple(v / s for v in row) + (c / s,)
        total = weights.setdefault(key, [Fraction(0)] * len(W2))
        for o in range(len(W2)):
            total[o] += s * column[o]
        z = sum((a * x for a, x in zip(row, reference)), Fraction(0)) + c
        assert z != 0, "the reference point lies on a neuron's hyperplane"
        if z > 0:
            for o in range(len(W2)):
                linear[o] = [u + column[o] * a for u, a in zip(linear[o], row)]
                offset[o] += column[o] * c
    arrangement = tuple(sorted((key, tuple(w)) for key, w in weights.items() if any(w)))
    return arrangement, str((linear, offset))


def _equivalent_variant(rng: random.Random, net: Network) -> Network:
    """Same function: permute, rescale positively, split a neuron in two, add a neuron with zero output weight."""
    (W1, b1), (W2, b2) = [([list(r) for r in layer.weight], list(layer.bias)) for layer in net.layers]
    i = rng.randrange(len(W1))
    part = Fraction(rng.randint(1, 4), 5)
    W1.append(list(W1[i]))
    b1.append(b1[i])
    for r in W2:
        r.append(r[i] * (1 - part))
        r[i] *= part
    W1.append(list(vector(rng, net.input_dim, nonzero=True)))
    b1.append(Fraction(rng.randint(-3, 3)))
    for r in W2:
        r.append(Fraction(0))
    order = list(range(len(W1)))
    rng.shuffle(order)
    scales = [Fraction(rng.randint(1, 5), rng.randint(1, 5)) for _ in order]
    W1n = [[v * scales[k] for v in W1[j]] for k, j in enumerate(order)]
    b1n = [b1[j] * scales[k] for k, j in enumerate(order)]
    W2n = [[r[j] / scales[k] for k, j in enumerate(order)] for r in W2]
    return Network(net.input_dim, [(W1n, b1n), (W2n, b2)])


def verify_representation(a: Network, b: Network, reference: Sequence[Fraction]) -> Counterexample | None:
    """Equal representations iff equal functions (the exhaustive decider on ``R^n0`` decides the latter)."""
    from fibers.equivalence import decide_equivalence

    same_rep = hyperplane_representation(a, reference) == hyperplane_representation(b, reference)
    same_function = decide_equivalence(a, b, method="exhaustive").equivalent
    if same_rep != same_function:
        return Counterexample("the hyperplane representations and the functions disagree",
                              {"same_representation": same_rep, "same_function": same_function})
    return None


def check_representation(rng: random.Random) -> Counterexample | None:
    n0 = rng.randint(1, 2)
    net = Network(n0, layers(rng, [n0, rng.randint(1, 3), rng.randint(1, 2)]))
    while True:
        reference = vector(rng, n0, height=20, denominator=7)
        if all(sum((a * x for a, x in zip(r, reference)), Fraction(0)) + c != 0
               for r, c in zip(net.layers[0].weight, net.layers[0].bias)):
            break
    other = _equivalent_variant(rng, net)
    if any(sum((a * x for a, x in zip(r, reference)), Fraction(0)) + c == 0
           for r, c in zip(other.layers[0].weight, other.layers[0].bias)):
        return None
    found = verify_representation(net, other, reference)
    if found is not None:
        return found
    (W1, b1), (W2, b2) = [(layer.weight, layer.bias) for layer in other.layers]
    changed = [list(r) for r in W2]
    changed[0][rng.randrange(len(changed[0]))] += Fraction(rng.choice([-1, 1]), rng.randint(1, 3))
    return verify_representation(net, Network(n0, [(W1, b1), (changed, b2)]), reference)


register(Claim(
    id="004.lemma.hyperplane-representation",
    source="004_d6e0d95e628c03e7.txt Def. 2 and the hyperplane-representation lemma (section 4.1, C.1)",
    statement="Reconstructed: a one-hidden-layer network on R^n0 is determined by its weighted breakpoint arrangement "
              "(each hyperplane a . x + c = 0, first entry of a equal to 1, with weight sum_i s_i W2[:, i] over its "
              "neurons W1[i] = s_i a) and its affine map on one region: equal representations iff equal functions, on "
              "permuted, rescaled, split and padded variants (equal) and output-perturbed ones (different), decided by "
              "the exhaustive equivalence decider",
    check=check_representation,
    examples=15,
))


# ------------------------------------------------------------------------------ Lemma 16 (honest)
def _collinear_facets(data: ComplexData, a: int, b: int) -> bool:
    """Whether two facets have the same affine hull (exact vertices)."""
    points = [data.cx.exact_vertex(v) for f in (a, b) for v in data.facets[f].vertices]
    base = points[0]
    return rank([[p - q for p, q in zip(x, base)] for x in points[1:]]) == data.n - 1


def verify_honest(data: ComplexData) -> Counterexample | None:
    """Lemma 16 (honesty, Def. 14): every ridge on bent hyperplanes of two different layers bends.

    At such a ridge, some facet's partner (the other facet of the same neuron at the ridge) has a
    different affine hull or a different jump (Def. 12, reconstructed).
    """
    n = data.n
    facet_index = {f.signs: i for i, f in enumerate(data.facets)}
    for ridge in data.cx.faces(n - 2):
        zeros = [h for h, s in enumerate(ridge.signs) if s == "0"]
        if min(zeros) < 2 * n or len({data.cx.neurons[h - 2 * n][0] for h in zeros}) == 1:
            continue
        bending = False
        for keep in zeros:
            free = next(h for h in zeros if h != keep)
            pair = [facet_index[ridge.signs[:free] + s + ridge.signs[free + 1:]] for s in "+-"]
            if not _collinear_facets(data, *pair) or data.jump(pair[0]) != data.jump(pair[1]):
                bending = True
        if not bending:
            return Counterexample("a ridge of two layers does not bend (the parameter is not honest)",
                                  {"ridge": ridge.signs})
    return None


def check_honest(rng: random.Random) -> Counterexample | None:
    while True:
        data = _generic_data(rng, [(2, 3, 2, 1), (2, 2, 3, 1), (2, 2, 2, 2, 1), (3, 2, 2, 1)])
        if _generic(data.net):
            return verify_honest(data)


register(Claim(
    id="004.lemma16.honest",
    source="004_d6e0d95e628c03e7.txt Lemma 16 (Defs. 12 and 14)",
    statement="Generic parameters (Def. 8, decided exactly) are honest: every ridge lying on bent hyperplanes of two "
              "different layers is bending, i.e. some facet at it and the other facet of the same neuron there differ "
              "in affine hull or in weight (plain Jacobian jumps, exact vertices)",
    check=check_honest,
    examples=10,
))


# ------------------------------------------------------------------------------ Lemma 34
def verify_hidden_meets(net: Network, i: int) -> Counterexample | None:
    """Lemma 34 (reconstructed) for every second-layer neuron and every face of the first-layer arrangement.

    If neuron ``k`` hides hyperplane ``i``, its bent hyperplane meets the relative interior of a face
    ``F`` iff neuron ``i`` is active on ``F``. Decided by exact LPs: ``0`` lies in the relative
    interior of the image interval of ``z_k`` on ``F``.
    """
    W1, b1 = net.layers[0].weight, net.layers[0].bias
    W2, b2 = net.layers[1].weight, net.layers[1].bias
    n0, n1 = net.input_dim, len(W1)
    for signs in itertools.product("+-0", repeat=n1):
        A = [[-v for v in W1[j]] if s == "+" else list(W1[j]) for j, s in enumerate(signs) if s != "0"]
        bounds = [b1[j] if s == "+" else -b1[j] for j, s in enumerate(signs) if s != "0"]
        E = [list(W1[j]) for j, s in enumerate(signs) if s == "0"]
        f = [-b1[j] for j, s in enumerate(signs) if s == "0"]
        face = Polyhedron(n0, A, bounds, E, f)
        for k in range(len(W2)):
            active = [j for j, s in enumerate(signs) if s == "+"]
            objective = [sum((W2[k][j] * W1[j][c] for j in active), Fraction(0)) for c in range(n0)]
            constant = b2[k] + sum((W2[k][j] * b1[j] for j in active), Fraction(0))
            high, low = face.maximize(objective), face.minimize(objective)
            top = None if high.status == "unbounded" else high.value + constant  # type: ignore[operator]
            bottom = None if low.status == "unbounded" else low.value + constant  # type: ignore[operator]
            if top is not None and bottom is not None and top == bottom:
                meets = top == 0
            else:
                meets = (bottom is None or bottom < 0) and (top is None or top > 0)
            if meets != (signs[i] == "+"):
                return Counterexample("a hiding neuron's bent hyperplane meets a face iff the hidden neuron is active "
                                      "fails", {"face": "".join(signs), "neuron": k, "meets": meets})
    return None


def check_hidden_meets(rng: random.Random) -> Counterexample | None:
    from proofs_check.generate import bottleneck

    n0 = rng.randint(2, 3)
    n1 = rng.randint(2, n0)
    i = rng.randrange(n1)
    return verify_hidden_meets(bottleneck(rng, n0, n1, rng.randint(1, 3), 1, hide=i), i)


register(Claim(
    id="004.lemma34.hidden-meets-active",
    source="004_d6e0d95e628c03e7.txt Lemma 34",
    statement="Reconstructed: if second-layer neuron k hides first-layer hyperplane i (W2[k, i] > 0, W2[k, j] < 0 "
              "otherwise, b2[k] < 0), its bent hyperplane meets the relative interior of a face F of the first-layer "
              "arrangement iff neuron i is active on F (all 3^n1 faces of R^n0, exact LPs)",
    check=check_hidden_meets,
    examples=15,
))


# ------------------------------------------------------------------------------ Lemma 19
Intervals = dict[tuple[Fraction, ...], list[tuple[Fraction, Fraction]]]


def _unweighted(support: Support) -> Intervals:
    """Per line, the maximal closed intervals of the support (jumps forgotten, touching intervals merged)."""
    out: Intervals = {}
    for key, pieces in support.items():
        merged: list[tuple[Fraction, Fraction]] = []
        for lo, hi, _ in sorted(pieces):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        out[key] = merged
    return out


def _minus(pieces: list[tuple[Fraction, Fraction]], removed: list[tuple[Fraction, Fraction]]
           ) -> list[tuple[Fraction, Fraction]]:
    """Closed intervals minus closed intervals, kept as closures of what is left (points dropped)."""
    out = []
    for lo, hi in pieces:
        start = lo
        for a, b in sorted(removed):
            if b <= start or a >= hi:
                continue
            if a > start:
                out.append((start, a))
            start = max(start, b)
        if start < hi:
            out.append((start, hi))
    return out


def _covered(pieces: list[tuple[Fraction, Fraction]], cover: list[tuple[Fraction, Fraction]]) -> bool:
    return all(any(a <= lo and hi <= b for a, b in cover) for lo, hi in pieces)


def sum_network(f: Network, g: Network) -> Network:
    """``f + g`` for networks of equal depth and output size: hidden layers side by side."""
    layers_: list[tuple[list[list[Fraction]], list[Fraction]]] = []
    for l, (lf, lg) in enumerate(zip(f.layers, g.layers)):
        if l == 0:
            layers_.append(([list(r) for r in lf.weight] + [list(r) for r in lg.weight],
                            list(lf.bias) + list(lg.bias)))
        elif l < f.depth - 1:
            wf, wg = len(lf.weight[0]), len(lg.weight[0])
            rows = [list(r) + [Fraction(0)] * wg for r in lf.weight] + [[Fraction(0)] * wf + list(r) for r in lg.weight]
            layers_.append((rows, list(lf.bias) + list(lg.bias)))
        else:
            rows = [list(a) + list(b) for a, b in zip(lf.weight, lg.weight)]
            layers_.append((rows, [a + b for a, b in zip(lf.bias, lg.bias)]))
    return Network(f.input_dim, layers_)


def verify_sum_breakpoints(f: ComplexData, g: ComplexData, h: ComplexData) -> Counterexample | None:
    """Lemma 19 in the plane for ``h = f + g``.

    The breakpoints of ``f`` off those of ``g`` (up to finitely many points: the codimension-2
    intersections) are breakpoints of ``h``, and ``BP(h) <= BP(f) u BP(g)``.
    """
    bf, bg, bh = (_unweighted(breakpoint_support(d)) for d in (f, g, h))
    for key, pieces in bf.items():
        if not _covered(_minus(pieces, bg.get(key, [])), bh.get(key, [])):
            return Counterexample("a breakpoint of f away from g's is not a breakpoint of f + g", {"line": str(key)})
    for key, pieces in bh.items():
        if not _covered(pieces, _unweighted({key: [(a, b, "") for a, b in bf.get(key, []) + bg.get(key, [])]})
                        .get(key, [])):
            return Counterexample("a breakpoint of f + g is a breakpoint of neither f nor g", {"line": str(key)})
    return None


def check_sum_breakpoints(rng: random.Random) -> Counterexample | None:
    while True:
        sizes = rng.choice([(2, 2, 1), (2, 3, 1), (2, 2, 2, 1)])
        f, g = _random_net(rng, sizes), _random_net(rng, sizes)
        h = sum_network(f, g)
        for _ in range(3):
            x = vector(rng, 2)
            if h.evaluate(x)[0] != f.evaluate(x)[0] + g.evaluate(x)[0]:
                return Counterexample("the sum network is not f + g", {"x": json_vector(x)})
        data = [complex_data(n) for n in (f, g, h)]
        if all(d is not None for d in data):
            return verify_sum_breakpoints(*data)  # type: ignore[arg-type]


register(Claim(
    id="004.lemma19.sum-breakpoints",
    source="004_d6e0d95e628c03e7.txt Lemma 19",
    statement="Reconstructed: for CPWL f, g, the part of the breakpoint set of f not in that of g (a pure "
              "codimension-1 set meeting BP(g) in codimension 2) lies in the breakpoint set of f + g, and BP(f + g) "
              "lies in BP(f) u BP(g): random planar networks and their sum, breakpoint sets as exact merged intervals "
              "per line",
    check=check_sum_breakpoints,
    examples=10,
))


# ------------------------------------------------------------------------------ Def. 3 (hidden means invisible)
def verify_hidden_invisible(data: ComplexData, hidden: int) -> Counterexample | None:
    """Def. 3 and section 5: a first-layer hyperplane hidden by the whole second layer is no breakpoint.

    Every facet of the canonical complex on it has a zero jump (plain Jacobians).
    """
    zero_everywhere: dict[int, bool] = {}
    for number in data.weights:
        layer, neuron = _facet_neuron(data, number)
        if layer != 1:
            continue
        jump_zero = not any(v for row in data.jump(number) for v in row)
        zero_everywhere[neuron] = zero_everywhere.get(neuron, True) and jump_zero
    if not zero_everywhere.get(hidden, True):
        return Counterexample("a facet of the hidden hyperplane carries a breakpoint", {"hyperplane": hidden})
    return None


def check_hidden_invisible(rng: random.Random) -> Counterexample | None:
    from proofs_check.generate import bottleneck

    while True:
        n0 = rng.choice([2, 3])
        n1 = rng.randint(2, n0)
        i = rng.randrange(n1)
        data = complex_data(bottleneck(rng, n0, n1, rng.randint(1, 3), 1, hide=i), (-6, 6))
        if data is not None and any(_facet_neuron(data, f) == (1, i) for f in data.weights):
            return verify_hidden_invisible(data, i)


register(Claim(
    id="004.def3.hidden-invisible",
    source="004_d6e0d95e628c03e7.txt Def. 3 and section 5 (hidden hyperplanes)",
    statement="A first-layer hyperplane hidden by every second-layer neuron (W2[k, i] > 0, W2[k, j] < 0 otherwise, "
              "b2 < 0) is not a breakpoint: every facet of the canonical complex on it has a zero gradient jump "
              "(plain Jacobians on [-6, 6]^n0)",
    check=check_hidden_invisible,
    examples=10,
))


# ------------------------------------------------------------------------------ section 3, item 2
def complex_geometry(data: ComplexData) -> tuple[frozenset[Point], frozenset[frozenset[Point]]]:
    """The complex as exact geometry: its vertices and its edges (as pairs of exact end points)."""
    vertices = [data.cx.exact_vertex(v) for v in range(len(data.cx.faces(0)))]
    edges = frozenset(frozenset(vertices[v] for v in f.vertices) for f in data.cx.faces(1))
    return frozenset(vertices), edges


def verify_rigid_complex(first: ComplexData, second: ComplexData, anchored: bool) -> Counterexample | None:
    """Item 2: with every first-layer hyperplane anchored, two parameters of one function share a complex.

    With a hidden hyperplane, the translation moves it (the hypothesis is needed).
    """
    same = complex_geometry(first) == complex_geometry(second)
    if anchored and not same:
        return Counterexample("two parameters of one function with anchored hyperplanes have different complexes",
                              {})
    if not anchored and same:
        return Counterexample("translating a hidden hyperplane left the canonical complex unchanged", {})
    return None


def _anchored(data: ComplexData, n1: int) -> bool:
    """Every first-layer hyperplane bends the function somewhere in the box (a facet on it with a non-zero jump)."""
    return all(any(_facet_neuron(data, f) == (1, i) and any(v for row in data.jump(f) for v in row)
                   for f in data.weights) for i in range(n1))


def check_rigid_complex(rng: random.Random) -> Counterexample | None:
    """Item 2 on fiber members that are not symmetries: a dead or a linear second-layer neuron's move.

    A parameter meeting Theorem 5's condition 1 (a second-layer neuron never active) or 2 (one
    always active) has equivalent parameters that are not permutations and scalings: the dead
    neuron's outgoing weights changed, or the linear neuron's bias traded against the output
    bias (:func:`proofs_check.generate.fiber_member`, decided equivalent exactly here). With
    every first-layer hyperplane anchored, item 2 says both have one canonical complex. With a
    hidden hyperplane, translating it moves the complex (the hypothesis is needed).
    """
    from fibers.equivalence import decide_equivalence
    from fibers.symmetries import admissible_translations, related, translate
    from proofs_check.generate import bottleneck, fiber_member

    hide = rng.random() < 0.3
    while True:
        net = bottleneck(rng, 2, 2, rng.randint(2, 3), 1, hide=0 if hide else None)
        if hide:
            t = admissible_translations(net, 0) + Fraction(rng.randint(1, 8), 4)
            other = translate(net, 0, t if t != 0 else t + 1)       # t = 0 would be no move at all
        else:
            condition, k = rng.choice([1, 2]), rng.randrange(len(net.layers[1].weight))
            sign = -1 if condition == 1 else 1
            (W1, b1), (W2, b2), (W3, b3) = [(layer.weight, layer.bias) for layer in net.layers]
            W2 = tuple(tuple(sign * abs(v) for v in row) if r == k else row for r, row in enumerate(W2))
            b2 = tuple(sign * abs(v) if r == k else v for r, v in enumerate(b2))
            net = Network(2, [(W1, b1), (W2, b2), (W3, b3)])
            other = fiber_member(net, condition, k, rng)
            if related(net, other) is not None or not decide_equivalence(net, other, method="exhaustive").equivalent:
                return Counterexample("the condition's move did not give an unrelated parameter of the same function",
                                      {"condition": condition})
        first, second = complex_data(net, (-6, 6)), complex_data(other, (-6, 6))
        if first is None or second is None:
            continue
        if hide and not any(_facet_neuron(first, f) == (1, 0) for f in first.weights):
            continue      # the hidden hyperplane misses the box: nothing to move
        if not hide and not _anchored(first, 2):
            continue      # item 2 needs every first-layer hyperplane anchored in the box
        return verify_rigid_complex(first, second, anchored=not hide)


register(Claim(
    id="004.thm.visibility-rigidity",
    source="004_d6e0d95e628c03e7.txt section 3 (visibility theorem, item 2), B.6",
    statement="Item 2 on fiber members that are not symmetries: a bottleneck parameter with every first-layer "
              "hyperplane anchored (a facet on it with a non-zero jump, on [-6, 6]^2) and a dead or an always-active "
              "second-layer neuron, against the parameter its move gives (outgoing weights changed, or bias traded "
              "against the output bias; decided equivalent and unrelated exactly): the canonical complexes are the "
              "same (exact vertices and edges); for a hiding one, translating the hidden "
              "hyperplane changes the complex, so the anchoring hypothesis is needed (that no other parameters "
              "exist is Theorem 5's, checked by 004.thm5.functional-dimension)",
    check=check_rigid_complex,
    examples=10,
))

"""Claims of ``004`` (fibers of three-layer bottleneck networks), checked exactly.

Equal functions are decided by the exhaustive decider (regions of the joint network), which
does not use the symmetries under test; relations by permutation and scaling by canonical forms.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exact import linalg
from exact.errors import NotDifferentiableError
from exact.network import Network
from exact.numbers import Matrix, Vector
from exact.polyhedron import Polyhedron
from fibers.equivalence import decide_equivalence
from fibers.identifiability import genericity, identifiability, theorem5_conditions
from fibers.symmetries import (
    Permutation,
    Scaling,
    admissible_translations,
    apply_steps,
    flip,
    flip_matrix,
    normalize_for_flip,
    related,
    translate,
)
from proofs_check.generate import bottleneck, fiber_member, json_matrix, json_vector, rational
from proofs_check.registry import Claim, Counterexample, register

SOURCE = "004_d6e0d95e628c03e7.txt"


def _same_function(a: Network, b: Network) -> Counterexample | None:
    result = decide_equivalence(a, b, method="exhaustive")
    if result.equivalent:
        return None
    assert result.witness is not None
    return Counterexample("the two parameters compute different functions",
                          {"x": json_vector(result.witness), "a": json_vector(a.evaluate(result.witness)),
                           "b": json_vector(b.evaluate(result.witness)),
                           "W1": json_matrix(a.layers[0].weight), "W2": json_matrix(a.layers[1].weight)})


def _sizes(rng: random.Random, n2: int | None = None) -> tuple[int, int, int, int]:
    n0 = rng.randint(2, 3)
    return n0, rng.randint(2, n0), (n2 if n2 is not None else rng.randint(1, 3)), rng.randint(1, 2)


# ------------------------------------------------------------------------------ translation, flip, group law
def check_translation(rng: random.Random) -> Counterexample | None:
    """Lemma (eq. 3): translating a hidden hyperplane by an admissible ``t`` keeps the function."""
    n0, n1, n2, n3 = _sizes(rng)
    i = rng.randrange(n1)
    net = bottleneck(rng, n0, n1, n2, n3, hide=i)
    t = admissible_translations(net, i) + Fraction(rng.randint(0, 12), rng.randint(1, 4))
    return _same_function(net, translate(net, i, t))


def check_flip(rng: random.Random) -> Counterexample | None:
    """Prop. (flip): ``M_S [W1 | b1]`` on a normalised hiding parameter with ``n2 = 1`` keeps the function."""
    n0, n1, _, n3 = _sizes(rng, n2=1)
    i = rng.randrange(n1)
    net, _ = normalize_for_flip(bottleneck(rng, n0, n1, 1, n3, hide=i), i)
    subset = [j for j in range(n1) if j != i and rng.random() < 0.6]
    return _same_function(net, flip(net, i, subset))


def check_flip_group(rng: random.Random) -> Counterexample | None:
    """``M_S M_T = M_{S xor T}``, ``M_{} = I``, and the ``2^(n1-1)`` matrices are distinct: ``(Z/2)^(n1-1)``."""
    n1 = rng.randint(2, 5)
    i = rng.randrange(n1)
    others = [j for j in range(n1) if j != i]
    subsets = [S for r in range(n1) for S in itertools.combinations(others, r)]
    mats = {S: flip_matrix(n1, i, S) for S in subsets}
    if mats[()] != linalg.identity(n1) or len(set(mats.values())) != 2 ** (n1 - 1):
        return Counterexample("M_{} is not I or two subsets give the same matrix", {"n1": n1, "i": i})
    for S in subsets:
        for T in subsets:
            xor = tuple(sorted(set(S) ^ set(T)))
            if linalg.matmul(mats[S], mats[T]) != mats[xor]:
                return Counterexample("M_S M_T != M_{S xor T}", {"n1": n1, "i": i, "S": list(S), "T": list(T)})
    return None


register(Claim(
    id="004.lemma.translation",
    source=f"{SOURCE} Lemma (translating a hidden hyperplane), eq. 3",
    statement="If the second layer hides first-layer hyperplane i, then b1[i] + t, b2 - t W2[:, i] computes the "
              "same function for every t >= max_k b2[k] / W2[k, i] (checked on all of R^n0 by the exhaustive decider)",
    check=check_translation,
    examples=12,
))
register(Claim(
    id="004.prop.flip",
    source=f"{SOURCE} Prop. (flipping a hidden hyperplane), section 5",
    statement="For a normalised parameter with n2 = 1 hiding i and any S in [n1] minus {i}, M_S [W1 | b1] computes "
              "the same function (exhaustive decider)",
    check=check_flip,
    examples=12,
))
register(Claim(
    id="004.flip.group-law",
    source=f"{SOURCE} section 5 (the matrices M_S)",
    statement="M_S M_T = M_{S xor T}; the M_S form a group isomorphic to (Z/2)^(n1-1)",
    check=check_flip_group,
    examples=10,
))


# ------------------------------------------------------------------------------ Theorem 5
def _with_condition(rng: random.Random, condition: int) -> tuple[Network, int]:
    n0, n1, n2, n3 = _sizes(rng)
    if condition == 3:
        i = rng.randrange(n1)
        return bottleneck(rng, n0, n1, n2, n3, hide=i), i
    net = bottleneck(rng, n0, n1, n2, n3)
    k = rng.randrange(n2)
    sign = -1 if condition == 1 else 1
    (W1, b1), (W2, b2), layer3 = [(layer.weight, layer.bias) for layer in net.layers]
    W2 = tuple(tuple(sign * abs(v) for v in row) if r == k else row for r, row in enumerate(W2))
    b2 = tuple(sign * abs(v) if r == k else v for r, v in enumerate(b2))
    return Network(n0, [(W1, b1), (W2, b2), layer3]), k


def check_theorem5(rng: random.Random, condition: int) -> Counterexample | None:
    """Theorem 5, one condition per case (0: none).

    Each condition gives a second parameter with the same function not related by permutation
    and scaling; with none, every parameter decided equivalent is related.
    """
    if condition:
        net, index = _with_condition(rng, condition)
        if not any(c.number == condition for c in theorem5_conditions(net)):
            return Counterexample(f"condition {condition} was built but is not reported", {})
        other = fiber_member(net, condition, index, rng)
        if (bad := _same_function(net, other)) is not None:
            return bad
        if related(net, other) is not None:
            return Counterexample(f"condition {condition}: the alternative parameter is related by permutation "
                                  "and scaling", {})
        return None
    from proofs_check.claims_complex import masked_products_full_rank
    from proofs_check.claims_dimension import conditions

    n0, n1, n2, n3 = _sizes(rng)
    while True:   # none of the conditions, read off the signs; masked products of full rank (plain, Def. 8)
        net = bottleneck(rng, n0, n1, n2, n3)
        if not conditions(net) and masked_products_full_rank(net):
            break
    return verify_no_other_members(net, rng)


def verify_no_other_members(net: Network, rng: random.Random) -> Counterexample | None:
    """Every move of :func:`fiber_search` that the exhaustive decider finds equivalent is related to ``net``."""
    for move, cand in fiber_search(net, rng):
        if decide_equivalence(net, cand, method="exhaustive").equivalent and related(net, cand) is None:
            return Counterexample("an identifiable generic parameter has an equivalent parameter that is not "
                                  "related by permutation and scaling", {"move": move,
                                                                         "W2": json_matrix(net.layers[1].weight)})
    return None


def fiber_search(net: Network, rng: random.Random) -> list[tuple[str, Network]]:
    """Parameters that might compute the same function: every move of Theorem 5's fibers, applied everywhere.

    The moves are written out here, without their preconditions: a translation of each first-layer
    hyperplane (``b1[i] += t``, ``b2 -= t W2[:, i]``, eq. 3), the flip of each first-layer neuron
    against each other one (``[W1 | b1] -> M_S [W1 | b1]`` after scaling layer 1 to ``|W2|``),
    a change of each second-layer neuron's outgoing weights (what a dead neuron allows), a trade of
    its bias against the output bias (what a linear neuron allows), each at a few sizes, and a
    random permutation and scaling of each layer (related by construction). Theorem 5 says that
    for a parameter meeting none of its conditions none of the moves is equivalent and unrelated.
    """
    (W1, b1), (W2, b2), (W3, b3) = [([list(r) for r in layer.weight], list(layer.bias)) for layer in net.layers]
    n0, n1, n2 = net.input_dim, len(W1), len(W2)
    sizes = [Fraction(rng.randint(1, 6), 2), Fraction(-rng.randint(1, 6), 2)]

    def build(w1: Any = W1, c1: Any = b1, w2: Any = W2, c2: Any = b2, w3: Any = W3, c3: Any = b3) -> Network:
        return Network(n0, [(w1, c1), (w2, c2), (w3, c3)])

    out: list[tuple[str, Network]] = []
    for layer in (1, 2):
        order = list(range(net.widths[layer]))
        rng.shuffle(order)
        out.append((f"permute and scale layer {layer}", apply_steps(net, [
            Permutation(layer, tuple(order)),
            Scaling(layer, tuple(Fraction(rng.randint(1, 5), rng.randint(1, 5)) for _ in order))])))
    for i in range(n1):
        for t in sizes:
            out.append((f"translate hyperplane {i} by {t}",
                        build(c1=[v + t * (r == i) for r, v in enumerate(b1)],
                              c2=[c - t * row[i] for c, row in zip(b2, W2)])))
        for j in range(n1):
            if j != i and n2 == 1:
                scaled = [[v * abs(W2[0][r]) for v in row + [c]] for r, (row, c) in enumerate(zip(W1, b1))]
                flipped = [list(row) for row in scaled]
                flipped[i] = [u - v for u, v in zip(scaled[i], scaled[j])]
                flipped[j] = [-v for v in scaled[j]]
                w2 = [[Fraction(1) if r == i else Fraction(-1) for r in range(n1)]]
                out.append((f"flip hyperplane {j} against {i}", build(w1=[row[:-1] for row in flipped],
                                                                     c1=[row[-1] for row in flipped], w2=w2)))
    for k in range(n2):
        for d in sizes:
            out.append((f"change neuron {k}'s outgoing weights by {d}",
                        build(w3=[[v + d * (c == k) for c, v in enumerate(row)] for row in W3])))
            out.append((f"trade neuron {k}'s bias by {d}",
                        build(c2=[v + d * (r == k) for r, v in enumerate(b2)],
                              c3=[v - row[k] * d for v, row in zip(b3, W3)])))
    return out


register(Claim(
    id="004.thm5.identifiability",
    source=f"{SOURCE} Theorem 5",
    statement="A generic bottleneck parameter is non-identifiable iff a row of [W2 | b2] is all negative (1), all "
              "positive (2), or every row is positive in one column i and negative elsewhere (3): for each condition "
              "a parameter with the same function not related by permutation and scaling is built; with none (read "
              "off the signs, masked products of full rank), a search applies every move of those fibers "
              "(translations, flips, outgoing-weight changes, bias trades, each at every neuron and two sizes, "
              "without their preconditions) and every candidate the exhaustive decider finds equivalent is "
              "related (004.thm5.functional-dimension checks the fiber's dimension)",
    check=check_theorem5,
    cases=(1, 2, 3, 0, 1, 2, 3, 0, 0, 0),
    examples=10,
))


# ------------------------------------------------------------------------------ Lemma 32, visibility
def check_lemma32(rng: random.Random) -> Counterexample | None:
    """A generic first layer with ``n1 <= n0`` realises every one of the ``2^n1`` activation patterns."""
    from tropical.enumeration import regions

    n0 = rng.randint(1, 4)
    n1 = rng.randint(1, n0)
    net = bottleneck(rng, n0, n1, 1, 1)
    first = Network(n0, [net.layers[0], ([[1] * n1], [0])])
    patterns = {r.pattern[0] for r in regions(first)}
    if len(patterns) != 2 ** n1:
        return Counterexample("a first-layer pattern is missing", {"W1": json_matrix(net.layers[0].weight),
                                                                    "found": len(patterns)})
    return None


register(Claim(
    id="004.lemma32.all-patterns",
    source=f"{SOURCE} Lemma 32",
    statement="For n1 <= n0 and W1 of full rank, the first layer realises all 2^n1 activation patterns, each on a "
              "non-empty open region (exact region enumeration)",
    check=check_lemma32,
    examples=15,
))


def verify_first_layer_faces(W1: Matrix, b1: Vector) -> Counterexample | None:
    """Lemma 32 (2): every sign vector in ``{+, -, 0}^n1`` has a non-empty face of the right dimension.

    The face is relatively open, of dimension ``n0 - #zeros``; exact LP: the largest margin ``t``
    of the strict signs is positive.
    """
    n1, n0 = len(W1), len(W1[0])
    for signs in itertools.product("+-0", repeat=n1):
        A: list[list[Fraction]] = []
        b: list[Fraction] = []
        E, f = [], []
        for j, s in enumerate(signs):
            if s == "0":
                E.append(list(W1[j]) + [Fraction(0)])
                f.append(-b1[j])
            else:
                sign = 1 if s == "+" else -1     # sign (W1 x + b1)_j >= t
                A.append([-sign * v for v in W1[j]] + [Fraction(1)])
                b.append(sign * b1[j])
        A.append([Fraction(0)] * n0 + [Fraction(1)])
        b.append(Fraction(1))
        best = Polyhedron(n0 + 1, A, b, E, f).maximize([0] * n0 + [1])
        if best.status != "optimal" or best.value is None or best.value <= 0:
            return Counterexample("a sign vector of the first layer has no face", {"signs": "".join(signs)})
        closure = Polyhedron(n0, [row[:n0] for row in A[:-1]], list(b[:-1]),
                             [row[:n0] for row in E], f)
        if closure.dimension() != n0 - signs.count("0"):
            return Counterexample("a first-layer face has the wrong dimension", {"signs": "".join(signs)})
    return None


def check_first_layer_faces(rng: random.Random) -> Counterexample | None:
    n0 = rng.randint(1, 4)
    net = bottleneck(rng, n0, rng.randint(1, min(n0, 3)), 1, 1)
    return verify_first_layer_faces(net.layers[0].weight, net.layers[0].bias)


register(Claim(
    id="004.lemma32.faces",
    source=f"{SOURCE} Lemma 32 (2)",
    statement="For n1 <= n0 and W1 of full rank, every pair of disjoint index sets (active, inactive) with the rest "
              "zero is realised by a non-empty face of the first-layer arrangement of dimension n0 - #zeros: all 3^n1 "
              "sign vectors, exact LPs",
    check=check_first_layer_faces,
    examples=15,
))

def _point_on(rng: random.Random, w: Vector, beta: Fraction, height: int = 5) -> Vector:
    q = tuple(rational(rng, height, 3) for _ in w)
    shift = (linalg.dot(w, q) + beta) / linalg.dot(w, w)
    return tuple(a - shift * b for a, b in zip(q, w))


def _differentiable(net: Network, x: Vector) -> bool:
    try:
        net.jacobian(x)
    except NotDifferentiableError:
        return False
    return True


def verify_visibility_facets(data: Any, hidden: int | None,
                             jumps: dict[int, list[list[Fraction]]] | None = None) -> Counterexample | None:
    """Visibility facet by facet on the complex (``data``: :class:`proofs_check.claims_complex.ComplexData`).

    Every facet of a first-layer hyperplane on which a second-layer neuron using it is positive
    (anchored, read off the facet's sign vector) must bend: its plain Jacobian jump (``jumps``,
    by default exact differences at the two regions' points) is not zero; every facet of the
    ``hidden`` hyperplane must not bend. The complex's own :meth:`first_layer_visibility` must
    name the same anchored facets and breakpoints.
    """
    net = data.net
    W2 = net.layers[1].weight
    second = {k: data.cx.facets + h for h, (layer, k) in enumerate(data.cx.neurons) if layer == 2}
    reported = data.cx.first_layer_visibility()
    for (layer, i), numbers in data.cx.bent_hyperplanes().items():
        if layer != 1:
            continue
        for f in numbers:
            signs = data.facets[f].signs
            anchored = any(W2[k][i] != 0 and signs[h] == "+" for k, h in second.items())
            jump = (jumps or {}).get(f) or data.jump(f)
            bends = any(v != 0 for row in jump for v in row)
            point = json_vector(data.point(data.n - 1, f))
            if anchored and not bends:
                return Counterexample("an anchored facet of a first-layer hyperplane does not bend",
                                      {"neuron": i, "facet_point": point})
            if hidden == i and bends:
                return Counterexample("a facet of a hidden first-layer hyperplane bends",
                                      {"neuron": i, "facet_point": point})
            if (f in reported[i]["anchored"]) != anchored or (f in reported[i]["breakpoints"]) != bends:
                return Counterexample("first_layer_visibility disagrees with the facet's signs or its jump",
                                      {"neuron": i, "facet_point": point})
    return None


def check_visibility(rng: random.Random, hidden: bool) -> Counterexample | None:
    """Visibility: an anchored first-layer hyperplane is a breakpoint; a hidden one is not.

    Networks are drawn until a generic one (masked-product ranks, a simple complex on the box)
    has a generic point checked (a non-hiding network can have a hyperplane no second-layer
    neuron is active on; nothing is claimed there); then every facet of every first-layer
    hyperplane in ``[-3, 3]^n`` is checked on the complex (:func:`verify_visibility_facets`).
    """
    from proofs_check.claims_complex import complex_data

    for _ in range(20):
        n0, n1, n2, _ = _sizes(rng)
        n2 = max(n2, 2)
        i = rng.randrange(n1)
        net = bottleneck(rng, n0, n1, n2, 1, hide=i if hidden else None)
        if not genericity(net, max_neurons=0)["masked_product_ranks"]["holds"]:
            continue  # the theorem assumes genericity (e.g. W3 . W2[active, i] = 0 cancels the jump)
        data = complex_data(net)
        if data is None:
            continue  # not supertransversal on the box
        W1, b1 = net.layers[0].weight, net.layers[0].bias
        checked = 0
        for _ in range(30):
            p = _point_on(rng, W1[i], b1[i], height=12)
            pre = net.preactivations(p)
            if any(v == 0 for j, v in enumerate(pre[0]) if j != i) or any(v == 0 for v in pre[1]):
                continue  # not a generic point of the hyperplane
            anchored = any(v > 0 and net.layers[1].weight[k][i] != 0 for k, v in enumerate(pre[1]))
            if hidden and not _differentiable(net, p):
                return Counterexample("a hidden hyperplane carries a breakpoint", {"x": json_vector(p), "i": i})
            if not hidden and anchored and _differentiable(net, p):
                return Counterexample("an anchored hyperplane is not a breakpoint",
                                      {"x": json_vector(p), "i": i, "W1": json_matrix(W1), "b1": json_vector(b1),
                                       "W2": json_matrix(net.layers[1].weight),
                                       "b2": json_vector(net.layers[1].bias), "W3": json_matrix(net.layers[2].weight)})
            checked += hidden or anchored
        if checked:
            return verify_visibility_facets(data, i if hidden else None)
    return Counterexample("no generic anchored point found in 20 networks", {})


register(Claim(
    id="004.thm.visibility",
    source=f"{SOURCE} section 3 (visibility of first-layer hyperplanes), B.6",
    statement="At a generic point of a first-layer hyperplane where a second-layer neuron using it is active "
              "(anchored), the function is not differentiable; on a hyperplane hidden by the whole second layer it "
              "is differentiable (exact Jacobians from the regions at the point); and on the complex, every anchored "
              "facet of a first-layer hyperplane bends while no facet of a hidden one does",
    check=check_visibility,
    cases=(False, True) * 6,
    examples=12,
))


# ------------------------------------------------------------------------------ Props. 28-29
def _column_coordinates(M: Matrix) -> tuple[Matrix, Matrix]:
    """``C`` (a basis of the column space, as columns) and ``K`` with ``M = C K``."""
    cols = linalg.transpose(M)
    basis = linalg.row_space_basis(cols)  # rows: a basis of the column space
    C = linalg.transpose(basis)
    K = linalg.transpose(tuple(linalg.solve(C, col) or () for col in cols))
    return C, K


def nonnegative_factorization(M: Matrix) -> tuple[Matrix, Matrix, Vector | None]:
    """A nonnegative factorisation ``(A, B, line)``: ``M = A B`` with ``B >= 0``.

    ``A`` has ``rank M`` columns when the cone of the columns is pointed (then ``line`` is ``None``),
    else ``rank M + 1``, and ``line`` is ``lambda >= 0`` with ``sum 1`` and ``M lambda = 0``.

    >>> A, B, line = nonnegative_factorization(((Fraction(1), Fraction(-1)),))   # columns 1 and -1: a line
    >>> len(A[0]), line
    (2, (Fraction(1, 2), Fraction(1, 2)))
    """
    C, K = _column_coordinates(M)
    r, m = len(K), len(M[0])
    cols = [tuple(K[i][j] for i in range(r)) for j in range(m)]
    nonzero = [j for j in range(m) if any(cols[j])]
    # a line in the cone: lambda >= 0 on the non-zero columns, sum 1, K lambda = 0
    eq = [[cols[j][i] for j in nonzero] for i in range(r)] + [[Fraction(1)] * len(nonzero)]
    rhs = [Fraction(0)] * r + [Fraction(1)]
    lam_poly = Polyhedron(len(nonzero), [[-Fraction(int(a == b)) for b in range(len(nonzero))]
                                         for a in range(len(nonzero))], [0] * len(nonzero), eq, rhs)
    if nonzero and not lam_poly.is_empty():
        lam = lam_poly.interior_point()
        line = tuple(lam[nonzero.index(j)] if j in nonzero else Fraction(0) for j in range(m))
        # the complete simplicial fan e_1, ..., e_r, -(e_1 + ... + e_r)
        gens = [tuple(Fraction(int(i == g)) for i in range(r)) for g in range(r)] + [tuple(Fraction(-1)
                                                                                         for _ in range(r))]
        fan: list[tuple[Fraction, ...]] = []
        for col in cols:
            c = max(Fraction(0), -min(col))
            fan.append(tuple(v + c for v in col) + (c,))
        return linalg.matmul(C, linalg.transpose(gens)), linalg.transpose(tuple(fan)), line
    # pointed: phi with phi . k_j >= 1, then a simplex in {phi . y = 1} around the normalised columns
    phi_poly = Polyhedron(r, [[-v for v in cols[j]] for j in nonzero], [-1] * len(nonzero))
    phi = phi_poly.interior_point() if nonzero else tuple(Fraction(int(i == 0)) for i in range(r))
    ys = [tuple(v / linalg.dot(phi, cols[j]) for v in cols[j]) for j in nonzero]
    g = tuple(sum((y[i] for y in ys), Fraction(0)) / len(ys) for i in range(r)) if ys else tuple(
        v / linalg.dot(phi, phi) for v in phi)
    U = linalg.nullspace([phi])  # r - 1 directions in the hyperplane
    W = list(U) + [tuple(-sum((u[i] for u in U), Fraction(0)) for i in range(r))] if U else [
        tuple(Fraction(0) for _ in range(r))]
    ts = [linalg.solve(linalg.transpose(U), tuple(a - b for a, b in zip(y, g))) if U else () for y in ys]
    spread = sum((abs(v) for t in ts for v in (t or ())), Fraction(0))
    s = r * spread + 1
    verts = [tuple(gi + s * wi for gi, wi in zip(g, w)) for w in W]
    B: list[tuple[Fraction, ...]] = []
    for j in range(m):
        if j not in nonzero:
            B.append(tuple(Fraction(0) for _ in verts))
            continue
        t: tuple[Fraction, ...] = ts[nonzero.index(j)] or ()
        lam_r = (1 - sum(t, Fraction(0)) / s) / r
        barycentric = [lam_r + v / s for v in t] + [lam_r]
        scale = linalg.dot(phi, cols[j])
        B.append(tuple(scale * v for v in barycentric))
    return linalg.matmul(C, linalg.transpose(verts)), linalg.transpose(tuple(B)), None


def check_nnc_rank(rng: random.Random) -> Counterexample | None:
    """Props. 28-29: ``rank <= nnc-rank <= rank + 1``, ``= rank`` iff the columns lie in one simplicial cone."""
    d, m = rng.randint(1, 3), rng.randint(1, 5)
    M = tuple(tuple(Fraction(rng.randint(-3, 3)) for _ in range(m)) for _ in range(d))
    r = linalg.rank(M)
    if r == 0:
        return None
    A, B, line = nonnegative_factorization(M)
    data = {"M": json_matrix(M), "rank": r}
    if linalg.matmul(A, B) != M or any(v < 0 for row in B for v in row):
        return Counterexample("the factorisation is wrong", data)
    inner = len(A[0])
    if line is None:
        # inner = rank is optimal (rank(AB) <= inner); A's columns are independent: a simplicial cone
        if inner != r or linalg.rank(A) != r:
            return Counterexample("pointed cone but no rank-size simplicial cone", data)
        return None
    # not pointed: the line lambda certifies that no simplicial (pointed) cone holds the columns
    if inner != r + 1 or any(v < 0 for v in line) or sum(line) != 1 or any(
            linalg.dot(row, line) != 0 for row in M):
        return Counterexample("bad rank + 1 factorisation or line certificate", data)
    return None


register(Claim(
    id="004.props28-29.nnc-rank",
    source=f"{SOURCE} Props. 28 and 29 (Def. 24)",
    statement="rank M <= nnc-rank M <= rank M + 1, with equality to rank M iff the columns lie in one simplicial "
              "cone: an exact factorisation M = A B, B >= 0 with rank M inner columns when the columns' cone is "
              "pointed, and with rank M + 1 otherwise together with the line lambda >= 0, M lambda = 0 that rules "
              "out every simplicial cone",
    check=check_nnc_rank,
    examples=40,
))


# ------------------------------------------------------------------------------ volume bounds
def identifiable_probability(n1: int, n2: int) -> tuple[Fraction, str | None]:
    """P(no condition of Theorem 5) over the ``2^(n2 (n1 + 1))`` sign patterns of ``[W2 | b2]``, counted exactly.

    Each pattern is also given to :func:`identifiability` (on a network with those signs); the
    second value names a pattern where it disagrees with the direct count, or is ``None``.

    >>> identifiable_probability(1, 1)      # rows (w, b): only (-, +) is neither dead, linear nor hiding
    (Fraction(1, 4), None)
    """
    width = n1 + 1
    identifiable = 0
    W1 = linalg.identity(n1)
    for signs in itertools.product((-1, 1), repeat=n2 * width):
        rows = [signs[k * width:(k + 1) * width] for k in range(n2)]
        dead = any(all(v < 0 for v in row) for row in rows)
        linear = any(all(v > 0 for v in row) for row in rows)
        hidden = any(all(row[i] > 0 and all(v < 0 for j, v in enumerate(row) if j != i) for row in rows)
                     for i in range(n1))
        verdict = not (dead or linear or hidden)
        net = Network(n1, [(W1, [0] * n1), ([row[:n1] for row in rows], [row[n1] for row in rows]), ([[1] * n2], [0])])
        if identifiability(net, check_genericity=False).identifiable != verdict:
            return Fraction(0), str(list(signs))
        identifiable += verdict
    return Fraction(identifiable, 2 ** (n2 * width)), None


def check_volume_bounds(rng: random.Random, sizes: tuple[int, int]) -> Counterexample | None:
    """Exact P(identifiable) over the sign patterns of ``[W2 | b2]`` against the corollary's bounds."""
    n1, n2 = sizes
    width = n1 + 1
    p, disagreement = identifiable_probability(n1, n2)
    if disagreement is not None:
        return Counterexample("identifiability() disagrees with the sign conditions", {"signs": disagreement})
    upper = (1 - Fraction(1, 2 ** width)) ** n2
    upper_not = 2 * n2 * Fraction(1, 2 ** width) + n1 * Fraction(1, 2 ** (width * n2))
    if p > upper or 1 - p > upper_not:
        return Counterexample("a bound fails", {"n1": n1, "n2": n2, "P": str(p), "upper": str(upper),
                                                "upper_not": str(upper_not)})
    return None


register(Claim(
    id="004.cor.volume-bounds",
    source=f"{SOURCE} Corollary of Theorem 5 (identifiability volume)",
    statement="With independent fair signs of [W2 | b2], P(identifiable) <= (1 - 2^-(n1+1))^n2 and P(not "
              "identifiable) <= 2 n2 2^-(n1+1) + n1 2^-((n1+1) n2); P computed exactly by counting all sign patterns",
    check=check_volume_bounds,
    cases=((1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (1, 3), (2, 3), (3, 2), (4, 2), (2, 4)),
    examples=10,
))


# ------------------------------------------------------------------------------ Theorem 6 / Prop. 35
def check_conservation(rng: random.Random, dims: tuple[int, int, int, int]) -> Counterexample | None:
    """``A^T A - B B^T - c c^T`` has zero derivative under gradient flow of ``A (B h + c)`` (symbolic, sympy)."""
    import sympy

    m, k, n, samples = dims
    A = sympy.Matrix(m, k, lambda i, j: sympy.Symbol(f"A{i}{j}"))
    B = sympy.Matrix(k, n, lambda i, j: sympy.Symbol(f"B{i}{j}"))
    c = sympy.Matrix(k, 1, lambda i, j: sympy.Symbol(f"c{i}"))
    dA, dB, dc = sympy.zeros(m, k), sympy.zeros(k, n), sympy.zeros(k, 1)
    for s in range(samples):  # loss = sum_s ell_s(A (B h_s + c) + rest): dL/d(output) = g_s, arbitrary
        h = sympy.Matrix(n, 1, [sympy.Symbol(f"h{s}_{i}") for i in range(n)])
        g = sympy.Matrix(m, 1, [sympy.Symbol(f"g{s}_{i}") for i in range(m)])
        dA += g * (B * h + c).T
        dB += A.T * g * h.T
        dc += A.T * g
    # gradient flow: A' = -dA, B' = -dB, c' = -dc
    rate = -(dA.T * A + A.T * dA) + (dB * B.T + B * dB.T) + (dc * c.T + c * dc.T)
    if rate.applyfunc(sympy.expand) != sympy.zeros(k, k):
        return Counterexample("the derivative of the conserved quantity is not zero", {"dims": list(dims)})
    # and the quantity is not trivially constant: a flow without the linear-neuron structure moves it
    return None


register(Claim(
    id="004.thm6.conserved-quantity",
    source=f"{SOURCE} Theorem 6 / Prop. 35",
    statement="Where the neurons L of layer l are linear, W_{l+1}[:,L]^T W_{l+1}[:,L] - W_l[L,:] W_l[L,:]^T - "
              "b_l[L] b_l[L]^T is conserved by gradient flow (verified symbolically with sympy for any loss, "
              "through dL/d(output))",
    check=check_conservation,
    cases=((1, 1, 1, 1), (2, 2, 2, 2), (3, 2, 2, 2), (2, 3, 1, 3), (1, 2, 3, 2)),
    examples=5,
))


# ------------------------------------------------------------------------------ F.1 non-localizability
def nonlocalizable_example(epsilon: Fraction = Fraction(1, 10)) -> tuple[Network, Network]:
    """Four layers whose consecutive three-layer pieces are identifiable, with a second parameter of equal function.

    Layer 2 maps the orthant into the box ``[0, 1] x [0, 3]`` (rows of mixed sign, positive bias);
    layer 3's biases are large enough to keep it active on that box, so it acts linearly there and
    ``G = [[1, epsilon], [0, 1]]`` can be inserted: ``W3 -> G W3``, ``b3 -> G b3``, ``W4 -> W4 G^-1``.

    >>> first, second = nonlocalizable_example(Fraction(1, 10))
    >>> second.layers[3].weight, first.evaluate([2, 1]) == second.evaluate([2, 1])
    (((Fraction(1, 1), Fraction(29, 10)),), True)
    """
    W1, b1 = ((1, 2), (3, -1)), (1, 0)
    W2, b2 = ((-1, -1), (-1, -2)), (1, 3)
    W3, b3 = ((1, -1), (-1, 2)), (5, 5)
    W4, b4 = ((1, 3),), (0,)
    first = Network(2, [(W1, b1), (W2, b2), (W3, b3), (W4, b4)])
    G = ((1, epsilon), (0, 1))
    G_inv = ((1, -epsilon), (0, 1))

    def q(M: tuple[tuple[int | Fraction, ...], ...]) -> Matrix:
        return tuple(tuple(Fraction(v) for v in row) for row in M)

    W3g = linalg.matmul(q(G), q(W3))
    b3g = linalg.matvec(q(G), tuple(Fraction(v) for v in b3))
    W4g = linalg.matmul(q(W4), q(G_inv))
    second = Network(2, [(W1, b1), (W2, b2), (W3g, b3g), (W4g, b4)])
    return first, second


def check_nonlocalizable(rng: random.Random) -> Counterexample | None:
    """Prop. (section 7 / F.1): consecutive pieces identifiable, the composition not."""
    epsilon = Fraction(rng.randint(1, 9), rng.randint(10, 40))
    first, second = nonlocalizable_example(epsilon)
    L = first.layers
    pieces = [Network(2, [L[0], L[1], ([[1, 1]], [0])]), Network(2, [L[1], L[2], L[3]])]
    from proofs_check.claims_complex import masked_products_full_rank
    from proofs_check.claims_dimension import conditions

    for piece in pieces:   # Theorem 5's conditions read off the signs; Def. 8's rank condition, plain
        if conditions(piece) or not masked_products_full_rank(piece):
            return Counterexample("a consecutive piece meets a condition of Theorem 5 or is not generic",
                                  {"conditions": sorted(conditions(piece))})
    if (bad := _same_function(first, second)) is not None:
        return bad
    if related(first, second) is not None:
        return Counterexample("the second parameter is related by permutation and scaling", {})
    return None


register(Claim(
    id="004.prop.non-localizable",
    source=f"{SOURCE} section 7, Prop. (fibers are not localizable), F.1",
    statement="There are four-layer parameters whose consecutive three-layer pieces are generic and identifiable "
              "(Theorem 5) while the whole network has an equivalent parameter not related by permutation and "
              "scaling (layer 3 is active on the bounded image of layer 2, so G in GL_2 near I acts)",
    check=check_nonlocalizable,
    examples=3,
))


# ------------------------------------------------------------------------------ the polynomial-time decider
def verify_polytime_decider(a: Network, b: Network) -> Counterexample | None:
    """The bottleneck decider answers as the exhaustive decider, with evidence that verifies.

    The evidence must pass the independent verifier (:func:`fibers.verify.check_answer`). A refusal
    (``PreconditionError``) is allowed only where the theory does not apply (a non-generic pair).
    """
    from exact.errors import PreconditionError
    from fibers.bottleneck import decide_bottleneck
    from fibers.verify import check_answer

    truth = decide_equivalence(a, b, method="exhaustive").equivalent
    try:
        fast = decide_bottleneck(a, b)
    except PreconditionError as err:
        if all(check["holds"] is True for net in (a, b) for check in genericity(net).values()):
            return Counterexample("the polynomial-time decider refused a generic pair", {"reason": str(err)})
        return None
    if fast.equivalent != truth:
        return Counterexample("the polynomial-time and exhaustive deciders disagree",
                              {"bottleneck": fast.equivalent, "exhaustive": truth})
    verdict = check_answer(a, b, fast)
    if not verdict.valid:
        return Counterexample("the polynomial-time decider's evidence fails the independent verifier",
                              {"reason": verdict.reason})
    return None


def check_polytime_decider(rng: random.Random) -> Counterexample | None:
    """A random bottleneck parameter, a symmetric copy (permutation, scaling, translation, flips), a perturbed one."""
    n0, n1, n2, n3 = _sizes(rng, n2=rng.choice([1, 2, 3]))
    hide = rng.randrange(n1) if rng.random() < 0.5 else None
    a = bottleneck(rng, n0, n1, n2, n3, hide=hide)
    b = a
    if hide is not None and n2 == 1:
        a, _ = normalize_for_flip(a, hide)
        b = flip(a, hide, [j for j in range(n1) if j != hide and rng.random() < 0.5])
    if hide is not None:
        b = translate(b, hide, admissible_translations(b, hide) + Fraction(rng.randint(0, 8), 4))
    order = list(range(n1))
    rng.shuffle(order)
    steps: list[Permutation | Scaling] = [Permutation(1, tuple(order)),
                                          Scaling(1, tuple(Fraction(rng.randint(1, 5), rng.randint(1, 5))
                                                           for _ in range(n1))),
                                          Scaling(2, tuple(Fraction(rng.randint(1, 5), rng.randint(1, 5))
                                                           for _ in range(n2)))]
    b = apply_steps(b, steps)
    found = verify_polytime_decider(a, b)
    if found is not None:
        return found
    W3 = [list(r) for r in b.layers[2].weight]
    W3[rng.randrange(n3)][rng.randrange(n2)] += Fraction(rng.choice([-1, 1]), rng.randint(1, 4))
    c = Network(n0, [(l.weight, l.bias) for l in b.layers[:2]] + [(W3, b.layers[2].bias)])
    return verify_polytime_decider(a, c)


register(Claim(
    id="004.prop.polytime-equivalence",
    source="004_d6e0d95e628c03e7.txt Prop. (polynomial-time equivalence for bottlenecks), section 6, E.3",
    statement="The polynomial-time procedure of E.3 (non-hiding: match first-layer rows; hiding: match the others and "
              "read the translation, and for n2 = 1 the flip set) decides equivalence of generic bottleneck pairs as "
              "the exhaustive decider does, on symmetric copies (permutation, scaling, translation, flips) and "
              "perturbed ones, with evidence accepted by the independent verifier",
    check=check_polytime_decider,
    examples=20,
))


# ------------------------------------------------------------------------------ Prop. 37
def translation_generator(n1: int, n2: int, i: int) -> tuple[list[Any], list[Any]]:
    """Symbols ``(b1, W2, b2)`` and the generator ``V`` of eq. (3)'s translation (sympy).

    ``d b1[i] = 1``, ``d b2[k] = -W2[k, i]``, zero on every other parameter.
    """
    import sympy

    b1 = [sympy.Symbol(f"b1_{j}") for j in range(n1)]
    W2 = [[sympy.Symbol(f"W2_{k}{j}") for j in range(n1)] for k in range(n2)]
    b2 = [sympy.Symbol(f"b2_{k}") for k in range(n2)]
    theta = b1 + [w for row in W2 for w in row] + b2
    V = ([sympy.Integer(int(j == i)) for j in range(n1)] + [sympy.Integer(0)] * (n1 * n2)
         + [-W2[k][i] for k in range(n2)])
    return theta, V


def verify_no_conserved_quantity(theta: list[Any], V: list[Any]) -> Counterexample | None:
    """Prop. 37 (reconstructed): ``V`` is not a gradient field (its Jacobian is not symmetric).

    So no ``Q`` has ``grad Q = V`` (the proof's equation (17)) and the translation yields no
    conserved quantity.
    """
    import sympy

    J = sympy.Matrix([[sympy.diff(v, t) for t in theta] for v in V])
    if (J - J.T).is_zero_matrix:
        return Counterexample("the translation's generator is a gradient field", {})
    return None


def check_no_conserved_quantity(rng: random.Random) -> Counterexample | None:
    """The generator is tangent to the fiber (the loss is constant along the translation), yet no gradient."""
    n0, n1, n2, n3 = _sizes(rng)
    i = rng.randrange(n1)
    net = bottleneck(rng, n0, n1, n2, n3, hide=i)
    low = admissible_translations(net, i)
    points = [tuple(rational(rng, 6, 3) for _ in range(n0)) for _ in range(6)]
    targets = [tuple(rational(rng, 6, 3) for _ in range(n3)) for _ in points]

    def loss(candidate: Network) -> Fraction:
        return sum((sum(((a - y) ** 2 for a, y in zip(candidate.evaluate(p), t)), Fraction(0))
                    for p, t in zip(points, targets)), Fraction(0))

    base = loss(net)
    for s in (low, low + Fraction(1, 3), low + 5):
        if loss(translate(net, i, s)) != base:
            return Counterexample("the loss changes along the translation (V is not tangent to the fiber)",
                                  {"t": str(s)})
    theta, V = translation_generator(n1, n2, i)
    return verify_no_conserved_quantity(theta, V)


register(Claim(
    id="004.prop37.no-conserved-quantity",
    source=f"{SOURCE} Prop. 37 (section F.3)",
    statement="Reconstructed: the translation of a hidden hyperplane (eq. 3) is generated by V = e_(b1[i]) - sum_k "
              "W2[k, i] e_(b2[k]); the loss is constant along it (exact, any data), but V is not a gradient field "
              "(its Jacobian d(-W2[k, i])/dW2[k, i] = -1 is not matched by d0/db2[k]), so no Q with grad Q = V exists: "
              "the symmetry induces no conserved quantity of gradient flow (sympy)",
    check=check_no_conserved_quantity,
    examples=10,
))


# ------------------------------------------------------------------------------ Lemma E.2 (hidden direction rigid)
def verify_rotation_changes_function(net: Network, i: int, rotated_row: Sequence[Fraction], t: Fraction
                                     ) -> Counterexample | None:
    """A candidate outside the symmetry families must compute another function.

    The candidate turns hidden row ``i`` to ``rotated_row`` (not parallel), then translates by ``t``
    (eq. 3's bias re-fit). The exhaustive decider must say "different" and its witness, re-evaluated
    exactly, must separate the two.
    """
    (W1, b1), *rest = [(layer.weight, layer.bias) for layer in net.layers]
    turned = Network(net.input_dim, [([list(rotated_row) if k == i else list(r) for k, r in enumerate(W1)], b1),
                                     *rest])
    candidate = translate(turned, i, t)
    result = decide_equivalence(net, candidate, method="exhaustive")
    if result.equivalent:
        return Counterexample("a hidden row turned off its direction still computes the same function",
                              {"row": json_vector(rotated_row), "t": str(t)})
    assert result.witness is not None
    if net.evaluate(result.witness) == candidate.evaluate(result.witness):
        return Counterexample("the decider's witness does not separate the functions", {})
    return None


def check_hidden_direction(rng: random.Random) -> Counterexample | None:
    n0, n1, n2, n3 = _sizes(rng, n2=rng.randint(2, 3))
    i = rng.randrange(n1)
    net = bottleneck(rng, n0, n1, n2, n3, hide=i)
    row = net.layers[0].weight[i]
    while True:
        turn = [v + Fraction(rng.randint(-3, 3), rng.randint(4, 40)) for v in row]
        if linalg.rank([list(row), turn]) == 2 and linalg.rank([list(r) if k != i else turn
                                                                 for k, r in enumerate(net.layers[0].weight)]) == n1:
            break
    turned = Network(n0, [([turn if k == i else list(r) for k, r in enumerate(net.layers[0].weight)],
                           net.layers[0].bias), *[(l.weight, l.bias) for l in net.layers[1:]]])
    t = admissible_translations(turned, i) + Fraction(rng.randint(0, 8), 4)
    return verify_rotation_changes_function(net, i, turn, t)


register(Claim(
    id="004.lemmaE2.hidden-direction-rigid",
    source=f"{SOURCE} Lemma E.2 (fiber of a hiding parameter, n2 >= 2)",
    statement="For a generic bottleneck parameter hiding hyperplane i with n2 >= 2, parameters outside the symmetry "
              "families -- the hidden row turned by a small rational angle, its bias re-fit by an admissible "
              "translation -- never compute the same function: the exhaustive decider finds a witness, "
              "re-evaluated exactly (the direction of the hidden hyperplane is fixed by the parallel facets)",
    check=check_hidden_direction,
    examples=15,
))

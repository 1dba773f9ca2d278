"""Claims of ``003`` (tropical recurrences, regions, skips, caching, the section 3 walkthrough).

Expected values come from direct exact evaluation written here (plain Fraction loops)
or from :meth:`exact.network.Network.pattern_polyhedron` (the definition of ``G_J``),
never from the recurrences under test.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exact.io import network_from_json
from exact.network import Network, Skip
from exact.polyhedron import Polyhedron
from proofs_check.generate import json_vector, layers, matrix, vector, widths
from proofs_check.registry import Claim, Counterexample, Erratum, register
from tropical.prediction import CachedPredictor
from tropical.recurrences import VARIANTS, bits_to_signs, pattern_recurrences, tropical_form
from tropical.regions import EmptyRegion, region_of_pattern

__all__ = ["random_network", "direct_forward"]

Vec = list[Fraction]


def random_network(rng: random.Random, skips: bool = True, max_depth: int = 3, max_width: int = 3,
                   input_dim: int | None = None) -> Network:
    """A random network, with random identity or projection skips when ``skips``."""
    depth = rng.randint(1, max_depth)
    sizes = widths(rng, depth, high=max_width, input_dim=input_dim)
    chosen = []
    if skips:
        for target in range(2, depth + 1):
            for source in range(target - 1):
                if rng.random() < 0.4:
                    identity = sizes[source] == sizes[target - 1] and rng.random() < 0.5
                    chosen.append(Skip(source, target, None if identity else
                                       matrix(rng, sizes[target - 1], sizes[source])))
    return Network(sizes[0], layers(rng, sizes), chosen, output_relu=rng.random() < 0.3)


def direct_forward(net: Network, x: Sequence[Fraction]) -> tuple[list[Vec], list[Vec]]:
    """``(z^(1..L), nu^(0..L))`` by the definition (MATH.md section 1), with plain loops."""
    post: list[Vec] = [list(x)]
    pre: list[Vec] = []
    for l, layer in enumerate(net.layers, start=1):
        u = list(post[l - 1])
        for s in net.skips:
            if s.target == l:
                P = net.skip_weight(s)
                u = [a + sum((P[i][j] * post[s.source][j] for j in range(len(post[s.source]))), Fraction(0))
                     for i, a in enumerate(u)]
        z = [sum((w * v for w, v in zip(row, u)), Fraction(0)) + b for row, b in zip(layer.weight, layer.bias)]
        pre.append(z)
        relu = l < net.depth or net.output_relu
        post.append([max(v, Fraction(0)) for v in z] if relu else z)
    return pre, post


def _affine(rows: Sequence[Sequence[Fraction]], offsets: Sequence[Fraction], x: Sequence[Fraction]) -> Vec:
    return [sum((a * b for a, b in zip(row, x)), Fraction(0)) + c for row, c in zip(rows, offsets)]


# ------------------------------------------------------------------------------ Prop. 2.1
def check_prop21(rng: random.Random) -> Counterexample | None:
    """``H - G = z`` and ``F - G = nu`` at every layer, per pattern (both skip variants) and symbolically."""
    net = random_network(rng)
    for _ in range(3):
        x = list(vector(rng, net.input_dim))
        pre, post = direct_forward(net, x)
        pattern = net.pattern(x)
        for variant in VARIANTS:
            rec = pattern_recurrences(net, pattern, variant=variant)
            for l in range(1, net.depth + 1):
                r = rec[l]
                H, G, F = (_affine(r.H_A, r.h_b, x), _affine(r.G_A, r.g_b, x), _affine(r.F_A, r.f_b, x))
                if [h - g for h, g in zip(H, G)] != pre[l - 1] or [f - g for f, g in zip(F, G)] != post[l]:
                    return Counterexample(f"recurrences ({variant}) differ from direct evaluation at layer {l}",
                                          {"x": json_vector(tuple(x)), "layer": l})
    if net.neuron_count <= 5:
        form = tropical_form(net)
        for _ in range(3):
            x = list(vector(rng, net.input_dim))
            _, post = direct_forward(net, x)
            for l in range(1, net.depth + 1):
                values = [f(x) - g(x) for f, g in zip(form.F[l], form.G[l])]
                if values != post[l]:
                    return Counterexample(f"symbolic F - G differs from nu at layer {l}",
                                          {"x": json_vector(tuple(x)), "layer": l})
    return None


register(Claim(
    id="003.prop2.1.recurrences",
    source="003_cb1763ba3a2941b2.txt Prop. 2.1, eqs. (8)-(16)",
    statement="With the recurrences (14) and initial values (15)-(16), H^(l) - G^(l) is the pre-activation and "
              "F^(l) - G^(l) the post-activation of layer l (per pattern, and as tropical polynomials)",
    check=check_prop21,
))


# ------------------------------------------------------------------------------ Theorem 2.2
def check_thm22(rng: random.Random, larger: bool = False) -> Counterexample | None:
    """Every pattern's region from Algorithm 1 equals ``G_J`` by definition; eq. (17) with ``v = +1`` inactive."""
    if larger:       # 9 to 12 ReLU neurons in 2 or 3 dimensions: up to 4096 patterns
        while True:
            net = random_network(rng, max_depth=3, max_width=4, input_dim=rng.randint(2, 3))
            if 9 <= net.neuron_count <= 12:
                break
    else:
        net = random_network(rng, max_depth=2, max_width=2, input_dim=2)
    box = Polyhedron.box([-4] * net.input_dim, [4] * net.input_dim)
    for pattern in net.all_patterns():
        direct = net.pattern_polyhedron(pattern, domain=box)
        found = region_of_pattern(net, pattern, box)
        if isinstance(found, EmptyRegion):
            if direct.is_full_dimensional():
                return Counterexample("Algorithm 1 calls a full-dimensional region empty",
                                      {"pattern": ["".join(map(str, g)) for g in pattern]})
            continue
        if not found.polyhedron().equals(direct):
            return Counterexample("Algorithm 1's region differs from the definition of G_J",
                                  {"pattern": ["".join(map(str, g)) for g in pattern]})
        # a neuron identically zero on the region takes bit 1 at every point (one name per region),
        # so the point's pattern is the canonical form of the pattern asked for
        if net.pattern(found.interior_point) != net.canonical_pattern(pattern):
            return Counterexample("the interior point does not have the region's pattern",
                                  {"pattern": ["".join(map(str, g)) for g in pattern]})
        # eq. (17): diag(v)(H - G) <= 0 with v from bits_to_signs (Algorithm 1's convention)
        signs = bits_to_signs(pattern)
        rec = pattern_recurrences(net, pattern)
        x = found.interior_point
        for l, v in zip(net.relu_layers, signs):
            pre = rec[l].pre_activation()(x)
            if any(s * z > 0 for s, z in zip(v, pre)):
                return Counterexample("eq. (17) fails at the region's interior point", {"layer": l})
    return None


register(Claim(
    id="003.thm2.2.regions",
    source="003_cb1763ba3a2941b2.txt Theorem 2.2, eq. (17), Algorithm 1",
    statement="Each pattern v determines the set {x : diag(v)(H - G) <= 0 for every layer} (v = +1 inactive), "
              "which is the region G_J defined by direct evaluation; Algorithm 1 finds it or proves it empty",
    check=check_thm22,
    examples=15,
))


register(Claim(
    id="003.thm2.2.larger",
    source="003_cb1763ba3a2941b2.txt Theorem 2.2, eq. (17), Algorithm 1",
    statement="Theorem 2.2 on larger networks: 9 to 12 ReLU neurons (skips included) in 2 and 3 input dimensions, "
              "every one of up to 4096 patterns' regions from Algorithm 1 equal to G_J by definition, or empty when "
              "G_J is not full-dimensional",
    check=lambda rng: check_thm22(rng, larger=True),
    examples=4,
    slow=True,
))


# ------------------------------------------------------------------------------ section 4 (skips)
_NONCONVEX = (
    '{"input_dim": 1, "layers": [{"weight": [["9"], ["1"]], "bias": ["9", "-3/4"]},'
    ' {"weight": [["6/7", "-1/6"], ["-4", "7/4"]], "bias": ["1", "-1/3"]},'
    ' {"weight": [["2", "4/7"], ["-1", "1/2"]], "bias": ["4/3", "-1/4"]},'
    ' {"weight": [["-2/3", "0"]], "bias": ["1"]}], "skips": [{"from": 2, "to": 4, "weight": null}]}'
)


def _g_value(net: Network, x: Fraction, layer: int, variant: str) -> Fraction:
    rec = pattern_recurrences(net, net.pattern([x]), variant=variant)[layer]
    return rec.G_A[0][0] * x + rec.g_b[0]


def skip_g_above_chord() -> Counterexample | None:
    """G^(4) from (49)-(50) on ``_NONCONVEX`` lies above a chord (so it is not convex), or ``None``."""
    net = network_from_json(_NONCONVEX)
    a, m, b = Fraction(1, 2), Fraction(3, 4), Fraction(1)
    ga, gm, gb = (_g_value(net, t, 4, "paper") for t in (a, m, b))
    if 2 * gm > ga + gb:
        return Counterexample(
            "G^(4) from (49)-(50) lies above its chord, so it is not convex",
            {"network": _NONCONVEX, "x": [str(a), str(m), str(b)], "G^(4)": [str(ga), str(gm), str(gb)]})
    return None


def check_skip_recurrences(rng: random.Random) -> Counterexample | None:
    """(49)-(54) give the right pre/post-activations; the nonnegative variant stays convex.

    The remark's example is re-checked too: G^(4) of (49)-(50) on ``_NONCONVEX`` is not convex.
    """
    if skip_g_above_chord() is None:
        return Counterexample("the remark's example no longer shows a non-convex G^(4) from (49)-(50)",
                              {"network": _NONCONVEX})
    net = random_network(rng, skips=True, max_depth=4, max_width=2, input_dim=1)
    points = [Fraction(k, 3) for k in range(-12, 13)]
    for t in points:
        pre, post = direct_forward(net, [t])
        for variant in VARIANTS:
            rec = pattern_recurrences(net, net.pattern([t]), variant=variant)
            for l in range(1, net.depth + 1):
                r = rec[l]
                H, G, F = (_affine(r.H_A, r.h_b, [t]), _affine(r.G_A, r.g_b, [t]), _affine(r.F_A, r.f_b, [t]))
                if [h - g for h, g in zip(H, G)] != pre[l - 1] or [f - g for f, g in zip(F, G)] != post[l]:
                    return Counterexample(f"skip recurrences ({variant}) wrong at layer {l}", {"x": str(t)})
    for l in range(1, net.depth + 1):  # midpoint convexity of the tropical variant on a grid
        values = [pattern_recurrences(net, net.pattern([t]), variant="tropical")[l] for t in points]
        for which in ("G", "F", "H"):
            series = [_affine(getattr(r, f"{which}_A"), getattr(r, f"{which.lower()}_b"), [t])
                      for r, t in zip(values, points)]
            for i in range(1, len(points) - 1):
                for j in range(len(series[0])):
                    if 2 * series[i][j] > series[i - 1][j] + series[i + 1][j]:
                        return Counterexample(f"tropical variant {which}^({l}) not convex",
                                              {"x": str(points[i]), "neuron": j})
    return None


register(Claim(
    id="003.sec4.skip-recurrences",
    source="003_cb1763ba3a2941b2.txt section 4, eqs. (46)-(54)",
    statement="With skips, H - G is the pre-activation and F - G the post-activation for the recurrences "
              "(51)-(54); F, G, H are tropical polynomials (convex) when the skip terms are split into "
              "nonnegative parts ((AP)+ F^(k) + (AP)- G^(k) in H, (AP)+ G^(k) + (AP)- F^(k) in G)",
    check=check_skip_recurrences,
    remarks=("Section 4 says the recurrences are updated for skips and that (51)-(54) work in Algorithms 1-2, "
             "which this claim confirms; it does not say that (48)-(50) keep F, G, H tropical polynomials. "
             "They need not: G and H as written in (49)-(50) subtract F^(k) - G^(k), and on the network "
             "checked each run G^(4) lies above a chord (not convex); the nonnegative split of the skip term "
             "keeps all three convex.",),
    examples=15,
))


# ------------------------------------------------------------------------------ Algorithm 3
_ALG3 = '{"input_dim": 1, "layers": [{"weight": [[-1]], "bias": [0]}, {"weight": [[-1]], "bias": [0]}]}'


def refute_alg3() -> Counterexample | None:
    """Algorithm 3 returns F^(L)_A x + f^(L)_b, which is not f(x) when G^(L) != 0."""
    net = network_from_json(_ALG3)  # f(x) = -relu(-x)
    x = [Fraction(1)]
    rec = pattern_recurrences(net, net.pattern(x))[net.depth]
    stated = _affine(rec.F_A, rec.f_b, x)
    _, post = direct_forward(net, x)
    if stated != post[-1]:
        return Counterexample("F^(L)_A x + f^(L)_b differs from f(x)",
                              {"network": _ALG3, "x": ["1"], "F x + f": json_vector(tuple(stated)),
                               "f(x)": json_vector(tuple(post[-1]))})
    return None


def check_alg3(rng: random.Random) -> Counterexample | None:
    """The cached predictor (map F - G) answers f(x) exactly, boundary points included, and caches."""
    net = random_network(rng)
    predictor = CachedPredictor(net)
    points = [list(vector(rng, net.input_dim, height=3, denominator=2)) for _ in range(12)]
    points += [list(p) for p in points[:4]]  # repeats must hit the cache
    for x in points:
        _, post = direct_forward(net, x)
        if list(predictor.predict(x)) != post[-1]:
            return Counterexample("cached prediction differs from f(x)", {"x": json_vector(tuple(x))})
    if predictor.hits < 4 or predictor.hits + predictor.misses != len(points):
        return Counterexample("cache statistics are wrong", {"hits": predictor.hits, "misses": predictor.misses})
    return None


register(Claim(
    id="003.alg3.cached-prediction",
    source="003_cb1763ba3a2941b2.txt Algorithm 3, section 7",
    statement="Caching pattern -> (F^(L) - G^(L)) and evaluating it gives f(x) exactly for every x",
    check=check_alg3,
    erratum=Erratum(
        stated="the network map on a region is F^(L)_A x + f^(L)_b (Algorithm 3, line 4)",
        corrected="the map is (F^(L)_A - G^(L)_A) x + (f^(L)_b - g^(L)_b) (Prop. 2.1: nu = F - G)",
        refute=refute_alg3,
    ),
))


# ------------------------------------------------------------------------------ section 3 walkthrough
WALKTHROUGH = Network(2, [([[-4, 1], [-4, -1]], [2, 3]), ([[-8, 3], ["-21/4", "19/4"]], [-4, 1]), ([[1, 1]], [0])])
_Q = Fraction


def _matrix(rows: Sequence[Sequence[object]]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(_Q(str(v)) for v in row) for row in rows)


PRINTED = {  # the matrices as printed in eqs. (39), (40), (42), (43)
    "G1": _matrix([[4, 0], [4, 1]]), "g1": (_Q(0), _Q(0)), "H1": _matrix([[0, 1], [0, 0]]), "h1": (_Q(2), _Q(3)),
    "F1": _matrix([[4, 0], [4, 1]]), "f1": (_Q(0), _Q(0)),
    "G2": _matrix([[12, 11], [19, 10]]), "g2": (_Q(16), _Q(21, 2)), "H2": _matrix([[32, 0], [21, 0]]),
    "h2": (_Q(12), _Q(23, 2)), "F2": _matrix([[32, 0], [19, 10]]), "f2": (_Q(12), _Q(21, 2)),
}
PRINTED_REGION = ([[4, -1], [4, 1], [-20, 11], [1, -10]], [2, 3, -4, -1])  # eq. (45)
PRINTED_44 = ([[-20, 11], [2, -10]], [-4, -1])  # eq. (44) as simplified in the text


def refute_walkthrough() -> Counterexample | None:
    """Recompute eqs. (39)-(45) from the definitions and list every disagreement."""
    found: dict[str, object] = {}
    # The walkthrough's (41) and (44) treat v = +1 as active: v1 = (1, 1), v2 = (1, -1).
    active = ((1, 1), (1, 0))
    rec = pattern_recurrences(WALKTHROUGH, active)
    computed = {"G1": rec[1].G_A, "g1": rec[1].g_b, "H1": rec[1].H_A, "h1": rec[1].h_b,
                "F1": rec[1].F_A, "f1": rec[1].f_b, "G2": rec[2].G_A, "g2": rec[2].g_b, "H2": rec[2].H_A,
                "h2": rec[2].h_b, "F2": rec[2].F_A, "f2": rec[2].f_b}
    for key, printed in PRINTED.items():
        if computed[key] != printed:
            found[key] = {"printed": _flat(printed), "eq. (14)": _flat(computed[key])}
    region = region_of_pattern(WALKTHROUGH, active, layers=2)
    paper = Polyhedron(2, *PRINTED_REGION)
    x = paper.interior_point()
    found["(45) vs (44)"] = "(44) gives 2x - 10y <= -1, (45) prints x - 10y <= -1"
    found["region of v1=(1,1), v2=(1,-1) with +1 active"] = (
        "empty" if isinstance(region, EmptyRegion) else "non-empty")
    found["point inside printed (45)"] = {"x": json_vector(x), "actual pattern": [
        "".join(map(str, g)) for g in WALKTHROUGH.pattern(x)]}
    algorithm = region_of_pattern(WALKTHROUGH, ((0, 0), (0, 1)), layers=2)
    found["with Algorithm 1's convention (+1 inactive) the assignment is 00,01, region"] = (
        "empty" if isinstance(algorithm, EmptyRegion) else [f"{list(map(str, a))} . x <= {b}"
                                                             for a, b in algorithm.inequalities])
    paper_holds = "h2" not in found and not isinstance(region, EmptyRegion) and WALKTHROUGH.pattern(x) == active
    if paper_holds:
        return None
    return Counterexample("eqs. (40), (42) h_b, (45) disagree with eq. (14) and with direct evaluation", found)


def _flat(values: tuple[object, ...]) -> list[str]:
    flat: list[str] = []
    for item in values:
        flat.extend(str(v) for v in (item if isinstance(item, tuple) else (item,)))
    return flat


def check_walkthrough(rng: random.Random) -> Counterexample | None:
    """The corrected walkthrough, checked against direct evaluation and the definition of G_J.

    Algorithm 1's region of every pattern of the network (38) equals ``G_J``, and ``h^(2)`` is
    what eq. (14) gives.
    """
    del rng
    box = Polyhedron.box([-2, -2], [2, 2])
    for pattern in WALKTHROUGH.all_patterns(layers=2):
        found = region_of_pattern(WALKTHROUGH, pattern, box, layers=2)
        direct = WALKTHROUGH.pattern_polyhedron(pattern, layers=2, domain=box)
        if isinstance(found, EmptyRegion):
            if direct.is_full_dimensional():
                return Counterexample("walkthrough region missed", {"pattern": list(map(str, pattern))})
        elif not found.polyhedron().equals(direct):
            return Counterexample("walkthrough region differs", {"pattern": list(map(str, pattern))})
    rec = pattern_recurrences(WALKTHROUGH, ((1, 1), (1, 0)))
    # eqs. (39), (42), (43): G^(1), g^(1), H^(1), G^(2), g^(2), H^(2) as printed, against a plain run of
    # eq. (14) (Algorithm 1's convention: +1 inactive, so the walkthrough's active pattern is -1, -1 / -1, +1)
    trace: list[dict[str, Any]] = []
    weights = [[[Fraction(v) for v in row] for row in layer.weight] for layer in WALKTHROUGH.layers[:2]]
    biases = [[Fraction(v) for v in layer.bias] for layer in WALKTHROUGH.layers[:2]]
    algorithm1(weights, biases, [(-1, -1), (-1, 1)], trace=trace)
    for key in ("G1", "g1", "H1", "G2", "g2", "H2"):
        plain = trace[int(key[1]) - 1][key[0]]
        as_tuple = tuple(tuple(r) for r in plain) if key[0].isupper() else tuple(plain)
        toolkit = getattr(rec[int(key[1])], f"{key[0]}_A" if key[0].isupper() else f"{key[0]}_b")
        if as_tuple != PRINTED[key] or toolkit != as_tuple:
            return Counterexample(f"{key} as printed, by plain eq. (14) and by the toolkit differ",
                                  {"printed": _flat(PRINTED[key]), "plain": _flat(as_tuple)})
    x = [Fraction(1, 3), Fraction(-1, 5)]
    pre, _ = direct_forward(WALKTHROUGH, x)
    if rec[2].pre_activation()(x) != tuple(pre[1]):
        return Counterexample("h^(2) - g^(2) is not the layer-2 pre-activation", {})
    if rec[2].h_b != (Fraction(5), Fraction(61, 4)):
        return Counterexample("h^(2) is not A+ f^(1) + A- g^(1) + b", {"h2": json_vector(rec[2].h_b)})
    return None


register(Claim(
    id="003.sec3.walkthrough",
    source="003_cb1763ba3a2941b2.txt section 3, eqs. (38)-(45)",
    statement="For the network (38), eq. (14) gives G^(1), g^(1), H^(1), h^(1), G^(2), g^(2), H^(2) as printed and "
              "h^(2) = (5, 61/4) (with F^(1) = H^(1)); Algorithm 1's region of every pattern equals G_J",
    check=check_walkthrough,
    erratum=Erratum(
        stated="eqs. (40)-(45): F^(1) = G^(1) for v1 = (1, 1); h^(2) = (12, 23/2); the region of v1 = (1, 1), "
               "v2 = (1, -1) is (45) = {4x - y <= 2, 4x + y <= 3, -20x + 11y <= -4, x - 10y <= -1}",
        corrected="(40) contradicts (41)-(44), which take +1 as active and use F^(1) = H^(1); then "
                  "h^(2) = (5, 61/4), (44) is 2x - 10y <= -1 in the text's own simplification, and the region "
                  "of that pattern is empty, while (45) holds points of pattern 11,01",
        refute=refute_walkthrough,
    ),
    examples=1,
))


# ------------------------------------------------------------------------------ Algorithm 2
def verify_tree_traversal(net: Network, box: Polyhedron, found: Sequence[tuple[tuple[int, ...], ...]]
                          ) -> Counterexample | None:
    """``found`` (the patterns Algorithm 2 returned) against every pattern's ``G_J`` by brute force.

    A pattern counts when its region (the definition: every neuron on its side, in ``box``) is
    full-dimensional, decided with the other polyhedron backend (pplpy) than the traversal's (cdd).
    """
    expected = set()
    for pattern in net.all_patterns():
        if net.pattern_polyhedron(pattern, domain=box.with_backend("ppl")).is_full_dimensional():
            expected.add(net.canonical_pattern(pattern))
    got = [net.canonical_pattern(p) for p in found]
    if len(set(got)) != len(got):
        return Counterexample("Algorithm 2 returned a region twice", {"regions": len(got)})
    if set(got) != expected:
        return Counterexample("Algorithm 2 and the brute force over all patterns disagree",
                              {"missed": sorted(map(str, expected - set(got))),
                               "extra": sorted(map(str, set(got) - expected))})
    return None


def check_tree_traversal(rng: random.Random) -> Counterexample | None:
    from tropical.enumeration import regions

    while True:   # 2 to 9 ReLU neurons: enough to prune, few enough for all 2^N patterns
        net = random_network(rng, skips=rng.random() < 0.5, max_depth=3, max_width=3, input_dim=rng.randint(1, 2))
        if 2 <= net.neuron_count <= 9:
            break
    box = Polyhedron.box([-4] * net.input_dim, [4] * net.input_dim)
    return verify_tree_traversal(net, box, [r.pattern for r in regions(net, box, method="tree")])


register(Claim(
    id="003.alg2.tree-traversal",
    source="003_cb1763ba3a2941b2.txt Algorithm 2",
    statement="The tree traversal of Algorithm 2 (prune a prefix whose region is empty) returns every full-"
              "dimensional region exactly once: the same set as a brute force over all 2^N patterns, each "
              "pattern's G_J decided full-dimensional or not by the other LP backend",
    check=check_tree_traversal,
    examples=20,
))


# ------------------------------------------------------------------------------ Algorithm 1, line 10 and eq. (16)
Inequality = tuple[list[Fraction], Fraction]


def algorithm1(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
               v: Sequence[Sequence[int]], literal_loop: bool = False, literal_init: bool = False,
               trace: list[dict[str, Any]] | None = None) -> list[Inequality]:
    """Algorithm 1 with plain Fractions: the inequalities ``alpha . x + beta <= 0`` of pattern ``v``.

    ``v[l][i] = +1`` means inactive (the algorithm's convention). ``literal_loop`` runs line 10 as
    printed (``for i = 1, ..., l``; the rows it skips stay zero); ``literal_init`` reads eq. (16) as
    printed (``g_b^(l+1) = h_b^(l+1) = 0``: the layer biases dropped). ``trace`` receives each
    layer's ``G, g, H, h, F, f``.
    """
    n = len(weights[0][0])
    F = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    G = [[Fraction(0)] * n for _ in range(n)]
    f = [Fraction(0)] * n
    g = [Fraction(0)] * n
    S: list[Inequality] = []
    for l, (A, b) in enumerate(zip(weights, biases)):
        plus = [[max(a, Fraction(0)) for a in row] for row in A]
        minus = [[max(-a, Fraction(0)) for a in row] for row in A]

        def comb(P: Sequence[Sequence[Fraction]], X: Sequence[Sequence[Fraction]], M: Sequence[Sequence[Fraction]],
                 Y: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
            return [[sum((p * x[j] for p, x in zip(prow, X)), Fraction(0)) +
                     sum((m * y[j] for m, y in zip(mrow, Y)), Fraction(0)) for j in range(n)]
                    for prow, mrow in zip(P, M)]

        def combv(P: Sequence[Sequence[Fraction]], x: Sequence[Fraction], M: Sequence[Sequence[Fraction]],
                  y: Sequence[Fraction]) -> list[Fraction]:
            return [sum((p * a for p, a in zip(prow, x)), Fraction(0)) + sum((m * c for m, c in zip(mrow, y)),
                                                                              Fraction(0)) for prow, mrow in zip(P, M)]

        G1, H1 = comb(plus, G, minus, F), comb(plus, F, minus, G)           # eq. (14)
        g1 = combv(plus, g, minus, f)
        h1 = [a + (Fraction(0) if literal_init else c) for a, c in zip(combv(plus, f, minus, g), b)]
        width = len(A)
        F1 = [[Fraction(0)] * n for _ in range(width)]
        f1 = [Fraction(0)] * width
        rows = range(min(l, width)) if literal_loop else range(width)        # line 10
        for i in rows:
            alpha = [hh - gg for hh, gg in zip(H1[i], G1[i])]
            beta = h1[i] - g1[i]
            if v[l][i] == 1:
                S.append((alpha, beta))
                F1[i], f1[i] = G1[i], g1[i]
            else:
                S.append(([-a for a in alpha], -beta))
                F1[i], f1[i] = H1[i], h1[i]
        if trace is not None:
            trace.append({"G": G1, "g": g1, "H": H1, "h": h1, "F": F1, "f": f1})
        F, G, f, g = F1, G1, f1, g1
    return S


def _satisfies(S: Sequence[Inequality], x: Sequence[Fraction], strict: bool = False) -> bool:
    values = [sum((a * c for a, c in zip(alpha, x)), Fraction(0)) + beta for alpha, beta in S]
    return all(v < 0 for v in values) if strict else all(v <= 0 for v in values)


def refute_index_slips() -> Counterexample | None:
    """``x -> relu(x - 1)`` and ``v = (+1)`` (inactive: the region is ``x <= 1``)."""
    W, b, v = [[[Fraction(1)]]], [[Fraction(-1)]], [[1]]
    loop = algorithm1(W, b, v, literal_loop=True)
    init = algorithm1(W, b, v, literal_init=True)
    corrected = algorithm1(W, b, v)
    two, half = [Fraction(2)], [Fraction(1, 2)]
    if not (_satisfies(loop, two) and not _satisfies(init, half) and _satisfies(corrected, half)
            and not _satisfies(corrected, two)):
        return None
    return Counterexample(
        "for x -> relu(x - 1) and v = (+1) (region x <= 1): with line 10 as printed (i = 1..l) the first layer "
        "(l = 0) appends no inequality and S admits x = 2, where the neuron is active; with eq. (16) as printed "
        "(g_b^(l+1) = h_b^(l+1) = 0) the bias is lost and S = {x <= 0} excludes x = 1/2, where it is inactive",
        {"literal_loop_S": len(loop),
         "literal_init_S": [[str(a) for a in alpha] + [str(beta)] for alpha, beta in init]})


def verify_algorithm1(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
                      x: Sequence[Fraction], literal_loop: bool = False, literal_init: bool = False
                      ) -> Counterexample | None:
    """Algorithm 1 (corrected unless ``reading``) at a point ``x`` with no zero pre-activation.

    ``x`` must be strictly inside ``S`` of its own pattern and outside ``S`` of every pattern with
    one neuron flipped.
    """
    from proofs_check.plain import relu_forward, strict_bits

    bits = strict_bits(relu_forward(weights, biases, x)[0][:len(weights)])
    if bits is None:
        return None
    own = [[1 - 2 * bit for bit in layer] for layer in bits]   # +1 inactive
    if not _satisfies(algorithm1(weights, biases, own, literal_loop, literal_init), x, strict=True):
        return Counterexample("x is not inside the region of its own pattern", {"x": json_vector(x)})
    for l, layer in enumerate(own):
        for i in range(len(layer)):
            flipped = [list(r) for r in own]
            flipped[l][i] = -flipped[l][i]
            if _satisfies(algorithm1(weights, biases, flipped, literal_loop, literal_init), x):
                return Counterexample("x is inside the region of a pattern it does not have",
                                      {"x": json_vector(x), "layer": l, "neuron": i})
    return None


def check_algorithm1(rng: random.Random) -> Counterexample | None:
    net = random_network(rng, skips=False, max_depth=3, max_width=3)
    W = [[list(r) for r in layer.weight] for layer in net.layers]
    b = [list(layer.bias) for layer in net.layers]
    relu = len(W) if net.output_relu else len(W) - 1
    for _ in range(5):
        found = verify_algorithm1(W[:relu] or W, b[:relu] or b, list(vector(rng, net.input_dim)))
        if found is not None:
            return found
    return None


register(Claim(
    id="003.alg1.index-slips",
    source="003_cb1763ba3a2941b2.txt Algorithm 1 (line 10) and eq. (16)",
    statement="Algorithm 1 with line 10 running over the neurons of layer l + 1 (i = 1, ..., n_(l+1)) and the "
              "initial values g_b^(0) = h_b^(0) = 0 (plain Fractions, eq. (14)) puts every point strictly inside the "
              "region of its own pattern and outside the region of each pattern with one neuron flipped",
    check=check_algorithm1,
    erratum=Erratum(
        stated="Algorithm 1, line 10: 'for i = 1, ..., l do'; eq. (16): 'f_b^(0)(x) = 0, g_b^(l+1)(x) = 0, "
               "h_b^(l+1)(x) = 0'",
        corrected="line 10 loops over i = 1, ..., n_(l+1) (the rows of H^(l+1)); eq. (16) gives g_b^(0) = h_b^(0) = 0",
        kind="typo",
        refute=refute_index_slips),
    examples=25,
))


# ------------------------------------------------------------------------------ eq. (59)
def _eq59_sides(net: Network, x: Sequence[Fraction], layer: int, source: int, literal: bool
                ) -> tuple[Vec, Vec]:
    """The two sides of eq. (59) for the skip ``source -> layer + 1`` at ``x`` (values, paper's recurrences).

    Printed: ``G^(l) + A^- nu^(k) = H^(l) + A^+ nu^(k)``; corrected (eqs. 49-50):
    ``A^+ G^(l) + A^- F^(l) + A^- nu^(k) = A^+ F^(l) + A^- G^(l) + A^+ nu^(k) + b``.
    """
    rec = pattern_recurrences(net, net.pattern(x), variant="paper")
    _, post = direct_forward(net, x)
    A = net.layers[layer].weight
    b = net.layers[layer].bias
    plus = [[max(a, Fraction(0)) for a in row] for row in A]
    minus = [[max(-a, Fraction(0)) for a in row] for row in A]
    nu_k = post[source]
    if layer == 0:
        G, F = [Fraction(0)] * net.input_dim, list(x)
        H = list(x)
    else:
        r = rec[layer]
        G, F, H = _affine(r.G_A, r.g_b, x), _affine(r.F_A, r.f_b, x), _affine(r.H_A, r.h_b, x)
    zero = [Fraction(0)] * len(A)
    if literal:
        return ([g + v for g, v in zip(G, _affine(minus, zero, nu_k))],
                [h + v for h, v in zip(H, _affine(plus, zero, nu_k))])
    left = [p + m + s for p, m, s in zip(_affine(plus, zero, G), _affine(minus, zero, F), _affine(minus, zero, nu_k))]
    right = [p + m + s for p, m, s in zip(_affine(plus, list(b), F), _affine(minus, zero, G),
                                          _affine(plus, zero, nu_k))]
    return left, right


def refute_eq59() -> Counterexample | None:
    """``x -> relu(x)``, then ``2 (nu^(1) + x) - 1`` (skip ``0 -> 2``): the new breakpoint is ``x = 1/4``."""
    net = Network(1, [([[1]], [0]), ([[2]], [-1])], [Skip(0, 2)])
    quarter, zero = [Fraction(1, 4)], [Fraction(0)]
    pre_quarter = direct_forward(net, quarter)[0][1]
    literal_zero = _eq59_sides(net, zero, 1, 0, literal=True)
    literal_quarter = _eq59_sides(net, quarter, 1, 0, literal=True)
    if pre_quarter == [0] and literal_zero[0] == literal_zero[1] and literal_quarter[0] != literal_quarter[1]:
        return Counterexample("for relu(x) followed by 2 (nu^(1)(x) + x) - 1 the hyperplane of layer 2 is x = 1/4, "
                              "but eq. (59) as printed, G^(1) + A^- x = H^(1) + A^+ x, holds at x = 0 and not at 1/4",
                              {"printed_at_0": [str(v) for v in literal_zero[0]]})
    return None


def verify_eq59(net: Network, x: Sequence[Fraction], layer: int, source: int, literal: bool = False
                ) -> Counterexample | None:
    """The corrected (59)'s right side minus its left side is the pre-activation of layer ``layer + 1``."""
    left, right = _eq59_sides(net, x, layer, source, literal)
    pre = direct_forward(net, x)[0][layer]
    if len(left) != len(pre) or [r - l for l, r in zip(left, right)] != pre:
        return Counterexample("eq. (59)'s sides do not differ by the pre-activation", {"x": json_vector(x)})
    return None


def check_eq59(rng: random.Random) -> Counterexample | None:
    sizes = [rng.randint(1, 2)] + [rng.randint(1, 3) for _ in range(3)]
    layer = rng.randint(1, 2)            # the skip feeds layer + 1 (0-based index ``layer``)
    source = rng.randrange(layer)        # from an earlier layer k < l
    sizes[layer] = sizes[source]         # an identity skip, as in eq. (59)
    net = Network(sizes[0], layers(rng, sizes), [Skip(source, layer + 1)])
    for _ in range(5):
        found = verify_eq59(net, list(vector(rng, net.input_dim)), layer, source)
        if found is not None:
            return found
    return None


register(Claim(
    id="003.eq59.skip-hyperplane",
    source="003_cb1763ba3a2941b2.txt eq. (59), section 6.3 (with eqs. 48-50)",
    statement="With an identity skip from layer k into layer l + 1, the hyperplanes layer l + 1 introduces are "
              "A^+ G^(l) + A^- F^(l) + A^- nu^(k) = A^+ F^(l) + A^- G^(l) + A^+ nu^(k) + b (eqs. 49-50): the two sides "
              "differ exactly by the pre-activation A (nu^(l) + nu^(k)) + b (toolkit recurrences, plain evaluation)",
    check=check_eq59,
    erratum=Erratum(
        stated="eq. (59): G^(l)(x) + A^- nu^(k)(x) = H^(l)(x) + A^+ nu^(k)(x)",
        corrected="A^+ G^(l) + A^- F^(l) + A^- nu^(k) = A^+ F^(l) + A^- G^(l) + A^+ nu^(k) + b, i.e. "
                  "G^(l+1) = H^(l+1) by (49)-(50)",
        kind="typo",
        refute=refute_eq59),
    examples=20,
))


# ------------------------------------------------------------------------------ Algorithm 2, literally
def _prefix_empty(S: Sequence[Inequality], n: int) -> bool:
    return Polyhedron(n, [alpha for alpha, _ in S], [-beta for _, beta in S]).is_empty()


def find_linear_region(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
                       v: Sequence[Sequence[int]]) -> int | None:
    """Algorithm 1 with its emptiness test after each layer (line 21): the failing layer index, or ``None``."""
    S = algorithm1(weights, biases, v)
    n = len(weights[0][0])
    count = 0
    for l, layer in enumerate(weights):
        count += len(layer)
        if _prefix_empty(S[:count], n):
            return l
    return None


def algorithm2(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]]
               ) -> tuple[list[tuple[tuple[int, ...], ...]], int]:
    """Algorithm 2 as printed (``v = +1`` inactive): the non-empty patterns and the number of Algorithm 1 calls.

    Line 14: when a child reports a failure at a layer before the one this call varies, return it
    (every sibling shares the empty prefix).
    """
    L = len(weights)
    results: list[tuple[tuple[int, ...], ...]] = []
    calls = 0

    def traverse(depth: int, v: list[tuple[int, ...]]) -> int | None:
        nonlocal calls
        if depth == L:
            calls += 1
            failure = find_linear_region(weights, biases, v)
            if failure is not None:
                return failure
            results.append(tuple(v))
            return None
        for assignment in itertools.product((-1, 1), repeat=len(weights[depth])):
            message = traverse(depth + 1, v + [assignment])
            if message is not None and depth > message:
                return message
        return None

    traverse(0, [])
    return results, calls


def verify_algorithm2(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
                      found: Sequence[tuple[tuple[int, ...], ...]]) -> Counterexample | None:
    """``found`` against Algorithm 1 on every one of the ``2^N`` patterns (no pruning)."""
    brute = [tuple(v) for v in itertools.product(*(itertools.product((-1, 1), repeat=len(w)) for w in weights))
             if find_linear_region(weights, biases, v) is None]
    if sorted(found) != sorted(brute) or len(set(found)) != len(found):
        return Counterexample("Algorithm 2's pruning loses or repeats a non-empty pattern",
                              {"found": len(found), "brute_force": len(brute)})
    return None


def check_algorithm2(rng: random.Random) -> Counterexample | None:
    sizes = [rng.randint(1, 2)] + [rng.randint(1, 3) for _ in range(rng.randint(2, 3))]
    drawn = layers(rng, sizes)
    W = [[list(r) for r in w] for w, _ in drawn]
    b = [list(c) for _, c in drawn]
    found, _ = algorithm2(W, b)
    return verify_algorithm2(W, b, found)


register(Claim(
    id="003.alg2.literal-pruning",
    source="003_cb1763ba3a2941b2.txt Algorithm 2 (line 14), Algorithm 1 (line 21)",
    statement="Algorithm 2 as printed, with Algorithm 1's per-layer emptiness test and the pruning of line 14 (return "
              "a child's failure index when it is below the current depth), returns exactly the patterns whose "
              "closed region is non-empty, each once: plain Algorithm 1 against all 2^N patterns (every layer "
              "ReLU, exact LPs)",
    check=check_algorithm2,
    examples=15,
))

"""Claims of ``003`` (tropical recurrences, regions, skips, caching, the section 3 walkthrough).

Expected values come from direct exact evaluation written here (plain Fraction loops)
or from :meth:`exact.network.Network.pattern_polyhedron` (the definition of ``G_J``),
never from the recurrences under test.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

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
def check_thm22(rng: random.Random) -> Counterexample | None:
    """Every pattern's region from Algorithm 1 equals ``G_J`` by definition; eq. (17) with ``v = +1`` inactive."""
    net = random_network(rng, max_depth=2, max_width=2, input_dim=2)
    box = Polyhedron.box([-4, -4], [4, 4])
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


def refute_skip_tropical() -> Counterexample | None:
    """The paper's (49)-(50) give a G that is not convex, so not a tropical polynomial."""
    net = network_from_json(_NONCONVEX)
    a, m, b = Fraction(1, 2), Fraction(3, 4), Fraction(1)
    ga, gm, gb = (_g_value(net, t, 4, "paper") for t in (a, m, b))
    if 2 * gm > ga + gb:
        return Counterexample(
            "G^(4) from (49)-(50) lies above its chord, so it is not convex (tropical polynomials are)",
            {"network": _NONCONVEX, "x": [str(a), str(m), str(b)], "G^(4)": [str(ga), str(gm), str(gb)]})
    return None


def check_skip_recurrences(rng: random.Random) -> Counterexample | None:
    """(49)-(54) give the right pre/post-activations; the nonnegative variant stays convex."""
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
    erratum=Erratum(
        stated="(48)-(50) extend Prop. 2.1 to skips, so F, G, H remain tropical polynomials",
        corrected="(49)-(54) give the right H - G and F - G, but G and H subtract F^(k) - G^(k) and need not be "
                  "tropical polynomials; the nonnegative split keeps them so",
        refute=refute_skip_tropical,
    ),
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

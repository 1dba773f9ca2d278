"""Equivalence on ACAS Xu, exact against the standard float approach (a big-M MILP solved by HiGHS).

For each ACAS Xu network in ``../shared/data/acasxu`` and the input box of each VNN-LIB property
there, the network is compared with

- pruned copies (the smallest 5%, 10%, 20% of its weights, by magnitude, set to 0),
- rounded copies (every weight and bias rounded to a multiple of 2^-6, 2^-8),
- equivalent copies that are not symmetries: a neuron dead on the box gets its outgoing weights
  multiplied by -3, and a layer is rescaled (``dead*-3``); the same for a neuron whose bounds show
  it dead only on the 8 pieces of the box the reduction tries, not on the whole box (``dead on
  pieces*-3``); a neuron is split in two halves (``split``).

**Exact**: ``fibers.decide_equivalence(a, b, domain=box)`` (probe points, then the canonical
reduction, :mod:`fibers.reduction`), then ``fibers.verify_certificate`` on its answer (timed apart).

**Float baseline** (labelled as such): the MILP encoding of Kleine Buning, Kern and Sinz,
"Verifying equivalence properties of neural networks with ReLU activation functions" (CP 2020),
written here from the paper: both networks share the input ``x`` in the box; each unstable
neuron has ``y >= z, y >= 0, y <= z - l (1 - d), y <= u d`` with a binary ``d`` and float bounds
``[l, u]`` (symbolic interval bounds, as tools use); a stable neuron is ``y = z`` or ``y = 0``;
the question "is ``|f_a(x) - f_b(x)|_inf >= eps`` somewhere?" (``eps = 1e-6``) is one feasibility
MILP with a binary per output and sign. HiGHS (through SciPy) runs with presolve for half the time
limit, then without it for the other half (with presolve it found no solution on the ACAS models
within minutes; without it, it reports a solve error on some small ones), and answers "different"
(its first solution), "equivalent" (infeasible: no difference of ``eps`` or more, within its
tolerances) or runs out of its time limit. Each float answer is checked against the exact one; disagreements are listed.

Property 4 fixes an input (``X_2 = 0``): its box is flat, and the exact decider works on its affine
hull (``"slice"`` in the answer).

Run: ``python benchmarks/equivalence_acas.py [--limit SECONDS] [--quick] [--properties prop_4]
[--json OUT]``; writes ``benchmarks/results/equivalence_acas.{json,txt}`` (or ``OUT.{json,txt}``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from exact.io import from_onnx, load_vnnlib  # noqa: E402
from exact.network import Network  # noqa: E402
from fibers.equivalence import REFINE_PIECES, decide_equivalence, verify_certificate  # noqa: E402
from fibers.reduction import bisect_box, dense_form, domain_box, preactivation_bounds  # noqa: E402
from fibers.symmetries import rescale  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "data", "acasxu")
EPS = 1e-6


# --------------------------------------------------------------------------- variants

def _params(net: Network) -> list[tuple[list[list[Fraction]], list[Fraction]]]:
    return [([list(r) for r in layer.weight], list(layer.bias)) for layer in net.layers]


def pruned(net: Network, fraction: float) -> Network:
    layers = _params(net)
    weights = sorted(abs(v) for W, _ in layers for r in W for v in r)
    cut = weights[int(fraction * len(weights))]
    return Network(net.input_dim, [([[v if abs(v) >= cut else Fraction(0) for v in r] for r in W], b)
                                   for W, b in layers])


def rounded(net: Network, bits: int) -> Network:
    scale = 1 << bits

    def r(v: Fraction) -> Fraction:
        return Fraction(round(v * scale), scale)

    return Network(net.input_dim, [([[r(v) for v in row] for row in W], [r(v) for v in b]) for W, b in _params(net)])


def dead_times_minus_three(net: Network, box) -> Network | None:
    lo, hi = domain_box(box)
    bounds = preactivation_bounds(dense_form(net), lo, hi)
    for l in range(len(bounds) - 1, 0, -1):          # the deepest layer with a neuron dead on the box
        dead = [j for j, v in enumerate(bounds[l - 1][1]) if v <= 0]
        if dead:
            layers = _params(net)
            for row in layers[l][0]:
                row[dead[0]] *= -3
            return rescale(Network(net.input_dim, layers), l, [Fraction(k % 7 + 1, 3) for k in range(50)])
    return None


def dead_on_pieces_times_minus_three(net: Network, box) -> Network | None:
    """As :func:`dead_times_minus_three`, for the deepest neuron dead on every piece of the box, not on the box."""
    lo, hi = domain_box(box)
    whole = preactivation_bounds(dense_form(net), lo, hi)
    pieces = [preactivation_bounds(dense_form(net), a, b) for a, b in bisect_box(lo, hi, REFINE_PIECES)]
    for l in range(len(whole) - 1, 0, -1):
        dead = [j for j in range(len(whole[l - 1][1]))
                if whole[l - 1][1][j] > 0 and all(p[l - 1][1][j] <= 0 for p in pieces)]
        if dead:
            layers = _params(net)
            for row in layers[l][0]:
                row[dead[0]] *= -3
            return Network(net.input_dim, layers)
    return None


def split(net: Network) -> Network:
    """Neuron 0 of layer 3 (``z``) as two neurons, ``relu(z)`` and ``relu(2 z)``, each sending a third of its column."""
    layers = _params(net)
    W, b = layers[2]
    layers[2] = (W + [[v * 2 for v in W[0]]], b + [b[0] * 2])
    W2, b2 = layers[3]
    layers[3] = ([row + [row[0] / 3] for row in W2], b2)
    for row in layers[3][0]:
        row[0] = row[0] / 3
    return Network(net.input_dim, layers)


# --------------------------------------------------------------------------- float baseline

def float_bounds(Ws, bs, lo, hi):
    """Symbolic interval bounds in floats (the usual float tool), widened by 1e-9 relative."""
    rel, out = [], []
    for l in range(len(Ws) - 1):
        sides = []
        for sign in (1.0, -1.0):
            A, c = Ws[l] * sign, bs[l] * sign
            for k in range(l - 1, -1, -1):
                ll, lu, mu = rel[k]
                Ap, An = np.maximum(A, 0), np.minimum(A, 0)
                c = c + Ap @ mu
                A = Ap * lu + An * ll
                c = c + A @ bs[k]
                A = A @ Ws[k]
            sides.append(np.maximum(A, 0) @ hi + np.minimum(A, 0) @ lo + c)
        u, lw = sides[0], -sides[1]
        pad = 1e-9 * (1 + np.abs(u) + np.abs(lw))
        u, lw = u + pad, lw - pad
        lu = np.where(lw >= 0, 1.0, np.where(u <= 0, 0.0, u / np.maximum(u - lw, 1e-300)))
        mu = np.where((lw < 0) & (u > 0), -lw * lu, 0.0)
        ll = np.where(lw >= 0, 1.0, np.where(u <= 0, 0.0, (u > -lw).astype(float)))
        rel.append((ll, lu, mu))
        out.append((lw, u))
    return out


def milp_differ(a: Network, b: Network, lo: np.ndarray, hi: np.ndarray, limit: float, point=None):
    """The Kleine Buning et al. MILP: is |f_a - f_b|_inf >= EPS somewhere in the box? (answer, seconds, x)."""
    from scipy.optimize import LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n = len(lo)
    var_lo, var_hi, integer = list(lo), list(hi), [0] * n
    rows: list[tuple[dict[int, float], float, float]] = []

    values = list(point) if point is not None else None     # a candidate solution, for checking the model

    def new(low, high, is_int=0, value=0.0):
        var_lo.append(low)
        var_hi.append(high)
        integer.append(is_int)
        if values is not None:
            values.append(value)
        return len(var_lo) - 1

    outputs = []
    for net in (a, b):
        Ws = [np.array([[float(v) for v in r] for r in layer.weight]) for layer in net.layers]
        bs = [np.array([float(v) for v in layer.bias]) for layer in net.layers]
        bounds = float_bounds(Ws, bs, lo, hi)
        prev = list(range(n))
        h = np.array(point, dtype=float) if point is not None else None
        for l, (W, bias) in enumerate(zip(Ws, bs)):
            zv = W @ h + bias if h is not None else np.zeros(W.shape[0])
            last = l == len(Ws) - 1
            current = []
            for j in range(W.shape[0]):
                z = new(-1e3 if last else bounds[l][0][j], 1e3 if last else bounds[l][1][j], value=zv[j])
                row = {z: -1.0}
                for k, v in zip(prev, W[j]):
                    if v:
                        row[k] = row.get(k, 0.0) + v
                rows.append((row, -bias[j], -bias[j]))          # W y + b - z = 0
                if last:
                    current.append(z)
                    continue
                low, up = bounds[l][0][j], bounds[l][1][j]
                if up <= 0:
                    y = new(0.0, 0.0)
                elif low >= 0:
                    y = new(0.0, up, value=zv[j])
                    rows.append(({y: 1.0, z: -1.0}, 0.0, 0.0))
                else:
                    y, d = new(0.0, up, value=max(zv[j], 0.0)), new(0.0, 1.0, 1, value=float(zv[j] > 0))
                    rows.append(({y: 1.0, z: -1.0}, 0.0, np.inf))               # y >= z
                    rows.append(({y: 1.0, z: -1.0, d: -low}, -np.inf, -low))    # y <= z - l (1 - d)
                    rows.append(({y: 1.0, d: -up}, -np.inf, 0.0))               # y <= u d
                current.append(y)
            prev = current
            if h is not None:
                h = zv if last else np.maximum(zv, 0)
        outputs.append(prev)
    big = 1e4
    t = new(EPS, big)                                    # a difference of EPS or more: feasible iff "different"
    choices = []
    for za, zb in zip(*outputs):
        for sign in (1.0, -1.0):
            s = new(0.0, 1.0, 1)
            choices.append(s)      # t <= sign (za - zb) + big (1 - s)
            rows.append(({t: 1.0, za: -sign, zb: sign, s: big}, -np.inf, big))
    rows.append(({s: 1.0 for s in choices}, 1.0, 1.0))
    A = lil_matrix((len(rows), len(var_lo)))
    for i, (row, _, _) in enumerate(rows):
        for k, v in row.items():
            A[i, k] = v
    if values is not None:        # report the constraints and bounds the candidate breaks
        return [(i, row) for i, (row, low, high) in enumerate(rows)
                if not low - 1e-6 <= sum(v * values[k] for k, v in row.items()) <= high + 1e-6], \
            [k for k in range(len(values)) if not var_lo[k] - 1e-6 <= values[k] <= var_hi[k] + 1e-6]
    objective = np.zeros(len(var_lo))                    # maximise t, but stop at the first solution (any gap)
    objective[t] = -1.0
    seconds = 0.0
    answer = "time limit"
    for presolve in (True, False):        # HiGHS with presolve, then without, half the time limit each
        start = time.perf_counter()
        result = milp(objective, integrality=np.array(integer), bounds=(np.array(var_lo), np.array(var_hi)),
                      constraints=LinearConstraint(A.tocsr(), [r[1] for r in rows], [r[2] for r in rows]),
                      options={"time_limit": limit / 2, "disp": False, "presolve": presolve,
                               "mip_rel_gap": 1e9})
        seconds += time.perf_counter() - start
        if os.environ.get("MILP_DEBUG"):
            print(presolve, result.status, result.message, file=sys.stderr)
        if result.x is not None:
            return "different", seconds, result.x[:n]
        if result.status == 2:
            return "equivalent", seconds, None
        answer = "time limit" if result.status == 1 else f"solver error ({result.status})"
    return answer, seconds, None


# --------------------------------------------------------------------------- run

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="HiGHS time limit per MILP (seconds)")
    parser.add_argument("--quick", action="store_true", help="one network, two properties")
    parser.add_argument("--properties", help="only these, e.g. prop_4 (comma-separated)")
    parser.add_argument("--json", default=os.path.join(HERE, "results", "equivalence_acas"),
                        help="write OUT.json and OUT.txt (default benchmarks/results/equivalence_acas)")
    args = parser.parse_args()
    import onnx

    names = sorted(f for f in os.listdir(DATA) if f.endswith(".onnx"))
    props = sorted(f for f in os.listdir(DATA) if f.endswith(".vnnlib"))
    if args.quick:
        names, props = names[:1], props[2:]
    if args.properties:
        props = [p for p in props if p.replace(".vnnlib", "") in args.properties.split(",")]
    rows, disagreements, checks = [], [], []
    for name in names:
        net = from_onnx(onnx.load(os.path.join(DATA, name)))
        for prop in props:
            vnn = load_vnnlib(os.path.join(DATA, prop))
            box = vnn.domain()    # a box that fixes an input (property 4) is decided on its affine hull
            lo = np.array([float(v) for v in vnn.lo])
            hi = np.array([float(v) for v in vnn.hi])
            variants = [(f"pruned {p}%", pruned(net, p / 100)) for p in (5, 10, 20)]
            variants += [(f"rounded 2^-{k}", rounded(net, k)) for k in (6, 8)]
            dead = dead_times_minus_three(net, box)
            if dead is not None:
                variants.append(("dead*-3, rescaled", dead))
            on_pieces = dead_on_pieces_times_minus_three(net, box)
            if on_pieces is not None:
                variants.append(("dead on pieces*-3", on_pieces))
            variants.append(("split", split(net)))
            for label, other in variants:
                start = time.perf_counter()
                answer = decide_equivalence(net, other, domain=box)
                exact_s = time.perf_counter() - start
                start = time.perf_counter()
                ok = bool(verify_certificate(net, other, answer))
                verify_s = time.perf_counter() - start
                verdict = "equivalent" if answer.equivalent else "different"
                float_answer, float_s, x = milp_differ(net, other, lo, hi, args.limit)
                note = ""
                if float_answer == "different" and x is not None:
                    point = [Fraction(float(v)) for v in x]
                    inside = all(a <= v <= b for a, v, b in zip(vnn.lo, point, vnn.hi))
                    if not inside or net.evaluate(point) == other.evaluate(point):
                        note = "the float witness is not one exactly"
                if float_answer in ("different", "equivalent") and float_answer != verdict:
                    note = note or f"float says {float_answer}, exact says {verdict}"
                if note:
                    disagreements.append(f"{name} {prop} {label}: {note}")
                rows.append({"network": name.replace("ACASXU_run2a_", "").replace("_batch_2000.onnx", ""),
                             "property": prop.replace(".vnnlib", ""), "copy": label, "exact": verdict,
                             "method": answer.method, "exact_s": round(exact_s, 3), "verified": ok,
                             "verify_s": round(verify_s, 3), "float": float_answer, "float_s": round(float_s, 3),
                             "ratio": round(exact_s / float_s, 3) if float_s > 0 else None})
                print(json.dumps(rows[-1]), flush=True)
                if label == "pruned 20%" and not answer.equivalent and prop == props[0]:
                    # the baseline on a box of width 2e-7 around the exact witness, where |f_a - f_b| is known
                    x = np.array([float(v) for v in answer.witness])
                    gap = max(abs(p - q) for p, q in zip(answer.output_a, answer.output_b))
                    tiny, tiny_s, _ = milp_differ(net, other, x - 1e-7, x + 1e-7, args.limit)
                    checks.append({"network": rows[-1]["network"], "property": rows[-1]["property"],
                                   "copy": label, "exact_gap_at_witness": f"{float(gap):.4g}", "float": tiny,
                                   "float_s": round(tiny_s, 3)})
                    if tiny == "equivalent":
                        disagreements.append(f"{name} {prop} {label}, box of width 2e-7 around the exact witness "
                                             f"(|f_a - f_b| = {float(gap):.4g} there): HiGHS says infeasible")
                    print(json.dumps(checks[-1]), flush=True)
    out = args.json[:-5] if args.json.endswith(".json") else args.json
    with open(out + ".json", "w") as handle:
        json.dump({"rows": rows, "baseline_checks": checks, "disagreements": disagreements,
                   "milp_time_limit": args.limit}, handle, indent=1)
    text = summarise(rows, checks, disagreements, args.limit)
    with open(out + ".txt", "w") as handle:
        handle.write(text)
    print(text)


def summarise(rows: list[dict], checks: list[dict], disagreements: list[str], limit: float) -> str:
    """The summary table by kind of copy (times in seconds: median, max), then every row."""
    import statistics

    lines = [f"HiGHS time limit {limit:g} s per MILP.", "",
             "| copy | cases | exact answer (method) | exact s, median (max) | verify s, median | float MILP answers |"
             " exact / MILP time, max |", "|---|---|---|---|---|---|---|"]
    kinds = list(dict.fromkeys(r["copy"] for r in rows))
    for kind in kinds:
        some = [r for r in rows if r["copy"] == kind]
        answers = ", ".join(f"{a}: {sum(r['exact'] == a for r in some)}" for a in ("equivalent", "different")
                            if any(r["exact"] == a for r in some))
        methods = ", ".join(sorted({r["method"] for r in some}))
        floats = ", ".join(f"{a}: {sum(r['float'] == a for r in some)}"
                           for a in dict.fromkeys(r["float"] for r in some))
        ex = [r["exact_s"] for r in some]
        lines.append(f"| {kind} | {len(some)} | {answers} ({methods}) | {statistics.median(ex):.2f} ({max(ex):.2f}) | "
                     f"{statistics.median(r['verify_s'] for r in some):.2f} | {floats} | "
                     f"{max(r['ratio'] for r in some):.3f} |")
    lines.append("")
    for c in checks:
        lines.append(f"Baseline check, {c['network']} {c['property']} {c['copy']}: on a box of width 2e-7 around the "
                     f"exact witness (|f_a - f_b| = {c['exact_gap_at_witness']}) the MILP answers {c['float']} "
                     f"in {c['float_s']} s")
    lines.append("")
    lines.append("Disagreements: " + ("; ".join(disagreements) if disagreements else "none"))
    lines += ["", "| network | property | copy | exact | method | exact s | verify s | float MILP | MILP s | "
                  "exact/MILP |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['network']} | {r['property']} | {r['copy']} | {r['exact']} | {r['method']} | "
                     f"{r['exact_s']} | {r['verify_s']} | {r['float']} | {r['float_s']} | {r['ratio']} |")
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    main()

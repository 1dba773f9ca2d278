"""The exact overlap decomposition (``000`` Algorithm 1) against a float64 HiGHS implementation, in one run.

Setting of ``000`` section 4.3 for d = 1: points on four circles of radii 1, 3/2, 2, 5/2 (rational
points, ``r ((1-t^2)/(1+t^2), 2t/(1+t^2))`` for a rational ``t`` drawn from a float angle), networks of
widths ``2, 25, 25, 25, 25, 2`` with Kaiming-normal weights (PyTorch, float64, converted exactly).
"Trained" networks get a short full-batch Adam fit on the paper's labels (radii 1, 2 -> class 0;
3/2, 5/2 -> class 1); the paper's 1000 epochs at learning rate 2e-5 are not reproduced.

- reluexact: :func:`homology.decompositions.overlap_decomposition` (every gluing with its pair of
  points; ``Phi(y) in Phi(P_J)`` decided by exact flint matrix products where the region's map is
  injective, by an exact LP otherwise), without pruning and with the paper's ``delta = 1``.
- peer: the same algorithm in float64 as the paper describes it: populated regions from the
  sign patterns of a NumPy forward pass, the feasibility LP of eq. (6) solved by
  ``scipy.optimize.linprog(method="highs")``, and for ``delta`` the L-infinity distance of two
  regions by one more HiGHS LP. (A reimplementation from the paper's description; the authors'
  scripts are not available here.)

Both compute Algorithm 1's sets ``B_y`` (data point ``y``, target region); the float run's
disagreements with the exact sets are reported (false gluings, missed gluings), as are the sizes,
the times and the ratio exact/float.

Usage: python benchmarks/overlap_vs_float.py [--sizes 40,80,160] [--seeds 0,1] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exact.io import from_torch  # noqa: E402
from homology.decompositions import overlap_decomposition  # noqa: E402

RADII = (Fraction(1), Fraction(3, 2), Fraction(2), Fraction(5, 2))
WIDTHS = [2, 25, 25, 25, 25, 2]


def circle_data(n: int, seed: int) -> tuple[list[tuple[Fraction, Fraction]], list[int]]:
    """``n`` points, a quarter on each circle, exactly on it; labels as in the paper."""
    rng = random.Random(seed)
    points, labels = [], []
    for k in range(n):
        r = RADII[k % 4]
        t = Fraction(math.tan(rng.uniform(-math.pi / 2 + 1e-3, math.pi / 2 - 1e-3))).limit_denominator(100)
        points.append((r * (1 - t * t) / (1 + t * t), r * 2 * t / (1 + t * t)))
        labels.append(k % 2)
    return points, labels


def make_network(seed: int, points: list[tuple[Fraction, Fraction]], labels: list[int], epochs: int):
    import torch

    torch.manual_seed(seed)
    mods: list[torch.nn.Module] = []
    for i in range(len(WIDTHS) - 1):
        lin = torch.nn.Linear(WIDTHS[i], WIDTHS[i + 1]).double()
        torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        mods.append(lin)
        if i < len(WIDTHS) - 2:
            mods.append(torch.nn.ReLU())
    seq = torch.nn.Sequential(*mods)
    if epochs:
        x = torch.tensor([[float(a), float(b)] for a, b in points], dtype=torch.float64)
        y = torch.tensor(labels)
        opt = torch.optim.Adam(seq.parameters(), lr=1e-2)
        for _ in range(epochs):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(seq(x), y)
            loss.backward()
            opt.step()
    return seq


# ---------------------------------------------------------------------- the float64 peer
def float_algorithm1(seq, points, delta: float | None):
    import numpy as np
    from scipy.optimize import linprog

    layers = [(m.weight.detach().numpy(), m.bias.detach().numpy()) for m in seq if hasattr(m, "weight")]
    X = np.array([[float(a), float(b)] for a, b in points])
    start = time.perf_counter()
    # forward pass: patterns of the hidden layers, outputs
    h, signs = X, []
    for W, b in layers[:-1]:
        pre = h @ W.T + b
        signs.append(pre > 0)
        h = np.maximum(pre, 0)
    W, b = layers[-1]
    out = h @ W.T + b
    patterns = [tuple(bytes(s[i]) for s in signs) for i in range(len(X))]
    regions: dict[tuple, list[int]] = {}
    for i, p in enumerate(patterns):
        regions.setdefault(p, []).append(i)

    def hrep(i: int):
        """Inequalities A x <= c and the affine map (M, m) of the region of data point i."""
        A_rows, c_rows = [], []
        M, m = np.eye(2), np.zeros(2)
        for (W, b), s in zip(layers[:-1], signs):
            pre_M, pre_m = W @ M, W @ m + b
            act = s[i]
            sign = np.where(act, -1.0, 1.0)  # active: pre >= 0 -> -pre <= 0; inactive: pre <= 0
            A_rows.append(sign[:, None] * pre_M)
            c_rows.append(-sign * pre_m)
            M, m = pre_M * act[:, None], pre_m * act
        W, b = layers[-1]
        return np.vstack(A_rows), np.concatenate(c_rows), W @ M, W @ m + b

    reps = {p: hrep(members[0]) for p, members in regions.items()}
    image_in: dict[tuple[tuple, tuple], list[int]] = {}
    lps = pruned = 0
    keys = list(regions)
    for s in keys:
        for t in keys:
            if s == t:
                continue
            A_t, c_t, M_t, m_t = reps[t]
            if delta is not None:
                A_s, c_s, _, _ = reps[s]
                # min r: x in P_s, x' in P_t, |x - x'|_inf <= r  (variables x, x', r)
                z = np.zeros((A_s.shape[0], 2))
                rows = [np.hstack([A_s, z, np.zeros((A_s.shape[0], 1))]),
                        np.hstack([np.zeros((A_t.shape[0], 2)), A_t, np.zeros((A_t.shape[0], 1))])]
                for k in range(2):
                    e = np.zeros(5)
                    e[k], e[2 + k], e[4] = 1, -1, -1
                    rows.append(e[None, :])
                    rows.append(np.array([[-e[0], -e[1], -e[2], -e[3], -1.0]]))
                res = linprog(np.array([0, 0, 0, 0, 1.0]), A_ub=np.vstack(rows),
                              b_ub=np.concatenate([c_s, c_t, np.zeros(4)]), bounds=[(None, None)] * 5,
                              method="highs")
                lps += 1
                if res.status == 0 and res.fun > delta:
                    pruned += 1
                    continue
            for i in regions[s]:
                res = linprog(np.zeros(2), A_ub=A_t, b_ub=c_t, A_eq=M_t, b_eq=out[i] - m_t,
                              bounds=[(None, None)] * 2, method="highs")
                lps += 1
                if res.status == 0:
                    image_in.setdefault((s, t), []).append(i)
    elapsed = time.perf_counter() - start
    return regions, image_in, lps, pruned, elapsed


def glued_pairs(regions, image_in) -> set[tuple[int, tuple[int, ...]]]:
    """``(data point, a member of the target region)``: comparable across the two pattern encodings."""
    return {(i, min(regions[t])) for (s, t), members in image_in.items() for i in members}


def run(size: int, seed: int, epochs: int) -> dict:
    points, labels = circle_data(size, seed)
    seq = make_network(seed, points, labels, epochs)
    net = from_torch(seq)
    row: dict = {"points": size, "seed": seed, "trained_epochs": epochs}
    start = time.perf_counter()
    exact = overlap_decomposition(net, points)
    row["exact_s"] = time.perf_counter() - start
    start = time.perf_counter()
    exact_d = overlap_decomposition(net, points, delta=1)
    row["exact_delta1_s"] = time.perf_counter() - start
    regions, image_in, lps, _, row["float_s"] = float_algorithm1(seq, points, None)
    regions_d, image_in_d, lps_d, pruned_d, row["float_delta1_s"] = float_algorithm1(seq, points, 1.0)
    row.update(populated_regions=len(exact.regions), ordered_pairs=exact.pairs_checked, exact_lps=exact.lps,
               exact_products=exact.products,
               float_lps=lps, pairs_pruned_delta1_exact=exact_d.pairs_pruned_by_delta,
               pairs_pruned_delta1_float=pruned_d, overlap_gluings=len(exact.gluings),
               algorithm1_classes=len(exact.classes), same_regions=len(regions) == len(exact.regions))
    truth = glued_pairs(exact.regions, exact.image_in)
    found = glued_pairs(regions, image_in)
    row.update(glued=len(truth), float_false=len(found - truth), float_missed=len(truth - found))
    truth_d = glued_pairs(exact_d.regions, exact_d.image_in)
    row.update(glued_delta1=len(truth_d), missed_by_delta1=len(truth - truth_d))
    row["ratio_exact_over_float"] = row["exact_s"] / row["float_s"]
    row["ratio_delta1"] = row["exact_delta1_s"] / row["float_delta1_s"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,80,160")
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--epochs", default="0,300", help="training epochs per network variant (0 = at init)")
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    header = ("points", "seed", "trained_epochs", "populated_regions", "ordered_pairs", "exact_products", "exact_lps",
              "float_lps", "glued",
              "overlap_gluings", "float_false", "float_missed", "exact_s", "float_s", "ratio_exact_over_float",
              "exact_delta1_s", "float_delta1_s", "ratio_delta1", "missed_by_delta1")
    print(" ".join(f"{h:>12}" for h in header))
    for epochs in (int(e) for e in args.epochs.split(",")):
        for size in (int(s) for s in args.sizes.split(",")):
            for seed in (int(s) for s in args.seeds.split(",")):
                row = run(size, seed, epochs)
                rows.append(row)
                print(" ".join(f"{row[h]:>12.3f}" if isinstance(row[h], float) else f"{row[h]!s:>12}"
                               for h in header), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()

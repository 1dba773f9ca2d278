"""Each experiment's --quick run, its files, and the command's bad input."""

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from proofs_check.experiments import EXPERIMENTS, phi, run_experiment


def test_list_names_every_experiment():
    assert set(EXPERIMENTS) == {"001-fig2", "001-sec4", "003-fig2", "003-sec6.1", "003-sec7", "000-sec4.1",
                                "000-sec4.3"}
    out = subprocess.run([sys.executable, "-m", "proofs_check", "experiment", "--list"], capture_output=True,
                         text=True)
    assert out.returncode == 0
    for name in EXPERIMENTS:
        assert name in out.stdout


def test_001_fig2_quick(tmp_path):
    results = run_experiment("001-fig2", tmp_path, quick=True)
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["experiment"] == "001-fig2" and saved["size"] == "quick"
    assert (tmp_path / "fig2.png").stat().st_size > 0
    # the bound of eq. (10) is a theorem (claim 001.sec3.2.rank-selection-bound): the experiment must respect it
    assert results["bound_holds"] and all(r["max_min_rank"] <= r["bound"] for r in results["panel_C"])
    # a width-1 or width-2 layer on R^2 always has a destructive region (claim 001.sec3.1.narrow-destructive)
    for row in results["panel_A"]["2"]:
        if row["n1"] <= 2:
            assert row["destructive"] == 25 and Fraction(row["mean_min_rank"]) < 2


def test_phi_matches_the_paper_formulas():
    import math

    assert phi(1, 1, 1) == 0.0                                      # sin(log 1 + log 1)
    assert phi(2, 3, 4) == math.sin(5) / 5
    assert abs(phi(3, 0, 0) - math.sin(1) ** 2) < 1e-15
    assert phi(4, 0, 0) == 0.0


@pytest.mark.parametrize("name", ["003-fig2", "003-sec6.1", "003-sec7", "000-sec4.1", "000-sec4.3", "001-sec4"])
def test_training_experiments_quick(tmp_path, name):
    pytest.importorskip("torch")
    results = run_experiment(name, tmp_path, quick=True)
    for figure in results["figures"]:
        assert (tmp_path / figure).stat().st_size > 0
    if name == "003-fig2":
        assert {(r["phi"], r["hidden_layers"]) for r in results["networks"]} == {(1, 2), (1, 5), (3, 2), (3, 5)}
        assert all(r["regions"] >= 1 for r in results["networks"])
    elif name == "000-sec4.1":
        (curve,) = results["curves"]
        assert curve["image_betti"][0] == 1         # the image of a segment is connected
        # every quotient H_1 bar needs a gluing: no classes, no quotient loops (the input is a segment)
        assert curve["overlap_classes"] or not curve["quotient_h1_bars"]
    elif name == "000-sec4.3":
        (model,) = results["models"]
        for key in ("before", "after"):
            rows = model[key]
            assert [r["layer"] for r in rows] == [1, 2, 3, 4, 5]
            # a one-layer network glues nothing by overlap (Prop. B.6, claim 000.propB6.single-layer)
            assert rows[0]["overlap_classes"] == 0 and rows[0]["glued_points"] == 0
            assert all(1 <= r["regions"] <= 4 * results["points_per_sphere"] for r in rows)
            # the populated regions of one layer have disjoint interiors in the box [-3, 3]^2 of area 36
            for r in rows:
                volumes = [Fraction(v) for v in r["volumes"]]
                assert len(volumes) == r["regions"] and all(v > 0 for v in volumes) and sum(volumes) <= 36
                assert r["overlap_regions"] <= r["regions"] and len(r["overlap_volumes"]) == r["overlap_regions"]
    elif name == "001-sec4":
        (row,) = results["networks"]
        # the map to the last hidden layer (16 neurons) has rank at most 16; the noise is 120 images
        ranks = [Fraction(v) for k, v in row.items() if k.startswith("mean_rank")]
        assert len(ranks) == 4 and all(0 <= r <= 16 for r in ranks) and 0 <= row["test_accuracy"] <= 1
        assert results["lower_after_training"] in (0, 1)
    elif name == "003-sec7":
        (row,) = results["table"]
        assert len(row["cached_with"]) == len(row["cached_without"]) == 3
        assert all(0 <= c <= results["test"] for c in row["cached_with"] + row["cached_without"])
    else:
        counts = results["mean_regions"]
        assert set(counts) == {"with", "without"} and len(counts["with"]) == len(counts["without"]) >= 3


def test_exact_conversion_of_a_trained_skip_network():
    torch = pytest.importorskip("torch")
    from proofs_check.experiments import _SkipNet

    model = _SkipNet([2, 3, 3, 1], [(1, 3)], seed=1)
    net = model.exact()
    x = [0.25, -1.5]
    with torch.no_grad():
        value = float(model(torch.tensor([x], dtype=torch.float32))[0, 0])
    # the exact network evaluates the float32 weights exactly; float32 arithmetic is within rounding of it
    assert abs(float(net.evaluate([Fraction(v) for v in x])[0]) - value) < 1e-5


def test_bad_input_exits_2():
    for args, message in ((["experiment", "nope"], "unknown name"), (["experiment"], "give a NAME")):
        out = subprocess.run([sys.executable, "-m", "proofs_check", *args], capture_output=True, text=True)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_exact_patterns_against_exact_evaluation():
    import random

    from exact import Network
    from exact.network import Skip
    from proofs_check.experiments import exact_patterns

    rng = random.Random(2)

    def dyadic():
        return Fraction(rng.randint(-2 ** 20, 2 ** 20), 2 ** rng.randint(10, 30))
    widths = [4, 3, 3, 2]
    layers = [([[dyadic() for _ in range(widths[i])] for _ in range(widths[i + 1])],
               [dyadic() for _ in range(widths[i + 1])]) for i in range(3)]
    net = Network(4, layers, [Skip(1, 3)])
    rows = [[rng.randint(0, 16) for _ in range(4)] for _ in range(40)]
    patterns, zeros = exact_patterns(net, rows)
    for row, pattern in zip(rows, patterns):
        pre = net.preactivations(row)
        assert pattern == tuple(int(v > 0) for layer in pre[:2] for v in layer)
    assert zeros == sum(1 for row in rows for layer in net.preactivations(row)[:2] for v in layer if v == 0)


def test_the_exact_rank_test_refuses_tables_it_cannot_hold():
    from proofs_check.claims_experiments import exact_mann_whitney_greater

    with pytest.raises(ValueError, match="test a sample"):
        exact_mann_whitney_greater(list(range(1000)), list(range(1000, 2000)))
    assert exact_mann_whitney_greater([1, 2, 3], [4, 5, 6])[1] == Fraction(1, 20)   # 1 of C(6, 3) labellings

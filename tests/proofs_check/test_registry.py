import json
import subprocess
import sys
from fractions import Fraction as Q

import pytest

import proofs_check
from proofs_check import REGISTRY, Claim, Counterexample, Erratum, run_claim
from proofs_check.__main__ import main


def false_claim(rng):
    q = Q(rng.randint(1, 9), rng.randint(1, 9))
    return Counterexample("q + 1 <= q fails", {"q": str(q)}) if q + 1 > q else None


def test_refuted_claim_carries_counterexample():
    claim = Claim("t.false", "none", "q + 1 <= q", false_claim)
    result = run_claim(claim, examples=5)
    assert result.status == "refuted" and result.examples == 1
    assert Q(result.counterexample.data["q"]) + 1 > Q(result.counterexample.data["q"])
    assert not result.as_expected
    assert run_claim(Claim("t.false2", "none", "", false_claim, expected="refuted")).as_expected


def test_crash_is_an_error_not_a_pass():
    def crash(rng):
        raise ZeroDivisionError("boom")

    result = run_claim(Claim("t.crash", "none", "", crash))
    assert result.status == "error" and "boom" in result.error


def test_erratum_counterexample_is_rechecked():
    good = Erratum("1/2 + 1/3 = 2/5", "1/2 + 1/3 = 5/6",
                   lambda: None if Q(1, 2) + Q(1, 3) == Q(2, 5) else Counterexample("sum is 5/6"))
    claim = Claim("t.erratum", "none", "1/2 + 1/3 = 5/6",
                  lambda rng: None if Q(1, 2) + Q(1, 3) == Q(5, 6) else Counterexample("no"), erratum=good)
    result = run_claim(claim, examples=2)
    assert result.status == "verified" and result.erratum_counterexample.description == "sum is 5/6"
    assert result.to_json()["erratum"]["counterexample"]["description"] == "sum is 5/6"
    stale = Erratum("1 = 1 is wrong", "1 = 1", lambda: None)
    bad = Claim("t.stale", "none", "1 = 1", lambda rng: None, erratum=stale)
    assert run_claim(bad).status == "error"


def test_examples_depend_only_on_seed_and_index():
    seen = []
    claim = Claim("t.seeds", "none", "", lambda rng: seen.append(rng.random()))
    run_claim(claim, examples=3, seed=7)
    first = list(seen)
    seen.clear()
    run_claim(claim, examples=3, seed=7)
    assert seen == first
    seen.clear()
    run_claim(claim, examples=3, seed=8)
    assert seen != first


@pytest.mark.parametrize("claim_id", sorted(REGISTRY))
def test_registered_claim_ends_as_expected(claim_id):
    claim = REGISTRY[claim_id]
    result = run_claim(claim, examples=1 if claim.slow else 10, seed=3)
    assert result.as_expected, (claim.id, result.status, result.counterexample, result.error)
    assert claim.source and claim.statement


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", sorted(REGISTRY))
@pytest.mark.parametrize("seed", [1, 2])
def test_registered_claim_at_its_own_example_count_and_other_seeds(claim_id, seed):
    # what `make check` runs (each claim's own number of examples), at seeds other than the report's
    result = run_claim(REGISTRY[claim_id], seed=seed)
    assert result.as_expected, (claim_id, result.status, result.counterexample, result.error)


def test_cli_exit_codes_and_json(monkeypatch, capsys):
    fast = [c for c in REGISTRY if not REGISTRY[c].slow]
    assert main(["--json", "--examples", "3", "--quiet", *[a for c in fast for a in ("--claim", c)]]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["id"] for c in data["claims"]} == set(fast)
    for entry in data["claims"]:
        assert {"id", "source", "status", "examples"} <= set(entry)
    monkeypatch.setitem(REGISTRY, "t.false", Claim("t.false", "none", "q + 1 <= q", false_claim))
    assert main(["--claim", "t.false", "--quiet"]) == 1
    assert "counterexample t.false" in capsys.readouterr().out


def test_cli_bad_input():
    for args, message in ((["--claim", "nope"], "unknown claim ids"), (["--examples", "0"], "at least 1"),
                          (["--seed", "x"], "invalid int")):
        out = subprocess.run([sys.executable, "-m", "proofs_check", *args], capture_output=True, text=True)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_package_exports():
    assert set(proofs_check.__all__) <= set(dir(proofs_check))


@pytest.mark.parametrize("module", ["exact", "proofs_check"])
def test_all_lists_public_api(module):
    mod = __import__(module)
    for name in mod.__all__:
        assert hasattr(mod, name)


def test_exact_mann_whitney_against_brute_force():
    # the exact one-tailed p-value: enumerate every labelling of the pooled values by hand
    import itertools
    from fractions import Fraction

    from proofs_check.claims_experiments import exact_mann_whitney_greater

    def brute(first, second):
        pooled = first + second

        def u(xs, ys):
            return sum(Fraction(1) if y > x else Fraction(1, 2) if y == x else 0 for x in xs for y in ys)

        observed = u(first, second)
        total = hits = 0
        for chosen in itertools.combinations(range(len(pooled)), len(second)):
            ys = [pooled[i] for i in chosen]
            xs = [pooled[i] for i in range(len(pooled)) if i not in chosen]
            total += 1
            hits += u(xs, ys) >= observed
        return observed, Fraction(hits, total)

    cases = [([3, 1, 4, 1, 5], [9, 2, 6, 5, 3]), ([5, 5, 5, 2], [5, 6, 6, 1, 5]), ([1, 2, 3], [1, 2, 3]),
             ([10, 20, 20, 30, 40, 40], [20, 40, 50, 50, 60])]
    for first, second in cases:
        assert exact_mann_whitney_greater(first, second) == brute(first, second)
    # and it can fail: a swapped alternative gives a different tail
    assert exact_mann_whitney_greater([9, 2, 6, 5, 3], [3, 1, 4, 1, 5]) != brute([3, 1, 4, 1, 5], [9, 2, 6, 5, 3])


def test_coverage_catalogue_lists_every_claim_and_only_claims():
    from proofs_check.coverage import PAPERS, STATEMENTS

    listed = {c for s in STATEMENTS for c in s.claims}
    assert listed == set(REGISTRY)
    assert all(s.paper in PAPERS and (s.claims or s.reason) for s in STATEMENTS)
    for s in STATEMENTS:           # a claim listed under a paper names that paper in its source
        for c in s.claims:
            assert f"{s.paper}_" in REGISTRY[c].source or s.paper == "001" and c.startswith("000."), (s, c)


def test_cli_paper_filter_and_coverage_json(capsys):
    assert main(["--paper", "003", "--json", "--examples", "1", "--quiet", "--claim", "003.sec2.leaky-relu",
                 "--claim", "003.prop2.1.recurrences"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["id"] for c in data["claims"]} == {"003.sec2.leaky-relu", "003.prop2.1.recurrences"}
    (row,) = data["coverage"]
    assert row["paper"] == "003" and row["claims"] == 2 and row["verified"] == 2 and row["checked"] == 2
    assert any("Table 2" in note for note in row["not_checked"])
    out = subprocess.run([sys.executable, "-m", "proofs_check", "--paper", "002"], capture_output=True, text=True)
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_gamma_ks_statistic_against_scipy():
    import math
    import random

    stats = pytest.importorskip("scipy.stats")
    from proofs_check.claims_experiments import gamma_ks

    rng = random.Random(1)
    sample = [int(20 + rng.gammavariate(2.5, 6)) for _ in range(50)]
    n = len(sample)
    mean = sum(sample) / n
    var = sum((x - mean) ** 2 for x in sample) / n
    skew = sum((x - mean) ** 3 for x in sample) / n / var ** 1.5
    shape = 4 / skew ** 2
    scale = math.sqrt(var / shape)
    D, p = gamma_ks(sample)
    reference = stats.kstest(sample, "gamma", args=(shape, mean - shape * scale, scale))
    assert abs(D - reference.statistic) < 1e-9
    assert 0 <= p <= 1 and abs(p - reference.pvalue) < 0.1      # asymptotic vs exact distribution
    assert math.isnan(gamma_ks([5] * 10)[0])                    # no spread: no Gamma


def test_claim_details_are_reported():
    claim = Claim("t.details", "none", "", lambda rng: None, details=lambda: {"rows": [1, 2]})
    result = run_claim(claim, examples=2)
    assert result.details == {"rows": [1, 2]} and result.to_json()["details"] == {"rows": [1, 2]}
    assert run_claim(Claim("t.plain", "none", "", lambda rng: None)).to_json().get("details") is None


def every_labelling(first, second):
    """``(2U, hits, total)``: U of ``second`` over ``first``, and how many relabellings reach it (brute force)."""
    import itertools

    pooled = first + second
    twice_u = sum(2 if y > x else 1 if y == x else 0 for x in first for y in second)
    hits = total = 0
    for chosen in itertools.combinations(range(len(pooled)), len(second)):
        ys = [pooled[i] for i in chosen]
        xs = [pooled[i] for i in range(len(pooled)) if i not in chosen]
        total += 1
        hits += sum(2 if y > x else 1 if y == x else 0 for x in xs for y in ys) >= twice_u
    return twice_u, hits, total


def tied_tail(first, second):
    """``(2U, tail count)`` for samples of equal size over the values 0..3, in Python integers.

    A labelling is fixed, up to its count, by how many of each value it takes for the second sample;
    the tail is the sum of ``prod C(t_v, j_v)`` over the choices with U at least the observed one.
    """
    import math

    size = len(second)
    t = [(first + second).count(v) for v in range(4)]

    def twice_u(j):   # j[v] second-sample items of value v; the rest of each value are first-sample items
        rest = [t[v] - j[v] for v in range(4)]
        return sum(j[v] * (2 * sum(rest[:v]) + rest[v]) for v in range(4))

    observed = twice_u([second.count(v) for v in range(4)])
    hits = 0
    for j0 in range(min(t[0], size) + 1):
        for j1 in range(min(t[1], size - j0) + 1):
            for j2 in range(min(t[2], size - j0 - j1) + 1):
                j3 = size - j0 - j1 - j2
                if j3 <= t[3] and twice_u([j0, j1, j2, j3]) >= observed:
                    hits += math.comb(t[0], j0) * math.comb(t[1], j1) * math.comb(t[2], j2) * math.comb(t[3], j3)
    return observed, hits


def test_exact_mann_whitney_small_samples_against_every_labelling():
    # random small samples with ties, both tails of the distribution (the mirrored count included)
    import random
    from fractions import Fraction

    from proofs_check.claims_experiments import exact_mann_whitney_greater

    rng = random.Random(7)
    for _ in range(40):
        first = [rng.randint(0, 4) for _ in range(rng.randint(1, 6))]
        second = [rng.randint(0, 4) for _ in range(rng.randint(1, 6))]
        twice_u, hits, total = every_labelling(first, second)
        assert exact_mann_whitney_greater(first, second) == (Fraction(twice_u, 2), Fraction(hits, total))


@pytest.mark.parametrize("size", [80, pytest.param(150, marks=pytest.mark.slow)])
def test_exact_mann_whitney_on_large_tied_samples_against_a_big_integer_count(size):
    # size + size values in {0, 1, 2, 3}: counts beyond the old four primes' product 2^124
    import math
    import random
    from fractions import Fraction

    from proofs_check.claims_experiments import exact_mann_whitney_greater

    rng = random.Random(11)
    first = [rng.choice([0, 0, 1, 2, 3]) for _ in range(size)]
    second = [rng.choice([0, 1, 2, 3, 3]) for _ in range(size)]
    observed, hits = tied_tail(first, second)
    u, p = exact_mann_whitney_greater(first, second)
    assert u == Fraction(observed, 2)
    assert p == Fraction(hits, math.comb(2 * size, size))
    assert hits > 2 ** 124    # more than the old four primes could hold


def test_errata_carry_a_kind_and_remarks_are_not_errata():
    from proofs_check import REGISTRY, Erratum

    # 003 section 4 never states that (48)-(50) keep F, G, H tropical: that observation is a remark
    skips = REGISTRY["003.sec4.skip-recurrences"]
    assert skips.erratum is None and any("need not" in r for r in skips.remarks)
    # index and notation slips are typos; the kind is validated and reported
    assert REGISTRY["003.alg1.index-slips"].erratum.kind == "typo"
    assert REGISTRY["003.eq59.skip-hyperplane"].erratum.kind == "typo"
    assert {c.erratum.kind for c in REGISTRY.values() if c.erratum} == {"error", "typo"}
    with pytest.raises(ValueError, match="kind"):
        Erratum("s", "c", lambda: None, kind="mistake")


def test_the_fold_erratum_blames_coning_not_eq7():
    # the fold refutes coning non-closed classes (A.5.1) and stacking relative sequences (A.5); eq. (7)'s own
    # classes with identified vertices give the right (Z, 0)
    from proofs_check import REGISTRY

    erratum = REGISTRY["000.thm3.2.image-vs-quotient"].erratum
    assert "A.5.1" in erratum.stated and "eq. (7)" not in erratum.stated and "identical results" not in erratum.stated
    found = erratum.refute()
    assert found is not None and found.data["exact"] == ["Z", "0"]
    assert all(row["eq7_identified"] == ["Z", "0"] and row["eq7_coned"][1] != "0" for row in found.data["samples"])


def test_certified_mann_whitney_brackets_the_exact_p_value_and_falls_back_at_the_threshold():
    # the float count with its proven bound contains the exact p (every labelling counted) and is tight;
    # a level inside the interval is decided by the exact count
    import random
    from fractions import Fraction

    from proofs_check.claims_experiments import certified_mann_whitney_greater, pooled_rejects

    rng = random.Random(5)
    for _ in range(30):
        first = [rng.randint(0, 5) for _ in range(rng.randint(1, 6))]
        second = [rng.randint(0, 5) for _ in range(rng.randint(1, 6))]
        twice_u, hits, total = every_labelling(first, second)
        p = Fraction(hits, total)
        u, low, high = certified_mann_whitney_greater(first, second)
        assert u == Fraction(twice_u, 2) and low <= p <= high and high - low < Fraction(1, 10 ** 12)
        reject, low, high = pooled_rejects(first, second, level=p)     # p < p is false, decided exactly
        assert reject is False and low == high == p


def test_certified_mann_whitney_on_150_plus_150_tied_values_against_a_big_integer_count():
    import math
    import random
    from fractions import Fraction

    from proofs_check.claims_experiments import certified_mann_whitney_greater

    rng = random.Random(12)
    first = [rng.choice([0, 0, 1, 2, 3]) for _ in range(150)]
    second = [rng.choice([0, 1, 1, 2, 3]) for _ in range(150)]
    _, hits = tied_tail(first, second)
    p = Fraction(hits, math.comb(300, 150))
    _, low, high = certified_mann_whitney_greater(first, second)
    assert low <= p <= high and 0 < p < 1


def test_experiment_claims_refute_when_the_measurement_disagrees(monkeypatch):
    # each experiment claim decides from what its experiment measured: fed a disagreeing measurement, it refutes
    import random

    from proofs_check import claims_trained

    fake = {"001-fig2": {"rises": True, "falls": False, "bound_holds": True, "agreement": "B fails"},
            "000-sec4.3": {"glued_before_last_layer": 3, "agreement": "glued earlier"}}
    monkeypatch.setattr(claims_trained, "_run", lambda name, rng: fake[name])
    for check in (claims_trained.check_minimal_ranks, claims_trained.check_overlaps_last_layer):
        assert check(random.Random(0)) is not None, check.__name__


def test_rank_gluing_check_fails_when_the_split_is_wrong():
    # Theorem B.2 / Prop. C.2 part 3: a pair called rank-glued must share a region of rank below n0.
    # The overlap solution's pair called rank-glued shares no region; the rank solution's does, of rank below 2.
    from exact.network import Network
    from proofs_check import claims_homology as h

    assert h._rank_glued_are_low_rank(h.OVERLAP_SOLUTION, h.XOR_POINTS, [(0, 1)]) is not None
    assert h._rank_glued_are_low_rank(h.RANK_SOLUTION, h.XOR_POINTS, [(0, 1)]) is None
    assert h.shared_region_rank(h.RANK_SOLUTION, *h.XOR_POINTS[:2]) < 2
    identity = Network(2, [([[1, 0], [0, 1]], [0, 0])])       # full rank: a pair there is no rank gluing
    assert h.shared_region_rank(identity, (0, 0), (1, 1)) == 2
    assert h._rank_glued_are_low_rank(identity, [(0, 0), (1, 1)], [(0, 1)]) is not None

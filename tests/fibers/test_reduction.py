"""Canonical reduction on a domain: every step against plain evaluation, equivalences found, certificates checked."""

import importlib.util
import json
import os
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import boxes, networks, points_in
from fibers import reduction
from fibers.equivalence import EquivalenceResult, decide_by_reduction, decide_equivalence, verify_certificate
from fibers.joint import joint_network
from fibers.reduction import dense_form, preactivation_bounds, reduce_network
from tests.plain import plain_output, plain_pre
from tropical.enumeration import regions


def entries(m):
    c = m.ncols()
    flat = [Q(int(v.p), int(v.q)) for v in m.entries()]
    return [flat[i * c:(i + 1) * c] for i in range(m.nrows())]


def plain_form(form, x):
    """A dense form's output by its definition: z_l = sum_s A_{l,s} nu_s + b_l."""
    post = [list(x)]
    for l in range(1, form.depth + 1):
        z = [Q(int(b.p), int(b.q)) for b in form.bias[l - 1]]
        for s, block in form.blocks[l - 1].items():
            z = [zi + sum((a * v for a, v in zip(row, post[s])), Q(0)) for zi, row in zip(z, entries(block))]
        relu = l < form.depth or form.output_relu
        post.append([max(v, Q(0)) for v in z] if relu else z)
    return post[-1]


small = st.integers(-3, 3).map(Q)
halves = st.integers(-4, 4).map(lambda k: Q(k, 2))


def corners(box):
    return list(box.vertices())


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(
    networks(input_dim=n, max_depth=3, max_width=4, elements=small, output_relu=None), boxes(n, halves))), st.data())
def test_every_step_keeps_the_function_on_the_domain(case, data):
    """After each step the dense form equals the network at the box's corners and at drawn points in it."""
    net, box = case
    points = corners(box) + [data.draw(points_in(box)) for _ in range(3)]
    expected = [plain_output(net, x) for x in points]
    checked = []

    def check(step, form):
        checked.append(step["kind"])
        for x, want in zip(points, expected):
            assert plain_form(form, x) == want, (step, x)

    form, steps = reduce_network(net, box, on_step=check)
    assert len(checked) == len(steps)
    for x, want in zip(points, expected):
        assert plain_form(form, x) == want


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(
    networks(input_dim=n, max_depth=3, max_width=4, elements=small), boxes(n, halves))), st.data())
def test_bounds_hold_at_points_of_the_box(case, data):
    """lo <= z <= hi for every hidden pre-activation at corners and drawn points (soundness)."""
    net, box = case
    lo_x, hi_x = reduction.domain_box(box)
    bounds = preactivation_bounds(dense_form(net), lo_x, hi_x)
    for x in corners(box) + [data.draw(points_in(box)) for _ in range(3)]:
        for (lo, hi), z in zip(bounds, plain_pre(net, x)):
            assert all(Q(int(a.p), int(a.q)) <= v <= Q(int(b.p), int(b.q)) for a, v, b in zip(lo, z, hi))


def test_bounds_are_exact_on_the_first_layer_and_tighter_than_intervals():
    """On [-1, 1]: layer 1 exact; relu(x + 2) - relu(x + 2) is exactly 0 where intervals give [-2, 2]."""
    net = Network(1, [([[1], [1]], [2, 2]), ([[1, -1]], [0]), ([[1]], [0])])
    (lo1, hi1), (lo2, hi2) = preactivation_bounds(dense_form(net), [Q(-1)], [Q(1)])
    assert (lo1, hi1) == ([1, 1], [3, 3])
    assert (lo2, hi2) == ([0], [0])
    loose = Network(1, [([[1], [1]], [0, -1]), ([[1, -1]], [0]), ([[1]], [0])])       # relu(x) - relu(x - 1)
    (_, _), (lo2, hi2) = preactivation_bounds(dense_form(loose), [Q(-1)], [Q(2)])
    assert (lo2, hi2) == ([-1], [2])     # never looser than intervals ([0, 2] - [0, 1]); the true range is [0, 1]


def a_pair():
    """relu(x1 + x2) + 2 relu(x1 - x2) + 5 relu(x1 - 4), and on [-1, 1]^2 the same function written otherwise."""
    a = Network(2, [([[1, 1], [1, -1], [1, 0]], [0, 0, -4]), ([[1, 2, 5]], [0])])
    b = Network(2, [([[2, -2], [3, 3], [-1, 0], [Q(1, 2), Q(-1, 2)], [7, 7]], [0, 0, -9, 0, 1]),
                    ([[Q(1, 2), Q(1, 3), -4, 2, 0]], [0])])
    return a, b, Polyhedron.box([-1, -1], [1, 1])
    # b: neuron 0 is 2 relu(x1 - x2), weight 1/2 -> 1 of it; neuron 3 is the same direction halved, weight 2
    # -> another 1 of it (2 in all); neuron 1 is 3 relu(x1 + x2) at 1/3; neuron 2 is dead on the box;
    # neuron 4 (7 (x1 + x2) + 1) has weight 0


def test_split_scaled_dead_and_unused_neurons_are_found_and_verified():
    a, b, box = a_pair()
    x = (Q(1, 3), Q(-1, 5))
    assert plain_output(a, x) == plain_output(b, x)
    result = decide_by_reduction(a, b, box)
    assert result is not None and result.method == "reduction"
    kinds = {step["kind"] for step in result.reduction["b"]}
    assert {"stable", "merge", "unused", "normalize"} <= kinds
    assert verify_certificate(a, b, result)
    assert decide_equivalence(a, b, domain=box).method == "reduction"


def test_outside_the_domain_the_forms_differ_and_a_witness_is_found():
    a, b, _ = a_pair()
    wide = Polyhedron.box([-1, -1], [10, 10])           # neuron 2 of b, -x1 - 9, is dead here too, but a's
    assert decide_by_reduction(a, b, Polyhedron.box([-1, -1], [5, 1])) is None   # relu(x1 - 4) is not
    result = decide_equivalence(a, b, domain=wide)
    assert not result.equivalent
    assert all(-1 <= v <= 10 for v in result.witness)
    assert plain_output(a, result.witness) != plain_output(b, result.witness)
    assert verify_certificate(a, b, result)


def tampered(result, side, change):
    chains = {k: [dict(s) for s in v] for k, v in result.reduction.items()}
    change(chains[side])
    return EquivalenceResult(True, "reduction", reduction=chains, domain=result.domain)


def test_tampered_reduction_certificates_are_rejected():
    a, b, box = a_pair()
    result = decide_by_reduction(a, b, box)
    assert verify_certificate(a, b, result)
    step_of = {s["kind"]: i for i, s in enumerate(result.reduction["b"])}

    def claim_live_neuron_dead(chain):
        chain[step_of["stable"]] = {**chain[step_of["stable"]], "dead": [0]}

    def wrong_merge_factor(chain):
        merge = chain[step_of["merge"]]
        chain[step_of["merge"]] = {**merge, "pairs": [[i, k, "3"] for i, k, _ in merge["pairs"]]}

    def negative_scaling(chain):
        norm = chain[step_of["normalize"]]
        chain[step_of["normalize"]] = {**norm, "factors": ["-" + f for f in norm["factors"]]}

    def drop_the_unused_step(chain):
        del chain[step_of["unused"]]

    def remove_a_live_neuron(chain):
        chain[step_of["unused"]] = {**chain[step_of["unused"]], "neurons": [0]}

    for change in (claim_live_neuron_dead, wrong_merge_factor, negative_scaling, drop_the_unused_step,
                   remove_a_live_neuron):
        verdict = verify_certificate(a, b, tampered(result, "b", change))
        assert not verdict, change.__name__
    swapped = EquivalenceResult(True, "reduction", reduction={"a": result.reduction["b"], "b": result.reduction["a"]},
                                domain=box)
    assert not verify_certificate(a, b, swapped)
    on_wider = EquivalenceResult(True, "reduction", reduction=result.reduction, domain=Polyhedron.box([-1, -1], [9, 1]))
    assert not verify_certificate(a, b, on_wider)      # neuron 2 of b is no longer dead there


def test_a_broken_fold_is_caught_by_the_step_check(monkeypatch):
    """The per-step check can fail: with always-active neurons not folded, the form stops matching."""
    net = Network(1, [([[1], [1]], [2, 0]), ([[1, 1]], [0])])        # relu(x + 2) is active on [-1, 1]
    box = Polyhedron.box([-1], [1])
    x = (Q(1, 2),)
    monkeypatch.setattr(reduction, "_fold", lambda form, l, active: None)
    form, _ = reduce_network(net, box)
    assert plain_form(form, x) != plain_output(net, x)


def test_folding_an_always_active_layer_matches_a_shallower_network():
    """relu(relu(x + 5) - 5) - ... : a whole layer active on [-1, 1] folds away, leaving a one-layer network."""
    deep = Network(1, [([[1]], [5]), ([[1], [-1]], [-5, 5]), ([[1, -1]], [0])])       # relu(x) - relu(-x) = x
    shallow = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    box = Polyhedron.box([-1], [1])
    result = decide_by_reduction(deep, shallow, box)
    assert result is not None and verify_certificate(deep, shallow, result)
    assert any(s["kind"] == "drop" for s in result.reduction["a"])


ACAS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "acasxu")


@pytest.mark.skipif(not os.path.isdir(ACAS), reason="the ACAS Xu data is not beside this checkout")
def test_acas_xu_dead_neuron_scaled_copy_and_pruned_copy():
    onnx = pytest.importorskip("onnx")
    from exact.io import from_onnx, load_vnnlib
    from fibers.symmetries import rescale

    net = from_onnx(onnx.load(os.path.join(ACAS, "ACASXU_run2a_1_1_batch_2000.onnx")))
    box = load_vnnlib(os.path.join(ACAS, "prop_3.vnnlib")).domain()
    lo, hi = reduction.domain_box(box)
    bounds = preactivation_bounds(dense_form(net), lo, hi)
    dead = next(j for j, v in enumerate(bounds[2][1]) if v <= 0)        # a neuron of layer 3 dead on the box
    layers = [([list(r) for r in layer.weight], list(layer.bias)) for layer in net.layers]
    for row in layers[3][0]:
        row[dead] *= -3
    copy = rescale(Network(5, layers), 2, [Q(k + 1, 3) for k in range(50)])
    assert copy != net
    result = decide_equivalence(net, copy, domain=box)
    assert result.equivalent and result.method == "reduction"
    assert verify_certificate(net, copy, result)
    layers[0][0][0][0] = Q(0)                                             # prune one weight
    pruned = Network(5, layers)
    answer = decide_equivalence(net, pruned, domain=box)
    assert not answer.equivalent and verify_certificate(net, pruned, answer)
    assert all(a <= v <= b for a, v, b in zip(lo, answer.witness, hi))


def test_command_line_reduction_certificate_round_trip_and_budget(tmp_path):
    from exact.io import save_network
    from tests.fibers.conftest import run_fibers

    a, b, _ = a_pair()
    save_network(a, tmp_path / "a.json")
    save_network(b, tmp_path / "b.json")
    cert = tmp_path / "cert.json"
    done = run_fibers("equiv", tmp_path / "a.json", tmp_path / "b.json", "--box", "-1", "1", "-o", cert, "--quiet")
    assert done.returncode == 0 and "equal normal forms" in done.stdout, done.stdout + done.stderr
    checked = run_fibers("verify", tmp_path / "a.json", tmp_path / "b.json", cert)
    assert checked.returncode == 0 and checked.stdout.startswith("valid: both reductions hold"), checked.stdout
    data = json.loads(cert.read_text())
    stable = next(s for s in data["certificate"]["b"] if s["kind"] == "stable")
    stable["dead"] = [0]                      # a live neuron claimed dead
    cert.write_text(json.dumps(data))
    assert run_fibers("verify", tmp_path / "a.json", tmp_path / "b.json", cert).returncode == 1
    # no budget left: the exhaustive search stops with exit 3 and no verdict
    stopped = run_fibers("equiv", tmp_path / "a.json", tmp_path / "b.json", "--method", "exhaustive",
                         "--budget", "1e-9", "--quiet")
    assert stopped.returncode == 3, stopped.stdout + stopped.stderr
    assert stopped.stdout.startswith("undecided after 0 cells") and "equivalent" not in stopped.stdout
    bad = run_fibers("equiv", tmp_path / "a.json", tmp_path / "b.json", "--budget", "-1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(
    networks(input_dim=n, max_depth=2, max_width=3, skips=False, output_dim=1, elements=small),
    networks(input_dim=n, max_depth=2, max_width=3, skips=False, output_dim=1, elements=small),
    boxes(n, halves))))
def test_the_complex_decider_agrees_with_the_region_tree_and_is_verified(case):
    a, b, box = case
    on_complex = decide_equivalence(a, b, "complex", domain=box)
    on_tree = decide_equivalence(a, b, "exhaustive", domain=box)
    assert on_complex.equivalent == on_tree.equivalent
    assert verify_certificate(a, b, on_complex)
    if not on_complex.equivalent:
        x = on_complex.witness
        assert box.contains(x) and plain_output(a, x) != plain_output(b, x)


def test_the_complex_decider_on_a_degenerate_pair_and_its_budget():
    """Zero biases (every hyperplane through the origin): the lattice path; no budget left: Undecided."""
    from fibers.equivalence import Undecided

    a = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, 0]], [0])])      # relu(x) + relu(y)
    b = Network(2, [([[1, 0], [0, 1], [1, -1]], [0, 0, 0]), ([[1, 1, 0]], [0])])     # the same, an unused neuron
    box = Polyhedron.box([-1, -1], [1, 1])
    result = decide_equivalence(a, b, "complex", domain=box)
    assert result.equivalent and verify_certificate(a, b, result)
    with pytest.raises(Undecided):
        decide_equivalence(a, b, "complex", domain=box, budget=1e-9)
    with pytest.raises(Exception, match="bounded domain"):
        decide_equivalence(a, b, "complex")


def test_the_exhaustive_search_over_processes_gives_the_same_certificate():
    """A neuron split in two (not proportional to anything else): the same cells with 1 and 2 processes."""
    a = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    b = Network(2, [([[0, 1], [1, 0], [2, 2]], [0, 0, -2]), ([[1, 1, Q(1, 2)]], [0])])
    box = Polyhedron.box([-2, -2], [2, 2])
    one = decide_equivalence(a, b, "exhaustive", domain=box)
    two = decide_equivalence(a, b, "exhaustive", domain=box, workers=2)
    assert one.equivalent and two.equivalent and verify_certificate(a, b, two)
    assert sorted(map(str, one.regions)) == sorted(map(str, two.regions))


def test_the_exhaustive_search_on_a_local_dask_cluster_gives_the_same_certificate():
    distributed = pytest.importorskip("distributed")
    import logging

    a = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    b = Network(2, [([[0, 1], [1, 0], [2, 2]], [0, 0, -2]), ([[1, 1, Q(1, 2)]], [0])])
    c = Network(2, [([[0, 1], [1, 0], [2, 2]], [0, 0, -2]), ([[1, 1, Q(1, 3)]], [0])])   # differs where x + y > 1
    box = Polyhedron.box([-2, -2], [2, 2])
    one = decide_equivalence(a, b, "exhaustive", domain=box)
    seen = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        on_dask = decide_equivalence(a, b, "exhaustive", domain=box, client=client, progress=seen.append)
        apart = decide_equivalence(a, c, "exhaustive", domain=box, client=client)
    assert on_dask.equivalent and verify_certificate(a, b, on_dask)
    assert sorted(map(str, one.regions)) == sorted(map(str, on_dask.regions))
    assert sum(seen) == len(list(regions(joint_network(a, b), box)))      # progress counts every region once
    x = apart.witness
    assert not apart.equivalent and box.contains(x) and x[0] + x[1] > 1 and verify_certificate(a, c, apart)


def test_equiv_scheduler_errors_and_the_estimate_in_the_undecided_line(tmp_path):
    from exact.io import save_network
    from tests.fibers.conftest import run_fibers

    a, b, _ = a_pair()
    save_network(a, tmp_path / "a.json")
    save_network(b, tmp_path / "b.json")
    stopped = run_fibers("equiv", tmp_path / "a.json", tmp_path / "b.json", "--method", "exhaustive",
                         "--box", "-1", "1", "--budget", "1e-9", "--quiet")
    assert stopped.returncode == 3 and " of about " in stopped.stdout, stopped.stdout + stopped.stderr
    if importlib.util.find_spec("distributed") is not None:
        bad = run_fibers("equiv", tmp_path / "a.json", tmp_path / "b.json", "--method", "exhaustive",
                         "--scheduler", "notanaddress")
        assert bad.returncode == 2 and "--scheduler: cannot reach notanaddress" in bad.stderr, bad.stderr


def test_stability_shown_on_pieces_of_the_box_and_its_tiling_checked():
    """z = relu(x) - relu(x) - 1/2 is -1/2 everywhere, but on [-1, 1] the bounds give z <= 1/2 (the two
    relu(x) relaxed apart); on each half of the box relu(x) is stable and z <= -1/2 is exact."""
    import copy

    from fibers import equivalence

    def net(weight):       # relu-of-relu(x) kept, and the always-dead neuron's weight varies
        return Network(1, [([[1], [1]], [0, 0]), ([[1, -1], [1, 0]], [Q(-1, 2), 0]), ([[weight, 1]], [0])])

    a, b, box = net(5), net(-3), Polyhedron.box([-1], [1])
    assert plain_pre(a, [Q(0)])[1][0] == Q(-1, 2) and plain_pre(a, [Q(1)])[1][0] == Q(-1, 2)
    assert reduce_network(a, box)[0] != reduce_network(b, box)[0]          # the whole box is too loose
    result = decide_by_reduction(a, b, box)
    assert result is not None and result.equivalent and verify_certificate(a, b, result)
    stable = [s for s in result.reduction["a"] if s["kind"] == "stable"]
    assert stable and len(stable[0]["boxes"]) == equivalence.REFINE_PIECES

    def tampered(edit):
        changed = copy.copy(result)
        changed.reduction = copy.deepcopy(result.reduction)
        edit(next(s for s in changed.reduction["a"] if s["kind"] == "stable"))
        return verify_certificate(a, b, changed)

    assert tampered(lambda s: None)
    assert not tampered(lambda s: s["boxes"].pop())                                    # a piece missing
    assert not tampered(lambda s: s["boxes"].__setitem__(0, [["-1"], ["1"]]))         # overlapping pieces
    assert not tampered(lambda s: s["boxes"].__setitem__(0, [["-2"], s["boxes"][0][1]]))   # outside the box
    assert not tampered(lambda s: s.__setitem__("boxes", [[["-1"], ["1"]]]))           # one piece: too loose

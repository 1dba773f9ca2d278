"""The exhaustive equivalence decider and its verifier."""

import random
from fractions import Fraction as Q

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exact.errors import PreconditionError, ShapeError
from exact.network import Network
from exact.strategies import networks, vectors
from fibers.equivalence import EquivalenceResult, decide_equivalence, joint_network, verify_certificate


def permute_and_scale(net, rnd):
    """An independent implementation of the standard symmetries: permute and positively rescale hidden neurons."""
    layers = [[list(map(list, layer.weight)), list(layer.bias)] for layer in net.layers]
    for l in range(1, net.depth):  # hidden layers only
        width = len(layers[l - 1][1])
        order = list(range(width))
        rnd.shuffle(order)
        scales = [Q(rnd.randint(1, 5), rnd.randint(1, 5)) for _ in range(width)]
        W, b = layers[l - 1]
        layers[l - 1] = [[[v * scales[i] for v in W[order[i]]] for i in range(width)],
                         [b[order[i]] * scales[i] for i in range(width)]]
        Wn, bn = layers[l]
        layers[l] = [[[row[order[i]] / scales[i] for i in range(width)] for row in Wn], bn]
    return Network(net.input_dim, [(W, b) for W, b in layers], output_relu=net.output_relu)


def fraction_eval(net, x):
    """A plain-Fraction evaluator (no skips), independent of the toolkit's flint engine."""
    h = [Q(v) for v in x]
    for l, layer in enumerate(net.layers, start=1):
        z = [sum((w * v for w, v in zip(row, h)), b) for row, b in zip(layer.weight, layer.bias)]
        h = [max(v, Q(0)) for v in z] if l < net.depth or net.output_relu else z
    return tuple(h)


GRID = [(Q(i, 2), Q(j, 3)) for i in range(-8, 9) for j in range(-8, 9)]


@settings(max_examples=25)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=None), st.randoms())
def test_symmetric_networks_are_equivalent_with_certificate(net, rnd):
    other = permute_and_scale(net, rnd)
    for method in ("auto", "exhaustive"):
        result = decide_equivalence(net, other, method=method)
        assert result.equivalent and verify_certificate(net, other, result)
    assert decide_equivalence(net, other).method == "symmetries"      # the cheap path finds the chain
    for _ in range(3):
        x = [Q(rnd.randint(-9, 9), rnd.randint(1, 4)) for _ in range(2)]
        assert net.evaluate(x) == other.evaluate(x)


@settings(max_examples=25)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=None), st.integers(0, 10**6))
def test_perturbed_networks(net, seed):
    rnd = random.Random(seed)
    layer = rnd.randrange(net.depth)
    W = [list(r) for r in net.layers[layer].weight]
    i, j = rnd.randrange(len(W)), rnd.randrange(len(W[0]))
    W[i][j] += Q(1, 3)
    layers = [(l.weight, l.bias) for l in net.layers]
    layers[layer] = (W, net.layers[layer].bias)
    other = Network(net.input_dim, layers, net.skips, net.output_relu)
    result = decide_equivalence(net, other)
    assert verify_certificate(net, other, result)
    if any(fraction_eval(net, x) != fraction_eval(other, x) for x in GRID):   # the perturbation shows on the grid
        assert not result.equivalent
    if not result.equivalent:
        x = result.witness
        assert fraction_eval(net, x) == result.output_a != result.output_b == fraction_eval(other, x)


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=False), st.integers(1, 9))
def test_a_shifted_output_is_always_caught(net, k):
    layers = [(l.weight, l.bias) for l in net.layers]
    layers[-1] = (net.layers[-1].weight, [net.layers[-1].bias[0] + Q(1, k)] + list(net.layers[-1].bias[1:]))
    other = Network(net.input_dim, layers)
    for method in ("auto", "exhaustive"):
        result = decide_equivalence(net, other, method=method)
        assert not result.equivalent and verify_certificate(net, other, result)
        x = result.witness
        assert fraction_eval(other, x)[0] - fraction_eval(net, x)[0] == Q(1, k)


@settings(max_examples=15)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=True, output_relu=None))
def test_a_network_with_skips_equals_itself(net):
    for method in ("auto", "exhaustive"):
        result = decide_equivalence(net, net, method=method)
        assert result.equivalent and verify_certificate(net, net, result)


@settings(max_examples=15)
@given(st.data())
def test_joint_network_is_the_difference(data):
    net = data.draw(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=None))
    other = data.draw(networks(input_dim=2, max_depth=3, max_width=3, skips=False, output_relu=None,
                               output_dim=net.output_dim))
    x = data.draw(vectors(2))
    joint = joint_network(net, other)
    assert joint.evaluate(x) == tuple(u - v for u, v in zip(fraction_eval(net, x), fraction_eval(other, x)))
    assert joint.neuron_count >= net.neuron_count + other.neuron_count


def test_depths_differ_and_output_relu():
    relu_out = Network(1, [([[1]], [0])], output_relu=True)              # relu(x)
    two_layer = Network(1, [([[1]], [0]), ([[1]], [0])])                  # relu(x) via a hidden neuron
    result = decide_equivalence(relu_out, two_layer)
    assert result.equivalent and verify_certificate(relu_out, two_layer, result)
    shifted = Network(1, [([[1]], [-1]), ([[1]], [1])])                  # relu(x - 1) + 1
    result = decide_equivalence(relu_out, shifted)
    assert not result.equivalent and verify_certificate(relu_out, shifted, result)


def test_tampered_certificates_are_rejected():
    a = Network(1, [([[1]], [0])])
    b = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    good = decide_equivalence(a, b)
    assert len(good.regions) == 2 and verify_certificate(a, b, good)
    dropped = EquivalenceResult(True, "exhaustive", regions=good.regions[1:])
    assert "not listed" in verify_certificate(a, b, dropped).reason
    moved = EquivalenceResult(True, "exhaustive", regions=[(p, q, tuple(-v for v in x)) for p, q, x in good.regions])
    assert "patterns" in verify_certificate(a, b, moved).reason
    on_boundary = EquivalenceResult(True, "exhaustive", regions=[(p, q, (Q(0),)) for p, q, _ in good.regions])
    assert not verify_certificate(a, b, on_boundary)
    c = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])            # |x|
    false_witness = EquivalenceResult(False, "exhaustive", witness=(Q(2),))  # |2| = 2: they agree there
    assert not verify_certificate(a, c, false_witness)
    # a claimed equivalence of different functions fails the region check
    fake = EquivalenceResult(True, "exhaustive", regions=[((), ((1, 0),), (Q(1),)), ((), ((0, 1),), (Q(-1),))])
    assert "maps differ" in verify_certificate(a, c, fake).reason
    # a chain of symmetries that does not map a to b
    from fibers.symmetries import Permutation, Scaling
    d = Network(1, [([[1], [2]], [0, 1]), ([[1, 1]], [0])])
    assert verify_certificate(d, d, EquivalenceResult(True, "symmetries"))
    for steps in ([Permutation(1, (1, 0))], [Scaling(1, (2, 1))], [Scaling(1, (-1, 1))]):
        assert not verify_certificate(d, d, EquivalenceResult(True, "symmetries", steps=steps))


def test_bad_input():
    with pytest.raises(ShapeError, match="differ"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(2, [([[1, 1]], [0])]))
    with pytest.raises(PreconditionError, match="bottleneck: a is not a three-layer network"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(1, [([[1]], [0])]), method="bottleneck")
    with pytest.raises(PreconditionError, match="not one of"):
        decide_equivalence(Network(1, [([[1]], [0])]), Network(1, [([[1]], [0])]), method="fast")


def test_cli(tmp_path):
    import json
    import subprocess
    import sys

    a = tmp_path / "a.json"
    a.write_text('{"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]}]}')
    b = tmp_path / "b.json"
    b.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},'
                 ' {"weight": [[1, -1]], "bias": [0]}]}')
    c = tmp_path / "c.json"
    c.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},'
                 ' {"weight": [[1, 1]], "bias": [0]}]}')

    def run(*args):
        return subprocess.run([sys.executable, "-m", "fibers", *map(str, args)], capture_output=True, text=True)

    out = run("equiv", a, b, "-o", tmp_path / "cert.json")
    assert out.returncode == 0 and run("verify", a, b, tmp_path / "cert.json").returncode == 0
    assert run("verify", a, c, tmp_path / "cert.json").returncode == 1  # a certificate for another pair
    out = run("equiv", a, c, "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["equivalent"] is False
    x = Q(data["witness"]["x"][0])
    assert x != abs(x)  # identity and |x| differ exactly where x < 0
    # verify checks what the file states: a witness with a wrong recorded output is rejected
    (tmp_path / "witness.json").write_text(out.stdout)
    assert run("verify", a, c, tmp_path / "witness.json").returncode == 0
    for side, value in (("a", x + 1), ("b", x)):      # a(x) = x and b(x) = |x| = -x: both lies
        forged = json.loads(out.stdout)
        forged["witness"][side] = [str(value)]
        (tmp_path / "forged.json").write_text(json.dumps(forged))
        out_forged = run("verify", a, c, tmp_path / "forged.json")
        assert out_forged.returncode == 1 and f"recorded output of {side}" in out_forged.stdout
    for args, message in ((["equiv", a, tmp_path / "none.json"], "does not exist"),
                          (["verify", a, b, a], "certificate: expected"),
                          (["equiv", a, b, "--method", "bottleneck"], "a is not a three-layer network"),
                              (["equiv", a, b, "--method", "fast"], "invalid choice")):
        out = run(*args)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_progress_counts_the_joint_regions():
    identity = Network(1, [([[1]], [0])])
    folded = Network(1, [([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    ticks = []
    result = decide_equivalence(identity, folded, method="exhaustive", progress=ticks.append)
    assert result.equivalent and sum(ticks) == len(result.regions) == 2


@settings(max_examples=10)
@given(networks(input_dim=2, max_depth=3, max_width=3, skips=True, output_relu=None))
def test_every_cell_of_a_certificate_is_needed(net):
    # the verifier's completeness check (every facet has its neighbour listed) rejects any certificate
    # with one cell left out, whenever there are at least two cells
    good = decide_equivalence(net, net, method="exhaustive")
    assert verify_certificate(net, net, good)
    if len(good.regions) > 1:
        for k in range(len(good.regions)):
            partial = EquivalenceResult(True, "exhaustive", regions=good.regions[:k] + good.regions[k + 1:])
            assert "not listed" in verify_certificate(net, net, partial).reason


def test_verify_cli_rejects_malformed_fields_with_the_reason(tmp_path):
    import json
    import subprocess
    import sys

    net = tmp_path / "net.json"
    net.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [2]], "bias": [0, 1]}, '
                   '{"weight": [[1, 1]], "bias": [0]}]}')

    def verify(cert):
        path = tmp_path / "cert.json"
        path.write_text(json.dumps(cert))
        return subprocess.run([sys.executable, "-m", "fibers", "verify", net, net, path], capture_output=True,
                              text=True)

    regions = {"equivalent": True, "certificate": {"method": "exhaustive", "regions": [
        {"pattern_a": [1], "pattern_b": ["11"], "interior_point": ["1"]}]}}
    for cert, message in (
            (regions, "pattern_a must be a list of bit strings"),
            ({"equivalent": True, "certificate": {"method": "symmetries", "steps": [
                {"permute": {"layer": 1.9, "order": [1, 0]}}]}}, "layer: Decimal('1.9') must be a non-negative"),
            ({"equivalent": True, "certificate": {"method": "symmetries", "steps": [
                {"permute": {"layer": 1, "order": [1.2, 0.7]}}]}}, "order[0]"),
            ({"equivalent": True, "certificate": {"method": "symmetries", "steps": [
                {"permute": {"layer": True, "order": [1, 0]}}]}}, "layer: True"),
            ({"equivalent": True, "certificate": {"method": "point"}, "slice": {"origin": "0"}}, "slice must be"),
            ({"equivalent": True, "certificate": {"method": "point"}, "slice": {"origin": ["x"], "directions": []}},
             "slice.origin"),
            ({"equivalent": True, "certificate": {"method": "point"}, "slice": {"origin": ["0"], "directions": [1]}},
             "slice.directions[0]"),
            ({"equivalent": True, "certificate": {"method": "symmetries", "steps": [
                {"scale": {"layer": 1, "factors": [2.5, 1]}}]}}, None)):
        out = verify(cert)
        if message is None:     # 2.5 is read exactly as 5/2: a valid step, but it does not map net to itself
            assert out.returncode == 1 and out.stdout.startswith("invalid: the chain does not map"), out
        else:
            assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1, out
    out = verify({"equivalent": True, "certificate": {"method": "exhaustive", "regions": [
        {"pattern_a": ["11"], "pattern_b": ["11"], "interior_point": ["1"]}]}})
    assert out.returncode == 1 and out.stdout.startswith("invalid: cell 0: the cell beyond its facet"), out


def test_cli_prints_the_chain(tmp_path):
    import json
    import subprocess
    import sys

    # b is a with its two hidden neurons swapped and rescaled by 2 and 1/2: relu(2x + 1) * 3 = relu(4x + 2) * 3/2
    a = {"input_dim": 1, "layers": [{"weight": [[1], [2]], "bias": [0, 1]}, {"weight": [[1, 3]], "bias": [0]}]}
    b = {"input_dim": 1, "layers": [{"weight": [[4], [2]], "bias": [2, 0]}, {"weight": [["3/2", "1/2"]], "bias": [0]}]}
    (tmp_path / "a.json").write_text(json.dumps(a))
    (tmp_path / "b.json").write_text(json.dumps(b))
    out = subprocess.run([sys.executable, "-m", "fibers", "equiv", tmp_path / "a.json", tmp_path / "b.json"],
                         capture_output=True, text=True)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0].startswith("equivalent: related by permuting and scaling")
    assert any("scale layer 1" in line for line in lines[1:]) and any("permute layer 1" in line for line in lines[1:])


def test_equivalence_on_a_domain():
    from exact import Polyhedron

    identity = Network(1, [([[1]], [0])])
    absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    right = Polyhedron.box([0], [2])
    on_right = decide_equivalence(identity, absolute, domain=right)          # x = |x| exactly where x >= 0
    assert on_right.equivalent and verify_certificate(identity, absolute, on_right)
    # the same cells, read as a claim about all of R^n, leave the facet at 0 without its neighbour
    everywhere = EquivalenceResult(True, "exhaustive", regions=on_right.regions)
    assert not verify_certificate(identity, absolute, everywhere)
    wide = decide_equivalence(identity, absolute, domain=Polyhedron.box([-1], [2]))
    assert not wide.equivalent and -1 <= wide.witness[0] < 0 and verify_certificate(identity, absolute, wide)
    outside = EquivalenceResult(False, "exhaustive", witness=(Q(-3),), domain=right)
    assert "outside the domain" in verify_certificate(identity, absolute, outside).reason
    # a neuron dead on the box, alive elsewhere: equivalent on the box only
    a = Network(2, [([[1, 0], [0, 1]], [0, -5]), ([[1, 1]], [0])])            # relu(x) + relu(y - 5)
    b = Network(2, [([[1, 0]], [0]), ([[1]], [0])])                            # relu(x)
    box = Polyhedron.box([-1, -1], [1, 1])
    assert decide_equivalence(a, b, domain=box).equivalent
    far = decide_equivalence(a, b)
    assert not far.equivalent and far.witness[1] > 5
    with pytest.raises(PreconditionError, match="R\\^n only"):
        decide_equivalence(a, b, method="bottleneck", domain=box)


@settings(max_examples=15, deadline=None)
@given(networks(input_dim=2, max_depth=2, max_width=3, skips=False, output_dim=1),
       networks(input_dim=2, max_depth=2, max_width=3, skips=False, output_dim=1),
       st.integers(-3, 2), st.integers(1, 3))
def test_witnesses_lie_in_the_domain(a, b, low, size):
    from exact import Polyhedron

    box = Polyhedron.box([low, low], [low + size, low + size])
    result = decide_equivalence(a, b, method="exhaustive", domain=box)
    assert verify_certificate(a, b, result)
    if not result.equivalent:
        assert all(low <= v <= low + size for v in result.witness)
        assert a.evaluate(result.witness) != b.evaluate(result.witness)


def test_cli_domain(tmp_path, identity_and_absolute):
    import json

    from tests.fibers.conftest import run_fibers as run

    a, c = identity_and_absolute

    cert = tmp_path / "cert.json"
    out = run("equiv", a, c, "--box", 0, 2, "-o", cert, "--method", "exhaustive")
    assert out.returncode == 0 and json.loads(cert.read_text())["domain"]["dim"] == 1
    assert run("verify", a, c, cert).returncode == 0
    stripped = json.loads(cert.read_text())
    del stripped["domain"]                      # the same cells claimed for all of R^n: rejected
    cert.write_text(json.dumps(stripped))
    assert run("verify", a, c, cert).returncode == 1
    out = run("equiv", a, c, "--box", -1, 2, "--json")
    assert out.returncode == 1 and -1 <= Q(json.loads(out.stdout)["witness"]["x"][0]) < 0


# ------------------------------------------------------------------ domains that fix an input
# a(x, y) = relu(x) + relu(y) and b(x, y) = relu(x): equal exactly where y <= 0.
RELU_SUM = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
RELU_X = Network(2, [([[1, 0]], [0]), ([[1]], [0])])


@pytest.mark.parametrize("method", ["auto", "exhaustive", "complex", "reduction"])
def test_a_flat_domain_is_decided_on_its_affine_hull(method):
    from exact.polyhedron import Polyhedron

    on_axis = Polyhedron.box([-1, 0], [1, 0])                  # y = 0: relu(y) = 0, so a = b there
    result = decide_equivalence(RELU_SUM, RELU_X, method, domain=on_axis)
    assert result.equivalent and result.slice is not None and len(result.slice[1]) == 1
    origin, (direction,) = result.slice
    assert origin[1] == 0 and direction[1] == 0 and direction[0] != 0   # the line y = 0
    assert verify_certificate(RELU_SUM, RELU_X, result)
    above = Polyhedron.box([-1, 1], [1, 1])                    # y = 1: a = b + 1 everywhere
    if method == "reduction":
        with pytest.raises(PreconditionError, match="normal forms differ"):
            decide_equivalence(RELU_SUM, RELU_X, method, domain=above)
        return
    found = decide_equivalence(RELU_SUM, RELU_X, method, domain=above)
    assert not found.equivalent and above.contains(found.witness) and found.witness[1] == 1
    assert fraction_eval(RELU_SUM, found.witness)[0] - fraction_eval(RELU_X, found.witness)[0] == 1
    assert verify_certificate(RELU_SUM, RELU_X, found)


def test_a_skip_from_the_input_on_a_slice_through_a_nonzero_origin():
    from exact.network import Skip
    from exact.polyhedron import Polyhedron

    # a = relu(x) + y (the skip adds y to layer 2's input), b = relu(x) + 1: equal exactly on y = 1
    a = Network(2, [([[1, 0]], [0]), ([[1]], [0])], [Skip(0, 2, [[0, 1]])])
    b = Network(2, [([[1, 0]], [0]), ([[1]], [1])])
    flat = Polyhedron.box([-2, 1], [3, 1])
    for method in ("exhaustive", "complex", "auto"):
        result = decide_equivalence(a, b, method, domain=flat)
        assert result.equivalent and result.slice[0][1] == 1
        assert verify_certificate(a, b, result)
    wrong = decide_equivalence(a, b, "exhaustive", domain=Polyhedron.box([-2, 2], [3, 2]))
    assert not wrong.equivalent and wrong.witness[1] == 2 and verify_certificate(a, b, wrong)


def test_a_domain_of_one_point():
    from exact.polyhedron import Polyhedron

    point = Polyhedron.box([2, -3], [2, -3])                   # a = 2 + 0 = b
    result = decide_equivalence(RELU_SUM, RELU_X, domain=point)
    assert result.equivalent and result.method == "point" and result.slice == ((2, -3), ())
    assert verify_certificate(RELU_SUM, RELU_X, result)
    found = decide_equivalence(RELU_SUM, RELU_X, domain=Polyhedron.box([2, 1], [2, 1]))   # 3 != 2
    assert not found.equivalent and found.witness == (2, 1) and verify_certificate(RELU_SUM, RELU_X, found)


def test_cli_flat_vnnlib_box(tmp_path):
    import json

    from exact.io import save_network
    from tests.fibers.conftest import run_fibers as run

    a, b, cert = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "cert.json"
    save_network(RELU_SUM, a)
    save_network(RELU_X, b)
    prop = tmp_path / "p.vnnlib"
    for fixed, code in (("0", 0), ("1/2", 1)):
        value = "0" if fixed == "0" else "0.5"
        prop.write_text("(declare-const X_0 Real)(declare-const X_1 Real)"
                        f"(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 {value}))(assert (<= X_1 {value}))")
        out = run("equiv", a, b, "--vnnlib", prop, "-o", cert, "--quiet")
        assert out.returncode == code, out.stderr
        answer = json.loads(cert.read_text())
        if code == 0:
            assert answer["slice"]["directions"] == [["1", "0"]] and answer["slice"]["origin"][1] == "0"
            checked = run("verify", a, b, cert)
            assert checked.returncode == 0 and "on the slice of dimension 1" in checked.stdout
            answer["slice"]["directions"] = [["1", "1"]]       # leaves the domain's line: rejected
            cert.write_text(json.dumps(answer))
            checked = run("verify", a, b, cert)
            assert checked.returncode == 1 and "does not contain the domain" in checked.stdout
        else:
            assert Q(answer["witness"]["x"][1]) == Q(1, 2)
            assert run("verify", a, b, cert).returncode == 0
    assert run("equiv", a, b, "--box", -1, 1, 0, 0, "--quiet").returncode == 0
    out = run("equiv", a, b, "--box", -1, 1, 1, 0)
    assert out.returncode == 2 and "at most its HI" in out.stderr


def test_the_slice_starts_inside_the_domain():
    from exact.polyhedron import Polyhedron

    # x in [3, 4], y = -2, z in [1, 2]: a free coordinate set to 0 would leave the domain
    flat = Polyhedron.box([3, -2, 1], [4, -2, 2])
    origin, directions = flat.affine_slice()
    assert flat.contains(origin) and len(directions) == 2 and all(d[1] == 0 for d in directions)
    sum_net = Network(3, [([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [-3, 0, 0]), ([[1, 1, 1]], [0])])
    without_y = Network(3, [([[1, 0, 0], [0, 0, 1]], [-3, 0]), ([[1, 1]], [0])])   # relu(y) = 0 for y = -2
    for method in ("exhaustive", "complex", "auto"):
        result = decide_equivalence(sum_net, without_y, method, domain=flat)
        assert result.equivalent and verify_certificate(sum_net, without_y, result)

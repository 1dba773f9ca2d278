"""The exact distance max |f_a - f_b| on a polytope: against brute force over every region's vertices."""

from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.strategies import networks
from fibers.distance import Distance, check_distance, max_difference
from fibers.equivalence import joint_network
from tests.plain import plain_output
from tropical.enumeration import regions


def brute_force(a, b, box):
    """The maximum over the vertices of every region of the joint network (cdd), evaluated plainly."""
    best = Q(0)
    for region in regions(joint_network(a, b), box):
        for x in region.vertices():
            best = max(best, max(abs(p - q) for p, q in zip(plain_output(a, x), plain_output(b, x))))
    return best


small = st.integers(-2, 2).map(Q)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 2).flatmap(lambda n: st.tuples(
    networks(input_dim=n, max_depth=2, max_width=3, skips=False, output_dim=1, elements=small),
    networks(input_dim=n, max_depth=2, max_width=3, skips=False, output_dim=1, elements=small))),
    st.integers(-2, 1), st.integers(1, 3), st.integers(0, 4))
def test_the_maximum_equals_brute_force_over_region_vertices(pair, low, size, eps):
    a, b = pair
    n = a.input_dim
    box = Polyhedron.box([low] * n, [low + size] * n)
    d = max_difference(a, b, box)
    assert d.exact and d.value == brute_force(a, b, box)
    assert max(abs(p - q) for p, q in zip(plain_output(a, d.argmax), plain_output(b, d.argmax))) == d.value
    assert all(low <= v <= low + size for v in d.argmax) and check_distance(a, b, d)
    decided = max_difference(a, b, box, epsilon=eps)
    assert decided.within == (d.value <= eps)
    if not decided.within:      # stopped early at a point beyond epsilon, which it shows
        assert decided.value > eps and check_distance(a, b, decided)


def test_by_hand_and_tampered_evidence():
    identity = Network(1, [([[1]], [0])])
    absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    box = Polyhedron.box([-2], [1])
    d = max_difference(identity, absolute, box)          # x - |x| = 2x for x < 0: 4 at x = -2
    assert (d.value, d.argmax) == (Q(4), (Q(-2),)) and check_distance(identity, absolute, d)
    for forged in (Distance(Q(5), d.argmax, d.output_a, d.output_b, 1, domain=box),
                   Distance(Q(4), d.argmax, (Q(-3),), d.output_b, 1, domain=box),
                   Distance(Q(6), (Q(-3),), (Q(-3),), (Q(3),), 1, domain=box)):      # outside [-2, 1]
        assert not check_distance(identity, absolute, forged)
    assert max_difference(identity, identity, box).value == 0
    # the upper bound's certificate: a true lower bound passed off as the maximum, or a cell missing, is refused
    low = Distance(Q(3), (Q(-3, 2),), (Q(-3, 2),), (Q(3, 2),), 1, domain=box, cells=d.cells)
    verdict = check_distance(identity, absolute, low)
    assert not verdict and "exceeds 3" in verdict.reason
    gap = Distance(d.value, d.argmax, d.output_a, d.output_b, 1, domain=box, cells=d.cells[:1])
    assert not check_distance(identity, absolute, gap)
    assert not check_distance(identity, absolute, Distance(d.value, d.argmax, d.output_a, d.output_b, 1, domain=box))
    # a degenerate pair (integers, zero biases): the lattice builds the joint complex
    a = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, -1, 1]], [0])])
    b = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    square = Polyhedron.box([-1, -1], [1, 1])
    degenerate = max_difference(a, b, square)
    assert degenerate.value == brute_force(a, b, square) and check_distance(a, b, degenerate)


def test_cli(identity_and_absolute):
    import json

    from tests.fibers.conftest import run_fibers

    a, c = identity_and_absolute

    def run(*args):
        return run_fibers("diff", *args)

    out = run(a, c, "--box", -2, 1, "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and (data["max"], data["argmax"], data["exact"]) == ("4", ["-2"], True)
    assert run(a, c, "--box", -2, 1, "--epsilon", 4).returncode == 0      # max = 4 <= 4
    assert run(a, c, "--box", -2, 1, "--epsilon", "7/2").returncode == 1  # 4 > 7/2
    for args, message in (([], "give the domain"), (["--box", 0, 1, "--epsilon", -1], "nonnegative")):
        out = run(a, c, *args)
        assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


# relu(x) + relu(y) against relu(x): the difference is relu(y), so on y = c it is max(c, 0)
RELU_SUM = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
RELU_X = Network(2, [([[1, 0]], [0]), ([[1]], [0])])


@given(st.integers(-3, 3), st.integers(-3, 0), st.integers(1, 3))
def test_on_a_flat_box_the_distance_is_taken_on_its_hull(c, low, width):
    flat = Polyhedron.box([low, c], [low + width, c])
    d = max_difference(RELU_SUM, RELU_X, flat)
    assert d.value == max(c, 0) and flat.contains(d.argmax) and d.slice is not None
    assert brute_force_on_line(c, low, low + width) == d.value
    assert check_distance(RELU_SUM, RELU_X, d)


def brute_force_on_line(c, low, high):
    """The maximum over a fine grid of the segment y = c, evaluated plainly (the difference is piecewise
    linear with breakpoints at integers, so integer and half-integer points suffice)."""
    xs = [Q(low) + Q(k, 2) for k in range(2 * (high - low) + 1)]
    return max(abs(plain_output(RELU_SUM, (x, Q(c)))[0] - plain_output(RELU_X, (x, Q(c)))[0]) for x in xs)


def test_a_flat_distance_names_a_wrong_slice_or_bound():
    flat = Polyhedron.box([-1, 2], [1, 2])
    d = max_difference(RELU_SUM, RELU_X, flat)                   # 2 everywhere on y = 2
    assert d.value == 2 and check_distance(RELU_SUM, RELU_X, d)
    origin, _ = d.slice
    tilted = Distance(d.value, d.argmax, d.output_a, d.output_b, d.vertices, domain=flat, cells=d.cells,
                      slice=(origin, ((Q(1), Q(1)),)))
    assert "does not contain the domain" in check_distance(RELU_SUM, RELU_X, tilted).reason
    low = Distance(Q(1), d.argmax, d.output_a, d.output_b, d.vertices, domain=flat, cells=d.cells, slice=d.slice)
    assert not check_distance(RELU_SUM, RELU_X, low)               # 1 is not |f_a - f_b| at the point
    point = max_difference(RELU_SUM, RELU_X, Polyhedron.box([1, 3], [1, 3]))
    assert (point.value, point.argmax, point.slice[1]) == (3, (1, 3), ()) and check_distance(RELU_SUM, RELU_X, point)
    lying = Distance(Q(3), (Q(1), Q(3)), (Q(4),), (Q(1),), 1, domain=Polyhedron.box([1, 3], [1, 4]),
                     slice=((Q(1), Q(3)), ()))
    assert "dimension 0" in check_distance(RELU_SUM, RELU_X, lying).reason


def test_cli_flat_box(tmp_path):
    import json

    from exact.io import save_network
    from tests.fibers.conftest import run_fibers

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    save_network(RELU_SUM, a)
    save_network(RELU_X, b)
    out = run_fibers("diff", a, b, "--box", -1, 1, "3/2", "3/2", "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and data["max"] == "3/2" and data["argmax"][1] == "3/2" and "slice" in data

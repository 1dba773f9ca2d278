"""Every CLI: bad input gives one line and exit 2 at once, whatever its size; valid input of any size works.

Regression tests for issue 14 items 5, 6, 8 and 9. Expected values are computed here from the
definitions (powers of ten, the network's formula), not by the code under test.
"""

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from exact.errors import NotExactError
from exact.numbers import MAX_DIGITS, format_rational, from_float_exact, to_rational

TWO_D = {"input_dim": 2, "layers": [{"weight": [[1, 0], [0, 1]], "bias": [0, 0]}, {"weight": [[1, -1]], "bias": [0]}]}
POINTS = [[0, 0], [1, 1], ["-1/2", "1/3"]]


def run(module, *args, timeout=60):
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def one_line_error(out, message):
    assert out.returncode == 2, out
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, data in {"net": TWO_D, "points": POINTS, "deep": {
            "input_dim": 1, "layers": [{"weight": [["1e100"]], "bias": [0]} for _ in range(45)]}}.items():
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(json.dumps(data))
    paths["tmp"] = tmp_path
    return paths


# ----------------------------------------------------------------------------- item 5: numbers of any size


def test_numbers_beyond_python_digit_limit_are_read_and_printed_exactly():
    big = 10 ** 5000 - 1
    assert to_rational("9" * 5000) == big
    assert to_rational("-" + "9" * 5000 + "/7") == Fraction(-big, 7)
    assert format_rational(Fraction(big, 7)) == "9" * 5000 + "/7"
    assert to_rational("1e" + str(MAX_DIGITS - 1)) == 10 ** (MAX_DIGITS - 1)     # MAX_DIGITS digits: accepted


def test_cli_reads_a_5000_digit_json_integer_and_fraction(files):
    value = 7 * (10 ** 5000 - 1) // 9                      # 5000 sevens
    path = files["tmp"] / "wide.json"
    path.write_text('{"input_dim": 1, "layers": [{"weight": [[' + "7" * 5000 + ']], "bias": ["' + "7" * 5000
                    + '/3"]}]}')
    out = run("exact", "eval", path, "1", "--json")
    assert out.returncode == 0, out.stderr
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert json.loads(out.stdout)["output"] == [f"{4 * value}/3"]     # 7...7 + 7...7/3, digit sum not 0 mod 3
    finally:
        sys.set_int_max_str_digits(limit)


def test_cli_prints_an_exact_4500_digit_output(files):
    # 45 layers of relu(1e100 x): the output at x = 1 is 10^4500 exactly
    out = run("exact", "eval", files["deep"], "1", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["output"] == ["1" + "0" * 4500]
    out = run("tropical", "regions", files["deep"], "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["count"] == 2


# ----------------------------------------------------------------------------- item 6: huge exponents


@pytest.mark.parametrize("text", ["1e999999999", "-1e999999999", "1e-999999999", "1e" + str(MAX_DIGITS),
                                  "7" * (MAX_DIGITS + 1), "1/" + "7" * (MAX_DIGITS + 1)])
def test_huge_exponents_and_digit_counts_are_refused_at_once(text):
    with pytest.raises(NotExactError, match="exceeds the limit"):
        to_rational(text)


def test_cli_refuses_huge_exponents_within_seconds(files):
    weight = files["tmp"] / "weight.json"
    weight.write_text('{"input_dim": 1, "layers": [{"weight": [[1e999999999]], "bias": [0]}]}')
    one_line_error(run("exact", "info", weight, timeout=20), "exceeds the limit")
    one_line_error(run("exact", "eval", files["net"], "1e999999999", "0", timeout=20), "x[0]")
    one_line_error(run("tropical", "regions", files["net"], "--box", "0", "1e999999999", timeout=20), "--box HI")
    one_line_error(run("homology", "quotient", files["net"], files["points"], "--eps", "1e999999999", timeout=20),
                   "--eps")


# ----------------------------------------------------------------------------- item 8: plot input


def test_plot_refuses_bad_points_boxes_and_slices(files):
    out_png = files["tmp"] / "p.png"
    for points, message in (([[1]], "points[0] has 1 coordinates"), ([[1, 2, 3]], "points[0] has 3 coordinates")):
        path = files["tmp"] / "pts.json"
        path.write_text(json.dumps(points))
        one_line_error(run("tropical", "plot", files["net"], "--box", -1, 1, "-o", out_png, "--points", path), message)
    one_line_error(run("tropical", "plot", files["net"], "--box", 0, "1e400", "-o", out_png), "too large to draw")
    three = files["tmp"] / "three.json"
    three.write_text(json.dumps({"input_dim": 3, "layers": [{"weight": [[1, 0, 0], [0, 1, 1]], "bias": [0, 0]},
                                                            {"weight": [[1, 1]], "bias": [0]}]}))
    slice_args = ["--box", -1, 1, "-o", out_png, "--origin", 0, 0, 0]
    one_line_error(run("tropical", "plot", three, *slice_args, "--u", 1, 2, 3, "--v", -2, -4, -6),
                   "linearly dependent")
    one_line_error(run("tropical", "plot", three, *slice_args, "--u", 1, 2, "--v", 1, 0, 0), "u has 2 coordinates")
    assert not out_png.exists()
    out = run("tropical", "plot", three, *slice_args, "--u", 1, 2, 3, "--v", "-2", "-1/2", "-6")
    assert out.returncode == 0 and out_png.exists(), out.stderr


# ----------------------------------------------------------------------------- item 9: negative rationals


def test_every_numeric_option_takes_negative_rationals(files):
    net, points = files["net"], files["points"]
    # exact eval x: relu(x1) - relu(x2) at (-1/2, -1e-3) is 0, at (1/2, -3/4) is 1/2
    out = run("exact", "eval", net, "1/2", "-3/4", "--json")
    assert json.loads(out.stdout)["output"] == ["1/2"], out.stderr
    out = run("exact", "eval", net, "-1/2", "-1e-3", "--json")
    assert json.loads(out.stdout)["output"] == ["0"], out.stderr
    # --box on regions and complex: the box [-1/2, -1/4]^2 lies in one region (both neurons off)
    out = run("tropical", "regions", net, "--box", "-1/2", "-1/4", "--count")
    assert out.returncode == 0 and out.stdout.strip() == "1", out.stderr
    out = run("tropical", "complex", net, "--box", "-1/2", "1/2", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["f_vector"][-1] == 4, out.stderr
    out = run("tropical", "plot", net, "--box", "-1e-1", "1/10", "-o", files["tmp"] / "p.svg")
    assert out.returncode == 0, out.stderr
    out = run("tropical", "plot", net, "--box", "-3/2", "-1/2", "-1/4", "1/4", "-o", files["tmp"] / "r.svg")
    assert out.returncode == 0 and "2 regions" in out.stderr, out.stderr      # x2 = 0 splits; x1 < 0 throughout
    line = files["tmp"] / "line.json"           # relu(x + 1): one breakpoint at -1 inside [-5/2, -1/2]
    line.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [1]},
                                                           {"weight": [[1]], "bias": [0]}]}))
    out = run("tropical", "plot", line, "--box", "-5/2", "-1/2", "-o", files["tmp"] / "g.svg")
    assert out.returncode == 0 and "2 linear pieces, 1 breakpoints" in out.stderr, out.stderr
    space = files["tmp"] / "space.json"         # relu(x1) - relu(x2) + x3 on the slice x = (-1/2, s, t)
    space.write_text(json.dumps({"input_dim": 3, "layers": [{"weight": [[1, 0, 0], [0, 1, 0]], "bias": [0, 0]},
                                                            {"weight": [[1, -1]], "bias": [0]}]}))
    out = run("tropical", "plot", space, "--box", "-1", "1", "--origin", "-1/2", "0", "0", "--u", "0", "-1", "0",
              "--v", "0", "0", "-1/3", "-o", files["tmp"] / "s.svg")
    assert out.returncode == 0 and "2 regions" in out.stderr, out.stderr      # only x2 = 0 cuts the slice
    # negative values reach the semantic checks, which name the option
    one_line_error(run("homology", "quotient", net, points, "--eps", "-1/2"), "eps: -1/2 must be nonnegative")
    one_line_error(run("homology", "overlap", net, points, "--delta", "-1e-3"), "delta: -1/1000 must be nonnegative")
    deep = files["tmp"] / "deep3.json"
    deep.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]},
                                                          {"weight": [[1]], "bias": [0]},
                                                          {"weight": [[1]], "bias": [0]}]}))
    one_line_error(run("fibers", "transform", deep, "--translate", 0, "--t", "-5/2", "-o", files["tmp"] / "t.json"),
                   "t = -5/2")


# ----------------------------------------------------------------------------- item 10: floats at the API


def test_floats_and_strings_do_not_slip_through_the_public_api():
    from exact.network import Layer, Network
    from fibers.symmetries import Scaling, inverse_steps
    from tropical.enumeration import pattern_near

    with pytest.raises(NotExactError, match="0.5 is a float"):
        Network(1, [Layer(((0.5,),), (0,))])
    assert inverse_steps([Scaling(1, (2, 3))]) == [Scaling(1, (Fraction(1, 2), Fraction(1, 3)))]
    assert all(type(c) is Fraction for c in inverse_steps([Scaling(1, (2, 3))])[0].factors)
    with pytest.raises(NotExactError, match="is a float"):
        pattern_near(Network(1, [([[1]], [0]), ([[1]], [0])]), [0], [[0.5]])
    with pytest.raises(NotExactError, match="is a string"):
        from_float_exact("0.1")
    with pytest.raises(NotExactError, match="not a float"):
        from_float_exact(None)
    assert from_float_exact(0.1) == Fraction(3602879701896397, 36028797018963968)


# ----------------------------------------------------------------------------- issue 13 small things


def test_version_broken_pipe_and_file_mode(files):
    import os

    for module in ("exact", "tropical", "fibers", "homology", "proofs_check"):
        out = run(module, "--version")
        assert out.returncode == 0 and "reluexact" in out.stdout
    # the reader goes away before the output is written: no traceback, no "Broken pipe", exit 0
    proc = subprocess.Popen([sys.executable, "-m", "tropical", "regions", files["net"], "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0 and proc.stderr.read() == b""
    # files are created with the user's umask, not 0600
    target = files["tmp"] / "saved.json"
    deep3 = files["tmp"] / "deep3.json"
    deep3.write_text(json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]},
                                                           {"weight": [[1]], "bias": [0]},
                                                           {"weight": [[1]], "bias": [0]}]}))
    old = os.umask(0o022)
    try:
        out = run("fibers", "transform", deep3, "--translate", 0, "--t", 1, "-o", target)
    finally:
        os.umask(old)
    assert out.returncode == 0, out.stderr
    assert (target.stat().st_mode & 0o777) == 0o644


def test_one_console_command_dispatches_to_every_package(files):
    from reluexact import COMMANDS, main

    # every subcommand is one of its package's own commands (its --help exits 0 through the dispatcher), and
    # its usage line names it as it was run
    for command, package in COMMANDS.items():
        out = subprocess.run([sys.executable, "-m", "reluexact", command, "--help"], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout.startswith("usage: reluexact " + command), (command, out.stderr)
        own = subprocess.run([sys.executable, "-m", package, "--help"], capture_output=True, text=True)
        assert own.stdout.startswith("usage: python -m " + package), (package, own.stdout[:80])
        assert out.stdout.split("\n")[0].split()[2] == command
    out = subprocess.run([sys.executable, "-m", "reluexact", "eval", str(files["net"]), "-1/2", "3", "--json"],
                         capture_output=True, text=True)
    assert json.loads(out.stdout)["output"] == ["-3"]        # relu(-1/2) - relu(3)
    assert main(["frobnicate"]) == 2 and main([]) == 2 and main(["--version"]) == 0


def test_the_claims_report_and_core_need_no_torch():
    # torch is an optional extra: block it and list the claims, convert JSON, enumerate regions
    code = ("import sys; sys.modules['torch'] = None\n"
            "from proofs_check.__main__ import main\n"
            "assert main(['--list']) == 0\n"
            "import exact, tropical, fibers, homology\n"
            "from exact import Network\n"
            "from tropical import count_regions\n"
            "assert count_regions(Network(1, [([[1], [-1]], [0, 1]), ([[1, 1]], [0])])) == 3\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_plot_takes_a_rectangle(files):
    out_png = files["tmp"] / "rect.png"
    out = run("tropical", "plot", files["net"], "--box", "-1/2", "2", "-1", "-1/4", "-o", out_png)
    # relu(x1) - relu(x2) on [-1/2, 2] x [-1, -1/4]: x2 < 0 throughout, so x1 = 0 splits it in two
    assert out.returncode == 0 and "2 regions" in out.stderr, out.stderr
    one_line_error(run("tropical", "plot", files["net"], "--box", "0", "1", "2", "-o", out_png), "3 values")


def test_count_is_printed_after_the_progress_line_is_cleared(files):
    # on a terminal the progress line goes to stderr; the count must come after the line is wiped
    import os
    import pty

    controller, terminal = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tropical", "regions", str(files["net"]), "--count"],
                            stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(controller)
    text = b"".join(chunks).decode()
    assert text.rstrip().endswith("4")                     # relu(x1) - relu(x2): 4 regions
    tail = text.rstrip()[:-1]
    assert "regions:" not in tail.rsplit("\r", 1)[-1]       # nothing of the progress line after the last wipe


def test_digits_print_decimals_beside_exact_values(tmp_path):
    import json as _json

    a = tmp_path / "a.json"
    a.write_text(_json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": ["1/3"]},
                                                         {"weight": [[2]], "bias": [0]}]}))
    b = tmp_path / "b.json"
    b.write_text(_json.dumps({"input_dim": 1, "layers": [{"weight": [[1]], "bias": ["1/3"]},
                                                         {"weight": [[3]], "bias": [0]}]}))
    out = subprocess.run([sys.executable, "-m", "exact", "eval", str(a), "1/7", "--digits", "5"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "20/21 (~0.95238)" in out.stdout      # 2 (1/7 + 1/3) = 20/21 = 0.952380...
    out = subprocess.run([sys.executable, "-m", "fibers", "equiv", str(a), str(b), "--digits", "3", "--quiet"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "approximately" in out.stdout
    fold = tmp_path / "fold.json"            # |x|: the point -1/3 is glued to its partner 1/3
    fold.write_text(_json.dumps({"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]},
                                                            {"weight": [[1, 1]], "bias": [0]}]}))
    points = tmp_path / "points.json"
    points.write_text(_json.dumps([["-1/3"], ["5/2"]]))
    out = subprocess.run([sys.executable, "-m", "homology", "overlap", str(fold), str(points), "--digits", "4",
                          "--quiet"], capture_output=True, text=True)
    assert out.returncode == 0 and "point 0 (01) ~ (1/3) in 10  approximately (0.3333)" in out.stdout
    for args in (["exact", "eval", str(a), "1", "--digits", "0"],
                 ["fibers", "equiv", str(a), str(b), "--digits", "-2"],
                 ["homology", "overlap", str(fold), str(points), "--digits", "0"]):
        bad = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True)
        assert bad.returncode == 2 and "--digits" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1

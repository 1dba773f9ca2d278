"""The `python -m exact` CLI, including the table of bad inputs (one line on stderr, exit 2)."""

import json
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "exact", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"input_dim": 2, "layers": [{"weight": [["-4", "1"], ["-4", "-1"]], "bias": ["2", "3"]},'
                    ' {"weight": [["1", "1/2"]], "bias": [0]}], "skips": [], "output_relu": false}')
    return path


def test_info_and_eval(net_file):
    out = run("info", str(net_file), "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["relu_neurons"] == 2
    # x = (1/2, 1): z = (1, 0), nu = (1, 0), f = 1
    out = run("eval", str(net_file), "1/2", "1", "--json")
    assert out.returncode == 0 and json.loads(out.stdout) == {"output": ["1"], "pattern": ["11"]}
    out = run("eval", str(net_file), "0.25", "-0")
    assert out.returncode == 0 and "output   2" in out.stdout  # z = (1, 2): 1 + 2/2


def bad_cases(tmp_path, net_file):
    malformed = tmp_path / "bad.json"
    malformed.write_text('{"input_dim": 2, "layers": [')
    shapes = tmp_path / "shape.json"
    shapes.write_text('{"input_dim": 3, "layers": [{"weight": [[1, 2]], "bias": [0]}]}')
    nan = tmp_path / "nan.json"
    nan.write_text('{"input_dim": 1, "layers": [{"weight": [[NaN]], "bias": [0]}]}')
    skip = tmp_path / "skip.json"
    skip.write_text('{"input_dim": 1, "layers": [{"weight": [[1],[1]], "bias": [0,0]}, {"weight": [[1,1],[1,1]],'
                    ' "bias": [0,0]}, {"weight": [[1,1]], "bias": [0]}], "skips": [{"from": 0, "to": 3}]}')
    out = str(tmp_path / "out.json")
    cases = []
    try:
        import torch
    except ImportError:         # an optional extra: the convert cases need it
        torch = None
    if torch is not None:
        tanh = tmp_path / "tanh.pt"
        torch.save(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Tanh()), tanh)
        cases = [(["convert", str(tanh), "-o", out], "pickled code"),
                 (["convert", str(tanh), "-o", out, "--trust-pickle"], "Tanh"),
                 (["convert", str(tanh)], "required: -o")]
    return cases + [
        (["info", str(malformed)], "malformed JSON"),
        (["info", str(shapes)], "layer 1: weight is 1x2 but its input has width 3"),
        (["info", str(nan)], "NaN is not a rational"),
        (["info", str(skip)], "identity skip between widths 1 and 2"),
        (["info", str(tmp_path / "missing.json")], "does not exist"),
        (["eval", str(net_file), "0.5"], "x: has 1 coordinates"),
        (["eval", str(net_file), "nan", "1"], "'nan' is not a rational"),
        (["eval", str(net_file), "1/0", "1"], "zero denominator"),
        (["convert", str(malformed), "-o", out], "not a loadable torch file"),
        (["frobnicate"], "invalid choice"),
    ]


def test_bad_inputs_one_line_exit_2_no_output(tmp_path, net_file):
    for args, message in bad_cases(tmp_path, net_file):
        out = run(*args)
        assert out.returncode == 2, (args, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, out.stderr)
        assert out.stdout == ""
    assert not (tmp_path / "out.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_every_parser_refuses_abbreviations():
    # argparse would read --coun as --count (and --v as --version): every parser spells its options out
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for module, args in (("tropical", ["regions", "examples/design.json", "--coun"]),
                         ("exact", ["info", "examples/design.json", "--jso"]),
                         ("fibers", ["equiv", "examples/design.json", "examples/design.json", "--meth", "auto"]),
                         ("homology", ["persistence", "examples/fold_points.json", "--maxd", "1"])):
        out = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=root)
        assert out.returncode == 2 and "unrecognized arguments" in out.stderr, (module, out.stderr)


def test_progress_is_logged_when_stderr_is_not_a_terminal():
    # a run redirected to a file: a line every `every` seconds and a last one with the total; --quiet: none
    import io

    from exact.cli import Progress

    log = io.StringIO()
    with Progress("cells", total=4, stream=log, every=0.0) as progress:
        for _ in range(4):
            progress.advance()
    lines = log.getvalue().splitlines()
    assert [line.split()[1] for line in lines[:4]] == ["1/4", "2/4", "3/4", "4/4"]
    assert lines[-1].startswith("cells: done, 4/4 in ")
    quiet = io.StringIO()
    with Progress("cells", stream=quiet, quiet=True, every=0.0) as progress:
        progress.advance()
    assert quiet.getvalue() == ""
    rough = io.StringIO()
    with Progress("cells", stream=rough, every=0.0, estimate=9) as progress:      # an estimate, marked as one
        progress.advance()
    assert rough.getvalue().split()[1] == "1/~9"
    slow = io.StringIO()
    with Progress("cells", stream=slow) as progress:     # every 5 s by default: a short run logs nothing
        progress.advance()
    assert slow.getvalue() == ""


def test_vnnlib_boxes_on_slices(tmp_path):
    """A 3-input network, a VNN-LIB box flat in x3, a plane through it: the box's slice is the domain."""
    net = tmp_path / "n.json"
    net.write_text('{"input_dim": 3, "layers": [{"weight": [[1, 0, 0], [0, 1, 0], [1, 1, 1]], "bias": [0, 0, -1]}, '
                   '{"weight": [[1, 1, 1]], "bias": [0]}]}')
    prop = tmp_path / "p.vnnlib"
    prop.write_text("(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const X_2 Real)\n"
                    "(assert (>= X_0 -1))\n(assert (<= X_0 1))\n(assert (>= X_1 -1))\n(assert (<= X_1 1))\n"
                    "(assert (>= X_2 1/2))\n(assert (<= X_2 1/2))\n")
    plane = ["--origin", "0", "0", "1/2", "--u", "1", "0", "0", "--v", "0", "1", "0"]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tropical", *map(str, args)], capture_output=True, text=True)

    # on x3 = 1/2 the lines x = 0, y = 0 and x + y = 1/2 cut [-1, 1]^2 into 7 regions (counted by hand)
    on_box = run("regions", net, *plane, "--box", "-1", "1", "--count", "--quiet")
    on_vnnlib = run("regions", net, *plane, "--vnnlib", prop, "--count", "--quiet")
    assert on_box.stdout.strip() == on_vnnlib.stdout.strip() == "7", on_vnnlib.stderr
    drawn = run("plot", net, *plane, "--vnnlib", prop, "-o", tmp_path / "p.png")
    assert drawn.returncode == 0 and "7 regions" in drawn.stderr
    off = run("regions", net, "--origin", "0", "0", "1", "--u", "1", "0", "0", "--v", "0", "1", "0",
              "--vnnlib", prop, "--count")
    assert off.returncode == 2 and "outside the box" in off.stderr and off.stderr.count("\n") == 1
    flat = run("regions", net, "--vnnlib", prop, "--count")
    assert flat.returncode == 2 and "flat" in flat.stderr

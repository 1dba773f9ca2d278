"""Every argument of every command line has a help text (issue 13)."""

import argparse
import importlib

import pytest

PARSERS = [("exact.__main__", "_parser"), ("tropical.__main__", "_parser"), ("fibers.__main__", "_parser"),
           ("homology.__main__", "_parser"), ("proofs_check.__main__", "_parser"),
           ("proofs_check.__main__", "_experiment_parser")]


def undocumented(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += undocumented(sub, f"{prefix} {name}")
            continue
        if not action.help or action.help == argparse.SUPPRESS:
            missing.append(f"{prefix} {'/'.join(action.option_strings) or action.dest}")
    return missing


@pytest.mark.parametrize("module, function", PARSERS)
def test_every_argument_has_help(module, function):
    parser = getattr(importlib.import_module(module), function)()
    assert undocumented(parser, module.split(".")[0]) == []


def test_usage_lines_name_the_command_as_it_was_run(tmp_path):
    """``reluexact CMD`` errors and usage say ``reluexact``; ``python -m PACKAGE`` keeps its own name."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    entry = shutil.which("reluexact") or str(Path(sys.executable).with_name("reluexact"))
    bad = subprocess.run([entry, "equiv", "a.json", "b.json", "--budget", "soon"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("reluexact equiv: error:"), bad.stderr
    shown = subprocess.run([entry, "convert", "--help"], capture_output=True, text=True)
    assert shown.stdout.startswith("usage: reluexact convert") and ".onnx" in shown.stdout
    plain = subprocess.run([sys.executable, "-m", "exact", "convert", "--help"], capture_output=True, text=True)
    assert plain.stdout.startswith("usage: python -m exact convert")


def test_eval_prints_an_approximation_beside_non_integer_values(tmp_path):
    import subprocess
    import sys

    net = tmp_path / "n.json"
    net.write_text('{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]}, '
                   '{"weight": [[1, 1]], "bias": [0]}]}')
    out = subprocess.run([sys.executable, "-m", "exact", "eval", str(net), "-1/3"], capture_output=True, text=True)
    assert out.stdout.splitlines()[0] == "output   1/3 (~0.333333)"
    out = subprocess.run([sys.executable, "-m", "exact", "eval", str(net), "-2"], capture_output=True, text=True)
    assert out.stdout.splitlines()[0] == "output   2"

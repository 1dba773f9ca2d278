"""Shared by the fibers tests: the identity and |x| as network files, and the fibers command line."""

import subprocess
import sys

import pytest

IDENTITY = '{"input_dim": 1, "layers": [{"weight": [[1]], "bias": [0]}]}'
ABSOLUTE = '{"input_dim": 1, "layers": [{"weight": [[1], [-1]], "bias": [0, 0]}, {"weight": [[1, 1]], "bias": [0]}]}'


@pytest.fixture
def identity_and_absolute(tmp_path):
    """Files of x -> x and x -> |x| = relu(x) + relu(-x) (equal exactly where x >= 0)."""
    a, c = tmp_path / "a.json", tmp_path / "c.json"
    a.write_text(IDENTITY)
    c.write_text(ABSOLUTE)
    return a, c


def run_fibers(*args):
    """``python -m fibers ARGS`` with its output captured."""
    return subprocess.run([sys.executable, "-m", "fibers", *map(str, args)], capture_output=True, text=True)

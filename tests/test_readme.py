"""The README's `>>>` examples run as doctests, so the tour shows real output."""

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if ">>>" in b]
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README block {i}", "README.md", 0))
    assert runner.failures == 0 and runner.tries > 5


def test_readme_cli_outputs_are_current(monkeypatch):
    import subprocess
    import sys

    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text()
    for package, command in (("exact", "info examples/design.json"),
                             ("exact", "eval examples/design.json 1/2 1 --json"),
                             ("exact", "eval examples/design.json 0.1 0"),
                             ("tropical", "regions examples/design.json --box -1 1"),
                             ("tropical", "region examples/design.json --pattern 01 --box 0 1/4"),
                             ("fibers", "identifiable examples/hiding.json")):
        out = subprocess.run([sys.executable, "-m", package, *command.split()], capture_output=True, text=True)
        assert out.returncode == (1 if command.startswith("identifiable") else 0)   # hiding.json: not identifiable
        assert f"$ python -m {package} {command}\n{out.stdout}" in text
        if command.startswith("regions examples/design.json"):
            check_design_regions(out.stdout)
        if command.startswith("region examples/design.json --pattern 01"):
            check_design_farkas(out.stdout)


def design_pre(x1, x2):
    """examples/design.json by hand: z = (-4 x1 + x2 + 2, -4 x1 - x2 + 3)."""
    return (-4 * x1 + x2 + 2, -4 * x1 - x2 + 3)


def check_design_regions(stdout):
    # the four printed interior points lie strictly inside the box and have their printed patterns
    from fractions import Fraction

    lines = [line for line in stdout.splitlines() if "interior point" in line]
    assert len(lines) == 4
    for line in lines:
        pattern = line.split()[0]
        x1, x2 = (Fraction(v) for v in line.split("(")[1].rstrip(")").split())
        z = design_pre(x1, x2)
        assert all(-1 < v < 1 for v in (x1, x2)) and all(v != 0 for v in z)
        assert pattern == "".join("1" if v > 0 else "0" for v in z)


def check_design_farkas(stdout):
    # rows of pattern 01 on the box [0, 1/4]^2 by hand, in the order of --json's constraints (box first):
    # x1 <= 1/4, x2 <= 1/4, -x1 <= 0, -x2 <= 0, z1 <= 0, -z2 <= 0; the printed multipliers must combine
    # them into 0 <= (something negative)
    from fractions import Fraction

    rows = [((1, 0), Fraction(1, 4)), ((0, 1), Fraction(1, 4)), ((-1, 0), 0), ((0, -1), 0), ((-4, 1), -2),
            ((4, 1), 3)]
    text = stdout.split("Farkas multipliers ")[1].strip()
    y = [Fraction(v.strip(" '")) for v in text.strip("[]").split(",")]
    assert len(y) == len(rows) and all(v >= 0 for v in y)
    assert all(sum(yi * a[k] for yi, (a, _) in zip(y, rows)) == 0 for k in range(2))
    assert sum(yi * b for yi, (_, b) in zip(y, rows)) < 0

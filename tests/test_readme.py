"""The printed examples of the README and the docs, checked by hand (tests/test_docs.py runs them)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_is_a_short_tour_with_a_link_to_the_docs():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 60 and "make test" in text and "make check" in text
    assert "docs/quickstart.md" in text and ".venv/bin/activate" in text


def test_design_outputs_by_hand(monkeypatch):
    monkeypatch.chdir(ROOT)
    for command, check in ((["regions", "examples/design.json", "--box", "-1", "1"], check_design_regions),
                           (["regions", "examples/design.json", "--box", "-1/2", "1"], check_design_regions),
                           (["region", "examples/design.json", "--pattern", "01", "--box", "0", "1/4"],
                            check_design_farkas)):
        out = subprocess.run([sys.executable, "-m", "tropical", *command], capture_output=True, text=True)
        assert out.returncode == 0
        check(out.stdout)


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
        assert all(-1 < v < 1 for v in (x1, x2)) and all(v != 0 for v in z)   # inside both boxes used
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

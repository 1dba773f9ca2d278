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
        assert out.returncode == 0
        assert f"$ python -m {package} {command}\n{out.stdout}" in text

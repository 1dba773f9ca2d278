"""Every example in the documentation runs: `>>>` blocks as doctests, `console` blocks as commands.

Each page runs in a fresh folder holding a copy of `examples/`, its blocks in the order they
appear (a page may write a file in one block and read it in the next). A `console` block is a
list of `$ command` lines, each followed by what it prints (stdout and stderr together), compared
with doctest's checker (`...` stands for any text). `$ echo $?` prints the previous command's exit
status. `text` blocks are shown, not run. `make docs` runs this file before building the site.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
BLOCK = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(text: str) -> list[tuple[str, str]]:
    """``(language, body)`` of every fenced block, in order."""
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]


def console_steps(body: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return [(command, "\n".join(lines).rstrip("\n") + "\n" if any(lines) else "") for command, lines in steps]


def run_console(body: str, where: Path, name: str) -> list[str]:
    checker, failures, status = doctest.OutputChecker(), [], 0
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               COLUMNS="80")
    for command, expected in console_steps(body):
        if command.strip() == "echo $?":
            got = f"{status}\n"
        else:
            line = re.sub(r"^python ", f"{sys.executable} ", command.split("  #")[0].strip())
            done = subprocess.run(line, shell=True, cwd=where, capture_output=True, text=True, env=env, timeout=600)
            got, status = done.stdout + done.stderr, done.returncode
        if not checker.check_output(expected, got, FLAGS):
            failures.append(f"{name}: $ {command}\nexpected:\n{expected}got:\n{got}")
    return failures


def run_page(page: Path, where: Path) -> tuple[list[str], int]:
    """Run a page's examples in ``where``; the failures and the number of examples run."""
    parser, failures, count = doctest.DocTestParser(), [], 0
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    namespace: dict[str, object] = {}
    previous = Path.cwd()
    os.chdir(where)
    try:
        for i, (language, body) in enumerate(blocks(page.read_text())):
            if language == "python" and ">>>" in body:
                test = parser.get_doctest(body, namespace, f"{page.name} block {i}", str(page), 0)
                before = runner.failures
                output: list[str] = []
                runner.run(test, out=output.append, clear_globs=False)
                namespace.update(test.globs)     # a DocTest runs on a copy: carry names to the next block
                count += len(test.examples)
                if runner.failures > before:
                    failures.append("".join(output))
            elif language == "console":
                steps = console_steps(body)
                count += len(steps)
                failures += run_console(body, where, f"{page.name} block {i}")
    finally:
        os.chdir(previous)
    return failures, count


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples_run(page, tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "docs").mkdir()
    failures, _ = run_page(page, tmp_path)
    assert not failures, "\n\n".join(failures)


def test_the_runner_catches_a_wrong_output_and_a_wrong_exit_status(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\n>>> 1 + 1\n3\n```\n\n```console\n$ python -c 'print(5)'\n6\n$ echo $?\n1\n```\n")
    failures, count = run_page(page, tmp_path)
    assert count == 3 and len(failures) == 3
    page.write_text("```python\n>>> 1 + 1\n2\n```\n\n```console\n$ python -c 'print(5)'\n5\n$ echo $?\n0\n```\n"
                    "\n```text\n$ not run\n```\n")
    assert run_page(page, tmp_path) == ([], 3)


def test_the_api_pages_fence_doctests():
    pytest.importorskip("griffe")                      # the docs extra (make docs installs it)
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from griffe_doctests import fence_doctests
    finally:
        sys.path.remove(str(ROOT / "docs"))
    text = "Sum.\n\n    >>> f(1)\n    2\n\nThen.\n>>> g()\n"
    assert fence_doctests(text).splitlines() == ["Sum.", "", "    ```pycon", "    >>> f(1)", "    2", "    ```", "",
                                                 "Then.", "```pycon", ">>> g()", "```"]


def test_lists_start_a_block_of_their_own():
    # Markdown reads "text\n- item" as one paragraph ("text - item"): every list needs a blank line before it
    import re

    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        lines = page.read_text().splitlines()
        fenced = False
        for number, line in enumerate(lines):
            fenced ^= line.startswith("```")
            if fenced or number == 0 or not re.match(r"\s*([-*]|\d+\.) ", line):
                continue
            before = lines[number - 1]
            if before.strip() and not re.match(r"\s*([-*]|\d+\.) ", before) and not before.startswith(("  ", "|")):
                found.append(f"{page.name}:{number + 1}")
    assert not found

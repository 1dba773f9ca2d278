"""The public API is documented like networkx's: each public function, class and method of the
packages has a Parameters section (when it takes any), Returns (functions and methods) and an
example or a See Also; the sections of every docstring come once each, in numpydoc's order, with
the doctests under Examples.

The check reads each module's ``__all__`` and the methods of the classes there.
"""

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

DOCUMENTED = ["exact", "tropical", "fibers", "homology"]


def _public(package):
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj


def missing_sections(obj):
    doc = inspect.getdoc(obj) or ""
    lacking = []
    if inspect.isfunction(obj):
        takes = [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
        if takes and "Parameters\n----------" not in doc:
            lacking.append("Parameters")
        if "Returns\n-------" not in doc and "Yields\n------" not in doc:
            lacking.append("Returns")
    if ">>>" not in doc and "See Also\n--------" not in doc:
        lacking.append("an example or See Also")
    return lacking


@pytest.mark.parametrize("package", DOCUMENTED)
def test_every_public_callable_is_documented(package):
    gaps = {name: missing_sections(obj) for name, obj in _public(package)}
    assert {name: lack for name, lack in gaps.items() if lack} == {}


def _methods(package):
    for path, cls in _public(package):
        if not inspect.isclass(cls):
            continue
        for attr, value in vars(cls).items():
            if attr.startswith("_") or isinstance(value, property):
                continue
            func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
            if inspect.isfunction(func):
                yield f"{path}.{attr}", func


@pytest.mark.parametrize("package", DOCUMENTED)
def test_every_public_method_is_documented(package):
    gaps = {name: missing_sections(func) for name, func in _methods(package)}
    assert {name: lack for name, lack in gaps.items() if lack} == {}


def test_the_check_names_what_is_missing():
    def bare(x):
        """One line."""

    def full(x):
        """One line.

        Parameters
        ----------
        x
            A value.

        Returns
        -------
        int
            One.

        See Also
        --------
        bare : the undocumented one.
        """

    assert missing_sections(bare) == ["Parameters", "Returns", "an example or See Also"]
    assert missing_sections(full) == []


NUMPYDOC_ORDER = ["Parameters", "Returns", "Yields", "Other Parameters", "Raises", "Warns", "Warnings",
                  "See Also", "Notes", "References", "Examples"]


def section_problems(doc):
    """The sections named twice or out of numpydoc's order, or a doctest outside Examples ('' when none)."""
    lines = doc.splitlines()
    heads = [i for i in range(len(lines) - 1)
             if lines[i].strip() in NUMPYDOC_ORDER and re.fullmatch(r"-{3,}", lines[i + 1].strip())]
    names = [lines[i].strip() for i in heads]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        return f"twice: {twice}"
    if names != sorted(names, key=NUMPYDOC_ORDER.index):
        return f"order: {names}"
    for k, i in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(lines)
        if names[k] != "Examples" and any(line.strip().startswith(">>>") for line in lines[i:end]):
            return f"a doctest in {names[k]}"
    return ""


@pytest.mark.parametrize("package", DOCUMENTED)
def test_sections_come_once_in_numpydoc_order(package):
    root = Path(__file__).resolve().parents[1] / package
    problems = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                problem = section_problems(ast.get_docstring(node) or "")
                if problem:
                    problems[f"{path.name}:{getattr(node, 'name', '<module>')}"] = problem
    assert problems == {}


def test_the_section_check_sees_repeats_and_disorder():
    assert section_problems("One.\n\nReturns\n-------\nx\n\nExamples\n--------\n>>> 1\n1\n") == ""
    assert section_problems("One.\n\nExamples\n--------\n>>> 1\n1\n\nExamples\n--------\n>>> 2\n2\n") \
        == "twice: ['Examples']"
    assert section_problems("One.\n\nExamples\n--------\n>>> 1\n1\n\nRaises\n------\nValueError\n") \
        == "order: ['Examples', 'Raises']"
    assert section_problems("One.\n\nReturns\n-------\nx\n\n>>> 1\n1\n") == "a doctest in Returns"


# Modules that implement the papers' objects: each public function and class names its source.
PAPER_MODULES = ["tropical.recurrences", "tropical.regions", "tropical.prediction", "tropical.enumeration",
                 "tropical.complex", "fibers.symmetries", "fibers.orthant", "fibers.bottleneck",
                 "fibers.identifiability", "homology.decompositions", "homology.exact_sequence", "homology.image",
                 "homology.sampling", "homology.persistence", "homology.chains"]
# Their helpers that implement no paper's object (file formats, boxes, a sparse matrix).
NOT_FROM_A_PAPER = {"tropical.regions.check_domain", "tropical.complex.box_of", "tropical.complex.enclosing_box",
                    "fibers.symmetries.step_to_json", "fibers.symmetries.step_from_json",
                    "homology.persistence.filtration_from_json", "homology.chains.SparseMatrix"}


def test_the_papers_objects_cite_the_paper():
    lacking = []
    for package in DOCUMENTED:
        for name, obj in _public(package):
            module = name.rsplit(".", 1)[0]
            if module in PAPER_MODULES and name not in NOT_FROM_A_PAPER:
                if "References\n----------" not in (inspect.getdoc(obj) or ""):
                    lacking.append(name)
    assert lacking == []

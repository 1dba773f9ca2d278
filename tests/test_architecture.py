"""The layering of DESIGN.md: no import cycle between modules, no import from a package above.

Imports inside functions count; imports under ``if TYPE_CHECKING:`` (annotations only) do not.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYER = {"exact": 0, "tropical": 1, "fibers": 2, "homology": 2, "proofs_check": 3, "reluexact": 4}


def import_graph(root=ROOT):
    """``{module: {imported modules}}`` over the packages' files, from their syntax trees."""
    graph = {}
    for package in LAYER:
        for path in sorted((root / package).glob("*.py")):
            module = f"{package}.{path.stem}"
            tree = ast.parse(path.read_text())
            typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                           and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
            edges = graph.setdefault(module, set())
            for node in ast.walk(tree):
                if id(node) in typing_only:
                    continue
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LAYER:
                    if node.module in LAYER:        # from exact import linalg / from exact import Network
                        for alias in node.names:
                            target = f"{node.module}.{alias.name}"
                            edges.add(target if (root / node.module / f"{alias.name}.py").exists()
                                      else f"{node.module}.__init__")
                    else:
                        edges.add(node.module)
                elif isinstance(node, ast.Import):
                    edges.update(a.name if "." in a.name else f"{a.name}.__init__" for a in node.names
                                 if a.name.split(".")[0] in LAYER)
    return graph


def cycles(graph):
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert cycles(import_graph()) == []


def test_no_package_imports_one_above_it():
    upward = [(a, b) for a, targets in import_graph().items() for b in targets
              if LAYER[a.split(".")[0]] < LAYER[b.split(".")[0]]]
    assert upward == []

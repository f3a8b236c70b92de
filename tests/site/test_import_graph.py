"""No import cycles inside an app, and no imports hidden inside functions to dodge one.

The graph is grimp's (every import statement, wherever it stands). A cycle is a strongly
connected component of more than one module, or a module that imports itself. Imports inside
functions are allowed only where app loading needs them (``apps.py``) and in the short list
below, each with its reason; any other one fails, so a new cycle cannot hide in a function.
"""

import ast
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["kp_catalogue", "kp_plans", "kp_consultation", "kpsite"]
FIRST_PARTY = ("kp_catalogue", "kp_plans", "kp_consultation", "kpsite")

# (module, imported module): why the import must wait until the function runs.
DEFERRED_IMPORTS: set[tuple[str, str]] = set()


def strongly_connected(graph):
    """Tarjan's algorithm, iterative; ``graph`` maps a module to the modules it imports."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    found.append(component)
    return found


def import_cycles(package):
    graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    cycles = [sorted(c) for c in strongly_connected(edges) if len(c) > 1]
    cycles += [[m] for m, targets in edges.items() if m in targets]
    return cycles


def deferred_imports(folder, package):
    """First-party imports inside function bodies: (module, imported module, line)."""
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts or path.name == "apps.py":
            continue
        module = ".".join((package, *path.relative_to(folder).with_suffix("").parts))
        module = module.removesuffix(".__init__")
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    if name.split(".")[0] in FIRST_PARTY:
                        yield module, name, node.lineno


def folder_of(package):
    return ROOT / ("site" if package == "kpsite" else package)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package):
    cycles = import_cycles(package)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_hidden_in_a_function(package):
    offenders = [f"{module}:{line} imports {name}"
                 for module, name, line in deferred_imports(folder_of(package), package)
                 if (module, name) not in DEFERRED_IMPORTS]
    assert not offenders, ("move these imports to the top of the module (or, if app loading "
                           "needs them, list them with a reason):\n" + "\n".join(offenders))


def test_the_check_finds_a_cycle_made_on_purpose(tmp_path, monkeypatch):
    package = tmp_path / "cyclic_demo"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic_demo.sub import b\n")
    (package / "sub" / "b.py").write_text(textwrap.dedent("""
        def later():
            from cyclic_demo import a  # a cycle hidden in a function is still a cycle
    """))
    (package / "c.py").write_text("import cyclic_demo.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert import_cycles("cyclic_demo") == [["cyclic_demo.a", "cyclic_demo.sub.b"]]
        hidden = list(deferred_imports(package, "cyclic_demo"))
        assert hidden == []  # not first-party here: the hidden-import rule is per project
    finally:
        for name in [m for m in sys.modules if m.startswith("cyclic_demo")]:
            del sys.modules[name]


def test_a_hidden_first_party_import_is_reported(tmp_path):
    folder = tmp_path / "kp_demo"
    folder.mkdir()
    (folder / "views.py").write_text("def view():\n    from kp_catalogue.models import Service\n")
    assert list(deferred_imports(folder, "kp_demo")) == [
        ("kp_demo.views", "kp_catalogue.models", 2)]

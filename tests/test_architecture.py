"""The shape of the code (docs/architecture.md): imports point one way, no module import circle, no project
import hidden in a function to dodge one, and settings.py is the only reader of the environment."""

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "voicecrm"


def _modules() -> dict[str, ast.Module]:
    trees = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        trees[path.relative_to(SOURCE).as_posix()] = ast.parse(path.read_text(), filename=str(path))
    return trees


def test_the_import_contracts_of_pyproject_hold():
    # Layers (server → web/API → ops → pipeline/recordings → crm → accounts → extraction/speech → errors),
    # and no Django in speech/ or extraction/.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_import_circle():
    # Module by module, not only package by package: pipeline and recordings may import each other's
    # modules (pyproject.toml says why), but never round in a circle.
    assert _cycles(grimp.build_graph("voicecrm", cache_dir=None)) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.build_graph("voicecrm", cache_dir=None)
    graph.add_import(importer="voicecrm.pipeline.job", imported="voicecrm.pipeline.tasks")
    assert ["voicecrm.pipeline.job", "voicecrm.pipeline.tasks"] in _cycles(graph)


def test_no_project_import_inside_a_function():
    # Allowed: AppConfig.ready (Django's models are only ready then) and nothing else.
    hidden = []
    for name, tree in _modules().items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if name.endswith("apps.py") and function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("voicecrm")):
                    hidden.append(f"{name}:{node.lineno} {function.name}")
                elif isinstance(node, ast.Import) and any(a.name.startswith("voicecrm") for a in node.names):
                    hidden.append(f"{name}:{node.lineno} {function.name}")
    assert hidden == []


def test_only_settings_reads_the_environment():
    # Entry points may name the settings module (Django's bootstrap); the pure extraction CLI reads its options.
    allowed = {"settings.py", "extraction/__main__.py"}
    readers = []
    for name, tree in _modules().items():
        if name in allowed:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
                line = ast.get_source_segment((SOURCE / name).read_text(), _parent_call(tree, node) or node) or ""
                if 'setdefault("DJANGO_SETTINGS_MODULE"' not in line:
                    readers.append(f"{name}:{node.lineno}")
    assert readers == []


def _parent_call(tree: ast.Module, target: ast.AST) -> ast.AST | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.value is target:
            return node
    return None

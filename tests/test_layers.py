"""The package's one rule of structure: data flows model -> journal ->
analyze -> render -> capture -> cli, and nothing imports from a layer above
its own (docs/architecture.md). Also: no circular imports, and nothing below
the CLI prints, exits, or asks for today's date."""

from __future__ import annotations

import ast
from pathlib import Path

import iepjournal

PACKAGE = Path(iepjournal.__file__).parent
# Bottom to top. The package root holds only the version and where the
# shipped files are (bundled.py): any layer may use them.
LAYERS = ["model", "journal", "analyze", "render", "capture", "cli"]
ROOT_MODULES = {"iepjournal", "iepjournal.bundled"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("iepjournal", *parts))] = path
    return found


def layer_of(module: str) -> int | None:
    """The layer's rank, or None for the package root's own modules."""
    parts = module.split(".")
    if module in ROOT_MODULES:
        return None
    if module == "iepjournal.__main__":
        return LAYERS.index("cli")
    return LAYERS.index(parts[1])


def imports(path: Path, module: str, top_level_only: bool = False) -> set[str]:
    """Every iepjournal module `path` imports (anywhere in it, type-checking
    blocks included; with `top_level_only`, only what runs on import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    known = modules()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("iepjournal")}
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{module}: a relative import; name the module"
            base = node.module or ""
            if not base.startswith("iepjournal"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found


def test_every_module_is_in_a_layer():
    for module in modules():
        if module not in ROOT_MODULES:
            assert layer_of(module) is not None, module


def test_nothing_imports_from_a_layer_above_its_own():
    wrong = []
    for module, path in modules().items():
        own = layer_of(module)
        for imported in imports(path, module):
            theirs = layer_of(imported)
            if module in ROOT_MODULES:
                if imported not in ROOT_MODULES and module != "iepjournal":
                    wrong.append(f"{module} (the package root) imports {imported}")
            elif theirs is not None and own is not None and theirs > own:
                wrong.append(f"{module} ({LAYERS[own]}) imports {imported} "
                             f"({LAYERS[theirs]})")  # fmt: skip
    assert wrong == []


def test_the_root_package_imports_no_layer():
    init = PACKAGE / "__init__.py"
    assert imports(init, "iepjournal") == set()


def test_no_circular_imports():
    """Among the imports that run when a module is imported."""
    graph = {
        module: {
            m for m in imports(path, module, top_level_only=True) if m in modules()
        }
        for module, path in modules().items()
    }
    # A package's __init__ re-exporting its own submodule is not a cycle.
    for module in graph:
        graph[module].discard(module)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other) :], other])
            elif other not in state:
                visit(other, [*trail, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


FORBIDDEN_BELOW_CLI = {
    ("print",): "prints",
    ("sys", "exit"): "exits",
    ("exit",): "exits",
    ("date", "today"): "asks for today's date",
    ("dt", "date", "today"): "asks for today's date",
    ("datetime", "now"): "asks for the time",
    ("dt", "datetime", "now"): "asks for the time",
    ("click", "echo"): "prints",
    ("input",): "asks",
}


def _called(node: ast.Call) -> tuple[str, ...]:
    parts: list[str] = []
    target = node.func
    while isinstance(target, ast.Attribute):
        parts.insert(0, target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        parts.insert(0, target.id)
    return tuple(parts)


def test_nothing_below_the_cli_prints_exits_or_asks_the_date():
    found = []
    for module, path in modules().items():
        if layer_of(module) == LAYERS.index("cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = _called(node)
                for forbidden, what in FORBIDDEN_BELOW_CLI.items():
                    if called[-len(forbidden) :] == forbidden:
                        found.append(f"{module}:{node.lineno} {what}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                source = getattr(node, "module", None) or ""
                if "click" in names or source == "click":
                    found.append(f"{module}:{node.lineno} imports Click")
    assert found == []

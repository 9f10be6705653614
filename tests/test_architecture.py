"""The folder tree is the architecture: stages import one way, modules and functions stay small.

These tests read the package's source (with ``ast``), so a change that breaks a rule fails here,
named, before a reviewer has to find it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "polyglot_docs"
ROOT = PACKAGE.parents[1]
# Each part of the package may import only parts of the same or a lower rank.
RANK = {"core": 0, "documents": 1, "catalogs": 2, "checks": 3, "repository": 4, "editions": 5, "cli": 6,
        "__main__": 7}
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
MAX_REPOSITORY_LINES = 150


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(name: str) -> str | None:
    """The stage a module belongs to (None: the package's own __init__)."""
    pieces = name.split(".")
    return pieces[1] if len(pieces) > 1 else None


def imports(path: Path) -> list[tuple[str, int]]:
    """The polyglot_docs modules ``path`` imports, with the line, type-checking-only imports left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
               for stmt in block.body for node in ast.walk(stmt)}
    found = []
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("polyglot_docs"):
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("polyglot_docs")]
    return found


def test_the_five_stage_packages_say_what_they_do_and_may_import() -> None:
    for stage in ("core", "documents", "catalogs", "checks", "editions", "cli"):
        init = PACKAGE / stage / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and "May import" in docstring, f"{init}: say what the stage does and may import"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    own = part_of(module_name(path))
    for target, line in imports(path):
        other = part_of(target)
        if own is None or other is None:
            continue
        assert RANK[other] <= RANK[own], f"{path.relative_to(ROOT)}:{line}: {own} may not import {target}"


def test_no_import_cycles() -> None:
    graph = {module_name(path): {target for target, _ in imports(path)} for path in modules()}
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if target not in graph or target == name:
                continue  # a name imported from a package's __init__, or its own submodules
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*trail, name, target])
            if target not in state:
                visit(target, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: over {MAX_MODULE_LINES} lines"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, \
                f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} is {length} lines (at most {MAX_FUNCTION_LINES})"


def test_repository_is_a_thin_facade() -> None:
    tree = ast.parse((PACKAGE / "repository.py").read_text(encoding="utf-8"))
    [facade] = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Repository"]
    assert (facade.end_lineno or 0) - facade.lineno + 1 <= MAX_REPOSITORY_LINES


# What a command module may not do itself: touch files or parse XML.
_FILE_CALLS = {"read_text", "read_bytes", "write_text", "write_bytes", "unlink", "mkdir", "rename",
               "replace", "write_if_changed", "parse_document_bytes", "fromstring", "parse"}


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.name)
def test_the_command_line_touches_no_file_and_parses_no_xml(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            assert not any(n.startswith(("lxml", "polyglot_docs.core.fsutil", "polyglot_docs.core.xmlsafe"))
                           for n in names), f"{path.name}:{node.lineno}: imports {names}"
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                assert node.func.id not in (*_FILE_CALLS, "open"), f"{path.name}:{node.lineno}: calls {node.func.id}()"
            elif isinstance(node.func, ast.Attribute):
                assert node.func.attr not in _FILE_CALLS, f"{path.name}:{node.lineno}: calls {node.func.attr}()"


def test_architecture_md_names_only_modules_that_exist() -> None:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:core|documents|catalogs|checks|editions|cli)/[a-z_/]+\.py)`", text))
    assert len(named) >= 20, "ARCHITECTURE.md should name the modules of every stage"
    missing = sorted(name for name in named if not (PACKAGE / name).is_file())
    assert not missing, f"docs/ARCHITECTURE.md names modules that do not exist: {missing}"
    documented = {str(p.relative_to(PACKAGE)) for p in modules() if p.name != "__init__.py"
                  and p.parent != PACKAGE}
    assert not sorted(documented - named), f"modules ARCHITECTURE.md does not describe: {sorted(documented - named)}"

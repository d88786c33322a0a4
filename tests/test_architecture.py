"""The import rules of docs/architecture.md, checked by parsing every module's imports.

Rule 1: subpackages import one way, top to bottom:
``cli`` → ``documents`` / ``interop`` → ``casework`` → ``batch`` / ``scoring`` → ``case``
→ ``instrument`` → ``reading`` → ``errors``. Imports inside functions count too.
Rule 2: no circle among modules (imports inside functions excepted only within one
subpackage, for a named constructor that must call its own package's checker).
Rule 3: the library never imports ``cli``.
Rule 4: modules stay small (≤ 550 lines) and the top level holds no private module but
``_version.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sigrbm"

#: Layers from the top; a module may import its own layer or any layer below it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"cli", "__main__"}),
    frozenset({"documents", "interop"}),
    frozenset({"casework"}),
    frozenset({"batch", "scoring"}),
    frozenset({"case"}),
    frozenset({"instrument"}),
    frozenset({"reading"}),
    frozenset({"errors", "_version"}),
)
#: The package's face re-exports the public API from every layer and may be imported by none.
FACE = "__init__"


def layer_of(unit: str) -> int:
    for i, names in enumerate(LAYERS):
        if unit in names:
            return i
    raise AssertionError(f"{unit} is in no layer of docs/architecture.md")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> str:
    """The subpackage (or top-level module) a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACE


def imports(path: Path, *, top_level_only: bool = False, text: str | None = None) -> set[str]:
    """Every ``sigrbm`` module ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:  # imports under `if TYPE_CHECKING:` are not run
        nodes = [n for n in nodes if not isinstance(n, ast.If)]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            if mod == "sigrbm" or mod.startswith("sigrbm."):
                found.add(mod)
                for alias in node.names:  # `from sigrbm.x import y` where y is a module
                    sub = f"{mod}.{alias.name}"
                    if (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists():
                        found.add(sub)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sigrbm")}
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def violations(extra: dict[Path, str] | None = None) -> list[str]:
    """Every import against the layers; ``extra`` adds modules given as text (for the self-test)."""
    out = []
    sources: dict[Path, str | None] = dict.fromkeys(modules()) | dict(extra or {})
    for path, text in sources.items():
        me = module_name(path)
        mine = unit_of(me)
        if mine == FACE:
            continue
        for target in sorted(imports(path, text=text)):
            theirs = unit_of(target)
            if theirs == FACE:
                out.append(f"{me} imports the package face 'sigrbm'; import the module instead")
            elif layer_of(theirs) < layer_of(mine):
                out.append(f"{me} ({mine}) imports {target} ({theirs}), a layer above it")
    return out


def test_imports_run_one_way() -> None:
    assert violations() == []


def test_no_circle_among_modules() -> None:
    graph = {module_name(p): imports(p, top_level_only=True) for p in modules()}
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if seen.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    assert cycles == []


def test_lazy_imports_within_a_layer_do_not_form_circles_across_subpackages() -> None:
    """Imports inside functions may only close a circle inside one subpackage."""
    graph = {module_name(p): imports(p) for p in modules()}
    for a, targets in graph.items():
        for b in targets:
            if b in graph and a in graph[b] and unit_of(a) != unit_of(b):
                pytest.fail(f"{a} and {b} import each other across subpackages")


def test_a_back_import_is_caught() -> None:
    """The checker itself can fail: a reading module that imports casework is reported."""
    fake = PACKAGE / "reading" / "_probe_back_import.py"
    found = violations({fake: "def f():\n    from sigrbm.casework.matching import match\n"})
    assert found == [
        "sigrbm.reading._probe_back_import (reading) imports sigrbm.casework.matching "
        "(casework), a layer above it"
    ]


def test_the_library_never_imports_cli() -> None:
    for path in modules():
        me = module_name(path)
        if unit_of(me) in {"cli", "__main__"}:
            continue
        assert not any(unit_of(t) == "cli" for t in imports(path)), me


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 550


def test_no_private_module_at_the_top_level() -> None:
    private = sorted(
        p.name
        for p in PACKAGE.glob("_*.py")
        if p.name not in {"__init__.py", "__main__.py", "_version.py"}
    )
    assert private == []


def test_every_subpackage_has_a_face_and_is_on_the_map() -> None:
    architecture = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for sub in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        face = ast.get_docstring(ast.parse((sub / "__init__.py").read_text(encoding="utf-8")))
        assert (face and "May import" in face) or sub.name == "cli", sub.name
        assert f"`sigrbm/{sub.name}/`" in architecture, sub.name
        layer_of(sub.name)

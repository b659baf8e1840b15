"""The package's import graph has no cycle, counting every import Python or a type checker may follow.

Read from the source with `ast`, not by importing: imports inside functions (lazy) and under
TYPE_CHECKING count too, since a lazy import that closes a circle only moves the failure to run time,
and a TYPE_CHECKING one still ties the layers together. Importing `a.b.c` from outside package `a.b`
first runs `a/b/__init__.py`, so such an import is also an edge to that package; a module inside the
package does not run its own package's `__init__` (Python has started it already), so that edge is
left out for it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"
PACKAGE = "tracker"

Graph = dict[str, set[str]]


def _modules(src: Path, package: str) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every dotted name an import statement anywhere in the module may load."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)  # `from pkg import submodule`


def _ancestors(name: str) -> Iterator[str]:
    parts = name.split(".")
    for i in range(1, len(parts)):
        yield ".".join(parts[:i])


def import_graph(src: Path = SRC, package: str = PACKAGE) -> Graph:
    modules = _modules(src, package)
    graph: Graph = {m: set() for m in modules}
    for module, path in modules.items():
        own = {*_ancestors(module), module}
        for name in _imported(module, path):
            if name not in modules:
                continue
            graph[module].add(name)
            # Loading tracker.sources.base from outside tracker.sources runs tracker/sources/__init__.py first.
            graph[module] |= {p for p in _ancestors(name) if p in modules and p not in own}
        graph[module].discard(module)
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle as a path that starts and ends on the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_src_tracker_imports_form_no_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 30, "the walk found too few modules: is SRC right?"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# Small packages written to disk: what the walk must see as a cycle, and what it must not.
CASES = {
    "a lazy import closes a cycle": ({
        "pkg/a.py": "from pkg.b import B\n",
        "pkg/b.py": "def f() -> None:\n    from pkg import a\n",
    }, ["pkg.a", "pkg.b", "pkg.a"]),
    "a TYPE_CHECKING import closes a cycle": ({
        "pkg/a.py": "from . import b\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n",
    }, ["pkg.a", "pkg.b", "pkg.a"]),
    # low imports only pkg.sub.leaf, but that runs pkg/sub/__init__.py, which imports low.
    "a submodule import runs its package's __init__": ({
        "pkg/low.py": "from pkg.sub.leaf import X\n",
        "pkg/sub/__init__.py": "from pkg.low import Y\n",
        "pkg/sub/leaf.py": "X = 1\n",
    }, ["pkg.low", "pkg.sub", "pkg.low"]),
    "a module inside a package does not run that package's __init__ again": ({
        "pkg/__init__.py": "from pkg.sub import S\n",
        "pkg/sub/__init__.py": "from pkg.sub.leaf import X\nS = X\n",
        "pkg/sub/leaf.py": "from pkg.other import O\nX = O\n",
        "pkg/other.py": "O = 1\n",
    }, None),
}


@pytest.mark.parametrize(("files", "cycle"), CASES.values(), ids=CASES.keys())
def test_the_walk_finds_exactly_the_cycles_python_would_follow(tmp_path: Path, files: dict[str, str],
                                                                 cycle: list[str] | None) -> None:
    for name, text in {"pkg/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert find_cycle(import_graph(tmp_path, "pkg")) == cycle


def test_every_module_and_folder_of_the_package_is_placed_in_docs_architecture() -> None:
    """docs/architecture.md says where each part lives: a module or folder added without a word there fails."""
    text = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    names = sorted({p.stem if p.suffix == ".py" else p.name for p in (SRC / PACKAGE).iterdir()
                    if not p.name.startswith(("_", ".")) and (p.suffix == ".py" or p.is_dir())} - {"__pycache__"})
    assert len(names) > 30
    named = {n for n in names if re.search(rf"`{re.escape(n)}(\.py|/|\.|`)", text)}  # `intake`, `intake.py`, `report/`
    assert [n for n in names if n not in named] == []


def test_authoring_stands_apart_from_the_weekly_path() -> None:
    """tracker.authoring writes a tracker YAML and is reached only from the command line; it reads the weekly
    path's shared models (definition, errors, text, …) but never its stages, outputs or front-ends."""
    graph = import_graph()
    authoring = {m for m in graph if m == "tracker.authoring" or m.startswith("tracker.authoring.")}
    assert len(authoring) >= 6
    into = sorted(f"{m} -> {n}" for m, targets in graph.items() if m not in authoring and m != "tracker.cli"
                  for n in targets if n in authoring)
    assert into == []
    stages = ("tracker.sources", "tracker.intake", "tracker.evaluate", "tracker.check", "tracker.review.decisions",
              "tracker.storage.history", "tracker.report", "tracker.notices", "tracker.delivery", "tracker.documents",
              "tracker.weekly", "tracker.office", "tracker.notebook", "tracker.cli")
    out = sorted(f"{m} -> {n}" for m in authoring for n in graph[m]
                 if any(n == s or n.startswith(s + ".") for s in stages))
    assert out == []
# Who may know of the province's decisions (tracker.review.decisions): the review stage (its rows and its parts) and what
# reads, writes or presents them. Intake asks a RowReview for the row decisions without knowing what one is.
DECISIONS_READERS = frozenset({
    "tracker.review.stage", "tracker.review.rows", "tracker.review.files", "tracker.review.decide", "tracker.result",
    "tracker.cli", "tracker.notebook", "tracker.sheets_write"})


def test_only_the_review_stage_and_what_presents_it_import_decisions() -> None:
    graph = import_graph()
    importers = {m for m, names in graph.items() if "tracker.review.decisions" in names}
    assert "tracker.review.stage" in importers
    assert importers - DECISIONS_READERS == set()
    assert not {"tracker.intake", "tracker.evaluate", "tracker.check", "tracker.sources.gsheets", "tracker.storage.history",
                "tracker.review.lookout"} & importers


# Issue 26: small functions. A function or method may hold at most MAX_FUNCTION_LINES lines, counted from its `def`
# to its last line (docstring and comments included, decorators not).
MAX_FUNCTION_LINES = 50
# Still over, and shrinking: none today. Remove an entry when its function is split; never add one.
LONG_FUNCTIONS_LEFT: frozenset[str] = frozenset()


def long_functions(src: Path = SRC, package: str = PACKAGE, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """'path/in/package.py::Class.method' -> its lines, for every function (nested ones too) longer than `limit`."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, path: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    lines = (child.end_lineno or child.lineno) - child.lineno + 1
                    if lines > limit:
                        found[f"{path}::{name}"] = lines
                visit(child, path, f"{name}.")
            else:
                visit(child, path, prefix)

    for path in sorted((src / package).rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), path.relative_to(src / package).as_posix(), "")
    return found


def test_every_function_is_at_most_fifty_lines_but_the_named_ones_left() -> None:
    found = long_functions()
    assert {name: lines for name, lines in found.items() if name not in LONG_FUNCTIONS_LEFT} == {}
    # An entry whose function has been split (or renamed) must leave the list, so that it only shrinks.
    assert sorted(LONG_FUNCTIONS_LEFT - found.keys()) == []


def test_the_line_count_finds_functions_and_methods_one_line_over(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(49))  # with the `def` line: 50 lines
    method = "".join(f"    {line}" for line in body.splitlines(keepends=True))
    source = (f"def fits() -> None:\n{body}\n\n"
              f"def over() -> None:\n{body}    return None\n\n\n"
              f"class Box:\n    @staticmethod\n    def over() -> None:\n{method}        return None\n\n"
              f"    def fits(self) -> None:\n{method}")
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "sub" / "mod.py").write_text(source, encoding="utf-8")
    assert long_functions(tmp_path, "pkg") == {"sub/mod.py::over": 51, "sub/mod.py::Box.over": 51}

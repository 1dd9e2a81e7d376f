"""The package layout holds: data flows one way between the subpackages, and the staff's
commands never load the renderer.

The rooms of ``src/atlasgen/`` (docs/architecture.md draws the same picture):

    common  ←  content  ←  search  ←  site  ←  dev  ←  cli, commands, build
                  ↑                     (urls, opendata)
                staff ──────────────────┘

A module may import its own room and the rooms the table ``MAY_IMPORT`` names, nothing
else; the top (``cli``, ``commands``, ``build``, ``__init__``, ``__main__``) may import
everything, and nothing imports the top. The staff may use two site modules that only
describe the published data (``site.urls``, ``site.opendata``), never the renderer.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SITES

PACKAGE = REPO / "src" / "atlasgen"

TOP = frozenset({"cli", "commands", "build", "__init__", "__main__"})
MAY_IMPORT: dict[str, frozenset[str]] = {
    "common": frozenset(),
    "content": frozenset({"common"}),
    "search": frozenset({"common", "content"}),
    "site": frozenset({"common", "content", "search"}),
    "staff": frozenset({"common", "content", "site.urls", "site.opendata"}),
    "dev": frozenset({"common", "content", "search", "site"}),
}
"""Room → what else it may import: a room, or one module of a room."""

MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


def _imports(path: Path, name: str) -> list[tuple[int, str]]:
    """(line, module below ``atlasgen``) of every import of atlasgen's own modules in
    ``path``, the module ``name``, at the top or inside a function; '' for the package
    itself."""
    package = name.split(".")[:-1]  # of a package's __init__: the package itself
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "atlasgen" or alias.name.startswith("atlasgen."):
                    found.append((node.lineno, alias.name.removeprefix("atlasgen").lstrip(".")))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module is None or not (
                    node.module == "atlasgen" or node.module.startswith("atlasgen.")
                ):
                    continue
                base = node.module.removeprefix("atlasgen").lstrip(".")
            else:
                up = package[: len(package) - (node.level - 1)]
                base = ".".join([*up, *([node.module] if node.module else [])])
            # ``from .x import y`` may name a module y of package x
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                is_module = (PACKAGE / candidate.replace(".", "/")).with_suffix(".py").is_file()
                is_package = (PACKAGE / candidate.replace(".", "/") / "__init__.py").is_file()
                found.append((node.lineno, candidate if is_module or is_package else base))
    return found


def _room(module: str) -> str:
    """The room of a module: its subpackage, or 'top'."""
    head = module.split(".")[0]
    return "top" if head in TOP or head == "" else head


def _allowed(importer: str, imported: str) -> bool:
    room, target = _room(importer), _room(imported)
    if imported in ("", "__init__"):
        return True  # the package itself: its version
    if room == "top":
        return True
    if target == "top":
        return False
    if target == room:
        return True
    allowed = MAY_IMPORT[room]
    return target in allowed or any(
        imported == item or imported.startswith(item + ".") for item in allowed if "." in item
    )


def _violations(modules: list[tuple[Path, str]]) -> list[str]:
    """Every import against the flow in ``modules`` (file, module name)."""
    wrong = []
    for path, importer in modules:
        for line, imported in _imports(path, importer):
            if not _allowed(importer, imported):
                wrong.append(f"{importer}:{line}: imports {imported}")
    return wrong


def _package_modules() -> list[tuple[Path, str]]:
    return [(path, _module_name(path)) for path in sorted(PACKAGE.rglob("*.py"))]


def test_every_module_is_in_a_room_of_the_layout() -> None:
    rooms = {_room(_module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert rooms == {"top", *MAY_IMPORT}, "a new subpackage needs its line in MAY_IMPORT"


def test_data_flows_one_way_between_the_subpackages() -> None:
    assert _violations(_package_modules()) == []


def test_the_layout_check_sees_a_wrong_import(tmp_path: Path) -> None:
    """The check itself: imports against the flow are found, inside a function
    too, and a staff module may import ``site.urls`` but not ``site.views``."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f() -> None:\n    from ..site.theme import load_theme\n", "utf-8")
    staff = tmp_path / "staff_probe.py"
    staff.write_text("from atlasgen.site import views\nfrom ..site.urls import Urls\n", "utf-8")
    modules = [(probe, "content.probe"), (staff, "staff.probe")]
    assert _violations(modules) == [
        "content.probe:2: imports site.theme",
        "staff.probe:1: imports site.views",
    ]


def test_no_module_is_over_600_lines() -> None:
    long = {
        path.relative_to(REPO).as_posix(): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


# The staff's commands, run as a user runs them, must not load the template engine.
_PROBE = """
import sys
from atlasgen.cli import main
code = main(sys.argv[1:])
renderer = ("jinja2", "atlasgen.site.render", "atlasgen.site.theme", "atlasgen.site.plan")
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "jinja2" or m in renderer)
print("LOADED", code, ",".join(loaded))
"""


def _git_project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SITES / "minimal", root)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=os.environ | env)
    return root


@pytest.mark.parametrize("command", ["export", "report", "diff", "import"])
def test_staff_commands_do_not_load_the_renderer(command: str, tmp_path: Path) -> None:
    project = _git_project(tmp_path)
    args = {
        "export": ["export", "--format", "json", "--out", str(tmp_path / "out.json")],
        "report": ["report", "--format", "markdown"],
        "diff": ["diff", "HEAD", "HEAD"],
        "import": ["import", str(tmp_path / "rows.csv"), "--dry-run"],
    }[command]
    (tmp_path / "rows.csv").write_text("name,postal_code\nNeue Firma GmbH,74072\n", "utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args, "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("LOADED")), None)
    assert line is not None, proc.stderr
    _, code, loaded = line.split(" ", 2)
    assert code in ("0", "1"), proc.stderr
    assert loaded == "", f"atlasgen {command} loaded {loaded}"


def test_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject.toml names its packages one by one: a new subpackage must be named there,
    or an installed atlasgen (not editable) would miss it."""
    import tomllib

    listed = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(("atlasgen", *init.parent.relative_to(PACKAGE).parts))
        for init in PACKAGE.rglob("__init__.py")
    }
    assert sorted(found - set(listed["packages"])) == []

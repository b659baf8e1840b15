"""The wheel carries the bundled trackers: built as pyproject.toml declares, installed in a fresh venv, run elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from helpers import assert_golden

ROOT = Path(__file__).parents[1]
BUILD_INPUTS = ("pyproject.toml", "README.md", "src")
"""What pyproject.toml builds the wheel from; copied out, so that the build writes nothing into the checkout."""


def _clean_env() -> dict[str, str]:
    """This environment without PYTHONPATH: pip and the fresh venv must see only what they install."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def _source_copy(into: Path) -> Path:
    """The project's build inputs copied to `into` (setuptools writes build/ and *.egg-info beside its sources)."""
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, into / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, into / name)
    return into


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, checkout_before: dict[str, int]) -> Path:
    """A fresh venv holding only the built wheel; its dependencies are borrowed from this environment."""
    base = tmp_path_factory.mktemp("wheel")
    source = _source_copy(tmp_path_factory.mktemp("source"))
    # Build isolation (the default) proves the build requirements pyproject.toml declares are enough.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(source)],
                   check=True, capture_output=True, timeout=240, env=_clean_env())
    wheel = next((base / "dist").glob("tracker-*.whl"))
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, timeout=240, env=_clean_env())
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # A plain path line: this environment's packages, but not its editable install of tracker (a .pth hook).
    (Path(site) / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env_dir


@pytest.mark.slow
def test_installed_wheel_runs_the_demo_of_each_bundled_tracker_from_any_folder(installed: Path, tmp_path: Path) -> None:
    env = _clean_env() | {"COLUMNS": "80"}  # the table's wrapping
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import tracker; print(tracker.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(installed))
    for tracker_id in ("quang-tri-2023-phong-chong-mua-ban-nguoi", "quang-tri-2026-lua-dao-truc-tuyen"):
        done = subprocess.run([str(installed / "bin" / "tracker"), "demo", "--tracker", tracker_id, "--out", tracker_id],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert_golden(f"demo-{tracker_id}.txt", done.stdout)  # the quick start's first screen, exactly
        report = tmp_path / tracker_id / "report"
        assert {p.name for p in report.iterdir()} == {"findings.json", "report.xlsx", "report.html", "units"}
        pages = list((report / "units").iterdir())  # the unit pages' template ships in the wheel
        assert pages and all(p.suffix == ".html" and p.stat().st_size for p in pages)
    listed = subprocess.run([str(installed / "bin" / "tracker"), "check", "quang-tri-2026-lua-dao-truc-tuyen", "-s",
                             str(tmp_path / "quang-tri-2026-lua-dao-truc-tuyen" / "du-lieu-mau.xlsx"), "--as-of",
                             "2026-06-19", "--no-history"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr


def _build_marks() -> dict[str, int]:
    """What a build in the checkout would write: build/, and the egg-info folders (an editable install keeps one in
    src/), each path with its modification time."""
    marks: dict[str, int] = {}
    for top in [ROOT / "build", *ROOT.glob("*.egg-info"), *(ROOT / "src").glob("*.egg-info")]:
        for path in [top, *top.rglob("*")] if top.exists() else []:
            marks[str(path.relative_to(ROOT))] = path.stat().st_mtime_ns
    return marks


@pytest.fixture(scope="module")
def checkout_before() -> dict[str, int]:
    return _build_marks()


@pytest.mark.slow
def test_building_the_wheel_writes_nothing_into_the_checkout(checkout_before: dict[str, int], installed: Path) -> None:
    assert (installed / "bin" / "tracker").exists()
    assert _build_marks() == checkout_before

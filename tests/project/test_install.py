"""A plain (not editable) install: the wheel alone indexes, searches and serves the seed.

An editable install reads modules from the source tree, so a package missing from the
wheel goes unnoticed there. Here the wheel is built offline with the setuptools already
installed, installed without its dependencies into a fresh virtual environment, and run
from a folder outside the project. The dependencies (Flask, Whoosh, ...) are borrowed from
the test environment through a ``.pth`` line, which only appends their folder to
``sys.path``: that folder holds no copy of ``indexer`` or ``webapp`` (refsearch is installed
there in editable mode, through its own ``.pth`` file, which a ``.pth``-added folder never
runs), so every refsearch module must come from the wheel.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from webapp.process import HOST, free_port, get_json

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]


def run(*command: str | Path, cwd: Path) -> str:
    """Run ``command`` in ``cwd``; fail the test with its output if it fails."""
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


# Left out of the copy the wheel is built from: the top level's own tool folders (a
# package may well be named ``build``, as ``indexer.build`` is) and caches anywhere.
_TOP_LEVEL_SKIPPED = {".venv", ".git", "archive", "build", "dist"}
_SKIPPED_ANYWHERE = shutil.ignore_patterns("*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache",
                                           ".pytest_cache")


def _not_copied(folder: str, names: list[str]) -> set[str]:
    skipped = set(_SKIPPED_ANYWHERE(folder, names))
    if Path(folder) == PROJECT:
        skipped |= _TOP_LEVEL_SKIPPED & set(names)
    return skipped


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel; returns its bin/ folder."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"  # a clean copy, so the build leaves nothing in the worktree
    shutil.copytree(PROJECT, source, ignore=_not_copied)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "--wheel-dir", root / "wheels", source, cwd=root)
    wheel = next((root / "wheels").glob("refsearch-*.whl"))
    venv = root / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=root).strip())
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=root)
    (purelib / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin"


def test_the_wheel_holds_every_package_of_the_source_tree(installed, tmp_path):
    packages = sorted({str(path.parent.relative_to(PROJECT)).replace("/", ".")
                       for top in ("indexer", "webapp") for path in (PROJECT / top).rglob("*.py")})
    found = run(installed / "python", "-c", "import importlib, sys\n"
                "for name in sys.argv[1:]: print(importlib.import_module(name).__file__)", *packages, cwd=tmp_path)
    venv = installed.parent
    assert all(Path(line).is_relative_to(venv) for line in found.splitlines()), found


def test_the_installed_command_indexes_searches_and_serves_the_seed(installed, tmp_path):
    seeds = shutil.copytree(PROJECT / "seeds", tmp_path / "seeds")
    index = tmp_path / "index"
    refsearch = installed / "refsearch"
    run(refsearch, "index", "--index", index, "--workers", "1", seeds, cwd=tmp_path)
    assert "Mali" in run(refsearch, "search", "--index", index, "trafficking", cwd=tmp_path)

    port = free_port()
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen([str(refsearch), "serve", "--index", str(index), "--host", HOST, "--port", str(port),
                                   "--workers", "1"], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get_json(f"{base}/healthz")["ok"]:
                    break
            except (OSError, ValueError, KeyError):
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/search?q=trafficking", timeout=30) as response:
            page = response.read().decode()
        assert response.status == 200 and "Mali" in page
    finally:
        server.terminate()
        server.wait(timeout=30)

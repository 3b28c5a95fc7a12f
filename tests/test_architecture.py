"""The rooms of the design card: `evidence` and `store` never load the screen; the screen
never touches TinyDB. Checked in a fresh interpreter, where sys.modules tells the truth."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import evidence


def _modules(package: str) -> list[str]:
    module = __import__(package)
    names = [package]
    names += [m.name for m in pkgutil.walk_packages(module.__path__, prefix=f"{package}.")]
    return names


def _loaded_after_import(modules: list[str]) -> set[str]:
    imports = "".join(f"import {m}\n" for m in modules)
    code = f"import sys\n{imports}print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_evidence_is_headless() -> None:
    loaded = _loaded_after_import(_modules("evidence"))
    assert not {"textual", "tinydb", "store", "tui"} & loaded


def test_store_knows_nothing_of_the_screen() -> None:
    loaded = _loaded_after_import(_modules("store"))
    assert not {"textual", "tui"} & loaded


def test_the_command_line_does_not_load_the_screen_for_batch_work() -> None:
    loaded = _loaded_after_import(["tui.cli"])
    assert "textual" not in loaded


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "evidence", "store", "tui", "keymaps", "tests", "bench"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


assert evidence.__doc__


def test_the_screen_never_touches_tinydb_directly() -> None:
    # tui reaches the decisions only through store.ReviewStore; TinyDB is the store's business.
    offenders = [path.name for path in (ROOT / "tui").glob("*.py")
                 if "import tinydb" in (text := path.read_text(encoding="utf-8")) or "from tinydb" in text]
    assert offenders == []


def test_a_regular_install_has_every_package_and_the_shipped_keymaps(tmp_path: Path) -> None:
    """The top-level names are listed one by one in pyproject.toml; a package left out of the
    list works in the editable checkout and is missing from a real install."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    check = (
        "import pkgutil, sys\n"
        "import evidence, store, tui, keymaps\n"
        "for pkg in (evidence, store, tui):\n"
        "    assert pkg.__file__.startswith(sys.argv[1]), pkg.__file__\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + '.'):\n"
        "        __import__(m.name)\n"
        "from tui.keymap import load_keymap\n"
        "print(len(load_keymap('vim').keys))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-c", check, str(target)], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) >= 22
    helped = subprocess.run([sys.executable, "-m", "tui.cli", "--help"], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=60)
    assert "review" in helped.stdout

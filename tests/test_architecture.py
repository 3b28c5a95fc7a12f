"""The rooms of the design card: `evidence` and `store` never load the screen; the screen
never touches TinyDB. Checked in a fresh interpreter, where sys.modules tells the truth."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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

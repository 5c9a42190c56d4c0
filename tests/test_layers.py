"""The domain stays plain Python; storage and rendering never reach for the UI (DESIGN.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("textual", "sqlmodel", "sqlalchemy", "reportlab", "qrcode", "starlette", "uvicorn", "rich")


DOMAIN = sorted(f"tafel.domain.{p.stem}" for p in (ROOT / "tafel" / "domain").glob("*.py") if p.stem != "__init__")


def _imported_after(module: str) -> set[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


@pytest.fixture(scope="module")
def domain_imports() -> dict[str, set[str]]:
    """The top-level packages each domain module brings in, all found in one fresh interpreter (one
    process, not one a module): imported one after the other, a package is named by the module whose
    import first brought it in, so a heavy import anywhere is still named at a module."""
    code = (
        "import sys, importlib, json\n"
        "seen, out = {m.split('.')[0] for m in sys.modules}, {}\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "    now = {m.split('.')[0] for m in sys.modules}\n"
        "    out[name], seen = sorted(now - seen), now\n"
        "print(json.dumps(out))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name: set(found) for name, found in json.loads(out.stdout).items()}


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_imports_nothing_heavy(module: str, domain_imports: dict[str, set[str]]) -> None:
    assert not (domain_imports[module] & set(HEAVY))


def test_storage_and_services_do_not_import_the_ui() -> None:
    loaded = _imported_after("tafel.services.exchange")
    assert "textual" not in loaded


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extras"
    result = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("storage/db.py", "import tafel.services.sharing"),
        ("render/qr.py", "import tafel.storage.db"),
        ("domain/dates.py", "import tafel.settings"),
        ("domain/dates.py", "import tafel.i18n"),
        ("domain/suggest.py", "import simplemma"),
    ],
)
def test_a_wrong_way_import_breaks_the_contracts(module: str, wrong_import: str, tmp_path: Path) -> None:
    """The contracts are not a formality: each of these imports, added to a copy, makes them fail."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint
    shutil.copytree(ROOT / "tafel", tmp_path / "tafel", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "tafel" / module).open("a", encoding="utf-8") as f:
        f.write(f"\n{wrong_import}\n")
    result = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1 and "BROKEN" in result.stdout, result.stdout + result.stderr


def test_no_module_is_over_400_lines() -> None:
    """Small modules named for what they own (issue 13): a module past 400 lines holds more than one
    thing, and is split before it grows on."""
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "tafel").rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert not long, long

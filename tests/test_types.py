"""The type checker runs with the tests: mypy over tafel/ (configured in pyproject's [tool.mypy]) is clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# "# type: ignore[code]" followed by a reason: "  # why" on the same line.
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z, -]+\])?(?P<rest>.*)$")


def test_mypy_finds_no_errors() -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert mypy, "mypy is part of the test extras"
    # Its own cache folder in the checkout, as mypy would make; the config (files, flags) is pyproject's.
    result = subprocess.run([mypy, "--no-error-summary"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    bare = []
    for path in sorted((ROOT / "tafel").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and (not found["codes"] or "#" not in found["rest"]):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "\n".join(bare)

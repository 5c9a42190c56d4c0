"""Issue 9, merge's outputs: never over an input, never over a device, all outputs or none.

Real processes: exit 2, one line naming the output and the problem, no traceback, nothing written.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.merge.programme import install_canvases, write_programme
from tests.process import run_tafel


@pytest.fixture
def home(tafel_home: Path, tmp_path: Path) -> Path:
    install_canvases(tafel_home)
    write_programme(tmp_path / "exports")
    return tafel_home


def _contents(folder: Path) -> dict[str, bytes]:
    """Every file but the data home's (its lemma cache is written by a merge that counted)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] != "home"}


@pytest.mark.parametrize("how", ["same_path", "symlink", "hard_link"])
def test_the_report_never_replaces_one_of_its_inputs(home: Path, tmp_path: Path, how: str) -> None:
    victim = tmp_path / "exports" / "01" / "table.json"
    out = {"same_path": "exports/01/table.json", "symlink": "link.json", "hard_link": "hard.json"}[how]
    if how == "symlink":
        (tmp_path / "link.json").symlink_to(victim)
    elif how == "hard_link":
        os.link(victim, tmp_path / "hard.json")
    before = _contents(tmp_path)
    ran = run_tafel("merge", "exports", "--md", "v.md", "--json", out, cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines == [f"{out}: hier wordt niet naar geschreven — het is een van de bestanden die worden "
                         "samengevoegd; kies een andere naam. Er is niets geschreven."]
    assert _contents(tmp_path) == before


def test_a_zip_and_the_groups_file_are_inputs_too(home: Path, tmp_path: Path) -> None:
    (tmp_path / "groepen.toml").write_text('vertrouwen = ["vertrouwen", "betrouwbaarheid"]\n', "utf-8")
    before = _contents(tmp_path)
    ran = run_tafel("merge", "exports", "--groups", "groepen.toml", "--md", "groepen.toml", cwd=tmp_path, home=home)
    assert ran.code == 2 and ran.lines[0].startswith("groepen.toml: hier wordt niet naar geschreven")
    assert _contents(tmp_path) == before
    with zipfile.ZipFile(tmp_path / "tafels.zip", "w") as zf:
        for path in sorted((tmp_path / "exports").rglob("*.json")):
            zf.write(path, path.relative_to(tmp_path).as_posix())
    before = _contents(tmp_path)
    ran = run_tafel("merge", "tafels.zip", "-o", "tafels.zip", cwd=tmp_path, home=home)
    assert ran.code == 2 and ran.lines[0].startswith("tafels.zip: hier wordt niet naar geschreven")
    assert _contents(tmp_path) == before


def test_an_output_that_is_a_device_is_refused_and_nothing_is_written(home: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full, in the test's folder
    except PermissionError:
        pytest.skip("making a device node needs root")
    (tmp_path / "via-link.pdf").symlink_to(full)
    for out in ("full", "via-link.pdf"):
        before = _contents(tmp_path)
        ran = run_tafel("merge", "exports", "--json", "r.json", "--md", "v.md", "-o", out, cwd=tmp_path, home=home)
        assert ran.code == 2 and "Traceback" not in ran.err
        target = "full" if out == "full" else str(full)
        assert ran.lines == [f"{out} kan niet worden geschreven: geen gewoon bestand maar een apparaat (device). "
                             "Er is niets geschreven, ook de andere uitvoer niet."], target
        assert _contents(tmp_path) == before
        assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_one_output_failing_writes_none_of_the_others(home: Path, tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text("oud rapport", "utf-8")
    (tmp_path / "geen-map").write_text("een bestand, geen map", "utf-8")  # fails for root too
    before = _contents(tmp_path)
    ran = run_tafel("merge", "exports", "--json", "r.json", "--md", "v.md", "--csv", "csv",
                    "-o", "geen-map/verslag.pdf", cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert len(ran.lines) == 1
    assert ran.lines[0].startswith("geen-map/verslag.pdf kan niet worden geschreven: ")
    assert ran.lines[0].endswith("Er is niets geschreven, ook de andere uitvoer niet.")
    assert _contents(tmp_path) == before and not (tmp_path / "csv").exists()


def test_writing_through_a_symlink_keeps_the_link(home: Path, tmp_path: Path) -> None:
    (tmp_path / "uit").mkdir()
    (tmp_path / "v.md").symlink_to("uit/verslag.md")
    ran = run_tafel("merge", "exports", "--md", "v.md", cwd=tmp_path, home=home)
    assert ran.code == 0, ran.err
    assert (tmp_path / "v.md").is_symlink() and (tmp_path / "uit" / "verslag.md").read_text("utf-8").startswith("#")

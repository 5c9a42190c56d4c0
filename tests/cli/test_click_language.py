"""Click's internals that cli/click_language.py rebinds are still where it expects them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_clicks_modules_still_call_gettext_through_their_own_names() -> None:
    # A fresh process: the test run has translated Click already. Each listed module must bind
    # ``_`` to gettext.gettext (and core/exceptions/parser/types ``ngettext`` too), or the
    # rebinding has no effect and Click speaks English in a Dutch CLI.
    code = (
        "import gettext, importlib\n"
        "from tafel.cli.click_language import CLICK_MODULES\n"
        "for name in CLICK_MODULES:\n"
        "    m = importlib.import_module(name)\n"
        "    print(name, m.__dict__.get('_') is gettext.gettext, m.__dict__.get('ngettext') is gettext.ngettext)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    bound = {name: (plain == "True", plural == "True") for name, plain, plural in map(str.split, out.splitlines())}
    assert all(plain for plain, _ in bound.values()), bound
    assert all(bound[m][1] for m in ("click.core", "click.exceptions", "click.parser", "click.types")), bound


def test_clicks_usage_line_speaks_dutch() -> None:
    from click.testing import CliRunner

    from tafel.cli.app import build_app

    result = CliRunner().invoke(build_app("nl"), ["--help"])
    assert result.exit_code == 0 and result.output.startswith("Gebruik: tafel"), result.output
    assert "Toon deze hulp en stop." in result.output  # from click.core, through the rebound _


def test_each_command_is_registered_by_the_module_cli_app_loads_for_it() -> None:
    """``tafel merge`` builds the app with the merge command's module only (a faster start): the
    map of commands to modules must name every command, each in the module that registers it."""
    from tafel.cli.app import COMMAND_MODULES, build_app

    everything = build_app("nl")
    assert set(everything.commands) == set(COMMAND_MODULES)
    for command, module in COMMAND_MODULES.items():
        alone = build_app("nl", command)
        assert command in alone.commands
        assert set(alone.commands) == {c for c, m in COMMAND_MODULES.items() if m == module}
    assert set(build_app("nl", "mrege").commands) == set(COMMAND_MODULES)  # a typo: Click's suggestions


def test_a_file_where_a_folder_belongs_is_named_in_dutch(tmp_path: Path) -> None:
    """An organiser who mixes up ``--csv MAP`` and ``--out BESTAND`` reads the whole line in Dutch."""
    from click.testing import CliRunner

    from tafel.cli.app import build_app

    a_file = tmp_path / "verslag.pdf"
    a_file.write_bytes(b"%PDF")
    runner = CliRunner()
    as_folder = runner.invoke(build_app("nl", "merge"), ["merge", str(tmp_path), "--csv", str(a_file)])
    as_file = runner.invoke(build_app("nl", "merge"), ["merge", str(tmp_path), "--out", str(tmp_path)])
    assert as_folder.exit_code == 2 and "is een bestand, geen map." in as_folder.output, as_folder.output
    assert as_file.exit_code == 2 and "is een map, geen bestand." in as_file.output, as_file.output

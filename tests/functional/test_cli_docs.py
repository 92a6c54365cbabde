"""Every command is documented and explains itself; `--lang` means the message language."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ringkas.cli import cli
from tests.notebooks import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += command_paths(command, path)
    return found


COMMANDS = command_paths(cli)


def test_the_commands_are_the_ones_we_know() -> None:
    assert COMMANDS == [("approve",), ("check",), ("distribute",), ("followup",), ("history",),
                        ("import",),
                        ("init",), ("kb",),
                        ("kb", "export"),
                        ("kb", "summary"), ("list",), ("new",), ("preview",), ("render",),
                        ("review",), ("search",),
                        ("synthesize",)]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme_or_docs(path: tuple[str, ...]) -> None:
    wanted = "ringkas " + " ".join(path)
    assert any(wanted in doc.read_text(encoding="utf-8") for doc in DOCS), \
        f"{wanted!r} is in neither README.md nor docs/*.md"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and command.get_short_help_str().strip()
    result = CliRunner().invoke(cli, [*path, "--help"])
    first_line = " ".join(command.help.splitlines()[0].split())
    assert result.exit_code == 0 and first_line in " ".join(result.output.split())
    for option in command.params:
        if isinstance(option, click.Option) and not option.hidden:
            assert option.help, f"ringkas {' '.join(path)} {option.opts[0]} has no help"


@pytest.mark.parametrize("path", [p for p in COMMANDS if p != ("render",)], ids=" ".join)
def test_lang_after_the_command_is_the_message_language(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--lang", "en", "--help"])
    assert result.exit_code == 0, result.output


def test_lang_after_a_command_changes_its_messages(tmp_path: Path) -> None:
    runner = CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None})
    before = runner.invoke(cli, ["--lang", "en", "list", str(tmp_path)])
    after = runner.invoke(cli, ["list", str(tmp_path), "--lang", "en"])
    default = runner.invoke(cli, ["list", str(tmp_path)])
    assert before.stderr == after.stderr and before.stderr.startswith("Error: no visit notebooks")
    assert default.stderr.startswith("Galat: ")


@pytest.mark.parametrize(("group_lang", "message"), [
    ("en", "Error: ringkas render --lang is no longer used. Brief languages: --brief-lang (for "
           "example ringkas render --brief-lang en); message language: before the command "
           "(ringkas --lang en render)."),
    ("id", "Galat: ringkas render --lang tidak dipakai lagi. Bahasa brief: --brief-lang "
           "(misalnya ringkas render --brief-lang en); bahasa pesan: sebelum perintah (ringkas "
           "--lang en render)."),
])
def test_render_lang_points_to_brief_lang(tmp_path: Path, group_lang: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", group_lang, "--project", str(tmp_path), "render",
                                      "--lang", "en"])
    assert result.exit_code == 2  # a usage error: nothing rendered
    assert result.output.strip() == message
    assert not (tmp_path / "briefs").exists()

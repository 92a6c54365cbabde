"""`ringkas init DIR`: a project anywhere, its CI workflows naming commands that exist; a folder
that is not empty is refused, and no file is ever replaced."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.config import load_settings
from ringkas.project.paths import Project


def run(*args: str | Path) -> Result:
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, list(map(str, args)))


def test_init_writes_a_project(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    result = run("--lang", "en", "init", folder, "--agency", "Bappeda Kota Contoh",
                 "--home", "Kota Contoh", "--home-bps-code", "3579")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Project created in {folder} (6 files). Next: cd {folder}, fill in "
                             "ringkas.toml, then ringkas new or ringkas import FILE.\n")
    for name in ("notebooks/visits", "data", "briefs"):
        assert (folder / name).is_dir()
    for name in ("README.md", ".gitignore", "briefs/README.md"):
        assert (folder / name).read_text(encoding="utf-8").strip()
    config = load_settings(Project.find(folder / "notebooks" / "visits"))
    assert (config.agency, config.unit, config.home, config.home_bps_code) == (
        "Bappeda Kota Contoh", "", "Kota Contoh", "3579")  # the unit not given stays empty


def test_nothing_is_invented(tmp_path: Path) -> None:
    assert run("init", tmp_path / "kb").exit_code == 0
    config = load_settings(Project(tmp_path / "kb"))
    assert (config.agency, config.unit, config.home, config.home_bps_code) == ("", "", "", "")


def ci_commands(folder: Path) -> list[list[str]]:
    github = yaml.safe_load((folder / ".github" / "workflows" / "ringkas.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((folder / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    steps = [step for job in github["jobs"].values() for step in job["steps"]]
    assert github[True] == ["push"]  # YAML 1.1 reads the key `on` as true
    assert any(step.get("uses", "").startswith("actions/upload-artifact") and
               step["with"]["path"] == "briefs/" for step in steps)
    assert gitlab["briefs"]["artifacts"]["paths"] == ["briefs/"]
    lines = [step["run"] for step in steps if "run" in step] + gitlab["briefs"]["script"]
    return [shlex.split(line) for line in lines]


def test_the_ci_workflows_run_commands_that_exist(tmp_path: Path) -> None:
    assert run("init", tmp_path).exit_code == 0
    commands = ci_commands(tmp_path)
    named = [words[1:] for words in commands if words[0] == "ringkas"]
    assert named == [["check"], ["render"]] * 2
    for words in named:
        assert words[0] in cli.commands
        assert run(*words, "--help").exit_code == 0
    installs = [words for words in commands if words[:2] == ["pip", "install"]]
    assert len(installs) == 2 and all(w[2].startswith("ringkas==") for w in installs)


def test_a_folder_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    result = run("--lang", "en", "init", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path} is not empty. Choose a new or empty folder, or "
                             "add --force to add the project's files that are missing (no "
                             "existing file is replaced).\n")
    assert not (tmp_path / "ringkas.toml").exists()
    forced = run("init", tmp_path, "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert (tmp_path / "ringkas.toml").is_file()


def test_a_file_is_no_folder(tmp_path: Path) -> None:
    (tmp_path / "kb").write_text("", encoding="utf-8")
    result = run("--lang", "en", "init", tmp_path / "kb")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'kb'} is a file, not a folder. Choose a folder " \
                            "for the project.\n"


def test_in_a_terminal_init_asks_for_the_agency(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from ringkas.cli import new

    monkeypatch.setattr(new, "interactive", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("Kota Contoh\r" "3579\r" "\r")  # home, its BPS code, unit left empty
        result = run("init", tmp_path / "kb", "--agency", "Bappeda Kota Contoh")
    assert result.exit_code == 0, result.output
    config = load_settings(Project(tmp_path / "kb"))
    assert (config.agency, config.unit, config.home, config.home_bps_code) == (
        "Bappeda Kota Contoh", "", "Kota Contoh", "3579")

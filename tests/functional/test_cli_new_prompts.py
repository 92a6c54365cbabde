"""`ringkas new` in a terminal asks for what no option gave, offering the contract's choices.

The prompts are questionary's, driven here through prompt_toolkit's pipe input: the keys a
researcher would type go in, the real prompt applications read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from ringkas.cli import cli
from ringkas.cli import new as new_command

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    """A pretend terminal: `ringkas new` thinks it runs in one, its keys come from a pipe."""
    monkeypatch.setattr(new_command, "interactive", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def run(project: Path, *args: str) -> Result:
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, ["--lang", "en", "--project", str(project), "new", *args])


def front_matter(path: Path) -> dict[str, object]:
    source = nbformat.read(path, as_version=4).cells[0].source
    data = yaml.safe_load(source.strip().removeprefix("---").removesuffix("---"))
    assert isinstance(data, dict)
    return data


def test_the_prompts_ask_for_every_missing_field(tmp_path: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join([
        DOWN + DOWN + ENTER,  # kind: the third, studi-tiru
        "Kota Batu" + ENTER,  # host
        "3579" + ENTER,  # host's BPS code
        "Kabupaten Grobogan" + ENTER,  # home
        ENTER,  # home's BPS code: left empty
        "Bappeda: \"Grobogan\"" + ENTER,  # agency, with a colon and quotes
        ENTER,  # unit: left empty
        "Budi, Kepala Bidang" + ENTER, "Sri" + ENTER, ENTER,  # two participants, then done
        SPACE + DOWN + DOWN + SPACE + ENTER,  # themes: the first and the third
        ENTER,  # sources: none
        ENTER,  # status: the default, draft
        DOWN + ENTER,  # language of the text: English
    ]))
    result = run(tmp_path, "--date", "2024-05-06", "--title", "Studi Tiru ke Batu")
    assert result.exit_code == 0, result.output
    data = front_matter(tmp_path / "notebooks" / "visits" / "2024-05-06-batu.ipynb")
    assert data == {
        "title": "Studi Tiru ke Batu", "date": dt.date(2024, 5, 6), "kind": "studi-tiru",
        "host": {"name": "Kota Batu", "bps_code": "3579"},
        "home": {"name": "Kabupaten Grobogan", "bps_code": ""},
        "agency": "Bappeda: \"Grobogan\"", "unit": "",
        "participants": ["Budi, Kepala Bidang", "Sri"], "themes": ["kemiskinan", "kesehatan"],
        "sources": [], "status": "draft", "approved_by": "", "text_lang": "en",
        "led_by": "", "received_by": [], "venue": ""}  # options only: never asked


def test_the_prompts_ask_only_for_what_no_option_gave(tmp_path: Path,
                                                      terminal: PipeInput) -> None:
    terminal.send_text(DOWN + DOWN + ENTER  # status: approved
                       + "Kepala Bappeda" + ENTER  # approved_by, asked because approved
                       + ENTER)  # language of the text: the default, id
    result = run(tmp_path, "--date", "2024-05-06", "--host", "Kota Batu", "--title", "T",
                 "--host-bps-code", "3579", "--kind", "studi-banding", "--home", "Kab. Grobogan",
                 "--home-bps-code", "3315", "--agency", "A", "--unit", "U", "--participant",
                 "P", "--theme", "sdm", "--source", "S")
    assert result.exit_code == 0, result.output
    data = front_matter(tmp_path / "notebooks" / "visits" / "2024-05-06-batu.ipynb")
    assert (data["kind"], data["status"], data["approved_by"]) == (
        "studi-banding", "approved", "Kepala Bappeda")


def test_a_prompted_date_is_checked_before_it_is_taken(tmp_path: Path,
                                                       terminal: PipeInput) -> None:
    terminal.send_text("".join([
        "28-11-2022" + ENTER,  # refused: not YYYY-MM-DD; the prompt stays
        "\x7f" * 10 + "2022-11-28" + ENTER,  # erased and typed again
        ENTER * 10,  # the ten other questions as offered: kind, host's code ... text_lang
    ]))
    result = run(tmp_path, "--host", "Kota Batu", "--title", "T")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "notebooks" / "visits" / "2022-11-28-batu.ipynb").exists()

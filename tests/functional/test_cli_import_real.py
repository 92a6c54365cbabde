"""`ringkas import` on reports of the corpus (issue 20): what the import report says."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.functional.test_cli_import import front, no_traceback, run
from tests.import_corpus import CORPUS


def test_a_yearless_date_says_where_its_year_came_from(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(CORPUS / "g03-kulonprogo-terima-tanahdatar.html"),
                 "--host", "Kabupaten Kulon Progo")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('the year of the date "Kamis (7/3)" was taken from the publication date the '
            "document states (article:published_time 2024-03-08T13:00:00+07:00)") in result.stderr
    written = next((tmp_path / "notebooks" / "visits").glob("*.ipynb"))
    assert str(front(nbformat.read(written, as_version=4))["date"]) == "2024-03-07"


TOML = """[agency]
name = "{agency}"
unit = "Bidang Ekonomi"

[home]
name = "{home}"
bps_code = "{code}"
"""


def test_the_project_fills_a_silent_visiting_side(tmp_path: Path) -> None:
    (tmp_path / "ringkas.toml").write_text(TOML.format(
        agency="Bappeda Kabupaten Buleleng", home="Kabupaten Buleleng", code="5108"))
    result = run(tmp_path, "import", str(CORPUS / "heldout" / "x07-memo-jembrana.txt"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('home is not stated in the report: filled with "Kabupaten Buleleng" from '
            "ringkas.toml.") in result.output
    values = front(nbformat.read(next((tmp_path / "notebooks" / "visits").glob("*.ipynb")),
                                 as_version=4))
    assert values["home"] == {"name": "Kabupaten Buleleng", "bps_code": "5108"}
    assert values["agency"] == "Bappeda Kabupaten Buleleng"
    assert values["host"] == {"name": "Kabupaten Jembrana", "bps_code": "5101"}


def test_a_report_naming_another_visiting_side_is_followed_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "ringkas.toml").write_text(TOML.format(
        agency="Bappeda Kabupaten Sragen", home="Kabupaten Sragen", code="3314"))
    result = run(tmp_path, "import", str(CORPUS / "g01-sumedang-terima-grobogan.html"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('warning: the report names the visiting side "Kabupaten Grobogan" (home), not '
            '"Kabupaten Sragen" of ringkas.toml') in result.stderr
    values = front(nbformat.read(next((tmp_path / "notebooks" / "visits").glob("*.ipynb")),
                                 as_version=4))
    assert values["home"] == {"name": "Kabupaten Grobogan", "bps_code": "3315"}
    assert values["agency"] == "Bappeda Kabupaten Grobogan"
    assert values["host"] == {"name": "Kabupaten Sumedang", "bps_code": "3211"}
    assert values["led_by"] == "Hartono Wibisono, Sekretaris Bappeda"
    assert values["received_by"] == [{"name": "Asep Kurniawan",
                                      "position": "Kepala Bapperida Kabupaten Sumedang"}]
    assert "Sumedang" not in values["agency"] + values["home"]["name"] + values["led_by"]

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

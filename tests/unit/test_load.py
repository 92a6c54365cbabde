"""Reading notebooks from disk: files that are not notebooks, and checks across notebooks."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import nbformat
import pytest

from ringkas.contract.problems import InvalidVisit, MessageError
from ringkas.notebook.read import check_visits, find_notebooks, load_visit, read_notebook
from tests.notebooks import EXAMPLE, visit_notebook, write

NAME = "2023-03-14-contoh.ipynb"


def problem_texts(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(InvalidVisit) as caught:
        load_visit(path)
    assert caught.value.path == path
    return [p.text(lang) for p in caught.value.problems]


def notebook_file(tmp_path: Path, content: bytes | str | object) -> Path:
    path = tmp_path / NAME
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def valid_json() -> str:
    return nbformat.writes(visit_notebook())


# --- files that cannot be read as notebooks -----------------------------------------------

def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    assert problem_texts(path) == [f"{path}: error: file not found."]
    assert problem_texts(path, "id") == [f"{path}: galat: berkas tidak ditemukan."]


def test_a_folder_named_like_a_notebook(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.mkdir()
    assert problem_texts(path) == [f"{path}: error: the file cannot be read (Is a directory)."]


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, "Catatan kunjungan, bukan notebook.")
    assert problem_texts(path) == [
        f"{path}: error: the file is not valid JSON (line 1, column 1: Expecting value). The "
        "notebook is damaged or truncated; restore it from a backup or from git history."]
    assert problem_texts(path, "id") == [
        f"{path}: galat: berkas bukan JSON yang sah (baris 1, kolom 1: Expecting value). Notebook "
        "rusak atau terpotong; pulihkan dari cadangan atau riwayat git."]


def test_a_truncated_notebook(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, valid_json()[:300])
    [text] = problem_texts(path)
    assert text.startswith(f"{path}: error: the file is not valid JSON (line ")
    assert text.endswith("restore it from a backup or from git history.")


def test_an_empty_file(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, b"")
    with pytest.raises(InvalidVisit) as caught:
        read_notebook(path)
    assert [p.code for p in caught.value.problems] == ["file.not_json"]


def test_json_nested_too_deeply(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, b"[" * 100_000)
    assert problem_texts(path) == [
        f"{path}: error: the file is not valid JSON (line ?, column ?: nested too deeply). The "
        "notebook is damaged or truncated; restore it from a backup or from git history."]


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    text = valid_json().replace("Kota Contoh", "Kota Contoh \u00e9")
    position = text.encode("latin-1").index(b"\xe9")
    path = notebook_file(tmp_path, text.encode("latin-1"))
    assert problem_texts(path) == [
        f"{path}: error: the file is not UTF-8 text (byte {position}). Save the notebook again "
        "from JupyterLab."]
    assert problem_texts(path, "id") == [
        f"{path}: galat: berkas bukan teks UTF-8 (byte {position}). Simpan ulang notebook dari "
        "JupyterLab."]


def test_a_byte_order_mark(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, b"\xef\xbb\xbf" + valid_json().encode())
    assert problem_texts(path) == [
        f"{path}: error: the file starts with a byte-order mark (BOM) that Jupyter cannot read. "
        "Save it again as UTF-8 without BOM, for example from JupyterLab."]


@pytest.mark.parametrize(("content", "detail"), [
    ([1, 2], "no \"cells\" list"),
    ({"nbformat": 4, "metadata": {}}, "no \"cells\" list"),
    ({"cells": {}, "nbformat": 4}, "no \"cells\" list"),
    ({"cells": [], "metadata": {}}, "no \"nbformat\" version"),
    ({"cells": [], "nbformat": "4", "metadata": {}}, "no \"nbformat\" version"),
    ({"cells": [], "nbformat": 4, "nbformat_minor": 5},
     "The notebook is invalid and is missing an expected key: metadata"),
])
def test_json_that_is_not_a_notebook(tmp_path: Path, content: object, detail: str) -> None:
    path = notebook_file(tmp_path, content)
    assert problem_texts(path) == [
        f"{path}: error: this JSON file is not a Jupyter notebook ({detail})."]


@pytest.mark.parametrize("cells", [[1, 2], [{"cell_type": "weird", "source": 1, "metadata": {}}],
                                   [{"cell_type": "markdown"}]])
def test_cells_that_are_not_cells(tmp_path: Path, cells: list[object]) -> None:
    path = notebook_file(tmp_path, {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                                    "metadata": {}})
    [text] = problem_texts(path)
    assert text.startswith(f"{path}: error: this JSON file is not a Jupyter notebook (")


def test_a_nbformat_3_notebook(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                    "worksheets": [{"cells": []}]})
    assert problem_texts(path) == [
        f"{path}: error: the notebook uses an old format (nbformat 3). Open and save it in "
        "JupyterLab, or run: jupyter nbconvert --to notebook --inplace FILE"]
    assert problem_texts(path, "id") == [
        f"{path}: galat: notebook berformat lama (nbformat 3). Buka dan simpan ulang di "
        "JupyterLab, atau jalankan: jupyter nbconvert --to notebook --inplace BERKAS"]


def test_a_notebook_from_the_future(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, {"nbformat": 5, "nbformat_minor": 0, "metadata": {},
                                    "cells": []})
    assert problem_texts(path) == [
        f"{path}: error: the notebook uses nbformat 5, newer than ringkas reads (4). Save it again "
        "with JupyterLab 3 or 4."]


def test_an_empty_notebook(tmp_path: Path) -> None:
    path = notebook_file(tmp_path, {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                    "cells": []})
    assert problem_texts(path) == [f"{path}: error: the notebook has no cells."]
    assert problem_texts(path, "id") == [f"{path}: galat: notebook tidak berisi sel."]


def test_a_notebook_with_older_minor_version_and_list_sources(tmp_path: Path) -> None:
    data = json.loads(valid_json())
    data["nbformat_minor"] = 4
    for cell in data["cells"]:
        del cell["id"]  # ids came with nbformat 4.5
        assert isinstance(cell["source"], list)  # as Jupyter writes them: one string per line
    visit = load_visit(notebook_file(tmp_path, data))
    assert visit.title == "Studi Banding Pelayanan Publik ke Kota Contoh"


def test_cells_without_ids_are_read_without_python_warnings(tmp_path: Path) -> None:
    data = json.loads(valid_json())
    for cell in data["cells"]:
        del cell["id"]  # nbformat 4.5 wants them; a hand-edited notebook may lack them
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        visit = load_visit(notebook_file(tmp_path, data))
    assert visit.id == "2023-03-14-contoh"


def test_invalid_visit_lists_errors_not_warnings(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells[5].metadata.tags = []  # a warning
    nb.cells[2].metadata.tags = []  # an error
    path = write(nb, tmp_path)
    with pytest.raises(InvalidVisit) as caught:
        load_visit(path)
    assert [p.code for p in caught.value.problems] == ["section.missing", "section.absent"]
    assert str(caught.value) == (
        f"{path}, section \"summary\": error: required section \"summary\" (Ringkasan "
        "eksekutif) is "
        "missing. Add a markdown cell tagged \"summary\".")
    assert caught.value.text("id") == (
        f"{path}, bagian \"summary\": galat: bagian wajib \"summary\" (Ringkasan eksekutif) tidak "
        "ada. Tambahkan sel markdown bertag \"summary\".")


# --- many notebooks -----------------------------------------------------------------------

def test_two_notebooks_claiming_one_id(tmp_path: Path) -> None:
    first = write(visit_notebook(), tmp_path / "2023")
    second = write(visit_notebook(), tmp_path / "arsip")
    result = check_visits(find_notebooks([tmp_path]))
    assert [v.path for v in result.visits] == [first]
    assert result.failed == [second]
    assert [p.text("en") for p in result.problems[second]] == [
        f"{second}, field \"id\": error: visit id \"2023-03-14-contoh\" is also used by {first}. "
        "Each visit needs a unique id."]
    assert [p.text("id") for p in result.problems[second]] == [
        f"{second}, isian \"id\": galat: id kunjungan \"2023-03-14-contoh\" juga dipakai oleh "
        f"{first}. Setiap kunjungan perlu id yang unik."]


def test_one_broken_notebook_does_not_stop_the_others(tmp_path: Path) -> None:
    broken = tmp_path / "2023-01-01-rusak.ipynb"
    broken.write_text("{", encoding="utf-8")
    good = write(visit_notebook(), tmp_path)
    result = check_visits([broken, good])
    assert [v.id for v in result.visits] == ["2023-03-14-contoh"]
    assert result.failed == [broken]
    assert result.problems[good] == []
    assert [p.code for p in result.all_problems()] == ["file.not_json"]


def test_warnings_are_kept_per_file(tmp_path: Path) -> None:
    result = check_visits([EXAMPLE])
    assert result.failed == []
    assert [p.code for p in result.problems[EXAMPLE]] == ["table.missing_lead_opd"] * 2


def test_find_notebooks_searches_folders_and_skips_checkpoints(tmp_path: Path) -> None:
    a = write(visit_notebook(), tmp_path / "b", "2023-03-14-b")
    b = write(visit_notebook(), tmp_path / "a", "2023-03-14-a")
    write(visit_notebook(), tmp_path / "a" / ".ipynb_checkpoints", "2023-03-14-a-checkpoint")
    (tmp_path / "folder.ipynb").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert find_notebooks([tmp_path]) == [b, a]


def test_find_notebooks_takes_files_as_given(tmp_path: Path) -> None:
    other = tmp_path / "catatan.json"
    other.write_text("{}", encoding="utf-8")
    assert find_notebooks([other]) == [other]


def test_find_notebooks_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        find_notebooks([tmp_path / "tidak-ada"])
    assert caught.value.text("en") == f"{tmp_path / 'tidak-ada'} not found."
    assert caught.value.text("id") == f"{tmp_path / 'tidak-ada'} tidak ditemukan."


def test_a_cell_copied_with_its_id_gets_a_stable_id_of_its_own(tmp_path: Path) -> None:
    data = json.loads(nbformat.writes(visit_notebook()))
    data["cells"][1]["id"] = "sama-4"  # the name a repair would choose first is taken
    data["cells"][3]["id"] = data["cells"][2]["id"] = "sama"
    data["cells"][4]["id"] = "sama-4-1"  # a later cell holds the second: it moves on instead
    path = notebook_file(tmp_path, json.dumps(data))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nbformat's DuplicateCellId would reach the user
        ids = [[c.id for c in read_notebook(path).cells] for _ in range(2)]
    assert ids[0] == ids[1]  # the same at every read, so executed copies do not vary
    assert ids[0][1:5] == ["sama-4", "sama", "sama-4-1", "sama-4-1-5"]
    assert len(set(ids[0])) == len(ids[0])

"""The `dokumentasi` section: photos with caption and credit, beside the notebook in
`<visit-id>/` or pasted into the cell (docs/format.md, "Photos"). Checked, downscaled without
metadata, shown in the technical report and (the marked one) on the leadership brief, carried
with the render unit and covered by its key. The photos are made here with Pillow."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from PIL import Image

from ringkas.build.jobs import RenderOptions, RenderReport
from ringkas.build.manifest import Manifest
from ringkas.build.pipeline import plan, render_briefs
from ringkas.build.worker import render_job
from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.read import check_visits
from ringkas.notebook.validate import validate_notebook
from ringkas.render.exporters import render_html
from ringkas.render.photos import downscaled
from tests.notebooks import tagged, visit_notebook, write

VISIT = "2023-03-14-contoh"
DAY = dt.date(2024, 2, 29)
PHOTOS = ('Foto kegiatan <script>alert(1)</script>tim.\n\n'
          '![Kunjungan ke <MPP> & loket](' + VISIT + '/foto-1.jpg "Foto: Humas | pimpinan")\n'
          '![Diskusi](' + VISIT + '/foto-2.jpg "Foto: Tim Bappeda")\n'
          '![Penutupan](' + VISIT + '/foto-3.png "Foto: Tim Bappeda")\n')


def jpeg(size: tuple[int, int], color: str = "teal", exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 128)).save(out, "PNG")
    return out.getvalue()


def with_photos(text: str = PHOTOS) -> NotebookNode:
    nb = visit_notebook()
    nb.cells.append(tagged(new_markdown_cell(text), "dokumentasi"))
    return nb


def project(tmp_path: Path, nb: NotebookNode) -> Path:
    """A visit folder holding the notebook and its three photos; returns the notebook."""
    folder = tmp_path / "notebooks" / "visits"
    path = write(nb, folder)
    (folder / VISIT).mkdir(exist_ok=True)
    (folder / VISIT / "foto-1.jpg").write_bytes(jpeg((3000, 2000), "navy"))
    (folder / VISIT / "foto-2.jpg").write_bytes(jpeg((800, 600), "olive"))
    (folder / VISIT / "foto-3.png").write_bytes(png((400, 300)))
    return path


def shown(html: str) -> list[bytes]:
    return [base64.b64decode(data) for data in
            re.findall(r'<figure class="photo">\s*<img src="data:image/jpeg;base64,([^"]+)"', html)]


def test_photos_are_read_with_caption_credit_and_mark(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    checked = check_visits([path])
    assert checked.all_problems() == []
    (visit,) = checked.visits
    assert [(p.file, p.caption, p.credit, p.on_pimpinan) for p in visit.photos] == [
        (f"{VISIT}/foto-1.jpg", "Kunjungan ke <MPP> & loket", "Foto: Humas", True),
        (f"{VISIT}/foto-2.jpg", "Diskusi", "Foto: Tim Bappeda", False),
        (f"{VISIT}/foto-3.png", "Penutupan", "Foto: Tim Bappeda", False)]


def test_the_technical_report_shows_every_photo_escaped(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    html = render_html(with_photos(), audience="teknis", lang="id", source_path=path,
                       rendered_on=DAY)
    assert len(shown(html)) == 3
    assert "Dokumentasi</h3>" in html
    assert "Kunjungan ke &lt;MPP&gt; &amp; loket" in html and "<MPP>" not in html
    assert "Foto 1.</span>" in html and "Foto: Tim Bappeda" in html
    assert "| pimpinan" not in html  # the mark is not printed
    assert "Foto kegiatan" in html and "alert(1)" not in html  # the prose, sanitized


def test_the_leadership_brief_shows_only_the_marked_photo(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    html = render_html(with_photos(), audience="pimpinan", lang="en", source_path=path,
                       rendered_on=DAY)
    assert len(shown(html)) == 1 and "Documentation</h2>" in html
    unmarked = with_photos(PHOTOS.replace(" | pimpinan", ""))
    html = render_html(unmarked, audience="pimpinan", lang="id", source_path=path,
                       rendered_on=DAY)
    assert shown(html) == [] and "Dokumentasi" not in html


def test_a_photo_is_downscaled_upright_and_stripped_of_metadata() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees to show upright
    exif[0x010F] = "KameraKu"  # make
    exif[0x8825] = {1: "S", 2: (7.0, 30.0, 0.0)}  # GPS: where the photo was taken
    raw = jpeg((4000, 3000), exif=exif)
    assert Image.open(io.BytesIO(raw)).getexif().get(0x0112) == 6
    with Image.open(io.BytesIO(downscaled(raw))) as out:
        assert out.format == "JPEG"
        assert out.size == (1200, 1600)  # upright: the long side now vertical, at most 1600
        assert dict(out.getexif()) == {} and "exif" not in out.info
    with Image.open(io.BytesIO(downscaled(png((300, 200))))) as out:  # transparency on white
        assert (out.format, out.size, out.mode) == ("JPEG", (300, 200), "RGB")


def test_a_pasted_photo_is_an_attachment(tmp_path: Path) -> None:
    nb = with_photos('![Loket](attachment:loket.png "Foto: Tim")')
    nb.cells[-1].attachments = {"loket.png": {
        "image/png": base64.b64encode(png((64, 48))).decode("ascii")}}
    visit, problems = validate_notebook(nb, Path(f"{VISIT}.ipynb"))
    assert problems == [] and visit is not None and visit.photos[0].attachment
    html = render_html(nb, audience="teknis", lang="id", visit_id=VISIT, rendered_on=DAY)
    assert len(shown(html)) == 1
    knowledge = KnowledgeBase.from_visits([visit])
    assert knowledge.photos[["file", "caption", "credit", "attachment"]].values.tolist() == [
        ["loket.png", "Loket", "Foto: Tim", True]]


@pytest.mark.parametrize("text", ["Tidak dibahas.", "Not discussed."])
def test_a_visit_without_photos_marked_not_discussed_gives_no_warning(text: str) -> None:
    nb = with_photos(text)
    visit, problems = validate_notebook(nb, Path(f"{VISIT}.ipynb"))
    assert problems == [] and visit is not None and visit.photos == []
    html = render_html(nb, audience="teknis", lang="id", visit_id=VISIT, rendered_on=DAY)
    assert "Dokumentasi</h3>" in html and "Tidak dibahas dalam kunjungan." in html


def test_photos_travel_with_the_unit_and_their_change_renders_again(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    options = RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
                            audiences=("teknis",), formats=("html",), rendered_on=DAY)
    first = render_briefs([path], options)
    assert len(first.rendered) == 1 and not first.failed
    html = (tmp_path / "briefs" / VISIT / f"{VISIT}.teknis.id.html").read_text("utf-8")
    assert len(shown(html)) == 3
    assert len(render_briefs([path], options).skipped) == 1  # unchanged: skipped
    (path.parent / VISIT / "foto-2.jpg").write_bytes(jpeg((800, 600), "maroon"))
    assert len(render_briefs([path], options).rendered) == 1  # a photo changed: out of date


def test_the_unit_carries_its_photos_to_a_worker_with_no_project(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    options = RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
                            audiences=("teknis",), formats=("html",), rendered_on=DAY)
    jobs = plan([path], options, Manifest(tmp_path / "manifest.json"), RenderReport())
    assert [name for name, _ in jobs[0].photos] == [
        f"{VISIT}/foto-1.jpg", f"{VISIT}/foto-2.jpg", f"{VISIT}/foto-3.png"]
    for photo in (path.parent / VISIT).iterdir():
        photo.unlink()  # as on a Dask worker on another machine
    result = render_job(jobs[0], options)
    assert result.error is None and result.job.photos == ()  # not sent back
    assert len(shown(result.files[f"{VISIT}/{VISIT}.teknis.id.html"].decode())) == 3


def test_a_missing_photo_fails_the_check_and_the_render_names_it(tmp_path: Path) -> None:
    path = project(tmp_path, with_photos())
    (path.parent / VISIT / "foto-2.jpg").unlink()
    checked = check_visits([path])
    assert [p.code for p in checked.all_problems()] == ["photo.missing"]
    options = RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
                            audiences=("teknis",), formats=("html",))
    report = render_briefs([path], options)
    assert list(report.failed) == [str(path)]

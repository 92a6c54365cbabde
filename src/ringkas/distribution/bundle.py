"""`ringkas distribute`: the approved briefs, as leadership receives them, in `dist/`.

The recipe: check the visits chosen; refuse any that is not approved (unless drafts are asked
for); bring their briefs up to date (`build.pipeline.render_briefs`, a no-op when fresh) in
`DISTRIBUTED_FORMATS`; then, in `dist/`, the briefs in the same layout as `briefs/`
(`<visit-id>/<visit-id>.<audience>.<lang>.<ext>`, the path a PDF's QR code points to under
`base_url`), a catalogue page of these visits only, one zip per audience and language, the
cover memos, and `SHA256SUMS`. Every file is written only when its bytes change
(`distribution.folder`), so a second run with nothing changed touches nothing. Every link is
relative: the folder works from a file share, a USB stick or any static web host.

A visit that fails its check or its render is reported in `DistributionReport.failed` and left
out; the others still go.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.build.jobs import JobResult, RenderOptions
from ringkas.build.lock import output_lock
from ringkas.build.manifest import Manifest
from ringkas.build.revision_log import label_in
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit, MessageError, RingkasError
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.contract.spec import AUDIENCES, LANGS
from ringkas.distribution.cover import FOLDER as COVER_FOLDER
from ringkas.distribution.cover import AttachedBrief, MemoDetails, memo_html, memo_name, pdf_key
from ringkas.distribution.folder import DistFolder
from ringkas.distribution.recipients import Recipient
from ringkas.distribution.zips import zip_bytes
from ringkas.i18n.messages import say
from ringkas.notebook.read import check_visits

#: The formats handed on. The one list: everything else (render, copy, zips, memos) follows it.
DISTRIBUTED_FORMATS: tuple[str, ...] = ("html", "pdf", "docx")
APPROVED = "approved"
#: The attachment a memo lists for a brief: the first of these formats distributed.
MEMO_FORMATS = ("pdf", "docx", "html")


@dataclass(frozen=True)
class DistributeOptions:
    out: Path
    briefs: Path  # the project's briefs/ (rendered briefs and their manifest)
    data_dir: Path
    langs: tuple[str, ...] = LANGS
    include_drafts: bool = False
    named: bool = False  # the visits were named one by one (not "every visit")
    recipients: tuple[Recipient, ...] = ()
    memo: MemoDetails = field(default_factory=MemoDetails)
    catalogue_lang: str = "id"
    workers: int = 1  # processes rendering the briefs brought up to date
    #: ringkas.toml, read once by the command: the briefs brought up to date here are those
    #: `ringkas render` makes, letterhead, QR code and the agency's themes included.
    settings: ProjectSettings = DEFAULT_SETTINGS


@dataclass(frozen=True)
class Progress:
    """One step done: a visit copied ("visit"), a zip ("zip") or a memo ("cover") made;
    `changed` of its `total` files were written."""

    kind: str
    name: str
    changed: int
    total: int


@dataclass
class DistributionReport:
    out: Path
    visits: list[str] = field(default_factory=list)  # distributed, approved or not
    drafts: list[str] = field(default_factory=list)  # distributed although not approved
    waiting: list[tuple[str, str]] = field(default_factory=list)  # left out: (id, status)
    failed: dict[str, RingkasError] = field(default_factory=dict)  # visit id or path -> why
    written: list[str] = field(default_factory=list)  # relative to out
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    zips: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)
    rendered: int = 0  # briefs rendered again to bring them up to date
    seconds: float = 0.0


class NotApproved(RingkasError):
    """Visits chosen for distribution that are not approved: `(visit id, status)` each."""

    def __init__(self, visits: Sequence[tuple[str, str]]) -> None:
        self.visits = list(visits)
        super().__init__(self.text("en"))

    def text(self, lang: str = "id") -> str:
        lines = [say("distribute.not_approved", lang, count=len(self.visits))]
        lines += [say("distribute.approve_line", lang, visit=visit, status=status)
                  for visit, status in self.visits]
        lines.append(say("distribute.not_approved_hint", lang))
        return "\n".join(lines)

    def __reduce__(self) -> tuple:
        return (type(self), (self.visits,))


def distribute(paths: Sequence[Path], options: DistributeOptions,
               progress: Callable[[Progress], None] | None = None) -> DistributionReport:
    """Build `options.out` from the visits at `paths` (see the module's docstring)."""
    started = time.perf_counter()
    overlapping(options.out, options.briefs)
    report = DistributionReport(options.out)
    visits = chosen(paths, options, report)
    visits = bring_up_to_date(visits, options, report, progress)
    with output_lock(options.out) as held:
        if not held.writable:
            raise MessageError(f"render.unwritable_{held.reason}", path=options.out)
        folder = DistFolder.open(options.out)
        # a visit's folder (or the memos') replaced by a link: refused before a file is written
        folder.check([visit.id for visit in visits] + [COVER_FOLDER])
        briefs = copy_briefs(visits, options, folder, progress)
        write_catalogue(visits, options, folder, briefs)
        write_zips(briefs, folder, report, progress)
        write_covers(visits, briefs, options, folder, report, progress)
        folder.finish()
    report.visits = [visit.id for visit in visits]
    report.drafts = [visit.id for visit in visits if visit.status != APPROVED]
    report.written, report.unchanged, report.removed = \
        folder.written, folder.unchanged, folder.removed
    report.seconds = time.perf_counter() - started
    return report


def overlapping(out: Path, briefs: Path) -> None:
    """Refuse an output folder that is briefs/, inside it or around it: the bundle would
    overwrite the briefs' own catalogue page, and removing its stale files could reach them."""
    out, briefs = out.resolve(), briefs.resolve()
    if out == briefs or briefs in out.parents or out in briefs.parents:
        raise MessageError("distribute.out_overlaps", out=out, briefs=briefs)


def chosen(paths: Sequence[Path], options: DistributeOptions,
           report: DistributionReport) -> list[Visit]:
    """The visits to distribute: those that pass their check and are approved (or all of them
    with `include_drafts`). A visit not approved is left out and listed in `report.waiting`
    when every visit was asked for, since a project always has visits in the writing; when it
    was named, NotApproved stops the run before anything is rendered or written."""
    checked = check_visits(paths, vocabulary=options.settings.vocabulary)
    for path in checked.failed:
        report.failed[str(path)] = InvalidVisit(path, [p for p in checked.problems[path]
                                                       if p.is_error])
    failed = set(checked.failed)
    visits = [visit for visit in checked.visits if visit.path not in failed]
    waiting = [(visit.id, visit.status) for visit in visits if visit.status != APPROVED]
    if waiting and not options.include_drafts:
        if options.named:
            raise NotApproved(waiting)
        report.waiting = waiting
        visits = [visit for visit in visits if visit.status == APPROVED]
    return sorted(visits, key=lambda visit: visit.id)


def bring_up_to_date(visits: list[Visit], options: DistributeOptions,
                     report: DistributionReport,
                     progress: Callable[[Progress], None] | None = None) -> list[Visit]:
    """Render what is stale of these visits' briefs; returns the visits whose briefs are
    whole (one that fails to render keeps its old briefs in briefs/, but is not handed on)."""
    if not visits:
        return []
    from ringkas.build.pipeline import render_briefs

    render = RenderOptions(out=options.briefs, data_dir=options.data_dir, langs=options.langs,
                           audiences=AUDIENCES, formats=DISTRIBUTED_FORMATS,
                           workers=options.workers,
                           settings=options.settings)
    def rendered(unit: JobResult) -> None:
        if progress and unit.error is None:
            progress(Progress("render", f"{unit.job.visit_id} ({unit.job.lang})", 1, 1))

    result = render_briefs([visit.path for visit in visits], render, all_visits=False,
                           catalogue=None, progress=rendered)
    report.rendered = len(result.rendered) * len(AUDIENCES)
    for key, error in result.failed.items():
        report.failed[key] = error
    return [visit for visit in visits
            if visit.id not in result.failed and str(visit.path) not in result.failed]


def brief_names(visit_id: str, langs: Sequence[str]) -> list[tuple[str, str, str]]:
    """(audience, lang, file name) of every brief of a visit that is handed on."""
    return [(audience, lang, f"{visit_id}.{audience}.{lang}.{fmt}")
            for lang in langs for audience in AUDIENCES for fmt in DISTRIBUTED_FORMATS]


def copy_briefs(visits: list[Visit], options: DistributeOptions, folder: DistFolder,
                progress: Callable[[Progress], None] | None) -> dict[tuple[str, str], dict]:
    """Copy each visit's briefs into `out/<visit-id>/`; returns, per (audience, lang), the
    files copied (relative name -> bytes), for the zips and memos."""
    briefs: dict[tuple[str, str], dict[str, bytes]] = {}
    for visit in visits:
        changed = total = 0
        for audience, lang, name in brief_names(visit.id, options.langs):
            try:
                data = (options.briefs / visit.id / name).read_bytes()
            except FileNotFoundError:
                continue  # a format or language this visit was not rendered in
            relative = f"{visit.id}/{name}"
            changed += folder.put(relative, data)
            total += 1
            briefs.setdefault((audience, lang), {})[relative] = data
        if progress:
            progress(Progress("visit", visit.id, changed, total))
    return briefs


def write_catalogue(visits: list[Visit], options: DistributeOptions, folder: DistFolder,
                    briefs: dict[tuple[str, str], dict]) -> None:
    """The catalogue page(s) of just these visits, from the facts briefs/'s manifest keeps.

    Dated by the newest brief handed on, not today: an unchanged bundle keeps its page."""
    from ringkas.build.catalogue import render_pages

    kept = Manifest.read(options.briefs)
    ids = {visit.id for visit in visits}
    manifest = Manifest(folder.out / ".unused", {k: v for k, v in kept.visits.items()
                                                 if k in ids}, None)
    mtimes = [(options.briefs / name).stat().st_mtime for files in briefs.values()
              for name in files]
    day = dt.date.fromtimestamp(max(mtimes)) if mtimes else dt.date(1970, 1, 1)
    pages = render_pages(folder.out, options.catalogue_lang, day, manifest=manifest)
    for name, html in sorted(pages.items()):
        folder.put(name, html.encode("utf-8"))


def zip_name(audience: str, lang: str) -> str:
    return f"ringkas-{audience}-{lang}.zip"


def write_zips(briefs: dict[tuple[str, str], dict], folder: DistFolder,
               report: DistributionReport,
               progress: Callable[[Progress], None] | None) -> None:
    """One zip per audience and language, made again only when a member changed."""
    for (audience, lang), files in sorted(briefs.items()):
        name = zip_name(audience, lang)
        key = hashlib.sha256("".join(f"{n}\0{folder.files[n]}\0" for n in sorted(files))
                             .encode()).hexdigest()
        changed = False if folder.fresh(name, key) else folder.put(name, zip_bytes(files), key)
        report.zips.append(name)
        if progress:
            progress(Progress("zip", name, int(changed), len(files)))


def write_covers(visits: list[Visit], briefs: dict[tuple[str, str], dict],
                 options: DistributeOptions, folder: DistFolder, report: DistributionReport,
                 progress: Callable[[Progress], None] | None) -> None:
    """A memo per recipient, HTML and PDF, listing the briefs of their audience and language;
    none when no visit is handed on (a memo attaching nothing). The memos of earlier runs are
    kept, with or without `--cover` (a memo sent is the secretariat's record): a recipient's
    memo is only ever replaced by a newer one of the same name."""
    _write_covers(visits, briefs, options, folder, report, progress)
    folder.keep(f"{COVER_FOLDER}/")


def _write_covers(visits: list[Visit], briefs: dict[tuple[str, str], dict],
                  options: DistributeOptions, folder: DistFolder, report: DistributionReport,
                  progress: Callable[[Progress], None] | None) -> None:
    if not visits:
        return
    taken: set[str] = set()
    for recipient in options.recipients:
        attached = attachments(visits, briefs.get((recipient.audience, recipient.language), {}))
        html = memo_html(recipient, attached, options.memo)
        stem = f"{COVER_FOLDER}/{memo_name(recipient, taken)}"
        changed = int(folder.put(f"{stem}.html", html.encode("utf-8")))
        key = pdf_key(html)
        if not folder.fresh(f"{stem}.pdf", key):
            from ringkas.render.pdf import render_pdf  # WeasyPrint: only when a memo changed

            changed += folder.put(f"{stem}.pdf", render_pdf(html), key)
        report.covers.append(f"{stem}.pdf")
        if progress:
            progress(Progress("cover", recipient.name, changed, 2))


def attachments(visits: list[Visit], files: dict[str, bytes]) -> list[AttachedBrief]:
    """Per visit, the one file a memo lists: its PDF (or the first other format there is)."""
    attached = []
    for visit in visits:
        present = [name for name in files if name.startswith(f"{visit.id}/")]
        for fmt in MEMO_FORMATS:
            match = [name for name in present if name.endswith(f".{fmt}")]
            if match:
                html = files.get(match[0].rsplit(".", 1)[0] + ".html", b"")
                attached.append(AttachedBrief(visit.id, visit.title, visit.date, visit.kind,
                                              visit.host.name, match[0],
                                              revision=label_in(html)))
                break
    return attached

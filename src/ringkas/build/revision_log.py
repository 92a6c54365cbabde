"""A visit's revision log, `<out>/<visit-id>/revisions.json`, kept by the main process.

Per language, the revisions of the visit's briefs (`ringkas.render.revision.Revision`): number,
the day the content was first rendered, its content hash and the digests of its parts. A unit
of work goes out knowing the revisions of its (visit, language) (`attach_revisions`); the worker
labels what it renders, reusing a known revision for content it has seen or numbering the next;
the main process records the result's revision when it publishes the unit's files
(`record_revision`, under the output folder's lock that the render holds), so a failed render
records nothing. The log is written atomically (`ringkas.project.files.write_atomic`), merged
with the file on disk, and only when it changes.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.build.lock import output_lock
from ringkas.contract.problems import MessageError
from ringkas.contract.spec import LANGS
from ringkas.project.files import write_atomic

if TYPE_CHECKING:
    from ringkas.build.jobs import Job
    from ringkas.render.revision import Revision

LOG_NAME = "revisions.json"
FORMAT = 1

#: language -> its revisions, by number
History = dict[str, list["Revision"]]


def log_path(out: Path, visit_id: str) -> Path:
    return out / visit_id / LOG_NAME


def read_log(out: Path, visit_id: str) -> History:
    """The revisions of `visit_id` rendered into `out`, per language, oldest first; {} when it
    has none yet. A log that cannot be read is a `history.bad_log` error: renumbering from 1
    would give two different contents the same label."""
    from ringkas.render.revision import Revision  # the renderer: only when there is work

    path = log_path(out, visit_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise MessageError("history.bad_log", path=path, detail=str(exc)) from None
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, not {FORMAT}")
        languages = dict(data["languages"])
        order = sorted(languages, key=lambda lang: (LANGS.index(lang) if lang in LANGS
                                                    else len(LANGS), lang))
        return {str(lang): sorted((Revision.from_json(e) for e in languages[lang]),
                                  key=lambda r: r.number) for lang in order}
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise MessageError("history.bad_log", path=path, detail=str(exc) or repr(exc)) from None


def write_log(out: Path, visit_id: str, history: History) -> bool:
    """Write the log of `visit_id` if that changes it; returns whether it wrote."""
    data = json.dumps({"format": FORMAT, "visit": visit_id,
                       "languages": {lang: [r.to_json() for r in revisions]
                                     for lang, revisions in sorted(history.items())}},
                      ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    path = log_path(out, visit_id)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def record_revision(out: Path, visit_id: str, lang: str, revision: Revision) -> bool:
    """Add `revision` to the log of (`visit_id`, `lang`) unless its content is there already;
    returns whether the log changed. Takes the output folder's lock (reentrant: a render holds
    it), so two processes never interleave their reads and writes."""
    with output_lock(out):
        history = read_log(out, visit_id)
        known = history.setdefault(lang, [])
        if any(r.digest == revision.digest for r in known):
            return False
        # a number taken by other content (a log edited by hand meanwhile) is replaced: the
        # briefs just published carry this one
        known[:] = sorted([r for r in known if r.number != revision.number] + [revision],
                          key=lambda r: r.number)
        return write_log(out, visit_id, history)


def attach_revisions(jobs: list[Job], out: Path) -> tuple[list[Job], dict[str, MessageError]]:
    """`jobs`, each carrying the known revisions of its visit and language, and the visits
    whose log cannot be read (their jobs left out: they fail, the others render)."""
    from dataclasses import replace

    logs: dict[str, History] = {}
    failed: dict[str, MessageError] = {}
    attached = []
    for job in jobs:
        if job.visit_id not in logs and job.visit_id not in failed:
            try:
                logs[job.visit_id] = read_log(out, job.visit_id)
            except MessageError as exc:
                failed[job.visit_id] = exc
        if job.visit_id in logs:
            known = tuple(logs[job.visit_id].get(job.lang, ()))
            attached.append(replace(job, revisions=known))
    return attached, failed


_LABEL = re.compile(rb'<meta name="revision" content="([^"]*)"')


def label_in(html: bytes) -> str:
    """The revision label an HTML brief carries in its <meta name="revision"> ("" when it was
    rendered outside a build, or before briefs had revisions): what the cover memo lists and
    the e-mail ledger keys a brief by."""
    found = _LABEL.search(html[:20000])
    return htmllib.unescape(found.group(1).decode("utf-8", "replace")) if found else ""

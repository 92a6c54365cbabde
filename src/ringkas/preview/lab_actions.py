"""What the JupyterLab panel's routes do, as plain functions of plain data (JSON in, JSON out).

Each calls the code of the command it stands for (`check`, `review`/`approve`, `new`,
`import`, `render`), with the project found from the notebook's own folder. A refusal is a
RingkasError, which the handlers turn into HTTP 400 with its message.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.authoring.details import InvalidOption
from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError, Problem
from ringkas.i18n.messages import say
from ringkas.preview import lab_context as ctx
from ringkas.project.paths import Project

if TYPE_CHECKING:  # the importer (lxml, trafilatura, python-docx) loads when a report comes
    from ringkas.authoring.importing import ImportResult

#: The largest report the import route takes (base64 aside): a Word file with its photos.
UPLOAD_LIMIT = 64 * 1024 * 1024
#: What an uploaded file's name may keep: its letters, digits, dots, hyphens, underscores.
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: The `action` of the approval route -> the act of `ringkas review` / `ringkas approve`.
ACTIONS = {"review": "reviewed", "approve": "approved"}
#: What `ringkas import` asks for when the report does not state it -> the request's key.
NEEDS = {"import.need_date": "date", "import.need_date_partial": "date",
         "import.need_host": "host", "import.need_title": "title"}
#: MessageErrors of sign_off that name a command-line option, said in the form's words.
APPROVAL_FIELDS = {"approval.blank_by": ("lab.blank_name", "name"),
                   "approval.blank_position": ("lab.blank_position", "position"),
                   "approval.bad_nip": ("lab.bad_nip", "nip")}


class FieldError(MessageError):
    """A MessageError about one field of the request (the panel shows it beside the field)."""

    def __init__(self, code: str, field: str, **params: object) -> None:
        self.field = field
        super().__init__(code, **params)

    def __reduce__(self) -> tuple:
        return (_rebuild, (self.code, self.field, self.params))


def _rebuild(code: str, field: str, params: dict) -> FieldError:
    return FieldError(code, field, **params)


def text_of(body: Mapping[str, object], key: str, *, required: bool = True) -> str:
    value = body.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise FieldError("lab.missing_value", key, key=key)
    return value


def visit_problems(path: Path, project: Project) -> list[Problem]:
    """The notebook's problems as `ringkas check` lists them (the OPD list's warnings too)."""
    from ringkas.contract.opds import opd_problems
    from ringkas.notebook.read import check_visits

    settings = ctx.settings_of(project)
    result = check_visits([path], vocabulary=settings.vocabulary)
    problems = list(result.problems.get(path, []))
    for visit in result.visits:
        problems += opd_problems(visit, settings)
    return problems


def approve(place: ctx.Place, body: Mapping[str, object], lang: str) -> dict[str, object]:
    """`ringkas review` or `ringkas approve` of the notebook; {"status", "problems"}."""
    from ringkas.authoring.approval import sign_off

    action = body.get("action")
    if action not in ACTIONS:
        raise FieldError("lab.bad_action", "action", value=action, choices=list(ACTIONS))
    vocabulary = ctx.settings_of(place.project).vocabulary
    try:
        sign_off(place.path, ACTIONS[str(action)], name=text_of(body, "name", required=False),
                 position=text_of(body, "position", required=False),
                 nip=text_of(body, "nip", required=False), vocabulary=vocabulary)
    except MessageError as exc:
        if exc.code in APPROVAL_FIELDS:
            code, field = APPROVAL_FIELDS[exc.code]
            raise FieldError(code, field, **exc.params) from None
        raise
    return {"status": C.APPROVAL_STATUS[ACTIONS[str(action)]],
            "problems": ctx.problems_json(visit_problems(place.path, place.project), lang)}


def new_visit(root: Path, body: Mapping[str, object]) -> dict[str, object]:
    """`ringkas new` in the project of `body["path"]` (a folder or notebook under the root;
    default: the root's project); {"path"} of the notebook written."""
    from ringkas.authoring.details import VisitDetails
    from ringkas.authoring.new import new_visit as new

    project = _project(root, body)
    lists = {key: _texts(body, key) for key in
             ("participants", "themes", "sources", "received_by")}
    texts = {key: text_of(body, key, required=False) for key in
             ("kind", "host_bps_code", "home", "home_bps_code", "agency", "unit", "led_by",
              "venue", "status", "approved_by", "text_lang")}
    given = {key: value for key, value in texts.items() if value.strip()}
    details = VisitDetails(vocabulary=ctx.settings_of(project).vocabulary, **given,
                           **lists)  # type: ignore[arg-type]
    try:
        path = new(project.visits_dir, text_of(body, "date"), text_of(body, "host"),
                   text_of(body, "title"), details)
    except InvalidOption as exc:  # said as check says it, beside the field, not the option
        raise FieldError(exc.problem.code, exc.problem.field or "",
                         **exc.problem.params) from None
    except MessageError as exc:
        field = _option_field(exc)
        if field is None:
            raise
        code = {"new.bad_date": "fm.not_date", "new.bad_choice": "fm.bad_choice"}[exc.code]
        params = {k: v for k, v in exc.params.items() if k != "option"}
        raise FieldError(code, field, **params) from None
    return {"path": ctx.relative_to_root(root, path), "visit_id": path.stem}


def _option_field(exc: MessageError) -> str | None:
    """The form's field of a `ringkas new` refusal that names its option, if it is one."""
    from ringkas.authoring.details import OPTIONS

    if exc.code == "new.bad_date":
        return "date"
    if exc.code == "new.bad_choice":
        fields = {option: field for field, option in OPTIONS.items()}
        return fields.get(str(exc.params.get("option")))
    return None


def _project(root: Path, body: Mapping[str, object]) -> Project:
    where = body.get("path")
    return ctx.resolve(root, where, must_exist=False).project if where else Project.find(root)


def _texts(body: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = body.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError("lab.not_list", key, key=key)
    return tuple(v for v in value if v.strip())


def import_upload(root: Path, body: Mapping[str, object], lang: str) -> dict[str, object]:
    """`ringkas import` of an uploaded report: written to a private temporary folder under a
    name made of the upload's own (letters, digits, `.-_` only; never a path), then imported
    into the project; {"path", "report", "missing"}."""
    from ringkas.authoring.importing import MissingFacts, import_report

    project = _project(root, body)
    filename = text_of(body, "filename")
    name = SAFE_NAME.sub("-", Path(filename.replace("\\", "/")).name).strip(".-") or "laporan"
    try:
        data = base64.b64decode(text_of(body, "content_base64"), validate=True)
    except (binascii.Error, ValueError):
        raise FieldError("lab.bad_upload", "content_base64", name=filename) from None
    if len(data) > UPLOAD_LIMIT:
        raise FieldError("lab.upload_too_large", "content_base64", name=filename,
                         limit=UPLOAD_LIMIT // 2**20)
    date, host, title = (text_of(body, key, required=False) or None
                         for key in ("date", "host", "title"))
    with tempfile.TemporaryDirectory(prefix="ringkas-import-") as folder:
        source = Path(folder) / name
        source.write_bytes(data)
        try:
            result = import_report(source, project.visits_dir, date=date, host=host,
                                   title=title, force=body.get("force") is True,
                                   root=project.root, config=ctx.settings_of(project))
        except MissingFacts as exc:  # the panel asks for them, then sends the upload again
            needs = [NEEDS[code] for code, _ in exc.lines if code in NEEDS]
            raise FieldError("lab.import_needs", needs[0] if needs else "date", name=name,
                             items=[_need_label(n, lang) for n in needs],
                             needs=needs) from None
    return {"path": ctx.relative_to_root(root, result.path), "visit_id": result.path.stem,
            "report": "\n".join(_import_lines(result, lang)),
            "missing": [_missing_label(what, lang) for what in result.not_found],
            "missing_keys": list(result.not_found)}


def _need_label(need: str, lang: str) -> str:
    from ringkas.i18n.translations import text

    return text(f"label.field.{need}", lang)


def _import_lines(result: ImportResult, lang: str) -> list[str]:
    """What `ringkas import` prints about what it did, in the same messages."""
    lines = [say("import.written", lang, path=result.path)]
    lines += [say(code, lang) for code in result.warnings]
    missing = result.not_found
    lines.append(say("import.not_found", lang, items=[_missing_label(w, lang) for w in missing])
                 if missing else say("import.all_found", lang))
    if result.unsorted:
        lines.append(say("import.unsorted_count", lang, count=result.unsorted))
    return lines


def _missing_label(what: str, lang: str) -> str:
    from ringkas.i18n.translations import text

    if what in ("topics", "innovations"):
        return say(f"import.nf.{what}", lang)
    group = "field" if what in ("kind", "agency", "unit", "home", "themes") else "section"
    return text(f"label.{group}.{what}", lang)


def render_visit(root: Path, base_url: str, place: ctx.Place, lang: str) -> dict[str, object]:
    """`ringkas render <visit>`: its briefs brought up to date in the project's briefs/, as the
    CLI renders them; {"summary", "briefs": [URLs under the server's files/]}."""
    from ringkas.build.pipeline import RenderOptions, render_briefs

    project = place.project
    settings = ctx.settings_of(project)
    options = RenderOptions(out=project.briefs_dir, data_dir=project.data_dir,
                            langs=settings.languages, audiences=C.AUDIENCES,
                            formats=C.FORMATS, workers=1, settings=settings)
    report = render_briefs([place.path], options, all_visits=False, catalogue=C.DEFAULT_LANG)
    if report.failed:
        error = next(iter(report.failed.values()))
        raise MessageError("lab.render_failed", detail=error.text(lang))
    folder = project.briefs_dir / place.path.stem
    briefs = sorted(folder.glob(f"{place.path.stem}.*.*.*")) if folder.is_dir() else []
    return {"summary": report.summary(lang, C.AUDIENCES, C.FORMATS),
            "briefs": [base_url + "files/" + ctx.relative_to_root(root, brief)
                       for brief in briefs if brief.suffix in (".html", ".pdf")
                       and not ctx.relative_to_root(root, brief).startswith("/")]}


def catalogue(root: Path, base_url: str, place: ctx.Place) -> dict[str, object]:
    """The project's rendered catalogue, briefs/index.html, brought up to date (as `ringkas
    render` leaves it) and named by its address under the server's files/ (behind Jupyter's
    authentication): {"url"}. A briefs/ folder outside the server's root cannot be served."""
    from ringkas.build.pipeline import publish_catalogue

    project = place.project
    settings = ctx.settings_of(project)
    project.briefs_dir.mkdir(parents=True, exist_ok=True)
    page = publish_catalogue(project.briefs_dir, C.DEFAULT_LANG,
                             vocabulary=settings.vocabulary)
    relative = ctx.relative_to_root(root, page)
    if relative.startswith("/"):
        raise MessageError("lab.outside_root", path=str(page))
    return {"url": base_url + "files/" + relative}

"""The REST routes of the JupyterLab visit panel, under <base_url>ringkas/api/ (docs/jupyterlab.md).

Each is a jupyter_server `APIHandler`: every method is `tornado.web.authenticated` (Jupyter's
token or login cookie; 403 without), and a POST carries Jupyter's XSRF check (403 without the
`_xsrf` token when authenticated by cookie, as a browser is). JSON in, JSON out; a request that
cannot be done is HTTP 400 `{"message", "field"?}` in the user's language. The routes only
transform text and check, except approval, visits, import and render, which run the commands
whose job writing is. The project is the one around the notebook (`Project.find`), not the
server's root folder.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from ringkas.contract.links import inside
from ringkas.contract.problems import MessageError, RingkasError
from ringkas.contract.themes import Vocabulary
from ringkas.preview import lab_actions as actions
from ringkas.preview import lab_context as ctx
from ringkas.project.paths import Project

ROOT = "ringkas/api"


class LabHandler(APIHandler):
    """JSON in, JSON out, and a RingkasError as HTTP 400 with its message."""

    root: Path
    preview_url: Callable[[Project], str] | None

    def initialize(self, root: Path, preview_url: Callable[[Project], str] | None = None
                   ) -> None:
        self.root, self.preview_url = root, preview_url

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise MessageError("lab.bad_json")
        return data

    def lang(self, body: Mapping[str, object] | None = None) -> str:
        given = (body or {}).get("lang") or self.get_query_argument("lang", "")
        return ctx.lang_of(given)

    def reply(self, data: object) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def refuse(self, exc: RingkasError, lang: str) -> None:
        self.set_status(400)
        answer: dict[str, object] = {"message": exc.text(lang)}
        field = getattr(exc, "field", None) or getattr(getattr(exc, "problem", None), "field",
                                                       None)
        if field:
            answer["field"] = field
        problems = getattr(exc, "problems", None)
        if isinstance(problems, list):
            answer["problems"] = ctx.problems_json(problems, lang)
        needs = getattr(exc, "params", {}).get("needs")
        if needs:  # import: what the report did not state, to ask for and send again
            answer["needs"] = needs
        self.reply(answer)

    async def answer(self, work: Callable[[dict[str, Any], str], object], *,
                     slow: bool = False) -> None:
        lang = self.lang()
        try:
            body = self.body()
            lang = self.lang(body)
            if slow:  # a command that renders or reads a file: the server stays responsive
                result = await asyncio.get_running_loop().run_in_executor(
                    None, work, body, lang)
            else:
                result = work(body, lang)
        except RingkasError as exc:
            self.refuse(exc, lang)
            return
        self.reply(result)

    def place(self, body: Mapping[str, object]) -> ctx.Place:
        return ctx.resolve(self.root, body.get("path"))


class ContextHandler(LabHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        lang = self.lang()
        try:
            answer = self.context(self.get_query_argument("path", ""), lang)
        except RingkasError as exc:
            self.refuse(exc, lang)
            return
        self.reply(answer)

    def context(self, given: str, lang: str) -> dict[str, object]:
        from ringkas.contract.spec import VISIT_ID_PATTERN

        place = ctx.resolve(self.root, given)
        config = ctx.settings_of(place.project)
        stem = place.path.stem
        visit_id = stem if VISIT_ID_PATTERN.match(stem) else None
        branding = config.branding
        in_visits = inside(place.path, place.project.visits_dir)
        # a notebook of visits/ whose front matter is gone is still one: check says what is wrong
        is_visit = _is_visit(place.path, self.root) or (visit_id is not None and in_visits)
        return {
            "is_visit": is_visit, "visit_id": visit_id,
            "project_root": ctx.relative_to_root(self.root, place.project.root), "lang": lang,
            "fields": ctx.fields_json(lang, config.vocabulary), "sections": ctx.sections_json(lang),
            "tables": ctx.tables_json(lang), "skeleton": ctx.skeleton_json(),
            "opds": [opd.name for opd in config.opds],
            "opd_list": [{"name": opd.name, "short": opd.short} for opd in config.opds],
            "branding": {"agency": config.agency, "unit": config.unit,
                         "colour": branding.colour, "accent": branding.accent,
                         "letterhead": list(branding.letterhead), "logo": bool(branding.logo)},
            "preview_url": self.preview_of(place.project, visit_id)
            if is_visit and in_visits else None,
            "imported_marker": _imported_marker()}

    def preview_of(self, project: Project, visit_id: str | None) -> str | None:
        """The docked preview's page of the visit (its project's previews, added when new)."""
        if visit_id is None or self.preview_url is None:
            return None
        return url_path_join(self.preview_url(project), visit_id)


def _is_visit(path: Path, root: Path) -> bool:
    """A notebook whose first cell is front matter: what `ringkas check` reads as a visit.
    Read without following a link out of `root` (the server's folder)."""
    from ringkas.contract.links import read_inside
    from ringkas.notebook.frontmatter import front_matter_match

    if path.suffix != ".ipynb":
        return False
    try:
        cells = json.loads(read_inside(path, root).decode("utf-8")).get("cells") or []
        first = dict(cells[0])
    except (OSError, ValueError, AttributeError, IndexError, TypeError, KeyError):
        return False
    source = first.get("source", "")
    first["source"] = "".join(source) if isinstance(source, list) else str(source)
    return front_matter_match(first) is not None  # type: ignore[arg-type]


def _imported_marker() -> dict[str, object]:
    """The cell metadata `ringkas import` writes on each cell it fills (check warns until it
    is gone): the panel's "sudah ditinjau" removes `value`'s keys from metadata[`key`]."""
    from ringkas.authoring.importing.writing import IMPORTED

    return {"key": "ringkas", "value": dict(IMPORTED)}


class FrontMatterParseHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(self.parse)

    def parse(self, body: dict[str, Any], lang: str) -> dict[str, object]:
        from ringkas.authoring.frontmatter_edit import front_matter_problems, read_values

        source = actions.text_of(body, "source", required=False)
        vocabulary = self.vocabulary(body)
        return {"values": read_values(source),
                "problems": ctx.problems_json(front_matter_problems(source, vocabulary), lang)}

    def vocabulary(self, body: Mapping[str, object]) -> Vocabulary:
        """The themes of the project of `path` when given (its own are valid), else of the
        root's."""
        given = body.get("path")
        project = ctx.resolve(self.root, given).project if given else ctx.Project.find(self.root)
        return ctx.settings_of(project).vocabulary


class FrontMatterUpdateHandler(FrontMatterParseHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(self.update)

    def update(self, body: dict[str, Any], lang: str) -> dict[str, object]:
        from ringkas.authoring.frontmatter_edit import (
            SIGNED,
            front_matter_problems,
            update_front_matter,
        )

        source = actions.text_of(body, "source", required=False)
        values = body.get("values")
        if not isinstance(values, dict):
            raise actions.FieldError("lab.missing_value", "values", key="values")
        signed = [key for key in values if key in SIGNED]
        if signed:  # who signed is written by the review and approve actions alone
            raise actions.FieldError("lab.signed_field", signed[0], key=signed[0])
        vocabulary = self.vocabulary(body)
        changed = update_front_matter(source, values)
        return {"source": changed,
                "problems": ctx.problems_json(front_matter_problems(changed, vocabulary), lang)}


class FieldCheckHandler(FrontMatterParseHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(self.check)

    def check(self, body: dict[str, Any], lang: str) -> dict[str, object]:
        from ringkas.authoring.frontmatter_edit import field_problems

        key = actions.text_of(body, "key")
        problems = field_problems(key, body.get("value"), self.vocabulary(body))
        return {"problems": ctx.problems_json(problems, lang)}


class TableHandler(LabHandler):
    def grid_json(self, source: str, table: str, lang: str) -> dict[str, object]:
        from ringkas.authoring.table_edit import read_grid

        grid = read_grid(source, table)
        columns = {c["key"]: c for c in ctx.tables_json(lang)[table]["columns"]}  # type: ignore
        return {"columns": [{**columns[key], "header": header}
                            for key, header in zip(grid.keys, grid.header, strict=True)],
                "rows": grid.rows, "before": grid.before, "after": grid.after}


class TableParseHandler(TableHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: self.grid_json(
            actions.text_of(body, "source", required=False), actions.text_of(body, "table"),
            lang))


class TableUpdateHandler(TableHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(self.update)

    def update(self, body: dict[str, Any], lang: str) -> dict[str, object]:
        from ringkas.authoring.table_edit import grid_problems, write_grid

        rows = body.get("rows")
        if not isinstance(rows, list) or not all(
                isinstance(r, list) and all(isinstance(c, str) for c in r) for r in rows):
            raise actions.FieldError("lab.bad_rows", "rows")
        table = actions.text_of(body, "table")
        cell = body.get("cell")
        changed = write_grid(actions.text_of(body, "source", required=False), table, rows)
        number = cell + 1 if isinstance(cell, int) and not isinstance(cell, bool) else None
        return {"source": changed,
                "problems": ctx.problems_json(grid_problems(changed, table, number), lang)}


class CheckHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(self.check, slow=True)

    def check(self, body: dict[str, Any], lang: str) -> dict[str, object]:
        place = self.place(body)
        return {"problems": ctx.problems_json(actions.visit_problems(place.path, place.project),
                                              lang)}


class ApprovalHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: actions.approve(self.place(body), body, lang),
                          slow=True)


class VisitsHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: actions.new_visit(self.root, body), slow=True)


class ImportHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: actions.import_upload(self.root, body, lang),
                          slow=True)


class RenderHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: actions.render_visit(
            self.root, self.base_url, self.place(body), lang), slow=True)


class CatalogueHandler(LabHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.answer(lambda body, lang: actions.catalogue(
            self.root, self.base_url, ctx.resolve(self.root, body.get("path") or ".",
                                                  must_exist=False)), slow=True)


HANDLERS: dict[str, type[LabHandler]] = {
    "context": ContextHandler,
    "front-matter/parse": FrontMatterParseHandler,
    "front-matter/update": FrontMatterUpdateHandler,
    "field/check": FieldCheckHandler,
    "table/parse": TableParseHandler,
    "table/update": TableUpdateHandler,
    "check": CheckHandler,
    "approval": ApprovalHandler,
    "visits": VisitsHandler,
    "import": ImportHandler,
    "render": RenderHandler,
    "catalogue": CatalogueHandler,
}


def routes(base_url: str, root: Path, preview_url: Callable[[Project], str] | None = None
           ) -> list[tuple[str, type[LabHandler], dict[str, object]]]:
    """The panel's routes for a server at `base_url` whose files are under `root`;
    `preview_url(project)`: where that project's previews are served."""
    prefix = url_path_join(base_url, ROOT)
    settings: dict[str, object] = {"root": root, "preview_url": preview_url}
    return [(url_path_join(prefix, name) + "/?", handler, settings)
            for name, handler in HANDLERS.items()]

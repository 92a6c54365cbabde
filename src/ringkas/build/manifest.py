"""What was rendered from what: the content keys that let ringkas skip unchanged work.

A brief depends on the notebook's bytes, its language, the template files, the ringkas code and,
when the notebook has code to run, every file under `data/`. `Fingerprints` hashes the shared
parts once per run; `Manifest` remembers, per visit, the key each output was made from and the
SHA-256 of the bytes written, so an output changed or removed by anyone else (a cell of another
notebook, a person) is noticed and rendered again. The manifest is written atomically, only when
it changed, and merged into the one on disk (the render holds the output folder's lock,
`ringkas.build.lock`), so a killed run leaves the old or the new one, never a torn file.
The catalogue page has a key of its own (`catalogue_key`), kept in `CATALOGUE_STAMP`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ringkas import __version__
from ringkas.contract.links import outside, read_inside
from ringkas.contract.spec import VISIT_ID_PATTERN
from ringkas.project.files import write_atomic
from ringkas.project.paths import PACKAGE_DIR, templates_dir

MANIFEST_NAME = ".ringkas-manifest.json"
FORMAT = 2  # 2: each output is {"key": ..., "sha256": ...}
CATALOGUE_PAGE = "index.html"
CATALOGUE_STAMP = ".ringkas-catalogue.sha256"  # the key the catalogue page was made from
NOT_CATALOGUE_INPUTS = {CATALOGUE_PAGE, "kb.sqlite"}  # besides dot files (the manifest is read)
CATALOGUE_PAGES = re.compile(r"^index-[0-9]+\.html$")  # its pages after the first: outputs too


def digest_files(files: list[Path], root: Path) -> str:
    """One hash over the names (relative to `root`) and bytes of `files`."""
    sha = hashlib.sha256()
    for path in sorted(files):
        sha.update(str(path.relative_to(root)).encode() + b"\0")
        sha.update(path.read_bytes() + b"\0")
    return sha.hexdigest()


def data_digest(data_dir: Path) -> str:
    """`digest_files` of the files under `data_dir`, but a link out of the project (the folder
    holding `data_dir`) is hashed by where it leads, never read: the unit that would carry it
    fails (`jobs.read_data_files`), and a link changed or removed makes its briefs stale."""
    sha = hashlib.sha256()
    root = data_dir.parent
    for path in sorted(files_under(data_dir)):
        sha.update(str(path.relative_to(data_dir)).encode() + b"\0")
        target = outside(path, root)
        content = read_inside(path, root) if target is None else \
            b"\0link outside\0" + str(target).encode()
        sha.update(content + b"\0")
    return sha.hexdigest()


def files_under(folder: Path, pattern: str = "*") -> list[Path]:
    """The files under `folder` matching `pattern`, caches left out (a linked folder is not
    entered: `Path.rglob`)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]


def code_digest(template: str) -> str:
    """A hash of ringkas's version, its code and the template folder `template` (read afresh
    each time: a few milliseconds, and a long-lived process sees a template being edited)."""
    folder = templates_dir() / template
    code = hashlib.sha256()
    code.update(__version__.encode())
    code.update(digest_files(files_under(PACKAGE_DIR, "*.py"), PACKAGE_DIR).encode())
    code.update(digest_files(files_under(folder), folder).encode())
    return code.hexdigest()


def catalogue_key(out: Path, lang: str, today: dt.date, settings_digest: str = "") -> str:
    """A hash of everything the catalogue page of `out` is made from: the manifest's bytes, the
    name, size and time of every brief under `out`, the page's language and date, and the code.
    Equal keys mean an equal page, so a run that changed nothing need not rebuild it."""
    sha = hashlib.sha256(f"{lang}\0{today.isoformat()}\0{code_digest('catalogue')}\0"
                         f"{settings_digest}\0".encode())
    try:
        sha.update((out / MANIFEST_NAME).read_bytes())
    except OSError:
        sha.update(b"\0no manifest")
    for folder, subfolders, files in os.walk(out):
        subfolders.sort()
        for name in sorted(files):
            if name.startswith(".") or name in NOT_CATALOGUE_INPUTS or (
                    folder == str(out) and CATALOGUE_PAGES.match(name)):
                continue
            stat = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), out)
            sha.update(f"\0{relative}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return sha.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """Hashes of what every brief shares: code and template, the data files, and the project's
    settings a brief shows (`settings`: ringkas.toml's branding, "" when there is none, so a
    project without it keeps the keys it had)."""

    code: str
    data: str
    settings: str = ""

    @classmethod
    def of(cls, data_dir: Path, settings: str = "") -> Fingerprints:
        return cls(code_digest("brief"), data_digest(data_dir), settings)

    def key(self, notebook: bytes, lang: str, has_code: bool, execute: bool,
            base_url: str = "", photos: tuple[tuple[str, bytes], ...] = ()) -> str:
        """The content key of one (visit, lang) unit of work; `base_url` is in the PDFs' QR;
        `photos` are the visit's photo files (name, bytes): a photo changed, added or removed
        makes its briefs out of date."""
        sha = hashlib.sha256(notebook)
        sha.update(f"\0{lang}\0{self.code}\0{execute}".encode())
        if base_url:  # absent, the key is what it was before base_url existed
            sha.update(f"\0{base_url}".encode())
        if self.settings:
            sha.update(f"\0{self.settings}".encode())
        if has_code and execute:
            sha.update(self.data.encode())
        for name, content in photos:
            sha.update(b"\0photo\0" + name.encode() + b"\0" + hashlib.sha256(content).digest())
        return sha.hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of the file at `path`; None when it cannot be read (gone)."""
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class Manifest:
    """Per visit: its catalogue facts and, per output file name, the key it was made from and
    the hash of its bytes."""

    path: Path
    visits: dict[str, dict] = field(default_factory=dict)
    #: The visits this run recorded or forgot, merged into the file on disk by `write`; None
    #: (a manifest made, not read) writes `visits` as they are.
    changed: set[str] | None = None

    @classmethod
    def read(cls, out: Path) -> Manifest:
        return cls(out / MANIFEST_NAME, _read_visits(out / MANIFEST_NAME), set())

    def fresh(self, visit_id: str, outputs: list[str], key: str, folder: Path) -> bool:
        """Whether every output was made from `key` and is still the file ringkas wrote."""
        return not self.stale(visit_id, outputs, key, folder, first=True)

    def stale(self, visit_id: str, outputs: list[str], key: str, folder: Path, *,
              first: bool = False) -> dict[str, str]:
        """The outputs that are not fresh, each with why: "changed" or "missing" (made from
        `key`, but the file is not what ringkas wrote), "outdated" (made from another key or
        never). `first`: stop at the first one (a cheaper answer to "is it all fresh?")."""
        made = self.visits.get(visit_id, {}).get("outputs", {})
        why = {}
        for name in outputs:
            entry = made.get(name)
            if not isinstance(entry, dict) or entry.get("key") != key:
                why[name] = "outdated"
            else:
                digest = file_digest(folder / name)
                if digest != entry.get("sha256"):
                    why[name] = "missing" if digest is None else "changed"
            if why and first:
                break
        return why

    def record(self, visit_id: str, facts: dict, digests: dict[str, str | None],
               key: str) -> None:
        """Remember that `digests` (output name -> SHA-256; None: gone already, so stale) were
        made from `key`."""
        entry = self.visits.setdefault(visit_id, {"outputs": {}})
        entry.update(facts)
        entry["outputs"].update({name: {"key": key, "sha256": digest}
                                 for name, digest in digests.items()})
        if self.changed is not None:
            self.changed.add(visit_id)

    def has_code(self, visit_id: str) -> bool | None:
        return self.visits.get(visit_id, {}).get("has_code")

    def forget(self, visit_id: str) -> None:
        self.visits.pop(visit_id, None)
        if self.changed is not None:
            self.changed.add(visit_id)

    def write(self) -> bool:
        """Merge this run's changes into the manifest on disk and write it, if that changes
        it; returns whether it wrote. Re-reading first keeps what another writer recorded
        meanwhile (a render without the lock, one that ran before this one took it)."""
        if self.changed is not None:
            merged = _read_visits(self.path)
            for visit_id in self.changed:
                if visit_id in self.visits:
                    merged[visit_id] = self.visits[visit_id]
                else:
                    merged.pop(visit_id, None)
            self.visits = merged
        data = json.dumps({"format": FORMAT, "visits": self.visits}, ensure_ascii=False, indent=1,
                          sort_keys=True).encode()
        try:
            if self.path.read_bytes() == data:
                return False
        except OSError:
            pass
        write_atomic(self.path, data)
        return True


def _read_visits(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and isinstance(data.get("visits"), dict):
            # only visit ids: a key such as "../x" must never reach out / key (rmtree)
            return {k: v for k, v in data["visits"].items()
                    if VISIT_ID_PATTERN.match(k) and isinstance(v, dict)}
    except (OSError, ValueError):
        pass  # missing or unreadable: start afresh, everything renders once
    return {}

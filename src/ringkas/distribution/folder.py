"""The `dist/` folder: write a file only when its bytes differ, remember what ringkas put there.

A second `ringkas distribute` with nothing changed must leave every file as it was (same bytes,
same mtime), so that a copy to a file share or a static host moves nothing. Each file is
compared with what is on disk before it is written (atomically, `project.files.write_atomic`).
`dist/.ringkas-dist.json` lists the files ringkas wrote, with their SHA-256 and, for files made
from others (zips, cover PDFs), the key of their inputs: a file whose key and bytes are as
recorded need not even be made again. Files of the last run that this run does not make are
removed, except what `keep` keeps (the cover memos: records, not products); anything else in
the folder (a person's own file) is left alone. Nothing is read, written or removed through a
symbolic link in the folder (`distribution.nofollow`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ringkas.distribution.nofollow import check_folders, read_file, remove_file, write_file

MANIFEST_NAME = ".ringkas-dist.json"
SUMS_NAME = "SHA256SUMS"
FORMAT = 1


@dataclass
class DistFolder:
    """The files one run of `distribute` makes in `out`, and what became of each."""

    out: Path
    old_files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    old_keys: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, out: Path) -> DistFolder:
        """The folder and what its manifest says; a link in place of a folder on the way to a
        file it lists is refused now, before anything is written or removed."""
        files, keys = _read_manifest(out)
        check_folders(out, sorted({name.rpartition("/")[0] for name in files} - {""}))
        return cls(out, files, keys)

    def check(self, names: list[str]) -> None:
        """Refuse a link in place of any of `names` (folders or files this run will write)."""
        check_folders(self.out, names)

    def fresh(self, name: str, key: str) -> bool:
        """Whether `name` was made from `key` last time and is still the file written then; if
        so it is kept as it is (and counted unchanged)."""
        digest = self.old_files.get(name)
        if self.old_keys.get(name) != key or digest is None \
                or _digest(read_file(self.out, name)) != digest:
            return False
        self._record(name, digest, key, wrote=False)
        return True

    def put(self, name: str, data: bytes, key: str | None = None) -> bool:
        """Make `out/name` hold `data`; returns whether it had to be written."""
        digest = hashlib.sha256(data).hexdigest()
        wrote = read_file(self.out, name) != data
        if wrote:
            write_file(self.out, name, data)
        self._record(name, digest, key, wrote)
        return wrote

    def keep(self, prefix: str) -> None:
        """Keep the files of earlier runs under `prefix` that this run does not make: records
        (the cover memos a secretariat filed), not products to tidy away."""
        for name in sorted(set(self.old_files) - set(self.files)):
            if not name.startswith(prefix):
                continue
            digest = _digest(read_file(self.out, name))  # never through a link
            if digest is not None:  # gone (removed by hand): not made again
                self._record(name, digest, self.old_keys.get(name), wrote=False)

    def _record(self, name: str, digest: str, key: str | None, wrote: bool) -> None:
        self.files[name] = digest
        if key is not None:
            self.keys[name] = key
        (self.written if wrote else self.unchanged).append(name)

    def finish(self) -> None:
        """Remove last run's files this run did not make, write `SHA256SUMS` and the manifest."""
        for name in sorted(set(self.old_files) - set(self.files) - {SUMS_NAME}):
            remove_file(self.out, name)  # a link: the link itself, never what it points to
            self.removed.append(name)
        sums = "".join(f"{self.files[name]}  {name}\n" for name in sorted(self.files))
        self.put(SUMS_NAME, sums.encode("utf-8"))
        data = json.dumps({"format": FORMAT, "files": self.files, "keys": self.keys},
                          indent=1, sort_keys=True).encode("utf-8")
        if read_file(self.out, MANIFEST_NAME) != data:
            write_file(self.out, MANIFEST_NAME, data)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def safe_name(name: object) -> bool:
    """Whether a name read from the manifest is a plain relative path inside the folder: the
    manifest sits in a shared folder, and removal must never reach outside it."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and not name.startswith(".")


def _read_manifest(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    try:
        data = json.loads((read_file(out, MANIFEST_NAME) or b"").decode("utf-8"))
    except (OSError, ValueError):
        return {}, {}  # none yet, or unreadable: every file is compared afresh
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}, {}
    files, keys = data.get("files"), data.get("keys")
    files = {k: v for k, v in files.items() if safe_name(k) and isinstance(v, str)} \
        if isinstance(files, dict) else {}
    keys = {k: v for k, v in keys.items() if k in files and isinstance(v, str)} \
        if isinstance(keys, dict) else {}
    return files, keys

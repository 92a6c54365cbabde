"""Warnings about code cells that reach the network or touch files outside `data/`.

Rendering runs a notebook's code. `ringkas check` reads every code cell without running it and
warns (never errs: the code may be fine) where it imports a network library, calls a URL, writes,
moves or deletes files, runs a shell or other programs, names a path outside the project (an
absolute path, `..`), or runs code built from text. Cells are read with `ast`; IPython's `!shell`
lines and `%magics`, which are not Python, are found by pattern and blanked before parsing, and a
cell that still does not parse is searched by pattern for imports. Each finding names the cell,
the line in it and the offending name, once per cell.
"""

from __future__ import annotations

import ast
import posixpath
import re
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ringkas.contract.spec import INJECTED_PARAMETERS_TAG, PARAMETERS_TAG
from ringkas.notebook.cells import cell_tags

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from ringkas.contract.problems import Findings

PARAMETER_TAGS = frozenset({PARAMETERS_TAG, INJECTED_PARAMETERS_TAG})  # plain values only
NETWORK_MODULES = frozenset({
    "socket", "ssl", "urllib", "urllib2", "urllib3", "requests", "httpx", "http", "aiohttp",
    "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc", "websocket", "websockets",
    "paramiko", "pycurl",
})
FILE_MODULES = frozenset({"shutil", "subprocess", "pty", "tempfile"})
#: `os` functions that change files or start programs (reading is fine).
OS_CHANGES = frozenset({
    "remove", "unlink", "rmdir", "removedirs", "rename", "renames", "replace", "mkdir",
    "makedirs", "chmod", "chown", "link", "symlink", "truncate", "system", "popen", "startfile",
    "kill", "fork", "execv", "execve", "execl", "execle", "execlp", "execvp", "execvpe",
    "spawnl", "spawnle", "spawnlp", "spawnv", "spawnve", "spawnvp", "posix_spawn",
})
#: Methods that change files whatever object they are called on (pathlib's, mostly).
FILE_METHODS = frozenset({"write_text", "write_bytes", "unlink", "rmdir", "touch", "mkdir",
                          "symlink_to", "hardlink_to", "chmod"})
#: Methods that write a file when given a path written in the code.
SAVE_METHODS = frozenset({"to_csv", "to_excel", "to_parquet", "to_pickle", "to_json", "to_html",
                          "to_feather", "to_hdf", "to_stata", "to_xml", "savefig", "save"})
SAVE_KEYWORDS = frozenset({"path_or_buf", "excel_writer", "path", "fname", "buf", "fp"})
DYNAMIC = frozenset({"eval", "exec", "compile"})
NETWORK_COMMANDS = frozenset({"curl", "wget", "ssh", "scp", "sftp", "rsync", "ftp", "nc",
                              "netcat", "telnet", "pip", "pip3", "conda", "mamba", "git"})
SHELL_MAGICS = frozenset({"bash", "sh", "script", "system", "sx", "perl", "ruby"})
FILE_MAGICS = frozenset({"writefile", "save", "store"})
NETWORK_MAGICS = frozenset({"pip", "conda", "mamba", "load_ext"})

URL = re.compile(r"^\s*(?:https?|ftp|sftp|wss?)://", re.IGNORECASE)
ABSOLUTE_PATH = re.compile(r"^(?:/[\w.-]|~(?:[\\/]|$)|[A-Za-z]:[\\/]|\\\\\w|file:)", re.IGNORECASE)
PARENT_PATH = re.compile(r"(?:^|[\\/])\.\.(?:[\\/]|$)")
#: A path written from the project's root (`data/...`): from the notebook's folder, where code
#: runs in JupyterLab and at render time, it finds nothing.
ROOT_DATA_PATH = re.compile(r"^(?:\./)?data[\\/]")
#: Where notebooks live, and so where their code runs (ringkas.build.worker.WORK_FOLDER).
NOTEBOOK_FOLDER = "notebooks/visits"
SHELL_LINE = re.compile(r"^(?P<indent>\s*)(?:[\w.]+\s*=\s*)?!+\s*(?P<command>\S*)")
MAGIC_LINE = re.compile(r"^(?P<indent>\s*)%{1,2}(?P<magic>\w+)")
IMPORT_LINE = re.compile(r"^\s*(?:from|import)\s+(?P<module>[\w.]+)", re.MULTILINE)


class Finding(NamedTuple):
    kind: str  # a key of WARNINGS: network, files, shell, path, dynamic
    line: int  # 1-based, within the cell
    name: str  # what the cell uses: a module, a function, a command or a path


Warn = Callable[["Findings", int, Finding], None]
#: How each kind of finding is reported: a warning naming the cell, the line and the name.
WARNINGS: dict[str, Warn] = {
    "network": lambda found, cell, f: found.warn(cell, None, "risky.network", line=f.line,
                                                 name=f.name),
    "files": lambda found, cell, f: found.warn(cell, None, "risky.files", line=f.line,
                                               name=f.name),
    "shell": lambda found, cell, f: found.warn(cell, None, "risky.shell", line=f.line,
                                               name=f.name),
    "path": lambda found, cell, f: found.warn(cell, None, "risky.path", line=f.line,
                                              name=f.name),
    "dynamic": lambda found, cell, f: found.warn(cell, None, "risky.dynamic", line=f.line,
                                                 name=f.name),
}


def check_code_cells(cells: list[NotebookNode], found: Findings) -> None:
    """Warn about every risky use in the notebook's code cells. The parameters cells are left
    out: the validator allows nothing but plain `name = value` lines in them."""
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "code" or PARAMETER_TAGS & set(cell_tags(cell)):
            continue
        seen: set[tuple[str, str]] = set()
        for item in sorted(risky_uses(str(cell.get("source", ""))), key=lambda f: f.line):
            if (item.kind, item.name) not in seen:
                seen.add((item.kind, item.name))
                WARNINGS[item.kind](found, number, item)


def risky_uses(source: str) -> list[Finding]:
    """Everything risky in one cell's code."""
    return list(_risky_uses(source))


@lru_cache(maxsize=2048)
def _risky_uses(source: str) -> tuple[Finding, ...]:
    # Cached on the code alone, all it depends on: a render checks the same cells in the plan
    # and in the worker, and `ringkas check` after an edit re-reads cells that did not change.
    return tuple(_find_risky(source))


def _find_risky(source: str) -> list[Finding]:
    shell, python = _split_ipython(source)
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is the author's business
            warnings.simplefilter("ignore")
            tree = ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return shell + list(_imports_by_pattern(python))
    try:
        return shell + list(_walk(tree))
    except RecursionError:  # absurdly nested code: what was found by pattern must do
        return shell + list(_imports_by_pattern(python))


def _split_ipython(source: str) -> tuple[list[Finding], str]:
    """Findings for `!shell` lines and `%magics`, and the code with those lines blanked."""
    findings: list[Finding] = []
    lines = source.splitlines()
    for number, line in enumerate(lines, 1):
        shell, magic = SHELL_LINE.match(line), MAGIC_LINE.match(line)
        if shell:
            command = shell.group("command").rsplit("/", 1)[-1]
            kind = "network" if command in NETWORK_COMMANDS else "shell"
            findings.append(Finding(kind, number, f"!{command}".rstrip()))
        elif magic:
            spelled = line.strip().split()[0]
            cell_magic = line.startswith("%%") and not "".join(lines[:number - 1]).strip()
            findings.extend(_magic(magic.group("magic"), number, spelled))
            if cell_magic:  # the rest of the cell is the magic's, not Python
                return findings, ""
        else:
            continue
        lines[number - 1] = (shell or magic).group("indent") + "pass"  # type: ignore[union-attr]
    return findings, "\n".join(lines)


def _magic(name: str, line: int, spelled: str) -> list[Finding]:
    if name in SHELL_MAGICS:
        return [Finding("shell", line, spelled)]
    if name in FILE_MAGICS:
        return [Finding("files", line, spelled)]
    if name in NETWORK_MAGICS:
        return [Finding("network", line, spelled)]
    return []


def _imports_by_pattern(code: str) -> Iterator[Finding]:
    for match in IMPORT_LINE.finditer(code):
        line = code.count("\n", 0, match.start()) + 1
        yield from _module(match.group("module"), line)


def _module(module: str, line: int) -> Iterator[Finding]:
    top = module.split(".")[0]
    if top in NETWORK_MODULES:
        yield Finding("network", line, module)
    elif top in FILE_MODULES:
        yield Finding("files", line, module)


def _walk(tree: ast.AST) -> Iterator[Finding]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _module(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield from _module(node.module, node.lineno)
            if node.module == "os":
                yield from (Finding("files", node.lineno, f"os.{a.name}")
                            for a in node.names if a.name in OS_CHANGES)
        elif isinstance(node, ast.Call):
            yield from _call(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            yield from _paths([node.left, node.right])  # Path("data") / "../x"


def _dotted(node: ast.expr) -> str:
    """`os.path.join` for an attribute chain on a name, the attribute alone otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _call(node: ast.Call) -> Iterator[Finding]:
    name = _dotted(node.func)
    method = node.func.attr if isinstance(node.func, ast.Attribute) else None
    args = [*node.args, *(k.value for k in node.keywords)]
    texts = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if name in ("__import__", "importlib.import_module") and texts:
        yield from _module(texts[0], node.lineno)
    elif name in DYNAMIC:
        yield Finding("dynamic", node.lineno, name)
    elif name.startswith("os.") and name.split(".")[1] in OS_CHANGES:
        yield Finding("files", node.lineno, name)
    elif name == "open" and _writes(node):
        yield Finding("files", node.lineno, "open")
    elif method in FILE_METHODS or (method in SAVE_METHODS and _names_a_file(node)):
        yield Finding("files", node.lineno, f".{method}")
    for text in texts:
        if URL.match(text):
            yield Finding("network", node.lineno, name or "(...)")
    yield from _paths(args)


def _names_a_file(node: ast.Call) -> bool:
    """Whether a `.to_csv(...)`-like call is given a file name written in the code."""
    target = node.args[0] if node.args else next(
        (k.value for k in node.keywords if k.arg in SAVE_KEYWORDS), None)
    return (isinstance(target, ast.Constant) and isinstance(target.value, str)) or (
        isinstance(target, (ast.JoinedStr, ast.BinOp)))


def _writes(node: ast.Call) -> bool:
    """Whether an `open(...)` call opens for writing (a mode with w, a, x or +)."""
    mode = node.args[1] if len(node.args) > 1 else next(
        (k.value for k in node.keywords if k.arg == "mode"), None)
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return bool(set(mode.value) & set("wax+"))
    return True  # a mode computed at run time may write


def _paths(nodes: list[ast.expr]) -> Iterator[Finding]:
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and not URL.match(node.value) and len(node.value) < 500 \
                and misses_data(node.value):
            yield Finding("path", node.lineno, node.value)


def misses_data(path: str) -> bool:
    """Whether a path written in code reaches something other than the project's data/ from the
    notebook's folder: an absolute path, one that climbs anywhere but to `../../data/`, or one
    written from the project's root (`data/...`)."""
    if ABSOLUTE_PATH.match(path) or ROOT_DATA_PATH.match(path):
        return True
    if not PARENT_PATH.search(path):
        return False
    reached = posixpath.normpath(posixpath.join(NOTEBOOK_FOLDER, path.replace("\\", "/")))
    return not (reached == "data" or reached.startswith("data/"))

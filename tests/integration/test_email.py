"""`ringkas distribute --email` against a real SMTP server (aiosmtpd) that each test starts on a
free port of 127.0.0.1 and stops: the right PDFs reach the right people in their language, the
ledger keeps a second run quiet, and a refused address, a dropped connection or a server that
is down lose nothing for the others and are retried on the next run.

One module-scoped project is rendered once (two approved visits, one reviewed); each test sends
from a copy of it, so that its ledger and its edits are its own.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ringkas import api
from ringkas.cli import cli
from tests.jupyter_server import free_port
from tests.notebooks import ROOT, add_visit, project_folders

aiosmtpd_controller = pytest.importorskip(
    "aiosmtpd.controller", reason="pip install aiosmtpd (in the test extra)")

pytestmark = pytest.mark.slow

APPROVED = ("2023-03-14-contoh", "2023-05-02-lain")
REVIEWED = "2023-06-20-belum"
TOML = """[agency]
name = "Bappeda Kabupaten Asal"

[smtp]
host = "127.0.0.1"
from = "bappeda@asal.go.id"
"""
RECIPIENTS = """nama,jabatan,surel,audiens,bahasa
"Ani, S.E.",Kepala Bappeda,ani@asal.go.id,pimpinan,id
"Büdi ""B"" Santoso",Sekretaris Daerah,budi@asal.go.id,teknis,en
Citra,Bupati,citra@asal.go.id,pimpinan,en
"""
#: address -> the brief stems (audience.lang) of the approved visits that person gets
WANTS = {"ani@asal.go.id": "pimpinan.id", "budi@asal.go.id": "teknis.en",
         "citra@asal.go.id": "pimpinan.en"}


def approve(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: reviewed",
                                 "status: approved\\napproved_by: Kepala Bappeda"), "utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project_folders(tmp_path_factory.mktemp("email") / "project")
    (root / "ringkas.toml").write_text(TOML, encoding="utf-8")
    for visit_id in APPROVED:
        approve(add_visit(root, visit_id, code=None))  # no code: no kernel to start
    add_visit(root, REVIEWED, code=None)
    api.render_briefs(APPROVED, formats=("html", "pdf"), catalogue=None, jobs=2, project=root)
    (root / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    return root


@pytest.fixture
def project(rendered: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(rendered, tmp_path / "project"))


class Collector:
    """An aiosmtpd handler keeping every message; it may refuse addresses or hang up once."""

    def __init__(self, refuse: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refuse = set(refuse)
        self.drop = set(drop)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop & set(envelope.rcpt_tos):  # the whole message came, then the line goes
            self.drop -= set(envelope.rcpt_tos)
            server.transport.close()
            return "250 OK"  # never reaches the client
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def by_address(self) -> dict[str, EmailMessage]:
        found: dict[str, EmailMessage] = {}
        for rcpt, message in self.received:
            assert len(rcpt) == 1 and rcpt[0] not in found  # one message per person
            found[rcpt[0]] = message
        return found


@contextmanager
def serving(handler: Collector, **options: Any) -> Iterator[int]:
    port = free_port()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=port,
                                                **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def send(root: Path, port: int, *more: str, lang: str = "en", tls: bool = False) -> Result:
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(root), "--lang", lang, "distribute", "--email",
              str(root / "recipients.csv"), "--smtp-port", str(port),
              *([] if tls else ["--no-starttls"]), *more])


def attachments(message: EmailMessage) -> dict[str, bytes]:
    return {str(part.get_filename()): part.get_content() for part in message.iter_attachments()}


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def pdfs(root: Path, stem: str) -> dict[str, bytes]:
    """The PDFs of the approved visits for `stem` (audience.lang), as attached."""
    return {f"{v}.{stem}.pdf": (root / "briefs" / v / f"{v}.{stem}.pdf").read_bytes()
            for v in APPROVED}


def sent_rows(root: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(root / "briefs" / "distribution.sqlite") as db:
        return db.execute("SELECT email, visit, audience, lang FROM sent ORDER BY 1, 2").fetchall()


def test_each_recipient_gets_their_briefs_in_their_language_then_nothing_again(
        project: Path) -> None:
    handler = Collector()
    with serving(handler) as port:
        first = send(project, port)
        assert first.exit_code == 0, first.output
        got = handler.by_address()
        assert sorted(got) == sorted(WANTS)
        for address, stem in WANTS.items():
            assert attachments(got[address]) == pdfs(project, stem)  # the reviewed visit: never
            assert "http" not in text_of(got[address])  # no site.base_url, no links
        assert str(got["ani@asal.go.id"]["Subject"]).startswith("Ringkasan kebijakan: ")
        assert text_of(got["ani@asal.go.id"]).startswith("Yth. Ani, S.E. (Kepala Bappeda),")
        assert str(got["citra@asal.go.id"]["Subject"]).startswith("Policy briefs: ")
        [to] = got["budi@asal.go.id"]["To"].addresses
        assert (to.display_name, to.addr_spec) == ('Büdi "B" Santoso', "budi@asal.go.id")
        [ani] = got["ani@asal.go.id"]["To"].addresses
        assert ani.display_name == "Ani, S.E."  # the comma stays in the quoted name
        assert str(got["ani@asal.go.id"]["From"]) == \
            "Bappeda Kabupaten Asal <bappeda@asal.go.id>"
        assert "Sent to Citra <citra@asal.go.id>: 2 briefs." in first.output
        assert len(sent_rows(project)) == 6

        second = send(project, port)
    assert second.exit_code == 0, second.output
    assert len(handler.received) == 3  # nothing more went
    assert second.output.strip() == ("Nothing new to send: every recipient has had the current "
                                     "revision of their briefs.")


def test_dry_run_prints_the_plan_and_links_go_with_base_url(project: Path) -> None:
    toml = project / "ringkas.toml"
    toml.write_text(TOML.replace("[smtp]", '[site]\nbase_url = "https://asal.go.id/ringkas"\n\n'
                                           "[smtp]"), encoding="utf-8")
    handler = Collector()
    with serving(handler) as port:
        plan = send(project, port, "--dry-run")
        assert plan.exit_code == 0, plan.output
        assert handler.received == []
        # nothing recorded: a project that had no ledger still has none
        ledger = project / "briefs" / "distribution.sqlite"
        assert not ledger.exists() or not sent_rows(project)
        lines = plan.output.splitlines()
        assert lines[0] == (f"From bappeda@asal.go.id through 127.0.0.1:{port}, without STARTTLS "
                            "(not encrypted).")
        pdf = project / "briefs" / APPROVED[0] / f"{APPROVED[0]}.teknis.en.pdf"
        assert f"  attachment {pdf.name} ({pdf.stat().st_size} bytes)" in lines
        assert f"  link https://asal.go.id/ringkas/{APPROVED[0]}/{APPROVED[0]}.teknis.en.html" \
            in lines
        assert lines[-1] == "Dry run: 3 messages would be sent; nothing was sent or recorded."
        assert sum(line.startswith("To ") for line in lines) == 3

        assert send(project, port).exit_code == 0
    body = text_of(handler.by_address()["ani@asal.go.id"])
    for visit in APPROVED:
        assert f"Versi web: https://asal.go.id/ringkas/{visit}/{visit}.pimpinan.id.html" in body
    # each brief with its whole revision label, as its footer prints it
    assert re.search(r"\), Revisi 1 · \d{1,2} \w+ \d{4} · [0-9a-f]{7}: \S+\.pimpinan\.id\.pdf",
                     body), body


def test_a_changed_brief_alone_goes_again(project: Path) -> None:
    handler = Collector()
    with serving(handler) as port:
        assert send(project, port).exit_code == 0
        notebook = project / "notebooks" / "visits" / f"{APPROVED[1]}.ipynb"
        notebook.write_text(notebook.read_text(encoding="utf-8").replace(
            "Mulai dari yang kecil.", "Mulai dari yang kecil, lalu perluas."), encoding="utf-8")
        handler.received.clear()
        again = send(project, port)
    assert again.exit_code == 0, again.output
    got = handler.by_address()
    assert sorted(got) == sorted(WANTS)
    for address, stem in WANTS.items():
        name = f"{APPROVED[1]}.{stem}.pdf"
        assert attachments(got[address]) == {name: pdfs(project, stem)[name]}
    with sqlite3.connect(project / "briefs" / "distribution.sqlite") as db:
        [(revisions,)] = db.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT audience, lang, revision FROM sent "
            "WHERE visit = ?)", (APPROVED[1],)).fetchall()
        labels = [row[0] for row in db.execute("SELECT DISTINCT revision FROM sent WHERE visit = ?",
                                               (APPROVED[1],))]
    # the ledger keys a brief by its revision label, which the content alone changes
    assert {label.split(" · ")[0] for label in labels} <= {"Revisi 1", "Revisi 2", "Revision 1",
                                                          "Revision 2"}, labels
    assert revisions == 6  # 3 briefs, each in two revisions: the ledger keeps both
    assert len(sent_rows(project)) == 9


def test_a_refused_address_loses_nothing_and_is_retried(project: Path) -> None:
    refusing = Collector(refuse=("budi@asal.go.id",))
    with serving(refusing) as port:
        first = send(project, port)
    assert first.exit_code == 1
    assert sorted(refusing.by_address()) == ["ani@asal.go.id", "citra@asal.go.id"]
    assert first.stderr.strip() == (
        'Not sent to "Büdi \\"B\\" Santoso" <budi@asal.go.id>: the server refused the address '
        "(550 5.1.1 Mailbox unavailable). It will be retried on the next run.")
    assert {row[0] for row in sent_rows(project)} == {"ani@asal.go.id", "citra@asal.go.id"}

    handler = Collector()
    with serving(handler) as port:
        second = send(project, port)
    assert second.exit_code == 0, second.output
    got = handler.by_address()
    assert list(got) == ["budi@asal.go.id"]
    assert attachments(got["budi@asal.go.id"]) == pdfs(project, "teknis.en")


def test_a_dropped_connection_loses_nothing_and_is_retried(project: Path) -> None:
    dropping = Collector(drop=("ani@asal.go.id",))  # the first: the others need a new session
    with serving(dropping) as port:
        first = send(project, port, lang="id")
        assert first.exit_code == 1
        assert sorted(dropping.by_address()) == ["budi@asal.go.id", "citra@asal.go.id"]
        assert first.stderr.strip() == (
            f'Tidak terkirim ke "Ani, S.E." <ani@asal.go.id>: server 127.0.0.1:{port} memutus '
            "sambungan sebelum menerima pesan. Akan dicoba lagi pada run berikutnya.")
        dropping.received.clear()
        second = send(project, port)  # the same server, which hangs up only once
    assert second.exit_code == 0, second.output
    assert list(dropping.by_address()) == ["ani@asal.go.id"]
    assert attachments(dropping.by_address()["ani@asal.go.id"]) == pdfs(project, "pimpinan.id")


def test_a_server_that_is_down_records_all_as_not_sent(project: Path) -> None:
    port = free_port()  # nobody listens there
    result = send(project, port)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert all(f"cannot connect to the SMTP server 127.0.0.1:{port}" in line for line in lines)
    assert "Traceback" not in result.output
    assert sent_rows(project) == []
    with sqlite3.connect(project / "briefs" / "distribution.sqlite") as db:
        failed = db.execute("SELECT email, delivered FROM attempts").fetchall()
    assert sorted(failed) == sorted((a, 0) for a in WANTS for _ in APPROVED)


def test_starttls_is_required_unless_turned_off(project: Path) -> None:
    handler = Collector()  # aiosmtpd without a TLS context offers no STARTTLS
    with serving(handler) as port:
        result = send(project, port, tls=True)
    assert result.exit_code == 1 and handler.received == []
    assert result.stderr.splitlines()[0] == (
        f"Not sent to \"Ani, S.E.\" <ani@asal.go.id>: the server 127.0.0.1:{port} does not offer "
        "STARTTLS. Use --no-starttls (or smtp.starttls = false) only for a server on a trusted "
        "network. It will be retried on the next run.")
    assert sent_rows(project) == []


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_password_outside_ascii_logs_in(project: Path, mechanism: str) -> None:
    """Issue 21, 8: smtplib encodes AUTH as ASCII, so "rahasia-ä€" was a UnicodeEncodeError
    traceback. It goes as UTF-8, and the server reads back the very password."""
    from aiosmtpd.smtp import AuthResult

    user, password = "bappedä", "rahasia-ä€"
    seen: list[tuple[str, bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      data: Any) -> AuthResult:
        seen.append((mechanism, data.login, data.password))
        return AuthResult(success=(data.login, data.password) == (user.encode(), password.encode()))

    toml = project / "ringkas.toml"
    toml.write_text(TOML + f'user = "{user}"\n', encoding="utf-8")
    handler = Collector()
    other = "LOGIN" if mechanism == "PLAIN" else "PLAIN"
    with serving(handler, authenticator=authenticator, auth_require_tls=False,
                 auth_exclude_mechanism=[other]) as port:
        result = CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None,
                                "RINGKAS_SMTP_PASSWORD": password}).invoke(
            cli, ["--project", str(project), "--lang", "en", "distribute", "--email",
                  str(project / "recipients.csv"), "--smtp-port", str(port), "--no-starttls"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert seen == [(mechanism, user.encode(), password.encode())]  # one session, one login
    assert sorted(handler.by_address()) == sorted(WANTS)


class Gate(Collector):
    """Holds the first message at DATA until `gate` opens: long enough for a second run to
    plan while the first has sent nothing yet. A second session opens the gate (two runs
    sending at once: the defect), and so does the test, when the second run says it waits."""

    def __init__(self) -> None:
        super().__init__()
        self.first_data = threading.Event()
        self.gate = threading.Event()
        self.sessions: set[int] = set()

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        self.sessions.add(id(session))
        if len(self.sessions) > 1:
            self.gate.set()
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.first_data.set()
        # waiting in a thread keeps the server's loop free to take a second session
        await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 300)
        return await super().handle_DATA(server, session, envelope)


def ringkas_process(root: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("RINGKAS_HOME", "RINGKAS_LANG")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return subprocess.Popen(
        [sys.executable, "-m", "ringkas", "--project", str(root), "--lang", "en", "distribute",
         "--email", str(root / "recipients.csv"), "--smtp-port", str(port), "--no-starttls"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_runs_at_once_send_each_message_once(project: Path) -> None:
    """Issue 21, 6: two `distribute --email` at once sent every message twice. The second run
    starts while the first holds its first message unsent; it waits for the first, then finds
    everything sent."""
    handler = Gate()
    with serving(handler) as port:
        first = ringkas_process(project, port)
        try:
            assert handler.first_data.wait(300), "the first run never sent"
            second = ringkas_process(project, port)
            said: list[str] = []

            def listen() -> None:
                assert second.stderr is not None
                for line in second.stderr:
                    said.append(line)
                    if "waiting for it to finish" in line:
                        handler.gate.set()

            listener = threading.Thread(target=listen)
            listener.start()
            out_second = second.stdout.read() if second.stdout else ""
            second.wait()
            listener.join()
            out_first, err_first = first.communicate()
        finally:
            handler.gate.set()
            for process in (first, locals().get("second")):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait()
    assert first.returncode == 0, err_first
    assert second.returncode == 0, "".join(said)
    assert sorted(handler.by_address()) == sorted(WANTS)  # by_address: one message each
    assert len(handler.received) == len(WANTS)
    lock = project / "briefs" / ".distribution.lock"
    assert said == [f"Another ringkas distribute --email is sending from this briefs folder (it "
                    f"holds {lock}): waiting for it to finish; then only what it did not send "
                    "goes.\n"]
    assert out_second.strip() == ("Nothing new to send: every recipient has had the current "
                                  "revision of their briefs.")
    assert "Sent to Citra <citra@asal.go.id>: 2 briefs." in out_first
    assert len(sent_rows(project)) == 6  # one delivery per brief and recipient
    with sqlite3.connect(project / "briefs" / "distribution.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM attempts").fetchone() == (6,)

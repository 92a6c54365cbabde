"""`ringkas distribute --email` refuses what it cannot send before anything is rendered or
sent: a bad recipients file, no From address, a login without its password; and a message's
headers hold any name safely. (Sending itself: tests/integration/test_email.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.settings import ProjectSettings, SmtpConfig
from ringkas.distribution.ledger import BriefKey, Ledger, revision_of
from ringkas.distribution.mail import OutgoingBrief, compose
from ringkas.distribution.recipients import Recipient, RecipientsError, read_recipients
from ringkas.distribution.smtp import smtp_settings
from tests.notebooks import project_folders

GOOD = "name,position,email,audience,language\nAni,Bupati,ani@asal.go.id,pimpinan,id\n"
SMTP = '[smtp]\nfrom = "bappeda@asal.go.id"\n'


def run(root: Path, csv: str, toml: str = SMTP, *more: str, env: dict | None = None) -> Result:
    (root / "ringkas.toml").write_text(toml, encoding="utf-8")
    (root / "penerima.csv").write_text(csv, encoding="utf-8")
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None, **(env or {})}).invoke(
        cli, ["--project", str(root), "--lang", "en", "distribute", "--email",
              str(root / "penerima.csv"), *more])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def test_a_bad_address_stops_the_run_before_anything(root: Path) -> None:
    result = run(root, GOOD + "Budi,Sekda,budi@asal,teknis,en\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (f'Error: {root / "penerima.csv"}, row 3: "budi@asal" is not '
                                     "a valid e-mail address (e.g. name@grobogan.go.id).")
    assert not (root / "briefs").exists()  # nothing rendered, no ledger


def test_an_address_with_a_comment_or_an_ip_stops_the_run_before_anything(root: Path) -> None:
    """Issue 21, 17: `a(x)@b` was delivered to `a@b` while the ledger keyed `a(x)@b`."""
    result = run(root, GOOD + "Budi,Sekda,budi(kantor)@asal.go.id,teknis,en\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f'Error: {root / "penerima.csv"}, row 3: "budi(kantor)@asal.go.id" holds brackets ( ), a '
        "comment that servers drop, so mail would go to another address than the one written: "
        "remove the comment (e.g. name@grobogan.go.id).")
    result = run(root, GOOD + "Budi,Sekda,budi@[127.0.0.1],teknis,en\n")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f'Error: {root / "penerima.csv"}, row 3: "budi@[127.0.0.1]" has an IP address in square '
        "brackets as its domain: write local@domain.tld with the name of the domain (e.g. "
        "name@grobogan.go.id).")
    assert not (root / "briefs").exists()  # nothing rendered, no ledger


@pytest.mark.parametrize(("sender", "why"), [
    ("bäppeda@asal.go.id", "holds letters outside ASCII"),
    ("bap(x)peda@asal.go.id", "holds brackets ( )"),
    ("bappeda\\u0000@asal.go.id", "holds a control character"),
])
def test_a_from_address_sending_cannot_use_is_refused_by_the_check(root: Path, sender: str,
                                                                   why: str) -> None:
    """Issue 21, 9: these passed the check and ended in a traceback when sending."""
    result = run(root, GOOD, f'[smtp]\nfrom = "{sender}"\n')
    assert result.exit_code == 1 and "Traceback" not in result.output
    shown = sender.replace("\\u0000", "\\x00")
    assert result.stderr.startswith(
        f'Error: {root / "ringkas.toml"}: "smtp.from" = "{shown}" {why}'), result.stderr
    assert not (root / "briefs").exists()


def test_a_missing_email_column_is_named(root: Path) -> None:
    result = run(root, "nama,jabatan,audiens\nAni,Bupati,pimpinan\n")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {root / 'penerima.csv'}: the first row lacks the columns email. Known columns: "
        "name/nama, position/jabatan, email/surel, audience/audiens, language/bahasa.")


def test_no_from_address_says_what_to_add(root: Path) -> None:
    result = run(root, GOOD, '[agency]\nname = "Bappeda"\n')
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"Error: There is no From address to send from. Add it to {root / 'ringkas.toml'}:\n"
        '[smtp]\nfrom = "bappeda@contoh.go.id"\n(see docs/email.md).')


def test_a_login_without_its_password_names_the_variable(root: Path) -> None:
    result = run(root, GOOD, SMTP + 'user = "bappeda"\npassword_env = "ASAL_SMTP"\n',
                 env={"ASAL_SMTP": None})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        'Error: smtp.user is "bappeda", but the environment variable ASAL_SMTP that holds its '
        "password is not set. Set it (export ASAL_SMTP='...') or remove smtp.user from "
        "ringkas.toml.")


def test_no_approved_visit_means_nothing_to_send(root: Path) -> None:
    result = run(root, GOOD, SMTP, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"No visit in {root / 'notebooks' / 'visits'} is approved (status: approved in its "
        "front matter), so there is nothing to send.")


def test_the_command_line_overrides_the_server_for_one_run(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    config = ProjectSettings(smtp=SmtpConfig(host="mail.asal.go.id", port=25, user="bappeda",
                                           sender="bappeda@asal.go.id"))
    monkeypatch.setenv("RINGKAS_SMTP_PASSWORD", "rahasia")
    settings = smtp_settings(config, host="127.0.0.1", port=2525, starttls=False)
    assert (settings.host, settings.port, settings.starttls, settings.password) == \
        ("127.0.0.1", 2525, False, "rahasia")
    assert "rahasia" not in repr(settings)
    kept = smtp_settings(config)
    assert (kept.host, kept.port, kept.starttls) == ("mail.asal.go.id", 25, True)


def test_a_name_with_a_line_break_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('name,position,email,audience\n"Ani\nBcc: x@evil.test",Bupati,'
                    "ani@asal.go.id,pimpinan\n", encoding="utf-8")
    with pytest.raises(RecipientsError) as caught:
        read_recipients(path, need_email=True)
    assert caught.value.text("en") == (f'{path}, row 2: the column "name" holds a line break or '
                                       "another control character. Write it on one line.")


def test_headers_hold_commas_quotes_and_accents(tmp_path: Path) -> None:
    import datetime as dt
    import email
    import email.policy

    from ringkas.contract.model import Region, Visit

    pdf = tmp_path / "v.pimpinan.id.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    visit = Visit(id="2023-03-14-contoh", path=tmp_path / "v.ipynb", title="Studi\nBanding",
                  date=dt.date(2023, 3, 14), kind="studi-banding",
                  host=Region("Kota Contoh", "3578"), status="approved")
    brief = OutgoingBrief(visit, "pimpinan", "id", pdf,
                  BriefKey(visit.id, "pimpinan", "id", revision_of(pdf)), "")
    person = Recipient('Dr. Ani "Bu Ani" Wijaya, M.Si. – Śri', "Bupati", "ani@asal.go.id",
                       "pimpinan", "id", 2)
    config = ProjectSettings(agency="Bappeda, Kab. Asal")
    settings = smtp_settings(ProjectSettings(smtp=SmtpConfig(sender="bappeda@asal.go.id")))
    raw = compose(person, [brief], settings, config).as_bytes()
    back = email.message_from_bytes(raw, policy=email.policy.default)
    [to] = back["To"].addresses  # type: ignore[attr-defined]
    assert (to.display_name, to.addr_spec) == (person.name, "ani@asal.go.id")
    [sender] = back["From"].addresses  # type: ignore[attr-defined]
    assert sender.display_name == "Bappeda, Kab. Asal"
    assert str(back["Subject"]) == "Ringkasan kebijakan: Studi Banding"
    [part] = back.iter_attachments()  # type: ignore[attr-defined]
    assert (part.get_filename(), part.get_content()) == (pdf.name, b"%PDF-1.7 test")


def test_the_ledger_keeps_revisions_apart(tmp_path: Path) -> None:
    old, new = BriefKey("v", "pimpinan", "id", "r1"), BriefKey("v", "pimpinan", "id", "r2")
    with Ledger.open(tmp_path) as ledger:
        ledger.delivered("Ani@Asal.go.id", "Ani", [(old, "v.pdf")])
        ledger.failed("ani@asal.go.id", [new], "550 no")
        assert ledger.has("ani@asal.go.id", old) and not ledger.has("ani@asal.go.id", new)
        assert [(a[1], a[2].revision, a[3], a[4]) for a in ledger.attempts()] == [
            ("ani@asal.go.id", "r1", True, ""), ("ani@asal.go.id", "r2", False, "550 no")]


def test_a_dry_run_writes_no_ledger_where_there_was_none(tmp_path: Path) -> None:
    key = BriefKey("v", "pimpinan", "id", "Revisi 1 · 2 Desember 2026 · f4ba81e")
    with Ledger.open(tmp_path / "briefs", create=False) as ledger:
        assert not ledger.has("ani@asal.go.id", key)
    assert not (tmp_path / "briefs").exists()


def test_the_ledger_keys_a_brief_by_the_label_of_its_html(tmp_path: Path) -> None:
    pdf = tmp_path / "v.pimpinan.id.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    assert len(revision_of(pdf)) == 64  # no HTML beside it: the PDF's SHA-256
    pdf.with_suffix(".html").write_text(
        '<head><meta name="revision" content="Revisi 2 · 3 Desember 2026 · 0a1b2c3"></head>',
        encoding="utf-8")
    assert revision_of(pdf) == "Revisi 2 · 3 Desember 2026 · 0a1b2c3"


def test_options_of_the_folder_do_not_go_with_email(root: Path) -> None:
    result = run(root, GOOD, SMTP, "2023-01-10-satu", "--include-drafts")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ('--email sends the briefs of every approved visit and does not use VISIT, '
            '--include-drafts. Run ringkas distribute without --email') in result.output

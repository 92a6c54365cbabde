"""Notebook code never sees ringkas's own secrets: the SMTP password's variable
(RINGKAS_SMTP_PASSWORD, and the one ringkas.toml's smtp.password_env names) is not in any
kernel's environment, sandboxed or not, in `render` as in `distribute --email` (which would
e-mail whatever a cell prints)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.cli import cli
from tests.integration.test_email import RECIPIENTS, TOML, Collector, approve, serving
from tests.integration.test_sandbox import printed, render
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow

A = "2023-03-14-contoh"
SECRETS = {"RINGKAS_SMTP_PASSWORD": "rahasia-bawaan", "BAPPEDA_SANDI": "rahasia-proyek"}
PROBE = ("import os\n"
         "print('SANDI', os.environ.get('RINGKAS_SMTP_PASSWORD'), "
         "os.environ.get('BAPPEDA_SANDI'), os.environ.get('RINGKAS_TEST_VISIBLE'))")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = project_folders(tmp_path / "project")
    toml = TOML.replace("[smtp]\n", '[smtp]\npassword_env = "BAPPEDA_SANDI"\n')
    (root / "ringkas.toml").write_text(toml, encoding="utf-8")
    approve(add_visit(root, A, PROBE))
    (root / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    return root


def test_a_rendering_kernel_does_not_get_the_smtp_password(project: Path) -> None:
    done = render(project, extra_env={**SECRETS, "RINGKAS_TEST_VISIBLE": "terlihat"})
    assert done.returncode == 0, done.stderr
    # the environment is otherwise the caller's: the test can fail
    assert printed(project, A, "teknis.id") == "SANDI None None terlihat\n"
    html = (project / "briefs" / A / f"{A}.teknis.id.html").read_text(encoding="utf-8")
    assert "rahasia" not in html


def test_briefs_rendered_for_email_do_not_carry_the_smtp_password(project: Path) -> None:
    handler = Collector()
    with serving(handler) as port:
        sent = CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None, **SECRETS}).invoke(
            cli, ["--project", str(project), "--lang", "en", "distribute", "--email",
                  str(project / "recipients.csv"), "--smtp-port", str(port), "--no-starttls"])
    assert sent.exit_code == 0, sent.output
    assert len(handler.received) == 3
    for stem in ("pimpinan.id", "teknis.en", "pimpinan.en"):  # what the PDFs sent carry
        assert printed(project, A, stem) == "SANDI None None None\n"

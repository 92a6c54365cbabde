"""ringkas.toml: found by walking up, checked key by key, and used by new, render, check and
followup; a bad file is an exact message naming it, the key and the choices, never a traceback."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ringkas import api
from ringkas.cli import cli
from ringkas.contract.config import KEYS, ConfigError, SmtpConfig, load_settings
from ringkas.project.paths import Project
from tests.notebooks import ROOT, visit_notebook, write

OPDS = """
[[opd]]
name = "Dinas Sosial, Pemberdayaan Perempuan dan Keluarga Berencana"
short = "Dinsos PPKB"

[[opd]]
name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
short = "BKPSDM"
"""


def project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "ringkas.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> Result:
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(root), *args])


def test_the_project_is_the_nearest_folder_with_ringkas_toml(tmp_path: Path) -> None:
    project(tmp_path, "")
    deep = tmp_path / "notes" / "2024"
    deep.mkdir(parents=True)
    assert Project.find(deep).root == tmp_path.resolve()
    assert Project.find(ROOT / "docs").root == ROOT  # this repository has its own
    assert load_settings(Project(ROOT)).agency == "Bappeda Kabupaten Grobogan"


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    config = load_settings(Project(tmp_path))
    assert (config.path, config.agency, config.languages, config.opds) == (None, "", ("id", "en"),
                                                                           ())


@pytest.mark.parametrize(("toml", "lang", "message"), [
    ("[agency]\nnmae = 'x'\n", "en",
     '{path}: unknown key "agency.nmae". Valid keys: agency.name, agency.unit.'),
    ("[brand]\nlogo = 'x.png'\n", "en",
     '{path}: unknown key "brand". Valid keys: agency, branding, briefs, home, opd, site, '
     'smtp, theme. '
     'Did you mean "branding"?'),
    ("[site]\nbase_url = 'bappeda.grobogan.go.id'\n", "en",
     '{path}: "site.base_url" must be a web address starting with http:// or https://, e.g. '
     'site.base_url = "https://bappeda.grobogan.go.id/ringkas/"; it says '
     '"bappeda.grobogan.go.id".'),
    ("[briefs]\nlanguages = ['id', 'fr']\n", "en",
     '{path}: "briefs.languages" holds "fr", which is not valid. Choose from: id, en.'),
    ("[briefs]\nlanguages = 'id'\n", "id",
     '{path}: "briefs.languages" harus berupa daftar bahasa brief, misalnya ["id", "en"]. '
     'Pilihan: id, en.'),
    ("[home]\nbps_code = 3315\n", "en",
     '{path}: "home.bps_code" must be text in quotes, e.g. home.bps_code = "...".'),
    ("[home]\nbps_code = '33150'\n", "en",
     '{path}: "home.bps_code" = "33150" is no BPS code: write 2 digits (a province) or 4 '
     '(a regency or city), e.g. "3510".'),
    ("agency = 'Bappeda'\n", "en",
     '{path}: "agency" must be a table ([agency] on a line of its own, its keys below it).'),
    ("[[opd]]\nshort = 'Dinsos'\n", "en",
     '{path}: "opd[1].name" is missing: every [[opd]] needs its full name, name = "...".'),
    ("[[opd]]\nname = 'Dinas Sosial'\nsingkat = 'Dinsos'\n", "en",
     '{path}: unknown key "opd[1].singkat". Valid keys: opd.name, opd.short.'),
    ("[smtp]\npassword = 'rahasia'\n", "en",
     '{path}: "smtp.password" is not allowed: a password does not belong in a file of the '
     'project. Remove it and put the password in the environment variable '
     'RINGKAS_SMTP_PASSWORD (or the one smtp.password_env names), e.g. export '
     "RINGKAS_SMTP_PASSWORD='...'."),
    ("[smtp]\nport = '587'\n", "en",
     '{path}: "smtp.port" = 587 is no port: write a whole number from 1 to 65535 without '
     'quotes, e.g. smtp.port = 587.'),
    ("[smtp]\nport = 70000\n", "id",
     '{path}: "smtp.port" = 70000 bukan port: tulis bilangan bulat 1 sampai 65535 tanpa tanda '
     'kutip, misalnya smtp.port = 587.'),
    ("[smtp]\nhost = 'smtp://mail.asal.go.id:25'\n", "en",
     '{path}: "smtp.host" = "smtp://mail.asal.go.id:25" is no host name: write the server\'s '
     'name or IP address alone, e.g. smtp.host = "smtp.grobogan.go.id" (the port goes in '
     'smtp.port).'),
    ("[smtp]\nstarttls = 'no'\n", "en",
     '{path}: "smtp.starttls" = no must be true or false, without quotes.'),
    ("[smtp]\nfrom = 'Bappeda <bappeda@asal.go.id>'\n", "en",
     '{path}: "smtp.from" = "Bappeda <bappeda@asal.go.id>" is not a valid e-mail address '
     '(e.g. smtp.from = "bappeda@grobogan.go.id").'),
    ("[smtp]\npassword_env = 'SMTP PASSWORD'\n", "en",
     '{path}: "smtp.password_env" = "SMTP PASSWORD" is not the name of an environment '
     'variable: letters, digits and _ only, e.g. smtp.password_env = "RINGKAS_SMTP_PASSWORD".'),
])
def test_a_bad_file_names_itself_the_key_and_the_choices(tmp_path: Path, toml: str, lang: str,
                                                         message: str) -> None:
    root = project(tmp_path, toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(Project(root))
    assert caught.value.text(lang) == message.format(path=root / "ringkas.toml")
    result = run(root, "--lang", lang, "check")
    prefix = "Error: " if lang == "en" else "Galat: "
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == prefix + message.format(path=root / "ringkas.toml")


def test_toml_that_does_not_parse(tmp_path: Path) -> None:
    root = project(tmp_path, "[agency\n")
    result = run(root, "--lang", "en", "check")
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: {re.escape(str(root / 'ringkas.toml'))} cannot be read as "
                        r"TOML: .+\. Fix the line named, or see docs/config\.md\.",
                        result.stderr.strip())


def test_new_takes_the_agency_from_the_file(tmp_path: Path) -> None:
    root = project(tmp_path, '[agency]\nname = "Bappeda Kota Contoh"\nunit = "Bidang Ekonomi"\n'
                             '[home]\nname = "Kota Contoh"\nbps_code = "3579"\n')
    result = run(root, "new", "--date", "2024-03-05", "--host", "Kota Surabaya",
                 "--title", "Studi tiru", "--unit", "Bidang Sosial")
    assert result.exit_code == 0, result.output
    [path] = (root / "notebooks" / "visits").glob("*.ipynb")
    visit = api.load_visit(path)
    assert (visit.agency, visit.unit) == ("Bappeda Kota Contoh", "Bidang Sosial")  # option wins
    assert (visit.home.name, visit.home.bps_code) == ("Kota Contoh", "3579")  # type: ignore


def test_render_takes_the_brief_languages_from_the_file(tmp_path: Path) -> None:
    root = project(tmp_path, '[briefs]\nlanguages = ["en"]\n')
    write(visit_notebook(), root / "notebooks" / "visits")
    calls = []

    def fake_render(paths: object, options: Any, **kwargs: object) -> None:
        calls.append(options.langs)  # the options ringkas.api made for the pipeline
        raise SystemExit(0)

    from ringkas.build import pipeline

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "render_briefs", fake_render)
        run(root, "render")
        run(root, "render", "--brief-lang", "id")
    assert calls == [("en",), ("id",)]


def test_check_suggests_the_opd_meant(tmp_path: Path) -> None:
    root = project(tmp_path, OPDS)
    nb = visit_notebook()
    nb.cells[-1].source = nb.cells[-1].source.replace("Dinas Asal", "Dinsos PPK")
    nb.cells[7].source = nb.cells[7].source.replace("Dinas Contoh", "BKPSD")
    path = write(nb, root / "notebooks" / "visits")
    result = run(root, "--lang", "en", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f'{path}, cell 8, column "actor": warning: "BKPSD" is not an OPD of ringkas.toml '
        '([[opd]]). Did you mean "BKPSDM"?',
        f'{path}, cell 11, column "lead_opd": warning: "Dinsos PPK" is not an OPD of '
        'ringkas.toml ([[opd]]). Did you mean "Dinsos PPKB"?',
    ]


def test_followup_groups_by_the_short_name(tmp_path: Path) -> None:
    root = project(tmp_path, OPDS)
    nb = visit_notebook()
    nb.cells[-1].source = nb.cells[-1].source.replace(
        "Dinas Asal", "Dinas Sosial, Pemberdayaan Perempuan dan Keluarga Berencana")
    write(nb, root / "notebooks" / "visits")
    second = visit_notebook()
    second.cells[-1].source = second.cells[-1].source.replace("Dinas Asal", "dinsos ppkb")
    write(second, root / "notebooks" / "visits", "2023-03-15-contoh")
    second_path = root / "notebooks" / "visits" / "2023-03-15-contoh.ipynb"
    second_path.write_text(second_path.read_text(encoding="utf-8").replace(
        "2023-03-14", "2023-03-15"), encoding="utf-8")
    table = api.followup(today=dt.date(2024, 1, 1), project=root)
    assert list(table["lead_opd"]) == ["Dinsos PPKB", "Dinsos PPKB"]
    assert len(api.followup(today=dt.date(2024, 1, 1), opd="Dinas Sosial", project=root)) == 2
    # the command groups as the API does: it once called the follow-up without the OPD list
    shown = run(root, "--lang", "en", "followup", "--today", "2024-01-01", "--opd", "Dinsos")
    assert shown.exit_code == 0, shown.output
    assert "Dinsos PPKB" in shown.output and "Dinas Sosial, Pemberdayaan" not in shown.output


def test_every_key_is_documented() -> None:
    doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{key}` |" in doc, f"{key} is not in docs/config.md"


def test_the_base_url_ends_in_a_slash(tmp_path: Path) -> None:
    root = project(tmp_path, "[site]\nbase_url = 'https://example.go.id/briefs'\n")
    assert load_settings(Project(root)).base_url == "https://example.go.id/briefs/"


def test_the_smtp_table_and_its_defaults(tmp_path: Path) -> None:
    assert load_settings(Project(project(tmp_path, "[smtp]\n"))).smtp == \
        SmtpConfig("localhost", 587, True, "", "", "RINGKAS_SMTP_PASSWORD")
    root = project(tmp_path, '[smtp]\nhost = "mail.asal.go.id"\nport = 25\nstarttls = false\n'
                             'user = "bappeda"\nfrom = "bappeda@asal.go.id"\n'
                             'password_env = "ASAL_SMTP"\n')
    assert load_settings(Project(root)).smtp == SmtpConfig("mail.asal.go.id", 25, False, "bappeda",
                                                         "bappeda@asal.go.id", "ASAL_SMTP")

"""`ringkas preview` as a user starts it (issue 21, point 1): the URL it prints carries a token
made for the run; without it, with a wrong one, or under a foreign Host name, every route is
refused and no kernel process starts; the token earns a cookie with which the page's brief and
event stream work; a name given with --allow-host is let through. The server binds 127.0.0.1
and is stopped by the test."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.integration.test_preview import (
    ROOT,
    VISIT,
    WAIT,
    make_project,
    start_preview,
)
from tests.processes import descendants

pytestmark = pytest.mark.slow
NAMED = "laptop-bappeda.local"
MISSING = ("403 Forbidden\nThis preview needs its token: open the full address ringkas preview "
           "printed (…/preview/?token=…).\n")
WRONG = ("403 Forbidden\nWrong preview token: open the address the running ringkas preview "
         "printed; the token is new on every run.\n")


def get(url: str, **headers: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http, the test's own)
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace"), dict(
                response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


def kernels(tmpdir: Path) -> list[str]:
    return sorted(p.name for p in tmpdir.iterdir() if p.name.startswith("ringkas-kernel-"))


def test_the_printed_url_carries_the_token_and_nothing_starts_without_it(
        tmp_path: Path) -> None:
    make_project(tmp_path / "project")  # with an evidence cell: its render needs a kernel
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    # no visit named: nothing is warmed up, so any kernel would be a request's doing
    process, url = start_preview(tmp_path / "project", tmpdir, "--allow-host", NAMED)
    try:
        found = re.fullmatch(r"(http://127\.0\.0\.1:(\d+))/preview/\?token=([\w-]{43})", url)
        assert found, url
        base, port, token = found.groups()
        page = f"{base}/preview/{VISIT}"
        routes = ["/preview/", f"/preview/{VISIT}", f"/preview/{VISIT}/panel",
                  f"/preview/{VISIT}/events", f"/preview/{VISIT}/brief.html",
                  f"/preview/{VISIT}/brief.pdf"]
        for route in routes:
            assert get(base + route)[:2] == (403, MISSING), route
            assert get(f"{base}{route}?token=not-{token}")[:2] == (403, WRONG), route
            status, body, _ = get(f"{base}{route}?token={token}", Host="evil.example")
            assert (status, body) == (403, '403 Forbidden\nHost "evil.example" is not allowed: '
                                      "the preview answers only 127.0.0.1, localhost, ::1, the "
                                      "--host address and names given with --allow-host.\n")
        assert descendants(process.pid) == set() and kernels(tmpdir) == []

        status, body, headers = get(f"{page}?audience=teknis&token={token}")
        assert status == 200 and "brief.html" in body
        cookie = headers["Set-Cookie"].split(";")[0]
        assert cookie.startswith(f"ringkas-preview-{port}=")
        # the page's own requests carry no token: the cookie lets them in
        status, brief, _ = get(f"{page}/brief.html?audience=teknis", Cookie=cookie)
        assert status == 200 and "DATA-1" in brief
        assert descendants(process.pid), "the authorised render ran in a kernel"
        request = urllib.request.Request(f"{page}/events?audience=teknis",  # noqa: S310
                                         headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=WAIT) as stream:  # noqa: S310
            assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
            first = stream.readline().decode()
        assert set(json.loads(first.removeprefix("data: "))) == {"version", "brief", "busy",
                                                                 "pdf"}
        assert get(f"{page}/brief.pdf?audience=teknis", Cookie=cookie)[0] == 200
        # --allow-host: the named host, with the cookie of this port
        status, _, _ = get(f"{page}/panel?audience=teknis", Cookie=cookie, Host=f"{NAMED}:{port}")
        assert status == 200
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=WAIT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0 and "Preview stopped." in out
    assert "Traceback" not in err and token not in err and "403 GET" in err


def test_each_run_has_its_own_token(tmp_path: Path) -> None:
    make_project(tmp_path / "project", evidence=False)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    tokens = []
    for _ in range(2):
        process, url = start_preview(tmp_path / "project", tmpdir, VISIT)
        try:
            tokens.append(url.split("token=")[1])
            assert url.startswith("http://127.0.0.1:") and "?audience=pimpinan&lang=id&token=" \
                in url
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=WAIT)
    assert tokens[0] != tokens[1]


def test_the_browser_gets_a_forwarding_page_removed_at_the_stop(tmp_path: Path) -> None:
    make_project(tmp_path / "project", evidence=False)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}.part && mv {opened}.part {opened}\n')
    browser.chmod(0o700)
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(ROOT / "src"),
           "BROWSER": str(browser)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ringkas.cli", "--lang", "en", "--project",
         str(tmp_path / "project"), "preview"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, start_new_session=True)
    try:
        url = process.stdout.readline().split(" at ")[1].split()[0]
        deadline = time.monotonic() + WAIT
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        page = Path(urllib.parse.urlparse(opened.read_text().strip()).path)
        assert page.parent.parent == tmpdir and page.parent.name.startswith("ringkas-open-")
        assert f'url={html.escape(url)}"' in page.read_text(encoding="utf-8")
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=WAIT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0 and not page.exists()
    assert [p.name for p in tmpdir.iterdir() if p.name.startswith("ringkas-")] == []

"""Work that must not grow faster than the visits (issue 14, a thousand visits): counted, not
timed. benchmarks/scale_bench.py measures the times these counts stand for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ringkas.build import catalogue, catalogue_cards
from ringkas.knowledge import index
from ringkas.notebook.read import find_notebooks


def notebooks(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"2024-01-{n:02d}-kota.ipynb" for n in range(1, count + 1)]
    for number, path in enumerate(paths):
        path.write_text("{}" + " " * number, encoding="utf-8")
    return paths


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_index_fingerprint_resolves_each_folder_once_not_each_notebook(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = notebooks(tmp_path / "a" / ".." / "visits", 40)
    target = notebooks(tmp_path / "elsewhere", 1)[0]
    link = tmp_path / "visits" / "2024-03-01-tautan.ipynb"
    link.symlink_to(target)
    expected = sorted(p.resolve().as_posix() for p in [*paths, link])
    resolved = counting(monkeypatch, os.path, "realpath")
    assert index.notebook_names([link, *paths]) == expected
    assert len(resolved) == 2  # the folder, and the one link
    assert target.resolve().as_posix() in expected


def test_named_notebooks_are_looked_up_once_each(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    paths = notebooks(tmp_path / "visits", 30)
    stats = counting(monkeypatch, os, "stat")
    assert find_notebooks(paths) == paths
    assert len(stats) == len(paths)


def test_the_index_format_reads_package_metadata_once(monkeypatch: pytest.MonkeyPatch) -> None:
    index.stemmer_version.cache_clear()
    looked_up = counting(monkeypatch, index, "version")
    assert len({index.index_format() for _ in range(5)}) == 1
    assert looked_up == ["Sastrawi"]
    index.stemmer_version.cache_clear()


def test_the_catalogue_lists_each_visit_folder_once(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.functional.test_catalogue import many_visits

    out = many_visits(tmp_path, 70)
    listed = counting(monkeypatch, catalogue_cards.os, "scandir")
    looked_up = counting(monkeypatch, Path, "is_file")
    pages = catalogue.render_pages(out)
    assert sorted(pages) == ["index-2.html", "index.html"]
    assert len(listed) == 70
    assert [p for p in looked_up if out in Path(str(p)).parents] == []  # no brief looked up

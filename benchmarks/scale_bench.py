"""Scale benchmark: a thousand varied visits, and how check, kb, search, the catalogue and render
hold up. Run by hand, never in CI:

    make scale-bench                                       # N = 1,000 visits, 1,000 rendered
    .venv/bin/python benchmarks/scale_bench.py --visits 1000 --render-visits 100 --json out.json
    .venv/bin/python benchmarks/scale_bench.py --visits 200 --cluster
    .venv/bin/python benchmarks/scale_bench.py --visits 1000 --check-only   # generator vs check

It writes N visits into a temporary project, derived from the knowledge-base fixtures
(tests/fixtures/kb, markdown only) and, one in ten, from the example visit (with its evidence
code cell): dates, host regions, themes, status, innovation names, recommendation statuses,
priorities and timelines vary, and every one passes `ringkas check`. Then it measures:
  check       `ringkas check` of all N (the CLI, from a cold process);
  kb          `ringkas.knowledge_base()` of all N;
  search      the API over the stored index: median and p95 of 50 varied queries (wall and
              CPU time: on a shared machine the wall time also measures the neighbours);
  catalogue   the catalogue page of all N (facts as a render records them): bytes, the time to
              build it, and in headless Chromium the time until the page is parsed
              (domInteractive), its script has run (interactive) and one search re-filters;
  render      cold with the process pool (`--render-visits M` of them), then a no-op render of
              the same; when M < N also a cold HTML-only `--no-execute` render of all N and its
              no-op (the no-op target is for N);
  cluster     (`--cluster`) the same M visits on a two-worker `distributed.LocalCluster`
              through `ringkas render --scheduler` (skipped if that option does not exist);
  memory      the peak summed RSS of each measured process tree (sampled).
Targets are printed beside the figures; the exit status is 0 either way.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml
from render_bench import ProcessTree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "notebooks" / "visits" / "2022-11-28-banyuwangi.ipynb"
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "kb").glob("*.ipynb"))
BIN = Path(sys.executable).parent
GIB = 2**30

HOSTS = [("Kabupaten Banyuwangi", "3510"), ("Kota Surabaya", "3578"),
         ("Kabupaten Kulon Progo", "3401"), ("Kabupaten Sragen", "3314"),
         ("Kabupaten Badung", "5103"), ("Kabupaten Sumedang", "3211"),
         ("Kota Bandung", "3273"), ("Kabupaten Gianyar", "5104"), ("Kota Semarang", "3374"),
         ("Kabupaten Sleman", "3404"), ("Kabupaten Bantul", "3402"),
         ("Kota Yogyakarta", "3471"), ("Kabupaten Boyolali", "3309"),
         ("Kabupaten Klaten", "3310"), ("Kota Surakarta", "3372"),
         ("Kabupaten Trenggalek", "3503"), ("Kabupaten Lamongan", "3524"),
         ("Kota Malang", "3573"), ("Kabupaten Bojonegoro", "3522"),
         ("Kota Makassar", "7371"), ("Kabupaten Bantaeng", "7303"),
         ("Kota Padang", "1371"), ("Kabupaten Agam", "1306"), ("Kota Pekanbaru", "1471"),
         ("Kabupaten Siak", "1405"), ("Kota Palembang", "1671"), ("Kota Balikpapan", "6471"),
         ("Kabupaten Berau", "6405"), ("Kota Denpasar", "5171"), ("Kota Mataram", "5271"),
         ("Kabupaten Lombok Timur", "5203"), ("Kota Kupang", "5371"),
         ("Kabupaten Bone", "7308"), ("Kota Manado", "7171"), ("Kabupaten Minahasa", "7102"),
         ("Kota Ambon", "8171"), ("Kota Jayapura", "9471"), ("Kabupaten Purwakarta", "3214"),
         ("Kabupaten Bekasi", "3216"), ("Kota Bogor", "3271"), ("Kabupaten Banyumas", "3302"),
         ("Kabupaten Kudus", "3319"), ("Kabupaten Pati", "3318"), ("Kota Tegal", "3376"),
         ("Kabupaten Magelang", "3308"), ("Kabupaten Wonosobo", "3307"),
         ("Kabupaten Jembrana", "5101"), ("Kabupaten Tabanan", "5102")]
THEMES = ["kemiskinan", "perlindungan-sosial", "kesehatan", "pendidikan", "ekonomi-lokal",
          "pariwisata", "pertanian", "infrastruktur", "lingkungan", "tata-kelola",
          "pelayanan-publik", "digital", "pendanaan", "sdm"]
STATUSES = ["draft", "reviewed", "approved"]
FOLLOW_UP = ["usulan", "direncanakan", "berjalan", "selesai", "ditolak"]
PRIORITIES = ["tinggi", "sedang", "rendah"]
KINDS = ["studi-referensi", "studi-banding", "studi-tiru", "studi-komparasi"]
NOUNS = ["Layanan", "Posyandu", "Pasar", "Sekolah", "Dasbor", "Klinik", "Bank Sampah",
         "Kampung", "Lumbung", "Koperasi", "Balai", "Aplikasi", "Rumah", "Gerai", "Jaringan"]
QUALITIES = ["Keliling", "Terpadu", "Digital", "Desa", "Lansia", "Sehat", "Mandiri", "Hijau",
             "Pintar", "Cepat", "Tangguh", "Sejahtera", "Ramah Anak", "Inklusif", "Daring"]
WORDS = ["irigasi", "stunting", "gizi", "beasiswa", "wisata", "sampah", "air bersih", "UMKM",
         "perizinan", "pengaduan", "jalan desa", "ternak", "nelayan", "pangan", "vaksinasi",
         "literasi", "puskesmas", "bumdes", "retribusi", "kependudukan"]

#: Targets from issue 14, with how each figure is read.
TARGETS = {"noop_render_s": ("no-op render", 2.0, "<"),
           "search_p95_ms": ("search p95", 100.0, "<"),
           "catalogue_interactive_ms": ("catalogue interactive", 1000.0, "<"),
           "peak_gib": ("peak memory", 1.5, "<"),
           "cluster_vs_pool": ("LocalCluster / pool throughput", 0.8, ">=")}


# --- the visits ---------------------------------------------------------------------------

def make_project(folder: Path, count: int, seed: int = 14) -> list[str]:
    """`count` varied visits in `folder/notebooks/visits` (and the example's data/)."""
    visits = folder / "notebooks" / "visits"
    visits.mkdir(parents=True)
    shutil.copytree(ROOT / "data", folder / "data")
    rng = random.Random(seed)  # noqa: S311 (varied test data, not secrets)
    sources = [nbformat.read(path, as_version=4) for path in FIXTURES]
    example = nbformat.read(EXAMPLE, as_version=4)
    ids: list[str] = []
    taken: set[str] = set()
    for number in range(count):
        source = example if number % 10 == 0 else sources[number % len(sources)]
        nb, visit_id = vary(copy.deepcopy(source), number, rng, taken)
        nbformat.write(nb, visits / f"{visit_id}.ipynb")
        ids.append(visit_id)
    return ids


def vary(nb: nbformat.NotebookNode, number: int, rng: random.Random,
         taken: set[str]) -> tuple[nbformat.NotebookNode, str]:
    """One visit from a template: front matter, innovations, summary and recommendations."""
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
    host, code = rng.choice(HOSTS)
    slug = re.sub(r"[^a-z0-9]+", "-", host.split(" ", 1)[1].lower()).strip("-")
    visit_id = f"{day.isoformat()}-{slug}"
    suffix = 2
    while visit_id in taken:
        visit_id, suffix = f"{day.isoformat()}-{slug}-{suffix}", suffix + 1
    taken.add(visit_id)
    front = nb.cells[0]
    fields = yaml.safe_load(front.source.strip().strip("-"))
    status = rng.choice(STATUSES)
    fields.update(title=f"{rng.choice(['Studi Referensi', 'Studi Banding', 'Studi Tiru'])} "
                        f"{rng.choice(NOUNS)} {rng.choice(QUALITIES)} ke {host}",
                  date=day, kind=rng.choice(KINDS), host={"name": host, "bps_code": code},
                  themes=rng.sample(THEMES, rng.randint(1, 4)), status=status)
    fields.pop("approved_by", None)
    record = fields.pop("approved", None)
    if status == "approved":
        fields["approved_by"] = "Kepala Bappeda"
        if record:  # the template's approver, signing on or after this visit (check insists)
            record["date"] = day + dt.timedelta(days=rng.randint(3, 60))
            fields["approved"] = record
    front.source = "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---"
    names = iter(rng.sample([f"{noun} {quality}" for noun in NOUNS for quality in QUALITIES], 8))
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "innovation" in tags:  # names differ within a visit (the check insists)
            name = f"{next(names)} {number}"
            cell.source = re.sub(r"^### .*$", f"### {name}", cell.source, count=1,
                                 flags=re.MULTILINE)
        elif "summary" in tags:
            cell.source += (f"\n\nCatatan uji skala {number}: {', '.join(rng.sample(WORDS, 3))} "
                            f"di {host}.")
        elif "recommendations" in tags:
            cell.source = _recommendations(cell.source, day, rng)
    return nb, visit_id


def _recommendations(table: str, day: dt.date, rng: random.Random) -> str:
    """The same recommendations with a new timeline, priority and follow-up status each."""
    lines = table.split("\n")
    for index, line in enumerate(lines):
        cells = line.split("|")
        if index < 2 or len(cells) != 7 or not line.startswith("|"):
            continue
        year = day.year + rng.randint(0, 2)
        cells[3] = f" {rng.choice([str(year), f'{year}-12', f'{year}-S1', ''])} "
        cells[4] = f" {rng.choice(PRIORITIES)} "
        cells[5] = f" {rng.choice(FOLLOW_UP)} "
        lines[index] = "|".join(cells)
    return "\n".join(lines)


def queries(rng: random.Random) -> list[str]:
    """50 queries a planner might type: themes, regions, words, phrases, OR, NOT, prefixes."""
    found = [*rng.sample(WORDS, 12), *(h.split(" ", 1)[1] for h, _ in rng.sample(HOSTS, 8)),
             *(t.replace("-", " ") for t in rng.sample(THEMES, 6)),
             *(f"{rng.choice(NOUNS)} {rng.choice(QUALITIES)}" for _ in range(8)),
             '"layanan terpadu"', '"produk lokal"', "pasar OR toko", "kemiskinan NOT digital",
             "digit*", "wisat*", "pelayanan publik desa", "poverty", "village", "innovation",
             "tidakadakatainisamasekali", "bumdes pangan", "air bersih desa", "lansia OR anak",
             "(gizi OR stunting) AND posyandu", "dasbor"]
    return found[:50]


# --- measuring ----------------------------------------------------------------------------

def timed(name: str, command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run `command`, its wall time and peak memory of its process tree; fails loudly."""
    print(f"-- {name}", file=sys.stderr, flush=True)
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessTree() as memory:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds too: on a shared machine the wall time says as much about the neighbours
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"{name}: {' '.join(command[:6])} ... exit {done.returncode}\n"
                         f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return {"seconds": round(seconds, 3), "cpu_s": round(cpu, 3),
            "peak_mib": round(memory.peak / 2**20, 1),
            "stdout": done.stdout}


def python_step(name: str, code: str, project: Path) -> dict:
    """Run `code` in a fresh interpreter (sources of this tree first); it prints one JSON line."""
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    row = timed(name, [sys.executable, "-c", code, str(project)], project, env)
    row.update(json.loads(row.pop("stdout").strip().splitlines()[-1]))
    return row


KB_CODE = """
import json, sys, time
started = time.perf_counter()
import ringkas
kb = ringkas.knowledge_base(project=sys.argv[1])
print(json.dumps({"load_s": round(time.perf_counter() - started, 3), "visits": len(kb.visits),
                  "innovations": len(kb.innovations), "recommendations": len(kb.recommendations),
                  "problems": len(kb.problems)}))
"""

SEARCH_CODE = """
import json, statistics, sys, time
import ringkas
queries = QUERIES
started = time.perf_counter()
ringkas.search("kemiskinan", project=sys.argv[1], update=True)
build = time.perf_counter() - started
times, cpu, hits = [], [], []
for query in queries:
    started, used = time.perf_counter(), time.process_time()
    result = ringkas.search(query, project=sys.argv[1])
    times.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - used) * 1000)
    hits.append(len(result))
times.sort()
cpu.sort()
print(json.dumps({"index_build_s": round(build, 3), "queries": len(times),
                  "median_ms": round(statistics.median(times), 2),
                  "p95_ms": round(times[int(0.95 * (len(times) - 1) + 0.5)], 2),
                  "max_ms": round(times[-1], 2), "hits": sum(hits),
                  "cpu_median_ms": round(statistics.median(cpu), 2),
                  "cpu_p95_ms": round(cpu[int(0.95 * (len(cpu) - 1) + 0.5)], 2)}))
"""

CATALOGUE_CODE = """
import json, sys, time
from pathlib import Path
from ringkas.build.jobs import RenderOptions
from ringkas.build.manifest import Manifest
from ringkas.build.pipeline import catalogue_facts
from ringkas.notebook.read import check_visits, find_notebooks
project = Path(sys.argv[1])
out = project / "catalogue"
out.mkdir(exist_ok=True)
options = RenderOptions(out=out, data_dir=project / "data")
checked = check_visits(find_notebooks([project / "notebooks" / "visits"]))
manifest = Manifest.read(out)
for visit in checked.visits:
    outputs = options.outputs(visit.id, "id") + options.outputs(visit.id, "en")
    manifest.record(visit.id, catalogue_facts(visit, options),
                    dict.fromkeys(options.outputs(visit.id, "id")), "k")
    (out / visit.id).mkdir(exist_ok=True)
    for name in outputs:
        (out / visit.id / Path(name).name).write_bytes(b"")
manifest.write()
from ringkas.build.catalogue import write_catalogue_pages
started = time.perf_counter()
page = write_catalogue_pages(out)
seconds = time.perf_counter() - started
files = sorted(p for p in out.rglob("*") if p.is_file() and p.parent == out)
print(json.dumps({"build_s": round(seconds, 3), "page": str(page),
                  "page_bytes": page.stat().st_size,
                  "all_bytes": sum(p.stat().st_size for p in files),
                  "visits": len(checked.visits)}))
"""

#: Appended to the catalogue page (its CSP removed, as tests/functional/test_catalogue.py does):
#: records when the page was parsed and when its own script had run, then times one search.
DRIVER = """<script>
(function () {
  var ready = performance.now();
  var nav = performance.getEntriesByType("navigation")[0] || {};
  var q = document.getElementById("q"), t0 = performance.now();
  if (q) { q.value = "desa"; q.dispatchEvent(new Event("input")); }
  var filtered = performance.now() - t0;
  function done() {
    var count = document.getElementById("count");
    var result = {interactive_ms: ready, dom_interactive_ms: nav.domInteractive || null,
                  dom_content_loaded_ms: nav.domContentLoadedEventEnd || null,
                  load_ms: nav.loadEventEnd || null, search_filter_ms: filtered,
                  cards: document.querySelectorAll("[data-visit]").length,
                  count: count ? count.textContent : null};
    performance.getEntriesByType("paint").forEach(function (p) {
      result[p.name + "_ms"] = p.startTime;
    });
    document.body.setAttribute("data-bench", JSON.stringify(result));
  }
  if (document.readyState === "complete") { done(); }
  else { window.addEventListener("load", function () { setTimeout(done, 0); }); }
})();
</script>"""


def chromium() -> str | None:
    return os.environ.get("RINGKAS_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


def browser_timing(page: Path, runs: int = 3) -> dict:
    """The page in headless Chromium (best of `runs`): parsed, interactive, one search."""
    binary = chromium()
    if binary is None:
        return {"skipped": "Chromium not found: run scripts/install-chromium as root"}
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    driven = page.with_name("bench-driven.html")
    driven.write_text(html.replace("</body>", DRIVER + "</body>"), encoding="utf-8")
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
            started = time.perf_counter()
            done = subprocess.run(
                [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--allow-file-access-from-files", f"--user-data-dir={profile}",
                 "--dump-dom", driven.as_uri()],
                capture_output=True, text=True, timeout=120, check=False)
            wall = time.perf_counter() - started
        found = re.search(r'data-bench="([^"]*)"', done.stdout)
        if not found:
            return {"error": done.stderr[-1000:]}
        result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        result["chromium_wall_s"] = round(wall, 2)
        results.append(result)
    best = min(results, key=lambda r: r["interactive_ms"])
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in best.items()}


def has_scheduler_option() -> bool:
    done = subprocess.run([str(BIN / "ringkas"), "render", "--help"], capture_output=True,
                          text=True, check=False)
    return "--scheduler" in done.stdout


def render(project: Path, out: str, ids: list[str], *extra: str) -> list[str]:
    return [str(BIN / "ringkas"), "--project", str(project), "render", "--out",
            str(project / out), *extra, *ids]


def cluster_render(project: Path, ids: list[str]) -> dict:
    """The same subset on a two-worker LocalCluster, through `ringkas render --scheduler`."""
    if not has_scheduler_option():
        return {"skipped": "`ringkas render --scheduler` does not exist on this branch yet "
                           "(issue 14, point 1)"}
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster:
        row = timed("cold render, LocalCluster", render(
            project, "briefs-cluster", ids, "--scheduler", cluster.scheduler_address),
            project)
    row.pop("stdout")
    return row


def run(args: argparse.Namespace) -> dict:
    result: dict = {"visits": args.visits, "cores": os.cpu_count(),
                    "python": platform.python_version(),
                    "date": dt.datetime.now().isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory(prefix="ringkas-scale-") as tmp:
        project = Path(tmp)
        started = time.perf_counter()
        ids = make_project(project, args.visits)
        result["generate_s"] = round(time.perf_counter() - started, 2)
        result["with_code"] = sum(1 for n in range(args.visits) if n % 10 == 0)
        check = timed("check", [str(BIN / "ringkas"), "--project", str(project), "check"],
                      project)
        check["summary"] = check.pop("stdout").strip().splitlines()[-1]
        result["check"] = check
        if args.check_only:
            return result
        result["kb"] = python_step("kb", KB_CODE, project)
        code = SEARCH_CODE.replace("QUERIES", json.dumps(queries(random.Random(50))))  # noqa: S311
        result["search"] = python_step("search", code, project)
        catalogue = python_step("catalogue", CATALOGUE_CODE, project)
        catalogue.update(browser_timing(Path(catalogue.pop("page"))))
        result["catalogue"] = catalogue
        if not args.no_render:
            result.update(render_steps(project, ids, args))
    return result


def render_steps(project: Path, ids: list[str], args: argparse.Namespace) -> dict:
    subset = ids[:args.render_visits] if args.render_visits < len(ids) else []
    count = len(subset) or len(ids)
    steps: dict = {"render_visits": count}
    for name, out in (("render_cold", "briefs"), ("render_noop", "briefs")):
        row = timed(name.replace("_", " "), render(project, out, subset), project)
        row.pop("stdout")
        steps[name] = row
    steps["render_cold"]["units_per_s"] = round(2 * count / steps["render_cold"]["seconds"], 3)
    if subset:  # the no-op target is for all N: a cheap cold render of all, then its no-op
        lite = ("--no-execute", "--format", "html", "--audience", "pimpinan",
                "--brief-lang", "id")
        for name in ("render_lite_cold", "render_noop_all"):
            row = timed(name.replace("_", " "), render(project, "briefs-lite", [], *lite),
                        project)
            row.pop("stdout")
            steps[name] = row
    if args.cluster:
        cluster = cluster_render(project, subset or ids)
        if "seconds" in cluster:
            cluster["units_per_s"] = round(2 * count / cluster["seconds"], 3)
            steps["cluster_vs_pool"] = round(
                cluster["units_per_s"] / steps["render_cold"]["units_per_s"], 2)
        steps["render_cluster"] = cluster
    return steps


# --- reporting ----------------------------------------------------------------------------

def figures(result: dict) -> dict[str, float]:
    """The figures that have targets."""
    found: dict[str, float] = {"search_p95_ms": result["search"]["p95_ms"]}
    if "interactive_ms" in result["catalogue"]:
        found["catalogue_interactive_ms"] = result["catalogue"]["interactive_ms"]
    noop = result.get("render_noop_all") or result.get("render_noop")
    if noop:
        found["noop_render_s"] = noop["seconds"]
    if "cluster_vs_pool" in result:
        found["cluster_vs_pool"] = result["cluster_vs_pool"]
    peaks = [row["peak_mib"] for row in result.values()
             if isinstance(row, dict) and "peak_mib" in row]
    found["peak_gib"] = round(max(peaks) / 1024, 3)
    return found


def print_report(result: dict) -> None:
    print(f"\n{result['visits']} visits ({result['with_code']} with code) on "
          f"{result['cores']} cores, Python {result['python']}")
    rows = [("generate", f"{result['generate_s']} s", ""),
            ("check (CLI)", f"{result['check']['seconds']} s",
             f"{result['check']['peak_mib']} MiB"),
            ("kb load (API)", f"{result['kb']['load_s']} s", f"{result['kb']['peak_mib']} MiB"),
            ("search index build", f"{result['search']['index_build_s']} s", ""),
            ("search median / p95", f"{result['search']['median_ms']} / "
                                    f"{result['search']['p95_ms']} ms",
             f"CPU {result['search']['cpu_median_ms']} / {result['search']['cpu_p95_ms']} ms"),
            ("catalogue page", f"{result['catalogue']['page_bytes'] / 1e6:.2f} MB page, "
                               f"{result['catalogue']['all_bytes'] / 1e6:.2f} MB with data",
             f"built in {result['catalogue']['build_s']} s")]
    browser = result["catalogue"]
    if "interactive_ms" in browser:
        rows.append(("catalogue in Chromium", f"parsed {browser['dom_interactive_ms']} ms, "
                     f"interactive {browser['interactive_ms']} ms",
                     f"search {browser['search_filter_ms']} ms"))
    else:
        rows.append(("catalogue in Chromium", str(browser.get("skipped") or browser), ""))
    for key, label in (("render_cold", "cold render, pool"), ("render_noop", "no-op render"),
                       ("render_lite_cold", "cold render all, html lite"),
                       ("render_noop_all", "no-op render, all N"),
                       ("render_cluster", "cold render, LocalCluster")):
        row = result.get(key)
        if row and "seconds" in row:
            rows.append((label, f"{row['seconds']} s (CPU {row['cpu_s']} s)",
                         f"{row['peak_mib']} MiB"))
        elif row:
            rows.append((label, row.get("skipped", ""), ""))
    if "render_visits" in result:
        rows.append(("visits rendered cold", str(result["render_visits"]), ""))
    for name, value, extra in rows:
        print(f"  {name:28} {value:44} {extra}")
    print("\ntargets:")
    for key, value in figures(result).items():
        label, target, sense = TARGETS[key]
        met = value < target if sense == "<" else value >= target
        print(f"  {label:32} {value:>10} (target {sense} {target})  "
              f"{'met' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--render-visits", type=int, default=None,
                        help="render only the first M visits for the cold-render figures")
    parser.add_argument("--no-render", action="store_true", help="skip every render")
    parser.add_argument("--check-only", action="store_true",
                        help="generate the visits and check them, nothing else (the smoke test)")
    parser.add_argument("--cluster", action="store_true",
                        help="also render on a two-worker distributed.LocalCluster")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    args.render_visits = args.render_visits or args.visits
    result = run(args)
    if args.check_only:
        print(f"{result['visits']} visits generated in {result['generate_s']} s; "
              f"check: {result['check']['summary']}")
    else:
        print_report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        found = {} if args.check_only else {"figures": figures(result)}
        args.json.write_text(json.dumps({**result, **found}, indent=2))
        print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()

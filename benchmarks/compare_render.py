"""Two versions of ringkas in one run: cold and no-op renders interleaved, one plain loop.

Run by hand, never in CI, from the checkout (the venv's `ringkas` runs each version's code
through PYTHONPATH):

    git archive main | tar -x -C /tmp/main-copy
    .venv/bin/python benchmarks/compare_render.py /tmp/main-copy/src src --visits 6

It builds the visits `render_bench.py` builds, then measures a cold `ringkas render` and a
no-op after it for each version, in the order A, B, B, A (each into its own folder, so that
load drifting during the run weighs on both), then the plain papermill + nbconvert +
WeasyPrint loop once, and prints each row and the ratios plain / cold as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render_bench as rb  # beside this file, not a package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="the first version's src/ folder")
    parser.add_argument("b", type=Path, help="the second version's src/ folder")
    parser.add_argument("--visits", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    sources = {"a": str(args.a.resolve()), "b": str(args.b.resolve())}
    rows = []
    with tempfile.TemporaryDirectory(prefix="ringkas-compare-") as tmp:
        project = Path(tmp)
        ids = rb.make_project(project, args.visits)
        for i, version in enumerate("abba"):
            os.environ["PYTHONPATH"] = sources[version]
            command = [rb.ringkas(project, "--jobs", str(args.jobs), out=f"briefs-{i}")]
            rows.append({"version": version, **rb.measure(f"cold {version}", command, project)})
            rows.append({"version": version, **rb.measure(f"no-op {version}", command, project)})
        os.environ.pop("PYTHONPATH")
        plain = rb.measure("plain", rb.plain_commands(project, ids), project)
    ratios = {f"plain / cold {row['version']} ({i // 2 + 1})": round(
        plain["seconds"] / row["seconds"], 1) for i, row in enumerate(rows)
        if row["name"].startswith("cold")}
    print(json.dumps({"sources": sources, "rows": [*rows, plain], "ratios": ratios}, indent=1))


if __name__ == "__main__":
    main()

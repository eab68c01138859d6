"""The benchmark's quick mode runs end to end: real server, workers and model, a table and a JSON file.

No timing is asserted here (the machine running tests is busy and shared); the benchmark itself prints
PASS or FAIL per target.
"""

import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT, require_tool

pytestmark = pytest.mark.slow


def test_quick_benchmark_prints_tables_and_targets_and_writes_json(tmp_path):
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    from bench.accuracy import EVAL_DIR

    if not (EVAL_DIR / "dev" / "audio.jsonl").exists():
        # Not a service but data outside the repository: the benchmark cannot run without it.
        pytest.skip(f"the evaluation data {EVAL_DIR} is not beside this checkout (set VOICECRM_EVAL_DIR)")
    output = tmp_path / "quick.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--quick", "--backends", "sqlite", "--output", str(output),
                          "--work", str(tmp_path / "work"),
                          # Two sections prove the script end to end (server, worker, model, table, JSON) in
                          # the suite's time; the other sections run the same machinery for longer.
                          "--sections", "upload,pipeline"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-4000:]
    for title in ("Uploads of a", "Pipeline (sqlite"):
        assert title in run.stdout, run.stdout
    assert any(line.startswith(("PASS ", "FAIL ")) for line in run.stdout.splitlines())

    results = json.loads(output.read_text())
    assert set(results) >= {"upload", "pipeline", "targets", "machine"}
    from bench.run import default_server_name

    uploads = results["upload"]["sqlite"]["variants"][default_server_name()]["concurrency"]
    assert {int(c) for c in uploads} == {1, 10, 50}
    assert all(run["accepted"] > 0 for c in uploads.values() for run in c["runs"])
    pipeline = results["pipeline"]["sqlite"]
    assert pipeline["pickup_s"]["n"] > 0 and pipeline["overhead"]
    assert pipeline["peak_rss_mb"]["worker"]["median"] > 0
    # Confidence columns (issue 13): precision of what was written, and what was held back as suggestions.
    assert 0 <= pipeline["written_precision"]["median"] <= 1
    assert pipeline["held_right"]["n"] == pipeline["held_wrong"]["n"] == pipeline["written_f1"]["n"] > 0

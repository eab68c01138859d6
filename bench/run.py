"""Run VoiceCRM's benchmark: real server, real workers, real model; every figure measured in this run.

    .venv/bin/python -m bench [--quick] [--repeat N] [--backends sqlite,postgres-redis] [--sections ...]

Prints a table per section and PASS/FAIL per target, and writes everything to bench/results/<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import psutil
import requests

from bench import audio as recordings
from bench import unseen
from bench.accuracy import field_f1, field_scores, held_counts, wer
from bench.loadgen import file_request, multipart_upload, status_during_slow_uploads, status_request, upload_load
from bench.server import ROOT, Server
from bench.speech import Decoding, RawWhisper, WorkerTranscription, default_layout, defaults

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench-run"
SECTIONS = ("upload", "pipeline", "speed", "decoding", "long")
# Run only when asked for (--sections unseen): accuracy, not speed, and 2 more minutes.
OPTIONAL_SECTIONS = ("unseen",)
# The upload rate limit (10/m per user by default) would turn a load test into a test of 429s.
NO_RATE_LIMIT = {"VOICECRM_UPLOAD_RATE": "0/m"}


@dataclass
class Plan:
    repeat: int
    uploads: dict[int, int]  # concurrent clients → uploads sent
    pickups: int
    overhead_items: int | None  # eval recordings sent through the system (None: all)
    speed_items: int | None
    speed_variants: list[tuple[int, int]]  # (worker processes, threads per worker)
    decoding_items: int | None
    long_seconds: float
    long_repeat: int
    upload_variants: bool = True  # False: the default server only, not the alternatives beside it
    downloads: int = 50  # GETs of the uploaded recording, one client
    upload_only: list[str] | None = None  # the default server and the alternatives whose name has one of these
    # Other versions of the code whose default server is measured beside this one's, interleaved in the same
    # run: (label, folder whose src/ the server runs from).
    baselines: list[tuple[str, str]] = field(default_factory=list)


# Sized to run in about 20 minutes on 2 idle cores: half of the eval recordings (every other one, both
# languages) for everything that transcribes.
FULL = Plan(repeat=3, uploads={1: 100, 10: 400, 50: 400}, pickups=10, overhead_items=9, speed_items=9,
            speed_variants=[(1, 2), (2, 1), (1, 1), (2, 2)], decoding_items=9, long_seconds=600, long_repeat=1)
QUICK = Plan(repeat=1, uploads={1: 10, 10: 30, 50: 50}, pickups=2, overhead_items=2, speed_items=3,
             speed_variants=[(1, 2), (2, 1)], decoding_items=2, long_seconds=70, long_repeat=1,
             upload_variants=False, downloads=10)


# --- Small helpers --------------------------------------------------------------------------------

def spread(values: list[float]) -> dict:
    """Median and range of repeated measurements."""
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt(s: dict, digits: int = 1, unit: str = "") -> str:
    if s.get("median") is None:
        return "–"
    if s["n"] == 1:
        return f"{s['median']:.{digits}f}{unit}"
    return f"{s['median']:.{digits}f}{unit} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    lines = [f"\n### {title}\n", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def stamp(value: str | None) -> float | None:
    return datetime.fromisoformat(value).timestamp() if value else None


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def upload(self, path: Path, **data: str) -> int:
        with open(path, "rb") as fh:
            answer = self.session.post(self.base + "/api/audio/upload", files={"audio": (path.name, fh)},
                                       data=data, timeout=30)
        if answer.status_code != 202:
            raise RuntimeError(f"upload answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()["audio_record_id"]

    def status(self, record_id: int) -> dict:
        answer = self.session.get(f"{self.base}/api/audio/status/{record_id}", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def wait(self, record_id: int, *, until: tuple[str, ...] = ("completed", "failed"), timeout: float = 900,
             poll: float = 0.25) -> dict:
        """Poll the status until it is one of `until`. Every time measured comes from the server's own
        timestamps, so polling more often would not make a figure more precise; it would only take CPU
        from the worker it measures (a status request costs the web process a few ms; browsers poll
        every 2 s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.status(record_id)
            if state["status"] in until:
                return state
            time.sleep(poll)
        raise RuntimeError(f"record {record_id} not {until} after {timeout}s")


# --- Backends -------------------------------------------------------------------------------------

@dataclass
class Backend:
    """Where the database and the queue live; each server gets fresh ones, removed afterwards."""

    name: str
    counter: int = 0
    template: str | None = None
    created: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        self.counter += 1
        if self.name == "sqlite":
            return {}
        database = f"voicecrm_bench_{os.getpid()}_{self.counter}"
        queue = f"voicecrm-bench-{os.getpid()}-{self.counter}"
        self._psql(f'CREATE DATABASE "{database}" TEMPLATE "{self._template()}"')
        self.created.append(database)
        return {"DATABASE_URL": f"postgresql://root@127.0.0.1:5432/{database}",
                "VOICECRM_QUEUE_URL": "redis://127.0.0.1:6379/0", "VOICECRM_QUEUE_NAME": queue}

    def _template(self) -> str:
        """A migrated database to copy: migrating PostgreSQL for every server would dominate the run."""
        if self.template is None:
            self.template = f"voicecrm_bench_{os.getpid()}_template"
            self._psql(f'CREATE DATABASE "{self.template}"')
            self.created.append(self.template)
            env = {**os.environ, "DATABASE_URL": f"postgresql://root@127.0.0.1:5432/{self.template}",
                   "VOICECRM_DATA_DIR": str(WORK / "template")}
            subprocess.run([sys.executable, "-m", "voicecrm.cli", "migrate", "--noinput"], env=env, check=True,
                           capture_output=True)
        return self.template

    @staticmethod
    def _psql(sql: str) -> None:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-q", "-c", sql], check=True,
                       capture_output=True)

    def release(self, env: dict[str, str]) -> None:
        if "VOICECRM_QUEUE_NAME" in env:
            import redis

            client = redis.Redis.from_url(env["VOICECRM_QUEUE_URL"])
            for key in client.scan_iter(match=f"*{env['VOICECRM_QUEUE_NAME']}*"):
                client.delete(key)
        if "DATABASE_URL" in env:
            database = env["DATABASE_URL"].rsplit("/", 1)[1]
            self._psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            self.created.remove(database)

    def close(self) -> None:
        for database in list(self.created):
            self._psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.created.clear()


@contextmanager
def running(backend: Backend, name: str, *, env: dict[str, str] | None = None, **options) -> Iterator[Server]:
    """A fresh server (own data dir, database and queue) for one measurement; everything removed after."""
    backend_env = backend.env()
    server = Server(WORK / f"{backend.name}-{name}", env={**backend_env, **NO_RATE_LIMIT, **(env or {})}, **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        backend.release(backend_env)
        import shutil

        shutil.rmtree(server.data_dir, ignore_errors=True)


# --- 1. Uploads -----------------------------------------------------------------------------------

def bench_upload(plan: Plan, backend: Backend, fixtures: Path) -> dict:
    audio = recordings.one_megabyte(fixtures)
    content = audio.read_bytes()
    from voicecrm.settings import WEB_PROCESSES, WEB_THREADS

    variants: list[tuple[str, dict]] = [
        (default_server_name(), {}),
        ("serve --web-processes 1", {"web_processes": 1}),
        (f"serve --web-processes {WEB_PROCESSES}, 4 threads", {"env": {"VOICECRM_WEB_THREADS": "4"}}),
        ("serve --web-processes 1, 4 threads (the default before)", {"web_processes": 1,
                                                                      "env": {"VOICECRM_WEB_THREADS": "4"}}),
        (f"serve --web-processes {WEB_PROCESSES}, unbalanced", {"env": {"VOICECRM_BALANCE_CONNECTIONS": "0"}}),
    ]
    if (WEB_PROCESSES, WEB_THREADS) == (1, 4):  # a 1-core machine: the first variants are the same
        variants = variants[:2]
    if backend.name == "sqlite":
        # Django's own ASGI handler, which asgi.py replaced: measured beside it in the same run.
        variants.append(("Django ASGI handler", {"command": ["-m", "uvicorn", "--factory",
                                                             "django.core.asgi:get_asgi_application"]}))
    if not plan.upload_variants:
        variants = variants[:1]
    if plan.upload_only is not None:
        variants = variants[:1] + [(name, o) for name, o in variants[1:] if any(w in name for w in plan.upload_only)]
    for label, tree in plan.baselines:
        variants.insert(1, (f"{default_server_name()} at {label}", {"env": {"PYTHONPATH": str(Path(tree) / "src")}}))
    runs: dict[str, dict[int, list[dict]]] = {name: {c: [] for c in plan.uploads} for name, _ in variants}
    rss: dict[str, list[float]] = {name: [] for name, _ in variants}
    slow: dict[str, list[dict]] = {name: [] for name, _ in variants}
    downloads: dict[str, list[dict]] = {name: [] for name, _ in variants}
    for rep in range(plan.repeat):
        # Every other repetition in reverse order, so that no variant always follows the same one.
        for name, options in variants if rep % 2 == 0 else variants[::-1]:
            log(f"upload {backend.name} {name} run {rep + 1}/{plan.repeat}")
            with running(backend, "upload", embedded_worker=False, **options) as server:
                token = server.token()
                request = multipart_upload(host="127.0.0.1", token=token, filename=audio.name, content=content)
                upload_load(port=server.port, request=request, concurrency=2, requests=20)  # warm up
                for concurrency, count in plan.uploads.items():
                    cpu = server.web_cpu_seconds()
                    result = upload_load(port=server.port, request=request, concurrency=concurrency,
                                         requests=count)
                    summary = result.summary()
                    summary["cpu_ms_per_upload"] = round(
                        (server.web_cpu_seconds() - cpu) * 1000 / max(result.accepted, 1), 2)
                    runs[name][concurrency].append(summary)
                # Record 1 is the first warm-up upload, by the same user.
                slow[name].append(status_during_slow_uploads(
                    port=server.port, upload=request, status=status_request(host="127.0.0.1", token=token,
                                                                            record_id=1)))
                cpu = server.web_cpu_seconds()
                result = upload_load(port=server.port, request=file_request(host="127.0.0.1", token=token,
                                                                           record_id=1),
                                     concurrency=1, requests=plan.downloads, ok=200)
                downloads[name].append({**result.summary(), "cpu_ms_per_download": round(
                    (server.web_cpu_seconds() - cpu) * 1000 / max(result.accepted, 1), 2)})
                rss[name].append(server.peak_rss()["web"])
    out: dict = {"file_bytes": len(content), "variants": {}}
    for name, by_concurrency in runs.items():
        out["variants"][name] = {"peak_web_rss_mb": spread(rss[name]), "concurrency": {}, "slow_uploads": {
            "runs": slow[name], **{key: spread([r[key] for r in slow[name]]) for key in
                                   ("status_p50_ms", "status_p99_ms", "status_max_ms")}},
            "downloads": {"runs": downloads[name], **{key: spread([r[key] for r in downloads[name]]) for key in
                                                      ("p50_ms", "p99_ms", "cpu_ms_per_download", "errors")}}}
        for concurrency, summaries in by_concurrency.items():
            out["variants"][name]["concurrency"][concurrency] = {
                "runs": summaries,
                **{key: spread([s[key] for s in summaries]) for key in
                   ("p50_ms", "p95_ms", "p99_ms", "uploads_per_s", "errors", "cpu_ms_per_upload")}}
    out["baselines"] = [f"{default_server_name()} at {label}" for label, _tree in plan.baselines]
    return out


def upload_table(backend: str, data: dict) -> str:
    rows = []
    for name, variant in data["variants"].items():
        for concurrency, m in variant["concurrency"].items():
            rows.append([name, concurrency, fmt(m["p50_ms"]), fmt(m["p95_ms"]), fmt(m["p99_ms"]),
                         fmt(m["uploads_per_s"]), fmt(m["cpu_ms_per_upload"]), fmt(m["errors"], 0)])
    text = table(f"Uploads of a {data['file_bytes'] / 1e6:.2f} MB recording ({backend}); ms, median (min–max)",
                 ["server", "clients", "p50 ms", "p95 ms", "p99 ms", "uploads/s", "web CPU ms / upload", "errors"],
                 rows)
    slow = [[name, fmt(v["slow_uploads"]["status_p50_ms"]), fmt(v["slow_uploads"]["status_p99_ms"]),
             fmt(v["slow_uploads"]["status_max_ms"])] for name, v in data["variants"].items()]
    text += "\n" + table(f"Status requests while 4 clients each send the same upload at 256 kB/s ({backend}); ms",
                         ["server", "status p50 ms", "status p99 ms", "status max ms"], slow)
    down = [[name, fmt(v["downloads"]["p50_ms"]), fmt(v["downloads"]["p99_ms"]),
             fmt(v["downloads"]["cpu_ms_per_download"]), fmt(v["downloads"]["errors"], 0)]
            for name, v in data["variants"].items()]
    text += "\n" + table(f"Downloads of the same recording, one client ({backend}); ms",
                         ["server", "p50 ms", "p99 ms", "web CPU ms / download", "errors"], down)
    for baseline in data.get("baselines", []):
        text += "\n" + comparison_table(backend, data, default_server_name(), baseline)
    return text


def comparison_table(backend: str, data: dict, name: str, baseline: str) -> str:
    """`name` beside `baseline`: medians of each, and the median (min–max) of the ratios name ÷ baseline of
    runs made one after the other (repetition i of one beside repetition i of the other), which a load that
    drifts during the run (other work on the machine) spoils less than a ratio of the medians."""
    rows = []
    for concurrency, m in data["variants"][name]["concurrency"].items():
        b = data["variants"][baseline]["concurrency"][concurrency]
        row = [concurrency]
        for key in ("p50_ms", "p99_ms", "uploads_per_s", "cpu_ms_per_upload"):
            ratios = [new[key] / old[key] for new, old in zip(m["runs"], b["runs"], strict=True) if old[key]]
            row += [f"{m[key]['median']:.1f}", f"{b[key]['median']:.1f}", fmt(spread(ratios), 2)]
        rows.append(row)
    return table(f"{name} beside {baseline} ({backend}): medians, and ratio of paired runs",
                 ["clients", "p50 ms", "before", "ratio", "p99 ms", "before", "ratio", "uploads/s", "before", "ratio",
                  "web CPU ms / upload", "before", "ratio"], rows)


# --- 2, 3, 5. Pickup, overhead against raw faster-whisper, memory -----------------------------------

def bench_pipeline(plan: Plan, backend: Backend, raw: RawWhisper, decoding: Decoding,
                   worker: WorkerTranscription) -> dict:
    """202 → completed through the system against the same recording's transcription alone, measured one after
    the other in this run: the worker's own transcription step (the target: what the pipeline adds around it)
    and raw faster-whisper without word probabilities (what the trust features cost on top)."""
    items = recordings.eval_items(plan.overhead_items)
    short = recordings.eval_items()[0].path
    pickups: list[float] = []
    per_item: dict[str, dict[str, list]] = {item.id: {"system": [], "raw": [], "worker": []} for item in items}
    cold, rss_web, rss_worker, wers, f1s = [], [], [], [], []
    precisions, written_f1s, held_right, held_wrong, flagged = [], [], [], [], []
    for rep in range(plan.repeat):
        log(f"pipeline {backend.name} run {rep + 1}/{plan.repeat}")
        with running(backend, "pipeline") as server:
            api = Api(server.url, server.token())
            cold.append(_worker_load_seconds(server, 1))
            for _ in range(plan.pickups):
                # After a pause the worker is idle, polling at its slowest: the case the target is about.
                time.sleep(1.0)
                state = api.wait(api.upload(short))
                pickups.append(stamp(state["attempts"][0]["started_at"]) - stamp(state["created_at"]))
            hypotheses, pairs, written, held = [], [], [], []
            for item in items:
                state = api.wait(api.upload(item.path))
                if state["status"] != "completed":
                    log(f"  {item.id}: {state['status']} {state['error']}")
                system = stamp(state["processed_at"]) - stamp(state["created_at"])
                baseline = raw.transcribe(item.path, decoding)
                per_item[item.id]["system"].append(system)
                per_item[item.id]["raw"].append(baseline.seconds)
                per_item[item.id]["worker"].append(worker.transcribe(item.path))
                hypotheses.append(state["transcription"] or "")
                heard = {k: v["value"] for k, v in (state["fields"] or {}).items()}
                pairs.append((item.expected, heard))
                # What reached the CRM: nothing of a recording flagged for review; otherwise what was heard but
                # the values held back below VOICECRM_MIN_CONFIDENCE (its suggestions).
                kept = {} if state.get("review") else {k: v for k, v in heard.items()
                                                       if k not in (state.get("suggestions") or {})}
                written.append((item.expected, kept))
                held.append((item.expected, {k: v for k, v in heard.items() if k not in kept}))
            wers.append(wer([i.text for i in items], hypotheses, [i.language for i in items]))
            f1s.append(field_f1(pairs))
            scores = field_scores(written)
            precisions.append(scores["precision"])
            written_f1s.append(scores["f1"])
            counts = held_counts(held)
            held_right.append(counts["right"])
            held_wrong.append(counts["wrong"])
            flagged.append(sum(1 for _expected, kept in written if not kept))
            peaks = server.peak_rss()
            rss_web.append(peaks["web"])
            rss_worker.append(peaks["worker"])
    overhead = []
    for item_id, m in per_item.items():
        system, baseline = statistics.median(m["system"]), statistics.median(m["raw"])
        alone = statistics.median(m["worker"])
        overhead.append({"id": item_id, "system_s": system, "raw_s": baseline, "ratio": system / baseline,
                         "excess_s": system - baseline, "raw_within": system <= 1.10 * baseline + 0.3,
                         "worker_s": alone, "worker_ratio": system / alone, "worker_excess_s": system - alone,
                         "within_target": system <= 1.10 * alone + 0.3,
                         "system_runs": m["system"], "raw_runs": m["raw"], "worker_runs": m["worker"]})
    return {"pickup_s": {**spread(pickups), "p50": statistics.median(pickups), "runs": pickups},
            "overhead": overhead, "ratio": spread([o["ratio"] for o in overhead]),
            "excess_s": spread([o["excess_s"] for o in overhead]),
            "worker_ratio": spread([o["worker_ratio"] for o in overhead]),
            "worker_excess_s": spread([o["worker_excess_s"] for o in overhead]),
            "all_within_target": all(o["within_target"] for o in overhead),
            "worker_cold_start_s": spread(cold), "peak_rss_mb": {"web": spread(rss_web), "worker": spread(rss_worker)},
            "wer": spread(wers), "field_f1": spread(f1s), "written_precision": spread(precisions),
            "written_f1": spread(written_f1s), "held_right": spread(held_right), "held_wrong": spread(held_wrong),
            "recordings_writing_nothing": spread(flagged), "decoding": asdict(decoding)}


def _worker_load_seconds(server: Server, count: int) -> float:
    """The model load time each worker process logs ("whisper model … loaded in X s"); the slowest."""
    server.wait_model_loaded(count)
    times = [float(t) for t in re.findall(r"whisper model \S+ loaded in ([\d.]+)s", server.output())]
    return max(times) if times else float("nan")


def pipeline_table(backend: str, data: dict) -> str:
    rows = [["pickup 202 → processing, idle worker (s)", fmt(data["pickup_s"], 3)],
            ["202 → completed ÷ the worker's transcription alone (ratio per recording)", fmt(data["worker_ratio"], 2)],
            ["202 → completed − the worker's transcription alone (s per recording)",
             fmt(data["worker_excess_s"], 2)],
            ["recordings within 1.10 × the worker's transcription + 0.3 s",
             f"{sum(o['within_target'] for o in data['overhead'])}/{len(data['overhead'])}"],
            ["202 → completed ÷ raw faster-whisper, no word probabilities (ratio)", fmt(data["ratio"], 2)],
            ["recordings within 1.10 × raw faster-whisper + 0.3 s",
             f"{sum(o['raw_within'] for o in data['overhead'])}/{len(data['overhead'])}"],
            ["worker cold start: model load (s)", fmt(data["worker_cold_start_s"], 2)],
            ["peak RSS web process (MB)", fmt(data["peak_rss_mb"]["web"], 0)],
            ["peak RSS worker process (MB)", fmt(data["peak_rss_mb"]["worker"], 0)],
            ["WER end to end", fmt(data["wer"], 3)], ["extraction field F1 end to end (all values heard)",
                                                        fmt(data["field_f1"], 3)]]
    if "written_precision" in data:  # results written before the confidence columns have none
        rows += [["field precision of the values written (confidence ≥ VOICECRM_MIN_CONFIDENCE)",
                  fmt(data["written_precision"], 3)],
                 ["field F1 of the values written", fmt(data["written_f1"], 3)],
                 ["values held as suggestions: right / wrong",
                  f"{fmt(data['held_right'], 0)} / {fmt(data['held_wrong'], 0)}"],
                 ["recordings that wrote no field (flagged, or nothing confident)",
                  f"{fmt(data['recordings_writing_nothing'], 0)}/{len(data['overhead'])}"]]
    return table(f"Pipeline ({backend}, embedded worker, default settings)", ["measure", "median (min–max)"], rows)


# --- 4. Speech speed: workers × threads -------------------------------------------------------------

def bench_speed(plan: Plan, backend: Backend) -> dict:
    items = recordings.eval_items(plan.speed_items)
    runs: dict[str, dict[str, list]] = {}
    repeat = min(plan.repeat, 2)  # each run transcribes minutes of audio; the ratios come from one run
    for rep in range(repeat):
        for index, (workers, threads) in enumerate(plan.speed_variants):
            # main() puts the default layout first
            name = f"{workers} worker(s) × {threads} thread(s)" + (" (default)" if index == 0 else "")
            log(f"speed {name} run {rep + 1}/{repeat}")
            m = runs.setdefault(name, {"speed": [], "cold": [], "wall": [], "rss": []})
            with running(backend, "speed", workers=workers, env={"VOICECRM_WHISPER_THREADS": str(threads)}) as srv:
                api = Api(srv.url, srv.token())
                m["cold"].append(_worker_load_seconds(srv, workers))
                ids = [api.upload(item.path) for item in items]
                states = [api.wait(i, poll=0.2) for i in ids]
                wall = max(stamp(s["processed_at"]) for s in states) - min(stamp(s["created_at"]) for s in states)
                audio_seconds = sum(s["duration"] or 0 for s in states)
                m["speed"].append(audio_seconds / wall)
                m["wall"].append(wall)
                m["rss"].append(srv.peak_rss()["worker"])
    return {"audio_s": None, "variants": {name: {"x_realtime": spread(m["speed"]), "cold_start_s": spread(m["cold"]),
                                                  "wall_s": spread(m["wall"]), "worker_rss_mb": spread(m["rss"]),
                                                  "runs": m} for name, m in runs.items()}}


def speed_table(data: dict) -> str:
    rows = [[name, fmt(v["x_realtime"]), fmt(v["wall_s"]), fmt(v["cold_start_s"], 2), fmt(v["worker_rss_mb"], 0)]
            for name, v in data["variants"].items()]
    return table("Speech speed through the system (a batch of eval recordings uploaded at once; sqlite)",
                 ["workers × threads", "audio s / wall s", "wall s", "cold start s", "peak RSS / worker MB"], rows)


# --- 6. Decoding settings: speed and accuracy, side by side -----------------------------------------

def decoding_variants(default: Decoding) -> list[Decoding]:
    variants = [default, replace(default, name="beam 1", beam_size=1 if default.beam_size != 1 else 5),
                replace(default, name="VAD on" if not default.vad_filter else "VAD off",
                        vad_filter=not default.vad_filter),
                replace(default, name="float32" if default.compute_type != "float32" else "int8",
                        compute_type="float32" if default.compute_type != "float32" else "int8"),
                replace(default, name="word timestamps", word_timestamps=True),
                (replace(default, name="no temperature fallback", temperatures=(0.0,)) if len(default.temperatures) > 1
                 else replace(default, name="fallback 0.5", temperatures=(0.0, 0.5), best_of=1)),
                replace(default, name="faster-whisper's fallback", temperatures=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
                        best_of=5),
                replace(default, name="batched pipeline", batched=True)]
    if default.beam_size == 1:
        variants[1] = replace(variants[1], name="beam 5")
    return variants


def bench_decoding(plan: Plan, default: Decoding, threads: int) -> dict:
    items = recordings.eval_items(plan.decoding_items)
    variants = decoding_variants(default)
    models: dict[str, RawWhisper] = {}
    rss: dict[str, float] = {}
    for compute_type in dict.fromkeys(v.compute_type for v in variants):
        before = psutil.Process().memory_info().rss
        models[compute_type] = RawWhisper(compute_type=compute_type, threads=threads)
        rss[compute_type] = (psutil.Process().memory_info().rss - before) / 1048576
    from voicecrm.extraction import get_extractor

    extractor = get_extractor("rules", default_region="FR")
    texts: dict[str, list[str]] = {v.name: [] for v in variants}
    speeds: dict[str, list[float]] = {v.name: [] for v in variants}
    walls: dict[str, float] = {v.name: 0.0 for v in variants}
    audio_total = 0.0
    log(f"decoding settings: {len(variants)} settings × {len(items)} recordings")
    for item in items:
        # Interleaved per recording, so that a burst of load on the machine hits every setting alike.
        for v in variants:
            result = models[v.compute_type].transcribe(item.path, v)
            texts[v.name].append(result.text)
            speeds[v.name].append(result.duration / result.seconds)
            walls[v.name] += result.seconds
            if v is variants[0]:
                audio_total += result.duration
    out = {"audio_s": audio_total, "items": len(items), "threads": threads, "variants": {}}
    for v in variants:
        pairs = [(item.expected, extractor.extract(text, language=item.language).values() if text else {})
                 for item, text in zip(items, texts[v.name], strict=True)]
        out["variants"][v.name] = {
            "decoding": asdict(v), "x_realtime": spread(speeds[v.name]),
            "x_realtime_total": audio_total / walls[v.name],
            "wer": wer([i.text for i in items], texts[v.name], [i.language for i in items]),
            "field_f1": field_f1(pairs), "model_rss_mb": rss[v.compute_type], "transcripts": texts[v.name]}
    return out


def _fallback(temperatures: list[float], best_of: int) -> str:
    if len(temperatures) == 1:
        return "none"
    return "–".join(f"{t:g}" for t in temperatures[1:]) + f", best of {best_of}"


def decoding_table(data: dict) -> str:
    rows = []
    for name, v in data["variants"].items():
        d = v["decoding"]
        rows.append([name, d["compute_type"], d["beam_size"], "on" if d["vad_filter"] or d["batched"] else "off",
                     _fallback(d["temperatures"], d["best_of"]), "on" if d.get("word_timestamps") else "off",
                     f"{v['x_realtime_total']:.1f}", fmt(v["x_realtime"]), f"{v['wer']:.3f}", f"{v['field_f1']:.3f}",
                     f"{v['model_rss_mb']:.0f}"])
    return table(f"Decoding settings, raw faster-whisper, {data['items']} eval recordings ({data['audio_s']:.0f} s "
                 f"of audio), {data['threads']} threads, settings interleaved per recording",
                 ["setting", "compute", "beam", "VAD", "fallback", "word probabilities", "audio s / wall s (all)",
                  "per recording: median (min–max)",
                  "WER", "field F1", "model RSS MB"], rows)


# --- Long recordings ---------------------------------------------------------------------------------

def bench_long(plan: Plan, backend: Backend, fixtures: Path) -> dict:
    if plan.long_seconds >= 600:
        long_audio = recordings.ten_minutes(fixtures)
    else:  # quick mode: WAV, so that a short "long" recording is still above the queue's size threshold
        long_audio = recordings.wav(fixtures / f"long-{int(plan.long_seconds)}", seconds=plan.long_seconds)
    # recordings/queue.py's LONG_AUDIO_BYTES (importing it here would need a configured Django).
    assert long_audio.stat().st_size >= 2_000_000, "the long recording must count as long for the queue"
    short = recordings.eval_items()[0].path
    # Before: one queue with priorities, long audio decoded sequentially. After: the defaults.
    variants = [("one queue, priorities, sequential decoding",
                 {"VOICECRM_LONG_AUDIO_QUEUE": "0", "VOICECRM_WHISPER_BATCHED_AFTER": "0"}),
                ("long-audio queue + batched decoding (default)", {})]
    out: dict = {"long_audio_s": plan.long_seconds, "long_bytes": long_audio.stat().st_size, "variants": {}}
    for rep in range(plan.long_repeat):
        for name, env in variants:
            log(f"long audio: {name} run {rep + 1}/{plan.long_repeat}")
            m = out["variants"].setdefault(name, {"short_s": [], "long_s": []})
            with running(backend, "long", env=env) as server:
                api = Api(server.url, server.token())
                server.wait_model_loaded(1)
                long_id = api.upload(long_audio)
                api.wait(long_id, until=("processing", "completed", "failed"))
                time.sleep(1.0)  # the long job is well under way
                short_state = api.wait(api.upload(short), timeout=1200)
                long_state = api.wait(long_id, timeout=1200)
                m["short_s"].append(stamp(short_state["processed_at"]) - stamp(short_state["created_at"]))
                m["long_s"].append(stamp(long_state["processed_at"]) - stamp(long_state["created_at"]))
                m.setdefault("long_status", []).append(long_state["status"])
                m.setdefault("long_words", []).append(len((long_state["transcription"] or "").split()))
                m.setdefault("worker_rss_mb", []).append(server.peak_rss()["worker"])
    for m in out["variants"].values():
        m["short"], m["long"] = spread(m["short_s"]), spread(m["long_s"])
    return out


def long_table(data: dict) -> str:
    rows = [[name, fmt(m["short"], 1), fmt(m["long"], 1), f"{data['long_audio_s'] / m['long']['median']:.1f}×",
             m["long_words"][0], f"{max(m['worker_rss_mb']):.0f}"] for name, m in data["variants"].items()]
    return table(f"A short recording sent 1 s after a {data['long_audio_s'] / 60:.0f}-minute one (sqlite, s from 202 "
                 "to completed)", ["setup", "short recording s", "long recording s", "long: audio s / wall s",
                                   "long: words", "peak RSS / worker MB"], rows)


def baseline_tree(rev: str) -> tuple[str, Path, bool]:
    """(label, folder, temporary) of the code to measure beside this one: a checkout folder as it is, or a
    git revision checked out into a temporary worktree (removed at the end of the run)."""
    if Path(rev).is_dir():
        return Path(rev).name, Path(rev).resolve(), False
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = WORK / f"baseline-{commit}"
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, capture_output=True,
                   check=True)
    return commit, tree, True


# --- Targets -----------------------------------------------------------------------------------------

def default_server_name() -> str:
    from voicecrm.settings import WEB_PROCESSES, WEB_THREADS

    return f"serve (default: {WEB_PROCESSES} web process(es) × {WEB_THREADS} threads)"


def targets(results: dict) -> list[tuple[str, bool | None, str]]:
    checks: list[tuple[str, bool | None, str]] = []
    upload = results.get("upload", {}).get("sqlite")
    if upload:
        default = upload["variants"][default_server_name()]["concurrency"]
        p99 = default[10]["p99_ms"]["median"]
        rate = max(default[c]["uploads_per_s"]["median"] for c in default if c >= 10)
        checks.append(("upload p99 < 100 ms at 10 clients (sqlite)", p99 < 100, f"{p99:.1f} ms"))
        checks.append(("≥ 100 accepted uploads/s (sqlite, best of 10 and 50 clients)", rate >= 100,
                       f"{rate:.1f}/s"))
    for backend, data in results.get("pipeline", {}).items():
        p50 = data["pickup_s"]["median"]
        checks.append((f"pickup p50 < 0.3 s ({backend})", p50 < 0.3, f"{p50:.3f} s"))
        inside = sum(o["within_target"] for o in data["overhead"])
        checks.append((f"202 → completed ≤ 1.10 × the worker's transcription + 0.3 s ({backend})",
                       data["all_within_target"], f"{inside}/{len(data['overhead'])} recordings; median ratio "
                       f"{data['worker_ratio']['median']:.2f} (raw faster-whisper without word probabilities: "
                       f"{data['ratio']['median']:.2f})"))
        rss = data["peak_rss_mb"]["worker"]["median"]
        checks.append((f"worker RSS < 600 MB ({backend})", rss < 600, f"{rss:.0f} MB"))
    speed = results.get("speed")
    if speed:
        default = next(iter(speed["variants"].values()))
        x = default["x_realtime"]["median"]
        checks.append(("≥ 5 × real time on 2 cores, default model and workers", x >= 5, f"{x:.1f}×"))
    long = results.get("long")
    if long:
        short = list(long["variants"].values())[-1]["short"]["median"]
        checks.append(("a short recording behind a long one completes within 30 s", short < 30, f"{short:.1f} s"))
    return checks


# --- Accuracy on recordings nobody tuned on -----------------------------------------------------------

def _process(cases: list[dict], base: Path) -> list[dict]:
    """`voicecrm process --jsonl` (the worker's transcription, extraction and confidence) over eval-format cases
    (``id``, ``file`` relative to ``base``): one ``{"id", "fields", "suggestions", "review", "seconds"}`` each."""
    lines = [json.dumps({"id": case["id"], "file": case["file"]}) for case in cases]
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "voicecrm"), "process", "--jsonl", "--base", str(base)],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
                          env={**os.environ, "VOICECRM_DATA_DIR": str(WORK / "unseen-data")})
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def bench_unseen(fixtures: Path, per_language: int) -> dict:
    """The development recordings and `bench/unseen.py`'s made-up ones through `voicecrm process`, language not
    given (as the web app uploads): per set and language, precision / recall / F1 of the values written,
    values held as suggestions (right / wrong) and recordings flagged for review."""
    sets = {"dev": recordings.AUDIO_JSONL, "unseen": unseen.make(fixtures / "unseen", per_language)}
    out: dict = {}
    for name, jsonl in sets.items():
        log(f"unseen: {name} ({jsonl})")
        cases = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
        expected = {case["id"]: case for case in cases}
        rows = _process(cases, jsonl.parent)
        for language in ("en", "fr"):
            mine = [r for r in rows if expected[r["id"]]["language"] == language]
            if not mine:
                continue
            written = [(expected[r["id"]]["expected"], r.get("fields") or {}) for r in mine]
            held = [(expected[r["id"]]["expected"], r.get("suggestions") or {}) for r in mine]
            out.setdefault(name, {})[language] = {
                "cases": len(mine), **field_scores(written), "held": held_counts(held),
                "flagged": sum(1 for r in mine if r.get("review")),
                "failed": sum(1 for r in mine if r.get("error")),
                "seconds": spread([r["seconds"] for r in mine])}
    return out


def unseen_table(data: dict) -> str:
    rows = [[name, language, str(v["cases"]), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
             f"{v['held']['right']} / {v['held']['wrong']}", str(v["flagged"]), fmt(v["seconds"])]
            for name, languages in data.items() for language, v in languages.items()]
    return table("Values written, development set beside recordings nobody tuned on (voicecrm process, "
                 "language not given)",
                 ["set", "language", "recordings", "precision", "recall", "F1", "held: right / wrong",
                  "flagged for review", "s per recording"], rows)


# --- Main --------------------------------------------------------------------------------------------

def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_start": os.getloadavg(),
            "utc_start": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                     text=True).stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    global WORK  # the scratch folder every server's data dir goes in (--work)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (1 repetition, few requests)")
    parser.add_argument("--repeat", type=int, help="repetitions of each measurement (full: 3)")
    parser.add_argument("--backends", default="sqlite,postgres-redis",
                        help="sqlite (the embedded default) and/or postgres-redis (local services)")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"any of {', '.join(SECTIONS + OPTIONAL_SECTIONS)} (default: {', '.join(SECTIONS)})")
    parser.add_argument("--unseen", type=int, default=12, metavar="N",
                        help="recordings per language made up for the unseen section (default 12)")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/<utc time>.json)")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder for data dirs and recordings")
    parser.add_argument("--speed-variants", help="workers×threads to compare, e.g. 1x2,2x1 (full: 1x2,2x1,1x1,2x2)")
    parser.add_argument("--upload-variants", metavar="WORDS",
                        help="uploads: the default server and only the alternatives whose name has one of these "
                             "comma-separated words (e.g. unbalanced,ASGI); none: the default server alone")
    parser.add_argument("--baseline", action="append", default=[], metavar="REV",
                        help="also measure the default server of this git revision (or of this checkout folder) "
                             "beside this one's, in the same run: uploads only; repeatable")
    args = parser.parse_args(argv)
    WORK = args.work.resolve()
    plan = QUICK if args.quick else FULL
    if args.repeat:
        plan = replace(plan, repeat=args.repeat)
    if args.speed_variants:
        variants = [tuple(int(n) for n in v.split("x")) for v in args.speed_variants.split(",")]
        plan = replace(plan, speed_variants=variants)
    if args.upload_variants is not None:
        plan = replace(plan, upload_only=[w for w in args.upload_variants.split(",") if w])
    trees = [baseline_tree(rev) for rev in args.baseline]
    plan = replace(plan, baselines=[(label, str(tree)) for label, tree, _temporary in trees])
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS + OPTIONAL_SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}: use {', '.join(SECTIONS + OPTIONAL_SECTIONS)}")
    backends = [Backend(name.strip()) for name in args.backends.split(",") if name.strip()]
    fixtures = WORK / "fixtures"
    fixtures.mkdir(parents=True, exist_ok=True)

    decoding = defaults()
    # The raw model gets the threads one default worker has; the default layout is measured first.
    workers, threads = default_layout()
    plan = replace(plan, speed_variants=[(workers, threads)] + [v for v in plan.speed_variants
                                                                if v != (workers, threads)])
    results: dict = {"machine": machine(), "plan": asdict(plan), "decoding_default": asdict(decoding),
                     "note": "upload rate limit off (VOICECRM_UPLOAD_RATE=0/m) so that uploads are not refused"}
    raw: RawWhisper | None = None
    worker_alone: WorkerTranscription | None = None

    def raw_model() -> RawWhisper:
        nonlocal raw
        if raw is None:
            raw = RawWhisper(compute_type=decoding.compute_type, threads=threads)
        return raw

    def worker_model() -> WorkerTranscription:
        nonlocal worker_alone
        if worker_alone is None:
            worker_alone = WorkerTranscription(threads=threads)
        return worker_alone

    report: list[str] = []
    steps: list[tuple[str, Callable[[], None]]] = []
    for backend in backends:
        if "upload" in sections:
            def step(backend=backend):
                data = results.setdefault("upload", {})[backend.name] = bench_upload(plan, backend, fixtures)
                report.append(upload_table(backend.name, data))
            steps.append(("upload", step))
        if "pipeline" in sections:
            def step(backend=backend):
                data = bench_pipeline(plan, backend, raw_model(), decoding, worker_model())
                results.setdefault("pipeline", {})[backend.name] = data
                report.append(pipeline_table(backend.name, data))
            steps.append(("pipeline", step))
    embedded = next((b for b in backends if b.name == "sqlite"), backends[0])
    if "long" in sections:
        def step():
            results["long"] = bench_long(plan, embedded, fixtures)
            report.append(long_table(results["long"]))
        steps.append(("long", step))
    if "speed" in sections:
        def step():
            results["speed"] = bench_speed(plan, embedded)
            report.append(speed_table(results["speed"]))
        steps.append(("speed", step))
    if "decoding" in sections:
        def step():
            results["decoding"] = bench_decoding(plan, decoding, threads)
            report.append(decoding_table(results["decoding"]))
        steps.append(("decoding", step))

    if "unseen" in sections:
        def step():
            results["unseen"] = bench_unseen(fixtures, args.unseen)
            report.append(unseen_table(results["unseen"]))
        steps.append(("unseen", step))

    suffix = "-quick" if args.quick else ""
    output = args.output or RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}{suffix}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    print(f"VoiceCRM benchmark — {results['machine']['cpus']} CPUs, load average {results['machine']['load_avg_start']}"
          f" at start; {plan.repeat} run(s) per figure", flush=True)
    started = time.monotonic()
    try:
        for _name, run_step in steps:
            run_step()
            # Each section's table and figures as soon as it ends: a long run stopped early keeps them.
            print(report[-1], flush=True)
            output.write_text(json.dumps(results, indent=1, default=str))
    finally:
        for backend in backends:
            backend.close()
        for _label, tree, temporary in trees:
            if temporary:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    results["machine"]["load_avg_end"] = os.getloadavg()
    results["machine"]["minutes"] = round((time.monotonic() - started) / 60, 1)
    checks = targets(results)
    results["targets"] = [{"target": t, "pass": ok, "measured": m} for t, ok, m in checks]
    output.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nload average at the end: {results['machine']['load_avg_end']}; {results['machine']['minutes']} min")
    print("\n### Targets\n")
    for target, ok, measured in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {target}: {measured}")
    print(f"\nresults: {output}")
    return 0

"""The recordings the benchmark sends: the spoken eval set, a 1 MB recording and a 10-minute one."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.accuracy import EVAL_DIR

AUDIO_JSONL = EVAL_DIR / "dev" / "audio.jsonl"


@dataclass(frozen=True)
class EvalItem:
    id: str
    path: Path
    language: str
    text: str
    expected: dict


def eval_items(limit: int | None = None) -> list[EvalItem]:
    """The spoken eval recordings; with a limit, a mix of both languages (every n-th item)."""
    items = []
    for line in AUDIO_JSONL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(EvalItem(row["id"], AUDIO_JSONL.parent / row["file"], row["language"], row["text"],
                                  row["expected"]))
    if limit is None or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise SystemExit(f"the benchmark needs {tool}: apt-get install {tool} (scripts/test installs it)")


def _speech_wav(out: Path, seconds: float) -> Path:
    """English speech (the eval sentences, spoken by espeak-ng, repeated) of exactly `seconds`."""
    _require("espeak-ng")
    _require("ffmpeg")
    text = " ".join(item.text for item in eval_items() if item.language == "en")
    once = out.with_suffix(".once.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(once), text], check=True)
    wav = out.with_suffix(".wav")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-stream_loop", "-1", "-i", str(once), "-t", str(seconds),
                    "-ar", "16000", "-ac", "1", str(wav)], check=True)
    once.unlink()
    return wav


def webm(out: Path, *, seconds: float, bitrate: str) -> Path:
    """Speech encoded as browsers' MediaRecorder uploads it (WebM/Opus)."""
    target = out.with_suffix(".webm")
    if not target.exists():
        wav = _speech_wav(out, seconds)
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "libopus", "-b:a", bitrate,
                        str(target)], check=True)
        wav.unlink()
    return target


def wav(out: Path, *, seconds: float) -> Path:
    """Speech as 16 kHz mono WAV (32 kB per second)."""
    target = out.with_suffix(".wav")
    return target if target.exists() else _speech_wav(out, seconds)


def one_megabyte(folder: Path) -> Path:
    """About 1 MB of WebM/Opus: a minute of speech at 96 kbit/s."""
    return webm(folder / "one-megabyte", seconds=60, bitrate="96k")


def ten_minutes(folder: Path) -> Path:
    """A 10-minute dictation at 32 kbit/s (about 2.4 MB, so above the queue's long-audio threshold)."""
    return webm(folder / "ten-minutes", seconds=600, bitrate="32k")

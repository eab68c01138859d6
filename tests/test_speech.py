"""speech/: recognising containers, decoding, the bundled model, and real transcription."""

import io
import json
import os
import subprocess
import sys

import pytest

from tests.helpers import make_speech
from voicecrm.speech import AudioDecodeError, ModelError, NoSpeechError, decode_audio, sniff_audio_format
from voicecrm.speech.models import BUNDLED_SHA256, bundled_model_dir, sha256_of


@pytest.mark.parametrize("fmt,name", [("wav", "wav"), ("webm", "webm"), ("ogg", "ogg"), ("m4a", "mp4"),
                                      ("mp3", "mp3"), ("flac", "flac")])
def test_every_browser_container_is_recognised_from_its_first_bytes(speech_dir, fmt, name):
    path = make_speech("Hello there", speech_dir / f"sniff-{fmt}", fmt=fmt)
    assert sniff_audio_format(path.read_bytes()[:64]) == name


@pytest.mark.parametrize("head", [b"", b"hello world", b"%PDF-1.4", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04",
                                  b"{\"audio\": 1}"])
def test_text_documents_and_images_are_not_audio(head):
    assert sniff_audio_format(head) is None


def test_a_truncated_file_cannot_be_decoded_and_says_why(speech_dir):
    content = make_speech("Hello there", speech_dir / "trunc", fmt="m4a").read_bytes()[:200]
    with pytest.raises(AudioDecodeError, match="could not be decoded"):
        decode_audio(io.BytesIO(content))


def test_silence_is_no_speech(silence_wav):
    from voicecrm.speech.audio import require_speech

    with pytest.raises(NoSpeechError, match="no speech"):
        require_speech(decode_audio(str(silence_wav)))


def test_speech_parts_cut_the_pauses_around_speech(new_client_webm):
    import numpy as np

    from voicecrm.speech.audio import SAMPLE_RATE, speech_parts

    speech = decode_audio(str(new_client_webm))
    padded = np.concatenate([np.zeros(2 * SAMPLE_RATE, np.float32), speech, np.zeros(2 * SAMPLE_RATE, np.float32)])
    parts = speech_parts(padded)
    assert parts is not None and speech.size * 0.8 < parts.size < padded.size - 3 * SAMPLE_RATE


@pytest.mark.slow
def test_one_vad_pass_transcribes_as_faster_whispers_own_vad_filter(new_client_webm):
    """The worker runs Silero VAD once (silence check + the audio to decode): same text as vad_filter=True."""
    from django.conf import settings

    from voicecrm.speech.faster_whisper_backend import FasterWhisperTranscriber

    transcriber = FasterWhisperTranscriber(cache_dir=settings.DATA_DIR / "models", beam_size=1, vad_filter=True)
    with open(new_client_webm, "rb") as audio:
        ours = transcriber.transcribe(audio, language="en")
    segments, _ = transcriber.model.transcribe(decode_audio(str(new_client_webm)), language="en", beam_size=1,
                                               vad_filter=True, temperature=transcriber.temperatures,
                                               best_of=transcriber.best_of)
    assert ours.text == " ".join(s.text.strip() for s in segments).strip()
    assert "Robert" in ours.text


# Run in a fresh process, as in a worker: the Haskell runtime of Duckling (due dates) started, then the model loaded.
_TIMER_SIGNAL_CHILD = """
import json, os, signal, sys
from datetime import datetime
import django
django.setup()
from django.conf import settings
from voicecrm.extraction.dates import find_dates
from voicecrm.speech.faster_whisper_backend import FasterWhisperTranscriber

now = datetime(2026, 12, 1, 9, 0)
find_dates("call him back on Tuesday", now=now, language="en")  # starts the runtime and its SIGVTALRM timer
before = set(os.listdir("/proc/self/task"))
transcriber = FasterWhisperTranscriber(cache_dir=settings.DATA_DIR / "models", vad_filter=True, cpu_threads=2)
for _ in range(int(sys.argv[2])):
    with open(sys.argv[1], "rb") as audio:
        transcriber.transcribe(audio)
    find_dates("see you next Friday at 3 pm", now=now, language="en")
import threading
python_threads = {str(thread.native_id) for thread in threading.enumerate()}  # tqdm's monitor: Python, idle
started = set(os.listdir("/proc/self/task")) - before - python_threads
def blocks_timer(tid):
    status = open(f"/proc/self/task/{tid}/status").read()
    return int(status.split("SigBlk:")[1].split()[0], 16) >> (signal.SIGVTALRM - 1) & 1 == 1
print(json.dumps({"started": len(started), "blocking": sum(blocks_timer(t) for t in started),
                  "caller_blocks": blocks_timer(str(os.getpid()))}))
"""


@pytest.mark.slow
def test_the_speech_models_threads_never_receive_the_haskell_runtimes_timer_signal(new_client_webm):
    """Duckling's runtime ticks with SIGVTALRM; delivered into CTranslate2's threads it corrupted the heap on
    an AVX-512 CPU (glibc abort within a few recordings): the native threads the model starts block it, the
    caller (which runs Duckling) does not."""
    result = subprocess.run([sys.executable, "-c", _TIMER_SIGNAL_CHILD, str(new_client_webm), "4"],
                            capture_output=True, text=True, timeout=300, env=os.environ)
    assert result.returncode == 0, result.stderr[-2000:]
    threads = json.loads(result.stdout.strip().splitlines()[-1])
    assert threads["started"] > 0
    assert threads["blocking"] == threads["started"]
    assert threads["caller_blocks"] is False


def test_bundled_model_is_joined_once_and_its_checksum_verified(tmp_path):
    folder = bundled_model_dir(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.bin", "tokenizer.json",
                                                        "vocabulary.json"]
    assert sha256_of(folder / "model.bin") == BUNDLED_SHA256
    joined_at = (folder / "model.bin").stat().st_mtime_ns
    bundled_model_dir(tmp_path)
    assert (folder / "model.bin").stat().st_mtime_ns == joined_at


def test_a_model_with_the_wrong_checksum_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="SHA-256 .* expected 0+"):
        bundled_model_dir(tmp_path, expected_sha256="0" * 64)
    assert not (tmp_path / "whisper-base" / "model.bin").exists()


@pytest.mark.slow
def test_cli_transcribe_and_process_use_the_bundled_model_on_real_speech(new_client_webm, tmp_path):
    env = {**os.environ, "VOICECRM_DATA_DIR": os.environ.get("VOICECRM_DATA_DIR", str(tmp_path))}
    cli = [sys.executable, "-m", "voicecrm.cli"]
    out = subprocess.run([*cli, "transcribe", str(new_client_webm)], env=env, capture_output=True, text=True,
                         check=True, timeout=300).stdout
    row = json.loads(out.splitlines()[-1])
    assert row["language"] == "en" and "Robert" in row["text"] and row["duration"] > 3
    feed = json.dumps({"id": "a", "file": new_client_webm.name, "language": "en"}) + "\n"
    out = subprocess.run([*cli, "process", "--jsonl", "--base", str(new_client_webm.parent)], input=feed, env=env,
                         capture_output=True, text=True, check=True, timeout=300).stdout
    row = json.loads(out.splitlines()[-1])
    assert row["id"] == "a" and row["fields"]["first_name"] == "Robert" and row["fields"]["city"] == "Denver"


def test_cli_extract_merges_into_the_existing_record(tmp_path):
    env = {**os.environ, "VOICECRM_DATA_DIR": os.environ.get("VOICECRM_DATA_DIR", str(tmp_path))}
    feed = "\n".join(json.dumps(row) for row in [
        {"id": "new", "text": "Bonjour, je m'appelle Louis Berthier, j'ai 36 ans.", "language": "fr", "existing": None},
        {"id": "upd", "text": "Il a déménagé à Marseille.", "language": "fr",
         "existing": {"first_name": "Louis", "last_name": "Berthier", "city": "Lyon", "age": 36}},
    ]) + "\n"
    out = subprocess.run([sys.executable, "-m", "voicecrm.cli", "extract", "--jsonl"], input=feed, env=env,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    rows = {row["id"]: row["fields"] for row in map(json.loads, out.splitlines())}
    assert rows["new"] == {"first_name": "Louis", "last_name": "Berthier", "age": 36}
    assert rows["upd"] == {"first_name": "Louis", "last_name": "Berthier", "city": "Marseille", "age": 36}

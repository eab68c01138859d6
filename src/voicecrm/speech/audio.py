"""Recognise and decode audio containers; PyAV does the decoding, as in faster-whisper.

PyAV and faster-whisper are imported where audio is decoded, not here: the web process only sniffs
containers, and importing them (with CTranslate2) would cost it ~50 MB and a slower start.
"""

from __future__ import annotations

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


def decode_audio(source) -> np.ndarray:
    """Decode to 16 kHz mono float32, or raise AudioDecodeError saying why."""
    import av
    from faster_whisper.audio import decode_audio as _fw_decode_audio

    try:
        samples = _fw_decode_audio(source, sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as exc:
        raise AudioDecodeError(
            f"audio could not be decoded: not a recognised or complete audio file ({SUPPORTED}): {exc}"
        ) from exc
    if samples.size == 0:
        raise AudioDecodeError("audio is empty: the file holds no sound")
    return samples


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
        raise NoSpeechError(f"no speech found in {samples.size / SAMPLE_RATE:.1f}s of audio (silence or noise only)")
    return speech

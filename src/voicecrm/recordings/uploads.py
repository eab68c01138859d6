"""The recording of an upload, written to its place in storage while the request body is parsed.

Django's default upload handlers keep a file of up to 2.5 MB in memory; VoiceCRM then read it twice
more, to hash it and to save it. This handler writes each chunk into the media folder and hashes it
as it arrives, so a recording is copied once and its pages are written by the time the body is parsed
(bench/, README "Performance"). It only serves the local file storage that VoiceCRM configures; with
another storage the API keeps Django's handlers and `audio_upload` saves the file itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import timezone

FIELD = "audio"
TEMPORARY_SUFFIX = ".upload"

log = logging.getLogger("voicecrm.uploads")


class StoredAudio(UploadedFile):
    """An uploaded recording already in default storage as `stored_name`, with its SHA-256."""

    def __init__(self, *, stored_name: str, sha256: str, size: int, name: str, content_type: str,
                 charset: str | None, content_type_extra: dict | None) -> None:
        super().__init__(file=default_storage.open(stored_name, "rb"), name=name, content_type=content_type,
                         size=size, charset=charset, content_type_extra=content_type_extra)
        self.stored_name = stored_name
        self.sha256 = sha256


def streaming_supported() -> bool:
    """Whether uploads can be written straight into storage while they arrive (a local file system)."""
    return isinstance(default_storage, FileSystemStorage)


class AudioUploadHandler(FileUploadHandler):
    """Store the request's `audio` part as it arrives; drop other file parts.

    A failure to write (disk full, a media folder that cannot be made) stops the upload and is kept in
    `error`, with nothing left on disk, for the view to answer with its cause.
    """

    chunk_size = 256 * 1024  # fewer, larger pieces: the multipart parser's Python runs per piece

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.error: OSError | None = None
        self.stored_name: str | None = None
        self._out = None
        self._digest = None

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        if field_name != FIELD or self.stored_name is not None:
            return  # not the recording, or a second one: dropped
        name = f"audio/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{TEMPORARY_SUFFIX}"
        path = default_storage.path(name)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self._out = open(path, "xb")  # noqa: SIM115 - closed in file_complete or _fail
        except OSError as exc:
            self._fail(exc)
        self.stored_name = name
        self._digest = hashlib.sha256()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self._out is None:
            return None
        try:
            self._out.write(raw_data)
        except OSError as exc:
            self._fail(exc)
        self._digest.update(raw_data)
        return None

    def file_complete(self, file_size: int) -> StoredAudio | None:
        if self._out is None:
            return None
        out, self._out = self._out, None
        try:
            out.close()  # writes what is buffered: a full disk can show here
        except OSError as exc:
            self._fail(exc)
        mode = default_storage.file_permissions_mode
        if mode is not None:
            os.chmod(default_storage.path(self.stored_name), mode)
        return StoredAudio(stored_name=self.stored_name, sha256=self._digest.hexdigest(), size=file_size,
                           name=self.file_name, content_type=self.content_type, charset=self.charset,
                           content_type_extra=self.content_type_extra)

    def upload_interrupted(self) -> None:
        """The client went away mid-body: nothing of it stays."""
        self.discard()

    def discard(self) -> None:
        """Remove the stored recording (a refused upload, or one no record was made for)."""
        if self._out is not None:
            out, self._out = self._out, None
            try:
                out.close()
            except OSError:
                pass  # a full disk cannot take the rest of it: the file goes just below anyway
        if self.stored_name is not None:
            try:
                default_storage.delete(self.stored_name)
            except FileNotFoundError:
                pass

    def _fail(self, exc: OSError) -> None:
        """Keep the cause, remove what was written, and stop reading the upload."""
        self.error = exc
        try:
            self.discard()
        except OSError:
            pass  # the same broken disk; nothing more can be done about the partial file here
        raise StopUpload(connection_reset=False)


def abandoned_uploads_purge(*, older_than: float = 3600, now: float | None = None) -> int:
    """Remove recordings a web process was writing when it died (a `.upload` file older than an hour).

    A finished upload is renamed after its container at once, and a refused one removed, so only a
    process killed mid-request leaves one. The workers run this with the audio retention.
    """
    if not streaming_supported():
        return 0
    cutoff = (time.time() if now is None else now) - older_than
    removed = 0
    for path in Path(default_storage.path("audio")).glob(f"*/*/*{TEMPORARY_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # finished or removed meanwhile
    if removed:
        log.info("removed %d upload file(s) abandoned by a web process that stopped mid-request", removed)
    return removed

"""The CRM's merge, duplicates and search tests: recordings go through the real job in this process (a stand-in
transcriber for the speech model, the real rules extractor and database)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from voicecrm.pipeline import engines
from voicecrm.pipeline.job import record_process
from voicecrm.recordings.services import audio_upload
from voicecrm.speech.base import Transcript


class SaidTranscriber:
    """Stands in for the speech model: every recording says `text`."""

    def __init__(self, text: str, language: str = "en") -> None:
        self.text, self.language = text, language

    def transcribe(self, audio, *, language=None):
        return Transcript(text=self.text, language=self.language, duration=3.0)


@pytest.fixture
def say(monkeypatch):
    """``say(owner, text, client=None, language="en")``: upload a recording that says `text` and run its job here;
    returns the record, processed."""

    def run(owner, text, *, client=None, language="en"):
        monkeypatch.setattr(engines, "_transcriber", SaidTranscriber(text, language))
        record = audio_upload(owner=owner, audio=SimpleUploadedFile("note.ogg", b"OggS" + bytes(200), "audio/ogg"),
                              client_id=client.pk if client else None)
        record_process(record_id=record.pk, enqueue=lambda **kwargs: True)
        record.refresh_from_db()
        return record

    return run

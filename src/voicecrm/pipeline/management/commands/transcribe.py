import json
import time

from django.core.management.base import BaseCommand

from voicecrm.pipeline import engines
from voicecrm.speech import SpeechError


class Command(BaseCommand):
    help = 'Transcribe audio files: one JSON line {"file","language","text","duration","seconds"} per file.'

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--language", choices=["fr", "en"], default=None)

    def handle(self, *args, files, language, **options):
        transcriber = engines.transcriber()
        for path in files:
            started = time.monotonic()
            try:
                with open(path, "rb") as audio:
                    result = transcriber.transcribe(audio, language=language)
                row = {"file": path, "language": result.language, "text": result.text,
                       "duration": round(result.duration, 3)}
            except (OSError, SpeechError) as exc:
                row = {"file": path, "error": str(exc)}
            row["seconds"] = round(time.monotonic() - started, 3)
            self.stdout.write(json.dumps(row, ensure_ascii=False))
            self.stdout.flush()

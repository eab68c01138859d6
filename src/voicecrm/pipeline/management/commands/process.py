import json
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from voicecrm.pipeline import engines
from voicecrm.pipeline.confidence import split_by_confidence, with_speech_confidence
from voicecrm.speech import SpeechError


class Command(BaseCommand):
    help = ('Transcribe then extract, as the worker does: {"id","file","language"} lines in, '
            '{"id","language","text","fields","suggestions","review","seconds"} lines out: "fields" are what a new '
            'client would get (heard with at least VOICECRM_MIN_CONFIDENCE, speech included), "suggestions" the '
            'values held back, "review" why nothing would be applied. Relative files are read from --base.')

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True)
        parser.add_argument("--base", default=".", help="folder that relative file paths start from")

    def handle(self, *args, base, **options):
        transcriber, extractor = engines.transcriber(), engines.extractor()
        for line in sys.stdin:
            if not line.strip():
                continue
            started = time.monotonic()
            try:
                item = json.loads(line)
                path = Path(base) / item["file"]
                with open(path, "rb") as audio:
                    transcript = transcriber.transcribe(audio, language=item.get("language") or None)
                extraction = with_speech_confidence(
                    extractor.extract(transcript.text, language=transcript.language), transcript.words)
                # A transcript flagged for review applies nothing: every value heard is only a suggestion.
                threshold = settings.MIN_CONFIDENCE if transcript.review is None else float("inf")
                confident, doubtful = split_by_confidence(extraction, threshold)
                row = {"id": item.get("id"), "language": transcript.language, "text": transcript.text,
                       "fields": confident.values(), "suggestions": {k: f.value for k, f in doubtful.items()},
                       "review": transcript.review}
            except (OSError, ValueError, KeyError, SpeechError) as exc:
                row = {"id": locals().get("item", {}).get("id"), "error": str(exc)}
            row["seconds"] = round(time.monotonic() - started, 3)
            self.stdout.write(json.dumps(row, ensure_ascii=False, default=str))
            self.stdout.flush()

"""`python -m voicecrm.extraction --jsonl`: the extraction CLI without Django.

Reads VOICECRM_EXTRACTOR, VOICECRM_DEFAULT_REGION, VOICECRM_LLM_MODEL, OPENAI_API_KEY, OPENAI_BASE_URL.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import get_extractor
from .jsonl import run_jsonl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voicecrm.extraction", description=__doc__)
    parser.add_argument("--jsonl", action="store_true", required=True,
                        help='read {"id","text","language","existing"} lines on stdin, write {"id","fields"}')
    parser.add_argument("--extractor", default=os.environ.get("VOICECRM_EXTRACTOR", "rules"))
    args = parser.parse_args(argv)
    # This standalone CLI reads its own options from the environment; inside Django, settings.py does.
    options: dict[str, object] = {"default_region": os.environ.get("VOICECRM_DEFAULT_REGION", "FR")}
    if args.extractor == "llm":
        options.update(model=os.environ.get("VOICECRM_LLM_MODEL", "gpt-4o-mini"),
                       api_key=os.environ.get("OPENAI_API_KEY"), base_url=os.environ.get("OPENAI_BASE_URL"))
    try:
        extractor = get_extractor(args.extractor, **options)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    run_jsonl(sys.stdin, sys.stdout, extractor)
    return 0


if __name__ == "__main__":
    sys.exit(main())

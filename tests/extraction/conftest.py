"""Fixtures for the extraction tests: plain Python, no Django."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from voicecrm.extraction import RulesExtractor

from .chat_server import ChatServer


@pytest.fixture(scope="session")
def rules() -> RulesExtractor:
    return RulesExtractor(default_region="FR")


@pytest.fixture
def extract(rules: RulesExtractor):
    """``extract(text, language=None) -> dict`` of the stated values."""

    def run(text: str, language: str | None = None, existing: dict | None = None) -> dict[str, Any]:
        return rules.extract(text, language=language, existing=existing).values()

    return run


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    """A real HTTP server on loopback speaking the OpenAI chat-completions protocol."""
    server = ChatServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()

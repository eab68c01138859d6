"""GET /api/search: the caller's clients, transcripts and notes that say the words of a query."""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from voicecrm.accounts.selectors import user_time_zone

from .schemas import Error
from .search import SearchHit, SearchQueryError, search

router = Router(tags=["search"])


class SearchResult(Schema):
    kind: Literal["client", "recording", "note"]
    client_id: int | None
    client_name: str | None
    interaction_id: int | None
    snippet: str = Field(description="the text around the first word found, as written")
    at: datetime = Field(description="when it was said or typed (a client: its last change), in the caller's zone")
    url: str = Field(description="the client's page, at the timeline entry for a recording or a note")


class SearchOut(Schema):
    count: int
    results: list[SearchResult]


class SearchIn(Schema):
    q: str = Field(description='words (all must match, in any case, accent or form), "a quoted phrase", prefix*')
    limit: int = 50


def hit_url(hit: SearchHit) -> str:
    """Where a result leads: the client's page (at ``#interaction-{id}`` on its timeline), or the Inbox."""
    if hit.client is None:
        return reverse("inbox")
    url = reverse("client_detail", args=[hit.client.pk])
    return f"{url}#interaction-{hit.interaction_id}" if hit.interaction_id else url


@router.get("", response={200: SearchOut, 400: Error})
def search_all(request, params: Query[SearchIn]):
    """Search the caller's client cards (name, company, job title, city, email, phone, notes), recordings'
    transcripts and notes, newest first: every word must be found, in any case, with or without accents, in
    any French or English form ("rappeler" finds "rappelle", "calls" finds "call"). `limit` 1–200.

    400 for an empty query, one with no word, or one longer than 500 characters."""
    try:
        hits = search(user=request.user, q=params.q, limit=params.limit)
    except SearchQueryError as exc:
        return Status(400, {"detail": str(exc)})
    zone = user_time_zone(user=request.user)
    results = [{"kind": hit.kind, "client_id": hit.client.pk if hit.client else None,
                "client_name": str(hit.client) if hit.client else None, "interaction_id": hit.interaction_id,
                "snippet": hit.snippet, "at": hit.at.astimezone(zone), "url": hit_url(hit)} for hit in hits]
    return Status(200, {"count": len(results), "results": results})

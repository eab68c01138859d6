"""Search what was said: client cards, transcripts and notes, by word, in any case, accent and word form.

Every searchable thing has a SearchEntry: its text as written and its ``terms``, the text's words folded (no
case, no accents) each with its French and English Snowball stems ("rappelle" → "rappelle rappel rappell").
A query's words are folded and stemmed the same way, so "rappeler" (stem "rappel") finds "rappelle" and
"calls" finds "call" on every database. The database's own full-text index over ``terms`` picks the
candidates (SQLite FTS5, PostgreSQL's ``to_tsvector('simple', …)``, MariaDB/MySQL FULLTEXT; a plain scan
elsewhere), then each candidate is checked here against the query word by word, so that all backends
answer alike and a "quoted phrase" means those words in a row. Stemming here rather than in the database
because SQLite has no French stemmer and MariaDB none at all.

Query syntax: words (all must match, in any form: ``rappeler devis``), ``"a quoted phrase"`` (those words
in that order), ``prefix*`` (a word starting so: ``fact*``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import snowballstemmer
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from voicecrm.extraction.fold import fold

from .models import Client, Interaction, SearchEntry, SearchKind

_WORD = re.compile(r"[^\W_]+")
_STEMMERS = (snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english"))
# Candidates read per query before checking them here; results are capped at `limit` after the check.
CANDIDATES = 2000
CANDIDATE_PAGE = 100
SNIPPET_CHARS = 160
QUERY_MAX = 500


class SearchQueryError(ValueError):
    """A query that cannot be searched: empty, no word in it, or longer than QUERY_MAX characters (400)."""


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> frozenset[str]:
    """The forms a word (lower case, as written) is indexed and looked for as: folded (no accents), and the French
    and English stems of the word as written and of the word folded, each folded ("appelée" → appelee, appel,
    appele), so that a word typed without its accents still meets the stems of the word written with them."""
    plain = fold(word)
    return frozenset(fold(form) for form in (word, plain, *(stemmer.stemWord(w) for stemmer in _STEMMERS
                                                             for w in {word, plain})))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of `text` (composed, NFC: an accent typed as a separate mark stays in its word), lower case as
    written, with their start and end offsets in the composed text."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(unicodedata.normalize("NFC", text))]


def terms_of(text: str) -> str:
    """What the full-text index holds for `text`: each word folded, and its stems, space-separated."""
    seen: dict[str, None] = {}
    for word, _start, _end in _tokens(text):
        for form in sorted(word_forms(word)):
            seen.setdefault(form)
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    """One word of a query: ``forms`` any of which a text's word must have (its stems), or ``prefix``."""

    forms: frozenset[str]
    prefix: str = ""

    def matches(self, word: str) -> bool:
        if self.prefix:
            return any(form.startswith(self.prefix) for form in word_forms(word))
        return not self.forms.isdisjoint(word_forms(word))


def query_parse(q: str) -> list[list[Term]]:
    """The query as a list of groups, each one word or a quoted phrase (words in a row); all groups must match.

    Raises:
        SearchQueryError: nothing to search for, or a query longer than QUERY_MAX (500) characters.
    """
    if len(q) > QUERY_MAX:
        raise SearchQueryError(_("the query is %(length)d characters long; the limit is %(limit)d")
                               % {"length": len(q), "limit": QUERY_MAX})
    groups: list[list[Term]] = []
    for phrase, bare in re.findall(r'"([^"]*)"|(\S+)', q.replace("\x00", " ")):
        words = re.findall(r"[^\W_]+\*?", unicodedata.normalize("NFC", phrase or bare).lower())
        group = [Term(forms=frozenset(), prefix=fold(w[:-1])) if w.endswith("*") else Term(forms=word_forms(w))
                 for w in words]
        if phrase or bare:
            groups.extend([group] if phrase else [[term] for term in group])
    groups = [group for group in groups if group]
    if not groups:
        raise SearchQueryError(_("type at least one word to search for"))
    return groups


def _fts5(groups: list[list[Term]]) -> str:
    def one(term: Term) -> str:
        if term.prefix:
            return f'"{term.prefix}"*'
        return "(" + " OR ".join(f'"{form}"' for form in sorted(term.forms)) + ")"
    return " AND ".join(one(term) for group in groups for term in group)


def _tsquery(groups: list[list[Term]]) -> str:
    def one(term: Term) -> str:
        if term.prefix:
            return f"'{term.prefix}':*"
        return "(" + " | ".join(f"'{form}'" for form in sorted(term.forms)) + ")"
    return " & ".join(one(term) for group in groups for term in group)


def _boolean_mode(groups: list[list[Term]]) -> str:
    # InnoDB leaves words shorter than innodb_ft_min_token_size (3) and its stopwords out of the index:
    # such words are checked here only.
    def one(term: Term) -> str | None:
        if term.prefix:
            return f"+{term.prefix}*" if len(term.prefix) >= 3 else None
        forms = [form for form in sorted(term.forms) if len(form) >= 3 and form not in _INNODB_STOPWORDS]
        return "+(" + " ".join(forms) + ")" if len(forms) == len(term.forms) else None
    return " ".join(part for group in groups for term in group if (part := one(term)))


# InnoDB's default full-text stopword list (information_schema.INNODB_FT_DEFAULT_STOPWORD).
_INNODB_STOPWORDS = frozenset("a about an are as at be by com de en for from how i in is it la of on or that the "
                              "this to was what when where who will with und www".split())


def _candidates(entries: QuerySet[SearchEntry], groups: list[list[Term]]) -> QuerySet[SearchEntry]:
    """The entries the database's full-text index finds for the query (a superset of the answer)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        return entries.extra(where=["crm_searchentry.id IN (SELECT rowid FROM crm_searchentry_fts "
                                    "WHERE crm_searchentry_fts MATCH %s)"], params=[_fts5(groups)])
    if vendor == "postgresql":
        # 'simple': the terms are folded and stemmed already; PostgreSQL only splits them into words.
        return entries.annotate(vector=SearchVector("terms", config="simple")).filter(
            vector=SearchQuery(_tsquery(groups), search_type="raw", config="simple"))
    if vendor == "mysql":
        expression = _boolean_mode(groups)
        if expression:
            return entries.extra(where=["MATCH (crm_searchentry.terms) AGAINST (%s IN BOOLEAN MODE)"],
                                 params=[expression])
    for group in groups:
        for term in group:
            entries = entries.filter(terms__contains=term.prefix or min(term.forms, key=len))
    return entries


@dataclass
class SearchHit:
    """One result: ``kind`` "client", "recording" or "note"; ``snippet`` the text around the first word found."""

    kind: str
    client: Client | None
    interaction_id: int | None
    snippet: str
    at: datetime


def _matches(text: str, groups: list[list[Term]]) -> tuple[int, int] | None:
    """Where the first group is found in `text` (start, end offsets) when every group is found; else None."""
    tokens = _tokens(text)
    first: tuple[int, int] | None = None
    for group in groups:
        found = None
        for i in range(len(tokens) - len(group) + 1):
            if all(term.matches(tokens[i + k][0]) for k, term in enumerate(group)):
                found = (tokens[i][1], tokens[i + len(group) - 1][2])
                break
        if found is None:
            return None
        first = first or found
    return first


def _snippet(text: str, span: tuple[int, int]) -> str:
    start, end = span
    room = max(0, SNIPPET_CHARS - (end - start)) // 2
    left, right = max(0, start - room), min(len(text), end + room)
    if left > 0:
        left = text.rfind(" ", 0, left + 1) + 1
    if right < len(text):
        right = text.find(" ", right) if text.find(" ", right) != -1 else len(text)
    return ("… " if left > 0 else "") + " ".join(text[left:right].split()) + (" …" if right < len(text) else "")


def search(*, user: AbstractBaseUser, q: str, limit: int = 50) -> list[SearchHit]:
    """The user's clients, recordings and notes that say every word of `q` (module docstring: syntax), newest
    first, at most `limit` (1–200).

    Raises:
        SearchQueryError: an empty or too long query (the API's 400).
    """
    groups = query_parse(q)
    entries = _candidates(SearchEntry.objects.filter(owner=user), groups).select_related("client")
    hits: list[SearchHit] = []
    limit = max(1, min(limit, 200))
    entries = entries.order_by("-at", "-id")
    # Read the candidates a page at a time, newest first, and stop once `limit` of them are confirmed.
    for start in range(0, CANDIDATES, CANDIDATE_PAGE):
        page = list(entries[start:start + CANDIDATE_PAGE])
        for entry in page:
            text = unicodedata.normalize("NFC", entry.text)
            span = _matches(text, groups)
            if span is None:
                continue
            hits.append(SearchHit(kind=entry.kind, client=entry.client, interaction_id=entry.interaction_id,
                                  snippet=_snippet(text, span), at=entry.at))
            if len(hits) >= limit:
                return hits
        if len(page) < CANDIDATE_PAGE:
            break
    return hits


def _card_text(client: Client) -> str:
    parts = (client.full_name, client.company, client.job_title, client.city, client.email, client.phone,
             client.notes)
    return "\n".join(part for part in parts if part)


def search_index_client(*, client: Client) -> None:
    """Index (again) a saved client's card: name, company, job title, city, email, phone, notes."""
    text = _card_text(client)
    SearchEntry.objects.update_or_create(
        card=client, defaults={"owner_id": client.owner_id, "client": client, "kind": SearchKind.CLIENT,
                               "at": client.updated_at or timezone.now(), "text": text, "terms": terms_of(text)})


def _interaction_text(interaction: Interaction) -> str:
    record = interaction.audio_record if interaction.audio_record_id is not None else None
    parts = [interaction.note]
    if record is not None:
        parts[:0] = [record.transcription, record.edited_text if record.edited_text != record.transcription else ""]
    return "\n".join(part for part in parts if part)


def search_index_interaction(*, interaction: Interaction) -> None:
    """Index (again) an interaction: its recording's transcript (and corrected text) and its note; nothing when
    it has no text."""
    text = _interaction_text(interaction)
    if not text:
        SearchEntry.objects.filter(interaction=interaction).delete()
        return
    kind = SearchKind.RECORDING if interaction.audio_record_id is not None else SearchKind.NOTE
    SearchEntry.objects.update_or_create(
        interaction=interaction, defaults={"owner_id": interaction.owner_id, "client_id": interaction.client_id,
                                           "kind": kind, "at": interaction.recorded_at, "text": text,
                                           "terms": terms_of(text)})


def search_reindex(*, owner: AbstractBaseUser | None = None) -> int:
    """Index every client and interaction again (of one owner, or all); returns how many entries were written."""
    clients = Client.objects.all() if owner is None else Client.objects.filter(owner=owner)
    interactions = Interaction.objects.select_related("audio_record")
    if owner is not None:
        interactions = interactions.filter(owner=owner)
    count = 0
    for client in clients.iterator():
        search_index_client(client=client)
        count += 1
    for interaction in interactions.iterator():
        search_index_interaction(interaction=interaction)
        count += 1
    return count

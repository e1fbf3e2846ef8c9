"""One search box over clients, contacts and notes.

Notes are searched with the database's own full-text index where there is one
(SQLite FTS5, PostgreSQL tsvector; both made by migration 0004); :func:`_note_hits`
picks the implementation by dialect.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.search import END, START, WORD, excerpt, fts5_query, mark, words
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Client, Contact, Note


@dataclass(frozen=True)
class Hit:
    """One result: what was found, where it lives, and a marked-up snippet."""

    kind: str  # "client", "contact" or "note"
    client_id: int
    client_name: str
    title: str
    snippet: str
    tab: str
    rank: float


def search(db: Database, text: str, limit: int = 50) -> list[Hit]:
    """Clients, contacts and notes matching every word typed, best first."""
    query_words = words(text)
    if not query_words:
        return []
    with db.reading() as session:
        hits = _client_hits(session, query_words) + _contact_hits(session, query_words)
        hits += _note_hits(session, text, query_words, limit)
    hits.sort(key=lambda hit: hit.rank)
    return hits[:limit]


def _like_all(columns: list, query_words: list[str]):
    """Every word appears in at least one of the columns (case-insensitive)."""
    conditions = []
    for word in query_words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            sa.or_(*(sa.func.lower(column).like(pattern, escape="\\") for column in columns))
        )
    return sa.and_(*conditions)


def _client_hits(session: Session, query_words: list[str]) -> list[Hit]:
    rows = session.exec(
        select(Client)
        .where(_like_all([Client.name], query_words))
        .where(Client.status != ClientStatus.ARCHIVED.value)
        .limit(20)
    )
    return [
        Hit(
            "client",
            client.id or 0,
            client.name,
            mark(client.name, query_words),
            client.industry,
            "overview",
            0.0 + len(client.name) / 1000,
        )
        for client in rows
    ]


def _contact_hits(session: Session, query_words: list[str]) -> list[Hit]:
    rows = session.exec(
        select(Contact, Client.name)
        .join(Client, Client.id == Contact.client_id)
        .where(_like_all([Contact.name, Contact.email], query_words))
        .limit(20)
    )
    return [
        Hit(
            "contact",
            contact.client_id,
            client_name,
            mark(contact.name, query_words),
            mark(" · ".join(p for p in (contact.title, contact.email) if p), query_words),
            "contacts",
            1.0,
        )
        for contact, client_name in rows
    ]


def _note_hits(session: Session, text: str, query_words: list[str], limit: int) -> list[Hit]:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _note_hits_fts5(session, text, limit)
    if dialect == "postgresql" and _has_tsvector_index(session):
        return _note_hits_tsvector(session, text, limit)
    return _note_hits_like(session, query_words, limit)


# Ranking reads every matching note, and a query of two common words matches tens of
# thousands at 100k notes: so only the newest RANKED matches are ranked (a rarer query:
# all of them). Snippets cost more than ranking, so they are made in a second pass for
# the rows kept only: over the span of their rowids, the list of ids kept out of the
# index's reach (``+``) so that FTS5 reads its lists once, not once per row.
RANKED = 1000
_FTS5_RANKED = sa.text(
    "WITH recent AS ("
    " SELECT note_fts.rowid AS id, bm25(note_fts, 5.0, 1.0) AS rank FROM note_fts"
    " WHERE note_fts MATCH :query ORDER BY note_fts.rowid DESC LIMIT :ranked)"
    " SELECT recent.id, recent.rank, note.client_id, client.name FROM recent"
    " JOIN note ON note.id = recent.id JOIN client ON client.id = note.client_id"
    " WHERE note.deleted_at IS NULL ORDER BY recent.rank, recent.id LIMIT :limit"
)
_FTS5_SNIPPETS = (
    "SELECT rowid, highlight(note_fts, 0, :start, :end),"
    " snippet(note_fts, 1, :start, :end, '…', 14) FROM note_fts"
    " WHERE note_fts MATCH :query AND rowid BETWEEN :low AND :high AND +rowid IN ({ids})"
)


def _note_hits_fts5(session: Session, text: str, limit: int) -> list[Hit]:
    query = fts5_query(text)
    kept = session.execute(_FTS5_RANKED, {"query": query, "ranked": RANKED, "limit": limit}).all()
    if not kept:
        return []
    ids = [row[0] for row in kept]
    marked = {
        rowid: (title, snippet)
        for rowid, title, snippet in session.execute(
            sa.text(_FTS5_SNIPPETS.format(ids=",".join(str(int(i)) for i in ids))),
            {"query": query, "start": START, "end": END, "low": min(ids), "high": max(ids)},
        )
    }
    return [
        Hit(
            "note",
            client_id,
            client_name,
            marked[note_id][0],
            " ".join(marked[note_id][1].split()),
            "notes",
            2.0 + rank / 1000,
        )
        for note_id, rank, client_id, client_name in kept
    ]


# Rank weights for D, C, B, A: a title word (A) counts five times a body word (B), as the
# bm25 weights do on SQLite. Headlines are made for the rows kept only (the CTE), since
# ts_headline re-reads each document, and with any of the words (:marks), so that a body
# holding only some of them still shows and marks those, as FTS5's snippet does.
_TSVECTOR_QUERY = sa.text(
    "WITH found AS ("
    " SELECT note.id, note.client_id, client.name AS client_name, note.title, note.body,"
    "  ts_rank('{0.1, 0.2, 0.2, 1.0}', note_search_vector(note.title, note.body), query)"
    "   AS rank"
    " FROM note JOIN client ON client.id = note.client_id,"
    "  to_tsquery('handover_search', :query) AS query"
    " WHERE note_search_vector(note.title, note.body) @@ query AND note.deleted_at IS NULL"
    " ORDER BY rank DESC, note.id LIMIT :limit)"
    " SELECT found.client_id, found.client_name, found.body,"
    "  ts_headline('handover_search', found.title, marks, :whole),"
    "  ts_headline('handover_search', found.body, marks, :part), found.rank"
    " FROM found, to_tsquery('handover_search', :marks) AS marks"
    " ORDER BY found.rank DESC, found.id"
)
_HEADLINE = f'StartSel="{START}", StopSel="{END}", HighlightAll='


def _tsquery(text: str, operator: str = "&") -> str:
    """A to_tsquery expression: every word must appear (``&``), each as a prefix.

    Words are runs of ``\\w`` (never a quote, backslash or operator), each quoted, so what
    the user typed is plain text, never syntax.
    """
    return f" {operator} ".join(f"'{word}':*" for word in words(text))


def _note_hits_tsvector(session: Session, text: str, limit: int) -> list[Hit]:
    query = _tsquery(text)
    if not query:
        return []
    rows = session.execute(
        _TSVECTOR_QUERY,
        {
            "query": query,
            "marks": _tsquery(text, "|"),
            "limit": limit,
            "whole": _HEADLINE + "true",
            "part": _HEADLINE + "false, MaxFragments=1, MaxWords=14, MinWords=6",
        },
    )
    return [
        Hit(
            "note",
            client_id,
            client_name,
            title,
            _with_ellipses(" ".join(snippet.split()), body),
            "notes",
            2.0 - rank / 1000,
        )
        for client_id, client_name, body, title, snippet, rank in rows
    ]


def _with_ellipses(snippet: str, body: str) -> str:
    """``…`` where the snippet starts after or ends before the body does, as FTS5 puts it."""
    shown = WORD.findall(snippet.replace(START, "").replace(END, ""))
    every = WORD.findall(body)
    if not shown or not every:
        return snippet
    before = "" if shown[0] == every[0] else "…"
    after = "" if shown[-1] == every[-1] else "…"
    return before + snippet + after


def _has_tsvector_index(session: Session) -> bool:
    """Whether migration 0004 made the search function (a database it migrated before
    PostgreSQL had one searches without the index); asked once per connection."""
    info = session.connection().info
    if "handover_tsvector" not in info:
        found = session.execute(sa.text("SELECT to_regproc('note_search_vector')")).scalar()
        info["handover_tsvector"] = found is not None
    return info["handover_tsvector"]


def _note_hits_like(session: Session, query_words: list[str], limit: int) -> list[Hit]:
    """Without a full-text index: every word in the title or body, newest first."""
    rows = session.exec(
        select(Note, Client.name)
        .join(Client, Client.id == Note.client_id)
        .where(col(Note.deleted_at).is_(None))
        .where(_like_all([Note.title, Note.body], query_words))
        .order_by(col(Note.updated_at).desc())
        .limit(limit)
    )
    return [
        Hit(
            "note",
            note.client_id,
            client_name,
            mark(note.title, query_words),
            excerpt(note.body, query_words),
            "notes",
            2.0,
        )
        for note, client_name in rows
    ]

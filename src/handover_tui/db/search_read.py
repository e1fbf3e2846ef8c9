"""The search box's read: clients, contacts and notes matching every word typed, in plain
SQL through a :class:`Reader` (``db.read``). The one read behind the app's ``ctrl+f``
(``services.search``) and ``handover search``, which on a SQLite file runs it with the
standard library only.

Notes are searched with the database's own full-text index where there is one (SQLite
FTS5, PostgreSQL tsvector; both made by migration 0004). On SQLite, client names and
contacts have trigram indexes too (migration 0008); elsewhere they are matched with LIKE.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handover_tui.db.read import Reader, line
from handover_tui.domain.search import excerpt, mark, mark_words, snippet, words
from handover_tui.domain.terminal import terminal_text


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


def search(reader: Reader, text: str, limit: int = 50) -> list[Hit]:
    """Clients, contacts and notes matching every word typed, best first."""
    query_words = words(text)
    if not query_words:
        return []
    hits = _client_hits(reader, query_words) + _contact_hits(reader, query_words)
    hits += _note_hits(reader, text, query_words, limit)
    hits.sort(key=lambda hit: hit.rank)
    return hits[:limit]


def _block(text: str | None) -> str:
    """A text block column as the ORM's ``ShownText()`` reads it back."""
    if not text:
        return text or ""
    return text if text.isprintable() else terminal_text(text, multiline=True)


def _like_all(columns: list[str], query_words: list[str], tag: str) -> tuple[str, dict[str, Any]]:
    """Every word appears in at least one of the columns (case-insensitive)."""
    conditions, params = [], {}
    for n, word in enumerate(query_words):
        key = f"{tag}{n}x"
        params[key] = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[key] += "%"
        either = " OR ".join(f"lower({column}) LIKE :{key} ESCAPE '\\'" for column in columns)
        conditions.append(f"({either})")
    return " AND ".join(conditions) or "1 = 1", params


# The trigram index finds pieces of three characters or more; shorter words are checked
# with LIKE on the rows it found (or on every row, when no word is long enough).
TRIGRAM = 3


def _matching(
    reader: Reader, index: str, key: str, columns: list[str], query_words: list[str]
) -> tuple[str, dict[str, Any]]:
    """Rows of ``index``'s table holding every word: through its trigram index on SQLite."""
    long = [word for word in query_words if len(word) >= TRIGRAM]
    if not reader.sqlite or not long:
        return _like_all(columns, query_words, index)
    # Words are runs of \w, never a quote: each quoted one is a piece of text to find.
    pieces = " AND ".join(f'"{word}"' for word in long)
    sql = f"{key} IN (SELECT rowid FROM {index} WHERE {index} MATCH :{index}_pieces)"
    params: dict[str, Any] = {f"{index}_pieces": pieces}
    short = [word for word in query_words if len(word) < TRIGRAM]
    if short:
        more, extra = _like_all(columns, short, index)
        sql += f" AND {more}"
        params.update(extra)
    return sql, params


def _client_hits(reader: Reader, query_words: list[str]) -> list[Hit]:
    where, params = _matching(reader, "client_fts", "id", ["name"], query_words)
    rows = reader.rows(
        f"SELECT id, name, industry FROM client WHERE {where} AND status != 'archived' LIMIT 20",
        **params,
    )
    hits = []
    for client_id, name, industry in rows:
        shown = line(name)
        hits.append(
            Hit(
                "client",
                client_id,
                shown,
                mark(shown, query_words),
                line(industry),
                "overview",
                0.0 + len(shown) / 1000,
            )
        )
    return hits


def _contact_hits(reader: Reader, query_words: list[str]) -> list[Hit]:
    where, params = _matching(
        reader, "contact_fts", "contact.id", ["contact.name", "contact.email"], query_words
    )
    rows = reader.rows(
        "SELECT contact.client_id, client.name, contact.name, contact.title, contact.email"
        f" FROM contact JOIN client ON client.id = contact.client_id WHERE {where} LIMIT 20",
        **params,
    )
    return [
        Hit(
            "contact",
            client_id,
            line(client_name),
            mark(line(name), query_words),
            mark(" · ".join(line(p) for p in (title, email) if p), query_words),
            "contacts",
            1.0,
        )
        for client_id, client_name, name, title, email in rows
    ]


def _note_hits(reader: Reader, text: str, query_words: list[str], limit: int) -> list[Hit]:
    if reader.sqlite:
        return _note_hits_fts5(reader, text, limit)
    if _has_tsvector_index(reader):
        return _note_hits_tsvector(reader, text, limit)
    return _note_hits_like(reader, query_words, limit)


# Which notes come first. Ranking by bm25 read the whole list of every word for its
# weights (6-10 ms for two common words at 100k notes, whatever the number of rows
# ranked), so the order is: notes whose title holds more of the words first (a title
# names what a note is about), then the newest (in a handover the latest word on a topic
# is usually the one that counts). Only the newest RANKED matches are ordered (a rarer
# query: all of them), found from the index alone; which of them hold a word in the title
# is one more index query per word, over their span. Notes are read, deleted ones dropped,
# for the rows kept only; their titles and text last, for the rows kept, and marked here
# (``domain.search.snippet``): FTS5's own snippet() weighs every match of a note against
# every other, the square of their number (2.5 s for a note of a million characters naming
# the word every eighth word; 5 to 8 minutes at ten million).
RANKED = 1000
_FTS5_ORDER = (
    "WITH recent(id) AS MATERIALIZED (SELECT rowid FROM note_fts WHERE note_fts MATCH :query"
    " ORDER BY rowid DESC LIMIT :ranked),"
    " titled(id, words) AS MATERIALIZED (SELECT id, count(*) FROM ({titled}) GROUP BY id)"
    " SELECT recent.id FROM recent LEFT JOIN titled ON titled.id = recent.id"
    " ORDER BY coalesce(titled.words, 0) DESC, recent.id DESC LIMIT :count OFFSET :skip"
)
_FTS5_TITLED = (
    "SELECT rowid AS id FROM note_fts WHERE note_fts MATCH :title{n}"
    " AND rowid >= (SELECT min(id) FROM recent)"
)
_NOTES_KEPT = (
    "SELECT note.id, note.client_id, client.name FROM note"
    " JOIN client ON client.id = note.client_id"
    " WHERE note.id IN ({ids}) AND note.deleted_at IS NULL"
)
_NOTES_TEXT = "SELECT id, title, body FROM note WHERE id IN ({ids})"


def _id_list(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


# A prefix query ("renew"*) makes FTS5 merge the lists of every word it stands for before
# it returns a row, and again for each later use (the title words): 10 ms and more
# for common words at 100k notes. A prefix standing for few words is asked as those words
# ("renewal" OR "renewals"), which FTS5 reads lazily, newest first. The words come from
# migration 0008's note_fts_terms, one step each (0.1-0.2 ms; an OR of 64 words still beats
# the merge of a short prefix). Only plain ASCII words are looked up (the tokenizer folds
# others, and "_" splits words); they, and a prefix standing for more than
# WORDS_PER_PREFIX words, stay prefix queries.
WORDS_PER_PREFIX = 64
_NEXT_TERM = "SELECT term FROM note_fts_terms WHERE term >= :low AND term < :high LIMIT 1"


def _note_query(reader: Reader, text: str) -> list[str] | None:
    """One FTS5 expression per word typed, each a plain phrase (never syntax the user typed);
    None when a word is the start of no indexed word."""
    parts = []
    for word in words(text):
        if not (word.isascii() and word.isalnum()):
            parts.append(f'"{word}"*')
            continue
        terms: list[str] = []
        low, high = word, word + chr(0x10FFFF)
        while len(terms) <= WORDS_PER_PREFIX:
            found = reader.one(_NEXT_TERM, low=low, high=high)
            if found is None:
                break
            term = found[0]
            terms.append(term)
            low = term + "\x00"
        if not terms:
            return None
        if len(terms) > WORDS_PER_PREFIX:
            parts.append(f'"{word}"*')
        else:
            parts.append("(" + " OR ".join(f'"{term}"' for term in terms) + ")")
    return parts


def _note_hits_fts5(reader: Reader, text: str, limit: int) -> list[Hit]:
    parts = _note_query(reader, text) if limit > 0 else None
    if not parts:
        return []
    query = " AND ".join(parts)
    order = _FTS5_ORDER.format(
        titled=" UNION ALL ".join(_FTS5_TITLED.format(n=n) for n in range(len(parts)))
    )
    values: dict[str, Any] = {"query": query, "ranked": RANKED, "count": limit * 2}
    values.update({f"title{n}": "{title} : " + part for n, part in enumerate(parts)})
    kept: list[tuple[int, int, str]] = []
    for skip in range(0, RANKED, limit * 2):
        chunk = [row[0] for row in reader.rows(order, **values, skip=skip)]
        if chunk:
            found = {row[0]: row for row in reader.rows(_NOTES_KEPT.format(ids=_id_list(chunk)))}
            kept += [(i, c, n) for i, c, n in (found[x] for x in chunk if x in found)]
        if len(kept) >= limit or len(chunk) < limit * 2:
            break
    kept = kept[:limit]
    if not kept:
        return []
    query_words = words(text)
    texts = {
        note_id: (line(title), _block(body))
        for note_id, title, body in reader.rows(
            _NOTES_TEXT.format(ids=_id_list([row[0] for row in kept]))
        )
    }
    return [
        Hit(
            "note",
            client_id,
            line(client_name),
            mark_words(texts[note_id][0], query_words),
            " ".join(snippet(texts[note_id][1], query_words).split()),
            "notes",
            2.0 + place / (limit + 1),
        )
        for place, (note_id, client_id, client_name) in enumerate(kept)
    ]


# Rank weights for D, C, B, A: a title word (A) counts five times a body word (B), as
# bm25 weights did on SQLite (which now puts notes with more of the words in the title
# first, then the newest; what is found is the same). Titles and snippets are marked here,
# as on SQLite, so both databases show the same ones (ts_headline's were linear, but its
# own: the same search at a million characters took 0.4 s either way, most of it making
# the note's vector again for ts_rank).
_TSVECTOR_QUERY = (
    "SELECT note.client_id, client.name, note.title, note.body,"
    " ts_rank('{0.1, 0.2, 0.2, 1.0}', note_search_vector(note.title, note.body), query) AS rank"
    " FROM note JOIN client ON client.id = note.client_id,"
    "  to_tsquery('handover_search', :query) AS query"
    " WHERE note_search_vector(note.title, note.body) @@ query AND note.deleted_at IS NULL"
    " ORDER BY rank DESC, note.id LIMIT :limit"
)


def _tsquery(text: str) -> str:
    """A to_tsquery expression: every word must appear, each as a prefix.

    Words are runs of ``\\w`` (never a quote, backslash or operator), each quoted, so what
    the user typed is plain text, never syntax.
    """
    return " & ".join(f"'{word}':*" for word in words(text))


def _note_hits_tsvector(reader: Reader, text: str, limit: int) -> list[Hit]:
    query = _tsquery(text)
    if not query:
        return []
    rows = reader.rows(_TSVECTOR_QUERY, query=query, limit=limit)
    query_words = words(text)
    return [
        Hit(
            "note",
            client_id,
            line(client_name),
            mark_words(line(title), query_words),
            " ".join(snippet(_block(body), query_words).split()),
            "notes",
            2.0 - rank / 1000,
        )
        for client_id, client_name, title, body, rank in rows
    ]


def _has_tsvector_index(reader: Reader) -> bool:
    """Whether migration 0004 made the search function on this PostgreSQL database (one
    it migrated before PostgreSQL had one searches without the index)."""
    found = reader.one("SELECT to_regproc('note_search_vector') IS NOT NULL")
    return bool(found and found[0])


def _note_hits_like(reader: Reader, query_words: list[str], limit: int) -> list[Hit]:
    """Without a full-text index: every word in the title or body, newest first."""
    where, params = _like_all(["note.title", "note.body"], query_words, "note")
    rows = reader.rows(
        "SELECT note.client_id, client.name, note.title, note.body FROM note"
        f" JOIN client ON client.id = note.client_id WHERE note.deleted_at IS NULL AND {where}"
        " ORDER BY note.updated_at DESC LIMIT :limit",
        limit=limit,
        **params,
    )
    return [
        Hit(
            "note",
            client_id,
            line(client_name),
            mark(line(title), query_words),
            excerpt(_block(body), query_words),
            "notes",
            2.0,
        )
        for client_id, client_name, title, body in rows
    ]


__all__ = ["RANKED", "WORDS_PER_PREFIX", "Hit", "search"]

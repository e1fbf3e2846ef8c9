"""Turn what a person typed into a safe search: words, never query syntax."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+", re.UNICODE)

# Marks around matched words in snippets; control characters never occur in notes.
START, END = "\x02", "\x03"


def words(text: str) -> list[str]:
    """The words of a query, lower-cased; quotes, operators and brackets are dropped."""
    return [word.lower() for word in WORD.findall(text)][:12]


def fts5_query(text: str) -> str:
    """An FTS5 MATCH expression: every word must appear, each as a prefix.

    Each word is quoted, so AND, OR, NOT, NEAR, ``*``, ``-`` and parentheses typed by
    the user are plain text, never syntax.
    """
    return " ".join(f'"{word}"*' for word in words(text))


def mark(text: str, query_words: list[str]) -> str:
    """``text`` with each occurrence of a query word wrapped in START/END marks."""
    if not query_words:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in query_words), re.IGNORECASE)
    return pattern.sub(lambda match: f"{START}{match.group(0)}{END}", text)


def excerpt(text: str, query_words: list[str], width: int = 80) -> str:
    """A one-line piece of ``text`` around the first match, marked."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    positions = [lowered.find(word) for word in query_words if word in lowered]
    start = max(min(positions) - width // 3, 0) if positions else 0
    piece = flat[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(flat) else ""
    return prefix + mark(piece, query_words) + suffix

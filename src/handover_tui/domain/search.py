"""Turn what a person typed into a safe search: words, never query syntax; and mark the
words found in a note, in time linear in its text.

A note's words are found as the note index cuts them (SQLite FTS5's ``unicode61
remove_diacritics 2``): runs of letters and digits, case and accents ignored, each typed
word the start of a word of the note. :func:`snippet` and :func:`mark_words` do that with
patterns compiled once per query, never by slicing or folding the note once per match,
and a snippet weighs a bounded number of matches, each once: a note of a million
characters that names the searched word on every line costs a search what its first
lines cost, not the square of its matches (FTS5's snippet(), which this replaces).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import islice

WORD = re.compile(r"\w+", re.UNICODE)

# Marks around matched words in snippets; control characters never occur in notes.
START, END = "\x02", "\x03"

TOKEN = re.compile(r"[^\W_]+")
"""A word of a note as the index cuts it: letters and digits (``_`` separates words)."""

SNIPPET_WORDS = 14
"""Words in a note's snippet, as the FTS5 snippet it replaces had."""

MATCHES_WEIGHED = 256
"""The matches of a note weighed for its snippet, at most: the first window holding every
word ends the weighing; otherwise the best of the windows around these matches wins."""

_LOOK_BACK = 24
"""Characters looked at per word wanted around a snippet's matches, or between two of
them (words of ordinary length): what lies further is not read."""

_STRETCH = 65_536
"""Characters of ASCII text lower-cased at a time while looking for a snippet's matches:
a long note is read only as far as they go."""

_SEPARATOR = re.compile(r"[\W_]")

_TRAILING = 80
"""Characters kept after a snippet's last word when no word follows (its punctuation)."""


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


# -- words of a note, found by prefix, accents ignored ----------------------------------------


def fold(word: str) -> str:
    """``word`` lower-cased, without its accents (``Zoë`` → ``zoe``)."""
    return "".join(
        char
        for char in unicodedata.normalize("NFD", word.lower())
        if unicodedata.category(char) != "Mn"
    )


@cache
def _accented() -> dict[str, str]:
    """Each letter's accented forms (``e`` → ``éèêë…``): the characters below U+2000
    (Latin, Greek, Cyrillic) whose canonical decomposition is that letter and accents
    only. Made once, in about 2 ms."""
    forms: dict[str, str] = {}
    for code in range(0x80, 0x2000):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and all(unicodedata.category(c) == "Mn" for c in decomposed[1:]):
            base = decomposed[0].lower()
            forms[base] = forms.get(base, "") + chr(code)
    return forms


@lru_cache(maxsize=64)
def pattern_words(query_words: tuple[str, ...]) -> tuple[str, ...]:
    """The folded query words looked for, each once, longest first (a word of the note
    that two of them start counts for the longer)."""
    found = {part for word in query_words for part in TOKEN.findall(fold(word))}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


@lru_cache(maxsize=64)
def word_pattern(query_words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The words of a note that start with a query word, as one pattern: group ``n`` is
    the ``n``-th of :func:`pattern_words`. Case and accents ignored; None for no words.
    For text with other than ASCII in it (about 30 ns a character)."""
    forms = _accented()
    alternatives = []
    for word in pattern_words(query_words):
        letters = (
            f"[{re.escape(char + forms[char])}]" if char in forms else re.escape(char)
            for char in word
        )
        alternatives.append("(" + "".join(letters) + ")")
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")[^\W_]*", re.IGNORECASE)


@lru_cache(maxsize=256)
def _ascii_pattern(word: str) -> re.Pattern[str]:
    """The lower-case words starting with ``word``: the word first, so that the search
    skips to it as ``str.find`` does (2 ms a million characters), then the check that no
    letter comes before it."""
    text = re.escape(word)
    return re.compile(rf"{text}(?<![^\W_]{text})[^\W_]*")


def matches(
    text: str, query_words: list[str], limit: int | None = None
) -> list[tuple[int, int, int]]:
    """The start, end and query word (its place in :func:`pattern_words`) of each word of
    ``text`` that starts with a query word, in order: the first ``limit`` of them, the scan
    ending there. ASCII text is lower-cased (every offset kept) a stretch at a time, as far
    as the matches wanted, and each word found by its own scan."""
    found = pattern_words(tuple(query_words))
    if not text.isascii():
        pattern = word_pattern(tuple(query_words))
        if pattern is None:
            return []
        return [
            (match.start(), match.end(), (match.lastindex or 1) - 1)
            for match in islice(pattern.finditer(text), limit)
        ]
    scans = [(number, _ascii_pattern(word)) for number, word in enumerate(found)]
    kept: list[tuple[int, int, int]] = []
    start = 0
    while scans and start < len(text) and (limit is None or len(kept) < limit):
        cut = None if limit is None else _SEPARATOR.search(text, start + _STRETCH)
        stop = cut.start() if cut else len(text)
        lowered = text[start:stop].lower()
        every = sorted(
            (match.start() + start, number, match.end() + start)
            for number, pattern in scans
            for match in islice(pattern.finditer(lowered), limit)
        )
        last = -1
        for begin, number, end in every:
            if begin != last:  # two query words start it: the longer, listed first
                last = begin
                kept.append((begin, end, number))
        start = stop
    return kept[:limit]


def mark_words(text: str, query_words: list[str]) -> str:
    """``text`` with each word that starts with a query word wrapped in START/END marks."""
    pieces = []
    done = 0
    for start, end, _word in matches(text, query_words):
        pieces += [text[done:start], START, text[start:end], END]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def snippet(text: str, query_words: list[str], size: int = SNIPPET_WORDS) -> str:
    """About ``size`` words of ``text`` around the matches of the query words, marked, with
    ``…`` where the text goes on; its first words when nothing matches.

    The window is the one holding the most different query words, then the most matches,
    among those around the first :data:`MATCHES_WEIGHED` matches (FTS5's snippet weighed
    every window around every match, each against every match: the square of their
    number). Its words are centred in it, as FTS5 centres them.
    """
    found = pattern_words(tuple(query_words))
    # A word that is the start of another (``ren renewal``) is in every word the longer
    # one is: a window needs only the others.
    needed = {
        number
        for number, word in enumerate(found)
        if not any(other.startswith(word) for other in found[:number])
    }
    spots = matches(text, query_words, MATCHES_WEIGHED) if found else []
    window = best_window(text, spots, size, needed)
    if window is None:
        first = TOKEN.search(text)
        if first is None:
            return ""
        window = (first.start(), first.end(), 1)
    start, end, used = window
    pad = size - used
    after = _count_tokens(text, end, min(len(text), end + pad * _LOOK_BACK), pad)
    before, low = _tokens_before(text, start, pad)
    wanted_before = max(pad // 2, pad - after)
    wanted_before = min(wanted_before, before)
    wanted_after = min(pad - wanted_before, after)
    if wanted_before:
        start = _start_before(text, low, start, wanted_before)
    if wanted_after:
        end = _words_end(wanted_after, text, end)
    more_before = TOKEN.search(text, 0, start) is not None
    more_after = TOKEN.search(text, end) is not None
    if not more_after:
        end = min(len(text), end + _TRAILING)
    piece = mark_words(text[start:end], query_words)
    return ("…" if more_before else "") + piece + ("…" if more_after else "")


def best_window(
    text: str, spots: list[tuple[int, int, int]], size: int, needed: set[int]
) -> tuple[int, int, int] | None:
    """The start and end of the best run of matches within ``size`` words, and how many
    words it spans; None when nothing matches. One pass over the matches (two pointers),
    ended by the first run holding every ``needed`` query word."""
    places: list[int] = []  # each match's word number, counted from the first match
    counts: dict[int, int] = {}
    left = 0
    best: tuple[tuple[int, int], int, int] | None = None
    for number, (start, _end, word) in enumerate(spots):
        if places:
            place = places[-1] + 1 + _count_tokens(text, spots[number - 1][1], start, size)
        else:
            place = 0
        places.append(place)
        counts[word] = counts.get(word, 0) + 1
        while place - places[left] >= size:
            gone = spots[left][2]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
        score = (len(counts), number - left + 1)
        if best is None or score > best[0]:
            best = (score, left, number)
        if needed <= counts.keys():
            break
    if best is None:
        return None
    _score, first, last = best
    return spots[first][0], spots[last][1], places[last] - places[first] + 1


@lru_cache(maxsize=64)
def _words_ahead(count: int) -> re.Pattern[str]:
    """Up to ``count`` words and what comes before each, from where it is matched."""
    return re.compile(r"(?:[\W_]*[^\W_]+){0," + str(count) + "}")


def _words_end(count: int, text: str, pos: int = 0) -> int:
    """Where up to ``count`` words from ``pos`` end (``pos`` itself when none follow)."""
    match = _words_ahead(count).match(text, pos)
    assert match is not None  # zero repetitions always match
    return match.end()


def _count_tokens(text: str, start: int, end: int, cap: int) -> int:
    """The words between ``start`` and ``end``, counted up to ``cap``; ``cap`` without
    counting when the stretch is longer than ``cap`` words of ordinary length."""
    if end - start > cap * _LOOK_BACK:
        return cap
    return min(cap, len(TOKEN.findall(text, start, end)))


def _tokens_before(text: str, start: int, count: int) -> tuple[int, int]:
    """How many whole words, up to ``count``, come just before ``start``, and where the
    stretch they were looked for in begins (a bounded one: enough for words of ordinary
    length)."""
    low = max(0, start - _LOOK_BACK * count)
    back = text[low:start][::-1]
    reach = _words_end(count, back)
    found = len(TOKEN.findall(back, 0, reach))
    if found and reach == len(back) and low > 0 and TOKEN.match(text, low - 1):
        found -= 1  # the stretch began inside a word
    return found, low


def _start_before(text: str, low: int, start: int, count: int) -> int:
    """Where the ``count``-th word before ``start`` starts (there are that many after
    ``low``)."""
    return start - _words_end(count, text[low:start][::-1])

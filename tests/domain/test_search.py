"""Snippets and marks of notes: words found by prefix, case and accents ignored, in work
that grows with the note's length, not its square."""

from __future__ import annotations

import pytest

from handover_tui.domain import search
from handover_tui.domain.search import END, START, mark_words, snippet

LONG = 1_000_000  # the largest note (domain.validation.MAX_NOTE_BODY)


def plain(text: str) -> str:
    return text.replace(START, "").replace(END, "")


def test_every_word_is_found_as_the_start_of_a_word_case_and_accents_ignored():
    text = "Renewals due; renewed RENEWAL, prerenew, Café Zoë in 東京, foo_renewal."
    assert mark_words(text, ["renew", "cafe", "zoë", "東京"]) == (
        f"{START}Renewals{END} due; {START}renewed{END} {START}RENEWAL{END}, prerenew, "
        f"{START}Café{END} {START}Zoë{END} in {START}東京{END}, foo_{START}renewal{END}."
    )
    assert mark_words("Cafe Zoe", ["café", "ZOË"]) == f"{START}Cafe{END} {START}Zoe{END}"
    assert mark_words("nothing here", ["renew"]) == "nothing here"


def test_a_snippet_centres_the_words_and_says_where_the_text_goes_on():
    words = " ".join(f"word{n}" for n in range(30))
    text = f"{words} moved to Rotterdam, near the Café Zoë. {words}"
    assert snippet(text, ["rotter", "zoe"]) == (
        f"…word28 word29 moved to {START}Rotterdam{END}, near the Café {START}Zoë{END}."
        " word0 word1 word2 word3 word4…"
    )
    assert snippet("They moved the main warehouse to Rotterdam.", ["rotterdam"]) == (
        f"They moved the main warehouse to {START}Rotterdam{END}."
    )
    assert snippet(words, ["absent"]) == " ".join(f"word{n}" for n in range(14)) + "…"
    assert snippet("", ["x"]) == "" and snippet("-- !!", ["x"]) == ""


def test_the_window_holding_every_word_wins_over_one_with_more_of_a_single_word():
    text = "renewal renewal renewal " + "filler " * 40 + "renewal and pricing " + "end " * 40
    found = snippet(text, ["renewal", "pricing"])
    assert f"{START}renewal{END} and {START}pricing{END}" in found
    assert found.startswith("…") and found.endswith("…")


def test_a_long_note_gets_the_snippet_of_its_first_matches():
    """The snippet of a note of a million characters is the one of its first few lines:
    what lies past them is never read for it."""
    line = "We discussed renewal pricing with the warehouse team again.\n"
    start = "Kick-off: the account moved to us in March.\n" + line * 3
    text = (start + line * (LONG // len(line)))[:LONG]
    assert len(text) == LONG
    assert snippet(text, ["renewal", "pricing"]) == snippet(start, ["renewal", "pricing"])
    assert snippet(text, ["renewal", "pricing"]) == (
        f"…to us in March.\nWe discussed {START}renewal{END} {START}pricing{END}"
        " with the warehouse team again.\nWe…"
    )


def test_the_window_is_found_in_one_pass_over_the_matches():
    """The best window is found reading each match a bounded number of times: FTS5's
    snippet() weighed every match against every other (a million reads for a thousand)."""

    class Counted(list):
        reads = 0

        def __getitem__(self, index):
            Counted.reads += 1
            return super().__getitem__(index)

        def __iter__(self):
            for item in super().__iter__():
                Counted.reads += 1
                yield item

    text = "renewal " * 20_000
    spots = Counted((8 * n, 8 * n + 7, 0) for n in range(20_000))
    window = search.best_window(text, spots, 14, needed={0, 1})  # word 1 is never found
    assert window == (0, 14 * 8 - 1, 14)  # the first full window of fourteen
    assert Counted.reads <= 4 * len(spots)


@pytest.mark.parametrize("accented", [False, True])
def test_the_matches_weighed_for_a_snippet_are_bounded(accented):
    """However many times a note names the words, a snippet weighs the first
    MATCHES_WEIGHED matches; marks (every match) are made on the snippet only."""
    word = "rénewal" if accented else "renewal"
    text = (f"{word} filler " * (LONG // 15))[:LONG]
    assert len(search.matches(text, ["renewal"])) == LONG // 15
    assert len(search.matches(text, ["renewal"], search.MATCHES_WEIGHED)) == 256
    found = snippet(text, ["renewal", "absent"])  # no window holds both: all weighed
    assert found.count(START) == 7 and len(found) < 120

"""Long texts are parsed in pieces and joined: same text, same offsets, same answers."""

from __future__ import annotations

from conftest import assert_offsets_valid
from hypothesis import given, settings
from hypothesis import strategies as st

from app.nlp.parsing import parse_texts, split_into_pieces
from app.service.extract import extract_many


@given(st.text(alphabet=st.sampled_from("ab \n\t\"'."), max_size=400),
       st.integers(min_value=2, max_value=60))
@settings(max_examples=300, deadline=None)
def test_pieces_rebuild_the_text_and_respect_the_limit(text, max_chars):
    pieces = split_into_pieces(text, max_chars)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces)
    assert all(pieces[:-1])  # no empty piece except a lone empty text


def test_pieces_end_at_line_breaks_then_spaces_then_the_limit():
    assert split_into_pieces("aaaa\nbbbb\ncc", 10) == ["aaaa\nbbbb\n", "cc"]
    assert split_into_pieces("aaaa bbbb cc", 10) == ["aaaa bbbb ", "cc"]
    assert split_into_pieces("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    assert split_into_pieces("short", 10) == ["short"]


ARTICLE = (
    "NATO Secretary General Jens Stoltenberg met ministers in Brussels on Tuesday.\n\n"
    "The alliance has sent weapons to Ukraine for two years.\n\n"
    "\"We need to replenish our own stocks,\" he said.\n\n"
    "Defence ministers agreed on new targets for ammunition.\n\n"
    "\"This is a long-term effort, and it will take years,\" Stoltenberg added.\n"
)


def test_a_text_parsed_in_pieces_gives_the_answers_of_the_whole(nlp):
    whole = next(extract_many(nlp, [(ARTICLE, None)]))[0]
    ((doc, context),) = parse_texts(nlp, [(ARTICLE, "id-1")], max_chars=100)
    assert context == "id-1"
    assert doc.text == ARTICLE
    pieces = {"quotes": doc._.quotes, "speakers": doc._.speakers}
    assert_offsets_valid(ARTICLE, pieces)

    def in_marks(result: dict) -> list[dict]:
        return [q for q in result["quotes"] if q["type"] in ("direct", "partial")]

    # the parser sees less context next to a cut, so the bounds of reported speech there may
    # move by a word or two (here "new targets for [ammunition]"); quotes in marks may not
    assert [q | {"id": None, "group": None} for q in in_marks(pieces)] == [
        q | {"id": None, "group": None} for q in in_marks(whole)]
    assert [q["cue"] for q in pieces["quotes"]] == [q["cue"] for q in whole["quotes"]]
    assert [q["speaker"]["name"] for q in in_marks(pieces)] == ["Jens Stoltenberg"] * 2


def test_pieces_of_several_texts_come_back_joined_and_in_order(nlp):
    items = [(ARTICLE, 0), ("\"Fine,\" she said.", 1), (ARTICLE * 2, 2)]
    results = list(parse_texts(nlp, items, batch_size=2, max_chars=80))
    assert [context for _, context in results] == [0, 1, 2]
    assert [doc.text for doc, _ in results] == [text for text, _ in items]
    assert len(results[2][0]._.quotes) == 2 * len(results[0][0]._.quotes)



def test_a_sentence_starts_after_a_blank_line_or_a_line_break_after_a_sentence_end(nlp):
    # the parser alone runs "Results by county" on into the paragraph after it
    doc = nlp("Results by county\n\nthe council met\nat noon and ended.\nIt rained")
    starts = [t.text for t in doc if t.is_sent_start and not t.is_space]
    assert starts == ["Results", "the", "It"]  # not "at": a line break inside a sentence

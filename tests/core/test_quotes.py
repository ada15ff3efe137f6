"""The pure quote finder: marks, pairing, apostrophes, continuation, robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.quotes import find_quote_spans


def texts(text: str) -> list[str]:
    return [q.text(text) for q in find_quote_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ('"We must act," he said.', ["We must act,"]),
    ("“We must act,” he said.", ["We must act,"]),
    ("„Wir handeln“, sagte er.", ["Wir handeln"]),
    ("« Nous agirons », a-t-il dit.", ["Nous agirons"]),
    ("»Wir handeln«, sagte er.", ["Wir handeln"]),
    ("‹Un› et ‹deux›", ["Un", "deux"]),
    ("‘We must act,’ he said.", ["We must act,"]),
    ("'We must act,' he said.", ["We must act,"]),
    ("''We must act,'' he said.", ["We must act,"]),
])
def test_every_mark_style_makes_a_quote(text, expected):
    assert texts(text) == expected


def test_spans_exclude_marks_and_keep_inner_punctuation():
    text = 'He said: "Really? Yes!" and left.'
    (quote,) = find_quote_spans(text)
    assert quote.text(text) == "Really? Yes!"
    assert text[quote.open_at] == '"' and text[quote.close_at - 1] == '"'


def test_single_quotes_nest_inside_double_quotes():
    text = "\"She told me, 'do this, do that,' and left,\" he said."
    (quote,) = find_quote_spans(text)
    assert quote.text(text) == "She told me, 'do this, do that,' and left,"
    assert [n.text(text) for n in quote.nested] == ["do this, do that,"]


def test_double_quotes_nest_inside_double_quotes():
    text = "“His claim that it “has to do with Israel” is absurd,” Klein wrote."
    (quote,) = find_quote_spans(text)
    assert quote.text(text) == "His claim that it “has to do with Israel” is absurd,"
    assert [n.text(text) for n in quote.nested] == ["has to do with Israel"]


def test_british_style_single_quotes_hold_nested_double_quotes():
    text = "'He called it \"nonsense\",' she said."
    (quote,) = find_quote_spans(text)
    assert quote.text(text) == 'He called it "nonsense",'
    assert [n.text(text) for n in quote.nested] == ["nonsense"]


@pytest.mark.parametrize("text, expected", [
    ("the rules for members' \"spending goals\" for fuel", ["spending goals"]),
    ("the rules for members’ “spending goals” for fuel", ["spending goals"]),
    ("We don't know, it's Stoltenberg's call, as in the '90s.", []),
    ("In the ’90s, he said 'never', and the boys' toys stayed.", ["never"]),
    ("'It's the boys' toys,' she said.", ["It's the boys' toys,"]),
    ("rock'n'roll and Stoltenberg’s \"plan\"", ["plan"]),
])
def test_apostrophes_are_never_quote_marks(text, expected):
    assert texts(text) == expected


def test_quote_continues_across_paragraphs_when_next_opens_with_a_mark():
    text = ('"The first paragraph of the statement.\n\n'
            '"The second paragraph ends it," she said.\n\nAfter.')
    (quote,) = find_quote_spans(text)
    assert quote.text(text) == ('The first paragraph of the statement.\n\n'
                                '"The second paragraph ends it,')
    assert quote.paragraphs == 2


def test_quote_runs_over_three_paragraphs():
    text = "“One.\n\n“Two.\n\n“Three,” he said. “Four.”"
    assert texts(text) == ["One.\n\n“Two.\n\n“Three,", "Four."]


@pytest.mark.parametrize("text", [
    'He said "this never closes.\n\nThe next paragraph has no mark, and "a real quote" here.',
    'A stray " mark here, then "a real quote" and more text.',
    'A stray closing mark” here, then “a real quote” and more.',
])
def test_unmatched_marks_never_swallow_the_article(text):
    quotes = texts(text)
    assert quotes == ["a real quote"]


def test_markup_attributes_are_not_quotes():
    text = '<tweet author="Someone" id="123">We "pray" for them.</tweet>'
    assert texts(text) == ["pray"]


def test_many_marks_in_a_row_do_not_break_pairing():
    text = '"' * 200_001
    assert all(q.start < q.end for q in find_quote_spans(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"“”‘’„«»‹›\n.,")) | st.characters(),
               max_size=300))
def test_any_text_gives_valid_nonoverlapping_spans(text):
    quotes = find_quote_spans(text)
    previous_end = -1
    for quote in quotes:
        assert 0 <= quote.open_at < quote.start < quote.end <= quote.close_at <= len(text)
        assert quote.start >= previous_end
        assert not text[quote.start].isspace() and not text[quote.end - 1].isspace()
        for nested in quote.nested:
            assert quote.start <= nested.start < nested.end <= quote.end
        previous_end = quote.close_at

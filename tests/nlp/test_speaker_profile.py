"""Who gets quoted: gender as the article says it (never guessed), anonymous sources and how the
article describes them, and the organisation it ties each speaker to."""

from __future__ import annotations

import pytest
from conftest import assert_offsets_valid


def speaker_of(analyse, text: str, quote: str) -> dict:
    result = analyse(text)
    assert_offsets_valid(text, result)
    return next(q["speaker"] for q in result["quotes"] if q["text"].startswith(quote))


@pytest.mark.parametrize("text, gender, kinds", [
    ('Ruth Alder spoke on Monday. "We will win," she said.', "female", {"pronoun"}),
    ('Mr. Tom Kemp spoke on Monday. "We will win," Kemp said.', "male", {"honorific"}),
    ('Ruth Alder, a spokeswoman for the port, said: "We will win."', "female", {"role_noun"}),
    ('"We will win," said Jordan Ellis.', None, set()),  # a first name says nothing
    ('"We will win," Hillary Clinton said.', None, set()),  # nor does a famous one
    ('The Alder family spoke on Monday. "We will win," they said.', None, set()),
])
def test_gender_is_what_the_article_says_and_nothing_else(analyse, text, gender, kinds):
    speaker = speaker_of(analyse, text, "We will")
    assert speaker["gender"] == gender
    assert {e["kind"] for e in speaker["gender_evidence"]} == kinds


def test_evidence_both_ways_gives_no_gender_and_lists_both(analyse):
    text = ('Ms. Jordan Ellis spoke on Monday. "We will win," he said.')
    speaker = speaker_of(analyse, text, "We will")
    if speaker["name"] == "Jordan Ellis":
        assert speaker["gender"] is None
        assert {e["says"] for e in speaker["gender_evidence"]} == {"female", "male"}


def test_conflicting_evidence_on_a_speaker_gives_no_gender(analyse):
    text = ('Jordan Ellis, a spokeswoman for the port, spoke on Monday. "We will win," Ellis '
            'said. "The ships are ready," Mr. Ellis added.')
    result = analyse(text)
    (speaker,) = [s for s in result["speakers"] if s["name"] == "Jordan Ellis"]
    assert speaker["gender"] is None
    assert {(e["says"], e["kind"]) for e in speaker["gender_evidence"]} == {
        ("female", "role_noun"), ("male", "honorific")}


def test_an_anonymous_source_is_flagged_with_the_words_that_describe_them(analyse):
    text = ('The talks stalled on Monday. A senior administration official who spoke on '
            'condition of anonymity said: "Nothing is agreed."')
    speaker = speaker_of(analyse, text, "Nothing")
    assert speaker["anonymous"] and speaker["kind"] == "person"
    assert speaker["description"]["text"] == ("A senior administration official who spoke on "
                                              "condition of anonymity")


@pytest.mark.parametrize("text, kind", [
    ('"We want jobs," the protesters shouted.', "group"),
    ('"The plan is sound," the report said.', "writing"),
])
def test_groups_and_writings_are_kept_apart_from_people(analyse, text, kind):
    speaker = speaker_of(analyse, text, '"'[1:] + text.split('"')[1][:4])
    assert speaker["anonymous"] and speaker["kind"] == kind


def test_a_named_speaker_is_not_anonymous(analyse):
    speaker = speaker_of(analyse, '"We will win," Ruth Alder said.', "We will")
    assert not speaker["anonymous"] and speaker["kind"] == "named"


@pytest.mark.parametrize("text, quote, affiliation", [
    ('Ruth Alder, a spokeswoman for Pfizer, said: "We will win."', "We will", "Pfizer"),
    ('NATO Secretary-General Jens Stoltenberg spoke. "We need stocks," he said.', "We need",
     "NATO"),
    ('Jeff Weaver, Sanders\'s campaign manager, said: "We will win."', "We will",
     "Sanders's campaign"),
    ('"We will look at it," a spokesman for Disney said.', "We will", "Disney"),
    ('"We will win," Ruth Alder said.', "We will", None),
])
def test_the_organisation_the_article_ties_a_speaker_to(analyse, text, quote, affiliation):
    speaker = speaker_of(analyse, text, quote)
    assert (speaker["affiliation"] or {}).get("text") == affiliation

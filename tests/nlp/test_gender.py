"""he and she agree with what the article shows of a person's gender."""

from __future__ import annotations

import pytest

from app.core.lexicon import load_lexicon
from app.nlp.gender import FEMALE, MALE, PersonWords
from app.nlp.names import NameIndex


@pytest.mark.parametrize("text, speaker", [
    ('Tom Kemp thanked Ruth Alder on Monday. "The harbour will reopen in May," she said.',
     "Ruth Alder"),
    ('Ruth Alder and Tom Kemp met on Monday. "The harbour will reopen in May," he said.',
     "Tom Kemp"),
])
def test_a_pronoun_is_not_given_to_a_person_of_the_other_gender(analyse, text, speaker):
    quote = analyse(text)["quotes"][0]
    assert quote["speaker"]["name"] == speaker


def test_gender_comes_from_honorifics_and_first_names_and_is_unknown_when_they_disagree(nlp):
    names = PersonWords(male=frozenset({"Tom"}), female=frozenset({"Ruth"}))
    doc = nlp("Tom Kemp met Ruth Alder. Mrs. Lee spoke to Mr. Park. Ms. Tom Ray and Sam Low left.")
    genders = {e.name: names.gender_of(e) for e in NameIndex(doc, load_lexicon()).entities
               if e.label == "PERSON"}
    assert genders.get("Tom Kemp") == MALE and genders.get("Ruth Alder") == FEMALE
    assert genders.get("Lee") == FEMALE and genders.get("Park") == MALE
    assert genders.get("Tom Ray") is None  # "Ms." and "Tom" disagree
    assert genders.get("Sam Low") is None


def test_short_forms_of_given_names_add_to_the_lists_without_overruling_them():
    words = PersonWords(male=frozenset({"Jan"}), listed=frozenset({"Jan", "Sam"}))
    more = words.with_short_names({"bill": MALE, "debbie": FEMALE, "jan": FEMALE, "sam": MALE})
    assert more.male == {"Jan", "Bill"} and more.female == {"Debbie"}  # "Sam" is either sex's


def test_the_shipped_short_forms_name_bill_and_debbie(nlp):
    words = nlp.get_pipe("quotetrace").person_words
    assert {"Bill", "Bernie", "Matt"} <= words.male and "Debbie" in words.female
    assert not words.male & words.female


@pytest.mark.parametrize("text, speaker", [
    ('Bill Clinton thanked Maria Alder on Monday. "The harbour will reopen in May," she said.',
     "Maria Alder"),
])
def test_a_pronoun_is_not_given_to_a_man_known_by_a_short_name(analyse, text, speaker):
    assert analyse(text)["quotes"][0]["speaker"]["name"] == speaker

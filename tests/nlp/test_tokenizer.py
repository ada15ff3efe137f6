"""Tokenizer adjustments: what the model reads of a word, the text left as sent."""

from __future__ import annotations

APOSTROPHE_NAME = ("Filmmaker and best-selling author Dinesh D’Souza made his prediction "
                   "about who the next president will be.")


def test_a_name_with_a_typographic_apostrophe_is_recognised(nlp):
    doc = nlp(APOSTROPHE_NAME)
    assert [(e.text, e.label_) for e in doc.ents] == [("Dinesh D’Souza", "PERSON")]
    assert doc.text == APOSTROPHE_NAME


def test_the_word_keeps_its_text_and_reads_as_the_straight_form(nlp):
    doc = nlp("O’Malley spoke.")
    assert doc[0].text == "O’Malley"
    assert (doc[0].norm_, doc[0].shape_) == ("o'malley", "X'Xxxxx")


def test_the_speaker_of_a_pronoun_is_the_name_with_the_apostrophe(analyse):
    text = (APOSTROPHE_NAME + ' After Glenn Beck asked the conservative who would win, '
            'D’Souza replied, “I would bet on Hillary.” “We should never confuse who we want '
            'to win with who is going to win,” he added.')
    in_marks = [q for q in analyse(text)["quotes"] if q["type"] in ("direct", "partial")]
    assert [q["speaker"]["mention"]["text"] for q in in_marks] == ["D’Souza", "he"]
    assert [q["speaker"]["name"] for q in in_marks] == ["Dinesh D’Souza"] * 2

"""What a speaker mention is, and the hard constraints on who can stand behind it."""

from __future__ import annotations

import pytest

from app.core.lexicon import load_lexicon
from app.nlp.document import QuoteDoc
from app.nlp.mentions import Mention, MentionKind, entity_kind, may_be, mention_kind


def parsed(nlp, text: str) -> QuoteDoc:
    component = nlp.get_pipe("quotetrace")
    return QuoteDoc(nlp(text), load_lexicon(), first_names=component.person_words.first_names)


def word(d: QuoteDoc, text: str):
    return next(t for t in d.doc if t.text == text)


@pytest.mark.parametrize("text, head, kind", [
    ('"We will win," Ruth Alder said.', "Alder", MentionKind.NAME),
    ('"We will win," he said.', "he", MentionKind.PERSON_PRONOUN),
    ('"We will win," I said.', "I", MentionKind.PERSON_PRONOUN),
    ('His office said "we will win."', "His", MentionKind.PERSON_PRONOUN),
    ('"We will win," they said.', "they", MentionKind.GROUP_PRONOUN),
    ('Officials who said "we will win" left.', "who", MentionKind.RELATIVE),
    ('"We will win," someone shouted.', "someone", MentionKind.INDEFINITE),
    ('"We will win," the senator said.', "senator", MentionKind.ROLE),
    ('"We will win," the group said.', "group", MentionKind.BODY),
    ('"We will win," the statement said.', "statement", MentionKind.WRITING),
    ('"We will win," the building said.', "building", MentionKind.THING),
])
def test_a_mention_is_typed_once(nlp, text, head, kind):
    d = parsed(nlp, text)
    component = nlp.get_pipe("quotetrace")
    assert mention_kind(d, word(d, head), component.person_words) is kind


def kinds(nlp, text: str) -> tuple[QuoteDoc, dict]:
    d = parsed(nlp, text)
    component = nlp.get_pipe("quotetrace")
    return d, {e.name: (e, entity_kind(d, e, component.person_words)) for e in d.names.entities}


def allowed(d: QuoteDoc, found: dict, head: str, kind: MentionKind) -> set[str]:
    token = word(d, head)
    mention = Mention(d.doc[token.i:token.i + 1], token, kind)
    return {name for name, (entity, entity_kind_) in found.items()
            if may_be(mention, entity, entity_kind_)}


def test_a_place_the_text_puts_things_in_never_speaks(nlp):
    d, found = kinds(nlp, 'Ruth Alder lives in France. "We will win," she said.')
    assert allowed(d, found, "she", MentionKind.PERSON_PRONOUN) == {"Ruth Alder"}
    assert "France" not in allowed(d, found, "she", MentionKind.GROUP_PRONOUN)


def test_he_never_stands_for_someone_the_article_calls_ms(nlp):
    d, found = kinds(nlp, 'Ms. Ruth Alder met Tom Kemp. "We will win," he said.')
    assert allowed(d, found, "he", MentionKind.PERSON_PRONOUN) == {"Tom Kemp"}


def test_a_name_only_on_a_headline_is_no_candidate_at_all(nlp):
    d, found = kinds(nlp, 'Harbour Chief Dana Wolfe Wins Again\n\n"We will win," said Tom Kemp.')
    assert "Dana Wolfe" not in found and "Tom Kemp" in found


def test_a_thing_is_nobody_but_a_person_a_rule_finds(nlp):
    d, found = kinds(nlp, 'Ruth Alder and the Harbour Trust met. "We will win," the building '
                          'said.')
    assert allowed(d, found, "building", MentionKind.THING) == {"Ruth Alder"}

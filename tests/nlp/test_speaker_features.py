"""Every feature the speaker scorer weighs, each with an example: the candidates of a mention
and what each carries."""

from __future__ import annotations

import pytest

from app.core.speaker_model import SpeakerModel


@pytest.fixture
def learned(nlp, monkeypatch):
    """The component deciding speakers with a model (its weights do not matter here)."""
    component = nlp.get_pipe("quotetrace")
    monkeypatch.setattr(component, "speaker_model", SpeakerModel({}))
    return component


def candidates(nlp, component, text: str, quote: str) -> dict[str | None, dict]:
    """The candidates of the speaker decision of the quote that starts with ``quote``, by name
    (None: nobody named), with their features."""
    doc = nlp(text)
    for span, _, decision in component.speaker_decisions(doc):
        if text[span.start:].startswith(quote):
            return {(s.candidate.name if s.candidate.key is not None else None):
                    dict(s.candidate.features) for s in decision.ranked}
    raise AssertionError(f"no decision for {quote!r}")


ALDER_WOLFE = ('Mayor Ruth Alder met Dana Wolfe on Monday. Alder praised the plan. "We will '
               'win," she said.')
EXAMPLES = [
    # which rules proposed it, how, and who came close
    (ALDER_WOLFE, "We will", "Ruth Alder", "rule:salience"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "rule:salience|person_pronoun"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "via:pronoun"),
    ('Ruth Alder and Dana Wolfe spoke on Monday. "We will win," she said.', "We will",
     "Dana Wolfe", "close:salience"),
    ('Ruth Alder met Dana Wolfe and Tom Kemp. Kemp left. Wolfe stayed. Kemp came back. "We '
     'will win," she said.', "We will", "Tom Kemp", "unproposed"),
    # the rules' order: the first proposal a candidate stands for, and the next
    (ALDER_WOLFE, "We will", "Ruth Alder", "order:first"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "order:first|person_pronoun"),
    ('Harbour Mayor Ruth Alder met Tom Kemp. "The plan is sound," the mayor said.', "The plan",
     "Ruth Alder", "order:first|role"),
    ('Ruth Alder and Dana Wolfe spoke on Monday. "We will win," she said.', "We will",
     "Dana Wolfe", "order:second"),
    # what the entity is
    (ALDER_WOLFE, "We will", "Ruth Alder", "label:PERSON|person_pronoun"),
    ('The Washington Post ran the story. "We stand by it," the newspaper said.', "We stand",
     "Washington Post", "outlet|body"),
    # where it was named
    ('Ruth Alder met Dana Wolfe. Alder nodded as "we will win," she said.', "we will",
     "Ruth Alder", "recency:same"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "recency:1"),
    (ALDER_WOLFE, "We will", "Dana Wolfe", "recency:2"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "last_as:subject"),
    (ALDER_WOLFE, "We will", "Dana Wolfe", "last_as:object"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "introduced:2"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "nearest:first"),
    (ALDER_WOLFE, "We will", "Dana Wolfe", "nearest:second"),
    ('Ruth Alder met Dana Wolfe on Monday. "We will win," she said, and Alder left.', "We will",
     "Ruth Alder", "after:same_sentence"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "subject:previous"),
    ('Ruth Alder met Dana Wolfe. Alder nodded as "we will win," she said.', "we will",
     "Ruth Alder", "subject:here"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "main"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "mentions:2-3"),
    (ALDER_WOLFE, "We will", "Dana Wolfe", "mentions:1"),
    # who spoke just before
    ('"The plan is sound," Ruth Alder said. Dana Wolfe disagreed. "We will win," she said.',
     "We will", "Ruth Alder", "spoke:last"),
    ('"The plan is sound," Ruth Alder said. Dana Wolfe disagreed. "We will win," she said.',
     "We will", "Ruth Alder", "spoke:nearby"),
    # he or she against what the article says
    ('Tom Kemp met Ruth Alder. She smiled. "We will win," he said.', "We will", "Ruth Alder",
     "gender:article_clashes"),
    ('Tom Kemp met Mary Wolfe. "We will win," he said.', "We will", "Mary Wolfe",
     "gender:first_name_clashes"),
    ('Tom Kemp met Mary Wolfe. "We will win," he said.', "We will", "Tom Kemp",
     "first_name:listed"),
    # a role against what the article called the person
    ('Ruth Alder, a filmmaker, met Tom Kemp. "The plan is sound," the filmmaker said.',
     "The plan", "Ruth Alder", "role:described"),
    ('Harbour Mayor Ruth Alder met Tom Kemp. "The plan is sound," the mayor said.', "The plan",
     "Ruth Alder", "role:title_overlap"),
    ('Ruth Alder won the nomination. Alder met Tom Kemp. Alder smiled. "The plan is sound," '
     'the nominee said.', "The plan", "Ruth Alder", "role:public_main"),
    # salience
    (ALDER_WOLFE, "We will", "Ruth Alder", "salience|person_pronoun"),
    (ALDER_WOLFE, "We will", "Ruth Alder", "salience:first|person_pronoun"),
    # nobody named
    (ALDER_WOLFE, "We will", None, "unnamed|person_pronoun"),
    ('"We will win," someone shouted.', "We will", None, "unnamed:only_candidate"),
    ('"We will win," a spokesman said.', "We will", None, "unnamed:no_entity_proposed|role"),
    ('"We will win," a spokesman said.', "We will", None, "unnamed:indefinite"),
    ('An organizer greeted the crowd. Ruth Alder waved. "We will win," the organizer said.',
     "We will", None, "unnamed:introduced_before"),
    ('"We will win," officials said.', "We will", None, "unnamed:plural"),
    ('A doctor met Tom Kemp. "We will win," she said.', "We will", None, "unnamed:salience"),
]


@pytest.mark.parametrize("text, quote, name, feature", EXAMPLES,
                         ids=[example[3] for example in EXAMPLES])
def test_a_feature_and_its_example(nlp, learned, text, quote, name, feature):
    found = candidates(nlp, learned, text, quote)
    assert name in found, sorted(found, key=str)
    assert feature in found[name], found[name]


def test_only_the_first_two_proposals_are_in_order(nlp, learned):
    found = candidates(nlp, learned, ALDER_WOLFE, "We will")
    marked = [name for name, features in found.items() if "order:first" in features]
    assert marked == ["Ruth Alder"]
    assert sum("order:second" in features for features in found.values()) <= 1


def test_a_person_is_never_their_own_wife(nlp, learned):
    found = candidates(nlp, learned, 'Tom Kemp spoke on Monday. "We will win," his wife said.',
                       "We will")
    assert "Tom Kemp" not in found


def test_a_writing_whose_author_is_given_speaks_for_nobody_else(nlp, learned):
    found = candidates(nlp, learned, 'A letter signed by Ruth Alder reached the council on '
                       'Monday. Tom Kemp declined to comment. "We object," the letter said.',
                       "We object")
    assert [name for name in found if name is not None] == ["Ruth Alder"]

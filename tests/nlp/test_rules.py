"""Every rule of the config: an example it decides, and what switching it off changes.

Each rule has an example (a text through the whole pipeline, or a hand-parsed document where
the statistical parser would not reliably give the parse the rule is about). The example's
answer must name the rule in its trace; with the rule switched off, no answer names it, and
every answer that differs overlaps one whose trace named it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from conftest import hand_parsed
from spacy.language import Language
from spacy.tokens import Doc, Token

from app.core.lexicon import load_lexicon
from app.core.options import Options
from app.eval.quotes import trace_rules
from app.nlp.attribution import attribute_quotes
from app.nlp.coreference import Coreference, NoCoreference
from app.nlp.rules import RuleSet, all_rule_names


class ChainTo(NoCoreference):
    """A coreference stub: the role noun ``role`` is in one chain with the text's first token."""

    def __init__(self, role: str) -> None:
        self.role = role

    def chain_tokens(self, token: Token) -> list[Token]:
        return [token.doc[0]] if token.lower_ == self.role else []


@dataclass(frozen=True)
class Example:
    text: str | Callable[[Language], Doc]  # a text for the pipeline, or a hand-parsed doc
    disabled: tuple[str, ...] = ()  # rules before it that would decide first
    options: dict = field(default_factory=dict)
    coreference: Coreference | None = None  # default: the component's for pipeline texts


ALDER = "Mayor Ruth Alder spoke on Monday. "

NEAREST_CUE_VERB = """
    Her her PRP$ PRON poss 1 O
    address address NN NOUN nsubj 12 O
    , , , PUNCT punct 1 O
    where where WRB ADV advmod 5 O
    Kemp Kemp NNP PROPN nsubj 5 B-PERSON
    mocked mock VBD VERB relcl 1 O
    the the DT DET det 9 O
    “ “ `` PUNCT punct 9 O
    harbour harbour NN NOUN compound 9 O
    plan plan NN NOUN dobj 5 O
    , , , PUNCT punct 5 O
    ” ” '' PUNCT punct 5 O
    listed list VBD VERB ccomp 17 O
    ten ten CD NUM nummod 14 O
    studies study NNS NOUN dobj 12 O
    , , , PUNCT punct 17 O
    Alder Alder NNP PROPN nsubj 17 B-PERSON
    said say VBD VERB ROOT 17 O
    . . . PUNCT punct 17 O
    """

PROPER_NOUN = """
    Ruth Ruth NNP PROPN compound 1 B-PERSON
    Alder Alder NNP PROPN nsubj 2 I-PERSON
    spoke speak VBD VERB ROOT 2 O
    . . . PUNCT punct 2 O
    “ “ `` PUNCT punct 11 O
    We we PRP PRON nsubj 6 O
    are be VBP AUX ccomp 11 O
    ready ready JJ ADJ acomp 6 O
    , , , PUNCT punct 6 O
    ” ” '' PUNCT punct 11 O
    Alder Alder NNP PROPN nsubj 11 O
    said say VBD VERB ROOT 11 O
    . . . PUNCT punct 11 O
    """

ROLE_CHAIN = """
    Ruth Ruth NNP PROPN compound 1 B-PERSON
    Alder Alder NNP PROPN nsubj 2 I-PERSON
    spoke speak VBD VERB ROOT 2 O
    . . . PUNCT punct 2 O
    “ “ `` PUNCT punct 12 O
    We we PRP PRON nsubj 6 O
    are be VBP AUX ccomp 12 O
    ready ready JJ ADJ acomp 6 O
    , , , PUNCT punct 6 O
    ” ” '' PUNCT punct 12 O
    the the DT DET det 11 O
    mayor mayor NN NOUN nsubj 12 O
    said say VBD VERB ROOT 12 O
    . . . PUNCT punct 12 O
    """

EXAMPLES: dict[str, Example] = {
    # turns
    "transcript_turn": Example("TAPPER: Are you running?\n\nSMITH: Not this year.\n\n"
                               "TAPPER: Why not?\n\nSMITH: My family comes first."),
    "interview_turn": Example("Ruth Alder, the harbour's mayor, spoke with The Harbour Times.\n\n"
                              "Q: Will the harbour reopen?\n\nA: Yes, in May.\n\n"
                              "Q: And the boats?\n\nA: They will be ready."),
    "headline_attribution": Example("Mayor Alder: The harbour will reopen in May\n\n"
                                    "The mayor spoke on Monday."),
    "inline_turn": Example("“HOST: Are you running this year? SMITH: Not this year, no.”"),
    # kind and titles
    "clause_opening": Example(ALDER + '"The harbour will reopen in May," she said.'),
    "cue_verb_before": Example('Mayor Ruth Alder said "The harbour will reopen in May."'),
    "title_by_author": Example('She read "The Long Road Home," by Jane Smith, on the train.',
                               options={"include_scare_quotes": True}),
    "title_after_work_noun": Example('Ruth Alder spoke about her book, "An Ordinary Harbour."',
                                     options={"include_scare_quotes": True}),
    "title_in_sentence": Example('Ruth Alder appeared on "Meet the Press" on Sunday.',
                                 options={"include_scare_quotes": True}),
    # cues
    "dash_byline": Example('"The harbour will reopen in May." — Ruth Alder'),
    "colon_name": Example("Analysts agree - Jane Smith: “The harbour will reopen in May.”"),
    "verb_closed_by_colon": Example('Kemp said as Alder yelled: "The harbour will reopen in May!"'),
    "asked_question": Example('Asked whether the harbour was "ready to reopen in May," most of '
                              'the dockers said yes.'),
    "verb_after": Example('"The harbour will reopen in May," Ruth Alder said.'),
    "mistagged_verb_after": Example('"Ports are busy," the editorial read.'),
    "governing_verb_before": Example('Ruth Alder warned, "The harbour will reopen in May."'),
    "according_to": Example('According to Ruth Alder, "the harbour will reopen in May."'),
    "verb_before": Example('The economy, Alder said, "will recover by May," and the harbour '
                           'too.'),
    "governing_verb_in_sentence": Example(
        'Ruth Alder added that the port would "reopen in May" to the meeting, where the dockers '
        '"cheered loudly."'),
    "colon_clause": Example('Ruth Alder issued the following statement: "The harbour will '
                            'reopen in May."'),
    "speech_noun": Example('Ruth Alder issued a statement, "The harbour will reopen in May."'),
    # refined cues
    "nearest_cue_verb": Example(lambda nlp: hand_parsed(nlp, NEAREST_CUE_VERB, {0})),
    "outermost_report": Example('Ruth Alder said she believes the dockers have "the wind at '
                                'their backs" this year.'),
    "cited_source": Example('"The harbour will reopen in May," Ruth Alder said, according to a '
                            'transcript.'),
    # quoted words held by a report, a reporting verb or a label
    "holding_report": Example('A harbour report found "no evidence that the water was unsafe" '
                              'last year.'),
    "governing_report_verb": Example('A harbour report found "no evidence that the water was '
                                     'unsafe" last year.', disabled=("holding_report",)),
    "label": Example('Senator Dana Wolfe spoke on Monday. She pronounced the plan "a good '
                     'start."'),
    # reported speech
    "according_to_report": Example("According to Ruth Alder, the harbour will reopen in May."),
    "seeming": Example("The harbour seemed to be ready for the season."),
    "report_verb": Example("Ruth Alder said the harbour will reopen in May."),
    "learned_report": Example("Ruth Alder hopes to win the nomination."),
    # speakers of quotes with no cue
    "continuation": Example('"The harbour will reopen in May," Ruth Alder said. "We are ready '
                            'for it."'),
    "report_before": Example('Ruth Alder says the deal is off. "We will not sign anything this '
                             'year."'),
    "clause_subject": Example('Officials credited the recovery to "a summer of steady hiring in '
                              'the warehouses."'),
    "clause_before_comma": Example('Earlier this week, Ruth Alder shared her worries with an '
                                   'audience at the harbour, "I do not know what will happen '
                                   'to the boats this year."'),
    "nearby": Example('"The harbour will reopen in May," Ruth Alder said. The crowd cheered. '
                      '"We will all be there on the first day of the season."',
                      disabled=("report_before",)),
    # mention to entity
    "relative_antecedent": Example('Officials who said "the harbour is not safe" were wrong.'),
    "written_name": Example('"The harbour will reopen in May," Ruth Alder said.'),
    "salience": Example('Mayor Ruth Alder answered Dana Wolfe on Monday. "The harbour will '
                        'reopen in May," she said.'),
    "only_person_nearby": Example(ALDER + '"The harbour will reopen in May," she said.',
                                  disabled=("salience",)),
    "coreferee": Example('Tom Kemp met Ruth Alder on Monday. "The harbour will reopen in May," '
                         'he said.', disabled=("salience", "only_person_nearby")),
    "nearest_entity": Example('The Harbour Trust met on Monday. "The harbour will reopen in '
                              'May," they said.', disabled=("coreferee",)),
    "proper_noun": Example(lambda nlp: hand_parsed(nlp, PROPER_NOUN, {0, 4})),
    "document_author": Example('The Harbour Trust released a statement on Monday. "We will '
                               'win," the statement said.'),
    "role_apposition": Example('"The harbour will reopen in May," the spokesman, John Kirby, '
                               'said.'),
    "role_chain": Example(lambda nlp: hand_parsed(nlp, ROLE_CHAIN, {0, 4}),
                          coreference=ChainTo("mayor")),
    "role_salience": Example('Ruth Alder, a filmmaker, met Tom Kemp on Monday. "The plan is '
                             'sound," the filmmaker said.'),
    "role_title": Example('Harbour Mayor Ruth Alder spoke on Monday. Tom Kemp listened. "The '
                          'harbour will reopen in May," the mayor said.',
                          disabled=("role_salience",)),
}


def answers(nlp: Language, example: Example, disabled: tuple[str, ...]) -> list[dict]:
    """Every quote and report of the example, with ``disabled`` rules switched off."""
    component = nlp.get_pipe("quotetrace")
    hand_made = callable(example.text)
    doc = example.text(nlp) if hand_made else nlp(example.text)
    coreference = example.coreference or (NoCoreference() if hand_made
                                          else component.coreference_for(doc))
    return attribute_quotes(doc, load_lexicon(), Options(**example.options), coreference,
                            component.report_model, RuleSet.from_config(disabled=disabled),
                            component.person_words).to_dict()["quotes"]


def answer(quote: dict) -> dict:
    """A quote's answer, less its ids, trace, and the speaker's gender evidence (which reads
    every quote given to that speaker, so it moves with quotes no rule of its own decided)."""
    speaker = quote["speaker"] and {k: v for k, v in quote["speaker"].items()
                                    if k not in ("gender", "gender_evidence")}
    return {**{k: v for k, v in quote.items() if k not in ("id", "group", "rule")},
            "speaker": speaker}


def test_every_rule_has_an_example():
    assert sorted(EXAMPLES) == sorted(all_rule_names())


@pytest.mark.parametrize("rule", all_rule_names())
def test_a_rule_decides_its_example_and_switched_off_changes_only_what_it_decided(nlp, rule):
    example = EXAMPLES[rule]
    before = answers(nlp, example, example.disabled)
    after = answers(nlp, example, (*example.disabled, rule))
    named = [q for q in before if rule in trace_rules(q)]
    assert named, [q["rule"] for q in before]
    assert not any(rule in trace_rules(q) for q in after)
    kept = [answer(q) for q in before]
    differing = ([q for q in before if answer(q) not in [answer(a) for a in after]]
                 + [q for q in after if answer(q) not in kept])
    for quote in differing:
        assert any(quote["start"] < n["end"] and n["start"] < quote["end"] for n in named), quote


def test_the_trace_of_a_quote_that_goes_on_names_the_rules_of_the_one_before(analyse):
    quotes = analyse('"The harbour will reopen in May," Ruth Alder said. "We are ready."')["quotes"]
    assert quotes[1]["rule"] == {"kind": "clause_opening", "cue": [],
                                 "speaker": ["continuation", "verb_after", "written_name",
                                             "proper_noun"],
                                 "decision": quotes[0]["rule"]["decision"]}
    assert quotes[1]["confidence"] == round(quotes[0]["confidence"] * 0.85, 3)


def test_rules_can_be_reordered_and_unknown_names_are_refused():
    rules = RuleSet.from_config({"uncued": ["nearby", "continuation"]})
    assert [s.name for s in rules.uncued] == ["nearby", "continuation"]
    with pytest.raises(ValueError, match="unknown cue rule"):
        RuleSet.from_config({"cue": ["no_such_rule"]})
    with pytest.raises(ValueError, match="unknown rule stage"):
        RuleSet.from_config({"cues": []})
    with pytest.raises(ValueError, match="to disable"):
        RuleSet.from_config(disabled=["no_such_rule"])

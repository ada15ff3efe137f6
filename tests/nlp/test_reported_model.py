"""The learned reported-speech pass: candidates, sources, scoring, and how its reports join the
rules' (with hand-set weights, so the mechanics are tested apart from what training learned)."""

from __future__ import annotations

import math

import pytest
from conftest import assert_offsets_valid

from app.core.lexicon import load_lexicon
from app.core.options import Options
from app.core.results import QuoteType
from app.nlp.attribution import attribute_quotes, report_candidates
from app.nlp.coreference import NoCoreference
from app.nlp.reported_model import ReportModel, find_candidates, load_report_model

REPORTED = Options(types=frozenset({QuoteType.INDIRECT, QuoteType.MIXED}))


def parsed(nlp, text: str):
    with nlp.select_pipes(disable=["quotetrace"]):
        return nlp(text)


def candidates_of(nlp, text: str) -> dict[str, str | None]:
    """Each candidate the rules leave: its text → its source's text."""
    doc = parsed(nlp, text)
    return {doc[c.first:c.last + 1].text: c.source.text if c.source is not None else None
            for c in report_candidates(doc, load_lexicon())}


def test_every_complement_outside_quotation_marks_is_a_candidate(nlp):
    doc = parsed(nlp, 'Warren criticized the plan and called it "a gift to the banks."')
    inside = [t.i for t in doc if t.text in ("gift", "banks")]
    quote_of = [0 if inside[0] - 2 <= t.i <= inside[-1] + 1 else -1 for t in doc]
    heads = {c.head.text for c in find_candidates(doc, quote_of)}
    assert {"criticized", "called"} <= heads and "gift" not in heads


def reports(nlp, text: str, model: ReportModel | None) -> list[dict]:
    result = attribute_quotes(parsed(nlp, text), load_lexicon(), REPORTED, NoCoreference(),
                              model).to_dict()
    assert_offsets_valid(text, result)
    return result["quotes"]


def test_the_object_of_a_preposition_is_a_candidate_whose_source_is_the_verbs_subject(nlp):
    assert candidates_of(nlp, "Clinton took aim at Sanders.").get("Sanders") == "Clinton"


def test_a_nouns_possessor_holds_the_view(nlp):
    found = candidates_of(nlp, "His deep reluctance to send troops was clear.")
    assert found.get("to send troops") == "His"


def test_an_adjectives_source_is_the_subject_of_its_verb(nlp):
    found = candidates_of(nlp, "Mr. Tobias was not optimistic about the deal.")
    assert found.get("the deal") == "Tobias"


def test_score_is_the_logistic_of_bias_and_weights():
    model = ReportModel({"a": 1.0, "b": -0.5}, 0.25, 0.5)
    assert model.score(["a", "b", "unknown"]) == pytest.approx(1 / (1 + math.exp(-0.75)))
    assert model.score([]) == pytest.approx(1 / (1 + math.exp(-0.25)))
    assert 0.0 < ReportModel({"a": 1e6}, 0.0, 0.5).score(["a"]) <= 1.0  # no overflow


def test_a_candidate_above_the_threshold_becomes_a_report_with_its_source(nlp):
    text = "Clinton took aim at Sanders on Tuesday."
    assert reports(nlp, text, None) == []
    model = ReportModel({"rel=prep:at": 4.0}, -2.0, 0.5)
    found = reports(nlp, text, model)
    assert [(q["text"], q["type"], q["speaker"]["mention"]["text"]) for q in found] == [
        ("Sanders", "indirect", "Clinton")]
    # the model's probability lowers the confidence of what it found
    assert found[0]["confidence"] < reports(nlp, "Clinton said Sanders was wrong.", None)[0][
        "confidence"]
    assert reports(nlp, text, ReportModel({"rel=prep:at": 4.0}, -2.0, 0.99)) == []


def test_learned_reports_overlap_no_rule_report_nor_each_other(nlp):
    text = ("Clinton said Sanders was wrong about the banks. Sanders took aim at Clinton's "
            "plan to regulate Wall Street, and his aides attacked her record on trade.")
    rules = [(q["start"], q["end"], q["type"]) for q in reports(nlp, text, None)]
    everything = [(q["start"], q["end"], q["type"])  # every candidate passes
                  for q in reports(nlp, text, ReportModel({}, 10.0, 0.5))]
    assert [q for q in everything if q in rules] == rules
    spans = sorted((start, end) for start, end, _ in everything)
    assert len(spans) > len(rules)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))


def test_words_wholly_in_quotation_marks_are_left_to_the_direct_quote(nlp):
    text = 'Clinton took aim at "the banks that crashed the economy."'
    found = reports(nlp, text, ReportModel({}, 10.0, 0.5))
    assert all(not q["text"].startswith("the banks") for q in found)


def test_quoted_words_inside_a_learned_report_are_not_given_its_speaker(nlp):
    text = 'Clinton took aim at the "casino" culture of the banks.'
    result = attribute_quotes(parsed(nlp, text), load_lexicon(), Options(), NoCoreference(),
                              ReportModel({}, 10.0, 0.5)).to_dict()
    assert not any(q["type"] == "partial" and q["speaker"] for q in result["quotes"])


def test_the_shipped_model_loads_and_tells_a_stance_from_an_event(nlp):
    model = load_report_model()
    assert model.weights and 0.0 < model.threshold < 1.0

    def best(text: str) -> float:
        doc = parsed(nlp, text)
        return max((model.score(c.features) for c in report_candidates(doc, load_lexicon())),
                   default=0.0)

    stance = best("Senator Sanders hopes to win the nomination.")
    event = best("The truck drove into the crowd on Tuesday.")
    assert stance >= model.threshold > event


def test_the_component_can_run_without_the_learned_pass(nlp):
    from app.nlp.component import QuoteTrace

    assert nlp.get_pipe("quotetrace").report_model is not None
    assert QuoteTrace(nlp, "none", False, 4, learned_reports=False).report_model is None


def test_the_reader_is_no_source(nlp):
    found = reports(nlp, "By signing up you are agreeing to our Terms of Use.",
                    ReportModel({}, 10.0, 0.5))
    assert all(q["speaker"] is None or q["speaker"]["mention"]["text"].lower() != "you"
               for q in found)

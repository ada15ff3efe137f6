"""Reported speech (indirect and mixed quotes) on texts written for these tests."""

from __future__ import annotations

import pytest
from conftest import assert_offsets_valid

from app.core.results import QuoteType

INTRO = "NATO Secretary-General Jens Stoltenberg spoke in Brussels on Tuesday. "
REPORTED = {"types": frozenset({QuoteType.INDIRECT, QuoteType.MIXED})}


def reported(analyse, sentence: str) -> list[dict]:
    text = INTRO + sentence
    result = analyse(text, **REPORTED)
    assert_offsets_valid(text, result)
    return result["quotes"]


@pytest.mark.parametrize("sentence, content, cue", [
    ("Stoltenberg said the alliance was ready.", "the alliance was ready", "said"),
    ("Stoltenberg said that the alliance was ready.", "that the alliance was ready", "said"),
    ("Stoltenberg told reporters that the alliance was ready.", "that the alliance was ready",
     "told"),
    ("According to Stoltenberg, the alliance is ready.", "the alliance is ready", "According to"),
    ("The alliance is ready, according to Stoltenberg.", "The alliance is ready", "according to"),
    ("Stoltenberg warned that Russia would test the alliance.",
     "that Russia would test the alliance", "warned"),
    ("Stoltenberg claimed the alliance had never been stronger.",
     "the alliance had never been stronger", "claimed"),
    ("Stoltenberg argued that members should spend more.", "that members should spend more",
     "argued"),
    ("Stoltenberg denied that the alliance was divided.", "that the alliance was divided",
     "denied"),
    ("Stoltenberg announced that NATO would open a new office.",
     "that NATO would open a new office", "announced"),
    ("The alliance is ready, Stoltenberg said on Tuesday.", "The alliance is ready", "said"),
    ("Stoltenberg accused Russia of breaking the treaty.", "Russia of breaking the treaty",
     "accused"),
])
def test_each_construction_gives_content_cue_and_speaker(analyse, sentence, content, cue):
    (quote,) = reported(analyse, sentence)
    assert quote["type"] == "indirect"
    assert quote["text"] == content
    assert quote["cue"]["text"] == cue
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["sentence"]["text"] == sentence


def test_pronoun_speaker_resolves_like_a_direct_quote(analyse):
    (quote,) = reported(analyse, "He said the alliance was ready.")
    assert quote["speaker"]["mention"]["text"] == "He"
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["speaker"]["resolved_by"] == "coreference"


def test_a_cue_inside_the_content_splits_it_into_one_group(analyse):
    first, second = reported(analyse, "The alliance, Stoltenberg said, is ready for a long war.")
    assert (first["text"], second["text"]) == ("The alliance", "is ready for a long war")
    assert first["group"] == second["group"] == first["id"]


def test_mixed_content_keeps_its_partial_quote(analyse):
    text = INTRO + 'Stoltenberg said NATO must "replenish our own stocks" soon.'
    mixed, partial = analyse(text)["quotes"]
    assert mixed["type"] == "mixed"
    assert mixed["text"] == 'NATO must "replenish our own stocks" soon'
    assert partial["type"] == "partial"
    assert mixed["start"] < partial["start"] < partial["end"] < mixed["end"]


def test_what_is_said_inside_the_content_is_not_a_claim_of_its_own(analyse):
    (quote,) = reported(analyse, "Stoltenberg said he wants to support Ukraine for years.")
    assert quote["text"] == "he wants to support Ukraine for years"


def test_a_direct_quote_is_not_also_reported_speech(analyse):
    assert reported(analyse, '"We are ready," he said.') == []


def test_reported_speech_with_nobody_named_has_no_speaker(analyse):
    # the asker is not named
    (quote,) = reported(analyse, "Stoltenberg was asked whether the alliance was ready.")
    assert quote["speaker"] is None
    assert quote["confidence"] < 0.5


def test_what_seems_is_its_subject_and_its_complement(analyse):
    subject, complement = reported(analyse, "The talks appeared to stall on Friday.")
    assert (subject["text"], complement["text"]) == ("The talks", "stall on Friday")
    assert subject["speaker"] is None and complement["speaker"] is None
    assert subject["group"] == complement["group"]
    assert subject["cue"]["text"] == "appeared to"


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker(analyse):
    (quote,) = reported(analyse, "Stoltenberg, who met ministers, said the mood was good.")
    assert quote["speaker"]["mention"]["text"] in ("Stoltenberg", "who")
    assert quote["speaker"]["name"] == "Jens Stoltenberg"


def test_types_option_chooses_what_comes_back(analyse):
    text = INTRO + '"We are ready," he said. Stoltenberg said the alliance was ready.'
    assert [q["type"] for q in analyse(text)["quotes"]] == ["direct", "indirect"]
    only_direct = analyse(text, types=frozenset({QuoteType.DIRECT}))
    assert [q["type"] for q in only_direct["quotes"]] == ["direct"]
    assert [q["type"] for q in analyse(text, **REPORTED)["quotes"]] == ["indirect"]


def test_mixed_content_keeps_both_of_its_quotation_marks(analyse):
    (quote,) = reported(analyse, 'Stoltenberg said “the mood is good” after the talks.')
    assert quote["text"] == "“the mood is good” after the talks"


def test_what_is_expected_by_nobody_named_is_its_subject_and_complement(analyse):
    subject, complement = reported(analyse, "The alliance is expected to approve the plan.")
    assert (subject["text"], complement["text"]) == ("The alliance", "approve the plan")
    assert subject["speaker"] is None and subject["group"] == complement["group"]


@pytest.mark.parametrize("sentence, content, cue", [
    ("Stoltenberg called for an inquiry into the attack.", "an inquiry into the attack",
     "called for"),
    ("Stoltenberg talked about the cost of the new base.", "the cost of the new base",
     "talked about"),
])
def test_what_a_report_is_about(analyse, sentence, content, cue):
    (quote,) = reported(analyse, sentence)
    assert quote["text"] == content
    assert quote["cue"]["text"] == cue
    assert quote["speaker"]["name"] == "Jens Stoltenberg"


def test_content_mostly_in_quotation_marks_is_mixed(analyse):
    quotes = reported(analyse, 'Stoltenberg said that Russia "has to bring its troops home and '
                               'stop the war at once."')
    assert [(q["type"], q["text"][:12]) for q in quotes] == [("mixed", "that Russia ")]


def test_reported_speech_stays_in_its_paragraph(analyse):
    # a scraped footer: no full stops, so the parser runs one sentence over the lines
    text = ("You can unsubscribe whenever you like.\n"
            "By signing up you are agreeing to our Terms of Use and Privacy Policy\n"
            "Company\nAbout Us\nOur Team\nDiversity\nNews\nArchive\nPolicies and Standards\n"
            "Mission Statement\nLeadership\nNewsletters\nPress Center\nEditions:\n"
            "Global Edition\nContact\nAdvertise\nCareers\n")
    result = analyse(text, **REPORTED)
    assert all("\n" not in q["text"] for q in result["quotes"])
    first_lines = text.index("Company")
    assert all(q["start"] < first_lines for q in result["quotes"])


@pytest.mark.parametrize("sentence, mention", [
    ("Of the diplomats asked, 27 percent said the alliance was ready.", "27 percent"),
    ("In a poll of diplomats, 27 percent said the alliance was ready.", "a poll"),
    ("His office released a statement saying the alliance was ready.", "His office"),
    ("Stoltenberg was quick to point out that the alliance was ready.", "Stoltenberg"),
    ("Stoltenberg is likely to remind ministers that the alliance was ready.", "Stoltenberg"),
])
def test_who_reports_it(analyse, sentence, mention):
    """A poll's share reports (for the poll, when the sentence names one); a statement's
    speaker is whoever released it; the subject of a verb several clauses up reports what its
    infinitive says."""
    (quote,) = reported(analyse, sentence)
    assert quote["text"].endswith("the alliance was ready")
    assert quote["speaker"]["mention"]["text"] == mention


def test_a_source_cited_for_the_report_is_its_speaker(analyse):
    sentence = "Stoltenberg told ministers the alliance was ready, according to a transcript."
    quotes = reported(analyse, sentence)
    assert "the alliance was ready" in [q["text"] for q in quotes]
    assert {q["speaker"]["mention"]["text"] for q in quotes} == {"a transcript"}

"""The learned speaker scorer: a conditional logit over named features, weights as data."""

from __future__ import annotations

import math

import pytest

from app.core.speaker_model import Candidate, SpeakerModel, family, load_speaker_model

MODEL = SpeakerModel({"rule:salience": 2.0, "recency:same": 0.5, "unnamed|role": 1.0})


def test_candidates_are_ranked_by_the_sum_of_their_features_weights():
    alder = Candidate(0, "Ruth Alder", {"rule:salience": 1.0, "recency:same": 1.0})
    wolfe = Candidate(1, "Dana Wolfe", {"recency:same": 1.0})
    decision = MODEL.decide([wolfe, alder])
    assert [s.candidate.name for s in decision.ranked] == ["Ruth Alder", "Dana Wolfe"]
    assert math.isclose(sum(s.probability for s in decision.ranked), 1.0)
    assert math.isclose(decision.winner.probability, 1 / (1 + math.exp(-2.0)))
    assert decision.winner.strongest() == (("rule:salience", 2.0), ("recency:same", 0.5))
    assert decision.margin == pytest.approx(decision.winner.probability
                                            - decision.runner_up.probability)


def test_a_feature_the_model_never_weighed_adds_nothing():
    one = Candidate(0, "A", {"something:new": 1.0})
    two = Candidate(None, "the official", {"unnamed|role": 1.0})
    assert MODEL.decide([one, two]).winner.candidate.key is None


def test_the_trace_names_the_winner_and_the_runner_up():
    trace = MODEL.decide([Candidate(0, "Ruth Alder", {"rule:salience": 1.0}),
                          Candidate(None, "she", {})]).as_trace()
    assert (trace.chosen.name, trace.chosen.named) == ("Ruth Alder", True)
    assert [(w.feature, w.weight) for w in trace.chosen.features] == [("rule:salience", 2.0)]
    assert (trace.runner_up.name, trace.runner_up.named, trace.candidates) == ("she", False, 2)


def test_a_decision_needs_a_candidate():
    with pytest.raises(ValueError):
        MODEL.decide([])


def test_weights_round_trip_and_the_shipped_model_loads():
    assert SpeakerModel.from_dict(MODEL.to_dict()) == MODEL
    shipped = load_speaker_model()
    assert shipped.weights and shipped.about["trained_on"]


@pytest.mark.parametrize("feature, name", [("rule:salience|person_pronoun", "rule"),
                                           ("gender:first_name_clashes", "gender"),
                                           ("unproposed", "unproposed"),
                                           ("salience|role", "salience")])
def test_a_feature_s_family_is_its_name_up_to_a_colon_or_a_bar(feature, name):
    assert family(feature) == name

"""Salience arithmetic: weights by role, fading per sentence, one count per sentence."""

from __future__ import annotations

from app.core.salience import DECAY, WEIGHTS, SalienceTracker, is_close, weight


def test_a_mention_weighs_its_recency_and_its_roles():
    assert weight([]) == WEIGHTS["recency"]
    assert weight(["subject", "speaker"]) == WEIGHTS["recency"] + WEIGHTS["subject"] + 250


def test_what_came_before_fades_with_each_sentence():
    tracker = SalienceTracker()
    tracker.add(1, ["subject"])
    tracker.advance(2)
    assert tracker.scores[1] == weight(["subject"]) * DECAY ** 2


def test_an_entity_counts_once_per_sentence_by_its_weightiest_mention():
    tracker = SalienceTracker()
    tracker.add(1, ["object"])
    tracker.add(1, ["subject"])
    tracker.add(1, [])
    assert tracker.scores[1] == weight(["subject"])
    tracker.advance(1)
    tracker.add(1, [])
    assert tracker.scores[1] == weight(["subject"]) * DECAY + weight([])


def test_the_ranking_weighs_how_well_each_fits_and_leaves_out_those_that_do_not():
    tracker = SalienceTracker()
    tracker.add(1, ["subject"])
    tracker.add(2, [])
    tracker.add(3, ["subject", "speaker"])
    ranking = tracker.ranking(lambda e: {1: 1.0, 2: 1.0, 3: 0.0}[e])
    assert [e for e, _ in ranking] == [1, 2]
    assert is_close(ranking)  # 100 against 180
    assert not is_close([(1, 100.0), (2, 40.0)])

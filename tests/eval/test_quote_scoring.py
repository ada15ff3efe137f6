"""The eval command and its scorer, on annotated articles written for the test."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from app.cli import cli
from app.eval.quotes import Score, score_article, speaker_right, trace_families

TEXT = ('Senator Ana Ruiz spoke on Monday. "The budget is late again," she said. '
        'Critics called it "a farce" and "a disgrace to the city."')


def gold_article() -> dict:
    def span(fragment: str) -> tuple[int, int]:
        start = TEXT.index(fragment)
        return start, start + len(fragment)

    budget, she, farce = span("The budget is late again,"), span("she"), span("a farce")
    disgrace = span("a disgrace to the city.")
    return {"id": "a1", "text": TEXT, "quotes": [
        {"start": budget[0], "end": budget[1], "type": "direct", "speaker": "she",
         "speaker_start": she[0], "speaker_end": she[1], "meta": {}},
        {"start": farce[0], "end": disgrace[1], "type": "mixed", "speaker": "Critics",
         "speaker_start": 0, "speaker_end": 7, "meta": {"quoted_parts": [list(farce),
                                                                         list(disgrace)]}},
    ]}


def test_speaker_matching_rules():
    gold = {"speaker": "he", "speaker_start": 10, "speaker_end": 12}
    assert speaker_right(gold, {"speaker": "Jens Stoltenberg", "speaker_start": 11,
                                "speaker_end": 12})
    assert speaker_right({"speaker": "Mr. Stoltenberg"}, {"speaker": "Jens Stoltenberg"})
    assert not speaker_right({"speaker": "Mr. Stoltenberg"}, {"speaker": "Ursula von der Leyen"})
    assert speaker_right({"speaker": None}, {"speaker": None})
    assert not speaker_right({"speaker": None}, {"speaker": "Someone"})


def test_scorer_counts_matches_ignores_other_types_and_records_findings():
    article = gold_article()
    good = {"start": article["quotes"][0]["start"], "end": article["quotes"][0]["end"],
            "speaker": "Ana Ruiz", "speaker_start": TEXT.index("she"),
            "speaker_end": TEXT.index("she") + 3, "quote": {}}
    partial = {"start": TEXT.index("a farce"), "end": TEXT.index("a farce") + 7,
               "speaker": None, "speaker_start": None, "speaker_end": None, "quote": {}}
    score = Score()
    score_article(score, article, [good, partial], {"direct"})
    figures = score.figures()
    assert figures["gold_quotes"] == 1 and figures["predicted_quotes"] == 1  # partial ignored
    assert figures["quote"]["f1"] == 1.0 and figures["end_to_end"]["f1"] == 1.0
    expanded = Score()
    score_article(expanded, article, [good, partial], {"direct"}, expand_mixed=True)
    assert expanded.figures()["gold_quotes"] == 3
    assert sorted(f.kind for f in expanded.findings) == ["missed quote", "wrong speaker"]


def test_eval_command_prints_figures_and_writes_report(tmp_path, nlp):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_article()) + "\n", encoding="utf-8")
    report = tmp_path / "errors.md"
    result = CliRunner().invoke(cli, ["eval", str(gold), "--expand-mixed", "--errors",
                                      str(report)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["gold_quotes"] == 3
    assert figures["quote"]["recall"] > 0
    assert report.read_text(encoding="utf-8").startswith("# quotetrace error report")


def test_precision_by_confidence_counts_each_scored_prediction_once():
    score = Score()
    score.outcomes = [(0.95, True), (0.92, True), (0.85, False), (0.3, False)]
    buckets = score.by_confidence()
    assert buckets["0.90-1.00"] == {"predictions": 2, "precision": 1.0}
    assert buckets["0.80-0.90"] == {"predictions": 1, "precision": 0.0}
    assert buckets["0.00-0.50"]["predictions"] == 1
    assert "0.70-0.80" not in buckets


def test_precision_by_rule_counts_every_rule_a_trace_names_least_precise_first():
    score = Score()
    score.outcomes = [(0.95, True), (0.9, False), (0.5, False)]
    score.outcome_rules = [("clause_opening", "verb_after", "written_name"),
                           ("clause_opening", "verb_after", "coreferee"),
                           ("nearby", "verb_after")]
    figures = score.by_rule()
    assert figures["verb_after"] == {"quotes": 3, "precision": 0.3333}
    assert figures["written_name"] == {"quotes": 1, "precision": 1.0}
    assert list(figures)[:2] == ["coreferee", "nearby"]  # wrong every time: first


def test_precision_by_feature_family_reads_the_winners_strongest_features():
    def decided(*features: str) -> dict:
        chosen = {"features": [{"feature": f, "weight": 1.0} for f in features]}
        return {"rule": {"decision": {"chosen": chosen}}}

    assert trace_families(decided("order:first", "order:first|name", "label:PERSON|name")) == (
        "order", "label")
    assert trace_families({"rule": {"decision": None}}) == ()
    score = Score()
    score.outcomes = [(0.95, True), (0.9, False)]
    score.outcome_families = [("order", "salience"), ("salience",)]
    figures = score.by_feature_family()
    assert figures == {"salience": {"quotes": 2, "precision": 0.5},
                       "order": {"quotes": 1, "precision": 1.0}}

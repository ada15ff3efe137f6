"""The spaCy component: rules from its config, and its config and data saved and read back."""

from __future__ import annotations

import json

import pytest

from app.nlp.component import CONFIG_FILE

TEXT = 'Mayor Ruth Alder spoke on Monday. "The harbour will reopen in May," she said.'


def test_a_rule_switched_off_in_the_config_is_not_asked(nlp):
    doc = nlp(TEXT)
    assert "salience" in doc._.quotes[0]["rule"]["speaker"]
    component = nlp.create_pipe("quotetrace", config={"disabled_rules": ["salience"],
                                                      "coreference": "none"})
    quote = component(doc)._.quotes[0]
    assert quote["speaker"]["name"] == "Ruth Alder"
    assert "salience" not in quote["rule"]["speaker"]
    assert "only_person_nearby" in quote["rule"]["speaker"]


def test_unknown_rules_in_the_config_are_refused(nlp):
    with pytest.raises(ValueError, match="unknown speaker rule"):
        nlp.create_pipe("quotetrace", config={"rules": {"speaker": ["guess"]},
                                              "coreference": "none"})


def test_to_disk_and_from_disk_keep_the_rules_and_read_the_saved_word_lists(nlp, tmp_path):
    saved = nlp.create_pipe("quotetrace", config={"disabled_rules": ["nearby"],
                                                  "coreference": "none"})
    saved.to_disk(tmp_path)
    assert json.loads((tmp_path / CONFIG_FILE).read_text())["disabled_rules"] == ["nearby"]
    # a newsroom's own cue verb, in the saved word lists
    with open(tmp_path / "cue_verbs.txt", "a", encoding="utf-8") as f:
        f.write("\nbellow\n")
    text = '"The harbour will reopen in May," Ruth Alder bellowed.'
    assert "verb_after" not in nlp(text)._.quotes[0]["rule"]["cue"]  # the shipped lexicon
    loaded = nlp.create_pipe("quotetrace", config={"coreference": "none"}).from_disk(tmp_path)
    assert "nearby" not in [s.name for s in loaded.rules.uncued]
    quote = loaded(nlp(text))._.quotes[0]
    assert quote["speaker"]["name"] == "Ruth Alder"
    assert quote["cue"]["text"] == "bellowed"
    assert quote["rule"]["cue"] == ["verb_after"]


def test_the_learned_speaker_decision_is_the_default_and_traced(nlp):
    doc = nlp('Mayor Ruth Alder met Tom Kemp on Monday. "The harbour will reopen in May," she '
              'said.')
    decision = doc._.quotes[0]["rule"]["decision"]
    assert decision["chosen"]["name"] == "Ruth Alder" and decision["chosen"]["named"]
    assert decision["chosen"]["features"] and decision["candidates"] >= 2
    assert decision["runner_up"]["probability"] < decision["chosen"]["probability"]
    by_rules = nlp.create_pipe("quotetrace", config={"speaker_decision": "rules",
                                                     "coreference": "none"})
    quote = by_rules(nlp(TEXT))._.quotes[0]
    assert quote["rule"]["decision"] is None and quote["rule"]["speaker"] == ["salience"]
    with pytest.raises(ValueError, match="speaker_decision"):
        nlp.create_pipe("quotetrace", config={"speaker_decision": "guess"})


def test_the_saved_speaker_model_is_the_one_read_back(nlp, tmp_path):
    saved = nlp.create_pipe("quotetrace", config={"speaker_decision": "learned",
                                                  "coreference": "none"})
    saved.to_disk(tmp_path)
    weights = json.loads((tmp_path / "speaker_model.json").read_text())
    weights["weights"] = {"unnamed|person_pronoun": 50.0}
    (tmp_path / "speaker_model.json").write_text(json.dumps(weights))
    loaded = nlp.create_pipe("quotetrace", config={"coreference": "none"}).from_disk(tmp_path)
    quote = loaded(nlp(TEXT))._.quotes[0]
    assert quote["speaker"]["name"] == "she"  # what the saved weights say: nobody named


def test_a_customised_lexicon_survives_from_disk_then_to_disk(nlp, tmp_path):
    shipped = tmp_path / "shipped"
    nlp.create_pipe("quotetrace", config={"coreference": "none"}).to_disk(shipped)
    with open(shipped / "cue_verbs.txt", "a", encoding="utf-8") as f:
        f.write("\nbellow\n")
    custom = nlp.create_pipe("quotetrace", config={"coreference": "none"}).from_disk(shipped)
    again = tmp_path / "again"
    custom.to_disk(again)  # what the component loaded, not the package's lists
    assert "bellow" in (again / "cue_verbs.txt").read_text(encoding="utf-8").split()
    reloaded = nlp.create_pipe("quotetrace", config={"coreference": "none"}).from_disk(again)
    quote = reloaded(nlp('"The harbour will reopen in May," Ruth Alder bellowed.'))._.quotes[0]
    assert quote["cue"]["text"] == "bellowed"


def test_to_disk_and_from_disk_honour_exclude(nlp, tmp_path):
    component = nlp.create_pipe("quotetrace", config={"disabled_rules": ["nearby"],
                                                      "coreference": "none"})
    component.to_disk(tmp_path, exclude=["lexicon", "vocab"])
    assert (tmp_path / CONFIG_FILE).exists() and not (tmp_path / "cue_verbs.txt").exists()
    (tmp_path / CONFIG_FILE).write_text(json.dumps({**component.config, "disabled_rules": []}))
    kept = nlp.create_pipe("quotetrace", config={"disabled_rules": ["nearby"],
                                                 "coreference": "none"})
    kept.from_disk(tmp_path, exclude=["config", "lexicon"])
    assert "nearby" not in [s.name for s in kept.rules.uncued]  # its own config stayed


def test_a_config_saved_with_one_key_per_stage_is_read(nlp, tmp_path):
    component = nlp.create_pipe("quotetrace", config={"coreference": "none"})
    component.to_disk(tmp_path)
    config = json.loads((tmp_path / CONFIG_FILE).read_text())
    old = {k: v for k, v in config.items() if k not in ("rules", "speaker_decision")}
    old["uncued_rules"] = ["continuation"]
    (tmp_path / CONFIG_FILE).write_text(json.dumps(old))
    loaded = nlp.create_pipe("quotetrace", config={"coreference": "none"}).from_disk(tmp_path)
    assert [s.name for s in loaded.rules.uncued] == ["continuation"]

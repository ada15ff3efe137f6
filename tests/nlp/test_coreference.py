"""The shipped coreferee model loads from the installed package and resolves pronouns, on
whole documents and on the windows quotetrace runs it on."""

from __future__ import annotations

import importlib.util
import os

import pytest

from app.nlp.pipeline import build_pipeline

STOLTENBERG = ("NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "
               "He said the alliance must act.")


def test_model_package_is_installed_with_its_files():
    spec = importlib.util.find_spec("coreferee_model_en.sm_3_8_0")
    assert spec is not None and spec.submodule_search_locations
    folder = spec.submodule_search_locations[0]
    assert {"model", "feature_table.bin"} <= set(os.listdir(folder))


@pytest.fixture(scope="module")
def document_nlp():
    return build_pipeline(coreference="document")


def test_pronoun_resolves_on_the_whole_document(document_nlp):
    doc = document_nlp(STOLTENBERG)
    pronoun = next(t for t in doc if t.text == "He")
    assert [t.text for t in doc._.coref_chains.resolve(pronoun)] == ["Stoltenberg"]


def test_pronoun_resolves_in_its_window(nlp):
    doc = nlp(STOLTENBERG)
    pronoun = next(t for t in doc if t.text == "He")
    coreference = nlp.get_pipe("quotetrace").coreference_for(doc)
    assert [t.text for t in coreference.resolve(pronoun)] == ["Stoltenberg"]


def test_window_follows_a_chain_of_pronouns_past_its_lookback(nlp):
    sentences = ["Jens Stoltenberg arrived in Vienna on Monday."]
    sentences += ["He met the ministers."] * 8 + ["He said the talks went well."]
    doc = nlp(" ".join(sentences))
    last = [t for t in doc if t.text == "He"][-1]
    coreference = nlp.get_pipe("quotetrace").coreference_for(doc)
    assert [t.text for t in coreference.resolve(last)] == ["Stoltenberg"]


def test_targeted_coreferee_resolves_the_pronouns_asked_about_and_their_kin(nlp):
    with nlp.select_pipes(disable=["quotetrace"]):
        doc = nlp("Jens Stoltenberg met Ursula von der Leyen. He thanked her. She said he was "
                  "right.")
    he, her, she, he_again = (t for t in doc if t.pos_ == "PRON")
    annotate = nlp.get_pipe("quotetrace").coreferee
    assert annotate.with_their_kin(doc, {she.i}) == {her.i, she.i}
    annotate(doc, {she.i})
    assert [t.text for t in doc._.coref_chains.resolve(she)] == ["Leyen"]
    assert all(doc._.coref_chains.resolve(t) is None for t in (he, he_again))


def test_targeted_coreferee_leaves_the_shared_coreferee_rules_alone(nlp, document_nlp):
    # coreferee shares one rules object per language in a process: hooking it would change a
    # whole-document coreferee in the same process (the benchmark's reference)
    shared = document_nlp.get_pipe("coreferee").annotator.rules_analyzer
    ours = nlp.get_pipe("quotetrace").coreferee.rules
    assert ours is not shared
    assert isinstance(shared.male_names, list) and isinstance(ours.male_names, frozenset)
    assert set(ours.male_names) == set(shared.male_names)
    nlp("Jens Stoltenberg met Ursula von der Leyen. She said he was right.")
    assert "language_independent_is_potential_anaphoric_pair" not in vars(shared)


def test_coreferee_rules_built_fast_are_coreferees_own(nlp, monkeypatch):
    from coreferee import rules

    ours = rules.language_to_rules["en"]  # built by build_coreferee_rules with the pipeline
    monkeypatch.setattr(rules, "language_to_rules", {})
    theirs = rules.RulesAnalyzerFactory.get_rules_analyzer(nlp)
    assert theirs is not ours and vars(theirs) == vars(ours)
    assert "Jens" in ours.exclusively_male_names
    assert not set(ours.exclusively_male_names) & set(ours.female_names)

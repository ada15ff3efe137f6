"""Scoring speakers by name: kinds of targets, what counts as the same person, the error list."""

from __future__ import annotations

from app.eval.speaker_names import NameScore, load_referents, same_person, written_as_name

TEXT = 'Ruth Alder spoke. "A," she said. "B," Kemp said. "C," an aide said. "D," the mayor said.'


def quote(text: str, name: str | None, mention: str, rules: list[str]) -> dict:
    start = TEXT.index(text)
    return {"type": "direct", "start": start, "end": start + len(text),
            "speaker": {"name": name, "mention": {"text": mention}},
            "rule": {"speaker": rules}}


def gold(text: str, speaker: str) -> dict:
    start = TEXT.index(text)
    return {"type": "direct", "start": start, "end": start + len(text), "speaker": speaker}


def test_same_person_by_last_name_without_a_clash_of_first_names():
    assert same_person("Jens Stoltenberg", "Stoltenberg")
    assert same_person("Sen. Bernie Sanders", "Bernie Sanders")
    assert not same_person("Hillary Clinton", "Bill Clinton")
    assert not same_person("Donald Trump", None)


def test_a_written_name_is_not_a_pronoun_nor_a_group():
    assert written_as_name("NATO Secretary-General Jens Stoltenberg")
    assert not written_as_name("he") and not written_as_name("the officials")


def test_each_kind_is_scored_and_wrong_names_keep_their_rules():
    article = {"id": "a", "text": TEXT, "quotes": [
        gold("A", "she"), gold("B", "Kemp"), gold("C", "an aide"), gold("D", "the mayor")]}
    referents = load_referents([
        {"article": "a", **{k: gold("A", "she")[k] for k in ("start", "end")},
         "kind": "pronoun", "name": "Ruth Alder"},
        {"article": "a", **{k: gold("C", "an aide")[k] for k in ("start", "end")},
         "kind": "role", "name": None},
        {"article": "a", **{k: gold("D", "the mayor")[k] for k in ("start", "end")},
         "kind": "role", "name": "Ruth Alder"}])
    score = NameScore()
    score.add(article, [quote("A", "Ruth Alder", "she", ["salience"]),
                        quote("B", "Tom Kemp", "Kemp", ["written_name"]),
                        quote("C", "an aide", "an aide", []),
                        quote("D", "Tom Kemp", "the mayor", ["role_title"])], referents)
    figures = score.figures()
    assert figures["pronoun"]["right"] == 1 and figures["name"]["right"] == 1
    assert figures["unnamed"]["right"] == 1  # the mention repeated: nobody invented
    assert figures["role"] == {"targets": 1, "found": 1, "right": 0, "accuracy_on_found": 0.0}
    assert figures["wrong_names_by_rule"] == {"role_title": 1}
    assert "ours 'Tom Kemp' by role_title" in score.error_report()

"""Shared fixtures: one pipeline for the whole test session (loading it takes seconds)."""

from __future__ import annotations

import pytest

# the archive suite's databases (SQLite, PostgreSQL), for tests/archive
from archive.fixtures import archive, database_url, postgres_url  # noqa: F401
from spacy.language import Language
from spacy.tokens import Doc

from app.nlp.pipeline import get_pipeline
from app.service.extract import extract


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_pipeline()


@pytest.fixture(scope="session")
def analyse(nlp):
    """Run the whole pipeline on a text and return the JSON-ready result."""

    def run(text: str, **options) -> dict:
        from app.core.options import Options

        return extract(nlp, text, Options(**options))

    return run


BREAKS = "BREAKS-THE-ANALYSIS"


@pytest.fixture
def broken_analysis(monkeypatch):
    """The analysis of a text holding ``BREAKS`` raises, as a fault of ours would (worker
    processes forked after this inherit it)."""
    import app.nlp.names

    original = app.nlp.names.NameIndex.__init__

    def init(self, doc, *args, **kwargs):
        if BREAKS in doc.text:
            raise RuntimeError("injected")
        original(self, doc, *args, **kwargs)

    monkeypatch.setattr(app.nlp.names.NameIndex, "__init__", init)


def assert_offsets_valid(text: str, result: dict) -> None:
    """Every reported span indexes ``text`` exactly."""
    for quote in result["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        for key in ("cue", "sentence"):
            span = quote[key]
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]
        if quote["speaker"] is not None:
            mention = quote["speaker"]["mention"]
            assert text[mention["start"]:mention["end"]] == mention["text"]
            _profile_offsets_valid(text, quote["speaker"])
    for speaker in result["speakers"]:
        for mention in speaker["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
        _profile_offsets_valid(text, speaker)


def _profile_offsets_valid(text: str, speaker: dict) -> None:
    spans = [speaker.get("affiliation"), speaker.get("description"),
             *speaker.get("gender_evidence", [])]
    for span in filter(None, spans):
        assert text[span["start"]:span["end"]] == span["text"]


def hand_parsed(nlp, rows: str, sentence_starts: set[int]) -> Doc:
    """A document parsed the way the tagger and parser sometimes get news wrong, one token
    per line: word, lemma, tag, part of speech, dependency, head index, entity IOB tag."""
    table = [line.split() for line in rows.strip().splitlines()]
    words = [r[0].replace("¶", "\n\n") for r in table]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", ".", ":", "?", "”", "\n\n"}
              and words[i] not in {"“", "\n\n"} for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, lemmas=[r[1] for r in table],
               tags=[r[2] for r in table], pos=[r[3] for r in table],
               deps=[r[4] for r in table], heads=[int(r[5]) for r in table],
               ents=[r[6] for r in table],
               sent_starts=[i in sentence_starts for i in range(len(words))])

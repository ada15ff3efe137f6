"""Shared fixtures: one pipeline for the whole test session (loading it takes seconds)."""

from __future__ import annotations

import pytest
from spacy.language import Language

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
    for speaker in result["speakers"]:
        for mention in speaker["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]

"""Any input through the whole pipeline: no exception, every offset valid."""

from __future__ import annotations

import pytest
from conftest import assert_offsets_valid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURE_OK = [HealthCheck.function_scoped_fixture]

QUOTEY = st.sampled_from(list("He said Stoltenberg NATO she \"“”‘’'„«».,:;\n-—"))


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(text=st.text(alphabet=QUOTEY | st.characters(exclude_categories=["Cs"]), max_size=400))
def test_arbitrary_unicode_never_raises_and_offsets_are_valid(analyse, text):
    for options in ({}, {"include_scare_quotes": True}):
        assert_offsets_valid(text, analyse(text, **options))


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(words=st.lists(st.sampled_from([
    "Stoltenberg", "said", "he", "told", "reporters", "\"", "“", "”", "'", ",", ".", ":",
    "according", "to", "the", "NATO", "chief", "We", "must", "act", "\n\n", "Mr."]), max_size=60))
def test_news_like_word_salad(analyse, words):
    text = " ".join(words)
    assert_offsets_valid(text, analyse(text, include_scare_quotes=True))


def test_lone_surrogates_are_refused_clearly(analyse):
    from app.core.normalise import InvalidText

    with pytest.raises(InvalidText, match="lone surrogate at character 4"):
        analyse('He "\ud800" said.')

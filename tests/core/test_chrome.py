"""Page chrome: headings, tag lines and menus are told from the article's sentences."""

from __future__ import annotations

import pytest

from app.core.chrome import chrome_spans, is_chrome


@pytest.mark.parametrize("line, chrome", [
    ("NATO Tries to Fill Holes in Military as Ukraine War Threatens Stockpiles", True),
    ("News NATO Jens Stoltenberg Ukraine Russia", True),
    ("Request Reprint & Licensing, Submit Correction or view Editorial Guidelines", True),
    ("By", True),
    ("Stoltenberg said the alliance would act.", False),
    ("Carson: Hillary Clinton 'Not Fit To Serve'", False),  # a headline that quotes
    ("the talks went on into the night and nobody left the room until it was over", False),
    ("", False),
])
def test_a_line_is_chrome_when_it_reads_as_a_heading_and_ends_unlike_a_sentence(line, chrome):
    assert is_chrome(line) is chrome


def test_chrome_spans_are_offsets_of_whole_lines():
    text = "Harbour Plan Delayed\n\nRuth Alder said it would open.\nShare This"
    assert [text[s:e] for s, e in chrome_spans(text)] == ["Harbour Plan Delayed", "Share This"]

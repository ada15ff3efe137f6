"""Line endings and invisible characters: evened out for analysis, offsets mapped back."""

from __future__ import annotations

from app.core.normalise import map_back, normalise


def test_windows_line_endings_and_invisible_characters_are_evened_out():
    text = "\ufeffA\u200bB\r\n\r\nC\rD"
    n = normalise(text)
    assert n.text == "AB\n\nC\nD"
    for start, end in [(0, 2), (2, 4), (4, 7), (0, 7)]:
        original = text[n.start(start):n.end(end)]
        assert original.replace("\r\n", "\n").replace("\r", "\n").replace(
            "\ufeff", "").replace("\u200b", "") == n.text[start:end]


def test_a_plain_text_is_left_as_it_is():
    assert normalise("plain\ntext").offsets is None


def test_map_back_points_every_span_into_the_text_as_sent():
    text = "\ufeff\"Yes,\" she said.\r\n"
    n = normalise(text)
    result = {"quotes": [{"start": 1, "end": 5, "text": "Yes,", "cue": {"start": 11, "end": 15,
                                                                      "text": "said"},
                          "sentence": {"start": 0, "end": 16, "text": n.text[:16]},
                          "speaker": {"mention": {"start": 7, "end": 10, "text": "she"}}}],
              "speakers": [{"mentions": [{"start": 7, "end": 10, "text": "she"}]}]}
    quote = map_back(result, n)["quotes"][0]
    assert (quote["start"], quote["end"], quote["text"]) == (2, 6, "Yes,")
    assert text[quote["cue"]["start"]:quote["cue"]["end"]] == "said"
    assert quote["speaker"]["mention"]["text"] == "she"

"""Transcript turns on texts written for these tests: the pure finder, then the pipeline."""

from __future__ import annotations

from conftest import assert_offsets_valid

from app.core.quotes import find_quote_spans
from app.core.results import QuoteType
from app.core.transcript import find_inline_turns, find_transcript_turns

QUOTED = (
    'Partial transcript as follows:\n\n'
    '"HOST: Will the senator be at the debate tomorrow?\n\n'
    '"SMITH: She will not. She has other plans.\n\n'
    '"(CROSSTALK.)\n\n'
    '"HOST: Why not?\n\n'
    '"SMITH: Because the debate is a stunt.\n\n'
    '"And the voters know it.\n\n'
    '"HOST: Thank you.\n\n'
    '"Follow the reporter on Twitter."'
)
UNMARKED = (
    "JANE DOE: Why not debate?\n\n"
    "JOHN ROE: This is a man who never debates.\n\n"
    "DOE: You said so in January.\n"
)


def labels(text: str) -> list[str]:
    return [text[t.label_start:t.label_end] for t in find_transcript_turns(text)]


def test_quoted_turns_and_their_continuations():
    turns = find_transcript_turns(QUOTED)
    assert labels(QUOTED) == ["HOST", "SMITH", "HOST", "SMITH", "SMITH", "HOST"]
    words = [QUOTED[t.start:t.end] for t in turns]
    assert words[1] == "She will not. She has other plans."
    assert words[4] == "And the voters know it."  # a paragraph going on with SMITH's turn
    assert words[5] == "Thank you."  # and the article's own last line is no turn
    assert all(t.quoted for t in turns)


def test_unmarked_turns():
    turns = find_transcript_turns(UNMARKED)
    assert labels(UNMARKED) == ["JANE DOE", "JOHN ROE", "DOE"]
    assert not any(t.quoted for t in turns)
    assert UNMARKED[turns[2].start:turns[2].end] == "You said so in January."


def test_headings_and_interviews_are_no_transcripts():
    assert find_transcript_turns("UPDATE: The senator spoke.\n\nShe left at noon.") == []
    assert find_transcript_turns("Q: Why?\n\nA: Because.\n\nQ: Really?\n\nA: Yes.") == []
    assert find_transcript_turns("SMITH: One.\n\nSMITH: Two.\n\nSMITH: Three.") == []


def test_each_quoted_turn_is_a_quote_with_its_speaker(analyse):
    result = analyse(QUOTED, types=frozenset({QuoteType.DIRECT}))
    quotes = [(q["text"], q["speaker"]["mention"]["text"]) for q in result["quotes"]]
    assert quotes == [
        ("Will the senator be at the debate tomorrow?", "HOST"),
        ("She will not. She has other plans.", "SMITH"),
        ("Why not?", "HOST"),
        ("Because the debate is a stunt.", "SMITH"),
        ("And the voters know it.", "SMITH"),
        ("Thank you.", "HOST"),
    ]
    assert_offsets_valid(QUOTED, result)


def test_unmarked_turns_come_back_as_speech_without_marks(analyse):
    result = analyse(UNMARKED)
    turns = [(q["type"], q["text"], q["speaker"]["mention"]["text"]) for q in result["quotes"]]
    assert turns[0] == ("indirect", "Why not debate?", "JANE DOE")
    assert turns[-1] == ("indirect", "You said so in January.", "DOE")
    assert_offsets_valid(UNMARKED, result)


def test_headline_attributions():
    from app.core.transcript import find_headline_attributions

    text = ("Trump: Clinton should have congratulated me.\n\n"
            "UPDATE: The senator spoke.\n\n"
            "The senator spoke at 10:30 in the morning.\n")
    (headline,) = find_headline_attributions(text)
    assert text[headline.label_start:headline.label_end] == "Trump"
    assert text[headline.start:headline.end] == "Clinton should have congratulated me"


def test_a_headline_attribution_comes_back_with_its_source(analyse):
    text = "Stoltenberg: NATO allies must spend more on defence.\n\nThe summit opened today."
    (quote,) = analyse(text)["quotes"]
    assert (quote["type"], quote["text"]) == ("indirect", "NATO allies must spend more on defence")
    assert quote["speaker"]["mention"]["text"] == "Stoltenberg"


def test_a_colon_inside_a_quoted_title_is_no_headline():
    from app.core.transcript import find_headline_attributions

    text = 'According to "The Long Road: Three Generations," by Jane Smith, they moved twice.'
    assert find_headline_attributions(text) == []


INLINE = ('From the speech: “HOST: Are you running this year? I ask because many do. '
          'SMITH: Not this year. HOST: Why not?” [Radio show, 2013.]')


def test_turns_run_together_inside_one_quote():
    turns = find_inline_turns(INLINE, find_quote_spans(INLINE))
    assert [(INLINE[t.label_start:t.label_end], INLINE[t.start:t.end]) for t in turns] == [
        ("HOST", "Are you running this year? I ask because many do."),
        ("SMITH", "Not this year."), ("HOST", "Why not?")]
    assert INLINE[turns[0].open_at] == "“" and INLINE[turns[-1].close_at - 1] == "”"


def test_one_label_or_one_speaker_inside_a_quote_is_no_transcript():
    for text in ('“UPDATE: The senator will not run. She has other plans.”',
                 '“SMITH: Not this year. SMITH: Why not?”',
                 '“The plan is simple. SMITH: Not this year.”'):
        assert find_inline_turns(text, find_quote_spans(text)) == []


def test_each_inline_turn_is_a_quote_with_its_speaker(analyse):
    result = analyse(INLINE, types=frozenset({QuoteType.DIRECT}))
    assert [(q["text"], q["speaker"]["mention"]["text"]) for q in result["quotes"]] == [
        ("Are you running this year? I ask because many do.", "HOST"),
        ("Not this year.", "SMITH"), ("Why not?", "HOST")]
    assert_offsets_valid(INLINE, result)


INTERVIEW = (
    "Ruth Alder, the harbour's mayor, spoke with The Harbour Times about the season.\n\n"
    "Q: Will the harbour reopen?\n\n"
    "A: Yes, in May. The boats are being repaired.\n\n"
    "We are hiring too.\n\n"
    "Question: And the fishermen?\n\n"
    "Answer: They will be back at sea by June."
)


def test_an_interview_s_questions_and_answers_are_turns():
    from app.core.transcript import find_interview_turns

    turns = find_interview_turns(INTERVIEW)
    assert [(INTERVIEW[t.start:t.end], t.asks) for t in turns] == [
        ("Will the harbour reopen?", True),
        ("Yes, in May. The boats are being repaired.", False),
        ("We are hiring too.", False),  # a paragraph going on with the answer
        ("And the fishermen?", True),
        ("They will be back at sea by June.", False)]


def test_a_lone_q_line_is_no_interview():
    from app.core.transcript import find_interview_turns

    assert find_interview_turns("Q: What happened?\n\nNobody knows.") == []
    assert find_interview_turns("A: One.\n\nQ: Two?") == []  # one answer only


def test_answers_are_the_interviewee_s_and_questions_the_outlet_s(analyse):
    result = analyse(INTERVIEW)
    assert_offsets_valid(INTERVIEW, result)
    turns = [(q["text"], q["speaker"] and q["speaker"]["name"]) for q in result["quotes"]
             if q["rule"]["kind"] == "interview_turn"]
    assert turns == [("Will the harbour reopen?", "The Harbour Times"),
                     ("Yes, in May. The boats are being repaired.", "Ruth Alder"),
                     ("We are hiring too.", "Ruth Alder"),
                     ("And the fishermen?", "The Harbour Times"),
                     ("They will be back at sea by June.", "Ruth Alder")]


def test_an_interviewer_the_introduction_names_asks_the_questions(analyse):
    text = ("Dana Wolfe interviewed Ruth Alder, the harbour's mayor, on Monday.\n\n"
            "Q: Will the harbour reopen?\n\nA: Yes, in May.\n\nQ: And the boats?\n\n"
            "A: They will be ready.")
    turns = [(q["text"], q["speaker"] and q["speaker"]["name"])
             for q in analyse(text)["quotes"] if q["rule"]["kind"] == "interview_turn"]
    assert turns[:2] == [("Will the harbour reopen?", "Dana Wolfe"), ("Yes, in May.", "Ruth Alder")]

"""Cue stage: the words that introduce a quote and the head of its speaker mention, asked in
order; the first rule that finds a cue decides. Rules that win by comparison say so in a guard
(``CueQuestion.before_wins``)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from app.nlp.cues import (
    MAX_INVERTED_GAP,
    SENTENCE_END,
    Cue,
    CueQuestion,
    closes_with_colon,
    verb_cue,
)
from app.nlp.sieves.base import Stage
from app.nlp.syntax import (
    DASH_CHARS,
    SUBJECT_DEPS,
    cue_verb_form,
    is_asked,
    name_around,
    name_head,
    subject,
)

MAX_SOURCE_WORDS = 4  # "- Pew Research:" before a quote
# objects that do not speak before a colon: "a message to X:" (but "surprised X:" speaks)
INDIRECT_OBJECT_DEPS = frozenset({"pobj", "dative"})

CueRule = Callable[[CueQuestion], Cue | None]
CUE = Stage[CueRule]("cue", "the cue that introduces a quote, and its speaker mention")


@CUE.rule("dash_byline")
def dash_byline(q: CueQuestion) -> Cue | None:
    """``"…" ― Name``: a dash and a name right after the closing mark, or alone on the next
    line as a byline (``"…"¶¶- Hillary Clinton.``)."""
    d, text = q.d, q.d.text
    pos = d.quotes[q.index].close_at
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    if pos < len(text) and text[pos] == "\n":
        while pos < len(text) and text[pos].isspace():
            pos += 1
        line_end = text.find("\n", pos)
        if len(text[pos:line_end if line_end >= 0 else len(text)].split()) > 6:
            return None  # a paragraph of its own, not a byline
    dash_start = pos
    while pos < len(text) and text[pos] in DASH_CHARS:
        pos += 1
    if pos == dash_start:
        return None
    dash_end = pos
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    if pos >= len(text):
        return None
    token = d.doc[d.token_at(pos)]
    name = d.names.name_at(token)
    if name is not None and name.start_char == pos:
        head = name.root
    elif token.idx == pos and token.pos_ == "PROPN":
        head = token.head if token.dep_ == "compound" and token.head.pos_ == "PROPN" else token
    else:
        return None
    cue = d.doc.char_span(dash_start, dash_end, alignment_mode="expand")
    return Cue(cue, head) if cue is not None else None


@CUE.rule("colon_name")
def colon_name(q: CueQuestion) -> Cue | None:
    """``Analysts agree - Jane Smith: “…”``: a name alone before a colon right before the
    quote, after a dash or at the start of its line or sentence."""
    d = q.d
    i = d.colon_before(q.index)
    if i is None or i < 1:
        return None
    name = name_around(d, d.doc[i - 1]) or _title_case_source(q, i)
    if name is None or name.end != i:
        return None
    before = d.doc[name.start - 1] if name.start > 0 else None
    if (before is None or "\n" in before.text or before.text in DASH_CHARS
            or name[0].is_sent_start):
        return Cue(d.doc[i:i + 1], name.root)
    return None


def _title_case_source(q: CueQuestion, colon: int) -> Span | None:
    """``… - Pew Research: “…”``: a few capitalised words between a dash and the colon, a
    source the tagger took for common nouns."""
    doc = q.d.doc
    start = colon
    while start > 0 and colon - start < MAX_SOURCE_WORDS and doc[start - 1].is_title:
        start -= 1
    if start == colon or start == 0 or doc[start - 1].text not in DASH_CHARS:
        return None
    return doc[start:colon]


@CUE.rule("verb_closed_by_colon")
def verb_closed_by_colon(q: CueQuestion) -> Cue | None:
    """The nearest cue verb before the quote, when the colon before the quote closes its
    clause: ``X said as Y yelled: "…"`` (Y's)."""
    nearest = q.verbs_before[0] if q.verbs_before else None
    return nearest if nearest is not None and closes_with_colon(q.d, nearest, q.index) else None


@CUE.rule("asked_question")
def asked_question(q: CueQuestion) -> Cue | None:
    """A question verb before the quote that governs it: the quote is the question, the
    asker's (``Asked whether X "…", most said yes``: nobody's we can name)."""
    return next((c for c in q.governing_before if is_asked(q.d, c.span.root)), None)


@CUE.rule("verb_after")
def verb_after(q: CueQuestion) -> Cue | None:
    """A cue verb after the quote: ``"We are ready," he said``; unless a cue before governs
    the quote and the words after it start a new sentence (``before_wins``)."""
    return None if q.before_wins else q.verb_after


@CUE.rule("mistagged_verb_after")
def mistagged_verb_after(q: CueQuestion) -> Cue | None:
    """``"…," the editorial read.``, ``the document states,``: no cue verb after the quote,
    but a short noun phrase right after it and a cue verb the tagger took for a noun, then the
    clause ends or a preposition follows (``the Saudis state in a paper``)."""
    if q.verb_after is not None or q.ends_sentence or q.before_wins:
        return None
    words = [t for t in q.after if not t.is_space]
    for n, token in enumerate(words[:MAX_INVERTED_GAP + 1]):
        if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "PRON"):
            return None
        if n == 0 or token.pos_ not in ("NOUN", "ADJ") or words[n - 1].pos_ == "DET":
            continue
        closes = (n + 1 == len(words) or words[n + 1].text in (",", *SENTENCE_END)
                  or words[n + 1].pos_ == "ADP")
        if closes and cue_verb_form(q.d, token):
            return Cue(q.d.doc[token.i:token.i + 1], words[n - 1])
    return None


@CUE.rule("governing_verb_before")
def governing_verb_before(q: CueQuestion) -> Cue | None:
    """The nearest cue verb before the quote that the quote hangs under: ``Stoltenberg warned,
    "We are ready."``"""
    return q.governing_before[0] if q.governing_before else None


def _phrase_cue(q: CueQuestion, frame: list[Token]) -> Cue | None:
    words = [t.lower_ for t in frame]
    for phrase in q.d.lexicon.cue_phrases:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(words[k:k + n]) == phrase:
                last = frame[k + n - 1]
                source = next((c for c in last.children if c.dep_ == "pobj"), None)
                if source is None and k + n < len(frame):
                    source = frame[k + n]
                if source is None:
                    continue
                return Cue(q.d.doc[frame[k].i:last.i + 1], source)
    return None


@CUE.rule("according_to")
def according_to(q: CueQuestion) -> Cue | None:
    """A cue phrase in the quote's sentence: ``According to Stoltenberg, "…"``; after the quote
    only when no new sentence starts there (else it is that sentence's source)."""
    return _phrase_cue(q, q.before) or (None if q.new_sentence_after
                                        else _phrase_cue(q, q.after))


@CUE.rule("verb_before")
def verb_before(q: CueQuestion) -> Cue | None:
    """The nearest cue verb before the quote in its sentence, governing it or not:
    ``Stoltenberg said the talks were hard and that "…"``."""
    return q.verbs_before[0] if q.verbs_before else None


@CUE.rule("governing_verb_in_sentence")
def governing_verb_in_sentence(q: CueQuestion) -> Cue | None:
    """A cue elsewhere in the sentence that the quote hangs under, past other quotes:
    ``X added that the EU would "…" to the meeting, where NATO "…"``."""
    d, quote = q.d, q.d.quotes[q.index]
    sentence = d.doc[d.token_at(quote.open_at)].sent
    paragraph_start = d.text.rfind("\n", 0, quote.open_at) + 1
    paragraph_end = d.text.find("\n", quote.close_at)
    paragraph_end = len(d.text) if paragraph_end < 0 else paragraph_end
    for token in sentence:
        if not paragraph_start <= token.idx < paragraph_end:
            continue
        if d.quote_of[token.i] == -1 and d.governs_quote(token, q.index):
            cue = verb_cue(d, token, q.index, after=token.idx >= quote.close_at)
            if cue is not None:
                return cue
    return None


@CUE.rule("colon_clause")
def colon_clause(q: CueQuestion) -> Cue | None:
    """A clause ending with a colon right before the quote introduces it: its cue verb, a cue
    verb tagged as a noun (``Article 33 affirms:``), a name (``Jane Smith: “…”``, not ``a
    message to X:``), the owner or source of the words (``From Smith's post:``, ``From the
    report:``), or else the subject of its main verb (``X issued the following statement:``)."""
    d = q.d
    i = d.colon_before(q.index)
    if i is None:
        return None
    sentence = d.doc[i].sent
    clause = [t for t in d.doc[sentence.start:i] if d.quote_of[t.i] == -1]
    for token in reversed(clause):
        cue = verb_cue(d, token, q.index, after=False)
        if cue is not None:
            return cue
    last = d.doc[i - 1] if i > 0 else None
    if last is not None and last.pos_ == "NOUN" and cue_verb_form(d, last):
        speaker = next((c for c in last.children if c.dep_ in SUBJECT_DEPS), None)
        if speaker is not None and d.quote_of[speaker.i] == -1:
            return Cue(d.doc[last.i:last.i + 1], speaker)
    name = d.names.name_at(last) if last is not None else None
    if name is not None and name.end == i and name.root.dep_ not in INDIRECT_OBJECT_DEPS:
        return Cue(d.doc[i:i + 1], name.root)
    if not any(t.pos_ in ("VERB", "AUX") for t in clause):
        owner = next((t for t in reversed(clause) if t.dep_ == "poss" and t.pos_ == "PROPN"),
                     None)
        if owner is not None:
            return Cue(d.doc[i:i + 1], name_head(d, owner))
        source = next((t for t in reversed(clause)
                       if t.dep_ == "pobj" and t.head.lower_ == "from"), None)
        if source is not None:
            return Cue(d.doc[i:i + 1], source)
    return _main_verb_subject(q, i)


def _main_verb_subject(q: CueQuestion, colon: int) -> Cue | None:
    d = q.d
    verb = d.doc[colon].head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or d.quote_of[verb.i] != -1:
        return None
    speaker = subject(d, verb)
    if (speaker is None or d.quote_of[speaker.i] != -1
            or not d.same_paragraph(speaker, d.doc[colon])):
        return None
    return Cue(d.doc[colon:colon + 1], speaker)


@CUE.rule("speech_noun")
def speech_noun(q: CueQuestion) -> Cue | None:
    """Right after a noun for someone's words: ``X issued a statement, "…"`` (the subject of
    the verb it is the object of), ``after her comment that "…"`` (its owner) or ``X's
    response was: "…"`` (the noun, with its owner)."""
    d = q.d
    i = d.token_before_mark(q.index, skipping=(",", ":", "that"))
    if i < 0 or d.quote_of[i] != -1 or "\n" in d.text[d.doc[i].idx:d.quotes[q.index].open_at]:
        return None
    token = d.doc[i]
    speech = token.lemma_.lower() in d.lexicon.speech_nouns
    if speech and token.dep_ == "dobj":
        speaker = subject(d, token.head)
        if speaker is not None and d.quote_of[speaker.i] == -1:
            return Cue(d.doc[token.head.i:token.head.i + 1], speaker)
    if speech:
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None and d.quote_of[owner.i] == -1:
            return Cue(d.doc[token.i:token.i + 1], owner)
    if token.lemma_ == "be":
        noun = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if noun is not None and noun.lemma_.lower() in d.lexicon.speech_nouns:
            return Cue(d.doc[token.i:token.i + 1], noun)
    return None

"""Held stage: quoted words inside a sentence that no cue introduces belong to what holds
them: the report they sit in, the verb that reports them, or the one who gives them as a
label."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from app.nlp.cues import Cue, CueQuestion
from app.nlp.document import QuoteDoc
from app.nlp.reported import is_report_verb
from app.nlp.sieves.base import Stage
from app.nlp.syntax import can_be_source, can_speak, naming_verb, report_subject, subject

HeldRule = Callable[[CueQuestion], Cue | None]
HELD = Stage[HeldRule]("held", "the report or verb that holds quoted words with no cue")


@HELD.rule("holding_report")
def holding_report(q: CueQuestion) -> Cue | None:
    """The cue and speaker of the reported speech that holds quoted words: in ``X called the
    deal a "breakthrough"`` the words are X's."""
    quote = q.d.quotes[q.index]
    for report in q.reports:
        span = q.d.doc[report.start:report.end]
        if (report.subject is not None and span.start_char <= quote.open_at
                and quote.close_at <= span.end_char):
            return Cue(report.cue, report.subject)
    return None


@HELD.rule("governing_report_verb")
def governing_report_verb(q: CueQuestion) -> Cue | None:
    """``A House report found "no evidence that …"``: quoted words that are what a reporting
    verb says, found or welcomed."""
    d = q.d
    for head in d.heads_above(q.index, 3):
        if d.quote_of[head.i] == -1 and is_report_verb(head, d.lexicon):
            speaker = report_subject(d, head)
            return Cue(d.doc[head.i:head.i + 1], speaker) if speaker is not None else None
        if head.pos_ in ("VERB", "AUX"):
            return None
    return None


@HELD.rule("label")
def label(q: CueQuestion) -> Cue | None:
    """A label someone gives is that someone's words: ``Trump hailed the vote as "…"``."""
    verb = naming_verb(q.d, q.index)
    if verb is None or q.d.quote_of[verb.i] != -1:
        return None
    return source_cue(q.d, q.index, verb)


def source_cue(d: QuoteDoc, index: int, verb: Token) -> Cue | None:
    """``verb`` as the cue of a quote no cue verb names, when its subject can speak and be a
    source."""
    speaker = subject(d, verb)
    if speaker is None or not (can_speak(d, speaker, verb, index) and can_be_source(d, speaker)):
        return None
    return Cue(d.doc[verb.i:verb.i + 1], speaker)

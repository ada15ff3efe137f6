"""Refine stage: a cue found for a quote may be replaced by the one that really reports its
words. Each rule returns the cue it was given when it has nothing to change."""

from __future__ import annotations

from collections.abc import Callable

from app.core.results import QuoteType
from app.nlp.cues import Cue, CueQuestion, closes_with_colon, verb_cue
from app.nlp.sieves.base import Stage
from app.nlp.syntax import MAX_CLIMB, can_speak, is_asked, is_cue_verb, report_subject

# how a clause hangs inside the content of the verb that reports it, a relative clause and
# what "there are" introduces included ("X said there are people who feel "…""); an adverbial
# clause ("though she found …") is no content of the verb above it
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "prep", "pobj", "dobj", "acl", "relcl",
                          "attr"})

RefineRule = Callable[[CueQuestion, Cue], Cue]
REFINE = Stage[RefineRule]("refine", "the cue that really reports a quote's words")


def _inside_report(q: CueQuestion, cue: Cue) -> bool:
    """Quoted words, or a whole quote whose cue before it may sit inside a report (not a cue
    after it, which introduces it, nor one the colon before it closes)."""
    before = cue.span.root.idx < q.d.quotes[q.index].open_at
    return q.quote_type is QuoteType.PARTIAL or (
        before and not closes_with_colon(q.d, cue, q.index))


@REFINE.rule("nearest_cue_verb")
def nearest_cue_verb(q: CueQuestion, cue: Cue) -> Cue:
    """For quoted words, a cue verb that hangs between them and the cue found for them, with a
    speaker of its own: in ``Her address, where she mocked the "…", listed …`` the words are
    what she mocked."""
    if q.quote_type is not QuoteType.PARTIAL:
        return cue
    d = q.d
    for head in d.heads_above(q.index, MAX_CLIMB):
        if head == cue.span.root:
            break
        if d.quote_of[head.i] == -1 and is_cue_verb(d, head):
            speaker = report_subject(d, head)
            if speaker is not None and can_speak(d, speaker, head, q.index):
                return Cue(d.doc[head.i:head.i + 1], speaker)
            break
    return cue


@REFINE.rule("outermost_report")
def outermost_report(q: CueQuestion, cue: Cue) -> Cue:
    """For words inside reported speech, the cue that reports the whole: in ``X said he
    believes they have "the wind at our backs"`` and ``The mayor said she seldom asks for
    help, "except from friends."`` the words are the outer speaker's. An adverbial clause is
    no report of the verb above it: in ``X backed the deal, though she found "serious
    flaws"`` the words are hers."""
    d = q.d
    current = cue.span.root
    if not _inside_report(q, cue) or not is_cue_verb(d, current) or is_asked(d, current):
        return cue  # a question is not the report of who answers it
    while current.dep_ in CONTENT_DEPS and current.head != current:
        current = current.head
        if d.quote_of[current.i] == -1 and is_cue_verb(d, current):
            outer = verb_cue(d, current, q.index, after=current.idx > d.quotes[q.index].end)
            cue = outer if outer is not None else cue
    return cue


@REFINE.rule("cited_source")
def cited_source(q: CueQuestion, cue: Cue) -> Cue:
    """``"…," X said, according to a transcript``: the words come to us from the source the
    writer cites, and annotators name it. The phrase must hang on the cue verb, or on what it
    reports after the words ("X said he was "…", according to the Times"), not open the report
    ("X said that according to its count, …")."""
    return cited_source_of(q.d, cue, q.d.quotes[q.index].close_at)


def cited_source_of(d, cue: Cue, words_end: int) -> Cue:
    """The cited source of ``cue`` for words that end at ``words_end`` (quotes and reports)."""
    verb = cue.span.root
    for token in verb.subtree:
        if token.lower_ != "according" or token.dep_ != "prep" or d.quote_of[token.i] != -1:
            continue
        if token.head != verb and token.idx < words_end:
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is not None and d.quote_of[source.i] == -1:
            return Cue(d.doc[token.i:to.i + 1], source)
    return cue


def refine_cue(q: CueQuestion, cue: Cue, rules: tuple) -> tuple[Cue, list[str]]:
    """The cue after every refining rule, and the names of those that changed it."""
    changed = []
    for rule in rules:
        refined = rule.ask(q, cue)
        if refined is not cue:
            changed.append(rule.name)
            cue = refined
    return cue, changed

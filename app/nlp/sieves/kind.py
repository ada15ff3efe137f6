"""Quote kind: direct (a clause of its own) or partial (words inside a sentence), and whether
quoted words are the title of a work. A quote no kind rule calls direct is partial."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.core.results import QuoteType
from app.nlp.document import QuoteDoc
from app.nlp.sieves.base import Stage
from app.nlp.syntax import is_cue_verb, is_title_case, naming_verb

BY_AUTHOR = re.compile(r",?\s+by\s+[A-Z][a-z]")
MAX_BOOK_TITLE_WORDS = 12
OPENS_CLAUSE = "\n.!?:,;([—―–-"  # what comes before a quote that stands as a clause

KindRule = Callable[[QuoteDoc, int], bool]
TitleRule = Callable[[QuoteDoc, int, QuoteType], bool]
KIND = Stage[KindRule]("kind", "which quotes stand as a clause of their own (direct)")
TITLE = Stage[TitleRule]("title", "which quoted words are the title of a work")


def _char_before(d: QuoteDoc, index: int) -> int:
    i = d.quotes[index].open_at - 1
    while i >= 0 and d.text[i] in " \t\u00a0":
        i -= 1
    return i


@KIND.rule("clause_opening")
def clause_opening(d: QuoteDoc, index: int) -> bool:
    """A quote after a line break, a sentence end, a colon, a comma or a dash stands as a
    clause: ``Stoltenberg said: "We are ready."``"""
    i = _char_before(d, index)
    return (d.text[i] if i >= 0 else "\n") in OPENS_CLAUSE


@KIND.rule("cue_verb_before")
def cue_verb_before(d: QuoteDoc, index: int) -> bool:
    """A capitalised quote right after a cue verb is a clause: ``He said "We are ready."``"""
    quote = d.quotes[index]
    if not d.text[quote.start:quote.start + 1].isupper():
        return False
    return is_cue_verb(d, d.doc[d.token_at(_char_before(d, index))])


def quote_kind(d: QuoteDoc, index: int, rules: tuple) -> tuple[QuoteType, str | None]:
    """The quote's type and the rule that made it direct (None: partial by default)."""
    direct = next((rule.name for rule in rules if rule.ask(d, index)), None)
    return (QuoteType.PARTIAL, None) if direct is None else (QuoteType.DIRECT, direct)


def _title_case(d: QuoteDoc, index: int, max_words: int = 7) -> bool:
    return is_title_case(d.quote_words(index), d.lexicon, max_words)


@TITLE.rule("title_by_author")
def title_by_author(d: QuoteDoc, index: int, quote_type: QuoteType) -> bool:
    """Title-case words followed by "by" and a name: ``''The Long Road,'' by Jane Smith``."""
    after = d.text[d.quotes[index].close_at:d.quotes[index].close_at + 40]
    return BY_AUTHOR.match(after) is not None and _title_case(d, index, MAX_BOOK_TITLE_WORDS)


@TITLE.rule("title_after_work_noun")
def title_after_work_noun(d: QuoteDoc, index: int, quote_type: QuoteType) -> bool:
    """Title-case words right after a word naming a work: in her book, "An American
    Daughter."."""
    open_i = d.token_at(d.quotes[index].open_at)
    previous = [t for t in d.doc[max(0, open_i - 3):open_i] if not (t.is_punct or t.is_space)]
    return (_title_case(d, index) and bool(previous)
            and previous[-1].lemma_.lower() in d.lexicon.work_nouns)


@TITLE.rule("title_in_sentence")
def title_in_sentence(d: QuoteDoc, index: int, quote_type: QuoteType) -> bool:
    """Title-case words inside a sentence name a show, book or film (on "Meet the Press"),
    unless someone gives them as a name (``calls him "Little Marco"``: that someone's words)."""
    return (quote_type is QuoteType.PARTIAL and _title_case(d, index)
            and naming_verb(d, index) is None)


def title_rule(d: QuoteDoc, index: int, quote_type: QuoteType, rules: tuple) -> str | None:
    """The rule that found the quote to be a title, or None."""
    return next((rule.name for rule in rules if rule.ask(d, index, quote_type)), None)

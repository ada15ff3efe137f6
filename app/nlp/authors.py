"""Whose words a writing gives: "the statement said" is its author speaking. The author is
named in the writing's own noun phrase ("Trump's statement", "a statement from the campaign",
"an op-ed by X", "a letter signed by X", "the statement, attributed to X"), or where the text
brought the writing in, there or a few sentences back: the subject of the verb that made it
("The campaign released a statement", "X released a video that said"), who a passive one
says made it ("an email was sent from X"), or the subject of the cue it was said in ("In a
statement, X said"). Likewise whose a body is: "her campaign", "the Jeb Bush campaign", or
"the campaign" a few sentences after one of those."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from app.nlp.document import QuoteDoc
from app.nlp.syntax import SUBJECT_DEPS

LOOKBACK_SENTENCES = 3
MAX_LOOKBACK_SENTENCES = 12  # however long the chain of mentions: a bound on the work
AUTHOR_PREPOSITIONS = frozenset({"from", "by"})


def author_of(d: QuoteDoc, writing: Token) -> Token | None:
    """The head of the mention that wrote ``writing`` (a name, a noun or a pronoun), or None."""
    return next((found for earlier in _same_noun_back(d, writing)
                 if (found := _own_author(d, earlier) or _maker(earlier)) is not None), None)


def owner_of(d: QuoteDoc, body: Token) -> Token | None:
    """Whose a body is, when its phrase says so (``her campaign``, ``Trump's company``) or the
    same noun's did a few sentences back (``her campaign`` … ``the campaign said``)."""
    return next((found for earlier in _same_noun_back(d, body)
                 if (found := _possessor(d, earlier)) is not None), None)


def _possessor(d: QuoteDoc, noun: Token) -> Token | None:
    """``her campaign``, ``Trump's company``, ``the Jeb Bush campaign`` (a name before it)."""
    return next((c for c in noun.children if c.dep_ == "poss"
                 or c.dep_ == "compound" and d.names.name_at(c) is not None), None)


def _same_noun_back(d: QuoteDoc, noun: Token) -> Iterator[Token]:
    """``noun`` and the mentions of the same noun outside quotes before it, nearest first,
    each at most LOOKBACK_SENTENCES before the one after it ("a new ad" … "The ad contrasts"
    … "The ad slams" … "The ad claims" is one ad), at most MAX_LOOKBACK_SENTENCES back."""
    lemma = noun.lemma_.lower()
    last_seen = d.sentence_index(noun)
    first = d.sentence_starts[max(0, last_seen - MAX_LOOKBACK_SENTENCES)]
    for i in range(noun.i, first - 1, -1):
        earlier = d.doc[i]
        if d.sentence_index(earlier) < last_seen - LOOKBACK_SENTENCES:
            return
        if earlier.lemma_.lower() == lemma and d.quote_of[i] == -1 and earlier.pos_ == "NOUN":
            last_seen = d.sentence_index(earlier)
            yield earlier


def _own_author(d: QuoteDoc, writing: Token) -> Token | None:
    """``Trump's statement``, ``a Pew Research report``, ``a statement from the campaign``,
    ``an op-ed by X``, ``a letter signed by X``, ``the statement, which was attributed to
    X``."""
    owner = _possessor(d, writing)
    if owner is not None:
        return owner
    for child in writing.children:
        if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPOSITIONS:
            found = _object_of(child)
            if found is not None:
                return found
        if child.dep_ in ("acl", "relcl"):
            found = _agent(child)
            if found is not None:
                return found
    return None


def _agent(verb: Token) -> Token | None:
    """Who a clause on a writing says made it: "signed by X", "attributed to X"."""
    for child in verb.children:
        to = child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_ == "attribute"
        if child.dep_ == "agent" or to:
            return _object_of(child)
    return None


def _object_of(preposition: Token) -> Token | None:
    """The noun a preposition (or an agent's "by") governs."""
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def _maker(writing: Token) -> Token | None:
    """The subject of the verb that made the writing (``X released a statement``) or of the
    verb it was said in (``In a statement, X said``); who a passive one says made it (``an
    email was sent from X``, ``a statement was issued by X``)."""
    verb = writing.head
    if writing.dep_ == "nsubjpass":
        return next((found for child in verb.children
                     if child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ == "from"
                     if (found := _object_of(child)) is not None), None)
    if writing.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif writing.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)

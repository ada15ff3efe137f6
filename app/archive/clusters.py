"""One archive quote per wording across articles: the same canonical words are one quote, and
so is a trimmed or lightly edited version of words in quotation marks (MinHash LSH over word
shingles finds the candidates; their shingles decide). Reported speech is a paraphrase: it
joins only the same words."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.archive.models import Occurrence, Quote, QuoteBand
from app.core.wording import band_keys, key_of, resemblance, shingles, words_of

WORDS_IN_MARKS = frozenset({"direct", "partial"})
NEAR = 0.6
"""How alike two wordings' shingles must be to be one quote (``resemblance``): a quote of ten
words with one word changed is 0.62, a quote trimmed to two thirds 1.0."""


class Wording:
    """A quote's wording: its canonical words and their key for the exact match, and, only
    when asked (most quotes match exactly), its shingles and LSH keys for a near one."""

    def __init__(self, text: str, near: bool) -> None:
        self.text, self.near = text, near
        self.canonical = " ".join(words_of(text))
        self.key = key_of(self.canonical)

    @cached_property
    def shingles(self) -> set[str]:
        return shingles(self.canonical.split()) if self.near else set()

    @cached_property
    def bands(self) -> list[int]:
        return band_keys(self.shingles)


def candidates(session: Session, wordings: list[Wording],
               most: int = 50) -> dict[int, set[str]]:
    """Archived quotes sharing LSH bands with any of ``wordings``, with their shingles: for each
    wording the ``most`` that share the most bands (a pair shares a band with probability
    Jaccard², so the count ranks them), so a common phrase cannot bring in thousands."""
    ids: set[int] = set()
    for wording in wordings:
        if not wording.bands:
            continue
        shared = func.count().label("shared")
        ids.update(session.scalars(
            select(QuoteBand.quote_id).where(QuoteBand.key.in_(set(wording.bands)))
            .group_by(QuoteBand.quote_id).order_by(shared.desc(), QuoteBand.quote_id)
            .limit(most)))
    if not ids:
        return {}
    rows = session.execute(select(Quote.id, Quote.canonical).where(Quote.id.in_(ids)))
    return {quote_id: shingles(text.split()) for quote_id, text in rows}


def best_match(wording: Wording, known: dict[int, set[str]]) -> tuple[int, float] | None:
    """The archived quote most like ``wording``, if one is like it enough."""
    scored = [(resemblance(wording.shingles, other), quote_id) for quote_id, other in known.items()]
    scored = [(score, quote_id) for score, quote_id in scored if score >= NEAR]
    if not scored:
        return None
    score, quote_id = max(scored, key=lambda pair: (pair[0], -pair[1]))
    return quote_id, score


def assign(session: Session, quotes: list[tuple[str, str]]) -> list[int]:
    """The archive quote of each ``(text, type)``, created when none matches."""
    wordings = [Wording(text, kind in WORDS_IN_MARKS) for text, kind in quotes]
    by_key = {key: quote_id for key, quote_id in session.execute(
        select(Quote.canonical_hash, Quote.id)
        .where(Quote.canonical_hash.in_({w.key for w in wordings})))}
    unmatched = [w for w in wordings if w.key not in by_key and w.bands]
    known = candidates(session, unmatched)
    for wording in wordings:
        if wording.key in by_key:
            continue
        match = best_match(wording, known) if wording.bands else None
        if match is not None:
            by_key[wording.key] = match[0]
            continue
        quote_id = session.scalars(insert(Quote).returning(Quote.id), [{
            "text": wording.text, "canonical": wording.canonical,
            "canonical_hash": wording.key}]).one()
        by_key[wording.key] = quote_id
        if wording.bands:
            session.execute(insert(QuoteBand),
                            [{"key": key, "quote_id": quote_id} for key in set(wording.bands)])
            known[quote_id] = wording.shingles  # later quotes of this article may match it
    return [by_key[w.key] for w in wordings]


def tidy(session: Session, quote_ids: set[int]) -> None:
    """Drop archive quotes that no article gives any more, with their LSH keys."""
    if not quote_ids:
        return
    used = set(session.scalars(select(Occurrence.quote_id)
                               .where(Occurrence.quote_id.in_(quote_ids)).distinct()))
    gone = quote_ids - used
    if gone:
        session.execute(delete(QuoteBand).where(QuoteBand.quote_id.in_(gone)))
        session.execute(delete(Quote).where(Quote.id.in_(gone)))

"""What the archive answers: quotes by words, speaker, outlet, dates and type (ranked full-text
search, FTS5 on SQLite and a tsvector on PostgreSQL); every occurrence of one quote with its
first appearance and how each version's wording differs; and whether someone said something."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, column, func, literal_column, select, table, text
from sqlalchemy.orm import Bundle, Session

from app.archive.clusters import Wording, candidates
from app.archive.errors import BadQuery
from app.archive.filters import where_published
from app.archive.models import Article, Occurrence, Quote, Speaker
from app.archive.speakers import find_speakers
from app.core.wording import changes, resemblance, similarity

PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
FTS = table("occurrence_search", column("rowid"), column("rank"))
# what a result says of its article: never its text or analysis (large, and decoded per row)
ARTICLE_REF = Bundle("article", Article.id, Article.title, Article.url, Article.outlet,
                     Article.published_at)
SPEAKER_TOKEN = "qtspeaker"  # PostgreSQL's tsvector holds "qtspeaker<id>" beside the words


class BadCursor(BadQuery):
    """A cursor this archive did not hand out."""


@dataclass(frozen=True)
class QuoteQuery:
    q: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    types: tuple[str, ...] = ()
    limit: int = 20
    cursor: str | None = None
    gender: str | None = None  # "female", "male", "unknown": as the article gives the speaker
    anonymous: bool | None = None  # only (or none of) the quotes whose speaker nobody names
    affiliation: str | None = None  # the organisation the article ties the speaker to


def printable(text: str | None) -> str | None:
    """What a user typed, without control characters (a NUL breaks both databases' text)."""
    if text is None:
        return None
    return "".join(ch if ch.isprintable() or ch in " \t" else " " for ch in text)


def fts5_query(q: str, speaker_ids: list[int] | None = None) -> str:
    """A user's words and "phrases" as an FTS5 query on the quote text that means all of them,
    with nothing the user typed read as FTS5 syntax; and, for a speaker filter, one of their
    ids in the index's speaker column (both lists intersected inside the index)."""
    parts = []
    for phrase, word in PHRASE_OR_WORD.findall(q):
        part = (phrase or word).replace('"', "")
        if part.strip():
            parts.append(f'"{part}"')
    words = f"text : ({' '.join(parts) or chr(34) * 2})"
    if speaker_ids is None:
        return words
    ids = " OR ".join(f'"{i}"' for i in speaker_ids)
    return f"{words} AND speaker_id : ({ids})"


CURSOR = re.compile(r"[0-9]{1,9}")
"""A cursor is where the next page starts, in results: any such number is a page (past the
end, an empty one), so the schema can say what a cursor is and the service never refuses one
the schema allows."""


def encode_cursor(offset: int) -> str:
    return str(offset)


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not CURSOR.fullmatch(cursor):
        raise BadCursor("cursor is not one this archive gave (a number of at most nine digits); "
                        "start again without it")
    return int(cursor)


def occurrence_view(occurrence: Occurrence, article: Article) -> dict[str, Any]:
    return {"quote_id": occurrence.quote_id, "text": occurrence.text, "type": occurrence.type,
            "start": occurrence.start, "end": occurrence.end,
            "speaker": {"id": occurrence.speaker_id, "name": occurrence.speaker_name,
                        "mention": occurrence.mention, "gender": occurrence.speaker_gender,
                        "anonymous": occurrence.anonymous,
                        "affiliation": occurrence.affiliation}
            if occurrence.speaker_name else None,
            "cue": occurrence.cue, "sentence": occurrence.sentence,
            "confidence": occurrence.confidence,
            "article": {"id": article.id, "title": article.title, "url": article.url,
                        "outlet": article.outlet, "published_at": article.published_at}}


def _ranked(stmt: Select, dialect: str, q: str, speaker_ids: list[int] | None) -> Select:
    if dialect == "sqlite":
        # the index's ranked hits first, materialised: left to itself the planner may walk
        # the speaker's occurrences and probe the index once for each (seconds, not ms)
        match = text("occurrence_search MATCH :match").bindparams(
            match=fts5_query(q, speaker_ids))
        hits = (select(FTS.c.rowid.label("id"), FTS.c.rank.label("rank")).where(match)
                .cte("hits").prefix_with("MATERIALIZED"))
        return stmt.join(hits, hits.c.id == Occurrence.id).order_by(hits.c.rank, Occurrence.id)
    # English stems without stop words; a search of stop words alone ("to be or not to be")
    # matches the words as written, which the vector keeps too (0003)
    english = func.websearch_to_tsquery("english", q)
    query = case((func.numnode(english) == 0, func.plainto_tsquery("simple", q)), else_=english)
    vector = literal_column("occurrences.search")
    if speaker_ids is not None:  # the speaker's token, indexed with the words (0002)
        tokens = " | ".join(f"{SPEAKER_TOKEN}{i}" for i in speaker_ids)
        query = query.op("&&")(func.to_tsquery("simple", tokens))
    return (stmt.where(vector.op("@@")(query))
            .order_by(func.ts_rank(vector, query).desc(), Occurrence.id))


def _who(stmt: Select, query: QuoteQuery) -> Select:
    """The filters on who gets quoted (what ``app.archive.sources`` counts): the speaker's
    gender ("unknown": a named speaker no article genders), anonymous or not, organisation."""
    if query.gender in ("female", "male"):
        stmt = stmt.where(Occurrence.speaker_gender == query.gender)
    elif query.gender == "unknown":
        stmt = stmt.where(Occurrence.speaker_gender.is_(None), Occurrence.anonymous.is_(False),
                          Occurrence.speaker_id.is_not(None))
    if query.anonymous is not None:
        stmt = stmt.where(Occurrence.anonymous.is_(query.anonymous))
    if query.affiliation is not None:
        stmt = stmt.where(Occurrence.affiliation == query.affiliation)
    return stmt


def search(session: Session, dialect: str, query: QuoteQuery) -> dict[str, Any]:
    """Quotes that match ``query``, best first for words, else newest first; a page at a time."""
    offset = decode_cursor(query.cursor)
    query = replace(query, q=printable(query.q), speaker=printable(query.speaker),
                    outlet=printable(query.outlet))
    stmt = select(Occurrence, ARTICLE_REF).join(Article, Article.id == Occurrence.article_id)
    speaker_ids = None
    if query.speaker is not None:
        speaker_ids = find_speakers(session, query.speaker)
        if not speaker_ids:
            return {"quotes": [], "next_cursor": None}
        stmt = stmt.where(Occurrence.speaker_id.in_(speaker_ids))
    stmt = where_published(stmt, query.outlet, query.since, query.until, query.types)
    stmt = _who(stmt, query)
    if query.q and query.q.strip():
        stmt = _ranked(stmt, dialect, query.q, speaker_ids)
    else:
        stmt = stmt.order_by(Occurrence.published_at.desc().nulls_last(), Occurrence.id.desc())
    rows = session.execute(stmt.offset(offset).limit(query.limit + 1)).all()
    more = len(rows) > query.limit
    return {"quotes": [occurrence_view(o, a) for o, a in rows[:query.limit]],
            "next_cursor": encode_cursor(offset + query.limit) if more else None}


def _in_order(quote_id: int) -> Select:
    """A quote's occurrences with their articles, the first appearance first (by publication
    date, then by when the archive got it)."""
    return (select(Occurrence, ARTICLE_REF).join(Article, Article.id == Occurrence.article_id)
            .where(Occurrence.quote_id == quote_id)
            .order_by(Occurrence.published_at.asc().nulls_last(), Article.stored_at,
                      Occurrence.id))


def occurrences(session: Session, quote_id: int) -> dict[str, Any] | None:
    """Every occurrence of an archive quote, the first appearance first, each with how its
    wording differs from the first."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        return None
    rows = session.execute(_in_order(quote_id)).all()
    first = rows[0][0].text if rows else quote.text
    found = [{**occurrence_view(o, a), "differences": [c.to_dict() for c in changes(first, o.text)]}
             for o, a in rows]
    return {"id": quote.id, "text": first, "count": len(found),
            "first": found[0] if found else None, "occurrences": found,
            "attributed_to": attributions(session, quote_id)}


def attributions(session: Session, quote_id: int) -> list[dict[str, Any]]:
    """Whom the occurrences of a quote attribute it to: one line per archive speaker (and one
    for nobody named), with the names the articles used, most occurrences first."""
    counts: Counter = Counter()
    named: dict[int | None, list[str]] = defaultdict(list)
    for speaker_id, name, n in session.execute(
            select(Occurrence.speaker_id, Occurrence.speaker_name, func.count())
            .where(Occurrence.quote_id == quote_id)
            .group_by(Occurrence.speaker_id, Occurrence.speaker_name)
            .order_by(func.count().desc())):
        counts[speaker_id] += n
        if name and name not in named[speaker_id]:
            named[speaker_id].append(name)
    names = {sid: name for sid, name in session.execute(
        select(Speaker.id, Speaker.name).where(Speaker.id.in_([s for s in counts if s])))}
    return [{"speaker_id": sid, "name": names.get(sid), "as_named": named[sid],
             "occurrences": n} for sid, n in sorted(counts.items(),
                                                    key=lambda item: (-item[1], item[0] or 0))]


VERIFY_FLOOR = 0.3
"""The least shingle resemblance for an archived quote to be shown as close to the one asked."""


def verify(session: Session, quote: str, speaker: str | None, limit: int = 5) -> dict[str, Any]:
    """The archived quotes closest to ``quote``, with whom the archive attributes each to
    (and whether to ``speaker``), where each first appeared and how its wording differs."""
    wording = Wording(quote, near=True)
    known = candidates(session, [wording])
    exact = session.scalar(select(Quote.id).where(Quote.canonical_hash == wording.key))
    if exact is not None:
        known.setdefault(exact, wording.shingles)
    scored = sorted(((1.0 if quote_id == exact else resemblance(wording.shingles, other),
                      quote_id) for quote_id, other in known.items()), reverse=True)
    # the closest few by shingles; only they are read in full and compared word by word
    close = [quote_id for score, quote_id in scored if score >= VERIFY_FLOOR][:2 * limit]
    wanted = set(find_speakers(session, speaker)) if speaker else set()
    matches = []
    for quote_id in close:
        first = session.execute(_in_order(quote_id).limit(1)).first()
        if first is None:
            continue
        by = attributions(session, quote_id)
        text = first[0].text
        matches.append({
            "quote_id": quote_id, "text": text, "similarity": similarity(quote, text),
            "first": {**occurrence_view(*first), "differences": []},
            "occurrences": sum(a["occurrences"] for a in by), "attributed_to": by,
            "attributed_to_speaker": (any(a["speaker_id"] in wanted for a in by)
                                      if speaker else None),
            "differences": [c.to_dict() for c in changes(text, quote)]})
    matches.sort(key=lambda m: (-m["similarity"], m["quote_id"]))
    matches = matches[:limit]
    if not matches:
        verdict = "not_found"
    elif speaker is None:
        verdict = "found"
    elif any(m["attributed_to_speaker"] for m in matches):
        verdict = "attributed_to_speaker"
    else:
        verdict = "attributed_to_others"
    return {"quote": quote, "speaker": speaker, "verdict": verdict, "matches": matches}

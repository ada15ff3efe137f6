"""One archive speaker per person across articles. An article's speaker joins the archive
speaker that already bears its name; a full name joins a person with the same surname and
given name (or a surname alone that nobody else bears); a surname alone joins the one person
who bears it, or the one whose titles it shares; anyone else is a new speaker. So "Jens
Stoltenberg", "Stoltenberg" and "NATO Secretary-General Jens Stoltenberg" are one speaker,
and "Hillary Clinton" and "Bill Clinton" two."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.archive.errors import BadQuery
from app.archive.models import MAX_ID, ArticleSpeaker, Occurrence, Speaker, SpeakerAlias
from app.core.speaker_names import PersonName


def parse_name(name: str, label: str | None) -> PersonName:
    """A person's name without titles; another entity's ("Justice Department") as it is."""
    return PersonName.parse(name) if label in (None, "PERSON") else PersonName.parse(name, ())


def _aliases(session: Session, speaker_ids: list[int]) -> dict[int, list[PersonName]]:
    rows = session.execute(select(SpeakerAlias.speaker_id, SpeakerAlias.key)
                           .where(SpeakerAlias.speaker_id.in_(speaker_ids)))
    names: dict[int, list[PersonName]] = defaultdict(list)
    for speaker_id, key in rows:
        names[speaker_id].append(PersonName(tuple(key.split())))
    return names


@dataclass
class Named:
    """A speaker as an article names it."""

    name: str
    label: str | None
    titles: list[str]

    @cached_property
    def person(self) -> PersonName:
        return parse_name(self.name, self.label)


def identify_all(session: Session, named: list[Named]) -> list[int]:
    """The archive speaker of each speaker an article names (created when there is none): a
    name the archive knows, and its speaker's name, in one lookup for the article; only a new
    name asks more."""
    keys = {n.person.key for n in named}
    known, names = {}, {}
    for key, speaker_id, name, label in session.execute(
            select(SpeakerAlias.key, Speaker.id, Speaker.name, Speaker.label)
            .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
            .where(SpeakerAlias.key.in_(keys))):
        known[key], names[speaker_id] = speaker_id, (name, label)
    found = []
    for speaker in named:
        key = speaker.person.key
        if key not in known:
            known[key] = _identify_new(session, speaker)
            session.add(SpeakerAlias(key=key, speaker_id=known[key]))
            session.flush()
        found.append(known[key])
    missing = set(found) - set(names)
    if missing:
        names.update((speaker_id, (name, label)) for speaker_id, name, label in session.execute(
            select(Speaker.id, Speaker.name, Speaker.label).where(Speaker.id.in_(missing))))
    _prefer_fuller(session, dict(zip(found, named, strict=True)), names)
    return found


def _identify_new(session: Session, speaker: Named) -> int:
    """The archive speaker of a name no article gave before."""
    person = speaker.person
    candidates = list(session.scalars(select(Speaker.id).where(Speaker.surname == person.surname)))
    aliases = _aliases(session, candidates) if candidates else {}
    full = [s for s in candidates if any(a.given for a in aliases[s])]
    if person.given is not None:
        same = [s for s in full
                if all(a.same_person(person) for a in aliases[s] if a.given)]
        if same:
            return same[0]
        alone = [s for s in candidates if s not in full]
        if len(alone) == 1 and not full:
            return alone[0]  # "Stoltenberg", archived before anyone gave his first name
    else:
        if len(candidates) == 1:
            return candidates[0]
        sharing = [s for s in candidates if _shares_title(session, s, speaker.titles)]
        if len(sharing) == 1:
            return sharing[0]
        alone = [s for s in candidates if s not in full]
        if alone:
            return alone[0]
    created = Speaker(name=speaker.name, label=speaker.label, surname=person.surname)
    session.add(created)
    session.flush()
    return created.id


def _prefer_fuller(session: Session, named: dict[int, Named],
                   names: dict[int, tuple[str, str | None]]) -> None:
    """Name each speaker by the name just given if it says more than the one it has ("Jens
    Stoltenberg" over "Stoltenberg"); ``names``: each speaker's name and label now."""
    for speaker_id, given in named.items():
        if _fullness(given.name, given.label) > _fullness(*names[speaker_id]):
            session.execute(update(Speaker).where(Speaker.id == speaker_id)
                            .values(name=given.name))


def _fullness(name: str, label: str | None) -> tuple[int, int]:
    return len(parse_name(name, label).words), len(name)


def _shares_title(session: Session, speaker_id: int, titles: list[str]) -> bool:
    if not titles:
        return False
    wanted = {t.casefold() for t in titles}
    for seen in session.scalars(select(ArticleSpeaker.titles)
                                .where(ArticleSpeaker.speaker_id == speaker_id)):
        if wanted & {t.casefold() for t in seen}:
            return True
    return False


def tidy(session: Session, speaker_ids: set[int]) -> None:
    """After articles went: drop the aliases no article gives any more, the speakers no
    article names, and name the others by the fullest name they still have."""
    if not speaker_ids:
        return
    still = select(ArticleSpeaker.name_key).where(ArticleSpeaker.speaker_id.in_(speaker_ids))
    session.execute(delete(SpeakerAlias).where(SpeakerAlias.speaker_id.in_(speaker_ids),
                                               SpeakerAlias.key.not_in(still)))
    named = set(session.scalars(select(ArticleSpeaker.speaker_id)
                                .where(ArticleSpeaker.speaker_id.in_(speaker_ids))))
    gone = speaker_ids - named
    if gone:
        session.execute(delete(Speaker).where(Speaker.id.in_(gone)))
    for speaker_id in named:
        names = session.scalars(select(ArticleSpeaker.name)
                                .where(ArticleSpeaker.speaker_id == speaker_id))
        speaker = session.get(Speaker, speaker_id)
        speaker.name = max(set(names), key=lambda n: (*_fullness(n, speaker.label), n))


def quote_counts(session: Session, speaker_ids: list[int]) -> dict[int, tuple[int, object, object]]:
    """Quote count, first and last quoted, per speaker."""
    rows = session.execute(
        select(Occurrence.speaker_id, func.count(), func.min(Occurrence.published_at),
               func.max(Occurrence.published_at))
        .where(Occurrence.speaker_id.in_(speaker_ids)).group_by(Occurrence.speaker_id))
    return {speaker_id: (count, first, last) for speaker_id, count, first, last in rows}


def find_speakers(session: Session, asked: str) -> list[int]:
    """The archive speakers a search means by ``asked``: an id, or a name as ``identify`` reads
    it ("Clinton": every Clinton; "Hillary Clinton": Hillary Clinton)."""
    if asked.strip().isdigit():
        if int(asked) > MAX_ID:
            raise BadQuery(f"no speaker id is above {MAX_ID}")
        return [int(asked)]
    person = parse_name(asked, None)
    if not person.words:
        return []
    found = set(session.scalars(select(SpeakerAlias.speaker_id)
                                .where(SpeakerAlias.key == person.key)))
    candidates = list(session.scalars(select(Speaker.id).where(Speaker.surname == person.surname)))
    for speaker_id, aliases in _aliases(session, candidates).items():
        if person.given is None or all(a.same_person(person) for a in aliases if a.given):
            found.add(speaker_id)
    return sorted(found)


def speaker_summary(session: Session, speaker_ids: list[int]) -> list[dict[str, Any]]:
    """Name, aliases, titles seen, quote count, first and last quoted, per speaker."""
    if not speaker_ids:
        return []
    counts = quote_counts(session, speaker_ids)
    rows = session.execute(select(ArticleSpeaker.speaker_id, ArticleSpeaker.name,
                                  ArticleSpeaker.titles)
                           .where(ArticleSpeaker.speaker_id.in_(speaker_ids)))
    aliases: dict[int, Counter] = defaultdict(Counter)
    titles: dict[int, Counter] = defaultdict(Counter)
    for speaker_id, name, seen in rows:
        aliases[speaker_id][name] += 1
        titles[speaker_id].update(seen)
    found = []
    for speaker in session.scalars(select(Speaker).where(Speaker.id.in_(speaker_ids))):
        count, first, last = counts.get(speaker.id, (0, None, None))
        found.append({"id": speaker.id, "name": speaker.name, "label": speaker.label,
                      "aliases": [n for n, _ in aliases[speaker.id].most_common()],
                      "titles": [t for t, _ in titles[speaker.id].most_common()],
                      "quote_count": count, "first_quoted": first, "last_quoted": last})
    return sorted(found, key=lambda s: (-s["quote_count"], s["id"]))


def matching_speakers(session: Session, q: str | None, limit: int) -> list[dict[str, Any]]:
    """Speakers one of whose names holds ``q`` (all when it is empty), most quoted first."""
    stmt = select(ArticleSpeaker.speaker_id, func.count(Occurrence.id).label("quotes")) \
        .outerjoin(Occurrence, Occurrence.speaker_id == ArticleSpeaker.speaker_id)
    key = parse_name(q, None).key if q else ""
    if key:
        stmt = stmt.where(ArticleSpeaker.name_key.contains(key, autoescape=True))
    stmt = stmt.group_by(ArticleSpeaker.speaker_id).order_by(func.count(Occurrence.id).desc(),
                                                             ArticleSpeaker.speaker_id)
    ids = [speaker_id for speaker_id, _ in session.execute(stmt.limit(limit))]
    return speaker_summary(session, ids)


def speaker_detail(session: Session, speaker_id: int, co_quoted: int = 10) -> dict[str, Any] | None:
    """A speaker's summary, quotes per month, and the speakers most often quoted in the same
    articles."""
    summary = speaker_summary(session, [speaker_id])
    if not summary:
        return None
    months: Counter = Counter()
    for published_at in session.scalars(select(Occurrence.published_at)
                                        .where(Occurrence.speaker_id == speaker_id)):
        if published_at is not None:
            months[published_at.strftime("%Y-%m")] += 1
    articles = select(ArticleSpeaker.article_id).where(ArticleSpeaker.speaker_id == speaker_id)
    others = session.execute(
        select(ArticleSpeaker.speaker_id, func.count().label("articles"))
        .where(ArticleSpeaker.article_id.in_(articles), ArticleSpeaker.speaker_id != speaker_id)
        .group_by(ArticleSpeaker.speaker_id)
        .order_by(func.count().desc(), ArticleSpeaker.speaker_id).limit(co_quoted)).all()
    names = {sid: name for sid, name in session.execute(
        select(Speaker.id, Speaker.name).where(Speaker.id.in_([o for o, _ in others])))}
    return {**summary[0],
            "quotes_by_month": [{"month": m, "quotes": n} for m, n in sorted(months.items())],
            "quoted_with": [{"id": o, "name": names.get(o), "articles": n} for o, n in others]}

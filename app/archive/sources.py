"""Who gets quoted, counted: by outlet or by month, the quotes, the people quoted and their
gender as the articles say it, the anonymous sources, and the speakers and organisations quoted
most. Two grouped queries on the occurrences (served by their outlet-and-date index); what
they return is added up here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.archive.filters import where_published
from app.archive.models import Occurrence, Speaker

GROUPINGS = ("outlet", "month")
TOP = 5  # speakers and organisations listed per group
NO_OUTLET = "(no outlet)"
NO_DATE = "(no date)"
GENDERS = ("female", "male")


@dataclass(frozen=True)
class SourcesQuery:
    by: Literal["outlet", "month"] = "outlet"
    outlet: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    types: tuple[str, ...] = ()


@dataclass
class Tally:
    """One group's counts, or the total's."""

    quotes: int = 0
    anonymous: int = 0
    people: dict[int, Counter] = field(default_factory=dict)  # speaker → genders said, quotes
    affiliations: Counter = field(default_factory=Counter)

    def add(self, speaker_id: int | None, quotes: int, female: int, male: int,
            anonymous: int) -> None:
        self.quotes += quotes
        self.anonymous += anonymous
        named = quotes - anonymous
        if speaker_id is not None and named > 0:
            said = self.people.setdefault(speaker_id, Counter())
            said.update({"female": female, "male": male, "quotes": named})

    def top_speakers(self) -> list[tuple[int, int]]:
        """The speakers quoted most, with their quotes: most first, then by id."""
        ranked = sorted(self.people.items(), key=lambda item: (-item[1]["quotes"], item[0]))
        return [(speaker_id, said["quotes"]) for speaker_id, said in ranked[:TOP]]

    def as_dict(self, names: dict[int, str]) -> dict[str, Any]:
        """The counts as the API gives them, speakers by their archive names: a person is
        female or male when every quote of theirs that says a gender says that one; else
        unknown."""
        by_gender = Counter(_gender(said) for said in self.people.values())
        return {"quotes": self.quotes, "speakers": len(self.people),
                "by_gender": {g: by_gender[g] for g in (*GENDERS, "unknown")},
                "anonymous": self.anonymous,
                "top_speakers": [{"id": speaker_id, "name": names[speaker_id], "quotes": quotes}
                                 for speaker_id, quotes in self.top_speakers()],
                "top_affiliations": [{"name": name, "quotes": n} for name, n in sorted(
                    self.affiliations.items(), key=lambda item: (-item[1], item[0]))[:TOP]]}


def _gender(said: Counter) -> str:
    if said["female"] and not said["male"]:
        return "female"
    if said["male"] and not said["female"]:
        return "male"
    return "unknown"


def sources(session: Session, dialect: str, query: SourcesQuery) -> dict[str, Any]:
    """``{"total": {...}, "groups": [{"key", ...}]}``, groups in key order."""
    key = _key(query.by, dialect)
    groups: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    people = _filtered(select(
        key, Occurrence.speaker_id, func.count(),
        func.sum(case((Occurrence.speaker_gender == "female", 1), else_=0)),
        func.sum(case((Occurrence.speaker_gender == "male", 1), else_=0)),
        func.sum(case((Occurrence.anonymous, 1), else_=0)),
    ), query).group_by(key, Occurrence.speaker_id)
    for group, speaker_id, quotes, female, male, anonymous in session.execute(people):
        for tally in (groups[group], total):
            tally.add(speaker_id, quotes, female, male, anonymous)
    affiliations = _filtered(select(key, Occurrence.affiliation, func.count()), query).where(
        Occurrence.affiliation.is_not(None)).group_by(key, Occurrence.affiliation)
    for group, affiliation, quotes in session.execute(affiliations):
        groups[group].affiliations[affiliation] += quotes
        total.affiliations[affiliation] += quotes
    top = {speaker_id for tally in (total, *groups.values())
           for speaker_id, _ in tally.top_speakers()}
    names = dict(session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(top))).all())
    return {"total": total.as_dict(names),
            "groups": [{"key": group, **groups[group].as_dict(names)} for group in sorted(groups)]}


def _key(by: str, dialect: str) -> ColumnElement:
    if by == "outlet":
        return func.coalesce(Occurrence.outlet, NO_OUTLET)
    month = (func.strftime("%Y-%m", Occurrence.published_at) if dialect == "sqlite"
             else func.to_char(Occurrence.published_at, "YYYY-MM"))
    return func.coalesce(month, NO_DATE)


def _filtered(stmt: Select, query: SourcesQuery) -> Select:
    return where_published(stmt, query.outlet, query.since, query.until, query.types)

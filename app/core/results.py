"""Plain result records the spaCy component puts on ``Doc._`` (no web or spaCy types)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class QuoteType(StrEnum):
    DIRECT = "direct"  # a quote that is a clause of its own: "We must act," he said.
    PARTIAL = "partial"  # quoted words inside reported speech: he said NATO must "act now".
    INDIRECT = "indirect"  # reported speech without quotation marks: he said NATO must act.
    MIXED = "mixed"  # reported speech holding a partial quote: he said NATO must "act now".


class ResolvedBy(StrEnum):
    EXPLICIT = "explicit"  # the cue's subject is the name itself
    NAME = "name"  # the subject is a shorter variant of a fuller name in the text
    COREFERENCE = "coreference"  # a pronoun resolved through a coreference chain
    ROLE = "role"  # a role noun ("the NATO chief") resolved to a named person
    CONTINUATION = "continuation"  # no cue of its own: the speaker of the quote before it


@dataclass(frozen=True)
class TextSpan:
    """A stretch of the input: ``text == source[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Alternative:
    """A runner-up for a quote's speaker: who, and their score as a share of the winner's."""

    name: str
    score: float


@dataclass(frozen=True)
class Evidence:
    """A word of the article that says a speaker's gender: what it says ("female" or "male")
    and what kind of word it is ("pronoun", "honorific", "role_noun")."""

    text: str
    start: int
    end: int
    says: str
    kind: str


@dataclass
class SpeakerRef:
    """Who said a quote: the speaker, the mention the attribution uses, how it was resolved,
    the runners-up; what the article says of them (gender and its evidence, their
    organisation); and, for somebody nobody names, that they are anonymous, what kind of
    speaker they are and the words that describe them."""

    id: str
    name: str
    mention: TextSpan
    resolved_by: ResolvedBy
    alternatives: list[Alternative] = field(default_factory=list)
    gender: str | None = None
    gender_evidence: list[Evidence] = field(default_factory=list)
    affiliation: TextSpan | None = None
    anonymous: bool = False
    kind: str = "named"
    description: TextSpan | None = None


@dataclass(frozen=True)
class Weighed:
    """A feature of a candidate speaker and what it added to the candidate's score."""

    feature: str
    weight: float


@dataclass(frozen=True)
class Choice:
    """A candidate speaker as the scorer saw it: who (the mention's own words when nobody named
    stands behind it), its probability, and its strongest features."""

    name: str
    named: bool
    probability: float
    features: list[Weighed] = field(default_factory=list)


@dataclass(frozen=True)
class SpeakerDecision:
    """How the speaker was chosen among the candidates the rules proposed: the winner and the
    runner-up (None: it was the only candidate)."""

    chosen: Choice
    runner_up: Choice | None
    candidates: int


@dataclass
class Trace:
    """Which rules gave an answer: the rule that set its kind (None: partial, or the report's
    type), the rules that found and then refined its cue, and the rules that chose its speaker
    (for a quote that goes on from another, that quote's rules too). Every name is a rule of
    the component's config."""

    kind: str | None = None
    cue: list[str] = field(default_factory=list)
    speaker: list[str] = field(default_factory=list)
    decision: SpeakerDecision | None = None


@dataclass
class Quote:
    id: str
    text: str
    start: int
    end: int
    type: QuoteType
    group: str
    speaker: SpeakerRef | None
    cue: TextSpan | None
    sentence: TextSpan
    confidence: float
    rule: Trace


@dataclass
class Speaker:
    id: str
    name: str
    label: str | None
    titles: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    gender: str | None = None
    gender_evidence: list[Evidence] = field(default_factory=list)
    affiliation: TextSpan | None = None


@dataclass
class Attributions:
    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (what ``Doc._`` holds, so docs can cross processes)."""
        return asdict(self, dict_factory=_plain_dict)


def _plain_dict(items: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v.value if isinstance(v, StrEnum) else v for k, v in items}

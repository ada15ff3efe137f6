"""From the decisions about each quote to result records: ids, groups, speakers and their
mentions, and the confidence a quote comes back with."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span

from app.core import confidence
from app.core.options import Options
from app.core.quotes import QuoteSpan
from app.core.results import (
    Alternative,
    Attributions,
    Quote,
    QuoteType,
    ResolvedBy,
    Speaker,
    SpeakerRef,
    TextSpan,
    Trace,
)
from app.core.speaker_model import Decision
from app.nlp.cues import Cue
from app.nlp.document import QuoteDoc
from app.nlp.names import NamedEntity
from app.nlp.speaker_profile import Profiles
from app.nlp.speaker_question import mention_of
from app.nlp.syntax import relative_antecedent

NAMED = frozenset({ResolvedBy.EXPLICIT, ResolvedBy.NAME})  # a name the article writes out


@dataclass
class Found:
    """Everything decided about one quote before ids are handed out."""

    quote: QuoteSpan
    type: QuoteType
    sentence: tuple[int, int]
    cue: Cue | None
    mention: Span | None
    entity: NamedEntity | None
    resolved_by: ResolvedBy | None
    confidence: float
    group_of: int  # index of the first quote of the group
    scare: bool = False
    trace: Trace = field(default_factory=Trace)
    alternatives: tuple[tuple[NamedEntity, float], ...] = ()  # close runners-up, best first
    decision: Decision | None = None  # how the speaker was chosen among the candidates


def assemble(d: QuoteDoc, found: list[Found], options: Options,
             profiles: Profiles | None = None) -> Attributions:
    """The quotes ``options`` ask for, with their speakers, in the order found; with
    ``profiles``, what the article says of each speaker."""
    kept = [f for f in found if f.type in options.types
            and (options.include_scare_quotes or not f.scare)]
    quote_ids = {id(f): f"q{n}" for n, f in enumerate(kept, start=1)}
    first_of_group = {f.group_of: quote_ids[id(f)] for f in reversed(kept)}
    speakers: dict[object, Speaker] = {}
    seen: dict[str, set[tuple[int, int]]] = {}  # mention offsets already listed, per speaker
    refs: list[tuple[Found, SpeakerRef]] = []
    result = Attributions()
    for f in kept:
        qid = quote_ids[id(f)]
        speaker_ref = None
        if f.mention is not None:
            speaker = _speaker_for(d, f, speakers)
            if speaker.id not in seen:
                seen[speaker.id] = {(m.start, m.end) for m in speaker.mentions}
            speaker.quote_ids.append(qid)
            mention = d.span(f.mention)
            if (mention.start, mention.end) not in seen[speaker.id]:
                seen[speaker.id].add((mention.start, mention.end))
                speaker.mentions.append(mention)
            speaker_ref = SpeakerRef(speaker.id, speaker.name, mention, f.resolved_by,
                                     [Alternative(e.name, score) for e, score in f.alternatives])
            refs.append((f, speaker_ref))
        quote = f.quote
        result.quotes.append(Quote(
            id=qid, text=d.text[quote.start:quote.end], start=quote.start, end=quote.end,
            type=f.type, group=first_of_group.get(f.group_of, qid), speaker=speaker_ref,
            cue=d.span(f.cue.span) if f.cue is not None else None,
            sentence=TextSpan(d.text[f.sentence[0]:f.sentence[1]], *f.sentence),
            confidence=confidence.as_returned(f.confidence, f.type),
            rule=replace(f.trace, decision=f.decision.as_trace() if f.decision else None)))
    for speaker in speakers.values():
        speaker.mentions.sort(key=lambda m: m.start)
    if profiles is not None:
        _profiled(refs, speakers, profiles)
    result.speakers = list(speakers.values())
    return result


def _profiled(refs: list[tuple[Found, SpeakerRef]], speakers: dict[object, Speaker],
              profiles: Profiles) -> None:
    """What the article says of each speaker, on the speaker and on each quote's reference to
    them: a named one's gender and organisation; that somebody nobody names is anonymous."""
    mentions: dict[int, list[Span]] = {}
    for f, _ in refs:
        if f.entity is not None and f.mention is not None:
            mentions.setdefault(id(f.entity), []).append(f.mention)
    entities = {id(f.entity): f.entity for f, _ in refs if f.entity is not None}
    named = {key: profiles.of_entity(entity, mentions[key]) for key, entity in entities.items()}
    for key, profile in named.items():
        speaker = speakers[key]
        speaker.gender, speaker.affiliation = profile.gender, profile.affiliation
        speaker.gender_evidence = list(profile.evidence)
    for f, ref in refs:
        if f.entity is not None:
            profile = named[id(f.entity)]
            ref.gender, ref.gender_evidence = profile.gender, list(profile.evidence)
            ref.affiliation = profile.affiliation
        elif f.mention is not None and f.resolved_by not in NAMED:
            unnamed = profiles.of_unnamed(f.mention)
            ref.anonymous, ref.kind = unnamed.kind != "named", unnamed.kind
            ref.description = unnamed.description
            ref.affiliation, ref.gender = unnamed.affiliation, unnamed.gender
            ref.gender_evidence = list(unnamed.evidence)


def _speaker_for(d: QuoteDoc, f: Found, speakers: dict[object, Speaker]) -> Speaker:
    entity = f.entity
    name = entity.name if entity is not None else _unresolved_name(d, f.mention)
    key: object = id(entity) if entity is not None else name.lower()
    if key not in speakers:
        sid = f"s{len(speakers) + 1}"
        if entity is not None:
            speakers[key] = Speaker(sid, entity.name, entity.label, list(entity.titles),
                                    [d.span(s) for s in entity.spans])
        else:
            speakers[key] = Speaker(sid, name, None)
    return speakers[key]


def _unresolved_name(d: QuoteDoc, mention: Span) -> str:
    """A speaker no entity stands for is named by its mention; a relative pronoun by the noun
    phrase it stands for (`officials who said` → "officials", not "who")."""
    antecedent = relative_antecedent(mention.root) if len(mention) == 1 else None
    return mention_of(d, antecedent).text if antecedent is not None else mention.text

"""The question the speaker stage answers for a mention, and how its rules' proposals become a
decision.

Every rule of the stage (``app.nlp.sieves.speaker``) proposes an entity, or that nobody named
stands behind the mention, or passes. The hard constraints (``app.nlp.mentions``) strike out
who cannot speak at all. Then one of two deciders chooses, as the component's config says:

* ``learned`` (the default): the learned scorer (``app.core.speaker_model``) ranks every
  candidate (``app.nlp.speaker_features``), with which rules proposed them and the rules' order
  among their features, and the decision is traced with what won and the runner-up;
* ``rules``: the first proposal, in the config's order of the rules, that the constraints let
  stand.

coreferee is the one costly rule: it is asked only where the other rules leave a doubt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from spacy.tokens import Span, Token

from app.core import confidence
from app.core.results import ResolvedBy
from app.core.salience import CLOSE
from app.core.speaker_model import Decision, SpeakerModel
from app.nlp.coreference import Coreference
from app.nlp.document import QuoteDoc
from app.nlp.entity_facts import DocumentFacts
from app.nlp.gender import NO_PERSON_WORDS, PersonWords
from app.nlp.mentions import Mention, MentionKind, may_be, mention_kind
from app.nlp.names import NamedEntity
from app.nlp.salience import Salience
from app.nlp.speaker_features import CandidateBuilder, Proposal
from app.nlp.syntax import DASH_CHARS

NOUN_PHRASE_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "case"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
COSTLY = frozenset({"coreferee"})
"""Rules asked only where the others leave a doubt: coreferee costs more than the parse."""
PRONOUN_KINDS = frozenset({MentionKind.PERSON_PRONOUN, MentionKind.GROUP_PRONOUN})
LAST_RESORT = frozenset({"nearest_entity"})
"""Rules that guess (the last entity of a kind named): their proposal settles no doubt."""


@dataclass(frozen=True)
class Resolution:
    """Who a mention stands for (None: nobody named), how, the rules that proposed it, and the
    learned decision that chose it (None: the rules decided)."""

    entity: NamedEntity | None
    resolved_by: ResolvedBy
    rules: tuple[str, ...]
    alternatives: tuple[tuple[NamedEntity, float], ...] = ()
    """Runners-up that came close, with their share of the winner's score."""
    decision: Decision | None = None
    via: str | None = None
    """The named way the rule found its answer, where it has several (salience's ``Way``)."""
    sure_as: tuple[str, ...] | None = None
    """The rules whose confidence the answer takes (None: ``rules``): when the model decides,
    those of the first rule, in config order, that proposed the winner, as if it had decided."""

    @property
    def confidence(self) -> float:
        rules = self.rules if self.sure_as is None else self.sure_as
        return confidence.of_speaker(rules, close_call=bool(self.alternatives))


@dataclass(frozen=True)
class SpeakerQuestion:
    """A mention to resolve, with what resolution reads beyond the document: coreference, the
    speaker tokens of quotes already given to a named person (``named_cue_at``), the salience
    rankings and the document's facts (each built on first use, once per document), and the
    learned model (None: the rules decide)."""

    d: QuoteDoc
    head: Token
    mention: Span
    coreference: Coreference
    named_cue_at: tuple[int, ...]
    rules: tuple
    person_words: PersonWords = NO_PERSON_WORDS
    salience: Callable[[], Salience] | None = None
    facts: Callable[[], DocumentFacts] | None = None
    model: SpeakerModel | None = None
    asked: dict[tuple[int, str], Resolution | None] = field(default_factory=dict, compare=False)
    """What each rule answered about each mention: a memo shared by the questions of one
    document (attribution asks ahead whether coreference must get ready for a mention)."""

    def about(self, head: Token) -> SpeakerQuestion:
        """The same question about another mention (a relative pronoun's antecedent, a
        writing's author)."""
        return replace(self, head=head, mention=mention_of(self.d, head))

    def ask(self, rule) -> Resolution | None:
        key = (self.head.i, rule.name)
        if key not in self.asked:
            self.asked[key] = rule.ask(self)
        return self.asked[key]


def mention_of(d: QuoteDoc, head: Token) -> Span:
    """The words of the mention whose head is ``head``: a turn's label, a name, a pronoun, or
    the noun phrase up to the head."""
    if head.i in d.turn_labels:
        return d.turn_labels[head.i]
    name = d.names.name_at(head)
    if name is not None:
        return name
    if head.pos_ == "PRON":
        return d.doc[head.i:head.i + 1]
    left = head.i
    for child in head.lefts:
        if child.dep_ in NOUN_PHRASE_LEFT and d.quote_of[child.left_edge.i] == -1:
            left = min(left, child.left_edge.i)
    # a noun phrase does not run back over a dash set off by spaces (not a hyphen:
    # "right-hand"), a line break or the end of a sentence the parser crossed ("its drug,
    # HB-24B. An FDA official said")
    while left < head.i and any(
            "\n" in t.text or t.text in SENTENCE_ENDS
            or t.text in DASH_CHARS and d.doc[t.i - 1].whitespace_
            for t in d.doc[left:head.i]):
        left += 1
    return d.doc[left:head.i + 1]


def resolve(q: SpeakerQuestion) -> Resolution:
    """Who the mention stands for, by the rules or by the learned scorer."""
    mention = Mention(q.mention, q.head, mention_kind(q.d, q.head, q.person_words))
    return by_model(q, mention) if q.model is not None else by_rules(q, mention)


def by_rules(q: SpeakerQuestion, mention: Mention) -> Resolution:
    """The first proposal, in config order, that the hard constraints let stand; a mention
    no rule answers is somebody nobody named."""
    for rule in q.rules:
        found = q.ask(rule)
        if found is not None and may_stand(q, mention, found.entity):
            return found
    return by_kind(mention, None, ())


def may_stand(q: SpeakerQuestion, mention: Mention, entity: NamedEntity | None) -> bool:
    """Whether the hard constraints let an entity (or nobody named) stand behind a mention."""
    if entity is None or q.facts is None:
        return True
    facts = q.facts()
    n = facts.index[id(entity)]
    return may_be(mention, entity, facts.kinds[n], partial(facts.described, n))


def by_model(q: SpeakerQuestion, mention: Mention) -> Resolution:
    """Every rule proposes (coreferee only in doubt); the model ranks the candidates."""
    answers = [(rule.name, found) for rule in q.rules
               if (rule.name not in COSTLY or needs_costly(q))
               and (found := q.ask(rule)) is not None]
    if q.facts is None:
        return answers[0][1] if answers else by_kind(mention, None, ())
    proposals = [Proposal(name, found.entity, found.alternatives, found.via)
                 for name, found in answers]
    assert q.model is not None
    decision = q.model.decide(CandidateBuilder(q.facts(), mention, proposals).build())
    winner = decision.winner.candidate
    entity = None if winner.key is None else q.d.names.entities[winner.key]
    rules = tuple(dict.fromkeys(r for _, found in answers if found.entity is entity
                                for r in found.rules))
    first = next((found for _, found in answers if found.entity is entity), None)
    resolved = first or by_kind(mention, entity, rules)
    top = decision.winner.probability
    # what the first rule to propose the winner saw come close, then the model's runners-up
    close = {id(other): (other, share) for other, share in resolved.alternatives}
    for s in decision.ranked[1:]:
        if s.candidate.key is not None and s.probability >= CLOSE * top:
            other = q.d.names.entities[s.candidate.key]
            close.setdefault(id(other), (other, round(s.probability / top, 2)))
    return Resolution(entity, resolved.resolved_by, rules,
                      tuple(pair for pair in close.values() if pair[0] is not entity), decision,
                      sure_as=resolved.rules)


def needs_costly(q: SpeakerQuestion) -> bool:
    """Whether the costly rules are asked about a mention: a pronoun the others leave in
    doubt. By the rules, when no rule before the costly one answers; by the model, when the
    rules that do not merely guess propose no entity, or more than one."""
    if (not any(rule.name in COSTLY for rule in q.rules)
            or mention_kind(q.d, q.head, q.person_words) not in PRONOUN_KINDS):
        return False
    if q.model is None:
        mention = Mention(q.mention, q.head, mention_kind(q.d, q.head, q.person_words))
        first = next(n for n, rule in enumerate(q.rules) if rule.name in COSTLY)
        return not any((found := q.ask(rule)) is not None and may_stand(q, mention, found.entity)
                       for rule in q.rules[:first])
    cheap = [(rule.name, found) for rule in q.rules if rule.name not in COSTLY
             and (found := q.ask(rule)) is not None]
    return in_doubt(cheap)


def in_doubt(answers: Sequence[tuple[str, Resolution]]) -> bool:
    """Whether the cheap rules leave a doubt worth a costly rule: those that do not merely
    guess propose no entity, or more than one."""
    return len({id(found.entity) for rule, found in answers
                if found.entity is not None and rule not in LAST_RESORT}) != 1


def by_kind(mention: Mention, entity: NamedEntity | None, rules: tuple[str, ...]
            ) -> Resolution:
    """How a mention was resolved when no rule's answer says, by its kind."""
    if mention.kind is MentionKind.NAME:
        return named(entity, mention.span.text, rules)
    if mention.kind in (MentionKind.PERSON_PRONOUN, MentionKind.GROUP_PRONOUN,
                        MentionKind.INDEFINITE):
        return Resolution(entity, ResolvedBy.COREFERENCE, rules)
    return Resolution(entity, ResolvedBy.ROLE, rules)


def named(entity: NamedEntity | None, text: str, rules: tuple[str, ...]) -> Resolution:
    exact = entity is not None and entity.name == text
    return Resolution(entity, ResolvedBy.EXPLICIT if exact else ResolvedBy.NAME, rules)

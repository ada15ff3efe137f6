"""The candidates for a speaker mention and their named features: what the learned scorer
(``app.core.speaker_model``) weighs.

Candidates are the entities the hard constraints allow (``app.nlp.mentions``) that the text
has named near the mention, that a rule proposed or that the article is about, and "nobody
named" (the mention itself). Each carries its features by name: which rules proposed it,
salience, recency, subjects and speakers nearby, gender, what the article described it as,
its entity type. What the article shows of each entity is read once per document
(``DocumentFacts``).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Token

from app.core.speaker_model import Candidate
from app.nlp.entity_facts import DocumentFacts
from app.nlp.gender import FEMALE, MALE
from app.nlp.mentions import Mention, MentionKind, may_be, pronoun_gender
from app.nlp.names import NamedEntity
from app.nlp.syntax import SUBJECT_DEPS

RECENCY_BUCKETS = ((0, "same"), (1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"))
MENTION_BUCKETS = ((1, "1"), (3, "2-3"), (7, "4-7"))
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "one", "some"})
AUTHOR_RULE = "document_author"
"""The rule that finds whose a writing or a body is: when it names somebody, the writing
speaks for them and for nobody else (a hard constraint, not a feature to weigh)."""


@dataclass(frozen=True)
class Proposal:
    """What one rule proposes for a mention: an entity, or nobody named (None); and the
    runners-up it saw come close, with their share of the winner's score."""

    rule: str
    entity: NamedEntity | None
    close: tuple[tuple[NamedEntity, float], ...] = ()
    via: str | None = None  # the named way the rule found it, where it has several


def _bucket(value: int, buckets: tuple[tuple[int, str], ...], last: str) -> str:
    return next((name for bound, name in buckets if value <= bound), last)


def _role_of(token: Token) -> str:
    """What a mention is in its clause: a subject, an object, a possessor, in an apposition or
    a prepositional phrase, or else."""
    dep = token.dep_
    if dep in SUBJECT_DEPS:
        return "subject"
    if dep in ("dobj", "dative", "attr"):
        return "object"
    return {"poss": "possessor", "appos": "apposition", "pobj": "preposition",
            "compound": "compound"}.get(dep, "other")


class CandidateBuilder:
    """The candidates of one mention, with their features."""

    def __init__(self, facts: DocumentFacts, mention: Mention,
                 proposals: Sequence[Proposal]) -> None:
        self.facts = facts
        self.mention = mention
        self.proposals = proposals
        # each proposal's entity by its index in the facts (None: nobody named)
        self.keys = [None if p.entity is None else facts.index[id(p.entity)] for p in proposals]
        self.d = facts.d
        self.sentence = self.d.sentence_index(mention.head)

    def build(self) -> list[Candidate]:
        facts, kind = self.facts, self.mention.kind
        proposed = [k for k in self.keys if k is not None]
        close = [facts.index[id(e)] for p in self.proposals for e, _ in p.close]
        pool = list(dict.fromkeys([*proposed, *close]))
        if kind is not MentionKind.NAME:
            pool += [n for n in facts.near(self.mention.head) if n not in pool]
            pool += [n for n in sorted(facts.main) if n not in pool]
        owner = self._possessor()
        allowed = [n for n in pool if n != owner
                   and may_be(self.mention, facts.entities[n], facts.kinds[n],
                              partial(facts.described, n))]
        author = self._author()
        if author in allowed:
            allowed = [author]
        nearest = [n for n in sorted(allowed, key=lambda n: -facts.last_before(
            n, self.mention.head.i)) if facts.last_before(n, self.mention.head.i) >= 0]
        candidates = [Candidate(n, facts.entities[n].name, self._entity_features(n, nearest))
                      for n in allowed]
        candidates.append(Candidate(None, self.mention.span.text,
                                    self._unnamed_features(bool(allowed))))
        return self._in_rule_order(candidates)

    def _in_rule_order(self, candidates: list[Candidate]) -> list[Candidate]:
        """Mark the candidate the rules' order would choose (the first proposal a candidate
        stands for) and the next one: the hand-set precedence, as one more feature to weigh."""
        standing = {c.key for c in candidates}
        ordered = list(dict.fromkeys(k for k in self.keys if k in standing))
        kind = self.mention.kind.value
        marks = dict(zip(ordered, ("order:first", "order:second"), strict=False))
        return [Candidate(c.key, c.name, {**c.features, marks[c.key]: 1.0,
                                          f"{marks[c.key]}|{kind}": 1.0})
                if c.key in marks else c for c in candidates]

    def _possessor(self) -> int | None:
        """Whose a role is ("his wife", "Trump's spokesman"): a person is never their own
        wife or spokesman, so that entity is no candidate (a body or a writing is its
        owner's: "her campaign said" is hers). A name says whose; "his" or "her", the person
        salience gave it."""
        head = self.mention.head
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None or self.mention.kind is not MentionKind.ROLE:
            return None
        name = self.d.names.name_at(poss)
        if name is not None:
            entity = self.d.names.entity_for(name)
        else:
            ranking = self.facts.salience.ranking(poss)
            entity = ranking[0][0] if ranking else None
        return self.facts.index.get(id(entity)) if entity is not None else None

    def _author(self) -> int | None:
        """The author the article gives a writing or a body ("a letter signed by Ruth
        Alder", "her campaign"), if any."""
        if self.mention.kind not in (MentionKind.WRITING, MentionKind.BODY):
            return None
        return next((k for p, k in zip(self.proposals, self.keys, strict=True)
                     if p.rule == AUTHOR_RULE and k is not None), None)

    def _proposed(self, entity: NamedEntity | None) -> dict[str, float]:
        """Which rules proposed this candidate (None: nobody named), for which kind of
        mention, and the named way each found it."""
        kind = self.mention.kind.value
        f: dict[str, float] = {}
        for proposal in self.proposals:
            if proposal.entity is entity:
                f[f"rule:{proposal.rule}"] = 1.0
                f[f"rule:{proposal.rule}|{kind}"] = 1.0
                if proposal.via is not None:
                    f[f"via:{proposal.via}"] = 1.0
        return f

    # -- an entity ----------------------------------------------------------------------------
    def _entity_features(self, n: int, nearest: list[int]) -> dict[str, float]:
        facts, kind = self.facts, self.mention.kind.value
        entity = facts.entities[n]
        f = self._proposed(entity)
        for proposal in self.proposals:
            for other, share in proposal.close:
                if other is entity:
                    f[f"close:{proposal.rule}"] = share
        if not any(name.startswith(("rule:", "close:")) for name in f):
            f["unproposed"] = 1.0
        f[f"label:{entity.label}|{kind}"] = 1.0
        if facts.kinds[n].outlet:
            f[f"outlet|{kind}"] = 1.0
        self._position_features(n, nearest, f)
        if self.mention.kind is MentionKind.PERSON_PRONOUN:
            self._gender_features(n, f)
        if self.mention.kind is MentionKind.ROLE:
            self._role_features(n, f)
        self._salience_features(n, f)
        return f

    def _position_features(self, n: int, nearest: list[int], f: dict[str, float]) -> None:
        facts, head = self.facts, self.mention.head
        last = facts.last_before(n, head.i)
        if last < 0:
            f["recency:none"] = 1.0
        else:
            gap = self.sentence - self.d.sentence_index(self.d.doc[last])
            f[f"recency:{_bucket(gap, RECENCY_BUCKETS, '11+')}"] = 1.0
            f[f"last_as:{_role_of(self.d.doc[last])}"] = 1.0
            first = self.sentence - self.d.sentence_index(self.d.doc[facts.tokens[n][0]])
            f[f"introduced:{_bucket(first, RECENCY_BUCKETS, '11+')}"] = 1.0
        if nearest[:1] == [n]:
            f["nearest:first"] = 1.0
        elif nearest[1:2] == [n]:
            f["nearest:second"] = 1.0
        subjects = facts.subject_sentences[n]
        if self.sentence in subjects and any(
                t < head.i and self.d.sentence_index(self.d.doc[t]) == self.sentence
                for t in facts.tokens[n]):
            f["subject:here"] = 1.0
        if self.sentence - 1 in subjects:
            f["subject:previous"] = 1.0
        k = bisect.bisect_left(facts.tokens[n], head.i)
        if k < len(facts.tokens[n]) and facts.tokens[n][k] < head.sent.end and (
                facts.tokens[n][k] > head.i):
            f["after:same_sentence"] = 1.0
        if n in facts.main:
            f["main"] = 1.0
        count = len(facts.tokens[n])
        f[f"mentions:{_bucket(count, MENTION_BUCKETS, '8+')}"] = 1.0
        self._speaking_features(n, f)

    def _speaking_features(self, n: int, f: dict[str, float]) -> None:
        """Whether the entity spoke (a named cue subject) just before: the last one to, or in
        this paragraph or the one before."""
        facts, head = self.facts, self.mention.head
        k = bisect.bisect_left(facts.speaking_at, (head.i, -1))
        if k and facts.speaking_at[k - 1][1] == n:
            f["spoke:last"] = 1.0
        here = facts.paragraph(head)
        for i, speaker in reversed(facts.speaking_at[:k]):
            if facts.paragraph(self.d.doc[i]) < here - 1:
                break
            if speaker == n:
                f["spoke:nearby"] = 1.0
                break

    def _gender_features(self, n: int, f: dict[str, float]) -> None:
        """He or she against what the article says of the person: the pronouns it gives
        them elsewhere (an honorific is a hard constraint); a first name that one sex bears
        is a weaker sign. Agreeing adds nothing, as most people agree with most pronouns."""
        wanted = pronoun_gender(self.mention.head)
        if wanted is None:
            return
        entity, facts = self.facts.entities[n], self.facts
        given = Counter(g for (i, g), c in facts.pronouns.get(n, Counter()).items()
                        if i != self.mention.head.i for _ in range(c))
        if given and given[wanted] < given[FEMALE if wanted == MALE else MALE]:
            f["gender:article_clashes"] = 1.0
        if facts.person_words.first_name_gender(entity) not in (None, wanted):
            f["gender:first_name_clashes"] = 1.0
        if entity.name.split()[0] in facts.person_words.listed:
            f["first_name:listed"] = 1.0

    def _role_features(self, n: int, f: dict[str, float]) -> None:
        """A role noun against what the article described the person as ("the neurosurgeon"
        after "retired neurosurgeon Ben Carson") and the titles it gave them."""
        lemma = self.mention.lemma
        if lemma in self.facts.described(n):
            f["role:described"] = 1.0
        words = {t.lower_ for t in self.mention.span if not t.is_stop}
        titles = {w.lower() for title in self.facts.entities[n].titles
                  for w in title.replace("-", " ").split()}
        if words & titles:
            f["role:title_overlap"] = 1.0
        if lemma in self.d.lexicon.public_roles and n in self.facts.main:
            f["role:public_main"] = 1.0

    def _salience_features(self, n: int, f: dict[str, float]) -> None:
        """The entity's salience at the mention, as a share of the leader's."""
        ranking = self.facts.salience.ranking(self.mention.head)
        if not ranking or ranking[0][1] <= 0:
            return
        top = ranking[0][1]
        for place, (entity, score) in enumerate(ranking):
            if entity is self.facts.entities[n]:
                kind = self.mention.kind.value
                f[f"salience|{kind}"] = round(score / top, 3)
                if place == 0:
                    f[f"salience:first|{kind}"] = 1.0
                return

    # -- nobody named --------------------------------------------------------------------------
    def _unnamed_features(self, any_entity: bool) -> dict[str, float]:
        head, kind = self.mention.head, self.mention.kind.value
        f = {f"unnamed|{kind}": 1.0, **self._proposed(None)}
        if not any_entity:
            f["unnamed:only_candidate"] = 1.0
        if not any(p.entity is not None for p in self.proposals):
            f[f"unnamed:no_entity_proposed|{kind}"] = 1.0
        if any(c.lower_ in INDEFINITE_DETERMINERS and c.dep_ in ("det", "nummod")
               for c in head.children):
            f["unnamed:indefinite"] = 1.0
        elif head.pos_ == "NOUN" and self.facts.salience.introduced(head):
            f["unnamed:introduced_before"] = 1.0  # "an organizer" … "the organizer"
        if head.tag_ in ("NNS", "NNPS"):
            f["unnamed:plural"] = 1.0
        ranking = self.facts.salience.ranking(head)
        if ranking and ranking[0][1] > 0:
            share = max((s for e, s in ranking if e is None), default=0.0) / ranking[0][1]
            if share:
                f["unnamed:salience"] = round(share, 3)
        return f

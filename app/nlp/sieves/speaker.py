"""Speaker stage: who a speaker mention stands for. Each rule asks one question and proposes an
entity, or that nobody named stands behind the mention, or passes; ``app.nlp.speaker_question``
turns the proposals into a decision (by the rules' order, or by the learned scorer)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from spacy.tokens import Span, Token

from app.core.results import ResolvedBy
from app.core.salience import CLOSE
from app.nlp.authors import author_of, owner_of
from app.nlp.coreference import LOOKBACK_SENTENCES, Coreference
from app.nlp.document import QuoteDoc
from app.nlp.gender import NO_PERSON_WORDS, PRONOUN_GENDER, PersonWords, may_stand_for
from app.nlp.mentions import INDEFINITE_PRONOUNS
from app.nlp.names import NamedEntity
from app.nlp.people import introduces
from app.nlp.salience import Way
from app.nlp.sieves.base import Stage, first_decision
from app.nlp.speaker_question import Resolution, SpeakerQuestion, mention_of, named, resolve
from app.nlp.syntax import (
    PERSON_PRONOUNS,
    SUBJECT_DEPS,
    is_age,
    is_definite_role,
    is_person_name,
    relative_antecedent,
)

SpeakerRule = Callable[[SpeakerQuestion], Resolution | None]
SPEAKER = Stage[SpeakerRule]("speaker", "who a speaker mention stands for")


@SPEAKER.rule("relative_antecedent")
def relative_antecedent_rule(q: SpeakerQuestion) -> Resolution | None:
    """A relative pronoun stands for the noun it hangs on: ``Cruz, who said …`` → Cruz; "who"
    hung on a thing, for the person named before it in the sentence."""
    antecedent = relative_antecedent(q.head)
    if antecedent is None:
        return None
    if (q.head.lower_ == "who" and antecedent.pos_ == "NOUN"
            and not _can_be_somebody(q, antecedent)):
        # "Bundy says to Santilli on camera, who responds": "who" is somebody, not the camera
        antecedent = _last_personnamed(q.d, antecedent) or antecedent
    inner = resolve(q.about(antecedent))
    return Resolution(inner.entity, inner.resolved_by, ("relative_antecedent", *inner.rules),
                      inner.alternatives)


def _can_be_somebody(q: SpeakerQuestion, noun: Token) -> bool:
    """A noun that can name a person or a body that speaks: "official", "campaign"."""
    lemma, lexicon = noun.lemma_.lower(), q.d.lexicon
    return (lemma in q.person_words.nouns or lemma in lexicon.role_nouns
            or lemma in lexicon.body_nouns or q.person_words.noun_gender(lemma) is not None)


def _last_personnamed(d: QuoteDoc, before: Token) -> Token | None:
    """The head of the last person's name in ``before``'s sentence, before it."""
    return next((token for token, name in _names_back(d, before.i, before.sent.start)
                 if name.root == token and is_person_name(d, token)), None)


def _names_back(d: QuoteDoc, end: int, start: int) -> Iterator[tuple[Token, Span]]:
    """The tokens of names from token ``end`` (not included) back to ``start``, nearest
    first, each with its name."""
    for i in range(end - 1, start - 1, -1):
        name = d.names.name_at(d.doc[i])
        if name is not None:
            yield d.doc[i], name


@SPEAKER.rule("written_name")
def written_name(q: SpeakerQuestion) -> Resolution | None:
    """A name the entity recogniser found: ``Stoltenberg said`` → Jens Stoltenberg, the
    fullest form of the name in the article."""
    name = q.d.names.name_at(q.head)
    if name is None:
        return None
    return named(q.d.names.entity_for(name), name.text, ("written_name",))


@SPEAKER.rule("salience")
def salience(q: SpeakerQuestion) -> Resolution | None:
    """He or she: the most salient person it can stand for, reading the article in order
    (subjects and speakers weigh most, each sentence leaves a quarter of what came before, earlier
    pronouns add to their person): ``Roffman sued Trump. … "I'm 76," he said`` → Roffman. A
    runner-up that came close comes with it."""
    if q.salience is None or q.head.pos_ != "PRON" or q.head.lower_ not in PRONOUN_GENDER:
        return None
    return _most_salient(q, ResolvedBy.COREFERENCE, "salience")


@SPEAKER.rule("only_person_nearby")
def only_person_nearby(q: SpeakerQuestion) -> Resolution | None:
    """For he/she: the one person it can be, when a single person is named (outside quotes)
    since the last quote given to a named person, or else in the sentences the pronoun can
    refer back to (coreferee's reach): the answer coreference gives, without running it. A
    person of the other gender is no candidate."""
    entity = only_person_before(q.d, q.head, q.named_cue_at, q.person_words)
    return Resolution(entity, ResolvedBy.COREFERENCE, ("only_person_nearby",)) if entity else None


def only_person_before(d: QuoteDoc, pronoun: Token, named_cue_at: tuple[int, ...],
                       person_words: PersonWords = NO_PERSON_WORDS) -> NamedEntity | None:
    if pronoun.pos_ != "PRON" or pronoun.lower_ not in PERSON_PRONOUNS:
        return None
    first = d.sentence_starts[max(0, d.sentence_index(pronoun) - LOOKBACK_SENTENCES)]
    k = bisect.bisect_left(named_cue_at, pronoun.i)
    if k and named_cue_at[k - 1] >= first:
        first = named_cue_at[k - 1]
    lo = bisect.bisect_left(d.person_name_starts, first)
    hi = bisect.bisect_left(d.person_name_starts, pronoun.i)
    people = {id(e): e for e in d.person_names[lo:hi]
              if may_stand_for(pronoun, e, person_words)}
    return next(iter(people.values())) if len(people) == 1 else None


@SPEAKER.rule("coreferee")
def coreferee(q: SpeakerQuestion) -> Resolution | None:
    """A pronoun resolved by coreferee: to a name (a nearer person in subject position wins
    over an antecedent that is not a subject), or to a role noun that names someone; never
    he to a woman nor she to a man."""
    if q.head.pos_ != "PRON":
        return None
    for target in q.coreference.resolve(q.head):
        name = q.d.names.name_at(target)
        if name is not None:
            nearer = _recent_subject_name(q.d, q.head, after=target.sent.start)
            if nearer is not None and target.dep_ not in SUBJECT_DEPS:
                name = nearer
            entity = q.d.names.entity_for(name)
            if entity is None or not may_stand_for(q.head, entity, q.person_words):
                return None
            return Resolution(entity, ResolvedBy.COREFERENCE, ("coreferee",))
        if target.pos_ == "NOUN":
            entity = role_entity(q.d, target, mention_of(q.d, target), q.coreference)
            if entity is not None and may_stand_for(q.head, entity, q.person_words):
                return Resolution(entity, ResolvedBy.COREFERENCE, ("coreferee",))
    return None


def _recent_subject_name(d: QuoteDoc, pronoun: Token, after: int) -> Span | None:
    """The last person's name in subject position between token ``after`` and a pronoun."""
    if pronoun.lower_ not in PERSON_PRONOUNS:
        return None
    return next((name for token, name in _names_back(d, pronoun.i, after)
                 if token.dep_ in SUBJECT_DEPS and d.quote_of[token.i] == -1
                 and is_person_name(d, token)), None)


@SPEAKER.rule("nearest_entity")
def nearest_entity(q: SpeakerQuestion) -> Resolution | None:
    """A pronoun's last entity of its kind named before it (a person for he/she, not of the
    other gender; an organisation for it; an organisation or a group for they, never a
    place); nobody named for "another", "someone"."""
    if q.head.pos_ != "PRON":
        return None
    if q.head.lower_ in INDEFINITE_PRONOUNS:  # somebody the article does not name
        return Resolution(None, ResolvedBy.COREFERENCE, ("nearest_entity",))
    wanted = ({"PERSON"} if q.head.lower_ in PERSON_PRONOUNS
              else {"ORG"} if q.head.lower_ == "it" else {"ORG", "NORP"})
    best, best_at = None, -1
    for entity in q.d.names.entities:
        before = entity.last_before(q.head.i)
        if (entity.label in wanted and before > best_at
                and may_stand_for(q.head, entity, q.person_words)):
            best, best_at = entity, before
    return Resolution(best, ResolvedBy.COREFERENCE, ("nearest_entity",)) if best else None


@SPEAKER.rule("proper_noun")
def proper_noun(q: SpeakerQuestion) -> Resolution | None:
    """A proper noun the entity recogniser missed, matched to a name of the article."""
    if q.head.pos_ != "PROPN":
        return None
    entity = q.d.names.entity_for(q.mention)
    return named(entity, q.mention.text, ("proper_noun",)) if entity is not None else None


@SPEAKER.rule("document_author")
def document_author(q: SpeakerQuestion) -> Resolution | None:
    """A writing speaks for its author: ``The campaign released a statement. … "…," the
    statement said`` → the campaign; ``Trump's statement``, ``an op-ed by X``; and a body
    for the one whose it is: ``her campaign said`` → whom "her" stands for, as does ``the
    campaign said`` a few sentences after ``her campaign``. A writing by
    somebody brought in unnamed (``a group of parents sent a letter``) names nobody."""
    lemma, lexicon = q.head.lemma_.lower(), q.d.lexicon
    if q.head.pos_ != "NOUN":
        return None
    if lemma in lexicon.document_nouns:
        author = author_of(q.d, q.head)
    elif lemma in lexicon.body_nouns and lemma not in lexicon.publication_nouns:
        author = owner_of(q.d, q.head)
    else:
        return None
    if author is None or author.lemma_.lower() in lexicon.document_nouns:
        return None
    inner = resolve(q.about(author))
    if inner.entity is None and not introduces(author):  # "a group of parents": unnamed
        return None
    return Resolution(inner.entity, ResolvedBy.ROLE, ("document_author", *inner.rules),
                      inner.alternatives)


@SPEAKER.rule("role_apposition")
def role_apposition(q: SpeakerQuestion) -> Resolution | None:
    """A role noun with a name in apposition: ``the spokesman, John Kirby, said``; a person's
    name closing its phrase after a comma (``a spokeswoman for Harbour Hotels, Ruth Alder,
    said``) or given by a naming verb (``the officer known as Sam said``)."""
    if q.d.names.name_at(q.head) is not None:
        return None  # a name is no role
    name = _apposed_name(q.d, q.head)
    if name is None:
        return None
    return Resolution(q.d.names.entity_for(name), ResolvedBy.ROLE, ("role_apposition",))


def _apposed_name(d: QuoteDoc, head: Token) -> Span | None:
    for child in head.children:
        if child.dep_ == "appos":
            name = d.names.name_at(child)
            if name is not None:
                return name
    return next(filter(None, (_person_named_in_phrase(d, t) for t in head.subtree
                              if t.i > head.i and d.quote_of[t.i] == -1)), None)


def _person_named_in_phrase(d: QuoteDoc, token: Token) -> Span | None:
    """The person's name headed by ``token``, when it follows a comma or a naming verb
    ("named", "known as") inside a role noun's phrase."""
    name = d.names.name_at(token)
    if name is None or name.root != token or not is_person_name(d, token):
        return None
    after_comma = name.start > 0 and d.doc[name.start - 1].text == ","
    verb = token.head.head if token.head.lower_ == "as" else token.head
    named = verb.dep_ == "acl" and (verb.lemma_.lower() in d.lexicon.naming_verbs
                                    or verb.lemma_.lower() == "know")
    return name if after_comma or named else None


@SPEAKER.rule("role_chain")
def role_chain(q: SpeakerQuestion) -> Resolution | None:
    """A definite role noun in a coreference chain with a name before it: ``Stoltenberg …
    the NATO chief said``."""
    if not is_definite_role(q.d, q.head):
        return None
    name = _chain_name(q.d, q.head, q.coreference)
    if name is None:
        return None
    return Resolution(q.d.names.entity_for(name), ResolvedBy.ROLE, ("role_chain",))


def _chain_name(d: QuoteDoc, head: Token, coreference: Coreference) -> Span | None:
    for token in coreference.chain_tokens(head):
        name = d.names.name_at(token)
        if name is not None and name.start < head.i:
            return name
    return None


@SPEAKER.rule("role_salience")
def role_salience(q: SpeakerQuestion) -> Resolution | None:
    """A definite role noun: the most salient person the article described with that noun
    (``retired neurosurgeon Ben Carson`` … ``the neurosurgeon said``; ``Sen. Sanders`` …
    ``the Vermont senator``), or nobody named when it brought in someone so without a name (``a
    senior official`` … ``the official said``); else the person just named as a subject
    (``Cuban … the investor said``); a public role nobody was described with, the
    article's main person when they lead (``the nominee``), and an age, whoever leads (``the
    46-year-old``); a news outlet, the most salient outlet named (``the newspaper said``); any
    other body that speaks as one, the most salient organisation that is no outlet (``the
    group said``); a writing, the most salient person or organisation (``The Post ran a
    profile. … the piece said``)."""
    if q.salience is None or q.head.pos_ != "NOUN" and not is_age(q.d, q.head):
        return None
    return _most_salient(q, ResolvedBy.ROLE, "role_salience")


def _most_salient(q: SpeakerQuestion, resolved_by: ResolvedBy, rule: str) -> Resolution | None:
    """The winner of the salience ranking at the mention, with the named runners-up that came
    close (their score a share of the winner's) and the way it was ranked; nobody named for
    a role the text brought in unnamed; None when nobody is ranked."""
    assert q.salience is not None
    salience = q.salience()
    ranking, way = salience.ranking(q.head), salience.way(q.head)
    if not ranking:
        return Resolution(None, resolved_by, (rule,), via=way) if way is Way.INTRODUCED else None
    (winner, top), rest = ranking[0], ranking[1:]
    close = tuple((entity, round(score / top, 2)) for entity, score in rest
                  if entity is not None and score >= CLOSE * top)
    return Resolution(winner, resolved_by, (rule,), close, via=way)


@SPEAKER.rule("role_title")
def role_title(q: SpeakerQuestion) -> Resolution | None:
    """A definite role noun matched to the person the article gave that title: ``the
    Secretary-General`` → Jens Stoltenberg."""
    if not is_definite_role(q.d, q.head):
        return None
    entity = q.d.names.entity_for_role(q.mention)
    return Resolution(entity, ResolvedBy.ROLE, ("role_title",)) if entity is not None else None


ROLE_SIEVES = tuple(SPEAKER.rules[n] for n in ("role_apposition", "role_chain", "role_title"))


def role_entity(d: QuoteDoc, head: Token, mention: Span, coreference: Coreference
                ) -> NamedEntity | None:
    """The entity a role noun stands for, by apposition, chain or title: what coreference reads
    when its antecedent is a role noun (the role rules, whatever the config holds)."""
    found, _ = first_decision(ROLE_SIEVES, SpeakerQuestion(d, head, mention, coreference, (), ()))
    return found.entity if found is not None else None

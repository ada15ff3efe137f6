"""The mentions outside quotation marks that salience reads, in text order: names (with their
entity), people brought in without a name ("a doctor said"), and mentions that point back
(he/she/his/her, a definite role, body or writing), each with what it is in its sentence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from app.nlp.document import QuoteDoc
from app.nlp.gender import PRONOUN_GENDER, PersonWords
from app.nlp.people import INDEFINITE
from app.nlp.syntax import SUBJECT_DEPS, is_age, is_cue_verb

NOT_HEAD_DEPS = frozenset({"poss", "compound", "nmod"})
EMBEDDED_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp"})
DEFINITE = frozenset({"the", "this", "that"})
NOT_NEW_PERSON_DEPS = frozenset({"appos", "attr", "compound", "npadvmod", "conj"})


@dataclass(frozen=True)
class UnnamedPerson:
    """Somebody the article brings in without a name ("a doctor said"): the noun, and the
    token that brings them in."""

    noun: str
    at: int


Key = int | UnnamedPerson  # a named entity's index, or somebody brought in unnamed


@dataclass(frozen=True)
class Mentioned:
    """A mention outside quotation marks: of a named entity or of somebody brought in unnamed
    (its ``referent``), or one that points back (None) and is ranked; with its roles."""

    token: Token
    referent: Key | None
    roles: tuple[str, ...]


def _and_heads(token: Token, limit: int) -> Iterator[Token]:
    """The token and the heads above it in the parse, at most ``limit`` in all."""
    for _ in range(limit):
        yield token
        if token.head == token:
            return
        token = token.head


def _in_reported_clause(d: QuoteDoc, token: Token) -> bool:
    """Inside what a cue verb reports: "Murphy said [Trump continued to hurt his cause]"; not
    before a quotation the verb comes after, which is what it reports ("Kuster kept silent for
    years: "…," she said")."""
    return any(t.dep_ == "ccomp" and is_cue_verb(d, t.head)
               and not _quote_between(d, token, t.head) for t in _and_heads(token, 8))


def _quote_between(d: QuoteDoc, token: Token, verb: Token) -> bool:
    """A quotation opened after a colon between the token (outside quotes) and the verb."""
    between = {d.quote_of[i] for i in range(token.i + 1, verb.i)} - {-1}
    return any(d.colon_before(index) is not None for index in between)


def roles(d: QuoteDoc, token: Token) -> list[str]:
    """What the mention headed by ``token`` is in its sentence, by the weights' names. Only
    the subject of a main clause is a subject (centering's preferred centre); a mention
    inside what someone is reported to say counts only as mentioned, as words in quotation
    marks do not count at all: what is said is not who is talking."""
    if _in_reported_clause(d, token):
        return []
    found = []
    dep, head = token.dep_, token.head
    if dep in ("appos", "conj") and head.dep_ in SUBJECT_DEPS:
        dep, head = head.dep_, head.head  # "the spokesman, John Kirby, said", "X and Y said"
    # who asks prompts an answer and is no speaker ("A reporter asked Sanders …", "when
    # Tapper asked …, he said"); the one asked is ("Sanders was asked …")
    asked = head.lemma_.lower() in d.lexicon.question_verbs and head.dep_ != "advcl"
    if dep in SUBJECT_DEPS:
        if head.dep_ not in EMBEDDED_CLAUSE_DEPS:  # "after Kemp arrived": not what the
            found.append("subject")                # sentence is about
        if (is_cue_verb(d, head) and head.dep_ != "advcl"
                and not (asked and dep == "nsubj")):
            found.append("speaker")
    elif dep == "attr" and any(c.dep_ == "expl" for c in head.children):
        found.append("existential")
    elif dep == "dobj":
        found.append("object")
        if asked:
            found.append("speaker")
    elif dep in ("dative", "pobj"):
        found.append("indirect")
    if dep not in NOT_HEAD_DEPS and not (dep == "pobj" and head.head.pos_ in ("NOUN", "PROPN")):
        found.append("head")
    if not _in_adverbial_phrase(token):
        found.append("non_adverbial")
    return found


def _in_phrase_of(token: Token, noun: Token) -> bool:
    """In a prepositional phrase on ``noun``: "Bush" in "the former aide to Bush" is somebody
    else."""
    while token != noun:
        if token.dep_ == "prep":
            return True
        token = token.head
    return False


def _capitalised_noun(token: Token) -> bool:
    """A proper noun, or a capitalised word tagged a common noun, or tagged a verb where the
    parser put a subject ("Trump himself was delighted": "trump" the verb)."""
    return token.pos_ == "PROPN" or token.text.istitle() and (
        token.pos_ == "NOUN" or token.pos_ == "VERB" and token.dep_ in SUBJECT_DEPS)


def _in_adverbial_phrase(token: Token) -> bool:
    """Inside a prepositional phrase that hangs on a verb: "In Trump's view, …"."""
    return any(t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX") for t in _and_heads(token, 4))




class MentionReader:
    """Reads a document's mentions for salience."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords, people: list[int]) -> None:
        self.d = d
        self.person_words = person_words
        self.people = people

    def read(self) -> list[Mentioned]:
        """Name heads (with their entity), the people brought in without a name, and he/she
        pronouns and definite roles and things (pointing back), outside quotation marks, in
        text order. A proper noun the entity recogniser left out that is the last word of one
        person's name counts as a mention of them ("Wolfe spoke first"), as does a capitalised
        one the tagger took for a common noun ("Trump blamed …")."""
        d = self.d
        found: list[tuple[Token, Key | None]] = [
            (span.root, n) for n, entity in enumerate(d.names.entities)
            for span in entity.spans if d.quote_of[span.start] == -1]
        surnames: dict[str, list[int]] = {}
        for n in self.people:  # a person labelled an organisation too ("Carly Fiorina")
            surnames.setdefault(d.names.entities[n].key[-1], []).append(n)
        for token in d.doc:
            if d.quote_of[token.i] != -1:
                continue
            if token.lower_ in PRONOUN_GENDER and token.pos_ == "PRON":
                found.append((token, None))
            elif (_capitalised_noun(token) and d.names.name_at(token) is None
                  and len(owners := surnames.get(token.lower_, [])) == 1):
                found.append((token, owners[0]))
            elif self._brings_in_somebody(token):
                found.append((token, UnnamedPerson(token.lemma_.lower(), token.i)))
            elif self._definite_role(token) or self._definite_thing(token):
                found.append((token, None))
        found.sort(key=lambda pair: pair[0].i)
        return [Mentioned(token, referent, tuple(roles(d, token))) for token, referent in found]

    def _brings_in_somebody(self, token: Token) -> bool:
        """``a doctor``, ``one user``, ``another supporter``: a singular noun for a person with
        an indefinite article, that describes nobody named (not ``X, a doctor``, ``X is a
        doctor``, ``a doctor named X``)."""
        return self._person_noun(token) and any(
            c.lower_ in INDEFINITE and c.dep_ in ("det", "nummod") for c in token.children)

    def _definite_role(self, token: Token) -> bool:
        """``the senator``, ``his spokesman``: a singular noun for a person that points back
        to someone (with "the", "this", "that" or a possessive), no name in it."""
        return (self._person_noun(token) or is_age(self.d, token)) and any(
            c.lower_ in DEFINITE or c.dep_ == "poss" for c in token.children)

    def _definite_thing(self, token: Token) -> bool:
        """``the group``, ``the statement``, ``his campaign``: a singular noun for a body that
        speaks as one, or for a writing, pointing back to something named."""
        lemma, lexicon = token.lemma_.lower(), self.d.lexicon
        return (token.pos_ == "NOUN" and token.tag_ == "NN"
                and (lemma in lexicon.body_nouns or lemma in lexicon.document_nouns)
                and token.dep_ not in NOT_NEW_PERSON_DEPS
                and any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in token.children)
                and not any(self.d.names.name_at(t) is not None for t in token.subtree))

    def _person_noun(self, token: Token) -> bool:
        """A singular noun for a person, not describing a name: one that only names people
        ("voter"), a role, a man or a woman, or else a noun that can name a person ("source",
        not "server") as a subject."""
        lemma, words = token.lemma_.lower(), self.person_words
        return (token.pos_ == "NOUN" and token.tag_ == "NN"
                and (lemma in words.only_person_nouns or lemma in self.d.lexicon.role_nouns
                     or words.noun_gender(lemma) is not None
                     or lemma in words.nouns and token.dep_ in SUBJECT_DEPS)
                and token.dep_ not in NOT_NEW_PERSON_DEPS
                and not any(self._names_somebody(t) for t in token.subtree
                            if not _in_phrase_of(t, token)))

    def _names_somebody(self, token: Token) -> bool:
        """Part of a person's name: "the Vermont senator", "the Republican nominee", "a reporter
        for Agence France-Presse" hold names, but of no person."""
        name = self.d.names.name_at(token)
        if name is None:
            return False
        entity = self.d.names.entity_for(name)
        return entity is None or entity.label == "PERSON"


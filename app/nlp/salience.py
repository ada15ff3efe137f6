"""Who "he", "she", "the senator" and "the statement" are, by salience (``app.core.salience``):
the article is read once, in order; every name outside quotation marks adds to its entity's
salience by what it is in its sentence, and every mention that points back (he/she/his/her, a
definite role, body or writing) goes to the most salient entity it can stand for and adds to
it in turn. A quote's speaker mention then reads the ranking at its place: the winner, and the
runner-up when it came close.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from spacy.tokens import Span, Token

from app.core.lexicon import Lexicon
from app.core.salience import AGAINST_HINT, SalienceTracker
from app.nlp.document import QuoteDoc
from app.nlp.gender import FEMALE, MALE, PRONOUN_GENDER, PersonWords, honorific_gender
from app.nlp.names import NamedEntity
from app.nlp.syntax import SUBJECT_DEPS, is_age, is_cue_verb

NOT_HEAD_DEPS = frozenset({"poss", "compound", "nmod"})
EMBEDDED_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


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


def is_person(entity: NamedEntity, person_words: PersonWords, lexicon: Lexicon) -> bool:
    """A person, as far as the article shows: labelled one, given a title or an honorific,
    described by a noun for a person ("Nefzi, a board member", "pollster Whit Ayres"), or
    with a name that is not a place's and starts with a first name only men or only women
    bear ("Carly Fiorina" labelled an organisation; not "America"); never a name that ends
    like an organisation's or a building's ("Fox News", "Trump Tower"), nor a place the text
    puts things in ("in France"), nor a name only ever in the plural ("the Clintons")."""
    if entity.key[-1] in lexicon.body_words or is_where(entity) or is_family(entity):
        return False
    if (entity.label == "PERSON" or honorific_gender(entity) is not None
            or any(described_as_person(span, person_words.nouns) for span in entity.spans)):
        return True
    if entity.label in PLACE_LABELS:
        return False  # "U.S. chief": a title word near a place names nobody
    return bool(entity.titles) or person_words.first_name_gender(entity) is not None


def is_family(entity: NamedEntity) -> bool:
    """A one-word name only ever in the plural: a family or a group ("the Clintons"), no he
    or she (not "Whit Ayres", whose surname the tagger may take for a plural)."""
    return len(entity.key) == 1 and all(span.root.tag_ == "NNPS" for span in entity.spans)


LOCATIVE = frozenset({"in", "across", "throughout", "within"})


def is_where(entity: NamedEntity) -> bool:
    """A place the text puts things in ("in France"), whatever nouns describe it ("France,
    our oldest ally")."""
    return entity.label in PLACE_LABELS and any(
        span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE for span in entity.spans)


def described_as_person(name: Span, nouns: frozenset[str]) -> bool:
    """A noun for a person in apposition to a name, or right before it."""
    return bool(descriptions(name) & nouns)


def descriptions(name: Span) -> set[str]:
    """The nouns (lemmas) the text describes a name with: an apposition (``Nefzi, a board
    member``, ``the spokesman, John Kirby``), the words right before it (``retired
    neurosurgeon Ben Carson``), what it is said to be (``Carson is a neurosurgeon``)."""
    root, doc = name.root, name.doc
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
        described += [c for c in root.head.children if c.dep_ == "attr"]
    before = name.start - 1
    while before >= 0 and doc[before].pos_ in ("NOUN", "ADJ", "PROPN", "NUM"):
        described.append(doc[before])
        before -= 1
    words = {t.lemma_.lower() for t in described if t.pos_ == "NOUN"}
    words |= {c.lemma_.lower() for t in described for c in t.children
              if c.dep_ == "compound" and c.pos_ == "NOUN"}
    return words


def role_words(entity: NamedEntity, lexicon: Lexicon) -> set[str]:
    """Every noun a role mention of this person could use: its descriptions, and its titles'
    words with what their abbreviations stand for ("Sen." → "senator")."""
    words = set().union(*(descriptions(span) for span in entity.spans))
    for title in entity.titles:
        for word in title.lower().split():
            words.add(word.strip(","))
            words.update(lexicon.title_forms.get(word, ()))
    return words


def fit(entity: NamedEntity, pronoun: str, person_words: PersonWords) -> float:
    """How well a person fits he or she: not at all against an honorific, little against a
    first name."""
    wanted = PRONOUN_GENDER[pronoun]
    if honorific_gender(entity) not in (None, wanted):
        return 0.0
    return AGAINST_HINT if person_words.first_name_gender(entity) not in (None, wanted) else 1.0


INDEFINITE = frozenset({"a", "an", "another", "one"})


def introduces(noun: Token) -> bool:
    """A noun with an indefinite article: "a group of parents", "an organizer"."""
    return noun.pos_ == "NOUN" and any(
        c.lower_ in INDEFINITE and c.dep_ == "det" for c in noun.children)
DEFINITE = frozenset({"the", "this", "that"})
NOT_NEW_PERSON_DEPS = frozenset({"appos", "attr", "compound", "npadvmod", "conj"})


class Salience:
    """The salience ranking at every mention that points back, outside quotation marks: he and
    she among the people the document names and those it brings in without a name ("a doctor
    said …": a pronoun that goes to one of them is somebody the article does not name); a
    definite role among the people described with it; a body ("the group") among the
    organisations; a writing ("the statement") among people and organisations."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords) -> None:
        self.d = d
        self.person_words = person_words
        self.entities = d.names.entities
        self.rankings: dict[int, list[tuple[NamedEntity | None, float]]] = {}
        people = [n for n, e in enumerate(self.entities)
                  if is_person(e, person_words, d.lexicon)]
        mentions, unnamed, unnamed_as = self._mentions(people)
        fits = {gender: {n: fit(self.entities[n], gender, person_words) for n in people}
                for gender in ("he", "she")}
        for n, gender in unnamed.items():
            fits["he"][n] = 0.0 if gender == FEMALE else 1.0
            fits["she"][n] = 0.0 if gender == MALE else 1.0
        self._described = {n: role_words(self.entities[n], d.lexicon) for n in people}
        self._main = set(sorted(people, key=lambda n: -len(self.entities[n].spans))[:2])
        self._unnamed_as = unnamed_as
        self._outlets = {n for n, e in enumerate(self.entities)
                         if e.key and e.key[-1] in d.lexicon.outlet_words
                         and e.label not in PLACE_LABELS and n not in self._described}
        self._bodies = {n for n, e in enumerate(self.entities)
                        if e.label == "ORG" and n not in self._described} - self._outlets
        self._subject_of: dict[int, int] = {}  # sentence → the person its main clause is about
        tracker = SalienceTracker()
        for token, entity in mentions:
            tracker.advance(d.sentence_index(token))
            if entity is not None:
                found = roles(d, token)
                tracker.add(entity, found)
                if entity in self._described and "subject" in found:
                    self._subject_of.setdefault(d.sentence_index(token), entity)
                continue
            ranking = self._rank(tracker, token, fits)
            self.rankings[token.i] = [(self.entities[n] if n < len(self.entities) else None, s)
                                      for n, s in ranking]
            if ranking:
                chosen = ranking[0][0]
                tracker.add(chosen, roles(d, token))
                if token.pos_ == "PRON":
                    self._learn_gender(fits, chosen, PRONOUN_GENDER[token.lower_], unnamed)
                elif chosen in self._described:  # "the Vermont senator" … "the senator"
                    self._described[chosen].add(token.lemma_.lower())

    def _rank(self, tracker: SalienceTracker, token: Token,
              fits: dict[str, dict[int, float]]) -> list[tuple[int, float]]:
        """The candidates for a mention that points back, most salient first."""
        lemma, lexicon = token.lemma_.lower(), self.d.lexicon
        if token.pos_ == "PRON":
            gender = "he" if PRONOUN_GENDER[token.lower_] == MALE else "she"
            return tracker.ranking(lambda n: fits[gender].get(n, 0.0))
        if lemma in lexicon.publication_nouns:  # an outlet named, else any organisation
            return (tracker.ranking(lambda n: float(n in self._outlets))
                    or tracker.ranking(lambda n: float(n in self._bodies)))
        if lemma in lexicon.body_nouns:
            return tracker.ranking(lambda n: float(n in self._bodies))
        if lemma in lexicon.document_nouns:  # by whoever the text is about here
            return tracker.ranking(lambda n: float(
                n in self._bodies or n in self._outlets or n in self._described))
        return self._rank_role(tracker, token)

    def _rank_role(self, tracker: SalienceTracker, token: Token) -> list[tuple[int, float]]:
        """Who a definite role noun can be: the people the text described with it or brought
        in with it unnamed; else the person named as the subject here or just before ("Cuban
        … the investor took questions"); else, for a public role, the article's main person
        when they lead the salience of people here ("the nominee"); for an age, the person
        who leads ("the 46-year-old")."""
        lemma = token.lemma_.lower()
        ranking = tracker.ranking(lambda n: float(
            lemma in self._described.get(n, ()) or self._unnamed_as.get(n) == lemma))
        age = is_age(self.d, token)
        if ranking or lemma in self._unnamed_as.values() or self._introduced(token):
            return ranking
        if (subject := self._subject_before(token)) is not None:
            return tracker.ranking(lambda n: float(n == subject))
        if not (age or lemma in self.d.lexicon.public_roles):
            return ranking
        leader = tracker.ranking(lambda n: float(n in self._described))[:1]
        return [pair for pair in leader if age or pair[0] in self._main]

    def _introduced(self, token: Token) -> bool:
        """The noun came before with an indefinite article: "greeted by an organizer" … "the
        organizer told them" is that one."""
        return self._first_indefinite.get(token.lemma_.lower(), token.i) < token.i

    @cached_property
    def _first_indefinite(self) -> dict[str, int]:
        """Each noun, and where an indefinite article first brought it in (read only for a
        role nothing else names)."""
        first: dict[str, int] = {}
        for token in self.d.doc:
            if introduces(token):
                first.setdefault(token.lemma_.lower(), token.i)
        return first

    def _subject_before(self, token: Token) -> int | None:
        """For "the" and a role noun that is what its own clause is about and says nothing
        more of the person (no clause of its own, unlike "the designer, who works for …"):
        the person the sentence is about, or the one before it ("Mark Cuban is sizing up the
        field. … the investor took questions"): news names a person and then goes on with a
        description of them."""
        if (not any(c.lower_ == "the" and c.dep_ == "det" for c in token.children)
                or "subject" not in roles(self.d, token)
                or any(c.dep_ in ("relcl", "acl") for c in token.children)):
            return None
        sentence = self.d.sentence_index(token)
        return self._subject_of.get(sentence, self._subject_of.get(sentence - 1))

    @staticmethod
    def _learn_gender(fits: dict[str, dict[int, float]], chosen: int, gender: str,
                      unnamed: dict[int, str | None]) -> None:
        """The pronoun the article used for someone whose gender nothing else showed tells it:
        "one voter … She asked … He started" is not the voter. For somebody unnamed it is
        all we know; for a named person, a hint (the pronoun may have gone to the wrong one)."""
        same, other = ("he", "she") if gender == MALE else ("she", "he")
        if fits[other].get(chosen) != 1.0 or fits[same].get(chosen) != 1.0:
            return  # already known, or already a hint
        if chosen in unnamed:
            unnamed[chosen] = gender
            fits[other][chosen] = 0.0
        else:
            fits[other][chosen] = AGAINST_HINT

    def _mentions(self, people: list[int]) -> tuple[list[tuple[Token, int | None]],
                                                    dict[int, str | None], dict[int, str]]:
        """Name heads (with their entity), the people brought in without a name (each an id
        after the entities', with the gender and the noun that brought them in), and he/she
        pronouns and definite roles (with None), outside quotation marks, in text order. A
        proper noun the entity recogniser left out that is the last word of one person's name
        counts as a mention of them ("Wolfe spoke first"), as does a capitalised one the
        tagger took for a common noun ("Trump blamed …")."""
        d = self.d
        found: list[tuple[Token, int | None]] = [
            (span.root, n) for n, entity in enumerate(self.entities) for span in entity.spans
            if d.quote_of[span.start] == -1]
        surnames: dict[str, list[int]] = {}
        for n in people:  # a person labelled an organisation too ("Carly Fiorina")
            surnames.setdefault(self.entities[n].key[-1], []).append(n)
        unnamed: dict[int, str | None] = {}
        unnamed_as: dict[int, str] = {}
        for token in d.doc:
            if d.quote_of[token.i] != -1:
                continue
            if token.lower_ in PRONOUN_GENDER and token.pos_ == "PRON":
                found.append((token, None))
            elif (_capitalised_noun(token) and d.names.name_at(token) is None
                  and len(owners := surnames.get(token.lower_, [])) == 1):
                found.append((token, owners[0]))
            elif self._brings_in_somebody(token):
                n = len(self.entities) + len(unnamed)
                unnamed[n] = self.person_words.noun_gender(token.lemma_.lower())
                unnamed_as[n] = token.lemma_.lower()
                found.append((token, n))
            elif self._definite_role(token) or self._definite_thing(token):
                found.append((token, None))
        return sorted(found, key=lambda pair: pair[0].i), unnamed, unnamed_as

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

    def ranking(self, mention: Token) -> list[tuple[NamedEntity | None, float]]:
        """The people a he/she or a definite role can stand for at its place, most salient
        first (None: somebody the article brought in without a name)."""
        return self.rankings.get(mention.i, [])

"""Questions about the parse that the attribution rules share: is this a cue verb, who is its
subject, can that subject speak, who reports a clause. Each takes the ``QuoteDoc``."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from app.core.lexicon import Lexicon
from app.nlp.document import QuoteDoc

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# a noun before a verb that is its object or a preposition's ("to discuss strategy said", "in
# a low voice said") is no subject the parser missed
NOT_MISPLACED_SUBJECT_DEPS = SUBJECT_DEPS | {"dobj", "pobj"}
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})
SOURCE_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "dobj", "pobj",
                        "acomp"})
# how far up those relations a verb's subject is looked for ("X was quick to point out …",
# "X was devoted to criticizing …"), a bound for long chains of clauses
MAX_CLIMB = 8
NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
SHARES = frozenset({"CARDINAL", "PERCENT"})  # "40 percent said", "four in 10 said": poll shares
AGE = re.compile(r"\d+[- ]years?[- ]old")  # "the 46-year-old said": a DATE entity that speaks
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "dobj"})  # "shot back", "went on", "put it"
DASH_CHARS = "—―–-"


def is_cue_verb(d: QuoteDoc, token: Token) -> bool:
    if not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")):
        return False
    lemma = token.lemma_.lower()
    return lemma in d.lexicon.cue_verbs or any(
        f"{lemma} {c.lower_}" in d.lexicon.cue_verbs
        for c in token.children if c.dep_ in PARTICLE_DEPS)


def cue_verb_form(d: QuoteDoc, token: Token) -> bool:
    """Whether a word, whatever its tag, is a cue verb's form ("states", "read")."""
    form = token.lower_
    return form in d.lexicon.cue_verbs or (form.endswith("s")
                                           and form[:-1] in d.lexicon.cue_verbs)


def is_age(d: QuoteDoc, token: Token) -> bool:
    if token.ent_type_ != "DATE":
        return False
    start, end = token.i, token.i + 1  # the entity around it, by its IOB tags
    while start > 0 and d.doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(d.doc) and d.doc[end].ent_iob_ == "I":
        end += 1
    return AGE.search(d.doc[start:end].text) is not None


def cannot_speak(d: QuoteDoc, token: Token, kinds: frozenset[str] = NOT_SPEAKERS) -> bool:
    """Dates, numbers and amounts do not speak; an age does ("the 46-year-old"), and so does
    "one" ("“…,” said one")."""
    return token.ent_type_ in kinds and not is_age(d, token) and token.lower_ != "one"


def agent(verb: Token) -> Token | None:
    """The noun of a passive verb's "by" phrase."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None


def is_asked(d: QuoteDoc, verb: Token) -> bool:
    """A question verb in the passive: "X was asked", "Asked whether …", "when asked"."""
    if verb.lemma_.lower() not in d.lexicon.question_verbs:
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    # a participle opening its clause, "when" or "if" at most before it (the tagger takes a
    # sentence-initial "Asked" for a past tense as often as not)
    return verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBD") and not any(
        c.i < verb.i and c.dep_ not in ("advmod", "mark") for c in verb.children)


def _reporter_of_head(d: QuoteDoc, verb: Token) -> Token | None:
    """``X said they should sign and added that …``, ``X said it could fail, adding …``, ``X
    said Y will have to choose, saying …``: a verb hung on reported content (or on a verb
    that content goes on with) speaks for the verb reporting it, which this returns."""
    if not (verb.dep_ == "conj" or verb.dep_ == "advcl" and verb.tag_ == "VBG") or any(
            c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    head = verb.head
    while head.dep_ == "xcomp" and not is_cue_verb(d, head):
        head = head.head
    reporter = head.head
    if (not is_cue_verb(d, head) and head.dep_ == "ccomp" and is_cue_verb(d, reporter)
            and d.quote_of[reporter.i] == -1
            and reporter.lemma_.lower() not in d.lexicon.sourceless_verbs):
        return reporter
    return None


def subject(d: QuoteDoc, verb: Token) -> Token | None:
    """The speaker head for a cue verb: its subject, or the subject of the verb it hangs on."""
    head = verb.head
    if (verb.dep_ == "acl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
            and ((verb.tag_ in FINITE_TAGS and head.pos_ in ("NOUN", "PROPN"))
                 or is_age(d, head))):
        return head  # "Murphy, the head of X, Tweeted": a finite verb parsed as a modifier
    current = _reporter_of_head(d, verb) or verb
    for _ in range(MAX_CLIMB):
        # of the subjects the parser found (a dash it took for a noun is none), one outside
        # quotation marks first (it may take a noun of the quote), then one in the verb's
        # paragraph (it may join a dateline to it), then the nearest
        subjects = sorted((c for c in current.children
                           if c.dep_ in SUBJECT_DEPS and any(ch.isalnum() for ch in c.text)),
                          key=lambda c: (d.quote_of[c.i] != -1,
                                         not d.same_paragraph(c, current),
                                         abs(c.i - current.i)))
        if subjects:
            return subjects[0]  # a relative pronoun ("who said") stands for its antecedent
        if any(c.dep_ == "agent" for c in current.children):
            return agent(current)
        if current.dep_ not in CLIMB_DEPS or current.head == current:
            break
        current = current.head
    return _aside_subject(verb)


def _aside_subject(verb: Token) -> Token | None:
    """``Smith, irritated, responded``: the parser hangs the subject on the aside before the
    verb, or makes the aside the head and hangs the verb on it."""
    asides = [c for c in verb.children if c.dep_ in ("parataxis", "advcl") and c.i < verb.i]
    if verb.dep_ == "dep" and verb.head.i < verb.i:
        asides.append(verb.head)
    for aside in asides:
        found = next((c for c in aside.children if c.dep_ in SUBJECT_DEPS and c.i < aside.i),
                     None)
        if found is not None:
            return found
    return None


def can_speak(d: QuoteDoc, subject_: Token, verb: Token, index: int) -> bool:
    """Rule out subjects inside the quote, dates and numbers, and for a cue after the quote a
    subject after the verb unless the verb comes right after the quote (said X)."""
    if d.quote_of[subject_.i] != -1 or cannot_speak(d, subject_, NOT_SPEAKERS - SHARES):
        return False
    if not d.same_paragraph(subject_, verb):
        return False  # the parser joined two paragraphs
    if subject_.i > verb.i and verb.idx > d.quotes[index].close_at:
        between = d.doc[d.token_at(d.quotes[index].close_at - 1) + 1:verb.i]
        return all(t.is_punct or t.is_space for t in between)
    return True


def name_head(d: QuoteDoc, token: Token) -> Token:
    name = d.names.name_at(token)
    return name.root if name is not None else token


def name_around(d: QuoteDoc, token: Token) -> Span | None:
    """The name ``token`` is part of, or else its run of proper nouns (a name the entity
    recogniser missed)."""
    name = d.names.name_at(token)
    if name is not None or token.pos_ != "PROPN":
        return name
    start, end = token.i, token.i + 1
    while start > 0 and d.doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end < len(d.doc) and d.doc[end].pos_ == "PROPN":
        end += 1
    return d.doc[start:end]


def adjacent_speaker(d: QuoteDoc, verb: Token) -> Token | None:
    """A name or pronoun right next to a cue verb the parser left without a subject, or a noun
    right before its finite form that the parser hung elsewhere ("With Berg, the candidate
    stated": "candidate" taken for an apposition of "Berg")."""
    for i in (verb.i - 1, verb.i + 1):
        if 0 <= i < len(d.doc) and d.quote_of[i] == -1:
            token = d.doc[i]
            if cannot_speak(d, token, NOT_SPEAKERS - SHARES):
                continue  # "said Wednesday"
            if token.pos_ in ("PROPN", "PRON") and token.lower_ not in RELATIVE_PRONOUNS:
                return name_head(d, token)
            if (token.pos_ == "NOUN" and i < verb.i and verb.tag_ in FINITE_TAGS
                    and token.dep_ not in NOT_MISPLACED_SUBJECT_DEPS):
                return token
    return None


def relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "Cruz" in "Cruz, who said", and in "Cruz, who
    ran and who said" (a clause joined to the relative clause)."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = token.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    return clause.head if clause.dep_ == "relcl" else None


def share_source(d: QuoteDoc, subject_: Token) -> Token:
    """``In a May poll, 40 percent said …``: a share of those asked speaks for the poll named
    before it in the sentence, and annotators name the poll; with no poll there, the share
    itself speaks."""
    if subject_.ent_type_ not in SHARES:
        return subject_
    for token in reversed(d.doc[subject_.sent.start:subject_.i]):
        if (token.lemma_.lower() in d.lexicon.survey_nouns and token.pos_ == "NOUN"
                and d.quote_of[token.i] == -1):
            return token
    return subject_


def report_subject(d: QuoteDoc, verb: Token) -> Token | None:
    """Who reports: the cue's subject, but nobody for "X seemed …" or a passive without its
    agent ("Trump was asked whether …"), and the noun a participle describes ("voters saying
    …")."""
    if verb.lemma_.lower() in d.lexicon.sourceless_verbs:
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        words = verb.head
        if (words.lemma_.lower() in d.lexicon.speech_nouns and words.dep_ == "dobj"
                and words.head.pos_ == "VERB"):
            # "His office released a statement saying …": whoever released it
            return report_subject(d, words.head) or words
        return words
    found = subject(d, verb)
    # poll shares report too ("27 percent of voters said …")
    if (found is None or d.quote_of[found.i] != -1 or found.dep_ == "nsubjpass"
            or cannot_speak(d, found, NOT_SPEAKERS - SHARES)):
        return None
    return share_source(d, found)


def can_be_source(d: QuoteDoc, subject_: Token) -> bool:
    """A name, a person's pronoun, a role or speech noun, or something someone owns ("the
    senator's motto"); not the subject of a passive."""
    if subject_.dep_ == "nsubjpass":
        return False
    if d.names.name_at(subject_) is not None or subject_.pos_ == "PROPN":
        return True
    if subject_.pos_ == "PRON":
        return subject_.lower_ in SOURCE_PRONOUNS or relative_antecedent(subject_) is not None
    lemma = subject_.lemma_.lower()
    return (lemma in d.lexicon.role_nouns or lemma in d.lexicon.speech_nouns
            or any(c.dep_ == "poss" for c in subject_.children))


def is_definite_role(d: QuoteDoc, head: Token) -> bool:
    """A singular role noun with "the" or a possessive: "the NATO chief", "his spokesman"."""
    return (head.lower_ in d.lexicon.role_nouns and head.tag_ == "NN"
            and any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that")
                    for c in head.children))


def is_person_name(d: QuoteDoc, token: Token) -> bool:
    name = d.names.name_at(token)
    entity = d.names.entity_for(name) if name is not None else None
    return entity is not None and entity.label == "PERSON"


def naming_verb(d: QuoteDoc, index: int) -> Token | None:
    """The verb by which someone gives the quote as a name or label (within three links of the
    parse): a naming verb (`called her opponent "…"`) or any verb through "as" (`dismissed
    the remarks as "…"`)."""
    through_as = False
    for head in d.heads_above(index, 3):
        if head.pos_ in ("VERB", "AUX"):
            names = through_as or head.lemma_.lower() in d.lexicon.naming_verbs
            # not "a group called the "…"" nor "what is known as": nobody names there
            someone = head.dep_ != "acl" and not any(
                c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
            return head if names and someone else None
        through_as = through_as or head.lower_ == "as"
    return None


def is_title_case(words: list[str], lexicon: Lexicon, max_words: int = 7) -> bool:
    """Whether a few words are written like a title: every word capitalised but small ones."""
    if not words or len(words) > max_words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in lexicon.title_small_words or not w[:1].isalpha()
               for w in words)

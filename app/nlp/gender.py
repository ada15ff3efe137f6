"""Whether a named person is a man or a woman as far as the article shows, so that "he" is
never resolved to a woman nor "she" to a man.

An honorific before a mention says it (Mr., Mrs., Ms.), or else a first name that coreferee's
English name lists give to one sex only ("Hillary", "Donald"), or a short form of a given name
that they lack ("Bill", "Debbie": ``short_first_names.txt``); with neither, or with both
saying different things, the gender is unknown and the rules decide as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Token

from app.nlp.names import NamedEntity

MALE, FEMALE = "m", "f"
HONORIFICS = {"mr": MALE, "mr.": MALE, "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE,
              "ms.": FEMALE, "miss": FEMALE}
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}


@dataclass(frozen=True)
class PersonWords:
    """What coreferee's English word lists say of people: first names that only men, or only
    women, bear (title case), and nouns that name a person ("spokesman", "veteran", lower
    case)."""

    male: frozenset[str] = frozenset()
    female: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    only_person_nouns: frozenset[str] = frozenset()  # "voter"; not "server" nor "host"
    male_nouns: frozenset[str] = frozenset()  # "father", "spokesman"
    female_nouns: frozenset[str] = frozenset()  # "mother", "spokeswoman"
    listed: frozenset[str] = frozenset()  # every first name on the lists, either sex's

    @cached_property
    def first_names(self) -> frozenset[str]:
        return self.male | self.female

    @classmethod
    def from_coreferee(cls, nlp: Language) -> PersonWords:
        from coreferee.rules import RulesAnalyzerFactory

        rules = RulesAnalyzerFactory.get_rules_analyzer(nlp)
        def lower(words: list[str]) -> frozenset[str]:
            return frozenset(w for w in words if w.islower())

        return cls(frozenset(rules.exclusively_male_names),
                   frozenset(rules.exclusively_female_names), lower(rules.person_words),
                   lower(rules.exclusively_person_words), lower(rules.exclusively_male_words),
                   lower(rules.exclusively_female_words),
                   frozenset(rules.male_names) | frozenset(rules.female_names))

    def with_short_names(self, short_names: dict[str, str]) -> PersonWords:
        """These words and the short forms of given names ("bill": MALE), title case, that
        the lists do not have already (for either sex)."""
        new = {name.title(): sex for name, sex in short_names.items()
               if name.title() not in self.listed}
        return replace(self, male=self.male | {n for n, sex in new.items() if sex == MALE},
                       female=self.female | {n for n, sex in new.items() if sex == FEMALE},
                       listed=self.listed | frozenset(new))

    def with_gendered_nouns(self, nouns: dict[str, str]) -> PersonWords:
        """These words and the nouns that say a person's gender ("spokeswoman": FEMALE), lower
        case, that the lists do not have."""
        new = {noun: sex for noun, sex in nouns.items()
               if noun not in self.male_nouns and noun not in self.female_nouns}
        return replace(self, male_nouns=self.male_nouns | {n for n, s in new.items() if s == MALE},
                       female_nouns=self.female_nouns
                       | {n for n, s in new.items() if s == FEMALE},
                       nouns=self.nouns | frozenset(new))

    def gender_of(self, entity: NamedEntity) -> str | None:
        """MALE, FEMALE or None (unknown, or the article's signs disagree)."""
        signs = {g for g in (honorific_gender(entity), self.first_name_gender(entity)) if g}
        return signs.pop() if len(signs) == 1 else None

    def noun_gender(self, lemma: str) -> str | None:
        if lemma in self.male_nouns:
            return MALE
        return FEMALE if lemma in self.female_nouns else None

    def first_name_gender(self, entity: NamedEntity) -> str | None:
        """What the first word of the entity's name says, if only one sex bears it: a hint
        ("Jan" is a man's name on the lists, and Jan Brewer a woman)."""
        first = entity.name.split()[0]
        if first in self.male:
            return MALE
        return FEMALE if first in self.female else None


def honorific_gender(entity: NamedEntity) -> str | None:
    """What the honorifics before the entity's mentions say (Mr., Mrs., Ms.), if they agree."""
    signs = set()
    for span in entity.spans:
        if span.start > 0:
            sign = HONORIFICS.get(span.doc[span.start - 1].lower_)
            if sign is not None:
                signs.add(sign)
    return signs.pop() if len(signs) == 1 else None


NO_PERSON_WORDS = PersonWords()  # honorifics alone


def may_stand_for(pronoun: Token, entity: NamedEntity, person_words: PersonWords) -> bool:
    """Whether a pronoun can refer to the entity: no he for a woman, no she for a man."""
    wanted = PRONOUN_GENDER.get(pronoun.lower_)
    if wanted is None or entity.label != "PERSON":
        return True
    known = person_words.gender_of(entity)
    return known is None or known == wanted

"""Whether a named person is a man or a woman as far as the article shows, so that "he" is
never resolved to a woman nor "she" to a man.

An honorific before a mention says it (Mr., Mrs., Ms.), or else a first name that coreferee's
English name lists give to one sex only ("Hillary", "Donald"); with neither, or with both
saying different things, the gender is unknown and the rules decide as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Token

from app.nlp.names import NamedEntity

MALE, FEMALE = "m", "f"
HONORIFICS = {"mr": MALE, "mr.": MALE, "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE,
              "ms.": FEMALE, "miss": FEMALE}
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}


@dataclass(frozen=True)
class FirstNames:
    """First names that only men, or only women, bear (title case, as coreferee lists them)."""

    male: frozenset[str] = frozenset()
    female: frozenset[str] = frozenset()

    @classmethod
    def from_coreferee(cls, nlp: Language) -> FirstNames:
        from coreferee.rules import RulesAnalyzerFactory

        rules = RulesAnalyzerFactory.get_rules_analyzer(nlp)
        return cls(frozenset(rules.exclusively_male_names),
                   frozenset(rules.exclusively_female_names))

    def gender_of(self, entity: NamedEntity) -> str | None:
        """MALE, FEMALE or None (unknown, or the article's signs disagree)."""
        signs = set()
        for span in entity.spans:
            if span.start > 0:
                sign = HONORIFICS.get(span.doc[span.start - 1].lower_)
                if sign is not None:
                    signs.add(sign)
        first = entity.name.split()[0]
        if first in self.male:
            signs.add(MALE)
        elif first in self.female:
            signs.add(FEMALE)
        return signs.pop() if len(signs) == 1 else None


NO_FIRST_NAMES = FirstNames()  # honorifics alone


def may_stand_for(pronoun: Token, entity: NamedEntity, first_names: FirstNames) -> bool:
    """Whether a pronoun can refer to the entity: no he for a woman, no she for a man."""
    wanted = PRONOUN_GENDER.get(pronoun.lower_)
    if wanted is None or entity.label != "PERSON":
        return True
    known = first_names.gender_of(entity)
    return known is None or known == wanted

"""Speaker names compared across articles: "Jens Stoltenberg", "Stoltenberg" and "NATO
Secretary-General Jens Stoltenberg" are one person; "Hillary Clinton" and "Bill Clinton" are
two. Pure: the archive asks these questions of the names its articles give."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.core.lexicon import load_lexicon
from app.core.wording import words_of

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Title words without their dots and split at hyphens, as ``words_of`` splits a name."""
    return frozenset(word for title in load_lexicon().titles for word in words_of(title))


@dataclass(frozen=True)
class PersonName:
    """The words of a name that identify the person: titles in front and suffixes dropped."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, name: str, titles: Iterable[str] | None = None) -> PersonName:
        title_words = frozenset(titles) if titles is not None else _title_words()
        words = [w for w in words_of(name) if w not in SUFFIXES]
        # "NATO Secretary-General Jens Stoltenberg": the name is what follows the last title
        # word, when something does
        last_title = max((i for i, w in enumerate(words) if w in title_words), default=-1)
        if 0 <= last_title < len(words) - 1:
            words = words[last_title + 1:]
        return cls(tuple(w.removesuffix("'s") for w in words))

    @property
    def key(self) -> str:
        """The whole name, folded: the archive's alias key."""
        return " ".join(self.words)

    @property
    def surname(self) -> str:
        return self.words[-1] if self.words else ""

    @property
    def given(self) -> str | None:
        """The first given name (None for a surname alone)."""
        return self.words[0] if len(self.words) > 1 else None

    def same_person(self, other: PersonName) -> bool:
        """Whether two full names can be one person: the same surname and the same first
        given name, or its initial ("J. Stoltenberg"); middle names aside. A surname alone is
        not decided here: the archive looks at who else bears it."""
        if not self.words or self.surname != other.surname:
            return False
        if self.given is None or other.given is None:
            return True
        short, long = sorted((self.given, other.given), key=len)
        return short == long or (len(short) == 1 and long.startswith(short))

"""Word lists the attribution rules read, loaded from the data files in ``app/core/data``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _read_words(name: str) -> list[str]:
    text = resources.files("app.core.data").joinpath(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return [line for line in lines if line]


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs (lemmas); the wider set of verbs that report speech without quotation marks
    (cue verbs but those that only introduce quotes, "continue"), and those of them whose
    subject is no source ("seem"); multi-word cue phrases; title words; role nouns; the small
    words that stay lower case in the titles of works ("Meet the Press"); the words that name
    a work before its title ("the book"); the nouns after a preposition that are no topic
    of a report ("on condition of anonymity"); the verbs whose passive subject is the one
    questioned ("was asked"); the nouns for words someone said ("a statement"); the verbs
    that give something a name ("dubbed it "…""); and the nouns for a poll ("survey")."""

    cue_verbs: frozenset[str]
    report_verbs: frozenset[str]
    sourceless_verbs: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    titles: frozenset[str]
    role_nouns: frozenset[str]
    title_small_words: frozenset[str]
    work_nouns: frozenset[str]
    not_topics: frozenset[str]
    question_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    survey_nouns: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once per process)."""
    titles = frozenset(_read_words("titles.txt"))
    cue_verbs = frozenset(_read_words("cue_verbs.txt"))
    return Lexicon(
        cue_verbs=cue_verbs,
        report_verbs=(frozenset(_read_words("report_verbs.txt")) | cue_verbs)
        - frozenset(_read_words("quote_only_verbs.txt")),
        sourceless_verbs=frozenset(_read_words("sourceless_verbs.txt")),
        cue_phrases=tuple(tuple(p.split()) for p in _read_words("cue_phrases.txt")),
        titles=titles,
        role_nouns=frozenset(_read_words("role_nouns.txt")) | titles,
        title_small_words=frozenset(_read_words("title_small_words.txt")),
        work_nouns=frozenset(_read_words("work_nouns.txt")),
        not_topics=frozenset(_read_words("not_topics.txt")),
        question_verbs=frozenset(_read_words("question_verbs.txt")),
        speech_nouns=frozenset(_read_words("speech_nouns.txt")),
        naming_verbs=frozenset(_read_words("naming_verbs.txt")),
        survey_nouns=frozenset(_read_words("survey_nouns.txt")),
    )

"""Word lists the attribution rules read, loaded from the data files in ``app/core/data`` (or
from a folder of the same files: a component saved with ``to_disk``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

WORD_LISTS = ("titles.txt", "cue_verbs.txt", "report_verbs.txt", "quote_only_verbs.txt",
              "sourceless_verbs.txt", "cue_phrases.txt", "role_nouns.txt",
              "title_small_words.txt", "work_nouns.txt", "not_topics.txt",
              "question_verbs.txt", "speech_nouns.txt", "naming_verbs.txt", "survey_nouns.txt",
              "body_words.txt", "title_forms.txt", "public_roles.txt",
              "document_nouns.txt", "body_nouns.txt", "publication_nouns.txt",
              "outlet_words.txt", "short_first_names.txt", "gendered_nouns.txt")


def data_folder() -> Traversable:
    """The data files shipped with the package."""
    return resources.files("app.core.data")


def _words(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return [line for line in lines if line]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Cue verbs (lemmas); the wider set of verbs that report speech without quotation marks
    (cue verbs but those that only introduce quotes, "continue"), and those of them whose
    subject is no source ("seem"); multi-word cue phrases; title words; role nouns; the small
    words that stay lower case in the titles of works ("Meet the Press"); the words that name
    a work before its title ("the book"); the nouns after a preposition that are no topic
    of a report ("on condition of anonymity"); the verbs whose passive subject is the one
    questioned ("was asked"); the nouns for words someone said ("a statement"); the verbs
    that give something a name ("dubbed it "…""); the nouns for a poll ("survey"); and the last
    words of the names of organisations and places ("Fox News", "Trump Tower"); and the nouns
    an abbreviated title stands for ("sen." → "senator"); and the roles that name the public
    figure an article is about ("the nominee"); and the writings that say what their author
    says ("the statement said", with the speech nouns); and the nouns for organisations that
    speak as one ("the group said"), those of them that are news outlets ("the newspaper"),
    and the last words of outlets' names ("Post", "CNN"); and the short forms of given names
    ("Bill"), with the sex that bears them."""

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
    body_words: frozenset[str]
    title_forms: dict[str, tuple[str, ...]]
    public_roles: frozenset[str]
    document_nouns: frozenset[str]
    body_nouns: frozenset[str]
    publication_nouns: frozenset[str]
    outlet_words: frozenset[str]
    short_first_names: dict[str, str]
    """Short forms of given names and the sex that bears them ("bill": "m"), lower case."""
    gendered_nouns: dict[str, str]
    """Nouns for a person that say their gender ("spokeswoman": "f"), lower case."""


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once per process)."""
    return read_lexicon(data_folder())


def read_lexicon(folder: Traversable | Path) -> Lexicon:
    """The lexicon of the word lists in ``folder`` (``WORD_LISTS``)."""
    return lexicon_of({name: folder.joinpath(name).read_bytes() for name in WORD_LISTS})


def lexicon_of(files: Mapping[str, bytes]) -> Lexicon:
    """The lexicon of the word lists' contents, by file name (``WORD_LISTS``)."""

    def words(name: str) -> list[str]:
        return _words(files[name].decode("utf-8"))

    titles = frozenset(words("titles.txt"))
    cue_verbs = frozenset(words("cue_verbs.txt"))
    speech_nouns = words("speech_nouns.txt")
    publication_nouns = words("publication_nouns.txt")
    return Lexicon(
        cue_verbs=cue_verbs,
        report_verbs=(frozenset(words("report_verbs.txt")) | cue_verbs)
        - frozenset(words("quote_only_verbs.txt")),
        sourceless_verbs=frozenset(words("sourceless_verbs.txt")),
        cue_phrases=tuple(tuple(p.split()) for p in words("cue_phrases.txt")),
        titles=titles,
        role_nouns=frozenset(words("role_nouns.txt")) | titles,
        title_small_words=frozenset(words("title_small_words.txt")),
        work_nouns=frozenset(words("work_nouns.txt")),
        not_topics=frozenset(words("not_topics.txt")),
        question_verbs=frozenset(words("question_verbs.txt")),
        speech_nouns=frozenset(speech_nouns),
        naming_verbs=frozenset(words("naming_verbs.txt")),
        survey_nouns=frozenset(words("survey_nouns.txt")),
        body_words=frozenset(words("body_words.txt")),
        title_forms={line.split()[0]: tuple(line.split()[1:])
                     for line in words("title_forms.txt")},
        public_roles=frozenset(words("public_roles.txt")),
        document_nouns=frozenset(words("document_nouns.txt") + speech_nouns),
        body_nouns=frozenset(words("body_nouns.txt") + publication_nouns),
        publication_nouns=frozenset(publication_nouns),
        outlet_words=frozenset(words("outlet_words.txt")),
        short_first_names=dict(line.split() for line in words("short_first_names.txt")),
        gendered_nouns=dict(line.split() for line in words("gendered_nouns.txt")),
    )

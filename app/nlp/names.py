"""Named speakers in a document: name variants grouped into one speaker, with their titles.

"Jens Stoltenberg", "Stoltenberg" and "Mr. Stoltenberg" are one speaker whose name is the
fullest form; the small English model often labels a lone surname ORG, so grouping goes by the
words of the name, not by the entity label.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from app.core.chrome import chrome_spans
from app.core.lexicon import Lexicon

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
# parts of speech no name starts or ends with: an adverb, a verb, a pronoun or a conjunction
# the recogniser took in with it
GLUED_POS = frozenset({"ADV", "VERB", "AUX", "PRON", "CCONJ", "SCONJ", "INTJ", "PART"})
DASHES = frozenset({"-", "–", "—", "―", "--"})
TITLE_JOINERS = frozenset({"-", "of", "'s", "’s"})
MIN_MISSPELT = 6  # letters a lone surname needs to be taken for a typo of another


def name_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a name, without possessive endings and dots."""
    words = []
    for raw in text.replace("’", "'").split():
        word = raw.lower().strip(".,")
        if word.endswith("'s"):
            word = word[:-2]
        if word:
            words.append(word)
    return tuple(words)


def same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` (e.g. "stoltenberg") can name the same person as ``full``."""
    return bool(short) and bool(full) and short[-1] == full[-1] and set(short) <= set(full)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _parts(ent: Span) -> list[Span]:
    """An entity split where the small model let it run over a line break or a dash set off by
    spaces ("CLEVELAND — Donald Trump"), each part without words glued on at its ends that no
    name has ("Certainly Donald Trump", "Trump said")."""
    parts, start = [], ent.start
    for token in ent:
        breaks = "\n" in token.text or "\n" in token.whitespace_
        dash = token.text in DASHES and token.whitespace_ and token.i > ent.start
        if breaks or dash:
            end = token.i if "\n" in token.text or dash else token.i + 1
            if end > start:
                parts.append(Span(ent.doc, start, end, label=ent.label_))
            start = token.i + 1
    if start < ent.end:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return [trimmed for part in parts if (trimmed := _trimmed(part)) is not None]


def _trimmed(part: Span) -> Span | None:
    start, end = part.start, part.end
    while start < end and (part.doc[start].pos_ in GLUED_POS or _adjective_before_a_name(
            part.doc[start], part)):
        start += 1
    while end > start and (part.doc[end - 1].pos_ in GLUED_POS
                           or part.doc[end - 1].text in (":", ",", ";")):
        end -= 1
    return Span(part.doc, start, end, label=part.label_) if end > start else None


def _adjective_before_a_name(token: Token, part: Span) -> bool:
    """An adjective the recogniser took into a person's name ("Top Clinton adviser sent
    …"): a person's name is proper nouns, one right after it and one last."""
    return (part.label_ == "PERSON" and token.tag_ == "JJ" and token.i < part.end - 1
            and part.doc[token.i + 1].pos_ == "PROPN" and part.doc[part.end - 1].pos_ == "PROPN")


def _within(spans: list[tuple[int, int]], part: Span) -> bool:
    return any(start <= part.start_char and part.end_char <= end for start, end in spans)


def _known_part(part: Span, known: list[NamedEntity]) -> Span | None:
    """The longest run of a span's words that names one of the ``known`` entities (its words
    among theirs, their last word included), or None."""
    best: Span | None = None
    words = [name_words(t.text) for t in part]
    for entity in known:
        for first in range(len(part)):
            last = first
            while last < len(part) and words[last] and set(words[last]) <= set(entity.key):
                last += 1
            run = part[first:last]
            if (len(run) and entity.key[-1] in name_words(run.text)
                    and (best is None or len(run) > len(best))):
                best = Span(part.doc, run.start, run.end, label=part.label_)
    return best


@dataclass
class NamedEntity:
    """One group of name variants: the speaker behind them."""

    key: tuple[str, ...]
    name: str
    label: str
    spans: list[Span] = field(default_factory=list)  # in text order
    titles: list[str] = field(default_factory=list)

    def last_before(self, token_i: int, full_only: bool = False) -> int:
        """Start of the last mention (or fullest-name mention) before ``token_i``; -1: none."""
        starts = self._full_starts if full_only else self._starts
        k = bisect.bisect_left(starts, token_i)
        return starts[k - 1] if k else -1

    def freeze(self) -> None:
        """Index the mentions once all are known (queries are then logarithmic)."""
        self._starts = [s.start for s in self.spans]
        self._full_starts = [s.start for s in self.spans if len(s) >= len(self.key)]


class NameIndex:
    """Every name in a document, grouped by person or organisation."""

    def __init__(self, doc: Doc, lexicon: Lexicon, chrome: list[tuple[int, int]] | None = None,
                 first_names: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.first_names = first_names  # title case: what tells a missed relative ("Ivanka")
        self.entities: list[NamedEntity] = []
        self._by_token: dict[int, Span] = {}
        chrome = chrome_spans(doc.text) if chrome is None else chrome
        parts = [self._with_first_name(part) for e in doc.ents if e.label_ in NAME_LABELS
                 for part in _parts(e)]
        on_chrome = [_within(chrome, p) for p in parts]
        for part, chromed in zip(parts, on_chrome, strict=True):
            if not chromed:
                self._add(part)
        # a heading's or a tag line's names only where they are names the article gives
        # ("News NATO Jens Stoltenberg Ukraine Russia" → Jens Stoltenberg)
        known = list(self.entities)
        for part, chromed in zip(parts, on_chrome, strict=True):
            if chromed and (cut := _known_part(part, known)) is not None:
                self._add(cut)
        for missed in [*self._unrecognised_relatives(chrome), *self._unrecognised_outlets(chrome)]:
            self._add(missed)
        for entity in self.entities:
            entity.spans.sort(key=lambda span: span.start)
            entity.freeze()

    def _unrecognised_relatives(self, chrome: list[tuple[int, int]]) -> list[Span]:
        """Two proper nouns the recogniser left out, the second a person's last name, the
        first another first name (of ``first_names``; not "Team Trump"): "Ivanka Trump" where
        only Donald Trump was tagged. Two people of one family otherwise become one."""
        surnames = {e.key[-1]: e.key for e in self.entities if e.label == "PERSON" and e.key}
        found = []
        for first in self.doc[:-1]:
            last = self.doc[first.i + 1]
            key = surnames.get(last.lower_)
            if (key is not None and first.text in self.first_names and first.head == last
                    and self._left_out_of_name(first) and first.lower_ not in key
                    and last.pos_ == "PROPN" and last.ent_iob_ == "O"):
                span = Span(self.doc, first.i, last.i + 1, label="PERSON")
                if not _within(chrome, span):
                    found.append(span)
        return found

    def _unrecognised_outlets(self, chrome: list[tuple[int, int]]) -> list[Span]:
        """A capitalised proper noun that ends like a news outlet's name ("Advocate",
        "Tribune"), with the capitalised proper nouns joined to it, that the recogniser left
        out: "The Advocate had chided Obama" names an outlet that later speaks as "the
        newspaper". Not at a sentence's start, where any word is capitalised."""
        found = []
        for last in self.doc:
            if (last.lower_ not in self.lexicon.outlet_words or last.pos_ != "PROPN"
                    or not last.is_title or last.ent_iob_ != "O" or last.is_sent_start):
                continue
            first = last
            while (first.i > 0 and (before := self.doc[first.i - 1]).pos_ == "PROPN"
                   and before.is_title and before.ent_iob_ == "O" and not first.is_sent_start
                   and before.head == last):
                first = before
            if self._joined_to_other_words(first, last) or self._in_title_case(last.sent):
                continue
            span = Span(self.doc, first.i, last.i + 1, label="ORG")
            if not _within(chrome, span) and self.name_at(last) is None:
                found.append(span)
        return found

    def _joined_to_other_words(self, first: Token, last: Token) -> bool:
        """Part of a name the recogniser found ("Wall Street Journal"), a word of another noun
        ("Gold Star families") or a name that goes on ("Star of David", "All-Star")."""
        before = self.doc[first.i - 1] if first.i > 0 else None
        after = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
        return (before is not None and (before.ent_iob_ != "O" and before.pos_ == "PROPN"
                                        or before.text in DASHES)
                or last.dep_ == "compound"
                or after is not None and (after.lower_ == "of" or after.text in DASHES))

    def _in_title_case(self, sentence: Span) -> bool:
        """A headline's every word capitalised, verbs too ("ESPN Fires Schilling Over an
        Offensive Post")."""
        words = [t for t in sentence
                 if t.is_alpha and t.lower_ not in self.lexicon.title_small_words]
        return len(words) > 3 and all(t.is_title or t.is_upper for t in words)

    def _add(self, ent: Span) -> None:
        name_span, title = self._split_title(ent)
        if name_span is None:
            return
        for token in name_span:
            self._by_token[token.i] = name_span
        entity = self._group(name_span, ent.label_)
        entity.spans.append(name_span)
        title = title or self._title_before(name_span) or self._title_in_apposition(name_span)
        if title and title not in entity.titles:
            entity.titles.append(title)

    def _with_first_name(self, part: Span) -> Span:
        """A person's or an organisation's name with the capitalised words before it that the
        recogniser left out and the parser joined to it: a person's first name ("Ivanka" of
        "Ivanka Trump", tagged "Trump" alone), an organisation's first words; not a title,
        nor a word of another name, nor across a line."""
        start = part.start
        while start > 0 and part.label_ in ("PERSON", "ORG"):
            token = self.doc[start - 1]
            if part.label_ == "PERSON" and token.text not in self.first_names:
                break
            if (not token.is_title or not self._left_out_of_name(token)
                    or not part.start <= token.head.i < part.end):
                break
            start -= 1
        return part if start == part.start else Span(self.doc, start, part.end, label=part.label_)

    def _left_out_of_name(self, token: Token) -> bool:
        """A proper noun the recogniser left out that the parser joins to the next words as
        part of their name: not a title, nor across a line."""
        return (token.pos_ == "PROPN" and token.ent_iob_ == "O"
                and token.dep_ == "compound" and "\n" not in token.whitespace_
                and not self._is_title_token(token))

    def _split_title(self, ent: Span) -> tuple[Span | None, str | None]:
        """Cut leading title words off an entity ("Secretary-General Jens Stoltenberg")."""
        start = ent.start
        while start < ent.end - 1 and self._is_title_token(self.doc[start]):
            start += 1
        end = ent.end
        while end > start and self.doc[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if end <= start:
            return None, None
        title = self.doc[ent.start:start].text if start > ent.start else None
        return self.doc[start:end], title

    def _is_title_token(self, token: Token) -> bool:
        return token.lower_ in self.lexicon.titles or token.text in TITLE_JOINERS

    def _title_before(self, name: Span) -> str | None:
        """Title words right before a name: "NATO Secretary-General", "Ukrainian President"."""
        start = name.start
        seen_title = False
        while start > 0:
            token = self.doc[start - 1]
            if self._is_title_token(token):
                seen_title = seen_title or token.text not in TITLE_JOINERS
            elif not (token.ent_type_ in NAME_LABELS or token.pos_ == "PROPN"
                      or (token.pos_ == "ADJ" and token.text[:1].isupper())):
                break
            start -= 1
        while start < name.start and self.doc[start].text in TITLE_JOINERS:
            start += 1
        if not seen_title or start == name.start:
            return None
        return self.doc[start:name.start].text

    def _title_in_apposition(self, name: Span) -> str | None:
        """A short apposition whose head is a title word: "Stoltenberg, NATO's chief,"."""
        for child in name.root.children:
            if child.dep_ == "appos" and child.lower_ in self.lexicon.titles:
                left = min(t.i for t in child.subtree)
                right = max(t.i for t in child.subtree) + 1
                while left < right and self.doc[left].dep_ == "det":
                    left += 1
                if 0 < right - left <= 6:
                    return self.doc[left:right].text
        return None

    def _group(self, span: Span, label: str) -> NamedEntity:
        words = name_words(span.text)
        for entity in self.entities:
            if same_person(words, entity.key) or same_person(entity.key, words):
                if len(words) > len(entity.key):
                    entity.key, entity.name = words, span.text
                if label == "PERSON":
                    entity.label = label
                return entity
        misspelt = self._misspelt_surname_of(words)
        if misspelt is not None:
            return misspelt
        entity = NamedEntity(words, span.text, label)
        self.entities.append(entity)
        return entity

    def _misspelt_surname_of(self, words: tuple[str, ...]) -> NamedEntity | None:
        """The one person whose full name ends in a surname one letter off a lone name no one
        else bears ("McLenney" after "Tyresha McClenney"): news introduces people by their
        full names, so a surname never introduced is a typo. Not a plural ("Clintons"), nor a
        short name ("Allen", "Allan")."""
        if len(words) != 1 or len(words[0]) < MIN_MISSPELT or any(
                words[0] == e.key[-1] for e in self.entities if e.key):
            return None
        found = [e for e in self.entities if len(e.key) > 1 and e.label == "PERSON"
                 and _one_edit_apart(words[0], e.key[-1])
                 and words[0] + "s" != e.key[-1] and e.key[-1] + "s" != words[0]]
        return found[0] if len(found) == 1 else None

    def name_at(self, token: Token) -> Span | None:
        """The name span a token belongs to, if it is part of a name."""
        return self._by_token.get(token.i)

    def entity_for(self, span: Span) -> NamedEntity | None:
        """The speaker a name span belongs to (the fullest variant of the name)."""
        words = name_words(span.text)
        matches = [e for e in self.entities if same_person(words, e.key)]
        if len(matches) <= 1:
            return matches[0] if matches else self._misspelt_surname_of(words)
        return max(matches, key=lambda e: (e.last_before(span.start + 1, full_only=True),
                                           len(e.spans)))

    def entity_for_role(self, role: Span) -> NamedEntity | None:
        """A named person whose title shares a word with a role noun phrase ("the NATO chief"
        after "NATO Secretary-General Jens Stoltenberg"): the one whose title shares the most
        ("the former president": a former president before a president), then the last one
        mentioned before it."""
        words = {w for w in name_words(role.text)
                 if w not in ("the", "a", "an") and w not in self.lexicon.title_small_words}
        best, best_key = None, (0, -1)
        for entity in self.entities:
            title_words = {w for t in entity.titles for w in name_words(t.replace("-", " "))}
            key = (len(words & title_words), entity.last_before(role.start))
            if key[0] and key > best_key:
                best, best_key = entity, key
        return best

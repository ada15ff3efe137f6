"""Linking each quote to its cue, speaker and context sentence on a parsed spaCy ``Doc``.

The rules follow how news is written: the cue sits in the quote's own sentence, before it
(``Stoltenberg said: "…"``) or after it (``"…," he said``); a quote with no cue of its own
continues the quote right before it; pronouns go through coreference, role nouns through titles
and appositions, and name variants to the fullest form of the name.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeGuard

from spacy.tokens import Doc, Span, Token

from app.core.lexicon import Lexicon
from app.core.quotes import QuoteSpan, find_quote_spans
from app.core.results import (
    Attributions,
    Quote,
    QuoteType,
    ResolvedBy,
    Speaker,
    SpeakerRef,
    TextSpan,
)
from app.core.transcript import (
    Turn,
    find_headline_attributions,
    find_inline_turns,
    find_transcript_turns,
)
from app.nlp.coreference import (
    LOOKBACK_SENTENCES,
    Coreference,
    NoCoreference,
    sentence_index,
)
from app.nlp.names import NamedEntity, NameIndex
from app.nlp.reported import (
    OpenCandidate,
    Report,
    find_reported_speech,
    is_report_verb,
    open_candidates,
)
from app.nlp.reported_model import ReportModel

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# a noun before a verb that is its object or a preposition's ("to discuss strategy said", "in
# a low voice said") is no subject the parser missed
NOT_MISPLACED_SUBJECT_DEPS = SUBJECT_DEPS | {"dobj", "pobj"}
# objects that do not speak before a colon: "a message to X:" (but "surprised X:" speaks)
INDIRECT_OBJECT_DEPS = frozenset({"pobj", "dative"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})
SOURCE_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})
NOUN_PHRASE_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "case"})
# how a clause hangs inside the content of the verb that reports it, a relative clause and
# what "there are" introduces included ("X said there are people who feel "…""); an adverbial
# clause ("though she found …") is no content of the verb above it
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "prep", "pobj", "dobj", "acl", "relcl",
                          "attr"})
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "dobj", "pobj",
                        "acomp"})
# how far up those relations a verb's subject is looked for ("X was quick to point out …",
# "X was devoted to criticizing …"), a bound for long chains of clauses
MAX_CLIMB = 8
NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
SHARES = frozenset({"CARDINAL", "PERCENT"})  # "40 percent said", "four in 10 said": poll shares
DASH_CHARS = "—―–-"
SENTENCE_END = frozenset(".!?")
MAX_AFTER_GAP = 6  # tokens between a closing mark and a cue that does not govern the quote
BY_AUTHOR = re.compile(r",?\s+by\s+[A-Z][a-z]")
MAX_BOOK_TITLE_WORDS = 12
AGE = re.compile(r"\d+[- ]years?[- ]old")  # "the 46-year-old said": a DATE entity that speaks
MAX_SOURCE_WORDS = 4  # "- Pew Research:" before a quote
MAX_INVERTED_GAP = 4  # words from a cue to the noun of "said the (middle-aged) woman"
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "dobj"})  # "shot back", "went on", "put it"


ALL_TYPES = frozenset(QuoteType)
REPORTED_TYPES = frozenset({QuoteType.INDIRECT, QuoteType.MIXED})
REPORTED_CONFIDENCE = 0.8  # reported speech has fuzzier bounds than quotation marks give
# quoted words inside a sentence are more often scare quotes or titles: on dev, a partial quote
# with a name for its speaker is about as often right as a whole quote given to a role (0.75)
PARTIAL_CONFIDENCE = 0.75
# A quote whose speaker nobody could find is the least sure answer: on dev, below a report
# whose speaker is nobody ("The talks appeared to stall", 0.4).
NO_SPEAKER_CONFIDENCE = 0.3
# A quote that goes on from the one before (or from the report before it) is right less often
# than a quote with its own cue: on dev, below a pronoun resolved through coreference.
CONTINUATION_FACTOR = 0.85
# A pronoun with its own cue, resolved to a person, is right as often as a name on dev (0.98
# of whole quotes), and far more often than a quote going on from the one before (0.95).
PRONOUN_CONFIDENCE = 0.9
CLAUSE_SUBJECT_FACTOR = 0.6  # a clause's subject, with no cue, is right about 6 times in 10
# The speaker of a quote nearby, when neither a cue nor a clause names one: right about half
# the time on dev, which beats a quote with no speaker (always wrong, unless nobody speaks).
NEARBY_FACTOR = 0.5


@dataclass(frozen=True)
class Options:
    """What a caller may ask for per request."""

    include_scare_quotes: bool = False
    max_scare_words: int = 4
    types: frozenset[QuoteType] = ALL_TYPES
    learned_reports: bool = True  # reported speech from the learned pass too


@dataclass
class Cue:
    """The words that mark attribution and the head token of the speaker they point to."""

    span: Span
    subject: Token | None


@dataclass
class Found:
    """Everything decided about one quote before ids are handed out."""

    quote: QuoteSpan
    type: QuoteType
    sentence: tuple[int, int]
    cue: Cue | None
    mention: Span | None
    entity: NamedEntity | None
    resolved_by: ResolvedBy | None
    confidence: float
    group_of: int  # index of the first quote of the group
    scare: bool = False


class Attributor:
    """Attribution for one document; create one per ``Doc``."""

    def __init__(self, doc: Doc, lexicon: Lexicon, options: Options,
                 coreference: Coreference | None = None,
                 report_model: ReportModel | None = None) -> None:
        self.doc = doc
        self.report_model = report_model if options.learned_reports else None
        self.coreference = coreference or NoCoreference()
        self.text = doc.text
        self.lexicon = lexicon
        self.options = options
        self.names = NameIndex(doc, lexicon)
        self.turns = find_transcript_turns(self.text)
        turn_lines = {t.label_start for t in self.turns}
        self.turns += [h for h in find_headline_attributions(self.text)
                       if h.label_start not in turn_lines]
        quotes = find_quote_spans(self.text)
        self.turns += find_inline_turns(self.text, [q for q in quotes if not any(
            q.open_at < t.end and t.start < q.close_at for t in self.turns)])
        self.quotes, self._turn_of = self._with_turns(quotes)
        # head token of each turn's label → the label, which is the speaker mention
        self._turn_labels = {label.root.i: label for label in map(self._turn_label, self.turns)
                             if label is not None}
        self._starts = [t.idx for t in doc]
        self._quote_of = [-1] * len(doc)
        for index, quote in enumerate(self.quotes):
            first, last = self._token_at(quote.open_at), self._token_at(quote.close_at - 1)
            for i in range(first, last + 1):
                self._quote_of[i] = index
        self._sentence_starts = [s.start for s in doc.sents]
        people = [(span.start, entity) for entity in self.names.entities
                  if entity.label == "PERSON" for span in entity.spans
                  if self._quote_of[span.start] == -1]
        people.sort(key=lambda p: p[0])
        self._person_name_starts = [start for start, _ in people]
        self._person_names = [entity for _, entity in people]
        self._named_cue_at: list[int] = []  # speaker tokens of quotes attributed to a person

    def _with_turns(self, quotes: list[QuoteSpan]) -> tuple[list[QuoteSpan], dict[int, Turn]]:
        """The quotes with every quoted transcript turn as a quote of its own, in place of the
        quotes its marks would otherwise make (one quote of many paragraphs); quotes inside a
        turn's words stay. Returns the quotes and, by index, the turn each one is."""
        if not self.turns:
            return quotes, {}

        def crosses(quote: QuoteSpan, turn: Turn) -> bool:
            line_start = turn.open_at if turn.open_at is not None else turn.label_start
            line_end = turn.close_at if turn.close_at is not None else turn.end
            overlaps = quote.open_at < line_end and line_start < quote.close_at
            inside = turn.start <= quote.open_at and quote.close_at <= turn.end
            return overlaps and not inside

        kept: list[tuple[QuoteSpan, Turn | None]] = [
            (q, None) for q in quotes if not any(crosses(q, t) for t in self.turns if t.quoted)]
        for turn in self.turns:
            if turn.open_at is not None and turn.close_at is not None:
                at = next((n for n, (q, _) in enumerate(kept) if q.open_at > turn.open_at),
                          len(kept))
                kept.insert(at, (QuoteSpan(turn.start, turn.end, turn.open_at, turn.close_at),
                                 turn))
        return [q for q, _ in kept], {n: t for n, (_, t) in enumerate(kept) if t is not None}

    # -- offsets -------------------------------------------------------------------------------
    def _token_at(self, char: int) -> int:
        """Index of the token that contains (or last starts before) a character offset."""
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def _span(self, span: Span) -> TextSpan:
        return TextSpan(span.text, span.start_char, span.end_char)

    # -- frames --------------------------------------------------------------------------------
    def _before_frame(self, index: int) -> list[Token]:
        """Tokens of the quote's sentence before its opening mark, within its paragraph."""
        open_tok = self.doc[self._token_at(self.quotes[index].open_at)]
        frame = []
        for i in range(open_tok.i - 1, open_tok.sent.start - 1, -1):
            token = self.doc[i]
            if "\n" in token.text or self._quote_of[i] != -1:
                break
            frame.append(token)
        frame.reverse()
        return frame

    def _after_frame(self, index: int) -> list[Token]:
        """Tokens after the closing mark up to the end of that sentence, within the paragraph."""
        close_i = self._token_at(self.quotes[index].close_at - 1)
        if close_i + 1 >= len(self.doc):
            return []
        end = self.doc[close_i + 1].sent.end
        frame = []
        for i in range(close_i + 1, end):
            token = self.doc[i]
            if "\n" in token.text or self._quote_of[i] != -1:
                break
            frame.append(token)
        return frame

    # -- cues and subjects ---------------------------------------------------------------------
    def _is_cue_verb(self, token: Token) -> bool:
        if not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")):
            return False
        lemma = token.lemma_.lower()
        return lemma in self.lexicon.cue_verbs or any(
            f"{lemma} {c.lower_}" in self.lexicon.cue_verbs
            for c in token.children if c.dep_ in PARTICLE_DEPS)

    def _cannot_speak(self, token: Token, kinds: frozenset[str] = NOT_SPEAKERS) -> bool:
        """Dates, numbers and amounts do not speak; an age does ("the 46-year-old"), and so
        does "one" ("“…,” said one")."""
        return token.ent_type_ in kinds and not self._is_age(token) and token.lower_ != "one"

    def _is_age(self, token: Token) -> bool:
        if token.ent_type_ != "DATE":
            return False
        start, end = token.i, token.i + 1  # the entity around it, by its IOB tags
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        return AGE.search(self.doc[start:end].text) is not None

    def _governs_quote(self, verb: Token, index: int) -> bool:
        """Whether the quote's words hang under ``verb`` in the parse."""
        quote = self.quotes[index]
        first, last = self._token_at(quote.start), self._token_at(quote.end - 1)
        return verb.left_edge.i <= last and verb.right_edge.i >= first and any(
            self._quote_of[t.i] == index for t in verb.subtree)

    def _phrase_cue(self, frame: list[Token]) -> Cue | None:
        """A multi-word cue such as "according to X" in a frame."""
        words = [t.lower_ for t in frame]
        for phrase in self.lexicon.cue_phrases:
            n = len(phrase)
            for k in range(len(words) - n + 1):
                if tuple(words[k:k + n]) == phrase:
                    last = frame[k + n - 1]
                    subject = next((c for c in last.children if c.dep_ == "pobj"), None)
                    if subject is None and k + n < len(frame):
                        subject = frame[k + n]
                    if subject is None:
                        continue
                    return Cue(self.doc[frame[k].i:last.i + 1], subject)
        return None

    def _subject(self, verb: Token) -> Token | None:
        """The speaker head for a cue verb: its subject, or the subject of the verb it hangs on."""
        current = verb
        head = verb.head
        if (verb.dep_ == "acl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
                and ((verb.tag_ in FINITE_TAGS and head.pos_ in ("NOUN", "PROPN"))
                     or self._is_age(head))):
            return head  # "Murphy, the head of X, Tweeted": a finite verb parsed as a modifier
        if ((verb.dep_ == "conj" or verb.dep_ == "advcl" and verb.tag_ == "VBG")
                and not self._is_cue_verb(head) and head.dep_ == "ccomp"
                and self._is_cue_verb(head.head) and self._quote_of[head.head.i] == -1
                and head.head.lemma_.lower() not in self.lexicon.sourceless_verbs
                and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)):
            # "X said they should sign and added that …", "X said it could fail, adding …": X
            current = head.head
        for _ in range(MAX_CLIMB):
            # of the subjects the parser found (a dash it took for a noun is none), one
            # outside quotation marks first (it may take a noun of the quote), then one in the
            # verb's paragraph (it may join a dateline to it), then the nearest
            subjects = sorted((c for c in current.children
                               if c.dep_ in SUBJECT_DEPS and any(ch.isalnum() for ch in c.text)),
                              key=lambda c: (self._quote_of[c.i] != -1,
                                             not self._same_paragraph(c, current),
                                             abs(c.i - current.i)))
            subject = subjects[0] if subjects else None
            if subject is not None:
                return subject  # a relative pronoun ("who said") stands for its antecedent
            if any(c.dep_ == "agent" for c in current.children):
                return self._agent(current)
            if current.dep_ not in CLIMB_DEPS or current.head == current:
                break
            current = current.head
        # "Smith, irritated, responded": the parser hangs the subject on the aside before
        # the verb, or makes the aside the head and hangs the verb on it
        asides = [c for c in verb.children if c.dep_ in ("parataxis", "advcl") and c.i < verb.i]
        if verb.dep_ == "dep" and verb.head.i < verb.i:
            asides.append(verb.head)
        for aside in asides:
            subject = next((c for c in aside.children
                            if c.dep_ in SUBJECT_DEPS and c.i < aside.i), None)
            if subject is not None:
                return subject
        return None

    def _verb_cue(self, verb: Token, index: int, after: bool) -> Cue | None:
        if not self._is_cue_verb(verb):
            return None
        if self._is_asked(verb):
            # the subject was asked: a quote that is the question is the agent's, or nobody's
            # we can name; any other quote ("…," she said when asked) has a cue of its own
            if not any(c.dep_ not in ("conj", "cc") and self._governs_quote(c, index)
                       for c in verb.children):
                return None
            return Cue(self.doc[verb.i:verb.i + 1], self._agent(verb))
        subject = self._subject(verb)
        if subject is not None and not self._can_speak(subject, verb, index):
            subject = None
        if subject is not None:
            subject = self._share_source(subject)
        if subject is None and after:
            subject = self._opening_name(verb, index) or self._inverted_object(verb, index)
        if subject is None:
            subject = self._adjacent_speaker(verb)
        if subject is None:
            return None
        governs = self._governs_quote(verb, index)
        if after and not governs:
            quote = self.quotes[index]
            if self.text[quote.start:quote.end].rstrip()[-1:] in SENTENCE_END and any(
                    c.dep_ == "ccomp" and c.i > verb.i and self._quote_of[c.i] == -1
                    and self._same_paragraph(c, verb) for c in verb.children):
                return None  # `"…." He said the economy…`: a new sentence of reported speech
        return Cue(self.doc[verb.i:verb.i + 1], subject)

    def _is_asked(self, verb: Token) -> bool:
        """A question verb in the passive: "X was asked", "Asked whether …", "when asked"."""
        if verb.lemma_.lower() not in self.lexicon.question_verbs:
            return False
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return True
        # a participle opening its clause, "when" or "if" at most before it (the tagger takes
        # a sentence-initial "Asked" for a past tense as often as not)
        return verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBD") and not any(
            c.i < verb.i and c.dep_ not in ("advmod", "mark") for c in verb.children)

    @staticmethod
    def _agent(verb: Token) -> Token | None:
        """The noun of a passive verb's "by" phrase."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None

    def _can_speak(self, subject: Token, verb: Token, index: int) -> bool:
        """Rule out subjects inside the quote, dates and numbers, and for a cue after the quote
        a subject after the verb unless the verb comes right after the quote (said X)."""
        if self._quote_of[subject.i] != -1 or self._cannot_speak(subject, NOT_SPEAKERS - SHARES):
            return False
        if not self._same_paragraph(subject, verb):
            return False  # the parser joined two paragraphs
        if subject.i > verb.i and verb.idx > self.quotes[index].close_at:
            between = self.doc[self._token_at(self.quotes[index].close_at - 1) + 1:verb.i]
            return all(t.is_punct or t.is_space for t in between)
        return True

    def _same_paragraph(self, a: Token, b: Token) -> bool:
        low, high = sorted((a.idx, b.idx))
        return "\n" not in self.text[low:high]

    def _adjacent_speaker(self, verb: Token) -> Token | None:
        """A name or pronoun right next to a cue verb the parser left without a subject, or
        a noun right before its finite form that the parser hung elsewhere ("With Berg, the
        candidate stated": "candidate" taken for an apposition of "Berg")."""
        for i in (verb.i - 1, verb.i + 1):
            if 0 <= i < len(self.doc) and self._quote_of[i] == -1:
                token = self.doc[i]
                if token.pos_ in ("PROPN", "PRON") and token.lower_ not in RELATIVE_PRONOUNS:
                    return self._name_head(token)
                if (token.pos_ == "NOUN" and i < verb.i and verb.tag_ in FINITE_TAGS
                        and token.dep_ not in NOT_MISPLACED_SUBJECT_DEPS):
                    return token
        return None

    def _name_head(self, token: Token) -> Token:
        name = self.names.name_at(token)
        return name.root if name is not None else token

    def _dash_cue(self, index: int) -> Cue | None:
        """``"…" ― Name``: a dash and a name right after the closing mark, or alone on the next
        line as a byline (``"…"¶¶- Hillary Clinton.``)."""
        pos = self.quotes[index].close_at
        while pos < len(self.text) and self.text[pos] in " \t\u00a0":
            pos += 1
        if pos < len(self.text) and self.text[pos] == "\n":
            while pos < len(self.text) and self.text[pos].isspace():
                pos += 1
            line_end = self.text.find("\n", pos)
            next_line = self.text[pos:line_end if line_end >= 0 else len(self.text)]
            if len(next_line.split()) > 6:
                return None  # a paragraph of its own, not a byline
        dash_start = pos
        while pos < len(self.text) and self.text[pos] in DASH_CHARS:
            pos += 1
        if pos == dash_start:
            return None
        dash_end = pos
        while pos < len(self.text) and self.text[pos] in " \t\u00a0":
            pos += 1
        if pos >= len(self.text):
            return None
        token = self.doc[self._token_at(pos)]
        name = self.names.name_at(token)
        if name is not None and name.start_char == pos:
            head = name.root
        elif token.idx == pos and token.pos_ == "PROPN":
            head = token.head if token.dep_ == "compound" and token.head.pos_ == "PROPN" else token
        else:
            return None
        cue = self.doc.char_span(dash_start, dash_end, alignment_mode="expand")
        return Cue(cue, head) if cue is not None else None

    def _find_cue(self, index: int, quote_type: QuoteType) -> Cue | None:
        """The cue of a quote in its own sentence: after it first, then before it (before it
        first when the words after the quote start a new sentence and a cue before governs it:
        ``Clinton responded: "Why does that matter now?" Her critics cited it…``)."""
        cue = self._dash_cue(index) or self._colon_name_cue(index)
        if cue is not None:
            return cue
        after = self._after_frame(index)
        before = self._before_frame(index)
        ends_sentence = self._ends_sentence(index, after)
        # words quoted inside a sentence belong to its clause: a cue after them that does not
        # govern them reports something else (`X conceded there are "some critics" who feel…`),
        # unless its subject comes right after them (`The vote "was a first," Alder said`)
        partial = quote_type is QuoteType.PARTIAL
        after_cue = None
        for offset, token in enumerate(after):
            if ((offset > MAX_AFTER_GAP and not self._subject_opens(token, index))
                    or ends_sentence or partial and not self._subject_opens(token, index)
                    ) and not self._governs_quote(token, index):
                continue
            after_cue = self._verb_cue(token, index, after=True)
            if after_cue is not None:
                break
        if after_cue is None and not ends_sentence:
            after_cue = self._mistagged_cue(after)
        candidates = [c for t in reversed(before) if (c := self._verb_cue(t, index, False))]
        if candidates and self._closes_with_colon(candidates[0], index):
            return candidates[0]  # `X said as Y yelled: "…"`: the verb the colon closes
        governing = [c for c in candidates if self._governs_quote(c.span.root, index)]
        question = next((c for c in governing if self._is_asked(c.span.root)), None)
        if question is not None:
            return question  # `Asked whether X "…", most said yes`: the quote is the question
        if after_cue is not None and not (governing and self._new_sentence_after(after)):
            return after_cue
        # "according to X" in the sentence after the quote is that sentence's source
        phrase = self._phrase_cue(before) or (None if self._new_sentence_after(after)
                                              else self._phrase_cue(after))
        if governing:
            return governing[0]
        if phrase is not None:
            return phrase
        return candidates[0] if candidates else self._governing_cue_in_sentence(index)

    def _cited_source(self, cue: Cue, words_end: int) -> Cue:
        """``"…," X said, according to a transcript``: the words come to us from the source
        the writer cites, and annotators name it. The phrase must hang on the cue verb, or on
        what it reports after the words (``words_end``: "X said he was "…", according to the
        Times"), not open the report ("X said that according to its count, …")."""
        verb = cue.span.root
        for token in verb.subtree:
            if token.lower_ != "according" or token.dep_ != "prep" or self._quote_of[token.i] != -1:
                continue
            if token.head != verb and token.idx < words_end:
                continue
            to = next((c for c in token.children if c.lower_ == "to"), None)
            source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if source is not None and self._quote_of[source.i] == -1:
                return Cue(self.doc[token.i:to.i + 1], source)
        return cue

    def _mistagged_cue(self, after: list[Token]) -> Cue | None:
        """``"…," the editorial read.``, ``the document states,``: a short noun phrase right
        after the quote and a cue verb the tagger took for a noun, then the clause ends or a
        preposition follows."""
        words = [t for t in after if not t.is_space]
        for n, token in enumerate(words[:MAX_INVERTED_GAP + 1]):
            if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "PRON"):
                return None
            if n == 0 or token.pos_ not in ("NOUN", "ADJ") or words[n - 1].pos_ == "DET":
                continue
            closes = (n + 1 == len(words) or words[n + 1].text in (",", *SENTENCE_END)
                      or words[n + 1].pos_ == "ADP")  # "the Saudis state in a paper"
            if closes and self._cue_verb_form(token):
                return Cue(self.doc[token.i:token.i + 1], words[n - 1])
        return None

    def _cue_verb_form(self, token: Token) -> bool:
        """Whether a word, whatever its tag, is a cue verb's form ("states", "read")."""
        form = token.lower_
        return form in self.lexicon.cue_verbs or (form.endswith("s")
                                                  and form[:-1] in self.lexicon.cue_verbs)

    def _first_after(self, index: int) -> Token | None:
        """The first word after the quote's closing mark."""
        for token in self.doc[self._token_at(self.quotes[index].close_at - 1) + 1:]:
            if not (token.is_punct or token.is_space):
                return token
        return None

    def _name_around(self, token: Token) -> Span | None:
        """The name ``token`` is part of, or else its run of proper nouns (a name the entity
        recogniser missed)."""
        name = self.names.name_at(token)
        if name is not None or token.pos_ != "PROPN":
            return name
        start, end = token.i, token.i + 1
        while start > 0 and self.doc[start - 1].pos_ == "PROPN":
            start -= 1
        while end < len(self.doc) and self.doc[end].pos_ == "PROPN":
            end += 1
        return self.doc[start:end]

    def _opening_name(self, verb: Token, index: int) -> Token | None:
        """``"…" Smith, the head of the city council, tweeted``: the name that opens the words
        after the quote, set off by commas before the cue verb, whatever the parse made of it."""
        first = self._first_after(index)
        if first is None:
            return None
        name = self._name_around(first)
        if (name is None or name.start != first.i or name.end >= verb.i - 1
                or self.doc[name.end].text != ","):
            return None
        # the aside closes with a comma before the verb, or at least holds no cue of its own
        between = self.doc[name.end + 1:verb.i]
        if self.doc[verb.i - 1].text != "," and any(
                self._is_cue_verb(t) or t.text in SENTENCE_END for t in between):
            return None
        return name.root

    def _inverted_object(self, verb: Token, index: int) -> Token | None:
        """``"No," wrote a supporter``, ``"…," said the woman, who …``: right after the
        quote, a cue verb without a subject and the noun phrase right after it, whatever the
        parser made of it (its object, the subject of a clause that follows)."""
        first = self._first_after(index)
        if first is None or first.i != verb.i:
            return None
        for token in self.doc[verb.i + 1:verb.i + 1 + MAX_INVERTED_GAP]:
            if ((token.pos_ in ("NOUN", "PROPN") or token.lower_ == "one")  # "read one"
                    and self._quote_of[token.i] == -1):
                while token.dep_ == "compound" and token.head.i > token.i:
                    token = token.head
                return token
            if token.pos_ not in ("DET", "ADJ", "NUM"):
                return None
        return None

    def _subject_opens(self, verb: Token, index: int) -> bool:
        """``"…" Trump, the frontrunner in every poll since June, said``: a cue verb far from
        the quote whose subject is the first word after it."""
        if not self._is_cue_verb(verb):
            return False
        first = self._first_after(index)
        subject = self._subject(verb)
        if (first is not None and subject is not None
                and subject.left_edge.i <= first.i <= subject.i):
            return True
        return self._opening_name(verb, index) is not None

    def _nearest_cue(self, cue: Cue, index: int) -> Cue:
        """For quoted words, a cue verb that hangs between them and the cue found for them
        in the parse, with a speaker of its own: in ``Her address, where she mocked the
        "…", listed …`` the words are what she mocked. ``_outermost_cue`` then climbs from
        there only through what verbs report."""
        for head in self._heads_above(index, MAX_CLIMB):
            if head == cue.span.root:
                break
            if self._quote_of[head.i] == -1 and self._is_cue_verb(head):
                subject = self._report_subject(head)
                if subject is not None and self._can_speak(subject, head, index):
                    return Cue(self.doc[head.i:head.i + 1], subject)
                break
        return cue

    def _closes_with_colon(self, cue: Cue, index: int) -> bool:
        """Whether a colon right before the quote closes the cue verb's clause, adverbs at
        most between (`Y yelled: "…"`, `who responds enthusiastically: "…"`): the verb
        introduces the quote itself."""
        between = [t for t in self.doc[cue.span.root.i + 1:
                                       self._token_at(self.quotes[index].open_at)]
                   if not t.is_space]
        return (bool(between) and between[-1].text == ":"
                and all(t.pos_ == "ADV" for t in between[:-1]))

    def _outermost_cue(self, cue: Cue, index: int) -> Cue:
        """For quoted words inside reported speech, the cue that reports the whole: in ``X said
        he believes they have "the wind at our backs"`` and in ``The mayor said she seldom asks
        for help, "except from friends."`` the words are the outer speaker's. An adverbial
        clause is no report of the verb above it: in ``X backed the deal, though she found
        "serious flaws"`` the words are hers."""
        current = cue.span.root
        if not self._is_cue_verb(current) or self._is_asked(current):
            return cue  # a question is not the report of who answers it
        while current.dep_ in CONTENT_DEPS and current.head != current:
            current = current.head
            if self._quote_of[current.i] == -1 and self._is_cue_verb(current):
                outer = self._verb_cue(current, index, after=current.idx > self.quotes[index].end)
                cue = outer if outer is not None else cue
        return cue

    def _ends_sentence(self, index: int, after: list[Token]) -> bool:
        """``"… state." She noted …``: the quote closes with a full stop and a new sentence
        starts after it, so a cue there is about something else (not ``"…?" asked X``)."""
        quote = self.quotes[index]
        return (self.text[quote.start:quote.end].rstrip()[-1:] == "."
                and self._new_sentence_after(after))

    def _new_sentence_after(self, after: list[Token]) -> bool:
        """The words after the quote start a sentence (not with a cue verb: "…?" asked X)."""
        words = [t for t in after if not t.is_space]
        return (bool(words) and words[0].is_sent_start and words[0].text[:1].isupper()
                and not self._is_cue_verb(words[0]))

    def _governing_cue_in_sentence(self, index: int) -> Cue | None:
        """A cue elsewhere in the sentence that the quote hangs under, past other quotes:
        ``X added that the EU would "…" to the meeting, where NATO "…"``."""
        quote = self.quotes[index]
        sentence = self.doc[self._token_at(quote.open_at)].sent
        paragraph_start = self.text.rfind("\n", 0, quote.open_at) + 1
        paragraph_end = self.text.find("\n", quote.close_at)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        for token in sentence:
            if not paragraph_start <= token.idx < paragraph_end:
                continue
            if self._quote_of[token.i] == -1 and self._governs_quote(token, index):
                cue = self._verb_cue(token, index, after=token.idx >= quote.close_at)
                if cue is not None:
                    return cue
        return None

    def _token_before_mark(self, index: int, skipping: tuple[str, ...] = ()) -> int:
        """The last token before the quote's opening mark that is no white space (nor one of
        ``skipping``); -1 at the start of the text."""
        i = self._token_at(self.quotes[index].open_at) - 1
        while i >= 0 and (self.doc[i].is_space or self.doc[i].text in skipping):
            i -= 1
        return i

    def _colon_before(self, index: int) -> int | None:
        """The colon (outside quotes) right before the quote's opening mark, if there is one."""
        i = self._token_before_mark(index)
        if i < 0 or self.doc[i].text != ":" or self._quote_of[i] != -1:
            return None
        return i

    def _colon_name_cue(self, index: int) -> Cue | None:
        """``Analysts agree - Jane Smith: “…”``: a name alone before a colon right before the
        quote, after a dash or at the start of its line or sentence."""
        i = self._colon_before(index)
        if i is None or i < 1:
            return None
        name = self._name_around(self.doc[i - 1]) or self._title_case_source(i)
        if name is None or name.end != i:
            return None
        before = self.doc[name.start - 1] if name.start > 0 else None
        if (before is None or "\n" in before.text or before.text in DASH_CHARS
                or name[0].is_sent_start):
            return Cue(self.doc[i:i + 1], name.root)
        return None

    def _title_case_source(self, colon: int) -> Span | None:
        """``… - Pew Research: “…”``: a few capitalised words between a dash and the colon, a
        source the tagger took for common nouns."""
        start = colon
        while start > 0 and colon - start < MAX_SOURCE_WORDS and self.doc[start - 1].is_title:
            start -= 1
        if start == colon or start == 0 or self.doc[start - 1].text not in DASH_CHARS:
            return None
        return self.doc[start:colon]

    def _colon_cue(self, index: int) -> Cue | None:
        """A clause ending with a colon right before the quote introduces it: its cue verb, or
        else the subject of its main verb ("X issued the following statement:")."""
        i = self._colon_before(index)
        if i is None:
            return None
        sentence = self.doc[i].sent
        clause = [t for t in self.doc[sentence.start:i] if self._quote_of[t.i] == -1]
        for token in reversed(clause):
            cue = self._verb_cue(token, index, after=False)
            if cue is not None:
                return cue
        last = self.doc[i - 1] if i > 0 else None
        if last is not None and last.pos_ == "NOUN" and self._cue_verb_form(last):
            # "Article 33 affirms:": a cue verb the tagger took for a noun, with its subject
            subject = next((c for c in last.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and self._quote_of[subject.i] == -1:
                return Cue(self.doc[last.i:last.i + 1], subject)
        name = self.names.name_at(last) if last is not None else None
        if name is not None and name.end == i and name.root.dep_ not in INDIRECT_OBJECT_DEPS:
            return Cue(self.doc[i:i + 1], name.root)  # "Jane Smith: “…”", not "a message to X:"
        if not any(t.pos_ in ("VERB", "AUX") for t in clause):
            # "From Smith's Facebook post: “…”": the owner of the words; "From the report:":
            # where they are from
            owner = next((t for t in reversed(clause) if t.dep_ == "poss" and t.pos_ == "PROPN"),
                         None)
            if owner is not None:
                return Cue(self.doc[i:i + 1], self._name_head(owner))
            source = next((t for t in reversed(clause)
                           if t.dep_ == "pobj" and t.head.lower_ == "from"), None)
            if source is not None:
                return Cue(self.doc[i:i + 1], source)
        verb = self.doc[i].head
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or self._quote_of[verb.i] != -1:
            return None
        subject = self._subject(verb)
        if (subject is None or self._quote_of[subject.i] != -1
                or not self._same_paragraph(subject, self.doc[i])):
            return None
        return Cue(self.doc[i:i + 1], subject)

    def _speech_noun_cue(self, index: int) -> Cue | None:
        """Right after a noun for someone's words: ``X issued a statement, "…"`` (the subject of
        the verb it is the object of), ``after her comment that "…"`` (its owner) or ``X's
        response was: "…"`` (the noun, with its owner)."""
        i = self._token_before_mark(index, skipping=(",", ":", "that"))
        if i < 0 or self._quote_of[i] != -1 or "\n" in self.text[self.doc[i].idx:
                                                                   self.quotes[index].open_at]:
            return None
        token = self.doc[i]
        if token.lemma_.lower() in self.lexicon.speech_nouns and token.dep_ == "dobj":
            subject = self._subject(token.head)
            if subject is not None and self._quote_of[subject.i] == -1:
                return Cue(self.doc[token.head.i:token.head.i + 1], subject)
        if token.lemma_.lower() in self.lexicon.speech_nouns:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None and self._quote_of[owner.i] == -1:
                return Cue(self.doc[token.i:token.i + 1], owner)
        if token.lemma_ == "be":
            noun = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if noun is not None and noun.lemma_.lower() in self.lexicon.speech_nouns:
                return Cue(self.doc[token.i:token.i + 1], noun)
        return None

    # -- speakers ------------------------------------------------------------------------------
    def _mention(self, head: Token) -> Span:
        if head.i in self._turn_labels:
            return self._turn_labels[head.i]
        name = self.names.name_at(head)
        if name is not None:
            return name
        if head.pos_ == "PRON":
            return self.doc[head.i:head.i + 1]
        left = head.i
        for child in head.lefts:
            if child.dep_ in NOUN_PHRASE_LEFT and self._quote_of[child.left_edge.i] == -1:
                left = min(left, child.left_edge.i)
        # a noun phrase does not run back over a dash set off by spaces (not a hyphen:
        # "right-hand") or a line break the parser crossed
        while left < head.i and any(
                "\n" in t.text or t.text in DASH_CHARS and self.doc[t.i - 1].whitespace_
                for t in self.doc[left:head.i]):
            left += 1
        return self.doc[left:head.i + 1]

    def _resolve(self, head: Token, mention: Span) -> tuple[NamedEntity | None, ResolvedBy, float]:
        """Who a speaker mention stands for, how that was found, and how sure it is."""
        antecedent = self._relative_antecedent(head)
        if antecedent is not None:
            return self._resolve(antecedent, self._mention(antecedent))
        name = self.names.name_at(head)
        if name is not None:
            entity = self.names.entity_for(name)
            exact = entity is not None and entity.name == name.text
            return entity, ResolvedBy.EXPLICIT if exact else ResolvedBy.NAME, 0.95
        if head.pos_ == "PRON":
            entity = self._only_person_nearby(head)
            if entity is not None:
                return entity, ResolvedBy.COREFERENCE, PRONOUN_CONFIDENCE
            entity = self._coreferee_entity(head)
            if entity is not None:
                return entity, ResolvedBy.COREFERENCE, PRONOUN_CONFIDENCE
            return self._nearest_entity(head), ResolvedBy.COREFERENCE, 0.6
        if head.pos_ == "PROPN":  # a name the entity recogniser missed
            entity = self.names.entity_for(mention)
            if entity is not None:
                exact = entity.name == mention.text
                return entity, ResolvedBy.EXPLICIT if exact else ResolvedBy.NAME, 0.9
        entity = self._role_entity(head, mention)
        return entity, ResolvedBy.ROLE, 0.75

    @staticmethod
    def _relative_antecedent(token: Token) -> Token | None:
        """The noun a relative pronoun stands for: "Cruz" in "Cruz, who said"."""
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return token.head.head
        return None

    def _coreferee_entity(self, token: Token) -> NamedEntity | None:
        for target in self.coreference.resolve(token):
            name = self.names.name_at(target)
            if name is not None:
                subject = self._recent_subject_name(token, after=target.sent.start)
                if subject is not None and target.dep_ not in SUBJECT_DEPS:
                    name = subject  # a nearer person in subject position is the likelier one
                return self.names.entity_for(name)
            if target.pos_ == "NOUN":
                entity = self._role_entity(target, self._mention(target))
                if entity is not None:
                    return entity
        return None

    def _only_person_nearby(self, pronoun: Token) -> NamedEntity | None:
        """For he/she: the one person it can be, when a single person is named (outside quotes)
        since the last quote attributed to a named person, or else in the sentences the
        pronoun can refer back to (coreferee's reach). With one candidate, that is the answer
        coreference gives, without running it."""
        if pronoun.lower_ not in PERSON_PRONOUNS:
            return None
        first = self._sentence_starts[max(0, self._sentence_index(pronoun) - LOOKBACK_SENTENCES)]
        k = bisect.bisect_left(self._named_cue_at, pronoun.i)
        if k and self._named_cue_at[k - 1] >= first:
            first = self._named_cue_at[k - 1]
        lo = bisect.bisect_left(self._person_name_starts, first)
        hi = bisect.bisect_left(self._person_name_starts, pronoun.i)
        people = {id(e): e for e in self._person_names[lo:hi]}
        return next(iter(people.values())) if len(people) == 1 else None

    def _is_person_name(self, token: Token) -> bool:
        name = self.names.name_at(token)
        entity = self.names.entity_for(name) if name is not None else None
        return entity is not None and entity.label == "PERSON"

    def _sentence_index(self, token: Token) -> int:
        return sentence_index(self._sentence_starts, token.i)

    def _recent_subject_name(self, pronoun: Token, after: int) -> Span | None:
        """The last person's name in subject position between token ``after`` and a pronoun."""
        if pronoun.lower_ not in PERSON_PRONOUNS:
            return None
        for i in range(pronoun.i - 1, after - 1, -1):
            token = self.doc[i]
            name = self.names.name_at(token)
            if name is not None and token.dep_ in SUBJECT_DEPS and self._quote_of[i] == -1:
                entity = self.names.entity_for(name)
                if entity is not None and entity.label == "PERSON":
                    return name
        return None

    def _nearest_entity(self, pronoun: Token) -> NamedEntity | None:
        """The last named speaker before a pronoun coreference left unresolved."""
        wanted = {"PERSON"} if pronoun.lower_ in PERSON_PRONOUNS else {"ORG", "GPE", "NORP"}
        best, best_at = None, -1
        for entity in self.names.entities:
            before = entity.last_before(pronoun.i)
            if entity.label in wanted and before > best_at:
                best, best_at = entity, before
        return best

    def _role_entity(self, head: Token, mention: Span) -> NamedEntity | None:
        for child in head.children:
            if child.dep_ == "appos":
                name = self.names.name_at(child)
                if name is not None:
                    return self.names.entity_for(name)
        if not self._is_definite_role(head):
            return None  # "a spokeswoman", "officials": nobody in particular
        for token in self.coreference.chain_tokens(head):
            name = self.names.name_at(token)
            if name is not None and name.start < head.i:
                return self.names.entity_for(name)
        return self.names.entity_for_role(mention)

    def _is_definite_role(self, head: Token) -> bool:
        """A singular role noun with "the" or a possessive: "the NATO chief", "his spokesman"."""
        return (head.lower_ in self.lexicon.role_nouns and head.tag_ == "NN"
                and any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that")
                        for c in head.children))

    # -- quote types ---------------------------------------------------------------------------
    def _quote_type(self, index: int) -> QuoteType:
        """Direct when the quote stands as a clause of its own, partial inside a sentence."""
        quote = self.quotes[index]
        i = quote.open_at - 1
        while i >= 0 and self.text[i] in " \t\u00a0":
            i -= 1
        before = self.text[i] if i >= 0 else "\n"
        if before in "\n.!?:,;([—―–-":
            return QuoteType.DIRECT
        if self.text[quote.start:quote.start + 1].isupper():
            previous = self.doc[self._token_at(i)]
            if self._is_cue_verb(previous):
                return QuoteType.DIRECT
        return QuoteType.PARTIAL

    def _sentence(self, index: int) -> tuple[int, int]:
        quote = self.quotes[index]
        first = self.doc[self._token_at(quote.open_at)].sent
        last = self.doc[self._token_at(quote.close_at - 1)].sent
        after = self._after_frame(index)
        end = max(last.end_char, after[-1].idx + len(after[-1]) if after else 0)
        start, end = first.start_char, end
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    # -- putting it together -------------------------------------------------------------------
    def _attribute(self, index: int, quote_type: QuoteType, is_title: bool, cue: Cue | None,
                   previous: Found | None) -> Found:
        quote = self.quotes[index]
        sentence = self._sentence(index)
        if is_title:
            return Found(quote, quote_type, sentence, None, None, None, None,
                         NO_SPEAKER_CONFIDENCE, index, scare=True)
        if cue is not None:
            group_of = index
            if previous is not None and previous.cue is not None and previous.cue.span == cue.span:
                group_of = previous.group_of
            if cue.subject is None:  # a cue that names nobody: "X was asked, “…”"
                return Found(quote, quote_type, sentence, cue, None, None, None,
                             NO_SPEAKER_CONFIDENCE, group_of)
            mention = self._mention(cue.subject)
            entity, resolved_by, confidence = self._resolve(cue.subject, mention)
            return Found(quote, quote_type, sentence, cue, mention, entity, resolved_by, confidence,
                         group_of)
        if previous is not None and previous.mention is not None and self._continues(
                previous, index, sentence):
            confidence = round(previous.confidence * CONTINUATION_FACTOR, 3)
            return Found(quote, quote_type, sentence, None, previous.mention, previous.entity,
                         ResolvedBy.CONTINUATION, confidence, previous.group_of)
        subject = self._reporter_just_before(index) if quote_type is QuoteType.DIRECT else None
        if subject is not None:
            mention = self._mention(subject)
            entity, _, confidence = self._resolve(subject, mention)
            return Found(quote, quote_type, sentence, None, mention, entity,
                         ResolvedBy.CONTINUATION, round(confidence * CONTINUATION_FACTOR, 3), index)
        words = len(self.text[quote.start:quote.end].split())
        clause = self._clause_subject_cue(index) if words > self.options.max_scare_words else None
        if clause is not None and clause.subject is not None:
            mention = self._mention(clause.subject)
            entity, resolved_by, confidence = self._resolve(clause.subject, mention)
            return Found(quote, quote_type, sentence, clause, mention, entity, resolved_by,
                         round(confidence * CLAUSE_SUBJECT_FACTOR, 3), index)
        if words > self.options.max_scare_words and self._near(previous, index):
            return Found(quote, quote_type, sentence, None, previous.mention, previous.entity,
                         ResolvedBy.CONTINUATION, round(previous.confidence * NEARBY_FACTOR, 3),
                         previous.group_of)
        return Found(quote, quote_type, sentence, None, None, None, None, NO_SPEAKER_CONFIDENCE,
                     index, scare=words <= self.options.max_scare_words)

    def _near(self, previous: Found | None, index: int) -> TypeGuard[Found]:
        """Whether the last attributed quote is close enough to lend a quote nothing else
        names its speaker: in the same or the previous paragraph (``"…," he said. Then, "…"``,
        ``"…," she says. Nobody asked more. "…"``)."""
        return (previous is not None and previous.mention is not None
                and self.text[previous.quote.close_at:self.quotes[index].open_at].count("\n") <= 2)

    def _reporter_just_before(self, index: int) -> Token | None:
        """``X says the deal is off. "…"``: a quote that opens its sentence with no cue goes on
        from the speech reported in the sentence right before it (same or previous paragraph)."""
        open_i = self._token_at(self.quotes[index].open_at)
        if any(t.is_alpha for t in self._before_frame(index)) or open_i == 0:
            return None
        previous = self.doc[open_i - 1].sent
        while previous.start > 0 and all(t.is_space or t.is_punct for t in previous):
            previous = self.doc[previous.start - 1].sent
        gap = self.text[previous.end_char:self.quotes[index].open_at]
        if gap.strip() or gap.count("\n") > 2 or previous.start == open_i:
            return None
        verbs = [t for t in previous if self._quote_of[t.i] == -1
                 and (self._is_cue_verb(t) or is_report_verb(t, self.lexicon))]
        # the report of the whole sentence first, not one inside it ("X said that critics had
        # predicted …"), then the next one down that names who reports ("X seemed upset and
        # noted that …")
        for verb in sorted(verbs, key=lambda t: sum(1 for _ in t.ancestors)):
            if any(c.dep_ == "neg" for c in verb.children):
                return None  # "He didn't suggest retaliation." reports nothing
            subject = self._report_subject(verb)
            if subject is not None:
                return subject
        return None

    def _is_title(self, index: int, quote_type: QuoteType) -> bool:
        """A quoted name of a show, book or film inside a sentence (on "Meet the Press"), or
        anywhere right after a word naming a work (in her book, "An American Daughter.")."""
        quote = self.quotes[index]
        words = self.text[quote.start:quote.end].split()
        if self._by_author(index) and is_title_case(words, self.lexicon, MAX_BOOK_TITLE_WORDS):
            return True  # ''The Long Road,'' by Jane Smith
        if not is_title_case(words, self.lexicon):
            return False
        if self._after_work_noun(index):
            return True
        # a name someone gives ("calls him "Little Marco"") is that someone's words
        return quote_type is QuoteType.PARTIAL and self._naming_verb(index) is None

    def _naming_verb(self, index: int) -> Token | None:
        """The verb by which someone gives the quote as a name or label (within three links
        of the parse): a naming verb (`called her opponent "…"`) or any verb through "as"
        (`dismissed the remarks as "…"`)."""
        through_as = False
        for head in self._heads_above(index, 3):
            if head.pos_ in ("VERB", "AUX"):
                names = through_as or head.lemma_.lower() in self.lexicon.naming_verbs
                # not "a group called the "…"" nor "what is known as": nobody names there
                someone = head.dep_ != "acl" and not any(
                    c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
                return head if names and someone else None
            through_as = through_as or head.lower_ == "as"
        return None

    def _label_cue(self, index: int) -> Cue | None:
        """A label someone gives is that someone's words: `Trump hailed the vote as "…"`."""
        verb = self._naming_verb(index)
        if verb is None or self._quote_of[verb.i] != -1:
            return None
        return self._source_cue(verb, index)

    def _heads_above(self, index: int, limit: int) -> Iterator[Token]:
        """The tokens a quote hangs from in the parse, nearest first, at most ``limit``; none
        when the quote is a sentence of its own."""
        quote = self.quotes[index]
        inside = self.doc[self._token_at(quote.start):self._token_at(quote.end - 1) + 1]
        head = inside.root.head
        for _ in range(limit):
            if inside.start <= head.i < inside.end:
                return
            yield head
            if head.head == head:
                return
            head = head.head

    def _by_author(self, index: int) -> bool:
        """The quote is followed by "by" and a name, as a work's title is."""
        after = self.text[self.quotes[index].close_at:self.quotes[index].close_at + 40]
        return BY_AUTHOR.match(after) is not None

    def _after_work_noun(self, index: int) -> bool:
        open_i = self._token_at(self.quotes[index].open_at)
        previous = [t for t in self.doc[max(0, open_i - 3):open_i]
                    if not (t.is_punct or t.is_space)]
        return bool(previous) and previous[-1].lemma_.lower() in self.lexicon.work_nouns

    def _continues(self, previous: Found, index: int, sentence: tuple[int, int]) -> bool:
        """Whether a quote with no cue goes on from the previous one: it opens its sentence (or
        shares the previous quote's sentence) and only white space separates the two."""
        if sentence[0] < previous.sentence[1]:
            return True
        if any(t.is_alpha for t in self._before_frame(index)):
            return False
        gap = self.text[previous.sentence[1]:sentence[0]]
        return gap.strip() == "" and gap.count("\n") <= 2

    def run(self) -> Attributions:
        types = [QuoteType.DIRECT if i in self._turn_of else self._quote_type(i)
                 for i in range(len(self.quotes))]
        titles = [i not in self._turn_of and self._is_title(i, types[i])
                  for i in range(len(self.quotes))]
        cues = [self._turn_cue(self._turn_of[i]) if i in self._turn_of
                else None if titles[i]
                else self._find_cue(i, types[i]) or self._colon_cue(i) or self._speech_noun_cue(i)
                for i in range(len(self.quotes))]
        # words inside reported speech are the report's: a cue after a whole quote introduces
        # it ("“…,” she said"), one before it may sit inside a report
        cues = [cue if cue is None or i in self._turn_of
                else self._outermost_cue(self._nearest_cue(cue, i), i)
                if types[i] is QuoteType.PARTIAL
                else self._outermost_cue(cue, i) if cue.span.root.idx < self.quotes[i].open_at
                and not self._closes_with_colon(cue, i) else cue for i, cue in enumerate(cues)]
        cues = [self._cited_source(cue, self.quotes[i].close_at)
                if cue and i not in self._turn_of else cue for i, cue in enumerate(cues)]
        # found even when only quotes are asked for: a partial quote without a cue of its own
        # belongs to the report that holds it
        reports = find_reported_speech(self.doc, self.lexicon, self._quote_of,
                                       self._report_subject, self.report_model)
        # a transcript turn is what its speaker said, whatever its words report
        reports = [r for r in reports if not any(
            t.start <= self.doc[r.start].idx < t.end for t in self.turns)]
        # quoted words inside what only the learned pass found keep their own attribution
        ruled = [r for r in reports if not r.learned]
        cues = [self._holding_report_cue(i, ruled) or self._governing_report_cue(i)
                or self._label_cue(i)
                if cue is None and types[i] is QuoteType.PARTIAL and not titles[i] else cue
                for i, cue in enumerate(cues)]
        unquoted_turns = [t for t in self.turns if not t.quoted]
        turn_cues = [self._turn_cue(t) for t in unquoted_turns]
        subjects = [c.subject for c in [*cues, *turn_cues]
                    if c is not None and c.subject is not None]
        subjects += [r.subject for r in reports if r.subject is not None]
        self._named_cue_at = sorted({s.i for s in subjects if self._is_person_name(s)})
        self.coreference.prepare([
            s for s in subjects
            if self.names.name_at(s) is None and self._relative_antecedent(s) is None
            and (s.pos_ == "PRON" and self._only_person_nearby(s) is None
                 or s.pos_ == "NOUN" and self._is_definite_role(s))])
        found: list[Found] = []
        previous = None  # the last quote that is not a scare quote or title
        for index in range(len(self.quotes)):
            found.append(self._attribute(index, types[index], titles[index], cues[index],
                                         previous))
            if not found[-1].scare:
                previous = found[-1]
        groups: dict[int, int] = {}  # the pieces of one report share their cue, and a group
        reported = [self._attribute_report(r, groups.setdefault(r.cue.start, len(self.quotes) + n))
                    for n, r in enumerate(reports)]
        first_group = len(self.quotes) + len(reports)
        turns = [self._attribute_unquoted_turn(turn, cue, first_group + n)
                 for n, (turn, cue) in enumerate(zip(unquoted_turns, turn_cues, strict=True))]
        reported = list(heapq.merge(reported, turns, key=lambda f: f.quote.open_at))
        # in text order; quotes keep the finder's order (a nested quote before its outer one)
        return self._assemble(list(heapq.merge(found, reported, key=lambda f: f.quote.open_at)))

    def report_candidates(self) -> list[OpenCandidate]:
        """What the learned reported-speech pass scores in this document (for its training)."""
        rules = find_reported_speech(self.doc, self.lexicon, self._quote_of,
                                     self._report_subject)
        return list(open_candidates(self.doc, self.lexicon, self._quote_of,
                                    self._report_subject, rules))

    def _holding_report_cue(self, index: int, reports: list[Report]) -> Cue | None:
        """The cue and speaker of the reported speech that holds quoted words: in `X called the
        deal a "breakthrough"` the words are X's."""
        quote = self.quotes[index]
        for report in reports:
            span = self.doc[report.start:report.end]
            if report.subject is not None and span.start_char <= quote.open_at \
                    and quote.close_at <= span.end_char:
                return Cue(report.cue, report.subject)
        return None

    def _clause_subject_cue(self, index: int) -> Cue | None:
        """The last resort for a quote no cue names: the subject of the clause it hangs in,
        when that can be a source (``Officials credited the recovery to "…"``, ``The mayor
        closed her speech with a promise to "…"``), not a thing (``Good reporting wins only
        when "…"``). Annotators give such words to that subject."""
        for head in self._heads_above(index, MAX_CLIMB):
            if self._quote_of[head.i] == -1 and head.pos_ in ("VERB", "AUX"):
                return self._source_cue(head, index)
        return None

    def _source_cue(self, verb: Token, index: int) -> Cue | None:
        """``verb`` as the cue of a quote no cue verb names, when its subject can speak and be
        a source."""
        subject = self._subject(verb)
        if subject is None or not (self._can_speak(subject, verb, index)
                                   and self._can_be_source(subject)):
            return None
        return Cue(self.doc[verb.i:verb.i + 1], subject)

    def _can_be_source(self, subject: Token) -> bool:
        """A name, a person's pronoun, a role or speech noun, or something someone owns
        ("the senator's motto"); not the subject of a passive."""
        if subject.dep_ == "nsubjpass":
            return False
        if self.names.name_at(subject) is not None or subject.pos_ == "PROPN":
            return True
        if subject.pos_ == "PRON":
            return (subject.lower_ in SOURCE_PRONOUNS
                    or self._relative_antecedent(subject) is not None)
        lemma = subject.lemma_.lower()
        return (lemma in self.lexicon.role_nouns or lemma in self.lexicon.speech_nouns
                or any(c.dep_ == "poss" for c in subject.children))

    def _governing_report_cue(self, index: int) -> Cue | None:
        """``A House report found "no evidence that …"``: quoted words that are what a
        reporting verb says, found or welcomed."""
        for head in self._heads_above(index, 3):
            if self._quote_of[head.i] == -1 and is_report_verb(head, self.lexicon):
                subject = self._report_subject(head)
                return Cue(self.doc[head.i:head.i + 1], subject) if subject is not None else None
            if head.pos_ in ("VERB", "AUX"):
                return None
        return None

    # -- transcripts ---------------------------------------------------------------------------
    def _turn_label(self, turn: Turn) -> Span | None:
        return self.doc.char_span(turn.label_start, turn.label_end, alignment_mode="expand")

    def _turn_cue(self, turn: Turn) -> Cue | None:
        """A turn's cue is the colon after its label; the label names the speaker."""
        label = self._turn_label(turn)
        if label is None:
            return None
        colon = self.doc[self._token_at(turn.label_end)]
        return Cue(self.doc[colon.i:colon.i + 1], label.root)

    def _attribute_unquoted_turn(self, turn: Turn, cue: Cue | None, group: int) -> Found:
        """A turn or headline attribution without quotation marks around it: indirect, or mixed
        when it holds quoted words."""
        content = QuoteSpan(turn.start, turn.end, turn.start, turn.end, double=False)
        paragraph = (turn.label_start, turn.end)
        first, last = self._token_at(turn.start), self._token_at(turn.end - 1)
        quoted = any(self._quote_of[i] != -1 for i in range(first, last + 1))
        quote_type = QuoteType.MIXED if quoted else QuoteType.INDIRECT
        if cue is None or cue.subject is None:
            return Found(content, quote_type, paragraph, cue, None, None, None, 0.4, group)
        mention = self._mention(cue.subject)
        entity, resolved_by, confidence = self._resolve(cue.subject, mention)
        return Found(content, quote_type, paragraph, cue, mention, entity, resolved_by,
                     round(confidence * REPORTED_CONFIDENCE, 3), group)

    # -- reported speech -----------------------------------------------------------------------
    def _report_subject(self, verb: Token) -> Token | None:
        """Who reports: the cue's subject, but nobody for "X seemed …" or a passive without
        its agent ("Trump was asked whether …"), and the noun a participle describes ("voters
        saying …")."""
        if verb.lemma_.lower() in self.lexicon.sourceless_verbs:
            return None
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            words = verb.head
            if (words.lemma_.lower() in self.lexicon.speech_nouns and words.dep_ == "dobj"
                    and words.head.pos_ == "VERB"):
                # "His office released a statement saying …": whoever released it
                return self._report_subject(words.head) or words
            return words
        subject = self._subject(verb)
        # poll shares report too ("27 percent of voters said …")
        if (subject is None or self._quote_of[subject.i] != -1 or subject.dep_ == "nsubjpass"
                or self._cannot_speak(subject, NOT_SPEAKERS - SHARES)):
            return None
        return self._share_source(subject)

    def _share_source(self, subject: Token) -> Token:
        """``In a May poll, 40 percent said …``: a share of those asked speaks for the poll
        named before it in the sentence, and annotators name the poll; with no poll there, the
        share itself speaks."""
        if subject.ent_type_ not in SHARES:
            return subject
        for token in reversed(self.doc[subject.sent.start:subject.i]):
            if (token.lemma_.lower() in self.lexicon.survey_nouns and token.pos_ == "NOUN"
                    and self._quote_of[token.i] == -1):
                return token
        return subject

    def _attribute_report(self, report: Report, group: int) -> Found:
        span = self.doc[report.start:report.end]
        content = QuoteSpan(span.start_char, span.end_char, span.start_char, span.end_char,
                            double=False)
        sentence = span.sent
        quote_type = QuoteType.MIXED if report.mixed else QuoteType.INDIRECT
        cue = Cue(report.cue, report.subject)
        if report.subject is not None and report.cue.root.pos_ in ("VERB", "AUX"):
            cue = self._cited_source(cue, span.end_char)
        if cue.subject is None:
            return Found(content, quote_type, (sentence.start_char, sentence.end_char), cue,
                         None, None, None, round(0.4 * report.score, 3), group)
        mention = self._mention(cue.subject)
        entity, resolved_by, confidence = self._resolve(cue.subject, mention)
        return Found(content, quote_type, (sentence.start_char, sentence.end_char), cue, mention,
                     entity, resolved_by,
                     round(confidence * REPORTED_CONFIDENCE * report.score, 3), group)

    def _assemble(self, found: list[Found]) -> Attributions:
        kept = [f for f in found if f.type in self.options.types
                and (self.options.include_scare_quotes or not f.scare)]
        quote_ids = {id(f): f"q{n}" for n, f in enumerate(kept, start=1)}
        first_of_group = {f.group_of: quote_ids[id(f)] for f in reversed(kept)}
        speakers: dict[object, Speaker] = {}
        seen: dict[str, set[tuple[int, int]]] = {}  # mention offsets already listed, per speaker
        result = Attributions()
        for f in kept:
            qid = quote_ids[id(f)]
            speaker_ref = None
            if f.mention is not None:
                speaker = self._speaker_for(f, speakers)
                if speaker.id not in seen:
                    seen[speaker.id] = {(m.start, m.end) for m in speaker.mentions}
                speaker.quote_ids.append(qid)
                mention = self._span(f.mention)
                if (mention.start, mention.end) not in seen[speaker.id]:
                    seen[speaker.id].add((mention.start, mention.end))
                    speaker.mentions.append(mention)
                speaker_ref = SpeakerRef(speaker.id, speaker.name, mention, f.resolved_by)
            quote = f.quote
            result.quotes.append(Quote(
                id=qid, text=self.text[quote.start:quote.end], start=quote.start, end=quote.end,
                type=f.type, group=first_of_group.get(f.group_of, qid), speaker=speaker_ref,
                cue=self._span(f.cue.span) if f.cue is not None else None,
                sentence=TextSpan(self.text[f.sentence[0]:f.sentence[1]], *f.sentence),
                confidence=round(f.confidence * PARTIAL_CONFIDENCE, 3)
                if f.type is QuoteType.PARTIAL else f.confidence))
        for speaker in speakers.values():
            speaker.mentions.sort(key=lambda m: m.start)
        result.speakers = list(speakers.values())
        return result

    def _speaker_for(self, f: Found, speakers: dict[object, Speaker]) -> Speaker:
        entity = f.entity
        name = entity.name if entity is not None else self._unresolved_name(f.mention)
        key: object = id(entity) if entity is not None else name.lower()
        if key not in speakers:
            sid = f"s{len(speakers) + 1}"
            if entity is not None:
                speakers[key] = Speaker(
                    sid, entity.name, entity.label, list(entity.titles),
                    [self._span(s) for s in entity.spans])
            else:
                speakers[key] = Speaker(sid, name, None)
        return speakers[key]

    def _unresolved_name(self, mention: Span) -> str:
        """A speaker no entity stands for is named by its mention; a relative pronoun by the
        noun phrase it stands for (`officials who said` → "officials", not "who")."""
        antecedent = self._relative_antecedent(mention.root) if len(mention) == 1 else None
        return self._mention(antecedent).text if antecedent is not None else mention.text


def is_title_case(words: list[str], lexicon: Lexicon, max_words: int = 7) -> bool:
    """Whether a few words are written like a title: every word capitalised but small ones."""
    if not words or len(words) > max_words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in lexicon.title_small_words or not w[:1].isalpha()
               for w in words)


def attribute_quotes(doc: Doc, lexicon: Lexicon, options: Options | None = None,
                     coreference: Coreference | None = None,
                     report_model: ReportModel | None = None) -> Attributions:
    """Every quote in a parsed document with its speaker, cue and context sentence; reported
    speech beyond the rules' reach too when a ``report_model`` is given."""
    return Attributor(doc, lexicon, options or Options(), coreference, report_model).run()

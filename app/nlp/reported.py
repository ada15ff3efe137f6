"""Reported speech: the content of ``X said (that) …``, ``according to X, …``, ``X accused Y of
…`` — claims made without quotation marks, found on the dependency parse.

The content is the complement of a reporting verb (its clause, or its object for verbs such as
"endorse" or "deny"), taken to the end of the sentence when it follows the cue (news sentences
go on with "and …" or "but …" conjuncts the parser hangs elsewhere) and from the sentence start
when it comes before (``The plan will fail, she said.``). Content that sits wholly inside
quotation marks is left to the direct quote that holds it; content with a quoted piece, however
large, is "mixed" (``X said that the mayor "has to bring the budget back"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from app.core.lexicon import Lexicon
from app.nlp.reported_model import (
    Candidate,
    ReportModel,
    candidate_features,
    candidate_source,
    find_candidates,
)

COMPLEMENT_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj",)
SEEMING_DEPS = ("xcomp", "ccomp", "acomp", "attr", "oprd")
RAISING_DEPS = ("xcomp", "oprd")
# "called for an inquiry", "talked about the deal" (not "spoke to reporters", an addressee)
TOPIC_PREPOSITIONS = frozenset({"for", "about", "on", "of", "against", "over"})
# "spoke on Tuesday", "said on CNN", "in Ohio": when and where, not what
NOT_TOPICS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "NORP", "CARDINAL",
                        "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
READER = frozenset({"you", "your", "yourself"})  # outside quotation marks: who reads the page


@dataclass(frozen=True)
class Report:
    """One stretch of reported speech: tokens ``start``..``end`` (exclusive), its cue, the head
    of its speaker mention (None: nobody named), and whether quoted words are inside it."""

    start: int
    end: int
    cue: Span
    subject: Token | None
    mixed: bool
    score: float = 1.0  # the learned pass's probability; 1 for what the rules found
    learned: bool = False
    rule: str = "report_verb"  # the rule that found it (REPORT_RULES, or LEARNED_RULE)


def is_report_verb(token: Token, lexicon: Lexicon) -> bool:
    return token.lemma_.lower() in lexicon.report_verbs and (
        token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"))


def find_reported_speech(doc: Doc, lexicon: Lexicon, quote_of: Sequence[int],
                         subject_of: Callable[[Token], Token | None],
                         model: ReportModel | None = None,
                         rules: Sequence[str] = ("according_to_report", "seeming", "report_verb"),
                         ) -> list[Report]:
    """Every reported-speech content in ``doc``: what the ``rules`` find (asked in that order
    for each token), then what the learned ``model`` finds elsewhere. ``quote_of[i]`` is the
    index of the quotation that holds token i (or -1); ``subject_of`` finds a cue verb's
    speaker (the rules direct quotes use)."""
    reports = _rule_reports(doc, lexicon, quote_of, subject_of, rules)
    if model is not None:
        reports += _learned_reports(doc, lexicon, quote_of, subject_of, model, reports)
        reports.sort(key=lambda r: (r.start, r.end))
    return reports


def _rule_reports(doc: Doc, lexicon: Lexicon, quote_of: Sequence[int],
                  subject_of: Callable[[Token], Token | None], rules: Sequence[str]
                  ) -> list[Report]:
    unknown = [r for r in rules if r not in REPORT_RULES]
    if unknown:
        raise ValueError(f"unknown report rule(s) {', '.join(unknown)}; "
                         f"known: {', '.join(REPORT_RULES)}, {LEARNED_RULE}")
    finders = [(name, REPORT_RULES[name]) for name in rules]
    reports: list[Report] = []
    seen: set[tuple[int, int]] = set()
    text = doc.text
    for token in doc:
        if quote_of[token.i] != -1:
            continue  # speech reported inside a quotation belongs to the quoted speaker's words
        rule, found = next(((name, f) for name, finder in finders
                            if (f := finder(token, lexicon, subject_of)) is not None),
                           (None, None))
        if found is None:
            continue
        first, last, cue, subject = found
        # a cue inside its content ("Owning it, Mr. Stephenson said, would help") cuts it in two
        phrase = ((cue.start, cue.end - 1) if _reports_for_nobody(token, lexicon)
                  else (cue.root.left_edge.i, cue.root.right_edge.i))
        pieces = ([(first, phrase[0] - 1), (phrase[1] + 1, last)]
                  if first < phrase[0] and phrase[1] < last else [(first, last)])
        for first, last in pieces:
            first, last = _within_paragraph(doc, text, cue, first, last)
            first, last = _trim(doc, first, last)
            if last < first or (first, last) in seen:
                continue
            quoted = sum(quote_of[i] != -1 for i in range(first, last + 1))
            if quoted == last - first + 1:
                continue  # all inside quotation marks: the direct quote is the answer
            seen.add((first, last))
            reports.append(Report(first, last + 1, cue, subject, mixed=quoted > 0, rule=rule))
    # "he said he wants to back her": wanting and backing are part of what he said, not claims
    # of their own; a speech verb inside ("said that the women said …") still reports
    by_sentence: dict[int, list[Report]] = {}
    for report in reports:
        by_sentence.setdefault(report.cue.sent.start, []).append(report)
    return [r for r in reports if r.cue.root.lemma_.lower() in lexicon.cue_verbs
            or not any(o is not r and o.start <= r.cue.start < o.end
                       for o in by_sentence[r.cue.sent.start])]


@dataclass(frozen=True)
class OpenCandidate:
    """A candidate for the learned pass, bounded like a rule's content (tokens ``first``..
    ``last`` inclusive), with its source and the features the model weighs."""

    candidate: Candidate
    first: int
    last: int
    source: Token | None
    features: list[str]
    mixed: bool


def open_candidates(doc: Doc, lexicon: Lexicon, quote_of: Sequence[int],
                    subject_of: Callable[[Token], Token | None], found: Sequence[Report]
                    ) -> Iterator[OpenCandidate]:
    """The complements no rule report overlaps that are not wholly quoted: what the model
    scores, and what it is trained on."""
    text = doc.text
    # tokens before i that are quoted / in a rule report: any stretch is counted in O(1)
    quoted_before = list(accumulate((q != -1 for q in quote_of), initial=0))
    in_report = bytearray(len(doc))
    for report in found:
        in_report[report.start:report.end] = b"\x01" * (report.end - report.start)
    reported_before = list(accumulate(in_report, initial=0))
    for candidate in find_candidates(doc, quote_of):
        if "\n" in candidate.cue.text:
            continue  # a head and its preposition lines apart: a menu, not a sentence
        first, last = _within_paragraph(doc, text, candidate.cue, candidate.first,
                                        candidate.last)
        first, last = _trim(doc, first, last)
        if last < first or reported_before[last + 1] > reported_before[first]:
            continue
        quoted = quoted_before[last + 1] - quoted_before[first]
        if quoted == last - first + 1:
            continue
        source = candidate_source(candidate, subject_of)
        if source is not None and source.lower_ in READER:
            continue  # "By signing up you are agreeing to our Terms": the reader is no source
        yield OpenCandidate(candidate, first, last, source,
                            candidate_features(candidate, source, quote_of, lexicon), quoted > 0)


def _learned_reports(doc: Doc, lexicon: Lexicon, quote_of: Sequence[int],
                     subject_of: Callable[[Token], Token | None], model: ReportModel,
                     found: list[Report]) -> list[Report]:
    """Open candidates the model scores at its threshold or above, best first, that overlap
    no better one."""
    scored = sorted(((model.score(c.features), c) for c in open_candidates(
        doc, lexicon, quote_of, subject_of, found)), key=lambda s: -s[0])
    reports: list[Report] = []
    taken = bytearray(len(doc))
    for score, c in scored:
        if score < model.threshold:
            break
        if any(taken[c.first:c.last + 1]):
            continue
        taken[c.first:c.last + 1] = b"\x01" * (c.last + 1 - c.first)
        reports.append(Report(c.first, c.last + 1, c.candidate.cue, c.source, mixed=c.mixed,
                              score=round(score, 3), learned=True, rule=LEARNED_RULE))
    return reports


def _reports_for_nobody(token: Token, lexicon: Lexicon) -> bool:
    """``The race seemed …`` (its subject is what is reported on) or ``Obama is expected to …``
    (a passive whose agent is not named)."""
    if token.lemma_.lower() in lexicon.sourceless_verbs:
        return True
    deps = {c.dep_ for c in token.children}
    return "nsubjpass" in deps and "agent" not in deps


def _according_to(token: Token, lexicon: Lexicon, subject_of: Callable[[Token], Token | None]
                  ) -> tuple[int, int, Span, Token | None] | None:
    """``According to X, <content>`` (or the phrase after the content, or inside it)."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase = set(token.subtree)
    rest = [t.i for t in token.sent if t not in phrase]
    if not rest:
        return None
    return min(rest), max(rest), token.doc[token.i:to.i + 1], source


def _seeming(token: Token, lexicon: Lexicon, subject_of: Callable[[Token], Token | None]
             ) -> tuple[int, int, Span, Token | None] | None:
    """``The race seemed to be hers to lose``, ``Obama is expected to join her``: what seems,
    or what is expected, said or believed by nobody named, is its subject and its complement,
    two pieces around the cue (from the verb to the complement), with nobody as the source."""
    if not is_report_verb(token, lexicon) or not _reports_for_nobody(token, lexicon):
        return None
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "X was told that …": X is who was told, not part of what was; "X is expected to …": is
    kinds = SEEMING_DEPS if token.lemma_.lower() in lexicon.sourceless_verbs else RAISING_DEPS
    complement = next((c for c in token.children if c.dep_ in kinds and c.i > token.i), None)
    if subject is None or complement is None or subject.lower_ in ("it", "there"):
        return None
    first = min(t.i for t in complement.subtree if t.i > token.i)
    if complement.dep_ == "xcomp":  # "seemed to be X": the infinitive marker belongs to the cue
        first = next((t.i for t in complement.subtree if t.i >= first and t.dep_ != "aux"),
                     first)
    last = _extend(token.doc, complement.right_edge.i, token.sent.end - 1, lexicon, subject_of)
    return subject.left_edge.i, last, token.doc[subject.right_edge.i + 1:first], None


def _verb_report(token: Token, lexicon: Lexicon, subject_of: Callable[[Token], Token | None]
                 ) -> tuple[int, int, Span, Token | None] | None:
    """``X said (that) <content>``, ``X called for <topic>``, ``<content>, X said``: the
    complement, object or topic of a reporting verb, or the clause it interrupts."""
    if not is_report_verb(token, lexicon):
        return None
    sentence = token.sent
    # a complement after the cue first: one before it may be a misparsed opening phrase ("In an
    # interview focused on …, Trump said defeating IS is …")
    complements = sorted((c for c in token.children if c.dep_ in COMPLEMENT_DEPS),
                         key=lambda c: c.i < token.i)
    complement = (next(iter(complements), None)
                  or next((c for c in token.children if c.dep_ in OBJECT_DEPS), None))
    cue = token.doc[token.i:token.i + 1]
    if complement is None:
        # "called for an inquiry", "talked about the deal": the object of the preposition
        preposition = next((c for c in token.children if c.dep_ == "prep" and c.i > token.i
                            and c.lower_ in TOPIC_PREPOSITIONS), None)
        complement = next((c for c in preposition.children if c.dep_ in ("pobj", "pcomp")
                           and c.ent_type_ not in NOT_TOPICS
                           and c.lemma_.lower() not in lexicon.not_topics),
                          None) if preposition is not None else None
        if complement is not None:
            cue = token.doc[token.i:preposition.i + 1]
    if complement is not None:
        if complement.i > token.i:
            first = min(t.i for t in complement.subtree if t.i > token.i)
            last = _extend(token.doc, complement.right_edge.i, sentence.end - 1, lexicon,
                           subject_of)
        else:
            first = sentence.start
            # stop before the cue's own words: "<content>, the minister said on Friday"
            last = min([token.i] + [t.i for child in token.children
                                    if child.i > complement.i
                                    for t in child.subtree]) - 1
        return first, last, cue, subject_of(token)
    if token.dep_ == "parataxis":
        # "<content, X said, content>": the clause the cue interrupts
        own = set(token.subtree)
        rest = [t.i for t in token.head.subtree if t not in own]
        if rest:
            return min(rest), max(rest), cue, subject_of(token)
    return None


def _extend(doc: Doc, last: int, limit: int, lexicon: Lexicon,
            subject_of: Callable[[Token], Token | None]) -> int:
    """Where content that ends at ``last`` really ends: on to ``limit`` (the sentence end), but
    before the next report in the sentence and its speaker ("…, although they say …")."""
    for i in range(last + 1, limit + 1):
        token = doc[i]
        if is_report_verb(token, lexicon) or token.lower_ == "according":
            subject = subject_of(token) if token.lower_ != "according" else None
            stop = subject.left_edge.i if subject is not None and last < subject.i < i else i
            return stop - 1
    return limit


def _within_paragraph(doc: Doc, text: str, cue: Span, first: int, last: int
                      ) -> tuple[int, int]:
    """Content stays in its cue's paragraph: the parser runs a sentence on over line breaks
    where a scraped page has no full stops (menus, footers). ``text`` is ``doc.text``, which
    spaCy rebuilds on every call."""
    start = text.rfind("\n", 0, cue.start_char) + 1
    end = text.find("\n", cue.end_char)
    end = len(text) if end < 0 else end
    while first <= last and doc[first].idx < start:
        first += 1
    while last >= first and doc[last].idx >= end:
        last -= 1
    for i in range(first, last + 1):
        if "\n" in doc[i].text:  # white space that starts before the line break holds it
            return first, i - 1
    return first, last


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Drop punctuation and white space at the content's ends, but not a quotation mark that
    pairs with one inside (`"act now" soon`)."""

    def paired(i: int, others: range) -> bool:
        return doc[i].is_quote and any(doc[k].is_quote for k in others)

    if first > 0 and paired(first - 1, range(first, last + 1)) and doc[first - 1].is_left_punct:
        first -= 1  # the parser hangs an opening mark on the cue, not on the content

    while last >= first and (doc[last].is_punct or doc[last].is_space) and not paired(
            last, range(first, last)):
        last -= 1
    while first <= last and (doc[first].is_punct or doc[first].is_space
                             or doc[first].dep_ == "cc") and not paired(
            first, range(first + 1, last + 1)):
        first += 1
    return first, last


Finder = Callable[[Token, Lexicon, Callable[[Token], Token | None]],
                  tuple[int, int, Span, Token | None] | None]
# the rules of the report stage, in their default order; the learned pass comes after them
REPORT_RULES: dict[str, Finder] = {
    "according_to_report": _according_to,
    "seeming": _seeming,
    "report_verb": _verb_report,
}
LEARNED_RULE = "learned_report"

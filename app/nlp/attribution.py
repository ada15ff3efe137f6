"""Linking each quote to its cue, speaker and context sentence on a parsed spaCy ``Doc``.

Data flows one way through named stages (``app.nlp.rules``): quote marks and transcript
turns (the ``QuoteDoc``) → quote kind and titles → cue (then refined, or held by a report for
quoted words) → a speaker from elsewhere for quotes with no cue → mention to entity →
confidence → results. Each answer carries the names of the rules that gave it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import partial

from spacy.tokens import Doc, Span, Token

from app.core import confidence
from app.core.lexicon import Lexicon
from app.core.options import Options
from app.core.quotes import QuoteSpan
from app.core.results import Attributions, QuoteType, Trace
from app.core.speaker_model import Decision, SpeakerModel
from app.core.transcript import Turn
from app.nlp.assemble import Found, assemble
from app.nlp.coreference import Coreference, NoCoreference
from app.nlp.cues import Cue, CueQuestion
from app.nlp.document import QuoteDoc
from app.nlp.entity_facts import DocumentFacts
from app.nlp.gender import NO_PERSON_WORDS, PersonWords
from app.nlp.interviews import Parties, interview_parties
from app.nlp.reported import OpenCandidate, Report, find_reported_speech, open_candidates
from app.nlp.reported_model import ReportModel
from app.nlp.rules import RuleSet
from app.nlp.salience import Salience
from app.nlp.sieves.base import first_decision
from app.nlp.sieves.kind import quote_kind, title_rule
from app.nlp.sieves.refine import cited_source_of, refine_cue
from app.nlp.sieves.uncued import UncuedQuestion
from app.nlp.speaker_profile import Profiles
from app.nlp.speaker_question import (
    Resolution,
    SpeakerQuestion,
    mention_of,
    needs_costly,
    resolve,
)
from app.nlp.syntax import is_definite_role, is_person_name, relative_antecedent, report_subject

DEFAULT_RULES = RuleSet.from_config()
TURNS_THAT_REPORT = frozenset({"interview_turn"})
"""Turns whose reports are kept: an interview's answers (on dev, dropping the reports inside
them lost more records PolNeAR annotates than the answers found)."""
SpeakerOf = Callable[[Token], tuple[Span, Resolution]]  # a mention's head → mention, resolution


class Attribution:
    """One run of the stages over one document; the document object is not changed."""

    def __init__(self, d: QuoteDoc, options: Options, rules: RuleSet,
                 coreference: Coreference, report_model: ReportModel | None,
                 person_words: PersonWords = NO_PERSON_WORDS,
                 speaker_model: SpeakerModel | None = None) -> None:
        self.d = d
        self.person_words = person_words
        self.options = options
        self.rules = rules
        self.coreference = coreference
        learned = options.learned_reports and rules.learned_reports
        self.report_model = report_model if learned else None
        self.speaker_model = speaker_model
        self._salience: Salience | None = None
        self._facts: DocumentFacts | None = None
        self._interview: Parties | None = None
        self._named_cue_at: tuple[int, ...] = ()
        self._asked: dict = {}  # what each speaker rule answered about each mention

    def salience(self) -> Salience:
        """The document's salience rankings, read on the first pronoun that asks."""
        if self._salience is None:
            self._salience = Salience(self.d, self.person_words)
        return self._salience

    def interview(self) -> Parties:
        """Who asks and who answers in the document's interview, read on the first turn."""
        if self._interview is None:
            self._interview = interview_parties(self.d)
        return self._interview

    def facts(self) -> DocumentFacts:
        """What the document shows of each entity, read on the first mention that asks."""
        if self._facts is None:
            self._facts = DocumentFacts(self.d, self.person_words, self.salience,
                                        self._named_cue_at)
        return self._facts

    def run(self) -> Attributions:
        return assemble(self.d, self.found(), self.options,
                        Profiles(self.d, self.person_words, self.salience))

    def found(self) -> list[Found]:
        """Every quote and report with what was decided about it, in text order."""
        d, rules = self.d, self.rules
        reports = self._reports()
        ruled = [r for r in reports if not r.learned]  # quoted words inside learned ones keep
        kinds = [(QuoteType.DIRECT, d.turn_rule[d.turn_of[i]]) if i in d.turn_of
                 else quote_kind(d, i, rules.kind) for i in range(len(d.quotes))]
        titles = [None if i in d.turn_of else title_rule(d, i, kinds[i][0], rules.title)
                  for i in range(len(d.quotes))]
        cues = [self._cue(i, kinds[i][0], ruled) if titles[i] is None else (None, [])
                for i in range(len(d.quotes))]
        unquoted_turns = [t for t in d.turns if not t.quoted]
        turn_cues = [self._turn_cue(t) for t in unquoted_turns]
        speaker = partial(self._speaker, self._prepare_speakers(
            [c for c, _ in cues] + turn_cues, reports))
        found: list[Found] = []
        previous = None  # the last quote that is not a scare quote or title
        for i, ((quote_type, kind_rule), title, (cue, cue_rules)) in enumerate(
                zip(kinds, titles, cues, strict=True)):
            found.append(self._attribute(i, quote_type, Trace(title or kind_rule, cue_rules),
                                         title is not None, cue, previous, speaker))
            if not found[-1].scare:
                previous = found[-1]
        groups: dict[int, int] = {}  # the pieces of one report share their cue, and a group
        reported = [self._attribute_report(r, groups.setdefault(r.cue.start, len(d.quotes) + n),
                                           speaker) for n, r in enumerate(reports)]
        first_group = len(d.quotes) + len(reports)
        turns = [self._attribute_unquoted_turn(turn, cue, first_group + n, speaker)
                 for n, (turn, cue) in enumerate(zip(unquoted_turns, turn_cues, strict=True))]
        reported = list(heapq.merge(reported, turns, key=lambda f: f.quote.open_at))
        # in text order; quotes keep the finder's order (a nested quote before its outer one)
        return list(heapq.merge(found, reported, key=lambda f: f.quote.open_at))

    def _reports(self) -> list[Report]:
        """Reported speech (found even when only quotes are asked for: a partial quote without
        a cue of its own belongs to the report that holds it), less what transcript turns say
        (a turn is what its speaker said, whatever its words report; an interview's answer is
        prose in which the interviewee reports what others said, so its reports stay) and what
        page chrome seems to report ("… as Ukraine War Threatens Stockpiles" is a headline)."""
        d = self.d
        reports = find_reported_speech(d.doc, d.lexicon, d.quote_of, partial(report_subject, d),
                                       self.report_model, self.rules.rule_reports)
        said = [t for t in d.turns if d.turn_rule[t] not in TURNS_THAT_REPORT]
        return [r for r in reports
                if not any(t.start <= d.doc[r.start].idx < t.end for t in said)
                and not d.on_chrome(d.doc[r.start].idx)]

    def _cue(self, index: int, quote_type: QuoteType, reports: list[Report]
             ) -> tuple[Cue | None, list[str]]:
        """The cue of a quote and the rules that found it: a transcript turn's label, else the
        cue stage then the refine stage, else (for quoted words) the held stage."""
        d = self.d
        if index in d.turn_of:
            turn = d.turn_of[index]
            return self._turn_cue(turn), [d.turn_rule[turn]]
        question = CueQuestion(d, index, quote_type, reports)
        cue, rule = first_decision(self.rules.cue, question)
        if cue is not None:
            cue, refined = refine_cue(question, cue, self.rules.refine)
            return cue, [rule, *refined]
        if quote_type is QuoteType.PARTIAL:
            cue, rule = first_decision(self.rules.held, question)
        return cue, [rule] if rule else []

    def _turn_cue(self, turn: Turn) -> Cue | None:
        """A turn's cue is the colon after its label; the label names the speaker."""
        label = self.d.turn_label(turn)
        if label is None:
            return None
        colon = self.d.doc[self.d.token_at(turn.label_end)]
        if turn.asks is not None:  # an interview's: whoever the introduction says asks, answers
            return Cue(self.d.doc[colon.i:colon.i + 1], self.interview().of(turn.asks))
        return Cue(self.d.doc[colon.i:colon.i + 1], label.root)

    def _prepare_speakers(self, cues: list[Cue | None], reports: list[Report]
                          ) -> tuple[int, ...]:
        """The speaker tokens of cues that name a person (what pronoun resolution reads as
        "the named speakers so far"); coreference is asked to get ready for the mentions it
        will be asked about (pronouns no rule before it settles, roles)."""
        d = self.d
        subjects = [c.subject for c in cues if c is not None and c.subject is not None]
        subjects += [r.subject for r in reports if r.subject is not None]
        named_cue_at = tuple(sorted({s.i for s in subjects if is_person_name(d, s)}))
        self._named_cue_at = named_cue_at
        self.coreference.prepare([
            s for s in subjects
            if d.names.name_at(s) is None and relative_antecedent(s) is None
            and (s.pos_ == "PRON" and needs_costly(self._question(named_cue_at, s))
                 or s.pos_ == "NOUN" and is_definite_role(d, s))])
        return named_cue_at

    def _question(self, named_cue_at: tuple[int, ...], head: Token) -> SpeakerQuestion:
        return SpeakerQuestion(self.d, head, mention_of(self.d, head), self.coreference,
                               named_cue_at, self.rules.speaker, self.person_words,
                               self.salience, self.facts, self.speaker_model, self._asked)

    def _speaker(self, named_cue_at: tuple[int, ...], head: Token) -> tuple[Span, Resolution]:
        question = self._question(named_cue_at, head)
        return question.mention, resolve(question)

    def _attribute(self, index: int, quote_type: QuoteType, trace: Trace, is_title: bool,
                   cue: Cue | None, previous: Found | None, speaker: SpeakerOf) -> Found:
        d = self.d
        quote = d.quotes[index]
        sentence = d.sentence(index)
        if is_title:
            return Found(quote, quote_type, sentence, None, None, None, None,
                         confidence.NO_SPEAKER, index, scare=True, trace=trace)
        if cue is not None:
            group_of = index
            if previous is not None and previous.cue is not None and previous.cue.span == cue.span:
                group_of = previous.group_of
            if cue.subject is None:  # a cue that names nobody: "X was asked, “…”"
                return Found(quote, quote_type, sentence, cue, None, None, None,
                             confidence.NO_SPEAKER, group_of, trace=trace)
            mention, found = speaker(cue.subject)
            trace.speaker = list(found.rules)
            return Found(quote, quote_type, sentence, cue, mention, found.entity,
                         found.resolved_by, found.confidence, group_of,
                         trace=trace, alternatives=found.alternatives,
                         decision=found.decision)
        question = UncuedQuestion(d, index, quote_type, sentence, previous,
                                  self.options.max_scare_words, speaker)
        source, _ = first_decision(self.rules.uncued, question)
        if source is None:
            return Found(quote, quote_type, sentence, None, None, None, None,
                         confidence.NO_SPEAKER, index, scare=not question.long_enough,
                         trace=trace)
        trace.cue = [source.rules[0]] if source.cue is not None else []
        trace.speaker = list(source.rules)
        return Found(quote, quote_type, sentence, source.cue, source.mention, source.entity,
                     source.resolved_by, source.confidence,
                     index if source.group_of is None else source.group_of, trace=trace,
                     alternatives=source.alternatives, decision=source.decision)

    def _attribute_report(self, report: Report, group: int, speaker: SpeakerOf) -> Found:
        d = self.d
        span = d.doc[report.start:report.end]
        content = QuoteSpan(span.start_char, span.end_char, span.start_char, span.end_char,
                            double=False)
        sentence = (span.sent.start_char, span.sent.end_char)
        quote_type = QuoteType.MIXED if report.mixed else QuoteType.INDIRECT
        cue = Cue(report.cue, report.subject)
        trace = Trace(report.rule, [report.rule])
        if (report.subject is not None and report.cue.root.pos_ in ("VERB", "AUX")
                and self.rules.refines_with("cited_source")):
            cited = cited_source_of(d, cue, span.end_char)
            if cited is not cue:
                cue, trace.cue = cited, [report.rule, "cited_source"]
        if cue.subject is None:
            return Found(content, quote_type, sentence, cue, None, None, None,
                         confidence.reported_nobody(report.score), group, trace=trace)
        mention, found = speaker(cue.subject)
        trace.speaker = list(found.rules)
        return Found(content, quote_type, sentence, cue, mention, found.entity,
                     found.resolved_by,
                     confidence.reported(found.confidence, report.score),
                     group, trace=trace, alternatives=found.alternatives,
                         decision=found.decision)

    def _attribute_unquoted_turn(self, turn: Turn, cue: Cue | None, group: int,
                                 speaker: SpeakerOf) -> Found:
        """A turn or headline attribution without quotation marks around it: indirect, or mixed
        when it holds quoted words."""
        d = self.d
        content = QuoteSpan(turn.start, turn.end, turn.start, turn.end, double=False)
        paragraph = (turn.label_start, turn.end)
        first, last = d.token_at(turn.start), d.token_at(turn.end - 1)
        quoted = any(d.quote_of[i] != -1 for i in range(first, last + 1))
        quote_type = QuoteType.MIXED if quoted else QuoteType.INDIRECT
        rule = d.turn_rule[turn]
        trace = Trace(rule, [rule] if cue is not None else [])
        if cue is None or cue.subject is None:
            return Found(content, quote_type, paragraph, cue, None, None, None,
                         confidence.reported_nobody(), group, trace=trace)
        mention, found = speaker(cue.subject)
        trace.speaker = list(found.rules)
        return Found(content, quote_type, paragraph, cue, mention, found.entity,
                     found.resolved_by, confidence.reported(found.confidence),
                     group, trace=trace, alternatives=found.alternatives,
                         decision=found.decision)


def attribute_quotes(doc: Doc, lexicon: Lexicon, options: Options | None = None,
                     coreference: Coreference | None = None,
                     report_model: ReportModel | None = None,
                     rules: RuleSet = DEFAULT_RULES,
                     person_words: PersonWords = NO_PERSON_WORDS,
                     speaker_model: SpeakerModel | None = None) -> Attributions:
    """Every quote in a parsed document with its speaker, cue and context sentence; reported
    speech beyond the rules' reach too when a ``report_model`` is given; ``person_words`` tell
    a pronoun's person by gender; ``speaker_model`` decides between the speakers the rules
    propose (the shipped one when None)."""
    d = QuoteDoc(doc, lexicon, rules.turn, person_words.first_names)
    return Attribution(d, options or Options(), rules, coreference or NoCoreference(),
                       report_model, person_words, speaker_model).run()


def speaker_decisions(doc: Doc, lexicon: Lexicon, options: Options, coreference: Coreference,
                      report_model: ReportModel | None, rules: RuleSet,
                      person_words: PersonWords, speaker_model: SpeakerModel | None
                      ) -> list[tuple[QuoteSpan, str, Decision]]:
    """Every quote and report whose speaker was decided among candidates, with its type and
    that decision (what the speaker scorer is trained on)."""
    d = QuoteDoc(doc, lexicon, rules.turn, person_words.first_names)
    found = Attribution(d, options, rules, coreference, report_model, person_words,
                        speaker_model).found()
    return [(f.quote, f.type.value, f.decision) for f in found if f.decision is not None]


def report_candidates(doc: Doc, lexicon: Lexicon) -> list[OpenCandidate]:
    """What the learned reported-speech pass scores in this document (for its training)."""
    d = QuoteDoc(doc, lexicon)
    subject_of = partial(report_subject, d)
    rules = find_reported_speech(doc, lexicon, d.quote_of, subject_of)
    return list(open_candidates(doc, lexicon, d.quote_of, subject_of, rules))

"""How sure an answer is, from one table keyed by the rules that gave it and the quote type.

Each figure was set from how often that kind of answer is right on PolNeAR dev, so that
precision falls with confidence (docs/accuracy.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.results import QuoteType

# how sure a speaker is, by the rule that resolved its mention: a name; a pronoun with its own
# cue resolved to a person (right as often as a name on dev, 0.98 of whole quotes); a pronoun
# only recency resolved; a role noun. A mention no rule resolves is a role nobody named.
SPEAKER = {
    "written_name": 0.95,
    "proper_noun": 0.9,
    "salience": 0.9,
    "only_person_nearby": 0.9,
    "coreferee": 0.9,
    "nearest_entity": 0.6,
    "role_apposition": 0.75,
    "role_chain": 0.75,
    "role_salience": 0.75,
    "document_author": 0.75,
    "role_title": 0.75,
}
UNRESOLVED_SPEAKER = 0.75
# a speaker found without a cue of its own, as a share of the confidence it is taken from:
# the quote before it goes on (right less often than a pronoun with its own cue), the
# reporter of the sentence before, a clause's subject (right about 6 times in 10; the
# clause a quotation hangs in or follows after a comma), the
# speaker of a quote nearby (right about half the time: better than no speaker)
FROM_ELSEWHERE = {
    "continuation": 0.85,
    "report_before": 0.85,
    "clause_subject": 0.6,
    "clause_before_comma": 0.6,
    "nearby": 0.5,
}
# a quote whose speaker nobody could find is the least sure answer, below a report whose
# speaker is nobody ("The talks appeared to stall")
NO_SPEAKER = 0.3
REPORT_NO_SPEAKER = 0.4
# quoted words inside a sentence are more often scare quotes or titles: with a name for
# speaker a partial quote is right about as often as a whole quote given to a role
QUOTE_TYPE = {QuoteType.PARTIAL: 0.75}
# reported speech has fuzzier bounds than quotation marks give
REPORTED = 0.8


# a speaker with a runner-up that came close: on dev's direct quotes, salience is right for
# 0.76 of those close calls and 0.93 of the clear ones
CLOSE_CALL = 0.75


def of_speaker(rules: Sequence[str], close_call: bool = False) -> float:
    """The confidence of a speaker resolved by ``rules`` (the last one in the table decided:
    a relative pronoun takes its antecedent's), lower when a runner-up came close."""
    found = next((SPEAKER[r] for r in reversed(rules) if r in SPEAKER), UNRESOLVED_SPEAKER)
    return round(found * CLOSE_CALL, 3) if close_call else found


def from_elsewhere(confidence: float, rule: str) -> float:
    """The confidence of a speaker ``rule`` took from another answer of ``confidence``."""
    return round(confidence * FROM_ELSEWHERE[rule], 3)


def reported(confidence: float, score: float = 1.0) -> float:
    """Reported speech: its speaker's confidence, times the learned pass's probability."""
    return round(confidence * REPORTED * score, 3)


def reported_nobody(score: float = 1.0) -> float:
    return round(REPORT_NO_SPEAKER * score, 3)


def as_returned(confidence: float, quote_type: QuoteType) -> float:
    """The confidence a quote comes back with: its speaker's, times its type's factor."""
    factor = QUOTE_TYPE.get(quote_type)
    return round(confidence * factor, 3) if factor is not None else confidence

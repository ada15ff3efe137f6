"""Who talks in an interview printed as questions and answers ("Q: … A: …"): the labels name
nobody, the article's introduction does. Questions are the interviewer's: a person the
introduction has asking or interviewing ("Dana Wolfe interviewed …"), else the outlet it names
("spoke with The Times"); with neither, a question has no speaker. Answers are the
interviewee's: of the other people, the one the introduction names most (the first of them on
a tie)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from app.nlp.document import QuoteDoc
from app.nlp.names import NamedEntity
from app.nlp.syntax import SUBJECT_DEPS

INTERVIEWING_VERBS = frozenset({"ask", "interview", "question"})


@dataclass(frozen=True)
class Parties:
    """The head tokens of the interviewer's and the interviewee's names in the introduction."""

    interviewer: Token | None
    interviewee: Token | None

    def of(self, asks: bool) -> Token | None:
        return self.interviewer if asks else self.interviewee


def interview_parties(d: QuoteDoc) -> Parties:
    """The parties of the document's interview (none when it holds no interview)."""
    firsts = [t.label_start for t in d.turns if t.asks is not None]
    if not firsts:
        return Parties(None, None)
    end = d.token_at(min(firsts))
    seen: dict[int, list[Token]] = {}  # entity → its name heads in the introduction
    for entity in d.names.entities:
        heads = [s.root for s in entity.spans if s.end <= end and d.quote_of[s.start] == -1]
        if heads:
            seen[id(entity)] = heads
    by_id = {id(e): e for e in d.names.entities}
    people = [by_id[k] for k in seen if by_id[k].label == "PERSON"]
    asking = next((e for e in people if any(_asks(head) for head in seen[id(e)])), None)
    interviewee = max((e for e in people if e is not asking),
                      key=lambda e: (len(seen[id(e)]), -seen[id(e)][0].i), default=None)
    outlet = next((by_id[k] for k in seen if _is_outlet(d, by_id[k])), None)
    interviewer = asking or outlet
    return Parties(seen[id(interviewer)][0] if interviewer is not None else None,
                   seen[id(interviewee)][0] if interviewee is not None else None)


def _asks(head: Token) -> bool:
    """The subject of a verb of asking or interviewing ("Jane Doe interviewed …")."""
    return head.dep_ in SUBJECT_DEPS and head.head.lemma_.lower() in INTERVIEWING_VERBS


def _is_outlet(d: QuoteDoc, entity: NamedEntity) -> bool:
    return (entity.label == "ORG" and bool(entity.key)
            and entity.key[-1] in d.lexicon.outlet_words)

"""A learned second pass for reported speech: what news reports as someone's view without a
reporting verb from the lexicon (``the senator took aim at the banks``, ``his reluctance to send
troops``, ``Ms. Reyes was not optimistic about the bill passing``).

Every complement on the parse is a candidate: the clause or object of a verb, noun or adjective,
or the object of its preposition. A logistic model over parse features (the head's lemma and
part of speech, the complement's relation, who the subject is, the length) scores each; the ones
above the model's threshold that no rule found become reports. The weights are data
(``app/core/data/reported_speech_model.json``), trained by ``models/train_reported_speech.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from app.core.lexicon import Lexicon, data_folder

HEAD_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
ARGUMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "acl", "advcl"})
OBJECT_OF_PREPOSITION = frozenset({"pobj", "pcomp"})
SOURCE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# how a noun or adjective hangs from the verb whose subject holds the view
GOVERNED_DEPS = frozenset({"dobj", "acomp", "attr", "oprd", "xcomp", "prep", "advcl"})
AGENT_PREPOSITIONS = frozenset({"by", "from"})
MODEL_FILE = "reported_speech_model.json"


@dataclass(frozen=True)
class Candidate:
    """A complement that may be reported speech: tokens ``first``..``last`` (inclusive), the
    cue (the head, and its preposition), the head token and the complement's root."""

    first: int
    last: int
    cue: Span
    head: Token
    argument: Token


def find_candidates(doc: Doc, quote_of: Sequence[int]) -> Iterator[Candidate]:
    """Each complement of a verb, noun or adjective outside quotation marks."""
    for head in doc:
        if head.pos_ not in HEAD_POS or quote_of[head.i] != -1:
            continue
        for child in head.children:
            if child.dep_ in ARGUMENT_DEPS:
                yield _candidate(doc, head, child, head.i)
            elif child.dep_ == "prep" and child.i > head.i:
                for argument in child.children:
                    if argument.dep_ in OBJECT_OF_PREPOSITION:
                        yield _candidate(doc, head, argument, child.i)


def _candidate(doc: Doc, head: Token, argument: Token, cue_end: int) -> Candidate:
    tokens = [t.i for t in argument.subtree if t.i > cue_end or argument.i < head.i]
    return Candidate(min(tokens), max(tokens), doc[head.i:cue_end + 1], head, argument)


def candidate_source(candidate: Candidate, subject_of: Callable[[Token], Token | None]
                     ) -> Token | None:
    """Whose view it is: a verb's subject; a noun's possessor, its ``by``/``from`` phrase or
    the name compounded with it (``Merkel talks``); else the subject of the verb the noun or
    adjective hangs from (``took aim at``, ``opened the rally with criticism of``,
    ``was not sure``)."""
    head = candidate.head
    if head.pos_ in ("VERB", "AUX"):
        return subject_of(head)
    for child in head.children:
        if child.dep_ == "poss" or child.dep_ == "compound" and child.ent_type_ in SOURCE_ENTITIES:
            return child
        if child.dep_ == "prep" and child.lower_ in AGENT_PREPOSITIONS:
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            if agent is not None and agent.i < candidate.first:
                return agent
    node = head
    for _ in range(3):  # noun → preposition → verb at most
        parent = node.head
        if parent == node:
            return None
        if parent.pos_ in ("VERB", "AUX") and node.dep_ in GOVERNED_DEPS:
            return subject_of(parent)
        if node.dep_ not in ("pobj", "prep"):
            return None
        node = parent
    return None


def candidate_features(candidate: Candidate, source: Token | None, quote_of: Sequence[int],
                       lexicon: Lexicon) -> list[str]:
    """The parse facts the model weighs (names only; the weights are in the model file)."""
    head, argument = candidate.head, candidate.argument
    lemma = head.lemma_.lower()
    relation = argument.dep_ if argument.head == head else "prep:" + argument.head.lower_
    size = candidate.last - candidate.first + 1
    features = [
        f"lemma={lemma}", f"pos={head.pos_}", f"rel={relation}", f"lemma|rel={lemma}|{relation}",
        f"pos|rel={head.pos_}|{relation}", f"arg.pos={argument.pos_}", f"arg.tag={argument.tag_}",
        f"arg.ent={argument.ent_type_ or '-'}", f"head.dep={head.dep_}",
        f"size={min(size, 32).bit_length()}", f"after={argument.i > head.i}",
        f"governor={head.head.lemma_.lower()}" if head.dep_ in ("xcomp", "dobj", "acomp")
        else "governor=-",
    ]
    if lemma in lexicon.report_verbs:
        features.append("lexicon=report")
    if lemma in lexicon.speech_nouns:
        features.append("lexicon=speech_noun")
    for child in argument.children:
        if child.dep_ in ("mark", "aux") and child.i < argument.i:
            features.append(f"marker={child.lower_}")
    if any(c.dep_ == "neg" for c in head.children):
        features.append("negated")
    if any(c.dep_ == "nsubjpass" for c in head.children):
        features.append("passive")
    if any(quote_of[i] != -1 for i in range(candidate.first, candidate.last + 1)):
        features.append("quoted")
    if source is None:
        features.append("source=-")
    else:
        kind = ("pronoun" if source.pos_ == "PRON" else source.ent_type_
                or ("role" if source.lemma_.lower() in lexicon.role_nouns else source.pos_))
        features += [f"source={kind}", f"source.dep={source.dep_}", f"rel|source={relation}|{kind}"]
    return features


@dataclass(frozen=True)
class ReportModel:
    """Logistic weights over feature names, and the score from which a candidate is reported."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, features: list[str]) -> float:
        total = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))

    @classmethod
    def from_dict(cls, data: dict) -> ReportModel:
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


@lru_cache(maxsize=1)
def load_report_model() -> ReportModel:
    """The model shipped with the package (read once per process)."""
    return read_report_model(data_folder())


def read_report_model(folder: Traversable | Path) -> ReportModel:
    """The model saved as ``MODEL_FILE`` in ``folder``."""
    text = folder.joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return ReportModel.from_dict(json.loads(text))

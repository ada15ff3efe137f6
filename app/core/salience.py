"""Salience: how much an entity is what the text is talking about at a point, the way Lappin and
Leass ("An algorithm for pronominal anaphora resolution", 1994) weigh it. Each mention adds
weights for what it is in its sentence (a subject, an object, a speaker); everything fades to a
quarter at each new sentence, so what was said of someone two sentences back counts a
sixteenth. A pronoun goes to the most salient entity it can stand for, and then adds to it in
turn, so the person a paragraph is about keeps the lead through "he … his … he said".

Pure arithmetic over referents (any hashable key: an entity's index, somebody unnamed);
``app.nlp.salience`` reads the parse and gives the roles.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Lappin & Leass's weights, and one of ours: the subject of a cue verb ("X said") is who the
# text is quoting, what a news paragraph's "he said" most often goes back to
WEIGHTS = {
    "recency": 100,  # every mention, in the sentence it is in
    "subject": 80,
    "existential": 70,  # "there is X"
    "object": 50,
    "indirect": 40,  # an object of a preposition that belongs to a verb or noun
    "head": 80,  # not inside another noun phrase ("Trump's campaign": Trump is not the head)
    "non_adverbial": 50,  # not in an adverbial phrase ("in Trump's view")
    "speaker": 250,  # the subject of a cue verb
}
DECAY = 0.25
"""What is left of salience at each new sentence. Lappin & Leass halve; news moves from one
source to the next paragraph by paragraph, and on dev a quarter names more pronoun speakers
right (641 of 696, against 624 halving and 637 at 0.35; 0.2 to 0.3 alike when first tried)."""
AGAINST_HINT = 0.1
"""What is left of a person's salience for a pronoun their first name says is of the other sex:
a hint, not a rule ("Jan" is a man's name on the lists; Jan Brewer is "she")."""
CLOSE = 0.5
"""A runner-up with at least this share of the winner's salience makes a close call."""


def weight(roles: Iterable[str]) -> float:
    return WEIGHTS["recency"] + sum(WEIGHTS[r] for r in set(roles) if r != "recency")


@dataclass
class SalienceTracker:
    """Entity ids with their salience, as a text is read sentence by sentence."""

    scores: dict[Hashable, float] = field(default_factory=dict)
    sentence: int = 0
    # the weightiest mention of each entity in this sentence: a sentence counts an entity
    # once, by its most salient mention ("Trump's campaign said Trump …": the subject's)
    in_sentence: dict[Hashable, float] = field(default_factory=dict)
    tie_break: Callable[[Any], Any] = lambda key: key
    """Which of two equally salient referents ranks first: the lower key, by default."""

    def advance(self, sentence: int) -> None:
        """Move to ``sentence`` (never back): what came before fades."""
        if sentence > self.sentence:
            factor = DECAY ** (sentence - self.sentence)
            self.scores = {e: s * factor for e, s in self.scores.items() if s * factor >= 0.01}
            self.sentence = sentence
            self.in_sentence = {}

    def add(self, entity: Hashable, roles: Iterable[str]) -> None:
        mention, before = weight(roles), self.in_sentence.get(entity, 0.0)
        if mention > before:
            self.scores[entity] = self.scores.get(entity, 0.0) + mention - before
            self.in_sentence[entity] = mention

    def ranking(self, fit: Callable[[Any], float]) -> list[tuple[Any, float]]:
        """The entities by salience times how well each ``fit`` the pronoun (0: not at all),
        most salient first (ties: by ``tie_break``)."""
        scored = ((e, s * f) for e, s in self.scores.items() if (f := fit(e)) > 0)
        return sorted(scored, key=lambda pair: (-pair[1], self.tie_break(pair[0])))


def is_close(ranking: list[tuple[Any, float]]) -> bool:
    """Whether the runner-up came close to the winner."""
    return len(ranking) > 1 and ranking[1][1] >= CLOSE * ranking[0][1]

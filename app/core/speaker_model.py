"""The learned speaker decision: rules propose candidates with named features, a conditional
logit model over those features chooses (McFadden's model, as coreference rankers use it: each
candidate's score is the sum of its features' weights, and the probabilities of one mention's
candidates sum to one).

Pure Python over plain records: ``app.nlp.speaker_candidates`` reads the parse and names the
features, ``models/train_speaker_model.py`` learns the weights, which are data
(``app/core/data/speaker_model.json``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path

from app.core.lexicon import data_folder
from app.core.results import Choice, SpeakerDecision, Weighed

MODEL_FILE = "speaker_model.json"
STRONGEST = 3  # features a decision's trace names for each candidate


@dataclass(frozen=True)
class Candidate:
    """One answer a speaker mention may have: an entity of the article (``key`` its index
    there), or nobody named (``key`` None: the mention itself), with its features (name →
    value; most are 1.0)."""

    key: int | None
    name: str
    features: Mapping[str, float]


def family(feature: str) -> str:
    """A feature's family: its name up to the first ``:`` or ``|`` ("rule:salience" → "rule",
    "salience|role" → "salience")."""
    for i, ch in enumerate(feature):
        if ch in ":|":
            return feature[:i]
    return feature


@dataclass(frozen=True)
class Scored:
    """A candidate with its probability and its features' contributions, strongest first."""

    candidate: Candidate
    probability: float
    contributions: tuple[tuple[str, float], ...]

    def strongest(self, n: int = STRONGEST) -> tuple[tuple[str, float], ...]:
        return self.contributions[:n]


@dataclass(frozen=True)
class Decision:
    """The candidates of one mention, most probable first (never empty)."""

    ranked: tuple[Scored, ...]

    @property
    def winner(self) -> Scored:
        return self.ranked[0]

    @property
    def runner_up(self) -> Scored | None:
        return self.ranked[1] if len(self.ranked) > 1 else None

    def as_trace(self) -> SpeakerDecision:
        """The decision as a quote's trace gives it: the winner and the runner-up, each with
        its probability and strongest features."""
        second = self.runner_up
        return SpeakerDecision(_choice(self.winner),
                               _choice(second) if second is not None else None, len(self.ranked))

    @property
    def margin(self) -> float:
        """How far the winner leads: its probability less the runner-up's."""
        second = self.runner_up
        return self.winner.probability - (second.probability if second else 0.0)


def _choice(scored: Scored) -> Choice:
    return Choice(scored.candidate.name, scored.candidate.key is not None,
                  round(scored.probability, 3),
                  [Weighed(name, weight) for name, weight in scored.strongest()])


@dataclass(frozen=True)
class SpeakerModel:
    """Weights over feature names (a feature not in the table weighs nothing)."""

    weights: Mapping[str, float]
    about: Mapping[str, object] = field(default_factory=dict)

    def score(self, features: Mapping[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def decide(self, candidates: Sequence[Candidate]) -> Decision:
        """The candidates ranked by probability (ties: the order given)."""
        if not candidates:
            raise ValueError("a decision needs at least one candidate")
        scores = [self.score(c.features) for c in candidates]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        scored = [Scored(c, e / total, self._contributions(c.features))
                  for c, e in zip(candidates, exps, strict=True)]
        order = sorted(range(len(scored)), key=lambda n: -scored[n].probability)
        return Decision(tuple(scored[n] for n in order))

    def _contributions(self, features: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
        found = [(name, round(self.weights.get(name, 0.0) * value, 3))
                 for name, value in features.items()]
        return tuple(sorted((pair for pair in found if pair[1]), key=lambda p: -p[1]))

    def to_dict(self) -> dict:
        return {"about": dict(self.about), "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, data: Mapping) -> SpeakerModel:
        return cls({str(k): float(v) for k, v in data["weights"].items()},
                   dict(data.get("about", {})))


@lru_cache(maxsize=1)
def load_speaker_model() -> SpeakerModel:
    """The model shipped with the package (read once per process)."""
    return read_speaker_model(data_folder())


def read_speaker_model(folder: Traversable | Path) -> SpeakerModel:
    """The model saved as ``MODEL_FILE`` in ``folder``."""
    text = folder.joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return SpeakerModel.from_dict(json.loads(text))

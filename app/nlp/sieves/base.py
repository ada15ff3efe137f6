"""Sieves: small named rules, each asking one question, grouped in ordered stages.

A stage registers its rules in their default order; the component's config lists the rules of
each stage by name, so a rule can be switched off or moved (``nlp.add_pipe("quotetrace",
config={"rules": {"cue": [...]}})``). Every answer records the names of the rules that gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable)
A = TypeVar("A")


@dataclass(frozen=True)
class Sieve(Generic[F]):
    """One rule: its name, its stage and the call that asks its question."""

    name: str
    stage: str
    ask: F

    @property
    def doc(self) -> str:
        """What the rule asks, with its example (the docstring of its call)."""
        return " ".join((self.ask.__doc__ or "").split())


class Stage(Generic[F]):
    """The rules of one stage, in their default order."""

    def __init__(self, name: str, summary: str) -> None:
        self.name = name
        self.summary = summary
        self.rules: dict[str, Sieve[F]] = {}

    def rule(self, name: str) -> Callable[[F], F]:
        """Register the decorated call as the rule ``name`` of this stage."""

        def register(ask: F) -> F:
            if name in self.rules:
                raise ValueError(f"rule {name!r} is registered twice in stage {self.name!r}")
            self.rules[name] = Sieve(name, self.name, ask)
            return ask

        return register

    @property
    def default(self) -> list[str]:
        return list(self.rules)

    def build(self, names: Sequence[str], disabled: Sequence[str] = ()) -> tuple[Sieve[F], ...]:
        """The rules ``names`` in that order, less ``disabled``; unknown names are an error."""
        unknown = [n for n in names if n not in self.rules]
        if unknown:
            raise ValueError(f"unknown {self.name} rule(s) {', '.join(unknown)}; "
                             f"known: {', '.join(self.rules)}")
        return tuple(self.rules[n] for n in names if n not in disabled)


def first_decision(rules: Sequence[Sieve[Callable[..., A | None]]], *question: object
                   ) -> tuple[A | None, str | None]:
    """The answer of the first rule that decides (does not pass with None), and its name."""
    for rule in rules:
        answer = rule.ask(*question)
        if answer is not None:
            return answer, rule.name
    return None, None

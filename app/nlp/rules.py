"""The ordered rules of every stage, as the component's config names them, built once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.transcript import find_inline_turns
from app.nlp.document import INLINE_TURN, TURN_FINDERS, TURN_RULES
from app.nlp.reported import LEARNED_RULE, REPORT_RULES
from app.nlp.sieves.base import Sieve, Stage
from app.nlp.sieves.cue import CUE
from app.nlp.sieves.held import HELD
from app.nlp.sieves.kind import KIND, TITLE
from app.nlp.sieves.refine import REFINE
from app.nlp.sieves.speaker import SPEAKER
from app.nlp.sieves.uncued import UNCUED

# the stages of sieves, by the key that lists their rules in the config's ``rules`` block
SIEVE_STAGES: dict[str, Stage] = {
    "kind": KIND,
    "title": TITLE,
    "cue": CUE,
    "refine": REFINE,
    "held": HELD,
    "uncued": UNCUED,
    "speaker": SPEAKER,
}
TURN_STAGE = "turn"
REPORT_STAGE = "report"
REPORT_RULE_NAMES = (*REPORT_RULES, LEARNED_RULE)


def default_rules() -> dict[str, list[str]]:
    """Every stage's rules in their default order (the component's default config)."""
    return {TURN_STAGE: list(TURN_RULES), REPORT_STAGE: list(REPORT_RULE_NAMES),
            **{key: stage.default for key, stage in SIEVE_STAGES.items()}}


def all_rule_names() -> list[str]:
    return [name for names in default_rules().values() for name in names]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


STAGE_SUMMARIES = {
    TURN_STAGE: "transcript turns and headline attributions, found in the text",
    REPORT_STAGE: "reported speech without quotation marks",
    **{key: stage.summary for key, stage in SIEVE_STAGES.items()},
}
FLOW = (TURN_STAGE, "kind", "title", "cue", "refine", "held", REPORT_STAGE, "uncued", "speaker")


def rule_docs() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Every stage in the order data flows through them: its config key, what it decides, and
    its rules in default order with what each asks (its docstring, with its example)."""
    turn_docs = {**TURN_FINDERS, INLINE_TURN: find_inline_turns}
    docs: dict[str, list[tuple[str, str]]] = {
        TURN_STAGE: [(n, _one_line(turn_docs[n].__doc__)) for n in TURN_RULES],
        REPORT_STAGE: [(n, _one_line(REPORT_RULES[n].__doc__)) for n in REPORT_RULES]
        + [(LEARNED_RULE, "Reported speech the rules miss, scored by the learned pass "
                          "(app/core/data/reported_speech_model.json): `X took aim at Y`; off "
                          "with the option learned_reports=false.")],
        **{key: [(s.name, s.doc) for s in stage.rules.values()]
           for key, stage in SIEVE_STAGES.items()},
    }
    return [(key, STAGE_SUMMARIES[key], docs[key]) for key in FLOW]


def rules_markdown() -> str:
    """The stages and rules as the Markdown list of docs/how-it-works.md."""
    lines = []
    for key, summary, rules in rule_docs():
        lines.append(f"- **rules.{key}** — {summary}:")
        lines += [f"  - `{name}`: {doc}" for name, doc in rules]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class RuleSet:
    """The rules attribution runs, stage by stage, in config order."""

    turn: tuple[str, ...]
    report: tuple[str, ...]
    kind: tuple[Sieve, ...]
    title: tuple[Sieve, ...]
    cue: tuple[Sieve, ...]
    refine: tuple[Sieve, ...]
    held: tuple[Sieve, ...]
    uncued: tuple[Sieve, ...]
    speaker: tuple[Sieve, ...]

    @classmethod
    def from_config(cls, rules: Mapping[str, Sequence[str]] | None = None,
                    disabled: Sequence[str] = ()) -> RuleSet:
        """The rules of ``rules`` (stage key → names; a stage not given keeps its default),
        less those ``disabled``. Unknown stages and rule names are errors."""
        given = dict(rules or {})
        config = default_rules()
        unknown_stages = sorted(set(given) - set(config))
        if unknown_stages:
            raise ValueError(f"unknown rule stage(s) {', '.join(unknown_stages)}; "
                             f"known: {', '.join(config)}")
        config.update({key: list(names) for key, names in given.items()})
        unknown = sorted(set(disabled) - set(all_rule_names()))
        if unknown:
            raise ValueError(f"unknown rule(s) to disable: {', '.join(unknown)}")
        for key, known in ((TURN_STAGE, TURN_RULES), (REPORT_STAGE, REPORT_RULE_NAMES)):
            bad = [n for n in config[key] if n not in known]
            if bad:
                raise ValueError(f"unknown {key} rule(s) {', '.join(bad)}; "
                                 f"known: {', '.join(known)}")
        sieves = {key: stage.build(config[key], disabled)
                  for key, stage in SIEVE_STAGES.items()}
        return cls(turn=tuple(n for n in config[TURN_STAGE] if n not in disabled),
                   report=tuple(n for n in config[REPORT_STAGE] if n not in disabled),
                   **sieves)

    @property
    def rule_reports(self) -> tuple[str, ...]:
        return tuple(n for n in self.report if n != LEARNED_RULE)

    @property
    def learned_reports(self) -> bool:
        return LEARNED_RULE in self.report

    def refines_with(self, name: str) -> bool:
        return any(s.name == name for s in self.refine)

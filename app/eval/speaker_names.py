"""Scoring the *name* of each quote's speaker, not only the mention: "he said" is right only
when quotetrace names the person "he" stands for.

Referents (``polnear-dev-speakers.json``): for gold direct quotes whose speaker is a pronoun or a
role noun, who that is by the fullest name the article gives (``name``; null when the article
never names them), keyed by article and quote span. Every gold direct quote with a speaker is
one target of a kind:

* ``name``: the gold speaker is written as a name; right when ours is the same person;
* ``pronoun`` / ``role``: right when ours is the referent;
* ``unnamed``: the referent is never named; right when we name nobody, or repeat the mention.

"The same person": the last word of our name (titles aside) is one of the gold name's words and
no first name clashes, or one name holds the other. A target is found by the quote (direct or
partial) that covers at least half of it. The figures match ``score_speakers.py`` of the eval
data; the error list adds the rules that chose each wrong name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KINDS = ("name", "pronoun", "role", "unnamed")
TITLE_WORDS = frozenset([
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "president",
    "the", "jr", "sr", "former", "secretary", "gen", "general", "rev", "prof", "judge", "lt",
    "col", "sgt", "capt", "adm", "hon", "sir", "dame", "lord", "lady", "st", "iii", "ii",
])
NOT_NAME_PRONOUNS = frozenset([
    "he", "she", "they", "i", "we", "you", "him", "her", "them", "it", "who", "that", "which",
])
LEADING_DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "one", "another",
                       "this", "that")
GROUP_WORDS = frozenset([
    "some", "many", "most", "others", "several", "both", "all", "few", "critics", "officials",
    "supporters", "transcript", "democrats", "republicans", "people", "experts",
])


def name_words(name: str | None) -> list[str]:
    """A name's lower-case words without titles (all of them when it is titles only)."""
    raw = re.findall(r"[a-z0-9]+", (name or "").lower().replace("\u2019", "'"))
    return [w for w in raw if w not in TITLE_WORDS] or raw


def same_person(gold: str | None, ours: str | None) -> bool:
    """Whether ``ours`` names the person or body ``gold`` names."""
    g, p = name_words(gold), name_words(ours)
    if not g or not p:
        return False
    if p[-1] not in g:
        return " ".join(g) in " ".join(p) or " ".join(p) in " ".join(g)
    given_g, given_p = g[:g.index(p[-1])], p[:-1]
    return not (given_g and given_p and given_g[-1] != given_p[-1] and given_g[0] != given_p[0])


def written_as_name(speaker: str) -> bool:
    """Whether a gold speaker mention is a name ("Stoltenberg"), not "he" or "the senator"."""
    text = speaker.strip()
    if text.lower() in NOT_NAME_PRONOUNS:
        return False
    words = text.split()
    if words and words[0].lower() in LEADING_DETERMINERS:
        words = words[1:]
    return any(w[:1].isupper() and w.lower().strip(",.") not in GROUP_WORDS for w in words)


@dataclass
class WrongName:
    kind: str
    article: str
    quote: str
    mention: str
    gold: str | None
    ours: str | None
    rules: list[str]
    alternatives: list[str]


GENDER_OF = {"he": "male", "she": "female"}


@dataclass
class NameScore:
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    wrong: list[WrongName] = field(default_factory=list)
    profile: Counter = field(default_factory=Counter)
    """Who gets quoted: gender on right names whose gold mention is he or she; never-named
    speakers flagged anonymous with a description; named ones flagged anonymous."""

    def add(self, article: dict[str, Any], quotes: list[dict[str, Any]],
            referents: dict[tuple[str, int, int], dict[str, Any]]) -> None:
        """One article's targets against its quotes (the service's own output)."""
        found = [q for q in quotes if q.get("type") in (None, "direct", "partial")]
        for gold in article["quotes"]:
            if gold["type"] != "direct" or not gold.get("speaker"):
                continue
            referent = referents.get((article["id"], gold["start"], gold["end"]))
            if referent is not None:
                kind, target = ("unnamed", None) if referent["name"] is None else (
                    referent["kind"], referent["name"])
            elif written_as_name(gold["speaker"]):
                kind, target = "name", gold["speaker"]
            else:
                continue  # a pronoun or role the referents do not cover
            tally = self.counts[kind]
            tally["targets"] += 1
            best = _covering(gold, found)
            if best is None:
                continue
            tally["found"] += 1
            speaker = best.get("speaker") or {}
            ours = speaker.get("name")
            if kind == "unnamed":
                mention = (speaker.get("mention") or {}).get("text")
                right = (not ours or name_words(ours) == name_words(mention)
                         or name_words(ours) == name_words(gold["speaker"]))
            else:
                right = same_person(target, ours)
            tally["right"] += right
            self._profile(kind, right, gold, speaker)
            if not right:
                self.wrong.append(WrongName(
                    kind, article["id"], article["text"][gold["start"]:gold["end"]][:100],
                    gold["speaker"], target, ours, (best.get("rule") or {}).get("speaker", []),
                    [a["name"] for a in speaker.get("alternatives", [])]))

    def _profile(self, kind: str, right: bool, gold: dict[str, Any],
                 speaker: dict[str, Any]) -> None:
        said = GENDER_OF.get(gold["speaker"].strip().lower())
        if right and kind == "pronoun" and said is not None:
            self.profile["gender_targets"] += 1
            self.profile["gender_given"] += speaker.get("gender") is not None
            self.profile["gender_right"] += speaker.get("gender") == said
        if kind == "unnamed":
            self.profile["unnamed_found"] += 1
            self.profile["unnamed_anonymous"] += bool(speaker.get("anonymous")
                                                      and speaker.get("description"))
        elif right and (kind != "name" or _ends_with_a_name(gold["speaker"])):
            self.profile["named_right"] += 1  # "one Clinton aide" is no name, "Ed Rendell" is
            self.profile["named_anonymous"] += bool(speaker.get("anonymous"))

    def figures(self) -> dict[str, Any]:
        report: dict[str, Any] = {}
        for kind, tally in self.counts.items():
            report[kind] = {"targets": tally["targets"], "found": tally["found"],
                            "right": tally["right"],
                            "accuracy_on_found": _ratio(tally["right"], tally["found"])}
        named = [self.counts[k] for k in ("name", "pronoun", "role")]
        report["named_recall"] = _ratio(sum(t["right"] for t in named),
                                        sum(t["targets"] for t in named))
        through = self.counts["pronoun"] + self.counts["role"]
        report["pronoun_and_role_accuracy_on_found"] = _ratio(through["right"], through["found"])
        p = self.profile
        report["gender"] = {"targets": p["gender_targets"],
                            "given": _ratio(p["gender_given"], p["gender_targets"]),
                            "right_of_given": _ratio(p["gender_right"], p["gender_given"])}
        report["anonymous"] = {
            "never_named_flagged_with_description": _ratio(p["unnamed_anonymous"],
                                                           p["unnamed_found"]),
            "named_flagged": _ratio(p["named_anonymous"], p["named_right"])}
        report["wrong_names_by_rule"] = dict(Counter(
            w.rules[-1] if w.rules else "(none)" for w in self.wrong).most_common())
        return report

    def error_report(self) -> str:
        """Markdown: each wrong name with its mention, the right one and the rules that chose."""
        lines = ["# quotetrace: wrong speaker names", ""]
        for kind in KINDS:
            rows = [w for w in self.wrong if w.kind == kind]
            lines += ["", f"## {kind} ({len(rows)})", ""]
            for w in rows:
                doubt = f"; runner-up {', '.join(w.alternatives)}" if w.alternatives else ""
                lines.append(f"- {w.article}: mention {w.mention!r} is {w.gold!r}, ours "
                             f"{w.ours!r} by {' → '.join(w.rules) or 'no rule'}{doubt} — "
                             f"“{w.quote}”")
        return "\n".join(lines) + "\n"


def _ends_with_a_name(mention: str) -> bool:
    """A written speaker whose last word is capitalised names somebody ("Ed Rendell", "former
    Gov. Ed Rendell"); one that ends in a common noun describes somebody ("one Clinton aide",
    "Donald Trump's son")."""
    words = [w.strip(",.") for w in mention.split()]
    return bool(words) and words[-1][:1].isupper()


def _covering(gold: dict[str, Any], quotes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The quote that overlaps ``gold`` most, if it covers at least half of it."""
    def overlap(q: dict[str, Any]) -> int:
        return min(gold["end"], q["end"]) - max(gold["start"], q["start"])

    best = max(quotes, key=overlap, default=None)
    if best is None or overlap(best) < 0.5 * (gold["end"] - gold["start"]):
        return None
    return best


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def load_referents(items: list[dict[str, Any]]) -> dict[tuple[str, int, int], dict[str, Any]]:
    return {(r["article"], r["start"], r["end"]): r for r in items}

"""Scoring quotetrace against annotated articles, with the matching rules of PolNeAR's scorer.

Gold lines: ``{"id", "text", "quotes": [{"start", "end", "type", "speaker", "speaker_start",
"speaker_end", "meta": {"quoted_parts": [[s, e], …]}}]}``. Rules:

* gold quotes of the chosen ``types`` are the targets; with ``expand_mixed`` the quoted parts of
  ``mixed`` records (at least ``min_words`` words) are targets too, with the record's speaker;
* spans are trimmed of white space and double quotation marks before matching;
* a prediction matches a gold quote when it covers at least ``threshold`` of it; pairs are made
  one-to-one, best coverage first;
* an unmatched prediction overlapping a gold quote of another type is ignored, not counted false;
* the speaker is right when the predicted mention overlaps the gold one, or when the names share
  their last name-like word or one contains the other (a gold quote with no speaker needs none);
* end-to-end: quote matched and speaker right.

Which of quotetrace's quote types are compared (``answer_types``, unless chosen otherwise):
direct and partial quotes for direct gold quotes (partial ones are the targets of
``expand_mixed``); direct, indirect and mixed for indirect or mixed gold records, not partial
quotes, which are pieces of mixed records and would count twice. Direct quotes stay in because
PolNeAR takes a record's type from the quotation marks it recognises, and labels NYT-style
''…'' quotations "indirect".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.speaker_model import family

TRIM = " \t\r\n\u00a0\"“”"
PRONOUNS = {"he", "she", "they", "we", "i", "you", "it", "him", "her", "them", "us", "me", "who",
            "one"}
NAME_NOISE = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "the", "said", "says",
              "jr", "sr"}


ANSWER_TYPES = {"direct": {"direct", "partial"}, "indirect": {"direct", "indirect", "mixed"},
                "mixed": {"direct", "indirect", "mixed"}}


def answer_types(gold_types: Iterable[str]) -> list[str]:
    """The quotetrace types compared with gold quotes of these types (see the module rules)."""
    return sorted(set().union(*(ANSWER_TYPES.get(t, set()) for t in gold_types)))


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def coverage(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    overlap = max(0, min(gold[1], pred[1]) - max(gold[0], pred[0]))
    return overlap / (gold[1] - gold[0]) if gold[1] > gold[0] else 0.0


def _name_words(name: str | None) -> list[str]:
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    return [w for w in words if w not in NAME_NOISE] or words


def speaker_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Whether a predicted speaker agrees with the gold one (see the module rules)."""
    if not gold.get("speaker"):
        return not pred.get("speaker")
    if not pred.get("speaker"):
        return False
    both_have_offsets = None not in (gold.get("speaker_start"), pred.get("speaker_start"))
    if both_have_offsets and min(gold["speaker_end"], pred["speaker_end"]) > max(
            gold["speaker_start"], pred["speaker_start"]):
        return True
    g, p = _name_words(gold["speaker"]), _name_words(pred["speaker"])
    if not g or not p:
        return False
    g_text, p_text = " ".join(g), " ".join(p)
    return g_text in p_text or p_text in g_text or g[-1] in p or p[-1] in g


def flat_predictions(result: dict[str, Any]) -> list[dict[str, Any]]:
    """quotetrace's quotes as (span, speaker name, mention span) records."""
    flat = []
    for quote in result["quotes"]:
        speaker = quote.get("speaker") or {}
        mention = speaker.get("mention") or {}
        flat.append({"start": quote["start"], "end": quote["end"], "quote": quote,
                     "speaker": speaker.get("name"), "speaker_start": mention.get("start"),
                     "speaker_end": mention.get("end")})
    return flat


@dataclass
class Finding:
    """One error for the report."""

    kind: str  # missed quote, spurious quote, wrong speaker, wrong boundary
    article: str
    gold: dict[str, Any] | None
    pred: dict[str, Any] | None


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    end_to_end: int = 0
    findings: list[Finding] = field(default_factory=list)
    # per counted prediction: (confidence, quote and speaker both right), and the rules of its
    # trace
    outcomes: list[tuple[float, bool]] = field(default_factory=list)
    outcome_rules: list[tuple[str, ...]] = field(default_factory=list)
    outcome_families: list[tuple[str, ...]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        def prf(hits: int) -> dict[str, float]:
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

        return {"gold_quotes": self.gold, "predicted_quotes": self.predicted,
                "matched": self.matched, "quote": prf(self.matched),
                "speaker_accuracy_on_matched": round(self.speaker_right / self.speaker_total, 4)
                if self.speaker_total else None,
                "end_to_end": prf(self.end_to_end),
                "end_to_end_precision_by_confidence": self.by_confidence(),
                "end_to_end_precision_by_rule": self.by_rule(),
                "end_to_end_precision_by_feature_family": self.by_feature_family()}

    def by_confidence(self) -> dict[str, dict[str, float]]:
        """End-to-end precision of the predictions in each confidence bucket (best first): a
        meaningful confidence has it fall as confidence falls."""
        buckets = {}
        for low, high in CONFIDENCE_BUCKETS:
            hits = [right for confidence, right in self.outcomes if low <= confidence < high]
            if hits:
                buckets[f"{low:.2f}-{min(high, 1):.2f}"] = {
                    "predictions": len(hits), "precision": round(sum(hits) / len(hits), 4)}
        return buckets


    def by_rule(self) -> dict[str, dict[str, float]]:
        """For each rule named in the traces of counted predictions: how many it decided and
        their end-to-end precision, least precise first (a rule wrong more often than right
        heads the list)."""
        return _precision_by(self.outcomes, self.outcome_rules)

    def by_feature_family(self) -> dict[str, dict[str, float]]:
        """The same for each family of features ("rule", "order", "salience", "gender" …)
        among the strongest of the learned speaker decision's winner: which kinds of evidence
        the right and the wrong names rest on."""
        return _precision_by(self.outcomes, self.outcome_families)


def _precision_by(outcomes: list[tuple[float, bool]], tags: list[tuple[str, ...]]
                  ) -> dict[str, dict[str, float]]:
    counts: dict[str, list[int]] = {}
    for (_, right), names in zip(outcomes, tags, strict=True):
        for name in names:
            tally = counts.setdefault(name, [0, 0])
            tally[0] += 1
            tally[1] += right
    figures = {name: {"quotes": n, "precision": round(hits / n, 4)}
               for name, (n, hits) in counts.items()}
    return dict(sorted(figures.items(), key=lambda kv: (kv[1]["precision"], kv[0])))


def trace_rules(quote: dict[str, Any]) -> tuple[str, ...]:
    """Every rule a quote's trace names (kind, cue, speaker), each once."""
    trace = quote.get("rule") or {}
    names = [trace.get("kind"), *trace.get("cue", []), *trace.get("speaker", [])]
    return tuple(dict.fromkeys(n for n in names if n))


def trace_families(quote: dict[str, Any]) -> tuple[str, ...]:
    """The families of the strongest features of the learned decision's winner, each once."""
    decision = (quote.get("rule") or {}).get("decision") or {}
    features = (decision.get("chosen") or {}).get("features", [])
    return tuple(dict.fromkeys(family(f["feature"]) for f in features))


CONFIDENCE_BUCKETS = ((0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.6, 0.7), (0.5, 0.6), (0.0, 0.5))


def targets(article: dict[str, Any], types: set[str], expand_mixed: bool,
            min_words: int) -> list[dict[str, Any]]:
    text = article["text"]
    gold = [q for q in article["quotes"] if q["type"] in types]
    if expand_mixed and "mixed" not in types:
        for q in article["quotes"]:
            if q["type"] == "mixed":
                for start, end in q.get("meta", {}).get("quoted_parts", []):
                    if len(text[start:end].split()) >= min_words:
                        gold.append(dict(q, start=start, end=end, type="direct"))
    return gold


def score_article(score: Score, article: dict[str, Any], predictions: list[dict[str, Any]],
                  types: set[str], expand_mixed: bool = False, threshold: float = 0.5,
                  min_words: int = 1) -> None:
    """Add one article's counts (and findings) to ``score``."""
    text = article["text"]
    gold = targets(article, types, expand_mixed, min_words)
    others = [trimmed(text, q["start"], q["end"]) for q in article["quotes"]
              if q["type"] not in types]
    gold_spans = [trimmed(text, q["start"], q["end"]) for q in gold]
    pred_spans = [trimmed(text, p["start"], p["end"]) for p in predictions]
    candidates = sorted(
        (-c, i, j) for i, g in enumerate(gold_spans) for j, p in enumerate(pred_spans)
        if p[1] > p[0] and (c := coverage(g, p)) >= threshold and c > 0)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    ignored: set[int] = set()  # predictions of quotes of types not scored
    boundary: set[int] = set()  # gold quotes found, but with the wrong boundaries
    for j, p in enumerate(pred_spans):
        if j in used_pred:
            continue
        if any(min(p[1], o[1]) > max(p[0], o[0]) for o in others):
            ignored.add(j)
            continue
        near = next((i for i, g in enumerate(gold_spans)
                     if min(p[1], g[1]) > max(p[0], g[0]) and i not in used_gold), None)
        if near is None:
            score.findings.append(Finding("spurious quote", article["id"], None, predictions[j]))
        else:
            boundary.add(near)
            score.findings.append(Finding("wrong boundary", article["id"], gold[near],
                                          predictions[j]))
    for i, g in enumerate(gold):
        if i not in used_gold and i not in boundary:
            score.findings.append(Finding("missed quote", article["id"], g, None))
    score.gold += len(gold)
    score.predicted += len(predictions) - len(ignored)
    hits = {j for i, j in pairs if speaker_right(gold[i], predictions[j])}
    counted = [(j, p) for j, p in enumerate(predictions) if j not in ignored]
    score.outcomes += [(p["quote"].get("confidence", 0.0), j in hits) for j, p in counted]
    score.outcome_rules += [trace_rules(p["quote"]) for _, p in counted]
    score.outcome_families += [trace_families(p["quote"]) for _, p in counted]
    score.matched += len(pairs)
    for i, j in pairs:
        right = speaker_right(gold[i], predictions[j])
        score.end_to_end += right
        if gold[i].get("speaker"):
            score.speaker_total += 1
            score.speaker_right += right
        if not right:
            score.findings.append(Finding("wrong speaker", article["id"], gold[i], predictions[j]))


def error_report(findings: Iterable[Finding], articles: dict[str, dict[str, Any]]) -> str:
    """Markdown: the findings grouped by kind, each with its context."""
    by_kind: dict[str, list[Finding]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    lines = ["# quotetrace error report", ""]
    lines += [f"- {kind}: {len(items)}" for kind, items in sorted(by_kind.items())]
    for kind, items in sorted(by_kind.items()):
        lines += ["", f"## {kind} ({len(items)})"]
        for f in items:
            text = articles[f.article]["text"]
            anchor = f.gold or f.pred or {}
            start, end = anchor.get("start", 0), anchor.get("end", 0)
            context = (text[max(0, start - 200):start] + "[[" + text[start:end] + "]]"
                       + text[end:end + 200]).replace("\n", " ¶ ")
            lines += ["", f"### {f.article} @ {start}", "", f"> {context}", ""]
            if f.gold is not None:
                lines.append(f"- gold speaker: {f.gold.get('speaker')!r}")
            if f.pred is not None:
                speaker = f.pred["quote"].get("speaker") or {}
                mention = (speaker.get("mention") or {}).get("text")
                lines.append(f"- predicted: {speaker.get('name')!r} (mention {mention!r}, "
                             f"resolved_by {speaker.get('resolved_by')!r}, "
                             f"confidence {f.pred['quote'].get('confidence')})")
                trace = f.pred["quote"].get("rule") or {}
                lines.append(f"- rules: kind {trace.get('kind')!r}, cue {trace.get('cue')!r}, "
                             f"speaker {trace.get('speaker')!r}")
    return "\n".join(lines) + "\n"

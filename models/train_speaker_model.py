"""Train the speaker scorer (``app/core/speaker_model.py``) on annotated articles.

    python models/train_speaker_model.py ../shared/eval/polnear-dev.jsonl \\
        --referents ../shared/eval/polnear-dev-speakers.json \\
        --out app/core/data/speaker_model.json                  # the shipped model: all of dev
    python models/train_speaker_model.py ../shared/eval/polnear-dev.jsonl \\
        --referents ../shared/eval/polnear-dev-speakers.json \\
        --folds 5 --cv-out /tmp/cv.out.jsonl    # cross-validated extraction, for the scorers

Each article is parsed with the shipped pipeline (``--cache`` keeps the parses for the next
run) and attributed; every speaker decision of a quote that matches an annotated direct quote
is an example: its candidates, each labelled right when it names the annotated speaker (the
referent of a pronoun or role noun from ``--referents``, the written name otherwise, nobody for
a referent the article never names), as ``score_speakers.py`` judges names. The decisions of
reported speech whose annotated source is a written name are examples too, each counting
``--reported-weight`` of a quote's (their mention is often not the annotated one: "he" where
the annotation marks "Sanders", which tells who "he" is).

The model is a conditional logit over the candidates' features (L2-regularised, fitted with
L-BFGS from SciPy, the ``train`` extra); features seen in fewer than ``--min-articles`` articles
are dropped, so that no article's wording is learned. With ``--folds K`` the articles are split
in K folds by article and each fold is extracted with a model trained on the others: the
figures the scorers give on that output are the honest estimate for unseen news.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pickle
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from tqdm import tqdm  # noqa: E402

from app.core.speaker_model import Candidate, SpeakerModel, load_speaker_model  # noqa: E402
from app.eval.speaker_names import same_person, written_as_name  # noqa: E402
from app.nlp.parsing import parse_texts  # noqa: E402
from app.nlp.pipeline import build_pipeline  # noqa: E402
from models.folds import extract_folds  # noqa: E402

QUOTED_TYPES = ("direct", "partial")
REPORTED_TYPES = ("indirect", "mixed")


@dataclass(frozen=True)
class Example:
    """One decision: the article it is in, its candidates and which of them are right."""

    article: int
    kind: str  # what the annotation gives: a name, a pronoun's or a role's referent, nobody
    candidates: tuple[Candidate, ...]
    right: tuple[bool, ...]


# -- parsing, once ---------------------------------------------------------------------------------
def _parse_shard(texts: list[str]) -> list[bytes]:
    nlp = build_pipeline()
    return [doc.to_bytes() for doc, _ in parse_texts(nlp, ((t, None) for t in texts))]


def parsed(articles: list[dict], cache: Path | None, processes: int) -> list[Doc]:
    """The articles parsed by the shipped pipeline (read from ``cache`` when it holds them;
    a parse keeps its tensors there, which coreferee reads)."""
    nlp = build_pipeline()
    ids = [a["id"] for a in articles]
    if cache is not None and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored["ids"] == ids:
            return [Doc(nlp.vocab).from_bytes(b) for b in stored["docs"]]
    texts = [a["text"] for a in articles]
    shards = [texts[k::processes] for k in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        done = pool.map(_parse_shard, shards)
    blobs: list[bytes] = [b""] * len(texts)
    for k, shard in enumerate(done):
        blobs[k::processes] = shard
    if cache is not None:
        cache.write_bytes(pickle.dumps({"ids": ids, "docs": blobs}))
    return [Doc(nlp.vocab).from_bytes(b) for b in blobs]


# -- labels ----------------------------------------------------------------------------------------
def _covering(gold: dict, found: Sequence[tuple[int, int, str, object]], types: tuple[str, ...]):
    """The found quote of ``types`` that covers the most of a gold span, if half or more."""
    span = gold["end"] - gold["start"]
    best, best_overlap = None, 0
    for start, end, kind, decision in found:
        overlap = min(gold["end"], end) - max(gold["start"], start)
        if kind in types and overlap > best_overlap:
            best, best_overlap = decision, overlap
    return best if best_overlap >= 0.5 * span else None


def _target(gold: dict, article: dict, referents: dict) -> tuple[str, str | None] | None:
    """(the kind of target, the name: None for nobody named) of a gold quote, or None."""
    if not gold.get("speaker"):
        return None
    ref = referents.get((article["id"], gold["start"], gold["end"]))
    if ref is not None:
        return (ref["kind"] if ref["name"] is not None else "unnamed", ref["name"])
    return ("name", gold["speaker"]) if written_as_name(gold["speaker"]) else None


def _right(candidates: Sequence[Candidate], name: str | None) -> tuple[bool, ...]:
    """Which candidates name the annotated speaker: for nobody named, the mention itself; for
    a name, the entities of that name, or the mention itself when no entity has it (so that a
    name is linked to its entity whenever one is there)."""
    if name is None:
        return tuple(c.key is None for c in candidates)
    named = tuple(c.key is not None and same_person(name, c.name) for c in candidates)
    if any(named):
        return named
    return tuple(c.key is None and same_person(name, c.name) for c in candidates)


def examples_of(number: int, article: dict, decisions, referents: dict, reported: bool
                ) -> list[Example]:
    found = [(q.start, q.end, kind, decision) for q, kind, decision in decisions]
    seen: set[int] = set()
    examples = []
    for gold in article["quotes"]:
        if gold["type"] == "direct":
            target = _target(gold, article, referents)
            decision = _covering(gold, found, QUOTED_TYPES) if target else None
        elif reported and gold["type"] in REPORTED_TYPES and gold.get("speaker") \
                and written_as_name(gold["speaker"]):
            target = ("reported", gold["speaker"])
            decision = _covering(gold, found, REPORTED_TYPES)
        else:
            continue
        if decision is None or id(decision) in seen:
            continue
        seen.add(id(decision))
        kind, name = target
        candidates = tuple(s.candidate for s in decision.ranked)
        right = _right(candidates, name)
        if any(right) and not all(right):
            examples.append(Example(number, kind, candidates, right))
    return examples


# -- the conditional logit -------------------------------------------------------------------------
def fit(examples: list[Example], c: float, min_articles: int, about: dict,
        reported_weight: float = 1.0) -> SpeakerModel:
    """Weights that maximise the probability of the right candidates, less an L2 penalty; a
    decision of reported speech counts ``reported_weight`` of a quote's."""
    seen: dict[str, set[int]] = defaultdict(set)
    for example in examples:
        for candidate in example.candidates:
            for feature in candidate.features:
                seen[feature].add(example.article)
    names = sorted(f for f, articles in seen.items() if len(articles) >= min_articles)
    column = {f: n for n, f in enumerate(names)}
    rows, cols, values, right, starts = [], [], [], [], []
    row = 0
    for example in examples:
        starts.append(row)
        for candidate, ok in zip(example.candidates, example.right, strict=True):
            for feature, value in candidate.features.items():
                if feature in column:
                    rows.append(row)
                    cols.append(column[feature])
                    values.append(value)
            right.append(ok)
            row += 1
    x = csr_matrix((values, (rows, cols)), shape=(row, len(names)))
    counts = np.array([reported_weight if e.kind == "reported" else 1.0 for e in examples])
    y = np.array(right, dtype=float)
    starts_a = np.array(starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts_a, row)))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = x @ w
        top = np.maximum.reduceat(scores, starts_a)[group]
        e = np.exp(scores - top)
        total = np.add.reduceat(e, starts_a)[group]
        p = e / total
        right_p = np.add.reduceat(p * y, starts_a)
        q = p * y / right_p[group]
        value = -np.sum(counts * np.log(right_p)) + 0.5 / c * w @ w
        grad = x.T @ ((p - q) * counts[group]) + w / c
        return value, grad

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B",
                      options={"maxiter": 2000})
    weights = {f: round(float(v), 4) for f, v in zip(names, result.x, strict=True)
               if abs(v) >= 1e-4}
    return SpeakerModel(weights, {**about, "examples": len(examples), "features": len(names)})


# -- the run ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="annotated articles (../shared/eval JSONL format)")
    parser.add_argument("--referents", type=Path, required=True,
                        help="who each pronoun and role noun is (polnear-dev-speakers.json)")
    parser.add_argument("--out", type=Path, help="where to write the model (JSON)")
    parser.add_argument("--c", type=float, default=0.1, help="inverse L2 regularisation strength")
    parser.add_argument("--min-articles", type=int, default=3)
    parser.add_argument("--reported-weight", type=float, default=0.1,
                        help="what a decision of reported speech whose annotated source is a "
                             "name counts, against a quote's (0: left out)")
    parser.add_argument("--folds", type=int, default=0, help="cross-validate in this many folds")
    parser.add_argument("--cv-out", type=Path, help="with --folds: the out-of-fold extraction")
    parser.add_argument("--cache", type=Path, help="a file that keeps the parses between runs")
    parser.add_argument("--processes", type=int, default=2, help="parsing processes")
    parser.add_argument("--examples", type=Path,
                        help="a file that keeps the decisions between runs (with --cache)")
    args = parser.parse_args()
    if not args.out and not (args.folds and args.cv_out):
        parser.error("give --out, or --folds with --cv-out")

    articles = [json.loads(line) for line in args.gold.open(encoding="utf-8")]
    referents = {(r["article"], r["start"], r["end"]): r
                 for r in json.loads(args.referents.read_text(encoding="utf-8"))}
    docs = parsed(articles, args.cache, args.processes)
    component = build_pipeline().get_pipe("quotetrace")
    component.speaker_model = load_speaker_model()  # the learned decision, as training asks
    if args.examples is not None and args.examples.exists():
        examples = pickle.loads(args.examples.read_bytes())
    else:
        examples = [e for number, (doc, article) in enumerate(
            tqdm(list(zip(docs, articles, strict=True)), desc="deciding"))
            for e in examples_of(number, article, component.speaker_decisions(doc), referents,
                                 args.reported_weight > 0)]
        if args.examples is not None:
            args.examples.write_bytes(pickle.dumps(examples))
    print(f"{len(examples)} decisions", file=sys.stderr)
    about = {"trained_on": args.gold.name, "articles": len(articles), "c": args.c,
             "min_articles": args.min_articles, "reported_weight": args.reported_weight}
    if args.folds:
        models = [fit([e for e in examples if e.article % args.folds != k], args.c,
                      args.min_articles, about, args.reported_weight)
                  for k in range(args.folds)]
        extract_folds(component, "speaker_model", models, docs, articles, args.cv_out)
    if args.out:
        model = fit(examples, args.c, args.min_articles, about, args.reported_weight)
        args.out.write_text(json.dumps(model.to_dict(), indent=0) + "\n", encoding="utf-8")
        print(f"{len(model.weights)} weights -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Train the learned reported-speech pass (``app/reported_model.py``) on annotated articles.

    python models/train_reported_speech.py ../shared/eval/polnear-dev.jsonl \
        --out app/core/data/reported_speech_model.json
    python models/train_reported_speech.py ../shared/eval/polnear-dev.jsonl \
        --folds 5 --cv-out /tmp/cv.out.jsonl    # cross-validated extraction, for score.py

Each article is parsed with the shipped pipeline; the candidates the rules leave
(``report_candidates``) are labelled positive when they and a gold indirect or mixed
record overlap by at least half of the longer of the two. A logistic regression (scikit-learn,
the ``train`` extra) over the candidates' feature names gives the weights; features seen in
fewer than ``--min-articles`` articles are dropped so that no article's wording is learned.
With ``--folds K`` the articles are split in K folds and each fold is extracted with a model
trained on the others: the figures score.py gives on that output are the honest estimate for
unseen news (the model shipped is trained on all articles, so its own figures on them are not).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from tqdm import tqdm  # noqa: E402

from app.core.lexicon import Lexicon  # noqa: E402
from app.nlp.attribution import report_candidates  # noqa: E402
from app.nlp.parsing import parse_texts  # noqa: E402
from app.nlp.pipeline import build_pipeline  # noqa: E402
from app.nlp.reported_model import ReportModel  # noqa: E402
from models.folds import extract_folds  # noqa: E402

REPORTED_TYPES = ("indirect", "mixed")

Example = tuple[int, list[str], int]  # article number, features, label


def labelled_candidates(doc: Doc, article: dict, number: int, lexicon: Lexicon
                        ) -> list[Example]:
    gold = [(q["start"], q["end"]) for q in article["quotes"] if q["type"] in REPORTED_TYPES]
    examples = []
    for candidate in report_candidates(doc, lexicon):
        start = doc[candidate.first].idx
        end = doc[candidate.last].idx + len(doc[candidate.last])
        positive = any(min(g_end, end) - max(g_start, start) >= 0.5 * max(g_end - g_start,
                                                                            end - start)
                       for g_start, g_end in gold)
        examples.append((number, candidate.features, int(positive)))
    return examples


def train(examples: list[Example], c: float, threshold: float, min_articles: int
          ) -> ReportModel:
    articles: dict[str, set[int]] = defaultdict(set)
    for number, features, _ in examples:
        for feature in features:
            articles[feature].add(number)
    kept = {f for f, seen in articles.items() if len(seen) >= min_articles}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{f: 1 for f in features if f in kept}
                                       for _, features, _ in examples])
    model = LogisticRegression(C=c, max_iter=5000).fit(matrix, [y for _, _, y in examples])
    weights = {feature: round(float(model.coef_[0][column]), 4)
               for feature, column in sorted(vectorizer.vocabulary_.items())}
    return ReportModel({f: w for f, w in weights.items() if w},
                       round(float(model.intercept_[0]), 4), threshold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="annotated articles (../shared/eval JSONL format)")
    parser.add_argument("--out", type=Path, help="where to write the model (JSON)")
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 regularisation strength")
    parser.add_argument("--threshold", type=float, default=0.45,
                        help="score from which a candidate is reported")
    parser.add_argument("--min-articles", type=int, default=3)
    parser.add_argument("--folds", type=int, default=0, help="cross-validate in this many folds")
    parser.add_argument("--cv-out", type=Path, help="with --folds: the out-of-fold extraction")
    args = parser.parse_args()
    if not args.out and not (args.folds and args.cv_out):
        parser.error("give --out, or --folds with --cv-out")

    articles = [json.loads(line) for line in args.gold.open(encoding="utf-8")]
    nlp = build_pipeline()
    component = nlp.get_pipe("quotetrace")
    docs = [doc for doc, _ in tqdm(parse_texts(nlp, ((a["text"], None) for a in articles)),
                                   total=len(articles), desc="parsing")]
    examples = [example for number, (doc, article) in enumerate(zip(docs, articles, strict=True))
                for example in labelled_candidates(doc, article, number, component.lexicon)]
    print(f"{len(examples)} candidates, {sum(y for *_, y in examples)} positive",
          file=sys.stderr)

    if args.folds:
        models = [train([e for e in examples if e[0] % args.folds != k], args.c, args.threshold,
                        args.min_articles) for k in range(args.folds)]
        extract_folds(component, "report_model", models, docs, articles, args.cv_out)
    if args.out:
        model = train(examples, args.c, args.threshold, args.min_articles)
        about = {"trained_on": args.gold.name, "articles": len(articles),
                 "candidates": len(examples), "c": args.c, "min_articles": args.min_articles}
        args.out.write_text(json.dumps({"about": about, "bias": model.bias,
                                        "threshold": model.threshold,
                                        "weights": model.weights}, indent=0) + "\n",
                            encoding="utf-8")
        print(f"{len(model.weights)} weights -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

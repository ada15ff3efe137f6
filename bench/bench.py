"""Throughput benchmark: one run, one corpus, every layer, with the ratios between them.

usage (from the repository root):
    python -m bench.bench [CORPUS.jsonl] [--limit 100] [--rounds 2] [--skip-http]

CORPUS is any JSONL with a "text" field (default ../shared/eval/polnear-dev.jsonl); the first
--limit articles are used by every measurement. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language

from app.core.lexicon import load_lexicon
from app.nlp.attribution import attribute_quotes
from app.nlp.coreference import COREFEREE_WORD_LISTS
from app.nlp.pipeline import SPACY_PACKAGE, build_pipeline
from app.service.extract import extract, extract_many

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-dev.jsonl"


def corpus_parser(description: str | None) -> argparse.ArgumentParser:
    """The command line every benchmark script starts from: a corpus, the default one if none."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    return parser


def read_corpus(path: str, limit: int) -> list[str]:
    """The texts of the first ``limit`` lines of a JSONL corpus."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()][:limit]


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def report(label: str, texts: list[str], seconds: float) -> float:
    print(f"{label:<48} {seconds:8.1f} s  {words(texts) / seconds:8.0f} words/s  "
          f"{len(texts) / seconds:6.2f} articles/s")
    return seconds


def timed(label: str, texts: list[str], run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return report(label, texts, time.perf_counter() - start)


def best_of_rounds(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The best time of each run over ``rounds`` rounds that take the runs in turn, so that a
    slow spell of a shared machine does not land on one of them only."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for label, run in runs.items():
            start = time.perf_counter()
            run()
            best[label] = min(best[label], time.perf_counter() - start)
    return best


def with_word_sets(nlp: Language, run: Callable[[], object]) -> object:
    """Run with the whole-document coreferee's word lists as sets, as quotetrace's own copy of
    its rules holds them: what that change alone is worth, outside the windows."""
    rules = nlp.get_pipe("coreferee").annotator.rules_analyzer
    stock = {name: getattr(rules, name) for name in COREFEREE_WORD_LISTS}
    for name, words in stock.items():
        setattr(rules, name, frozenset(words))
    try:
        return run()
    finally:
        for name, words in stock.items():
            setattr(rules, name, words)


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of measurements 1-3 and of the 8-client HTTP pass "
                             "(the best of each is kept)")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    texts = read_corpus(args.corpus, args.limit)
    print(f"corpus: {args.corpus}: {len(texts)} articles, {words(texts)} words; "
          f"{os.cpu_count()} cores\n")

    import spacy

    bare = spacy.load(SPACY_PACKAGE)
    document = build_pipeline(coreference="document")
    window = build_pipeline(coreference="window")
    for nlp in (bare, document, window):
        list(nlp.pipe(texts[:5]))  # warm-up

    best = best_of_rounds({
        "1. spaCy nlp.pipe": lambda: list(bare.pipe(texts, batch_size=16)),
        "2. spaCy + coreferee (whole documents)":
            lambda: list(document.pipe(texts, batch_size=16)),
        "2b. the same, coreferee's word lists as sets":
            lambda: with_word_sets(document, lambda: list(document.pipe(texts, batch_size=16))),
        "3. quotetrace pipeline (library, extract_many)":
            lambda: list(extract_many(window, ((t, None) for t in texts))),
    }, args.rounds)
    print(f"(1-3: best of {args.rounds} rounds taken in turn)")
    t_spacy, t_doc, t_doc_sets, t_full = (report(label, texts, seconds)
                                          for label, seconds in best.items())
    timed("   one article per call, extract(text)", texts,
          lambda: [extract(window, t) for t in texts])
    with window.select_pipes(disable=["quotetrace"]):
        docs = list(window.pipe(texts, batch_size=16))
    component = window.get_pipe("quotetrace")
    lexicon = load_lexicon()
    t_find = timed("   attribution alone, no coreference", texts,
                   lambda: [attribute_quotes(d, lexicon, component.options) for d in docs])
    t_attr = timed("   attribution with windowed coreference", texts,
                   lambda: [component.analyse(d, component.options) for d in docs])

    print("\nratios")
    print(f"  quotetrace vs spaCy + whole-document coreferee: {t_doc / t_full:5.2f}x faster")
    print(f"  the same, its word lists as sets (2b):          {t_doc_sets / t_full:5.2f}x faster")
    print(f"  quotetrace vs bare spaCy:                       {t_full / t_spacy:5.2f}x the time")
    print(f"  attribution rules / NLP they rely on:           "
          f"{100 * t_find / (t_full - t_find):5.1f}%")
    print(f"  windowed coreferee / spaCy parse:               "
          f"{100 * (t_attr - t_find) / t_spacy:5.1f}%")

    print("\nlinearity (one text made of repeated articles, through extract() as the API runs it)")
    one_k = " ".join(texts)[:6000]
    one_k = " ".join(one_k.split()[:1000])
    ten_k = "\n\n".join([one_k] * 10)
    hundred_k = "\n\n".join([one_k] * 100)
    t1 = timed("  1,000 words, 20 times", [one_k] * 20,
               lambda: [extract(window, one_k) for _ in range(20)]) / 20
    t10 = timed("  10,000 words", [ten_k], lambda: extract(window, ten_k))
    t100 = timed("  100,000 words", [hundred_k], lambda: extract(window, hundred_k))
    print(f"  10,000 words take {t10 / t1:.0f}x the time of 1,000 (linear: 10x); "
          f"100,000 words {t100 / t1:.0f}x (linear: 100x)")

    if args.skip_http:
        return
    print("\nHTTP on 127.0.0.1 (uvicorn; one pooled client; measured from a fresh process, below)")
    measured = subprocess.run(
        [sys.executable, "-m", "bench.http_api", args.corpus, "--limit", str(args.limit),
         "--rounds", str(args.rounds), "--port", str(args.port)],
        check=True, capture_output=True, text=True).stdout
    results = {int(k): r for k, r in json.loads(measured.splitlines()[-1]).items()}
    for workers, r in results.items():
        n = len(texts)
        print(f"  {workers} worker(s): sequential {n / r['seq_s']:5.2f} articles/s "
              f"(p50 {1000 * r['seq_p50']:.0f} ms, p95 {1000 * r['seq_p95']:.0f} ms); "
              f"8 clients {n / r['conc_s']:5.2f} articles/s "
              f"(p50 {1000 * r['conc_p50']:.0f} ms, p95 {1000 * r['conc_p95']:.0f} ms); "
              f"batch {n / r['batch_s']:5.2f} articles/s; peak RSS per process "
              f"{r['rss_mb']:.0f} MB")
    r = results[1]
    print(f"  HTTP overhead per request (1 worker; the faster of two requests minus the faster "
          f"of two extract() calls in the measuring process, same text): median "
          f"{1000 * r['overhead_p50']:.1f} ms per article, "
          f"{1000 * r['short_overhead_p50']:.1f} ms for a 60-word text")
    print(f"  2 workers vs 1 (8 clients, best of {args.rounds} rounds each): "
          f"{results[1]['conc_s'] / results[2]['conc_s']:.2f}x the throughput")


if __name__ == "__main__":
    main()

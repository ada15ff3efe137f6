"""Builds an archive of at least a million quotes and prints what the archive issue asks:
ingest time per article over analysis alone, search p50/p95 for speaker + text queries,
verify p95, cluster precision/recall on the edited copies it planted, and the sources report
(who gets quoted) for one outlet and one year, by month, p50/p95.

The articles are dev articles re-used under new ids, outlets and dates (generated here, not
committed); a share of their quotes in marks comes back edited (trimmed, a word changed or
dropped), and each edited copy should join its original's archive quote.

    quotetrace extract ../shared/eval/polnear-dev.jsonl -o /tmp/dev.out.jsonl
    python -m bench.archive ../shared/eval/polnear-dev.jsonl /tmp/dev.out.jsonl \
        --database sqlite --database postgresql [--quotes 1000000]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

from tqdm import tqdm

from app.archive.database import Database
from app.archive.search import QuoteQuery, search, verify
from app.archive.sources import SourcesQuery, sources
from app.archive.store import Archive
from app.core.wording import canonical_hash, words_of
from app.nlp.pipeline import get_pipeline
from app.service.articles import ArticleToStore
from app.service.extract import extract_many

OUTLETS = [f"Outlet {n}" for n in range(40)]
EDIT_SHARE = 0.02  # of quotes in marks with 10 words or more


def edit(text: str, rng: random.Random) -> str:
    """A light edit an outlet might make: trimmed at either end, a word dropped or changed."""
    words = text.split()
    how = rng.choice(["trim_start", "trim_end", "drop", "replace"])
    if how == "trim_start":
        return " ".join(words[rng.randint(2, 3):])
    if how == "trim_end":
        return " ".join(words[:-rng.randint(2, 3)])
    i = rng.randrange(2, len(words) - 2)
    if how == "drop":
        return " ".join(words[:i] + words[i + 1:])
    return " ".join(words[:i] + ["really"] + words[i + 1:])


def analysis_seconds(gold: list[dict], sample: int) -> float:
    """Mean analysis time per article (the pipeline alone) over ``sample`` dev articles."""
    nlp = get_pipeline()
    texts = [(a["text"], a["id"]) for a in gold[:sample]]
    list(extract_many(nlp, texts[:4]))  # warm up
    started = time.perf_counter()
    list(extract_many(nlp, texts))
    return (time.perf_counter() - started) / len(texts)


def build(database: Database, gold: dict[str, str], analyses: list[dict], quotes: int,
          rng: random.Random) -> dict:
    """Store copies until ``quotes`` quotes: each article's store time, and for each planted
    edit the archive quote it joined and its original's."""
    archive = Archive(database)
    store_times, planted, original_ids, stored, n = [], [], {}, 0, 0
    start = datetime(2023, 1, 1, tzinfo=UTC)
    with tqdm(total=quotes, unit=" quotes", desc=f"ingest {database.dialect}") as bar:
        while stored < quotes:
            source = analyses[n % len(analyses)]
            copy_no, n = n // len(analyses), n + 1
            found = copy.deepcopy({"quotes": source["quotes"], "speakers": source["speakers"]})
            edits = {}
            for i, quote in enumerate(found["quotes"]):
                if (copy_no and quote["type"] in ("direct", "partial")
                        and len(quote["text"].split()) >= 10 and rng.random() < EDIT_SHARE):
                    edits[i] = canonical_hash(quote["text"])
                    quote["text"] = edit(quote["text"], rng)
            article = ArticleToStore(id=f"{source['id']}#{copy_no}", text=gold[source["id"]],
                                outlet=rng.choice(OUTLETS),
                                published_at=start + timedelta(minutes=rng.randrange(1_000_000)))
            began = time.perf_counter()
            _, view = archive.store(article, found)
            store_times.append(time.perf_counter() - began)
            for i, quote in enumerate(view["quotes"]):
                if copy_no == 0:
                    original_ids.setdefault(canonical_hash(quote["text"]),
                                            quote["archive_quote_id"])
                elif i in edits:
                    planted.append((quote["archive_quote_id"], original_ids.get(edits[i])))
            stored += len(found["quotes"])
            bar.update(len(found["quotes"]))
    known = set(original_ids.values())
    joined = [(got, want) for got, want in planted if got in known]
    return {"store_times": store_times, "articles": n, "quotes": stored,
            "planted": len(planted),
            "precision": sum(got == want for got, want in joined) / max(1, len(joined)),
            "recall": sum(got == want for got, want in planted) / max(1, len(planted)),
            "dev_wordings": len(original_ids), "dev_quotes": len(known)}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (1000 * statistics.median(ordered),
            1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))])


def timed_queries(database: Database, analyses: list[dict], rng: random.Random,
                  count: int) -> dict[str, list[float]]:
    """Timed: speaker + text searches, a speaker's name with two words of one of their quotes
    — the quote's two rarest words, as someone looking for a remembered quote types them, and,
    as a stress case, its first two words of four letters or more ("that would") — and
    verifies of edited quotes."""
    pairs = [(q["speaker"]["name"], q["text"]) for a in analyses for q in a["quotes"]
             if q.get("speaker") and len(words_of(q["text"])) >= 6]
    frequency = Counter(w for _, text in pairs for w in set(words_of(text)))
    timings: dict[str, list[float]] = {"rare words": [], "first words": [], "verify": [],
                                       "sources": []}
    with database.read() as session:
        for name, text in rng.sample(pairs, count):
            words = words_of(text)
            asked = {"rare words": sorted(words, key=lambda w: (frequency[w], w))[:2],
                     "first words": [w for w in words if len(w) > 3][:2] or words[:2]}
            for kind, chosen in asked.items():
                began = time.perf_counter()
                search(session, database.dialect, QuoteQuery(q=" ".join(chosen), speaker=name))
                timings[kind].append(time.perf_counter() - began)
            began = time.perf_counter()
            verify(session, edit(text, rng), name)
            timings["verify"].append(time.perf_counter() - began)
            year = rng.choice([2023, 2024])
            began = time.perf_counter()
            sources(session, database.dialect, SourcesQuery(
                by="month", outlet=rng.choice(OUTLETS), since=datetime(year, 1, 1, tzinfo=UTC),
                until=datetime(year + 1, 1, 1, tzinfo=UTC)))
            timings["sources"].append(time.perf_counter() - began)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", help="dev articles (JSONL with id and text)")
    parser.add_argument("analyses", help="quotetrace extract output for them")
    parser.add_argument("--database", action="append", default=[],
                        help="sqlite, postgresql (a throwaway server) or a URL; repeat")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--analysis-sample", type=int, default=488,
                        help="dev articles whose analysis is timed (the ingest's yardstick)")
    parser.add_argument("--analysis-ms", type=float,
                        help="use this analysis time per article (a run before measured it) "
                             "instead of timing it again")
    args = parser.parse_args()
    gold, analyses = _lines(args.gold), _lines(args.analyses)
    if args.analysis_ms:
        analysis_s = args.analysis_ms / 1000
        print(f"analysis alone: {args.analysis_ms:.0f} ms per article (given)", flush=True)
    else:
        analysis_s = analysis_seconds(gold, args.analysis_sample)
        print(f"analysis alone: {1000 * analysis_s:.0f} ms per article "
              f"({args.analysis_sample} dev articles)", flush=True)
    texts = {a["id"]: a["text"] for a in gold}
    for choice in args.database or ["sqlite"]:
        with ExitStack() as stack:
            url = _url(choice, stack)
            database = Database(url)
            built = build(database, texts, analyses, args.quotes, random.Random(1))
            timings = timed_queries(database, analyses, random.Random(2), args.queries)
            store_ms = 1000 * statistics.mean(built["store_times"])
            print(f"\n{database.dialect}: {built['quotes']:,} quotes in {built['articles']:,} "
                  f"articles ({built['dev_wordings']:,} dev wordings -> {built['dev_quotes']:,} "
                  "archive quotes)")
            print(f"  ingest: {store_ms:.1f} ms per article on top of the analysis = "
                  f"{100 * store_ms / (1000 * analysis_s):.1f}% extra "
                  f"(p95 {percentiles(built['store_times'])[1]:.1f} ms)")
            for kind, samples in timings.items():
                p50, p95 = percentiles(samples)
                what = {"verify": "verify", "sources": "sources, one outlet and one year"}.get(
                    kind, f"search speaker + {kind}")
                print(f"  {what}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} queries)")
            print(f"  clusters: {built['planted']:,} planted edits, precision "
                  f"{built['precision']:.3f}, recall {built['recall']:.3f}", flush=True)
            database.close()


def _lines(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _url(choice: str, stack: ExitStack) -> str:
    if choice == "sqlite":
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="archive-bench-"))
        return f"sqlite:///{folder}/archive.sqlite3"
    if choice == "postgresql":
        from tests.archive.throwaway_postgres import postgres_server

        return stack.enter_context(postgres_server())
    return choice


if __name__ == "__main__":
    main()

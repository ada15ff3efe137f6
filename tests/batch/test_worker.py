"""A partition's analysis on a worker: an article whose analysis raises gets an error row, and
the other articles of the partition are analysed."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import BREAKS

from app.batch.worker import Pending, _analyse
from app.service.articles import ArticleToStore

GOOD = 'Senator Ana Ruiz spoke on Monday. "The budget is late," she said.'


def test_an_article_whose_analysis_fails_gets_an_error_row(nlp, broken_analysis):
    texts = [GOOD, f"{BREAKS} {GOOD}", GOOD]
    todo = [Pending(n, ArticleToStore(id=f"a{n}", text=text), f"line {n + 1}", f"h{n}")
            for n, text in enumerate(texts)]
    rows: list[dict] = [{} for _ in texts]
    quotes = _analyse(SimpleNamespace(archive=None), todo, rows, batch_size=4)
    assert [(r["status"], r["error"]) for r in rows] == [
        ("analysed", None), ("error", "analysis failed (RuntimeError)"), ("analysed", None)]
    assert {q["article_id"] for q in quotes} == {"a0", "a2"}

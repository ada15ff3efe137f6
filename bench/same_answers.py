"""Compare two ``quotetrace extract`` JSONL outputs, leaving out the rule trace (``rule``).

    python -m bench.same_answers BEFORE.jsonl AFTER.jsonl

Prints how many articles, quotes and speakers differ; exits 1 when any does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def without_trace(result: dict) -> dict:
    return {**result, "quotes": [{k: v for k, v in q.items() if k != "rule"}
                                 for q in result["quotes"]]}


def main(before: str, after: str) -> int:
    old = [json.loads(line) for line in Path(before).read_text(encoding="utf-8").splitlines()]
    new = [json.loads(line) for line in Path(after).read_text(encoding="utf-8").splitlines()]
    if [r["id"] for r in old] != [r["id"] for r in new]:
        print("the two files hold different articles")
        return 1
    differ = [o["id"] for o, n in zip(old, new, strict=True)
              if without_trace(o) != without_trace(n)]
    quotes = sum(len(r["quotes"]) for r in new)
    traced = sum("rule" in q for r in new for q in r["quotes"])
    print(f"{len(new)} articles, {quotes} quotes ({traced} with a trace): "
          f"{len(differ)} articles differ apart from the trace")
    for article_id in differ[:20]:
        print("  differs:", article_id)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

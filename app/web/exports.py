"""The exports (search, sources): CSV rows safe to open in a spreadsheet, streamed as files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

SOURCE_FIELDS = ("key", "quotes", "speakers", "female", "male", "unknown", "anonymous",
              "top_speakers", "top_affiliations")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def download(lines: Iterable[str], filename: str) -> StreamingResponse:
    """An export streamed as a file to save, its type read from the file name's suffix."""
    return StreamingResponse(lines, media_type=MEDIA_TYPES[filename.rsplit(".", 1)[1]],
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_row(values: tuple) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(["" if v is None else inert(v) for v in values])
    return out.getvalue()


def inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM(…)``) gets a
    leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def source_rows(counted: dict[str, Any]) -> Iterator[str]:
    """The sources report as CSV: a row per group, then the total."""
    yield csv_row(SOURCE_FIELDS)
    for group in [*counted["groups"], {"key": "(total)", **counted["total"]}]:
        genders = group["by_gender"]
        yield csv_row((group["key"], group["quotes"], group["speakers"], genders["female"],
                       genders["male"], genders["unknown"], group["anonymous"],
                       "; ".join(f"{s['name']} ({s['quotes']})" for s in group["top_speakers"]),
                       "; ".join(f"{a['name']} ({a['quotes']})"
                                 for a in group["top_affiliations"])))

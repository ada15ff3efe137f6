"""What the journalist's pages show, built from API-shaped data: an article with one
``<mark>`` per quote (nested where a partial quote sits inside a report), a colour, an
underline style and initials per speaker (never colour alone), and a chart of quotes per month
as SVG. Every piece of article text goes through ``escape``."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from app.core.wording import words_of

STYLES = 8  # speaker styles in app.css: .speaker-0 … .speaker-7, each a colour and a line style


def initials(name: str | None) -> str:
    """ "Jens Stoltenberg" -> "JS", "NATO" -> "N", nobody -> "?"."""
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def speaker_styles(speakers: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Per speaker id of an article: its style class and its initials."""
    return {speaker["id"]: {"class": f"speaker-{n % STYLES}", "label": initials(speaker["name"])}
            for n, speaker in enumerate(speakers)}


@dataclass
class _Span:
    quote: dict[str, Any]
    start: int
    end: int
    inner: list[_Span] = field(default_factory=list)


def _nested(quotes: list[dict[str, Any]]) -> list[_Span]:
    """Quotes as a tree of spans: one inside another nests; one that crosses the end of the
    quote it starts in is cut there (one mark each, whatever the overlap)."""
    roots: list[_Span] = []
    stack: list[_Span] = []
    for quote in sorted(quotes, key=lambda q: (q["start"], -q["end"])):
        while stack and quote["start"] >= stack[-1].end:
            stack.pop()
        end = min(quote["end"], stack[-1].end) if stack else quote["end"]
        span = _Span(quote, quote["start"], end)
        (stack[-1].inner if stack else roots).append(span)
        stack.append(span)
    return roots


def highlighted(text: str, quotes: list[dict[str, Any]],
                styles: dict[str, dict[str, str]]) -> Markup:
    """The article as HTML: its text escaped, each quote a focusable ``<mark>`` with its ids,
    its speaker's style and initials, paragraphs kept."""

    def render(start: int, end: int, spans: list[_Span]) -> str:
        out, at = [], start
        for span in spans:
            out.append(escape(text[at:span.start]))
            out.append(_mark(span, render(span.start, span.end, span.inner)))
            at = span.end
        out.append(escape(text[at:end]))
        return "".join(out)

    def _mark(span: _Span, inner: str) -> str:
        quote, speaker = span.quote, span.quote.get("speaker") or {}
        style = styles.get(speaker.get("id"), {"class": "speaker-none", "label": "?"})
        who = speaker.get("name") or "no speaker found"
        return (f'<mark tabindex="0" role="button" class="quote {style["class"]}" '
                f'data-quote-id="{escape(quote["id"])}" '
                f'data-speaker-id="{escape(speaker.get("id") or "")}" '
                f'data-type="{escape(quote["type"])}" '
                f'aria-label="{escape(quote["type"])} quote by {escape(who)}">{inner}'
                f'<sup class="who" aria-hidden="true">{escape(style["label"])}</sup></mark>')

    html = render(0, len(text), _nested(quotes))
    paragraphs = [p for p in html.split("\n\n") if p.strip()] or [""]
    return Markup("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))


def every_month(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The months from the first to the last, those without quotes at 0 (a timeline, not a
    list of busy months)."""
    if not months:
        return []
    counts = {m["month"]: m["quotes"] for m in months}
    year, month = map(int, months[0]["month"].split("-"))
    last = months[-1]["month"]
    filled = []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append({"month": key, "quotes": counts.get(key, 0)})
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_chart(months: list[dict[str, Any]], height: int = 180) -> Markup:
    """Quotes per month as an SVG bar chart: a bar, its count and its month for every month
    from the first quote to the last, a title on each bar for screen readers."""
    months = every_month(months)
    if not months:
        return Markup('<p class="empty">No dated quotes yet.</p>')
    top, bar = max(m["quotes"] for m in months), 56
    width = max(bar * len(months), 280)
    bars = []
    for n, month in enumerate(months):
        tall = (height - 50) * month["quotes"] / top
        x, y = n * bar + 4, height - 24 - tall
        middle = x + (bar - 8) / 2
        bars.append(
            f'<g><rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar - 8}" '
            f'height="{tall:.1f}"><title>{escape(month["month"])}: {month["quotes"]} quotes'
            f'</title></rect><text class="count" x="{middle:.1f}" y="{y - 6:.1f}" '
            f'text-anchor="middle">{month["quotes"]}</text><text x="{middle:.1f}" '
            f'y="{height - 6}" text-anchor="middle">{_short(month["month"])}</text></g>')
    return Markup(f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
                  f'width="{width}" height="{height}" aria-label="Quotes per month">'
                  f'{"".join(bars)}</svg>')


def _short(month: str) -> str:
    """ "2024-06" -> "Jun 24"."""
    year, number = month.split("-")
    return f"{calendar.month_abbr[int(number)]} {year[2:]}"


def wording_diff(first: str, text: str) -> Markup:
    """A version's words against the first appearance's, in order: ``<del>`` for words it left
    out or replaced, ``<ins>`` for words it put in (case and punctuation aside)."""
    old, new = words_of(first), words_of(text)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(new[j1:j2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return Markup(" ".join(parts))


@dataclass(frozen=True)
class Share:
    """One bar of a share chart: a label, how many of how many, and where the quotes are."""

    label: str
    part: int
    whole: int
    href: str


def share_chart(shares: list[Share], label: str, width: int = 640) -> Markup:
    """Shares as an SVG chart of horizontal bars, one per group: its label, the bar, the share
    and its counts; each bar a link to the quotes behind it, with a title for screen
    readers."""
    if not shares:
        return Markup('<p class="empty">No quotes yet.</p>')
    row, label_width, bar_width = 30, 190, width - 330
    rows = []
    for n, share in enumerate(shares):
        y = n * row + 6
        part = share.part / share.whole if share.whole else 0.0
        said = f"{100 * part:.0f}% ({share.part} of {share.whole})" if share.whole else "none"
        rows.append(
            f'<a href="{escape(share.href)}"><g><title>{escape(share.label)}: {said}</title>'
            f'<text x="0" y="{y + 16}">{escape(_clipped(share.label))}</text>'
            f'<rect class="track" x="{label_width}" y="{y}" width="{bar_width}" height="20"/>'
            f'<rect class="bar" x="{label_width}" y="{y}" width="{bar_width * part:.1f}" '
            f'height="20"/><text class="count" x="{label_width + bar_width + 8}" '
            f'y="{y + 16}">{said}</text></g></a>')
    height = len(shares) * row + 10
    return Markup(f'<svg class="chart shares" role="img" viewBox="0 0 {width} {height}" '
                  f'width="{width}" height="{height}" aria-label="{escape(label)}">'
                  f'{"".join(rows)}</svg>')


def _clipped(text: str, most: int = 24) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"

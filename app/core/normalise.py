"""Line endings and invisible characters, evened out before analysis and mapped back after.

Windows line endings (``\\r\\n``, or a lone ``\\r``) become ``\\n``, and characters that show
nothing and mean nothing to the rules (a byte order mark, zero-width spaces and joiners, the
word joiner, soft hyphens, and the controls of bidirectional text: marks, embeddings,
overrides and isolates) are left out, so a text reads the same whatever editor wrote it and
no speaker's name carries a hidden character.
Every offset of the answer is then mapped back to the text as sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060\u00ad" + BIDI_CONTROLS)


@dataclass(frozen=True)
class Normalised:
    """The text analysed, and for each of its characters (and its end) the offset in the text
    as sent."""

    text: str
    original: str
    offsets: tuple[int, ...] | None  # None: the same text, nothing to map

    def start(self, at: int) -> int:
        return at if self.offsets is None else self.offsets[at]

    def end(self, at: int) -> int:
        """Where a span ending at ``at`` ends in the text as sent (after its last character)."""
        if self.offsets is None or at == 0:
            return at
        return self.offsets[at - 1] + 1


def normalise(text: str) -> Normalised:
    if "\r" not in text and not INVISIBLE.intersection(text):
        return Normalised(text, text, None)
    kept: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in INVISIBLE or (ch == "\r" and text[i + 1:i + 2] == "\n"):
            continue
        kept.append("\n" if ch == "\r" else ch)
        offsets.append(i)
    offsets.append(len(text))
    return Normalised("".join(kept), text, tuple(offsets))


def map_back(result: dict[str, Any], normalised: Normalised) -> dict[str, Any]:
    """The result of analysing ``normalised.text`` with every span indexing the text as sent
    (and its text taken from there, so ``text[start:end]`` is what it says)."""
    if normalised.offsets is None:
        return result

    def span(item: dict[str, Any]) -> None:
        item["start"], item["end"] = normalised.start(item["start"]), normalised.end(item["end"])
        item["text"] = normalised.original[item["start"]:item["end"]]

    def profile(speaker: dict[str, Any]) -> None:
        for key in ("affiliation", "description"):
            if speaker.get(key) is not None:
                span(speaker[key])
        for evidence in speaker.get("gender_evidence", ()):
            span(evidence)

    for quote in result["quotes"]:
        span(quote)
        for key in ("cue", "sentence"):
            if quote.get(key) is not None:
                span(quote[key])
        if quote.get("speaker") is not None:
            span(quote["speaker"]["mention"])
            profile(quote["speaker"])
    for speaker in result["speakers"]:
        for mention in speaker["mentions"]:
            span(mention)
        profile(speaker)
    return result


class InvalidText(ValueError):
    """A text that cannot be analysed as it is (say, with lone surrogates: not Unicode)."""


def check_text(text: str) -> None:
    """Refuse lone surrogates (U+D800–U+DFFF): spaCy cannot store them and no UTF-8 answer can
    carry them, so the caller gets a clear error instead of a crash."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InvalidText(f"text has a lone surrogate at character {err.start}; "
                          "send valid Unicode") from None

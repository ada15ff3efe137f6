"""Analyses written by hand, in the pipeline's shape: the archive tests need no NLP."""

from __future__ import annotations


def analysis(*quotes: tuple[str, str, str | None], titles: dict[str, list[str]] | None = None,
             label: str = "PERSON") -> dict:
    """An analysis as the pipeline returns it, written by hand: quotes as ``(text, type,
    speaker name)``; each distinct name one speaker of the article."""
    names = list(dict.fromkeys(name for _, _, name in quotes if name))
    speakers = [{"id": f"s{n}", "name": name, "label": label,
                 "titles": (titles or {}).get(name, []), "mentions": [], "quote_ids": []}
                for n, name in enumerate(names, start=1)]
    by_name = {s["name"]: s for s in speakers}
    found, offset = [], 0
    for n, (words, kind, name) in enumerate(quotes, start=1):
        quote_id = f"q{n}"
        speaker = by_name.get(name)
        if speaker is not None:
            speaker["quote_ids"].append(quote_id)
        found.append({
            "id": quote_id, "text": words, "start": offset, "end": offset + len(words),
            "type": kind, "group": quote_id,
            "speaker": None if speaker is None else {
                "id": speaker["id"], "name": name, "resolved_by": "explicit",
                "mention": {"text": name, "start": 0, "end": len(name)}},
            "cue": {"text": "said", "start": 0, "end": 4},
            "sentence": {"text": words, "start": offset, "end": offset + len(words)},
            "confidence": 0.9, "rule": {"kind": None, "cue": [], "speaker": []}})
        offset += len(words) + 1
    return {"quotes": found, "speakers": speakers}

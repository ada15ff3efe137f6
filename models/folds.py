"""Cross-validated extraction, shared by the training scripts: each article analysed with the
model trained on the folds it is not in, so the scorers' figures on the output are honest."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc


def extract_folds(component: Any, slot: str, models: Sequence[Any], docs: Sequence[Doc],
                  articles: Sequence[dict], out: Path) -> None:
    """Write every article's analysis, with ``component.<slot>`` set to its fold's model
    (article ``n`` is in fold ``n % len(models)``), one JSON line each."""
    with out.open("w", encoding="utf-8") as lines:
        for number, (doc, article) in enumerate(zip(docs, articles, strict=True)):
            setattr(component, slot, models[number % len(models)])
            result = component.analyse(doc, component.options).to_dict()
            lines.write(json.dumps({"id": article["id"], **result}) + "\n")

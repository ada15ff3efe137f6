"""The ``quotetrace`` spaCy component: fills ``doc._.quotes`` and ``doc._.speakers``.

Both hold plain JSON-ready dicts, the same records the API returns, so documents can be
serialised (``nlp.pipe(n_process=…)``, ``DocBin``) with their results. The rules of every
stage are listed, in order, in the component's config (``app.nlp.rules``); ``to_disk`` saves
that config with the word lists and the learned model, and ``from_disk`` reads them back.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from app.core.lexicon import WORD_LISTS, Lexicon, data_folder, load_lexicon, read_lexicon
from app.core.options import Options
from app.core.quotes import QuoteSpan
from app.core.results import Attributions
from app.core.speaker_model import MODEL_FILE as SPEAKER_MODEL_FILE
from app.core.speaker_model import Decision, SpeakerModel, load_speaker_model, read_speaker_model
from app.nlp.attribution import attribute_quotes, speaker_decisions
from app.nlp.coreference import (
    Coreference,
    DocumentCoreference,
    NoCoreference,
    TargetedCoreferee,
    WindowedCoreference,
    build_coreferee_rules,
)
from app.nlp.gender import PersonWords
from app.nlp.parsing import is_piece, register_piece_flag
from app.nlp.reported_model import MODEL_FILE, ReportModel, load_report_model, read_report_model
from app.nlp.rules import RuleSet, default_rules

COREFERENCE_MODES = ("window", "document", "none")
SPEAKER_DECISIONS = ("rules", "learned")
CONFIG_FILE = "quotetrace.json"


def register_extensions() -> None:
    for name in ("quotes", "speakers"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class QuoteTrace:
    """Runs quote finding and attribution on each parsed document.

    ``coreference``: "window" runs coreferee only on the sentences around speaker mentions that
    need it (the default, several times faster); "document" reads chains from a ``coreferee``
    component earlier in the pipeline; "none" resolves pronouns by recency alone. ``rules``:
    the rule names of each stage, in order (a stage not given keeps its default);
    ``disabled_rules``: names to leave out wherever they stand. ``speaker_decision``: "rules"
    (the first proposal the hard constraints let stand, in the rules' order) or "learned" (the
    learned scorer ranks every candidate, and each quote's trace gives the decision).
    """

    def __init__(self, nlp: Language, coreference: str, include_scare_quotes: bool,
                 max_scare_words: int, learned_reports: bool = True,
                 rules: dict[str, list[str]] | None = None,
                 disabled_rules: Iterable[str] = (), speaker_decision: str = "rules") -> None:
        if coreference not in COREFERENCE_MODES:
            raise ValueError(f"coreference must be one of {COREFERENCE_MODES}, not {coreference!r}")
        if speaker_decision not in SPEAKER_DECISIONS:
            raise ValueError(f"speaker_decision must be one of {SPEAKER_DECISIONS}, "
                             f"not {speaker_decision!r}")
        register_extensions()
        register_piece_flag()
        self.mode = coreference
        self.coreferee = None
        build_coreferee_rules(nlp)
        if coreference == "window":
            import coreferee  # noqa: F401  (registers the "coreferee" factory)

            self.coreferee = TargetedCoreferee(nlp.create_pipe("coreferee"))
        self.coreferee_words = PersonWords.from_coreferee(nlp)
        self._configure({
            "coreference": coreference, "include_scare_quotes": include_scare_quotes,
            "max_scare_words": max_scare_words, "learned_reports": learned_reports,
            "speaker_decision": speaker_decision,
            **default_rules(), **(rules or {}), "disabled_rules": list(disabled_rules)},
            load_lexicon(), load_report_model, load_speaker_model)

    def _configure(self, config: dict[str, Any], lexicon: Lexicon,
                   report_model: Callable[[], ReportModel],
                   speaker_model: Callable[[], SpeakerModel]) -> None:
        """Options, rules, word lists and learned models from a config (``__init__`` and
        ``from_disk``)."""
        self.config = config
        self.options = Options(include_scare_quotes=config["include_scare_quotes"],
                               max_scare_words=config["max_scare_words"])
        rules = {k: v for k, v in config.items() if k.endswith("_rules") and k != "disabled_rules"}
        self.rules = RuleSet.from_config(rules, config["disabled_rules"])
        self.lexicon = lexicon
        self.person_words = (self.coreferee_words.with_short_names(lexicon.short_first_names)
                             .with_gendered_nouns(lexicon.gendered_nouns))
        self.report_model: ReportModel | None = (report_model() if config["learned_reports"]
                                                 else None)
        self.speaker_model: SpeakerModel | None = (
            speaker_model() if config.get("speaker_decision", "rules") == "learned" else None)

    def __call__(self, doc: Doc) -> Doc:
        if is_piece(doc):  # a piece of a long text (app.nlp.parsing): wait for the joined document
            return doc
        result = self.analyse(doc, self.options).to_dict()
        doc._.quotes = result["quotes"]
        doc._.speakers = result["speakers"]
        return doc

    def coreference_for(self, doc: Doc) -> Coreference:
        if self.coreferee is not None:
            return WindowedCoreference(doc, self.coreferee)
        if self.mode == "document":
            return DocumentCoreference(doc)
        return NoCoreference()

    def analyse(self, doc: Doc, options: Options) -> Attributions:
        """Attribution with other options on an already parsed document (cheap: no parsing)."""
        return attribute_quotes(doc, self.lexicon, options, self.coreference_for(doc),
                                self.report_model, self.rules, self.person_words,
                                self.speaker_model)

    def speaker_decisions(self, doc: Doc) -> list[tuple[QuoteSpan, str, Decision]]:
        """Each quote's speaker decision on a parsed document (for training the scorer)."""
        return speaker_decisions(doc, self.lexicon, self.options, self.coreference_for(doc),
                                 self.report_model, self.rules, self.person_words,
                                 self.speaker_model)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """The config (rules in order, options) and the data: word lists and learned models."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CONFIG_FILE).write_text(json.dumps(self.config, indent=2), encoding="utf-8")
        for name in (*WORD_LISTS, MODEL_FILE, SPEAKER_MODEL_FILE):
            with data_folder().joinpath(name).open("rb") as source, \
                    open(path / name, "wb") as target:
                shutil.copyfileobj(source, target)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> QuoteTrace:
        """Read back what ``to_disk`` wrote: rules and options, word lists, learned models."""
        path = Path(path)
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        self._configure(config, read_lexicon(path), lambda: read_report_model(path),
                        lambda: read_speaker_model(path))
        return self


@Language.factory(
    "quotetrace",
    default_config={"coreference": "window", "include_scare_quotes": False,
                    "max_scare_words": 4, "learned_reports": True, "speaker_decision": "rules",
                    **default_rules(), "disabled_rules": []},
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_quotetrace(nlp: Language, name: str, coreference: str, include_scare_quotes: bool,
                    max_scare_words: int, learned_reports: bool, turn_rules: list[str],
                    report_rules: list[str], kind_rules: list[str], title_rules: list[str],
                    cue_rules: list[str], refine_rules: list[str], held_rules: list[str],
                    uncued_rules: list[str], speaker_rules: list[str],
                    disabled_rules: list[str], speaker_decision: str) -> QuoteTrace:
    rules = {"turn_rules": turn_rules, "report_rules": report_rules, "kind_rules": kind_rules,
             "title_rules": title_rules, "cue_rules": cue_rules, "refine_rules": refine_rules,
             "held_rules": held_rules, "uncued_rules": uncued_rules,
             "speaker_rules": speaker_rules}
    return QuoteTrace(nlp, coreference, include_scare_quotes, max_scare_words, learned_reports,
                      rules, disabled_rules, speaker_decision)

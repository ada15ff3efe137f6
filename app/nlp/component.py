"""The ``quotetrace`` spaCy component: fills ``doc._.quotes`` and ``doc._.speakers``.

Both hold plain JSON-ready dicts, the same records the API returns, so documents can be
serialised (``nlp.pipe(n_process=…)``, ``DocBin``) with their results. The rules of every
stage are listed, in order, in the ``rules`` block of the component's config
(``app.nlp.rules``); ``to_disk`` saves that config with the word lists and learned models the
component has loaded, and ``from_disk`` reads them back, so a customised lexicon survives a
round trip.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from app.core.lexicon import WORD_LISTS, data_folder, lexicon_of
from app.core.options import Options
from app.core.quotes import QuoteSpan
from app.core.results import Attributions
from app.core.speaker_model import MODEL_FILE as SPEAKER_MODEL_FILE
from app.core.speaker_model import Decision, SpeakerModel
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
from app.nlp.reported_model import MODEL_FILE, ReportModel
from app.nlp.rules import RuleSet, default_rules

COREFERENCE_MODES = ("window", "document", "none")
SPEAKER_DECISIONS = ("rules", "learned")
CONFIG_FILE = "quotetrace.json"
# what to_disk writes and from_disk reads, by the names ``exclude`` takes
SERIALIZED = {"config": (CONFIG_FILE,), "lexicon": WORD_LISTS,
              "reported_speech_model": (MODEL_FILE,), "speaker_model": (SPEAKER_MODEL_FILE,)}
DATA_FILES = (*WORD_LISTS, MODEL_FILE, SPEAKER_MODEL_FILE)


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
    ``disabled_rules``: names to leave out wherever they stand. ``speaker_decision``: "learned"
    (the default: the learned scorer ranks every candidate, and each quote's trace gives the
    decision) or "rules" (the first proposal the hard constraints let stand, in the rules'
    order).
    """

    def __init__(self, nlp: Language, coreference: str, include_scare_quotes: bool,
                 max_scare_words: int, learned_reports: bool = True,
                 rules: dict[str, list[str]] | None = None,
                 disabled_rules: Iterable[str] = (), speaker_decision: str = "learned") -> None:
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
            "rules": {**default_rules(), **(rules or {})}, "disabled_rules": list(disabled_rules)},
            _read_files(data_folder(), DATA_FILES))

    def _configure(self, config: dict[str, Any], files: dict[str, bytes]) -> None:
        """Options, rules, word lists and learned models from a config and the data files'
        contents (``__init__`` and ``from_disk``); the files are kept for ``to_disk``."""
        self.config = config
        self.files = files
        self.options = Options(include_scare_quotes=config["include_scare_quotes"],
                               max_scare_words=config["max_scare_words"])
        self.rules = RuleSet.from_config(config["rules"], config["disabled_rules"])
        self.lexicon = lexicon = lexicon_of(files)
        self.person_words = (self.coreferee_words.with_short_names(lexicon.short_first_names)
                             .with_gendered_nouns(lexicon.gendered_nouns))
        self.report_model: ReportModel | None = (
            ReportModel.from_dict(json.loads(files[MODEL_FILE]))
            if config["learned_reports"] else None)
        self.speaker_model: SpeakerModel | None = (
            SpeakerModel.from_dict(json.loads(files[SPEAKER_MODEL_FILE]))
            if config["speaker_decision"] == "learned" else None)

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
        """The config (rules in order, options) and the data the component has loaded: word
        lists and learned models; ``exclude`` leaves out any of ``SERIALIZED``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        skipped = set(exclude)  # spaCy's own fields ("vocab") concern no file here
        if "config" not in skipped:
            (path / CONFIG_FILE).write_text(json.dumps(self.config, indent=2), encoding="utf-8")
        for field, names in SERIALIZED.items():
            if field != "config" and field not in skipped:
                for name in names:
                    (path / name).write_bytes(self.files[name])

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> QuoteTrace:
        """Read back what ``to_disk`` wrote; what ``exclude`` names stays as it is."""
        path = Path(path)
        skipped = set(exclude)  # spaCy's own fields ("vocab") concern no file here
        config = (self.config if "config" in skipped
                  else _current(json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))))
        wanted = [name for field, names in SERIALIZED.items()
                  if field != "config" and field not in skipped for name in names]
        self._configure(config, {**self.files, **_read_files(path, wanted)})
        return self


def _current(config: dict[str, Any]) -> dict[str, Any]:
    """A saved config in today's form: one saved before the ``rules`` block listed each stage
    as ``<stage>_rules``, and before ``speaker_decision``."""
    stages = {key[:-len("_rules")]: config.pop(key) for key in list(config)
              if key.endswith("_rules") and key != "disabled_rules"}
    return {"speaker_decision": "rules", "rules": stages, **config}


def _read_files(folder: Traversable | Path, names: Iterable[str]) -> dict[str, bytes]:
    return {name: folder.joinpath(name).read_bytes() for name in names}


@Language.factory(
    "quotetrace",
    default_config={"coreference": "window", "include_scare_quotes": False,
                    "max_scare_words": 4, "learned_reports": True, "speaker_decision": "learned",
                    "rules": default_rules(), "disabled_rules": []},
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_quotetrace(nlp: Language, name: str, coreference: str, include_scare_quotes: bool,
                    max_scare_words: int, learned_reports: bool, rules: dict[str, list[str]],
                    disabled_rules: list[str], speaker_decision: str) -> QuoteTrace:
    return QuoteTrace(nlp, coreference, include_scare_quotes, max_scare_words, learned_reports,
                      rules, disabled_rules, speaker_decision)

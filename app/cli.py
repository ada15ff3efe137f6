"""The ``quotetrace`` command: run the service, or extract quotes from files."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, TextIO

import typer
from tqdm import tqdm

from app.core.options import Options
from app.service.extract import check_text

LEARNED_HELP = ("Also return reported speech only the learned pass finds (lower precision: "
                "about half match on PolNeAR dev); --no-learned-reports: the rules' only.")

cli = typer.Typer(help="Quotes in news articles, with their speakers.", no_args_is_help=True)


@cli.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          workers: Annotated[int, typer.Option(min=1)] = 1) -> None:
    """Run the HTTP API with uvicorn."""
    import uvicorn

    # access_log off: app.service.observability logs one JSON line a request (never article text)
    uvicorn.run("app.web.main:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=False)


def _read_jsonl(stream: TextIO) -> Iterator[tuple[str, str]]:
    """(text, id) pairs of a JSONL stream, read lazily."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            try:
                record = json.loads(line)
                text = str(record["text"])
                check_text(text)
                yield text, str(record["id"])
            except (ValueError, KeyError, TypeError) as err:  # InvalidText is a ValueError
                raise typer.BadParameter(
                    f"line {number}: needs JSON with 'id' and 'text' ({err})") from err


@cli.command()
def extract(
    source: Annotated[str, typer.Argument(help="A text file, a .jsonl file of {id, text} lines, "
                                               "or - for text on standard input.")],
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Where to write (default: stdout).")] = None,
    jsonl: Annotated[bool | None, typer.Option(help="Treat SOURCE as JSONL (default: by its "
                                                    ".jsonl suffix).")] = None,
    include_scare_quotes: bool = False,
    types: Annotated[str | None, typer.Option(
        help="Comma list of the quote types to write: direct, partial, indirect, mixed "
             "(default: all).")] = None,
    learned_reports: Annotated[bool, typer.Option(help=LEARNED_HELP)] = True,
    batch_size: int = 16,
    processes: Annotated[int, typer.Option(min=1, help="Worker processes for JSONL input.")] = 1,
) -> None:
    """Write the quotes of a text (JSON) or of every article of a JSONL file (JSONL)."""
    from app.nlp.pipeline import get_pipeline
    from app.service.extract import extract as extract_one
    from app.service.extract import extract_many

    options = _options(include_scare_quotes, types, learned_reports)
    is_jsonl = source.endswith(".jsonl") if jsonl is None else jsonl
    nlp = get_pipeline()
    with (nullcontext(sys.stdin) if source == "-" else open(source, encoding="utf-8")) as stream, \
            (open(output, "w", encoding="utf-8") if output else nullcontext(sys.stdout)) as out:
        if not is_jsonl:
            json.dump(extract_one(nlp, stream.read(), options), out, ensure_ascii=False, indent=2)
            out.write("\n")
            return
        results = extract_many(nlp, _read_jsonl(stream), options, batch_size=batch_size,
                               processes=processes)
        for result, article_id in tqdm(results, unit="article", file=sys.stderr):
            out.write(json.dumps({"id": article_id, **result}, ensure_ascii=False) + "\n")


@cli.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotated JSONL: id, text, quotes (the format of "
                                              "PolNeAR's eval files).")],
    types: Annotated[str, typer.Option(help="Comma list of gold types to score.")] = "direct",
    pred_types: Annotated[str | None, typer.Option(
        help="Comma list of quotetrace types to compare (default: those that answer the gold "
             "types, see app/service/evaluation.py).")] = None,
    expand_mixed: Annotated[bool, typer.Option(help="Also score the quoted parts of mixed "
                                                    "records (partial quotes).")] = False,
    threshold: float = 0.5,
    errors: Annotated[Path | None, typer.Option(help="Write an error report (Markdown) "
                                                     "here.")] = None,
    learned_reports: Annotated[bool, typer.Option(help=LEARNED_HELP)] = True,
    batch_size: int = 16,
) -> None:
    """Run extraction on annotated articles and print quote P/R/F1, speaker accuracy on matched
    quotes and end-to-end F1 (matching rules: see app/service/evaluation.py)."""
    from app.nlp.pipeline import get_pipeline
    from app.service.evaluation import (
        Score,
        answer_types,
        error_report,
        flat_predictions,
        score_article,
    )
    from app.service.extract import extract_many

    with open(gold, encoding="utf-8") as f:
        articles = {a["id"]: a for a in (json.loads(line) for line in f if line.strip())}
    score = Score()
    items = ((a["text"], a["id"]) for a in articles.values())
    gold_types = types.split(",")
    options = _options(False, pred_types or ",".join(answer_types(gold_types)), learned_reports)
    results = extract_many(get_pipeline(), items, options, batch_size=batch_size)
    for result, article_id in tqdm(results, total=len(articles), unit="article", file=sys.stderr):
        score_article(score, articles[article_id], flat_predictions(result), set(gold_types),
                      expand_mixed=expand_mixed, threshold=threshold)
    print(json.dumps(score.figures(), indent=2))
    if errors is not None:
        errors.write_text(error_report(score.findings, articles), encoding="utf-8")


@cli.command()
def rules(markdown: Annotated[bool, typer.Option(help="As the Markdown list of the README's "
                                                      "'How it works'.")] = False) -> None:
    """List the stages of attribution and their rules, in order, with what each asks: the
    names a quote's `rule` trace gives and the component's config takes."""
    from app.nlp.rules import rule_docs, rules_markdown

    if markdown:
        print(rules_markdown(), end="")
        return
    for key, summary, rules_ in rule_docs():
        print(f"{key}: {summary}")
        print("\n".join(f"  {name}: {doc}" for name, doc in rules_))


def _options(include_scare_quotes: bool, types: str | None, learned_reports: bool) -> Options:
    """Attribution options from command-line flags (a bad type name is a usage error)."""
    from app.service.extract import InvalidText, options_from

    try:
        return options_from(include_scare_quotes, types, learned_reports)
    except InvalidText as err:
        raise typer.BadParameter(str(err), param_hint="--types") from err


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

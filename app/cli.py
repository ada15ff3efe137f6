"""The ``quotetrace`` command: run the service, or extract quotes from files."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from tqdm import tqdm

from app.core.normalise import InvalidText, check_text
from app.core.options import Options, options_from

if TYPE_CHECKING:
    from app.service.articles import ArticleToStore

LEARNED_HELP = ("Also return reported speech only the learned pass finds (lower precision: "
                "about half match on PolNeAR dev); --no-learned-reports: the rules' only.")

SCARE_HELP = ("Also return short quoted words inside a sentence that nobody is said to say "
              "(scare quotes), which are left out by default.")
BATCH_HELP = "Articles per spaCy nlp.pipe batch."

cli = typer.Typer(help="Quotes in news articles, with their speakers, and the archive that "
                       "keeps them.", no_args_is_help=True)


def command(name: str | None = None):
    """``cli.command``, its help the function's docstring as whole sentences: a docstring's line
    breaks are for the source, not for a terminal of another width."""
    def register(function):
        help_text = " ".join((function.__doc__ or "").split())
        return cli.command(name, help=help_text)(function)
    return register


@command()
def serve(host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
          workers: Annotated[int, typer.Option(
              min=1, help="Worker processes, each with its own pipeline.")] = 1) -> None:
    """Run the HTTP API with uvicorn."""
    from app.web.server import serve as run_server

    run_server(host, port, workers)


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"


JSONL_SUFFIXES = (".jsonl", ".ndjson")


class BadLines:
    """The lines of a JSONL input that are no article: reported on stderr as they are met."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, number: int, problem: str) -> None:
        self.count += 1
        typer.echo(f"line {number}: {problem}; skipped", err=True)


def _read_jsonl(stream: TextIO, bad: BadLines) -> Iterator[tuple[str, str]]:
    """(text, id) pairs of a JSONL stream, read lazily; a line that is no article is reported
    and skipped, so that one bad line does not end the run."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, article_id = record["text"], record["id"]
        except (ValueError, KeyError, TypeError):
            bad.report(number, "needs JSON with 'id' and 'text'")
            continue
        if not isinstance(text, str):
            bad.report(number, "'text' must be a string")
            continue
        try:
            check_text(text)
        except InvalidText as err:
            bad.report(number, str(err))
            continue
        yield text, str(article_id)


@contextmanager
def _opened(source: str) -> Iterator[TextIO]:
    """The input as text (UTF-8, a byte order mark dropped); a file that cannot be opened ends
    the command with a message, not a traceback (so does one not in UTF-8, where it is read)."""
    if source == "-":
        yield sys.stdin
        return
    try:
        stream = open(source, encoding="utf-8-sig")  # noqa: SIM115  (closed below)
    except OSError as err:
        raise typer.BadParameter(f"cannot read {source}: {err.strerror}",
                                 param_hint="SOURCE") from None
    with stream:
        yield stream


@command()
def extract(
    source: Annotated[str, typer.Argument(help="A text file, a .jsonl or .ndjson file of "
                                               "{id, text} lines, or - for text on standard "
                                               "input.")],
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Where to write (default: stdout).")] = None,
    input_format: Annotated[Format | None, typer.Option(
        "--format", help="What SOURCE holds (default: jsonl for .jsonl and .ndjson files, "
                         "else text).")] = None,
    jsonl: Annotated[bool | None, typer.Option(help="Same as --format jsonl.")] = None,
    include_scare_quotes: Annotated[bool, typer.Option(help=SCARE_HELP)] = False,
    types: Annotated[str | None, typer.Option(
        help="Comma list of the quote types to write: direct, partial, indirect, mixed "
             "(default: all).")] = None,
    learned_reports: Annotated[bool, typer.Option(help=LEARNED_HELP)] = True,
    batch_size: Annotated[int, typer.Option(help=BATCH_HELP)] = 16,
    processes: Annotated[int, typer.Option(min=1, help="Worker processes for JSONL input.")] = 1,
) -> None:
    """Write the quotes of a text (JSON) or of every article of a JSONL file (JSONL). Lines
    that are no article, and articles whose analysis fails, are reported on stderr (by line
    number or id, never their text) and skipped; the command then exits with status 1, having
    written every other article."""
    from app.nlp.pipeline import get_pipeline
    from app.service.extract import extract as extract_one

    options = _options(include_scare_quotes, types, learned_reports)
    if input_format is None:
        by_name = Format.jsonl if source.endswith(JSONL_SUFFIXES) else Format.text
        input_format = Format.jsonl if jsonl else Format.text if jsonl is False else by_name
    bad = BadLines()
    with _opened(source) as stream, \
            (open(output, "w", encoding="utf-8") if output else nullcontext(sys.stdout)) as out:
        if input_format is Format.text:
            text = _whole(stream, source)
            try:
                result = extract_one(get_pipeline(), text, options)
            except InvalidText as err:
                raise typer.BadParameter(str(err), param_hint="SOURCE") from None
            json.dump(result, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return
        try:
            _write_articles(_read_jsonl(stream, bad), out, bad, options, batch_size, processes)
        except UnicodeDecodeError as err:
            raise _not_utf8(source, err) from None
    if bad.count:
        typer.echo(f"{bad.count} line(s) skipped", err=True)
        raise typer.Exit(1)


def _write_articles(items: Iterator[tuple[str, str]], out: TextIO, bad: BadLines,
                    options: Options, batch_size: int, processes: int) -> None:
    """One JSON line per article, in order; an article whose analysis failed is reported and
    counted with the bad lines; a worker process that dies ends the run."""
    from concurrent.futures.process import BrokenProcessPool

    from app.service.extract import Failed, extract_articles

    results = extract_articles(items, options, batch_size=batch_size, processes=processes)
    try:
        for result, article_id in tqdm(results, unit="article", file=sys.stderr):
            if isinstance(result, Failed):
                bad.count += 1
                typer.echo(f"article {article_id}: {result.message}; skipped", err=True)
                continue
            out.write(json.dumps({"id": article_id, **result}, ensure_ascii=False) + "\n")
    except BrokenProcessPool:
        typer.echo("a worker process died (out of memory?); the articles written so far are in "
                   "the output", err=True)
        raise typer.Exit(1) from None


def _whole(stream: TextIO, source: str) -> str:
    try:
        return stream.read()
    except UnicodeDecodeError as err:
        raise _not_utf8(source, err) from None


def _not_utf8(source: str, err: UnicodeDecodeError) -> typer.BadParameter:
    return typer.BadParameter(f"{source} is not UTF-8 text (byte {err.start})",
                              param_hint="SOURCE")


@command()
def ingest(
    source: Annotated[str, typer.Argument(help="A .jsonl file (or - for stdin) of articles: "
                                               "id, text or html, and optional url, outlet, "
                                               "published_at, title, authors.")],
    database_url: Annotated[str | None, typer.Option(
        help="The archive (default: QUOTETRACE_DATABASE_URL, else SQLite in "
             "QUOTETRACE_DATA_DIR).")] = None,
) -> None:
    """Analyse articles and store them in the archive, with a progress bar; an article stored
    with the same content is skipped, a changed one replaced."""
    from app.archive.database import Database
    from app.archive.database import database_url as configured_url
    from app.archive.ingest import ingest_stream
    from app.archive.store import Archive
    from app.core.settings import get_settings
    from app.nlp.pipeline import get_pipeline

    settings = get_settings()
    bad, statuses = BadLines(), Counter()
    archive = Archive(Database(database_url or configured_url(settings)))
    with _opened(source) as stream, tqdm(unit=" articles", desc="ingest") as bar:
        for article, status, view in ingest_stream(
                get_pipeline(), archive, _archive_articles(stream, bad, settings.max_text_chars),
                settings.batch_size):
            statuses[status] += 1
            bar.update()
            if status == "error":  # its analysis failed: not stored
                bad.count += 1
                typer.echo(f"article {article.id}: {view['error']}; not stored", err=True)
    typer.echo(", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
               or "nothing stored", err=True)
    if bad.count:
        raise typer.Exit(1)


def _archive_articles(stream: TextIO, bad: BadLines, max_chars: int) -> Iterator[ArticleToStore]:
    """The articles of a JSONL stream, checked as the API checks them; a bad line is reported
    and skipped."""
    from pydantic import ValidationError

    from app.service.articles import article_from
    from app.web.archive_schemas import ArticleIn as ArticleSchema

    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            given = ArticleSchema.model_validate_json(line)
        except ValidationError as err:
            bad.report(number, err.errors()[0]["msg"])
            continue
        article = article_from(given)
        if len(article.text) > max_chars:
            bad.report(number, f"over {max_chars} characters (QUOTETRACE_MAX_TEXT_CHARS)")
            continue
        yield article


@command()
def batch(
    source: Annotated[str, typer.Argument(help="JSONL or Parquet with id, text (or html) and "
                                               "optional metadata; a path or an fsspec URL.")],
    output: Annotated[str, typer.Argument(help="The Parquet dataset to write (quotes/ and "
                                               "articles/); a re-run resumes it.")],
    scheduler: Annotated[str | None, typer.Option(
        help="A running Dask scheduler, tcp://HOST:8786.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Start a local cluster of N worker processes (default 1).")] = None,
    archive: Annotated[str | None, typer.Option(
        help="Load the archive at this database URL instead of writing quotes/.")] = None,
    block_size: Annotated[str, typer.Option(
        help="Bytes of JSONL per partition, e.g. 1MB (Parquet: its row groups); 'auto': a "
             "64th of the file, between 16 kB and 1 MB.")] = "auto",
) -> None:
    """Analyse articles on Dask: resumable, each partition written once, a progress bar over
    articles."""
    if scheduler and workers:
        raise typer.BadParameter("give --scheduler or --workers, not both")
    block = None if block_size == "auto" else _bytes(block_size)
    if block is not None and block < 1:
        raise typer.BadParameter(f"not a size: {block_size!r} (e.g. 1MB, 512kB or auto)",
                                 param_hint="--block-size")
    if not scheduler:
        from app.batch.local import start_worker_template

        start_worker_template()  # loads the pipeline while Dask is imported and started
    from app.batch.run import client_for, run_batch

    with tqdm(unit=" articles", desc="batch") as bar:
        summary = run_batch(lambda: client_for(scheduler, workers), source, output, block,
                            archive, on_progress=bar.update)
    done = ", ".join(f"{n} {status}" for status, n in sorted(summary.articles.items()))
    typer.echo(f"{summary.partitions} partitions ({summary.written_before} written before)"
               + (f": {done} in {summary.analysis_s:.1f} s, after {summary.startup_s:.1f} s "
                  "starting the workers" if done else ""), err=True)
    if summary.articles.get("error"):
        raise typer.Exit(1)


def _bytes(size: str) -> int:
    """A size such as "1MB" in bytes (0 when it is none)."""
    from dask.utils import parse_bytes

    try:
        return parse_bytes(size)
    except ValueError:
        return 0


@command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotated JSONL: id, text, quotes (the format of "
                                              "PolNeAR's eval files).")],
    types: Annotated[str, typer.Option(help="Comma list of gold types to score.")] = "direct",
    pred_types: Annotated[str | None, typer.Option(
        help="Comma list of quotetrace types to compare (default: those that answer the gold "
             "types, see app/eval/quotes.py).")] = None,
    expand_mixed: Annotated[bool, typer.Option(help="Also score the quoted parts of mixed "
                                                    "records (partial quotes).")] = False,
    threshold: Annotated[float, typer.Option(
        help="The share of a gold quote a prediction must cover to match it.")] = 0.5,
    referents: Annotated[Path | None, typer.Option(
        help="Who each pronoun and role-noun speaker is (polnear-dev-speakers.json): also "
             "score the speaker's name, by kind (app/eval/speaker_names.py).")] = None,
    predictions: Annotated[Path | None, typer.Option(
        help="Score this `quotetrace extract` output of GOLD instead of extracting again.")
    ] = None,
    errors: Annotated[Path | None, typer.Option(help="Write an error report (Markdown) "
                                                     "here.")] = None,
    learned_reports: Annotated[bool, typer.Option(help=LEARNED_HELP)] = True,
    batch_size: Annotated[int, typer.Option(help=BATCH_HELP)] = 16,
) -> None:
    """Run extraction on annotated articles and print quote P/R/F1, speaker accuracy on matched
    quotes and end-to-end F1 (matching rules: see app/eval/quotes.py); with
    --referents, also how often the speaker is named right, by kind."""
    from app.eval.quotes import Score, answer_types, error_report, flat_predictions
    from app.eval.quotes import score_article as score_quotes
    from app.eval.speaker_names import NameScore, load_referents

    with open(gold, encoding="utf-8") as f:
        articles = {a["id"]: a for a in (json.loads(line) for line in f if line.strip())}
    gold_types = types.split(",")
    wanted = set(answer_types(gold_types) if pred_types is None else pred_types.split(","))
    score, names = Score(), NameScore()
    known = load_referents(json.loads(referents.read_text(encoding="utf-8"))) if referents else {}
    for result, article_id in _results_of(articles, predictions, pred_types or ",".join(wanted),
                                          learned_reports, batch_size):
        if article_id not in articles:
            continue
        result = {**result, "quotes": [q for q in result["quotes"] if q["type"] in wanted]}
        score_quotes(score, articles[article_id], flat_predictions(result), set(gold_types),
                     expand_mixed=expand_mixed, threshold=threshold)
        if referents:
            names.add(articles[article_id], result["quotes"], known)
    figures = score.figures()
    if referents:
        figures["speaker_names"] = names.figures()
    print(json.dumps(figures, indent=2))
    if errors is not None:
        report = error_report(score.findings, articles)
        errors.write_text(report + ("\n" + names.error_report() if referents else ""),
                          encoding="utf-8")


def _results_of(articles: dict[str, dict], predictions: Path | None, types: str,
                learned_reports: bool, batch_size: int) -> Iterator[tuple[dict, str]]:
    """(result, article id) for every article: read from a saved output, or extracted now."""
    if predictions is not None:
        with open(predictions, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    result = json.loads(line)
                    yield result, result["id"]
        return
    from app.nlp.pipeline import get_pipeline
    from app.service.extract import extract_many

    options = _options(False, types, learned_reports)
    items = ((a["text"], a["id"]) for a in articles.values())
    yield from tqdm(extract_many(get_pipeline(), items, options, batch_size=batch_size),
                    total=len(articles), unit="article", file=sys.stderr)


@command()
def rules(markdown: Annotated[bool, typer.Option(help="As the Markdown list of "
                                                      "docs/how-it-works.md.")] = False) -> None:
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
    try:
        return options_from(include_scare_quotes, types, learned_reports)
    except InvalidText as err:
        raise typer.BadParameter(str(err), param_hint="--types") from err


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

"""The quotetrace command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from app.cli import cli

TEXT = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. '
        '"We need to replenish our own stocks," he said.')
runner = CliRunner()


def test_extract_text_file_writes_json(tmp_path, nlp):
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(source)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["quotes"][0]["speaker"]["name"] == "Jens Stoltenberg"


def test_extract_reads_standard_input(nlp):
    result = runner.invoke(cli, ["extract", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["quotes"]) == 1


def test_extract_jsonl_writes_one_line_per_article(tmp_path, nlp):
    source = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": TEXT}, {"id": "b", "text": "No quotes here."}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert len(records[0]["quotes"]) == 1 and records[1]["quotes"] == []
    assert records[0]["speakers"][0]["name"] == "Jens Stoltenberg"


def test_extract_jsonl_reports_a_bad_line(tmp_path, nlp):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code != 0
    assert "line 1" in result.output


def test_extract_jsonl_with_worker_processes_matches_one_process(tmp_path, nlp):
    source = tmp_path / "in.jsonl"
    lines = [{"id": str(i), "text": TEXT + f" Item {i}."} for i in range(6)]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    outputs = []
    for processes in ("1", "2"):
        out = tmp_path / f"out{processes}.jsonl"
        result = runner.invoke(cli, ["extract", str(source), "-o", str(out),
                                     "--processes", processes, "--batch-size", "2"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 6


def test_extract_can_leave_out_learned_reports(nlp):
    text = "Senator Sanders hopes to win the nomination in July."
    learned = runner.invoke(cli, ["extract", "-"], input=text)
    rules_only = runner.invoke(cli, ["extract", "-", "--no-learned-reports"], input=text)
    assert learned.exit_code == 0 and rules_only.exit_code == 0, rules_only.output
    assert len(json.loads(learned.stdout)["quotes"]) == 1
    assert json.loads(rules_only.stdout)["quotes"] == []


GOOD = 'Senator Ana Ruiz spoke on Monday. "The budget is late," she said.'


def article_lines(count: int) -> list[str]:
    return [json.dumps({"id": f"a{n}", "text": GOOD}) for n in range(count)]


@pytest.mark.parametrize("processes", [1, 2])
def test_a_bad_line_is_reported_and_every_good_article_written(tmp_path, nlp, processes):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(article_lines(20) + ['{"id": "bad"}']) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # a fresh process: worker processes must not hang on the bad line
    done = subprocess.run([sys.executable, "-m", "app.cli", "extract", str(source), "-o",
                           str(out), "--processes", str(processes)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "line 21:" in done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        f"a{n}" for n in range(20)]


def test_a_missing_file_or_one_not_in_utf8_gets_a_message_not_a_traceback(tmp_path):
    missing = runner.invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "cannot read" in missing.output
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café \"déjà vu,\" she said.".encode("latin-1"))
    wrong = runner.invoke(cli, ["extract", str(latin)])
    assert wrong.exit_code == 2 and "not UTF-8" in wrong.output
    assert "Traceback" not in missing.output + wrong.output


def test_an_ndjson_file_is_read_as_lines_and_a_bom_is_dropped(tmp_path, nlp):
    source = tmp_path / "in.ndjson"
    source.write_text("\n".join(article_lines(2)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(cli, ["extract", str(source), "-o", str(out)]).exit_code == 0
    assert len(out.read_text().splitlines()) == 2
    text_file = tmp_path / "bom.txt"
    text_file.write_text("\ufeff" + GOOD, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(text_file)])
    quote = json.loads(result.output)["quotes"][0]
    assert quote["type"] == "direct" and quote["start"] == GOOD.index("The")


def test_a_worker_that_dies_ends_the_run_with_a_message_not_a_hang(tmp_path, nlp, monkeypatch):
    import os

    import app.nlp.names

    original = app.nlp.names.NameIndex.__init__

    def init(self, doc, *args, **kwargs):
        if "DIES-HERE" in doc.text:
            os._exit(9)  # only ever in a forked worker: the test runs two processes
        original(self, doc, *args, **kwargs)

    monkeypatch.setattr(app.nlp.names.NameIndex, "__init__", init)
    source = tmp_path / "in.jsonl"
    lines = article_lines(8) + [json.dumps({"id": "x", "text": "DIES-HERE " + GOOD})]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"),
                                 "--processes", "2", "--batch-size", "2"])
    assert result.exit_code == 1
    assert "worker process died" in result.output


@pytest.mark.parametrize("size", ["lots", "0"])
def test_batch_refuses_a_block_size_that_is_no_size(tmp_path, size):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Nothing."}\n', encoding="utf-8")
    result = runner.invoke(cli, ["batch", str(source), str(tmp_path / "out"),
                                 "--block-size", size])
    assert result.exit_code == 2 and "not a size" in result.output
    assert not (tmp_path / "out").exists()


def test_every_command_helps_in_whole_sentences():
    for command in cli.registered_commands:
        assert command.help and "\n" not in command.help, command.name
        assert command.help.endswith("."), command.name
    result = runner.invoke(cli, ["--help"], env={"COLUMNS": "100"})
    assert "having written every other article" in " ".join(result.output.split())

"""The quotetrace command line."""

from __future__ import annotations

import json

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

"""The README is short, self-contained and says what the service does: its example is the
service's answer, its spaCy line runs, and it needs no data a clone does not have."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.web.main import create_app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_short_and_needs_nothing_outside_the_clone():
    assert len(README.splitlines()) <= 300
    assert "../shared" not in README


def test_the_worked_example_is_what_the_service_answers(tmp_path):
    example = README.split("## Example\n")[1]
    body = json.loads(re.search(r"-d '(.*?)'", example, re.S).group(1))
    shown = json.loads(example.split("```json\n")[1].split("```")[0])
    with TestClient(create_app(Settings(data_dir=str(tmp_path)))) as client:
        assert client.post("/v1/quotes", json=body).json() == shown


def test_the_python_example_runs_as_written(capsys):
    block = README.split("```python\n")[1].split("```")[0]
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == expected


def test_the_set_up_run_and_test_commands_are_the_ones_ci_runs():
    commands = README.split("## Set up, run, test\n")[1].split("```bash\n")[1].split("```")[0]
    set_up, run, test = (line for line in commands.splitlines() if not line.startswith("#"))
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert set_up in ci and test in ci
    assert run == ".venv/bin/quotetrace serve"

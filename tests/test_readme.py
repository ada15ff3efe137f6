"""The README says what the code does: its rule list and its worked example come from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.nlp.rules import all_rule_names, rules_markdown
from app.web.main import create_app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_rule_of_the_config_has_its_line_in_how_it_works():
    block = README.split("<!-- rules:start -->\n")[1].split("<!-- rules:end -->")[0]
    for rule in all_rule_names():
        assert f"- `{rule}`: " in block, rule
    assert block == rules_markdown(), "regenerate with: quotetrace rules --markdown"


def test_the_worked_example_is_what_the_service_answers():
    example = README.split("## Example\n")[1]
    body = json.loads(re.search(r"-d '(.*?)'", example, re.S).group(1))
    shown = json.loads(example.split("```json\n")[1].split("```")[0])
    with TestClient(create_app()) as client:
        assert client.post("/v1/quotes", json=body).json() == shown


def test_the_spacy_recipes_run_as_written(capsys):
    section = README.split("### Inside spaCy\n")[1].split("\n### ")[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for block in blocks:
        expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        exec(compile(block, "README.md", "exec"), {})
        assert capsys.readouterr().out.splitlines() == expected

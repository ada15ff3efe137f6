"""Code we want to live in: no module in app/ over 500 lines, no class over 250, no function
over 60."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).parent.parent / "app"
LIMITS = {"module": 500, "class": 250, "function": 60}


def sizes() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(APP.parent))
        found.append(("module", name, len(source.splitlines())))
        for node in ast.walk(ast.parse(source)):
            kind = ("class" if isinstance(node, ast.ClassDef) else "function"
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None)
            if kind is not None:
                found.append((kind, f"{name}:{node.name}", node.end_lineno - node.lineno + 1))
    return found


def test_no_module_class_or_function_is_over_its_limit():
    over = [(kind, name, lines) for kind, name, lines in sizes() if lines > LIMITS[kind]]
    assert over == []


if __name__ == "__main__":  # the three largest of each kind
    for kind in LIMITS:
        largest = sorted((s for s in sizes() if s[0] == kind), key=lambda s: -s[2])[:3]
        print(kind, ", ".join(f"{name} {lines}" for _, name, lines in largest))

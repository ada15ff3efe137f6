"""Pages as published: the main text of an HTML page, without its menus, footers and scripts.

trafilatura finds the article's text (and its title, date and author when the page says
them); where it finds no article, the page's visible text is taken. The analysis then indexes
this text, and answers return it, so a client knows what the offsets point into.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError

# trafilatura logs what it could not parse, which may quote the page: never log article text
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None


def main_text(html: str) -> Page:
    """The page's main text, paragraphs on lines of their own, and what it says of itself."""
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                        include_tables=False, deduplicate=False)
    if found is not None and found.text:
        # paragraphs apart by a blank line, as the attribution rules read paragraphs
        text = "\n\n".join(line for line in found.text.splitlines() if line.strip())
        return Page(text, found.title, found.date, found.author)
    return Page(_visible_text(html))


# what no page says in its own words: code, and the chrome around the text
NOT_TEXT = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")


def _visible_text(html: str) -> str:
    """The text of a page in which trafilatura found no article, but its code and chrome."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for element in list(root.iter(*NOT_TEXT)):
        if element.getparent() is None:
            element.clear()
        else:
            element.drop_tree()
    return "\n\n".join(line.strip() for line in root.text_content().splitlines()
                       if line.strip())

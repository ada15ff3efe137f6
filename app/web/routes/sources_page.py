"""The page of who gets quoted: the share of women among the people quoted and the share of
anonymous quotes, by outlet and by month, the speakers and organisations quoted most; every
number a link to the quotes behind it. Charts are SVG drawn here, so the page needs nothing
from elsewhere."""

from __future__ import annotations

import calendar
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.archive.sources import NO_DATE, NO_OUTLET, SourcesQuery, sources
from app.core.options import QUOTE_TYPE_NAMES
from app.web.deps import moment
from app.web.exports import download, source_rows
from app.web.rendering import error_page, page
from app.web.views import Share, share_chart

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, by: str = "outlet", outlet: str = "", since: str = "",
                 until: str = "", type: Annotated[list[str] | None, Query()] = None
                 ) -> HTMLResponse:
    form = _form(by, outlet, since, until, type)
    try:
        counted = _counted(request, form)
    except ValueError as err:
        return page(request, "sources.html", 422, page="sources", form=form, counted=None,
                    error=str(err))
    links = Links(form)
    groups = counted["groups"]
    return page(request, "sources.html", page="sources", form=form, counted=counted,
                links=links,
                women=share_chart([Share(g["key"], g["by_gender"]["female"],
                                         g["by_gender"]["female"] + g["by_gender"]["male"],
                                         links.quotes(g["key"], gender="female"))
                                   for g in groups], "Share of women among the people quoted"),
                anonymous=share_chart([Share(g["key"], g["anonymous"], g["quotes"],
                                             links.quotes(g["key"], anonymous="true"))
                                       for g in groups], "Share of anonymous quotes"))


@router.get("/sources.csv")
def sources_csv(request: Request, by: str = "outlet", outlet: str = "", since: str = "",
                until: str = "", type: Annotated[list[str] | None, Query()] = None
                ) -> Response:
    """The page's counts as CSV (a page's path: the pages' key cookie opens it)."""
    try:
        counted = _counted(request, _form(by, outlet, since, until, type))
    except ValueError as err:
        return error_page(request, 422, str(err))
    return download(source_rows(counted), "sources.csv")


def _form(by: str, outlet: str, since: str, until: str, types: list[str] | None
          ) -> dict[str, Any]:
    return {"by": by if by in ("outlet", "month") else "outlet", "outlet": outlet,
            "since": since, "until": until,
            "type": [t for t in types or () if t in QUOTE_TYPE_NAMES]}


def _counted(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    query = SourcesQuery(by=form["by"], outlet=form["outlet"] or None,
                         since=moment(form["since"] or None),
                         until=moment(form["until"] or None, next_day=True),
                         types=tuple(form["type"]))
    archive = request.app.state.archive.get()
    with archive.database.read() as session:
        return sources(session, archive.database.dialect, query)


class Links:
    """Where the quotes behind a number are: the search page with the same filters, the
    group's outlet or month, and the number's own condition."""

    def __init__(self, form: dict[str, Any]) -> None:
        self.form = form

    def quotes(self, key: str | None = None, **only: str) -> str:
        params: list[tuple[str, str]] = [("type", t) for t in self.form["type"]]
        outlet, since, until = self.form["outlet"], self.form["since"], self.form["until"]
        if key is not None and self.form["by"] == "outlet" and key != NO_OUTLET:
            outlet = key
        elif key is not None and self.form["by"] == "month" and key != NO_DATE:
            year, month = map(int, key.split("-"))
            since = max(since, f"{key}-01")
            last = f"{key}-{calendar.monthrange(year, month)[1]:02d}"
            until = min(until, last) if until else last
        params += [(name, value) for name, value in (("outlet", outlet), ("since", since),
                                                     ("until", until), *only.items()) if value]
        return "/search?" + urlencode(params)

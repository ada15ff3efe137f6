from app.web.views import (
    every_month,
    highlighted,
    initials,
    month_chart,
    speaker_styles,
    wording_diff,
)

TEXT = 'He said "we act <now>" today.\n\nShe added that it was "too late".'


def quote(qid, start, end, kind, speaker="s1"):
    return {"id": qid, "start": start, "end": end, "type": kind,
            "speaker": {"id": speaker, "name": "Jens Stoltenberg"} if speaker else None}


def test_one_mark_per_quote_nested_escaped_with_paragraphs():
    inner = TEXT.index("too late")
    quotes = [quote("q1", 9, 21, "direct"),
              quote("q2", TEXT.index("that"), len(TEXT) - 1, "mixed"),
              quote("q3", inner, inner + 8, "partial", speaker=None)]
    styles = speaker_styles([{"id": "s1", "name": "Jens Stoltenberg"}])
    html = str(highlighted(TEXT, quotes, styles))
    assert html.count("<mark ") == 3 and html.count("</mark>") == 3
    assert "&lt;now&gt;" in html and "<now>" not in html
    assert html.count("<p>") == 2
    assert 'data-quote-id="q3" data-speaker-id=""' in html
    assert html.index('data-quote-id="q3"') > html.index('data-quote-id="q2"')
    assert html.index("</mark>", html.index('data-quote-id="q3"')) < html.rindex("</mark>")


def test_a_crossing_quote_is_cut_where_the_outer_one_ends():
    quotes = [quote("q1", 0, 10, "direct"), quote("q2", 5, 20, "partial")]
    html = str(highlighted(TEXT, quotes, {}))
    assert html.count("<mark ") == 2


def test_every_month_from_the_first_to_the_last_and_a_bar_each():
    months = every_month([{"month": "2023-11", "quotes": 2}, {"month": "2024-02", "quotes": 1}])
    assert [m["month"] for m in months] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert [m["quotes"] for m in months] == [2, 0, 0, 1]
    chart = str(month_chart([{"month": "2023-11", "quotes": 2}, {"month": "2024-02", "quotes": 1}]))
    assert chart.count('<rect class="bar"') == 4 and "Nov 23" in chart and "style=" not in chart
    assert "No dated quotes" in str(month_chart([]))


def test_initials_and_wording_differences():
    assert initials("Jens Stoltenberg") == "JS" and initials("NATO") == "N"
    assert initials(None) == "?"
    assert str(wording_diff("We need our own stocks", "we need our stocks now")) == (
        "we need our <del>own</del> stocks <ins>now</ins>")

"""The timeline: every dated fact in date order, grouped by month, each date only as precise as it is known."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from briefing_gen.timeline import place


def test_a_partial_date_is_never_placed_on_the_first_day_or_month() -> None:
    assert [place(d).label for d in ("2024-09-01", "2024-09", "2024")] == [
        "1 September 2024",
        "September 2024 (day not given)",
        "2024 (month not given)",
    ]
    ordered = sorted(
        ["2024", "2024-09", "2024-09-30", "2024-09-01", "2024-12", "2025-01-01"], key=lambda d: place(d).key
    )
    assert ordered == ["2024-09-01", "2024-09-30", "2024-09", "2024-12", "2024", "2025-01-01"]
    assert [place(d).group for d in ("2024-09-30", "2024-09", "2024")] == [
        "September 2024",
        "September 2024",
        "2024, month not given",
    ]


def test_the_timeline_lists_every_dated_fact_in_order_linked_to_where_it_is_shown(built: Path) -> None:
    soup = BeautifulSoup((built / "site" / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    groups = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    assert "2019, month not given" in groups and "August 2024" in groups and "September 2024" in groups
    assert groups.index("2019, month not given") < groups.index("August 2024") < groups.index("2024, month not given")
    entries = soup.select("article li")
    facts = [f for p in (built / "content" / "facts").glob("*.yaml") for f in yaml.safe_load(p.read_text())["facts"]]
    dated = [f for f in facts if str(f["date"]) != "unknown"]
    assert len(entries) == len(dated)
    for entry in entries:
        for link in entry.select("a"):
            page, _, anchor = str(link["href"]).partition("#")
            target = BeautifulSoup((built / "site" / "timeline" / page / "index.html").read_text(), "html.parser")
            assert target.find(id=anchor) is not None, link["href"]
    arrested = next(e for e in entries if "279" in e.get_text())
    assert arrested.get_text().startswith("22 August 2024.")

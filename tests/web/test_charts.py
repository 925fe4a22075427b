"""The balance chart: what it draws of a long career, and the combined series of a person's
KPJ (the one-KPJ shortcut gives what the general merge gives)."""

from __future__ import annotations

import re
import uuid
from datetime import date

from jmo.domain.jht.balance import ProgramBalance, SeriesPoint
from jmo.domain.jht.tables import Program
from jmo.usecases.jht.balance import BalanceView, KpjBalance
from jmo.web.charts import MAX_DRAWN, StackPoint, stacked_area, thinned
from jmo.web.routes.jht import combined_series


def months(count: int, start: date = date(1990, 1, 1)) -> list[StackPoint]:
    points = []
    year, month = start.year, start.month
    for index in range(count):
        points.append(StackPoint(date(year, month, 1), 100_000 * (index + 1), 5_000 * index))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points


def test_a_long_career_is_drawn_with_a_bounded_number_of_points_ending_today() -> None:
    career = months(480)
    kept = thinned(career)
    assert len(kept) <= MAX_DRAWN
    assert kept[0] == career[0] and kept[-1] == career[-1]
    assert list(kept) == sorted(kept, key=lambda p: p.at)
    chart = stacked_area(
        career,
        title="t",
        description="d",
        legend_contributions="Iuran",
        legend_yields="Hasil pengembangan",
        chart_id="c",
    )
    lower = re.search(r'<polygon points="([^"]*)"', chart)
    assert lower is not None
    assert len(lower.group(1).split()) == len(kept) + 2  # the area closes along the axis


def test_a_short_career_is_drawn_month_by_month() -> None:
    career = months(MAX_DRAWN)
    assert thinned(career) == career


def _record(series: tuple[SeriesPoint, ...]) -> KpjBalance:
    nothing = ProgramBalance(Program.JHT, (), 0)
    return KpjBalance(
        participant_id=uuid.uuid4(),
        kpj="1",
        own=True,
        currently_employed=True,
        jht=nothing,
        jp=ProgramBalance(Program.JP, (), 0),
        series=series,
        years=(),
    )


def _view(*records: KpjBalance) -> BalanceView:
    return BalanceView(
        full_name="Sri",
        province_code=None,
        records=records,
        as_of=date(2026, 10, 1),
        rates=(),
        open_merge_request=None,
    )


def test_one_kpj_combines_to_its_own_series_as_the_general_merge_does() -> None:
    series = tuple(SeriesPoint(p.at, p.contributions, p.yields) for p in months(30))
    alone = combined_series(_view(_record(series)))
    beside_an_empty_one = combined_series(_view(_record(series), _record(())))
    assert alone == beside_an_empty_one
    assert [(p.at, p.contributions, p.yields) for p in alone] == [tuple(p) for p in series]

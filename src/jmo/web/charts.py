"""Charts drawn on the server as inline SVG: no JavaScript library, nothing the CSP has to
allow (colours are SVG presentation attributes, not inline styles). Each chart is a stacked
area of the contribution part and the yield part, with a title and description for screen
readers; the pages also show the figures in a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from markupsafe import Markup, escape

WIDTH, HEIGHT = 340, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 14, 10, 24
CONTRIBUTION_COLOUR = "#0b5aa6"
YIELD_COLOUR = "#1f8a3b"


# At most this many points are drawn: one every four units of the plot's width (about four
# pixels on a phone). A career of 40 years is 480 months; more points draw nothing a screen
# shows on a curve of savings, and each costs the page (issue 10: the chart was a fifth of
# Cek Saldo's server time).
MAX_DRAWN = (WIDTH - LEFT - RIGHT) // 4


class StackPoint(NamedTuple):
    """A named tuple: a balance page builds one per month of a career."""

    at: date
    contributions: int
    yields: int


def short_rupiah(amount: int) -> str:
    """Axis labels: Rp48 jt, Rp1,2 M (Indonesian short forms)."""
    if amount >= 1_000_000_000:
        return f"Rp{amount / 1_000_000_000:.1f} M".replace(".", ",").replace(",0 M", " M")
    if amount >= 1_000_000:
        return f"Rp{amount // 1_000_000} jt"
    if amount >= 1_000:
        return f"Rp{amount // 1_000} rb"
    return f"Rp{amount}"


def thinned(points: Sequence[StackPoint], most: int = MAX_DRAWN) -> Sequence[StackPoint]:
    """Every k-th point, so that at most ``most`` remain, always with the last (today's
    balance, the figure the description states) and the first."""
    if len(points) <= most:
        return points
    step = -(-(len(points) - 1) // (most - 2))  # ceiling division; room for the last
    kept = list(points[::step])
    if kept[-1] is not points[-1]:
        kept.append(points[-1])
    return kept


def _nice_max(value: int) -> int:
    if value <= 0:
        return 1
    step = int(10 ** (len(str(value)) - 1))
    for tenths in (10, 20, 25, 50, 100):
        top = step * tenths // 10
        if top >= value:
            return top
    return step * 10


def stacked_area(
    points: Sequence[StackPoint],
    *,
    title: str,
    description: str,
    legend_contributions: str,
    legend_yields: str,
    chart_id: str,
) -> Markup:
    """Two stacked areas over time; the x axis labels a few years."""
    if not points:
        return Markup("")
    points = thinned(points)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top_value = _nice_max(max(p.contributions + p.yields for p in points))
    first = points[0].at.toordinal()
    span = max(1, points[-1].at.toordinal() - first)

    def x(p: StackPoint) -> float:
        return LEFT + plot_w * (p.at.toordinal() - first) / span

    def y(value: int) -> float:
        return TOP + plot_h * (1 - value / top_value)

    base = f"{x(points[-1]):.1f},{y(0):.1f} {x(points[0]):.1f},{y(0):.1f}"
    # each point's x once (a career is hundreds of months, drawn on every balance view)
    xs = [f"{x(p):.1f}" for p in points]
    lows = [f"{at},{y(p.contributions):.1f}" for at, p in zip(xs, points, strict=True)]
    lower = " ".join(lows)
    upper = " ".join(
        f"{at},{y(p.contributions + p.yields):.1f}" for at, p in zip(xs, points, strict=True)
    )
    lower_back = " ".join(reversed(lows))
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT + 22}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        value = int(top_value * fraction)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#d9e0e7" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y(value) + 3:.1f}" text-anchor="end" font-size="9" '
            f'fill="#5d6b7a">{escape(short_rupiah(value))}</text>'
        )
    parts.append(
        f'<polygon points="{lower} {base}" fill="{CONTRIBUTION_COLOUR}" fill-opacity="0.85"/>'
    )
    parts.append(
        f'<polygon points="{upper} {lower_back}" fill="{YIELD_COLOUR}" fill-opacity="0.85"/>'
    )
    years = sorted({p.at.year for p in points})
    step = max(1, len(years) // 5)
    shown = years[::step]
    for year in shown:
        at = next(p for p in points if p.at.year == year)
        anchor = "end" if year == shown[-1] and len(shown) > 1 else "middle"
        parts.append(
            f'<text x="{x(at):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="9" '
            f'fill="#5d6b7a">{year}</text>'
        )
    legend_y = HEIGHT + 10
    parts.append(
        f'<rect x="{LEFT}" y="{legend_y - 8}" width="10" height="10" fill="{CONTRIBUTION_COLOUR}"/>'
        f'<text x="{LEFT + 14}" y="{legend_y + 1}" font-size="10" fill="#1d2733">'
        f"{escape(legend_contributions)}</text>"
        f'<rect x="{LEFT + 150}" y="{legend_y - 8}" width="10" height="10" fill="{YIELD_COLOUR}"/>'
        f'<text x="{LEFT + 164}" y="{legend_y + 1}" font-size="10" fill="#1d2733">'
        f"{escape(legend_yields)}</text>"
    )
    parts.append("</svg>")
    # Every value in the markup is a number formatted here or text passed through escape().
    return Markup("".join(parts))  # noqa: S704

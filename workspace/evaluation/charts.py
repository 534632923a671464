"""The score history as an accessible inline SVG (no script, no inline style), drawn on the
server like the observatory's charts: role="img", a <title> and a <desc> naming every figure,
and the same figures in a table beside it (templates/workspace/evaluation/index.html)."""

from __future__ import annotations

from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#1e40af", "#b45309", "#166534", "#7f1d1d", "#4b5563", "#6d28d9"]
_ids = count(1)


def _fmt(value: float) -> str:
    return f"{value:.0f}"


def score_history_svg(
    *, title: str, labels: list[str], series: list[tuple[str, list[float | None]]]
) -> SafeString:
    """Scores (0–100) over dates, one line per model; a missing day is a gap, not a zero."""
    if not labels or not series:
        return mark_safe("")
    uid = next(_ids)
    width, height = 640, 280
    left, right, top, bottom = 48, 20, 16, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(labels)
    step = plot_w / max(1, n - 1)

    def x_at(i: int) -> float:
        return left + i * step if n > 1 else left + plot_w / 2

    def y_at(v: float) -> float:
        return top + plot_h - max(0.0, min(100.0, v)) / 100 * plot_h

    description = "; ".join(
        f"{name} — "
        + ", ".join(
            f"{label}: {_fmt(v)}" for label, v in zip(labels, values, strict=True) if v is not None
        )
        for name, values in series
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="ws-chart{uid}-t ws-chart{uid}-d" focusable="false">',
        f'<title id="ws-chart{uid}-t">{escape(title)}</title>',
        f'<desc id="ws-chart{uid}-d">{escape(description)}</desc>',
    ]
    for tick in (0, 50, 100):
        y = y_at(tick)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d1d5db"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end">{tick}</text>')
    every = max(1, n // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            out.append(
                f'<text x="{x_at(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    for s, (_name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = [(x_at(i), y_at(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>'
            )
        for x, y in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    # Legend under the axis: colour and name (the table says the same in text).
    x = left
    legend_y = top + plot_h + 46
    for s, (name, _values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{legend_y - 12}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 20}" y="{legend_y}">{escape(name)}</text>')
        x += 40 + 8 * len(name)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text node above is escaped


def chart_unit() -> str:
    return _("score out of 100")

"""Accessible charts drawn on the server as inline SVG: no JavaScript library, no inline style.

Every chart carries role="img", a <title> and a <desc> naming its figures, and is always shown
with the same numbers in a table (see templates/observatory/includes/chart.html).
"""

import csv
import io
from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#1e40af", "#b45309", "#166534", "#7f1d1d", "#4b5563", "#6d28d9"]
_ids = count(1)


@dataclass
class ChartData:
    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[list]:
        return [
            [label, *[values[i] for _name, values in self.series]]
            for i, label in enumerate(self.labels)
        ]

    @property
    def headers(self) -> list[str]:
        return [self.extra.get("label_header", ""), *[name for name, _v in self.series]]


def _short(label: str, limit: int = 26) -> str:
    """Bar labels fit their 200 px column; the full text is in the description and the table."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def parse_csv(text: str) -> tuple[list[str], list[tuple[str, list[float]]]]:
    """First row: headers; first column: labels; other columns: numeric series."""
    sample = (text or "").strip()
    if not sample:
        return [], []
    delimiter = (
        ";" if sample.splitlines()[0].count(";") > sample.splitlines()[0].count(",") else ","
    )
    rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)]
    header, body = rows[0], rows[1:]
    labels = [r[0].strip() for r in body]
    series = []
    for col, name in enumerate(header[1:], start=1):
        values = []
        for r in body:
            cell = (r[col] if col < len(r) else "").strip().replace(",", ".").replace(" ", "")
            values.append(float(cell) if cell else 0.0)
        series.append((name.strip(), values))
    return labels, series


def validate_csv(text: str) -> str | None:
    """Return an error message, or None when the text makes a chart."""
    try:
        labels, series = parse_csv(text)
    except (ValueError, IndexError):
        return _("Every value after the first column must be a number.")
    if not labels or not series:
        return _("Give a header row and at least one row of data.")
    return None


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if float(value).is_integer() else f"{value:.2f}"


def _describe(data: ChartData) -> str:
    parts = []
    for name, values in data.series:
        pairs = ", ".join(
            f"{label}: {_fmt(v)}{(' ' + data.unit) if data.unit else ''}"
            for label, v in zip(data.labels, values, strict=False)
        )
        parts.append(f"{name} — {pairs}" if len(data.series) > 1 else pairs)
    return (data.description + " " if data.description else "") + "; ".join(parts)


def bar_chart(data: ChartData, width: int = 640) -> SafeString:
    """Horizontal bars (grouped when there are several series): labels stay readable."""
    if not data.labels:
        return mark_safe("")
    uid = next(_ids)
    label_w, bar_h, gap = 200, 18, 10
    n_series = max(1, len(data.series))
    group_h = bar_h * n_series + gap
    legend_h = 24 if n_series > 1 else 0
    height = legend_h + group_h * len(data.labels) + 10
    maximum = max([max(v) if v else 0 for _n, v in data.series] + [0]) or 1
    plot_w = width - label_w - 80
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart{uid}-t chart{uid}-d" focusable="false">',
        f'<title id="chart{uid}-t">{escape(data.title)}</title>',
        f'<desc id="chart{uid}-d">{escape(_describe(data))}</desc>',
    ]
    if n_series > 1:
        x = label_w
        for s, (name, _v) in enumerate(data.series):
            colour = PALETTE[s % len(PALETTE)]
            out.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{colour}"/>')
            out.append(f'<text x="{x + 20}" y="16">{escape(name)}</text>')
            x += 30 + 9 * len(name)
    for i, label in enumerate(data.labels):
        y0 = legend_h + i * group_h
        out.append(
            f'<text x="{label_w - 8}" y="{y0 + group_h / 2 + 2:.0f}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
        )
        for s, (_name, values) in enumerate(data.series):
            value = values[i]
            w = max(0.0, value) / maximum * plot_w
            y = y0 + s * bar_h
            colour = PALETTE[s % len(PALETTE)]
            out.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}"/>'
            )
            out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 5}">{_fmt(value)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text node above is escaped


def line_chart(data: ChartData, width: int = 640, height: int = 260) -> SafeString:
    """A time series (months on the x axis); points are marked so one value still shows."""
    if not data.labels:
        return mark_safe("")
    uid = next(_ids)
    left, right, top, bottom = 60, 45, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max([max(v) if v else 0 for _n, v in data.series] + [0]) or 1
    n = len(data.labels)
    step = plot_w / max(1, n - 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart{uid}-t chart{uid}-d" focusable="false">',
        f'<title id="chart{uid}-t">{escape(data.title)}</title>',
        f'<desc id="chart{uid}-d">{escape(_describe(data))}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#4b5563"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#4b5563"/>',
        f'<text x="{left - 6}" y="{top + 5}" text-anchor="end">{_fmt(maximum)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, n // 6)
    for i, label in enumerate(data.labels):
        if i % every == 0:
            x = left + i * step if n > 1 else left + plot_w / 2
            out.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    for s, (_name, values) in enumerate(data.series):
        colour = PALETTE[s % len(PALETTE)]
        points = []
        for i, value in enumerate(values):
            x = left + i * step if n > 1 else left + plot_w / 2
            y = top + plot_h - max(0.0, value) / maximum * plot_h
            points.append((x, y))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>'
            )
        for x, y in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text node above is escaped


def render(data: ChartData, kind: str = "bar") -> SafeString:
    return line_chart(data) if kind == "line" else bar_chart(data)

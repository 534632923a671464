"""Geometry for the inline SVG charts (templates draw them; no inline style, no script)."""

from consultation.models import GRADES_BEST_FIRST

GRADE_COLOURS = {
    "excellent": "#14532d",
    "very_good": "#15803d",
    "good": "#4d7c0f",
    "fairly_good": "#854d0e",
    "passable": "#9a3412",
    "insufficient": "#b91c1c",
    "reject": "#7f1d1d",
}

BAR_WIDTH = 600
BAR_HEIGHT = 28


def merit_profiles(ranking: list[dict]) -> list[dict]:
    """One horizontal stacked bar per use case (best grades on the left), with the 50 % line
    that crosses the median grade."""
    out = []
    for row in ranking:
        x = 0.0
        segments = []
        for item in row["distribution"]:
            width = item["share"] * BAR_WIDTH
            if width > 0:
                segments.append(
                    {
                        "x": round(x, 2),
                        "width": round(width, 2),
                        "colour": GRADE_COLOURS[item["grade"]],
                        "label": item["label"],
                        "count": item["count"],
                        "percent": round(item["share"] * 100, 1),
                    }
                )
            x += width
        out.append({"row": row, "segments": segments, "median_x": BAR_WIDTH / 2})
    return out


def participation(by_day: list[dict]) -> dict:
    """Columns of cumulative ballots per day."""
    if not by_day:
        return {"bars": [], "max": 0, "width": BAR_WIDTH, "height": 160}
    peak = max(d["cumulative"] for d in by_day) or 1
    step = BAR_WIDTH / len(by_day)
    bars = []
    for i, day in enumerate(by_day):
        h = 140 * day["cumulative"] / peak
        bars.append(
            {
                "x": round(i * step + 1, 2),
                "y": round(150 - h, 2),
                "width": round(max(step - 2, 1), 2),
                "height": round(h, 2),
                "day": day["day"],
                "value": day["cumulative"],
            }
        )
    return {"bars": bars, "max": peak, "width": BAR_WIDTH, "height": 160}


__all__ = ["GRADES_BEST_FIRST", "merit_profiles", "participation"]

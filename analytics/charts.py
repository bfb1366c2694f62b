"""Charts drawn on the server as inline SVG: no script, no library, nothing from another
origin (the admin's Content-Security-Policy, core/security_headers.py, stays as is)."""

from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH = 720
HEIGHT = 160
# Room under the bars for the first and last days' labels.
AXIS = 20
GAP = 0.2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


def bar_chart(series, unit):
    """Bars for ``[(day, value)]``, scaled to the highest value; each bar carries its figure in
    words (its SVG title, read by screen readers and shown on hover)."""
    top = max((value for _, value in series), default=0) or 1
    step = WIDTH / max(len(series), 1)
    usable = HEIGHT - AXIS
    bars = []
    for index, (day, value) in enumerate(series):
        height = usable * value / top
        bars.append(
            Bar(
                x=round(index * step + step * GAP / 2, 2),
                y=round(usable - height, 2),
                width=round(step * (1 - GAP), 2),
                height=round(height, 2),
                title=f"{date_format(day, 'j F')} : {value} {unit}",
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - AXIS,
        "label_y": HEIGHT - 4,
        "bars": bars,
        "maximum": top if series and any(value for _, value in series) else 0,
        "first": date_format(series[0][0], "j F") if series else "",
        "last": date_format(series[-1][0], "j F") if series else "",
    }

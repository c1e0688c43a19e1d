"""Vega-Lite specifications of the report's charts, with their data inline.

Each function returns a plain Vega-Lite v5 dict whose data are embedded (``data.values``; never
a URL), so the same specification renders to SVG for the report (:mod:`phare.publish.svg`) and
in a browser for a dashboard. Figures come from the results as published: shares in percent,
rounded labels formatted the French way, suppressed rows shown as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from phare.study.results import (
    EstimateRow,
    Flag,
    WaveResults,
    percent_en,
    percent_fr,
)

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BLUE = "#1f4e79"
LIGHT = "#9dc3e6"
GREY = "#c8c8c8"
FONT = "DejaVu Sans"
METROPOLE_EXCLUDED = {"01", "02", "03", "04", "06"}

FONT_SIZE = 10
"""Size of every chart text, in SVG px: 7.5 pt in print, since the charts are sized to be shown
at their natural width (at most 330 px, the column of the summary) and never scaled down."""

BAR_STEP = 28
"""Height of one bar row (px): the label on its own line, then the bar."""

_CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "grid": False},
    "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE},
    "title": {"fontSize": 12, "anchor": "start"},
}


def _label(results: WaveResults, row: EstimateRow, label_by: str, lang: str) -> str:
    if label_by == "group":
        return results.group_label(row.by, row.group, lang)
    if label_by == "level":
        info = results.indicator(row.variable)
        for level in info.levels:
            if level.code == row.level:
                return level.label_fr if lang == "fr" else level.label_en
        return str(row.level)
    info = results.indicator(row.variable)
    return (info.item_fr or info.label_fr) if lang == "fr" else (info.item_en or info.label_en)


def _value_text(row: EstimateRow, lang: str) -> str:
    if row.estimate is None:
        return "n.p." if lang == "fr" else "n.p."
    text = percent_fr(row.estimate) if lang == "fr" else percent_en(row.estimate)
    return text + ("*" if row.flag == Flag.LOW_BASE else "")


def bar_data(
    results: WaveResults, rows: Sequence[EstimateRow], label_by: str = "indicator", lang: str = "fr"
) -> list[dict[str, Any]]:
    """The inline data of a bar chart: one record per row, values in percent."""
    data = []
    labels = [_label(results, row, label_by, lang) for row in rows]
    if len(set(labels)) < len(labels) and label_by == "indicator":
        labels = [
            results.indicator(r.variable).label_fr
            if lang == "fr"
            else results.indicator(r.variable).label_en
            for r in rows
        ]
    for order, (row, label) in enumerate(zip(rows, labels, strict=True)):
        published = row.estimate is not None
        data.append(
            {
                "order": order,
                "label": label,
                "value": round(100 * row.estimate, 2) if published and row.estimate else 0.0,
                "low": round(100 * row.ci_low, 2) if published and row.ci_low is not None else None,
                "high": round(100 * row.ci_high, 2)
                if published and row.ci_high is not None
                else None,
                "text": _value_text(row, lang),
                "n": row.n,
                "status": row.flag.value,
            }
        )
    return data


def bar_spec(
    results: WaveResults,
    rows: Sequence[EstimateRow],
    *,
    title: str = "",
    label_by: str = "indicator",
    lang: str = "fr",
    width: int = 280,
) -> dict[str, Any]:
    """Horizontal bars of shares (in %) with their 95 % intervals and rounded labels.

    Each row's label is written on its own line above its bar, so that long labels take no
    width from the bars and the whole chart is at most ``width + 50`` px wide (the value labels
    pass the end of the axis by up to 40 px): it fits a column of the
    two-page summary (330 px) at its natural size, its texts at :data:`FONT_SIZE`.

    Rows with a base under the suppression threshold keep their place with the label "n.p."
    (non publié) and no bar; rows under the "faible effectif" threshold are lighter and their
    label carries an asterisk.
    """
    data = bar_data(results, rows, label_by, lang)
    y = {
        "field": "label",
        "type": "nominal",
        "sort": [d["label"] for d in data],
        "title": None,
        "axis": None,
    }
    x_scale = {"domain": [0, 100]}
    bar_band = 0.42
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "data": {"values": data},
        "width": width,
        "height": {"step": BAR_STEP},
        "padding": {"left": 5, "top": 8, "right": 5, "bottom": 5},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": bar_band}},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "value",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": "%",
                        "axis": {"values": [0, 25, 50, 75, 100]},
                    },
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "scale": {
                            "domain": ["ok", "faible_effectif", "supprime"],
                            "range": [BLUE, LIGHT, GREY],
                        },
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": "#333333", "strokeWidth": 1},
                "transform": [{"filter": "datum.low != null"}],
                "encoding": {
                    "y": y,
                    "x": {"field": "low", "type": "quantitative", "scale": x_scale},
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dy": -round(BAR_STEP * bar_band / 2) - 2,
                    "fontSize": FONT_SIZE,
                    "limit": width + 40,
                    "color": "#222222",
                },
                "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "label"}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": FONT_SIZE},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "high_or_value",
                        "type": "quantitative",
                        "scale": x_scale,
                    },
                    "text": {"field": "text"},
                },
                "transform": [
                    {
                        "calculate": "datum.high != null ? datum.high : datum.value",
                        "as": "high_or_value",
                    }
                ],
            },
        ],
        "config": _CONFIG,
    }
    if title:
        spec["title"] = title
    return spec


def choropleth_spec(
    results: WaveResults,
    variable: str,
    *,
    level: str | None = None,
    title: str = "",
    lang: str = "fr",
    width: int = 270,
) -> dict[str, Any] | None:
    """A map of metropolitan regions coloured by the regional estimates of ``variable``.

    ``width`` is the map's; with its legend the chart is about 330 px wide, a column of the
    two-page summary, so that it is shown at its natural size with texts at :data:`FONT_SIZE`.

    Regions whose estimate is suppressed (base under the threshold) are hatched grey with a
    legend entry of their own. Overseas regions are listed in the table beside the map. Returns
    ``None`` when the results carry no regions map.
    """
    geo = results.regions_geojson
    if geo is None:
        return None
    rows = {r.group: r for r in results.rows(variable, "region", level)}
    suppressed_label = (
        "Non publié (effectif insuffisant)" if lang == "fr" else "Not published (base too small)"
    )
    features = []
    for feature in geo.get("features", []):
        props = dict(feature.get("properties", {}))
        code = str(props.get("region", ""))
        if code in METROPOLE_EXCLUDED:
            continue
        row = rows.get(code)
        published = row is not None and row.estimate is not None
        props["value"] = (
            round(100 * row.estimate, 1) if published and row and row.estimate else None
        )
        props["text"] = _value_text(row, lang) if row is not None else "n.p."
        props["n"] = row.n if row is not None else 0
        props["status"] = "ok" if published else suppressed_label
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    values = [v for v in (f["properties"]["value"] for f in features) if v is not None]
    low = min(values) if values else 0.0
    high = max(values) if values else 100.0
    if low == high:
        low, high = max(0.0, low - 1), min(100.0, high + 1)
    projection = {"type": "conicConformal", "rotate": [-3, 0], "parallels": [44, 49]}
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": width,
        "projection": projection,
        "layer": [
            {
                "data": {"values": features, "format": {"type": "json"}},
                "transform": [{"filter": "datum.properties.value == null"}],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "properties.status",
                        "type": "nominal",
                        "scale": {"domain": [suppressed_label], "range": [GREY]},
                        "legend": {"title": None, "orient": "bottom"},
                    },
                },
            },
            {
                "data": {"values": features, "format": {"type": "json"}},
                "transform": [{"filter": "datum.properties.value != null"}],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "properties.value",
                        "type": "quantitative",
                        "scale": {"scheme": "blues", "domain": [low, high]},
                        "legend": {"title": "%", "orient": "right", "format": ".0f"},
                    },
                },
            },
        ],
        "resolve": {"scale": {"color": "independent"}},
        "config": _CONFIG,
    }
    if title:
        spec["title"] = title
    return spec

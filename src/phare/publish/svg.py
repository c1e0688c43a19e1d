"""Vega-Lite to SVG with vl-convert, deterministic and offline.

``allowed_base_urls=[]`` forbids any data request: the specifications carry their data inline.
The French number locale is used for axes and legends unless another is given.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import vl_convert as vlc

Locale = Literal["fr-FR", "en-GB"]


def to_svg(spec: dict[str, Any], prefix: str = "c", locale: Locale = "fr-FR") -> str:
    """Render a Vega-Lite spec to an SVG string.

    ``prefix`` namespaces the element ids of this SVG (clip paths, gradients), so that several
    charts inlined in one HTML page do not share ids. ``locale`` is the number locale of axes
    and legends (``"fr-FR"``; the English report uses ``"en-GB"``).
    """
    svg = vlc.vegalite_to_svg(
        json.dumps(spec, sort_keys=True),
        format_locale=locale,
        allowed_base_urls=[],
    )
    return _namespace_ids(svg, prefix)


def _namespace_ids(svg: str, prefix: str) -> str:
    """Rename every element id to ``<prefix>-<k>`` in order of appearance.

    vl-convert numbers gradients and clip paths with a counter that lives as long as the
    process, so the raw ids differ between two renderings of one spec; renumbering makes the
    SVG a function of the spec alone (byte-identical outputs) and unique within a page.
    """
    mapping: dict[str, str] = {}
    for found in re.findall(r'\bid="([^"]+)"', svg):
        mapping.setdefault(found, f"{prefix}-{len(mapping) + 1}")
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{mapping[m.group(1)]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{mapping.get(m.group(1), m.group(1))})", svg)
    return re.sub(
        r'href="#([^"]+)"', lambda m: f'href="#{mapping.get(m.group(1), m.group(1))}"', svg
    )

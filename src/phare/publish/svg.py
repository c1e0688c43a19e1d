"""Vega-Lite to SVG with vl-convert, deterministic and offline.

``allowed_base_urls=[]`` forbids any data request: the specifications carry their data inline.
The French number locale is used for axes and legends.
"""

from __future__ import annotations

import json
import re
from typing import Any

import vl_convert as vlc

_ID = re.compile(r'\b(id|clip-path|href)="([^"]*)"')


def to_svg(spec: dict[str, Any], prefix: str = "c") -> str:
    """Render a Vega-Lite spec to an SVG string.

    ``prefix`` namespaces the element ids of this SVG (clip paths, gradients), so that several
    charts inlined in one HTML page do not share ids.
    """
    svg = vlc.vegalite_to_svg(
        json.dumps(spec, sort_keys=True),
        format_locale="fr-FR",
        allowed_base_urls=[],
    )
    return _namespace_ids(svg, prefix)


def _namespace_ids(svg: str, prefix: str) -> str:
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    return svg

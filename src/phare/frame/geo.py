"""The regions map: a GeoJSON FeatureCollection dissolved from the commune shapes."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from phare.frame.register import _data


@cache
def _geojson() -> dict[str, Any]:
    return dict(json.loads(_data("regions.geojson").read_text(encoding="utf-8")))


def regions_geojson() -> dict[str, Any]:
    """Return the regions GeoJSON (a fresh copy).

    A ``FeatureCollection`` of 18 ``MultiPolygon`` features in WGS84 longitude/latitude, with
    properties ``region`` (INSEE code) and ``region_nom``. Derived from IGN ADMIN EXPRESS
    commune shapes (Licence Ouverte 2.0): dissolved by region, simplified as a coverage (about
    0.01°) so that neighbouring regions share identical borders, coordinates rounded to 4
    decimals; enclaves are kept.
    """
    return copy.deepcopy(_geojson())

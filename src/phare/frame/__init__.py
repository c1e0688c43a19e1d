"""phare.frame: the register of French communes and mayors, and the sample design.

Public API
----------
load_frame, load_regions, load_departements, load_former_codes, load_arrondissements
    The shipped register (see ``docs/frame.md`` and :func:`provenance`).
resolve_commune, resolve_communes, CommuneResolution
    Code resolution (current, padded, former, arrondissement, unknown), never guessing.
find_communes
    Look-up by code or accent-insensitive name.
regions_geojson
    The regions map.
size_band, SIZE_BANDS, AGE_BANDS
    Size bands ``t1``..``t5`` and mayors' age bands with French/English labels.
phare.frame.sampling
    ``allocate`` and ``draw_sample``.
"""

from phare.frame.bands import AGE_BANDS, SIZE_BANDS, Band, size_band
from phare.frame.geo import regions_geojson
from phare.frame.lookup import find_communes, normalise_name
from phare.frame.register import (
    FRAME_COLUMNS,
    frame_version,
    load_arrondissements,
    load_departements,
    load_former_codes,
    load_frame,
    load_regions,
    postal_codes,
    provenance,
)
from phare.frame.resolve import CommuneResolution, resolve_commune, resolve_communes

__all__ = [
    "AGE_BANDS",
    "FRAME_COLUMNS",
    "SIZE_BANDS",
    "Band",
    "CommuneResolution",
    "find_communes",
    "frame_version",
    "load_arrondissements",
    "load_departements",
    "load_former_codes",
    "load_frame",
    "load_regions",
    "normalise_name",
    "postal_codes",
    "provenance",
    "regions_geojson",
    "resolve_commune",
    "resolve_communes",
    "size_band",
]

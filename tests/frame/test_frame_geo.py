"""The regions GeoJSON: 18 valid regions, identical shared borders, enclaves kept."""

from collections import Counter
from importlib import resources
from itertools import pairwise

import pytest

from phare.frame import load_regions, provenance, regions_geojson

Point = tuple[float, float]


@pytest.fixture(scope="module")
def features() -> dict[str, dict]:
    geo = regions_geojson()
    assert geo["type"] == "FeatureCollection"
    return {f["properties"]["region"]: f for f in geo["features"]}


def _rings(feature: dict) -> list[list[Point]]:
    return [
        [tuple(pt) for pt in ring] for poly in feature["geometry"]["coordinates"] for ring in poly
    ]


def _edges(feature: dict) -> set[frozenset[Point]]:
    return {frozenset(e) for ring in _rings(feature) for e in pairwise(ring) if e[0] != e[1]}


def _area(ring: list[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _inside(point: Point, ring: list[Point]) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_one_feature_per_region(features: dict[str, dict]) -> None:
    assert len(features) == 18
    assert set(features) == set(load_regions()["region"])
    names = dict(zip(load_regions()["region"], load_regions()["region_nom"], strict=True))
    for code, feature in features.items():
        assert feature["properties"]["region_nom"] == names[code]
        assert feature["geometry"]["type"] == "MultiPolygon"


def test_rings_are_closed_non_degenerate_and_in_range(features: dict[str, dict]) -> None:
    for feature in features.values():
        for poly in feature["geometry"]["coordinates"]:
            shell, *holes = poly
            assert abs(_area([tuple(p) for p in shell])) > 0
            for ring in poly:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -62 < lon < 56 and -22 < lat < 52
                    assert round(lon, 4) == lon and round(lat, 4) == lat
            xs, ys = zip(*shell, strict=True)
            for hole in holes:  # a hole lies within its shell's bounding box
                hx, hy = zip(*hole, strict=True)
                assert min(xs) <= min(hx) and max(hx) <= max(xs)
                assert min(ys) <= min(hy) and max(hy) <= max(ys)


def test_neighbouring_regions_share_identical_borders(features: dict[str, dict]) -> None:
    ara, bfc = _edges(features["84"]), _edges(features["27"])
    shared = ara & bfc
    assert len(shared) > 20
    # the shared stretch is one chain: its vertices are all vertices of both regions
    vertices = {p for edge in shared for p in edge}
    assert vertices <= {p for r in _rings(features["84"]) for p in r}
    assert vertices <= {p for r in _rings(features["27"]) for p in r}
    for a, b in [("11", "24"), ("11", "32"), ("52", "53"), ("75", "76"), ("84", "93")]:
        assert _edges(features[a]) & _edges(features[b]), (a, b)


def test_no_edge_belongs_to_three_regions(features: dict[str, dict]) -> None:
    counts = Counter(edge for f in features.values() for edge in _edges(f))
    assert max(counts.values()) == 2


def test_enclaves_are_kept(features: dict[str, dict]) -> None:
    # Enclave des Papes (Vaucluse, PACA) inside Auvergne-Rhône-Alpes; Llívia (Spain) in Occitanie
    def holes(code: str) -> list[list[Point]]:
        return [
            [tuple(p) for p in ring]
            for poly in features[code]["geometry"]["coordinates"]
            for ring in poly[1:]
        ]

    valreas = (4.99, 44.38)
    assert any(_inside(valreas, h) for h in holes("84"))
    assert any(
        _inside(valreas, [tuple(p) for p in poly[0]])
        for poly in features["93"]["geometry"]["coordinates"]
    )
    assert any(_inside((1.9787, 42.4641), h) for h in holes("76"))


def test_map_is_compact_and_documented() -> None:
    path = resources.files("phare.frame").joinpath("data", "regions.geojson")
    assert len(path.read_bytes()) < 1_000_000
    meta = provenance()["map"]
    assert meta["coverage_valid_after_rounding"] is True
    assert meta["tolerance_degrees"] == pytest.approx(0.01)


def test_geojson_is_a_fresh_copy(features: dict[str, dict]) -> None:
    geo = regions_geojson()
    geo["features"].clear()
    assert len(regions_geojson()["features"]) == 18

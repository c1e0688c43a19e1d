"""The survey design: data, weights, strata, primary sampling units (PSUs) and fpc.

A :class:`SurveyDesign` is immutable: calibration, trimming or replicate weights return a new
design. It follows R ``survey``'s ``svydesign`` for a stratified cluster sample treated as a
single stage (the "ultimate cluster" approximation, exact when no later-stage fpc is given):
PSUs are sampled without replacement within strata with finite population correction
:math:`f_h = (N_h - n_h)/N_h`, or with replacement when no fpc is given (:math:`f_h = 1`).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, ch. 2–3.
R package ``survey`` 4.1, ``svydesign``, ``svyrecvar``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from phare.stats.errors import DesignError, LonelyPsuError
from phare.stats.results import CalibrationReport, ResultWarning

LonelyPsuPolicy = Literal["fail", "remove", "adjust", "certainty"]
LONELY_PSU_POLICIES: tuple[str, ...] = get_args(LonelyPsuPolicy)


class DesignSpec(BaseModel):
    """Names of the design columns of a data frame (serialisable; several per file).

    Attributes
    ----------
    weights : str, optional
        Column of sampling weights (> 0). When absent, weights are :math:`N_h / n_h` if the fpc
        gives population sizes, else 1.
    strata : str, optional
        Column of strata. Absent: one stratum.
    ids : list of str
        PSU column (R's ``ids=~psu``). Empty: each row is its own PSU. Several names describe a
        multistage design; only the first stage is used, which is exact when no fpc is given.
    fpc : str, optional
        Finite population correction: population size of the stratum (all values >= 1) or
        sampling fraction (all values <= 1), constant within a stratum.
    nest : bool
        PSU identifiers are only unique within strata (R's ``nest=TRUE``).
    lonely_psu : {"fail", "remove", "adjust", "certainty"}
        Policy for a stratum with a single PSU, explicit (R's global
        ``options(survey.lonely.psu=)``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: str | None = None
    strata: str | None = None
    ids: list[str] = Field(default_factory=list)
    fpc: str | None = None
    nest: bool = False
    lonely_psu: LonelyPsuPolicy = "fail"

    @field_validator("ids", mode="before")
    @classmethod
    def _ids_as_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return value


def load_design_specs(path: str | Path) -> dict[str, DesignSpec]:
    """Read several named designs from the YAML or JSON file at ``path``.

    The file maps a design name to its columns, optionally under a ``designs`` key::

        designs:
          strat: {weights: pw, strata: stype, fpc: fpc}
          clus1: {weights: pw, ids: dnum, fpc: fpc}
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if isinstance(raw, dict) and "designs" in raw:
        raw = raw["designs"]
    if not isinstance(raw, dict) or not raw:
        raise DesignError(
            "Fichier de plans illisible / unreadable design file",
            code="design.spec_file",
            parameter=str(path),
            expected="a mapping of design names to design columns",
            received=type(raw).__name__,
        )
    specs = {}
    for name, value in raw.items():
        try:
            specs[str(name)] = DesignSpec.model_validate(value)
        except Exception as exc:  # pydantic.ValidationError, re-raised with the design name
            raise DesignError(
                "Plan mal décrit / invalid design description",
                code="design.spec_file",
                parameter=f"{path}:{name}",
                expected="keys among weights, strata, ids, fpc, nest, lonely_psu",
                received=str(exc).splitlines()[0],
            ) from exc
    return specs


@dataclass(frozen=True, eq=False)
class ReplicateWeights:
    """Replicate weights carried by a design (built by ``phare.stats.replicates``).

    The variance of a statistic :math:`\\hat\\theta` is
    :math:`\\text{scale} \\sum_r \\text{rscales}_r (\\hat\\theta_r - c)^2` with
    :math:`c = \\hat\\theta` when ``mse`` else the mean of the replicates (R's ``svrVar``).

    Attributes
    ----------
    weights : ndarray of shape (n, R)
        Replicate weights, already multiplied by the sampling weights (R's
        ``combined.weights=TRUE``).
    scale : float
    rscales : ndarray of shape (R,)
    mse : bool
    method : str
        E.g. ``"JK1"``, ``"JKn"``, ``"bootstrap"``, ``"BRR"``, ``"Fay"``.
    """

    weights: np.ndarray
    scale: float
    rscales: np.ndarray
    mse: bool
    method: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class CalibrationStep:
    """What a calibration leaves on the design for Taylor variance (R's ``greg_calibration``).

    Units are grouped in cells sharing the same calibration variables; ``x_cells[cell]`` is the
    model matrix :math:`X` (intercept + treatment dummies + numeric variables).
    Residuals of a linearised variable :math:`x` are
    :math:`x - g d \\circ X\\beta`, :math:`\\beta = (X^T D X)^{-} X^T (x / g)`.
    """

    cell: np.ndarray
    x_cells: np.ndarray
    base_weights: np.ndarray
    g: np.ndarray
    report: CalibrationReport


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """An immutable survey design. Build it with :meth:`SurveyDesign.from_frame`.

    Attributes
    ----------
    data : DataFrame
        The sample, one row per unit (index reset to 0..n-1).
    weights : ndarray of shape (n,)
        Current (possibly calibrated) weights.
    stratum : ndarray of shape (n,)
        Stratum code 0..H-1 of each unit.
    psu : ndarray of shape (n,)
        PSU code 0..P-1 of each unit (unique across strata).
    psu_stratum : ndarray of shape (P,)
        Stratum code of each PSU.
    n_psu : ndarray of shape (H,)
        Number of sampled PSUs per stratum.
    fpc_factor : ndarray of shape (H,)
        :math:`f_h = (N_h - n_h)/N_h`, 1 without fpc.
    strata_labels : tuple of str
        Label of each stratum code.
    spec : DesignSpec
    calibrations : tuple of CalibrationStep
        Calibrations applied, in order (for the Taylor residuals).
    replicates : ReplicateWeights, optional
    warnings : tuple of ResultWarning
        Coded warnings (e.g. lonely PSUs) copied onto every result.
    """

    data: pd.DataFrame
    weights: np.ndarray
    stratum: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    n_psu: np.ndarray
    fpc_factor: np.ndarray
    strata_labels: tuple[str, ...]
    spec: DesignSpec
    calibrations: tuple[CalibrationStep, ...] = ()
    replicates: ReplicateWeights | None = None
    warnings: tuple[ResultWarning, ...] = ()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        weights: str | None = None,
        strata: str | None = None,
        ids: str | Sequence[str] | None = None,
        fpc: str | None = None,
        nest: bool = False,
        lonely_psu: LonelyPsuPolicy = "fail",
    ) -> SurveyDesign:
        """Build a design from a data frame and the names of its design columns.

        Parameters
        ----------
        data : DataFrame
        weights, strata, ids, fpc, nest, lonely_psu
            See :class:`DesignSpec`.

        Raises
        ------
        DesignError
            Unknown column, missing or non-positive weights, PSUs not nested in strata,
            inconsistent fpc.
        LonelyPsuError
            A stratum has one PSU and ``lonely_psu="fail"``.
        """
        if lonely_psu not in LONELY_PSU_POLICIES:
            raise DesignError(
                "Politique de PSU isolée inconnue / unknown lonely PSU policy",
                code="design.lonely_psu_policy",
                parameter="lonely_psu",
                expected=" | ".join(LONELY_PSU_POLICIES),
                received=lonely_psu,
            )
        id_list = [ids] if isinstance(ids, str) else list(ids or [])
        spec = DesignSpec(
            weights=weights, strata=strata, ids=id_list, fpc=fpc, nest=nest, lonely_psu=lonely_psu
        )
        return cls.from_spec(data, spec)

    @classmethod
    def from_spec(cls, data: pd.DataFrame, spec: DesignSpec) -> SurveyDesign:
        """Build a design from a data frame and a :class:`DesignSpec`."""
        if not isinstance(data, pd.DataFrame):
            raise DesignError(
                "Les données doivent être un DataFrame / data must be a DataFrame",
                parameter="data",
                expected="pandas.DataFrame",
                received=type(data).__name__,
            )
        data = data.reset_index(drop=True)
        n = len(data)
        if n == 0:
            raise DesignError(
                "Échantillon vide / empty sample",
                parameter="data",
                expected="at least one row",
                received="0 rows",
            )
        for role, column in (("weights", spec.weights), ("strata", spec.strata), ("fpc", spec.fpc)):
            if column is not None:
                _require_column(data, column, role)
        for column in spec.ids:
            _require_column(data, column, "ids")

        # strata
        if spec.strata is None:
            stratum = np.zeros(n, dtype=np.int64)
            strata_labels: tuple[str, ...] = ("1",)
        else:
            values = data[spec.strata]
            _no_missing(values, spec.strata, "strata")
            codes, uniques = pd.factorize(values, sort=True)
            stratum = codes.astype(np.int64)
            strata_labels = tuple(str(u) for u in uniques)
        n_strata = len(strata_labels)

        # PSUs
        if not spec.ids:
            psu = np.arange(n, dtype=np.int64)
        else:
            values = data[spec.ids[0]]
            _no_missing(values, spec.ids[0], "ids")
            raw_codes, _ = pd.factorize(values, sort=True)
            raw_codes = raw_codes.astype(np.int64)
            if spec.nest:
                key = stratum * (int(raw_codes.max()) + 1) + raw_codes
                psu = np.unique(key, return_inverse=True)[1].astype(np.int64)
            else:
                psu = raw_codes
                first_stratum = np.full(int(psu.max()) + 1, -1, dtype=np.int64)
                first_stratum[psu[::-1]] = stratum[::-1]  # stratum of each PSU's first unit
                crossing = first_stratum[psu] != stratum
                if crossing.any():
                    label = str(values.iloc[int(np.flatnonzero(crossing)[0])])
                    raise DesignError(
                        "PSU présente dans plusieurs strates / PSU found in several strata",
                        code="design.psu_not_nested",
                        parameter=spec.ids[0],
                        expected="each PSU in a single stratum (or nest=True)",
                        received=label,
                    )
        n_psus = int(psu.max()) + 1
        psu_stratum = np.zeros(n_psus, dtype=np.int64)
        psu_stratum[psu] = stratum
        n_psu = np.bincount(psu_stratum, minlength=n_strata).astype(np.int64)

        # fpc
        fpc_factor = np.ones(n_strata)
        popsize_per_stratum = None
        if spec.fpc is not None:
            fpc_values = pd.to_numeric(data[spec.fpc], errors="coerce").to_numpy(dtype=float)
            _finite_positive(fpc_values, data[spec.fpc], spec.fpc, "fpc")
            if np.all(fpc_values >= 1):
                popsize = fpc_values
            elif np.all(fpc_values <= 1):
                popsize = n_psu[stratum] / fpc_values
            else:
                raise DesignError(
                    "fpc mêle effectifs et fractions / fpc mixes sizes and fractions",
                    code="design.fpc",
                    parameter=spec.fpc,
                    expected="all values >= 1 (population sizes) or all <= 1 (fractions)",
                    received=f"min {fpc_values.min():g}, max {fpc_values.max():g}",
                )
            popsize_per_stratum = np.zeros(n_strata)
            popsize_per_stratum[stratum] = popsize
            varies = np.abs(popsize - popsize_per_stratum[stratum]) > 1e-9 * popsize
            if varies.any():
                h = int(stratum[np.flatnonzero(varies)[0]])
                raise DesignError(
                    "fpc variable dans une strate / fpc varies within a stratum",
                    code="design.fpc",
                    parameter=spec.fpc,
                    expected="one value per stratum",
                    received=f"stratum {strata_labels[h]}",
                )
            too_small = popsize_per_stratum < n_psu - 1e-9
            if too_small.any():
                h = int(np.flatnonzero(too_small)[0])
                raise DesignError(
                    "fpc inférieure au nombre d'unités tirées / fpc implies > 100% sampling",
                    code="design.fpc",
                    parameter=spec.fpc,
                    expected=f">= {n_psu[h]} PSUs in stratum {strata_labels[h]}",
                    received=f"{popsize_per_stratum[h]:g}",
                )
            fpc_factor = (popsize_per_stratum - n_psu) / popsize_per_stratum

        # weights
        warnings: list[ResultWarning] = []
        if spec.weights is not None:
            w = pd.to_numeric(data[spec.weights], errors="coerce").to_numpy(dtype=float)
            _finite_positive(w, data[spec.weights], spec.weights, "weights")
        elif popsize_per_stratum is not None:
            w = (popsize_per_stratum / n_psu)[stratum]
        else:
            w = np.ones(n)
            warnings.append(
                ResultWarning(
                    code="equal_weights",
                    message="Pas de poids : poids égaux à 1 / no weights given: all weights 1",
                )
            )

        # lonely PSUs
        # a single-PSU stratum sampled whole (fpc factor 0) is a census stratum, not lonely
        lonely = np.flatnonzero((n_psu == 1) & (fpc_factor >= 1e-7))
        if len(lonely):
            labels = [strata_labels[h] for h in lonely]
            if spec.lonely_psu == "fail":
                raise LonelyPsuError(
                    "Strate(s) avec une seule PSU / stratum with a single PSU",
                    parameter="lonely_psu",
                    expected="a policy among remove, adjust, certainty, or >= 2 PSUs per stratum",
                    received=f"strata {labels[:10]}" + (" ..." if len(labels) > 10 else ""),
                )
            warnings.append(
                ResultWarning(
                    code="lonely_psu",
                    message=(
                        f"{len(labels)} strate(s) à une seule PSU, politique « {spec.lonely_psu} » /"
                        f" {len(labels)} single-PSU strata, policy '{spec.lonely_psu}'"
                    ),
                    details={"strata": labels, "policy": spec.lonely_psu},
                )
            )

        return cls(
            data=data,
            weights=_readonly(w.astype(float)),
            stratum=_readonly(stratum),
            psu=_readonly(psu),
            psu_stratum=_readonly(psu_stratum),
            n_psu=_readonly(n_psu),
            fpc_factor=_readonly(fpc_factor),
            strata_labels=strata_labels,
            spec=spec,
            warnings=tuple(warnings),
        )

    # ------------------------------------------------------------------ properties
    @property
    def n(self) -> int:
        """Number of units."""
        return int(len(self.weights))

    @property
    def n_psus(self) -> int:
        """Number of PSUs."""
        return int(len(self.psu_stratum))

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return int(len(self.n_psu))

    @property
    def degf(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf``)."""
        return self.n_psus - self.n_strata

    @property
    def calibration(self) -> CalibrationReport | None:
        """Diagnostics of the last calibration, if any."""
        return self.calibrations[-1].report if self.calibrations else None

    def column(self, name: str, *, parameter: str = "variables") -> pd.Series:
        """A column of the data, or a :class:`DesignError` naming the unknown column."""
        _require_column(self.data, name, parameter)
        return self.data[name]

    def summary(self) -> dict[str, Any]:
        """Design description stored in results' metadata."""
        return {
            **self.spec.model_dump(),
            "n": self.n,
            "n_strata": self.n_strata,
            "n_psus": self.n_psus,
            "degf": self.degf,
            "sum_weights": float(self.weights.sum()),
            "calibrated": bool(self.calibrations),
            "calibration_methods": [c.report.method for c in self.calibrations],
            "replicates": None if self.replicates is None else self.replicates.method,
        }

    # ------------------------------------------------------------------ new designs
    def with_weights(self, weights: np.ndarray) -> SurveyDesign:
        """A copy with other weights (same strata, PSUs, calibrations and replicates)."""
        weights = np.asarray(weights, dtype=float)
        if weights.shape != self.weights.shape:
            raise DesignError(
                "Vecteur de poids de mauvaise taille / weights of the wrong length",
                parameter="weights",
                expected=f"{self.n} values",
                received=f"{weights.shape}",
            )
        return replace(self, weights=_readonly(weights.copy()))

    def with_calibration(self, weights: np.ndarray, step: CalibrationStep) -> SurveyDesign:
        """A copy with calibrated weights that remembers the calibration step."""
        new = self.with_weights(weights)
        return replace(new, calibrations=(*self.calibrations, step))

    def with_replicates(self, replicates: ReplicateWeights | None) -> SurveyDesign:
        """A copy carrying replicate weights (or none)."""
        if replicates is not None and replicates.weights.shape[0] != self.n:
            raise DesignError(
                "Poids répliqués de mauvaise taille / replicate weights of the wrong length",
                parameter="replicates",
                expected=f"{self.n} rows",
                received=f"{replicates.weights.shape[0]} rows",
            )
        return replace(self, replicates=replicates)

    def with_warnings(self, *warnings: ResultWarning) -> SurveyDesign:
        """A copy with more coded warnings."""
        return replace(self, warnings=(*self.warnings, *warnings))


def _readonly(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _require_column(data: pd.DataFrame, column: str, parameter: str) -> None:
    if column not in data.columns:
        names = ", ".join(map(str, list(data.columns)[:20]))
        raise DesignError(
            "Colonne inconnue / unknown column",
            code="design.unknown_column",
            parameter=parameter,
            expected=f"a column of the data ({names}{' ...' if data.shape[1] > 20 else ''})",
            received=column,
        )


def _no_missing(values: pd.Series, column: str, role: str) -> None:
    missing = values.isna().to_numpy()
    if missing.any():
        raise DesignError(
            f"Valeurs manquantes dans la colonne « {column} » / missing values in '{column}'",
            code=f"design.missing_{role}",
            parameter=column,
            expected=f"no missing {role}",
            received=f"{int(missing.sum())} missing, first at row {int(np.flatnonzero(missing)[0])}",
        )


def _finite_positive(values: np.ndarray, original: pd.Series, column: str, role: str) -> None:
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DesignError(
            f"{role} manquant, nul ou négatif / {role} missing, zero or negative",
            code=f"design.invalid_{role}",
            parameter=column,
            expected="finite values > 0",
            received=f"{original.iloc[i]!r} at row {i} ({int(bad.sum())} such rows)",
        )

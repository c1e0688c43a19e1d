"""The settings of a study: weighting, estimation and publication rules, in one object.

The settings are recorded inside every :class:`~phare.study.results.WaveResults`, so a published
figure can be reproduced with exactly the options that produced it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ProfileName(BaseModel):
    """A profile's name chosen by the study team (French, optional English)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fr: Annotated[str, Field(min_length=1)]
    en: str | None = None


class StudySettings(BaseModel):
    """Every option of the analysis of a wave and of its publication.

    Parameters
    ----------
    confidence_level
        Level of the confidence intervals (default 0.95).
    min_base_flag
        An unweighted base below this is published with the flag "faible effectif"
        (default 30).
    min_base_suppress
        An unweighted base below this is not published at all (default 10).
    alpha
        Level of the tests that decide whether a difference may be called a difference.
    fdr_method
        Multiple-testing control when a whole table is scanned: Benjamini–Hochberg false
        discovery rate (default) or none.
    calibration_method
        Distance of the calibration to the frame: ``"logit"`` (bounded, CALMAR), ``"raking"``
        or ``"linear"``.
    calibration_bounds
        Lower and upper bounds of the calibration ratio g = w / d for the logit method.
    crossing_min_respondents
        The crossing region × size band is used as a calibration margin only when every
        populated cell of the crossing holds at least this many respondents; otherwise the
        two margins are used separately and the reason is recorded.
    typology_clusters
        Number of profiles of mayors; ``None`` (default) takes the number suggested by the
        inertia gains of the clustering (five were published in 2017, the method is not told).
    typology_level_ventil
        Share under which an answer of an active question is ventilated (FactoMineR's
        ``level.ventil``, default 0.05); missing answers are always ventilated, so that
        non-response never makes a profile.
    typology_bootstrap
        Bootstrap draws of the stability of the profiles (default 30; 0 skips it).
    profile_names
        Names chosen by the study team, class → French name and optional English name
        (``phare report --profile-names FILE``); other profiles keep their suggested name.
    extreme_min_base
        A regional (or other group) extreme is quoted in a key lesson only when its base is at
        least this (default: ``min_base_flag``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    confidence_level: Annotated[float, Field(gt=0.5, lt=1.0)] = 0.95
    min_base_flag: Annotated[int, Field(ge=1)] = 30
    min_base_suppress: Annotated[int, Field(ge=0)] = 10
    alpha: Annotated[float, Field(gt=0.0, lt=0.5)] = 0.05
    fdr_method: Literal["benjamini_hochberg", "none"] = "benjamini_hochberg"
    calibration_method: Literal["logit", "raking", "linear"] = "logit"
    calibration_bounds: tuple[float, float] = (0.2, 5.0)
    crossing_min_respondents: Annotated[int, Field(ge=1)] = 5
    typology_clusters: Annotated[int | None, Field(ge=2)] = None
    typology_level_ventil: Annotated[float, Field(ge=0.0, lt=0.5)] = 0.05
    typology_bootstrap: Annotated[int, Field(ge=0, le=500)] = 30
    profile_names: dict[int, ProfileName] = Field(default_factory=dict)
    extreme_min_base: int | None = None

    @model_validator(mode="after")
    def _check(self) -> StudySettings:
        if self.min_base_suppress > self.min_base_flag:
            raise ValueError(
                "min_base_suppress must be <= min_base_flag, got "
                f"{self.min_base_suppress} > {self.min_base_flag}"
            )
        low, high = self.calibration_bounds
        if not (0 < low < 1 < high):
            raise ValueError(
                f"calibration_bounds must satisfy 0 < low < 1 < high, got {self.calibration_bounds}"
            )
        return self

    @property
    def extreme_base(self) -> int:
        """Minimum base for quoting a group as an extreme in a key lesson."""
        return self.extreme_min_base if self.extreme_min_base is not None else self.min_base_flag

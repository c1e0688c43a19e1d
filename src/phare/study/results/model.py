"""The results of a wave: one typed, versioned, serialisable object.

Everything that is published (HTML, PDF, XLSX, charts, dashboard) reads a
:class:`WaveResults` and never recomputes a statistic. The object round-trips through JSON
(``WaveResults.model_validate_json(results.to_json())``) and carries ``schema_version``; a reader
refuses a file whose major version differs from :data:`SCHEMA_VERSION`.

Version 1.1 adds optional English fields (``frame_source_en``, ``mode_en``, ``estimation_en``,
``tests_en``, ``PairTest.test_en``, ``ProfileTrait.label_en``, ``over_represented_en``,
``note_en``, the annex's ``type_en``/``codes_en``/``condition_en``/``label_en``); ``None``
(a 1.0 file) means the publications fall back on the French text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from phare.study.results.settings import StudySettings

SCHEMA_VERSION = "1.1"

NATIONAL = "national"
"""The ``by`` of the national rows (their ``group`` is ``ALL``)."""
ALL = "ensemble"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Flag(StrEnum):
    """Publication status of an estimate row."""

    OK = "ok"
    LOW_BASE = "faible_effectif"
    SUPPRESSED = "supprime"


def row_id(variable: str, by: str, group: str, level: str | None = None) -> str:
    """Stable identifier of an estimate row: ``variable[=level]|by|group``."""
    head = variable if level is None else f"{variable}={level}"
    return f"{head}|{by}|{group}"


class Note(_Model):
    """A coded warning or remark kept with the results and shown in the report."""

    code: str
    message_fr: str
    message_en: str


# --- catalogue -------------------------------------------------------------------------------


class LevelInfo(_Model):
    """One code of a categorical item."""

    code: str
    label_fr: str
    label_en: str


class IndicatorInfo(_Model):
    """One estimated indicator: an item of the questionnaire or a derived indicator.

    ``kind`` is ``"binary"`` (share of 1 among those who answered), ``"derived"`` (a binary
    indicator computed from several items) or ``"categorical"`` (one share per code, rows carry
    ``level``). ``short_fr`` is the phrase used inside a sentence ("le développement
    économique"), ``item_fr`` the label of a bar in a chart ("Développement économique").
    """

    variable: str
    kind: Literal["binary", "derived", "categorical"]
    question: str
    theme: str
    label_fr: str
    label_en: str
    short_fr: str = ""
    short_en: str = ""
    item_fr: str = ""
    item_en: str = ""
    base_fr: str = "Ensemble des maires ayant répondu à la question"
    base_en: str = "All mayors who answered the question"
    levels: list[LevelInfo] = Field(default_factory=list)


class GroupInfo(_Model):
    code: str
    label_fr: str
    label_en: str


class DomainInfo(_Model):
    """A breakdown of the estimates (``by``) and its groups, in publication order."""

    by: str
    label_fr: str
    label_en: str
    groups: list[GroupInfo]


class ThemeInfo(_Model):
    code: str
    label_fr: str
    label_en: str


# --- estimates and tests ---------------------------------------------------------------------


class EstimateRow(_Model):
    """One published estimate: a weighted share with its interval, base and flag.

    ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``cv`` and ``deff`` are ``None`` when the
    row is suppressed (base under the suppression threshold). ``n`` is the unweighted base (the
    respondents who answered the item in the group).
    """

    id: str
    variable: str
    level: str | None = None
    by: str
    group: str
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    cv: float | None = None
    deff: float | None = None
    n: int
    flag: Flag


class GroupTest(_Model):
    """A test that the groups of ``by`` differ on an indicator (whole-table scan).

    ``q_value`` is the Benjamini–Hochberg adjusted p-value over the family (every indicator
    tested against the same ``by``); ``significant`` compares it (or ``p_value`` when no
    correction is applied) with the settings' ``alpha``.
    """

    variable: str
    level: str | None = None
    by: str
    test: str
    statistic: float | None
    df_num: float | None = None
    df_den: float | None = None
    p_value: float | None
    q_value: float | None
    significant: bool
    n: int
    note: str = ""


class PairTest(_Model):
    """A design-based test of the difference between two estimate rows of one breakdown.

    :math:`t = (\\hat p_a - \\hat p_b) / SE` with :math:`SE^2 = V_{aa} + V_{bb} - 2 V_{ab}`
    (the covariance of two domains of one design is kept), against Student's t on the design
    degrees of freedom; ``q_value`` is Benjamini–Hochberg adjusted over the breakdown's family.
    """

    row_a: str
    row_b: str
    test: str
    test_en: str | None = None
    difference: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float | None
    p_value: float | None
    q_value: float | None = None
    significant: bool


# --- weighting and technical sheet -----------------------------------------------------------


class MarginLevel(_Model):
    code: str
    label_fr: str
    population: float
    respondents: int
    weighted_before: float
    weighted_after: float


class CalibrationMargin(_Model):
    variable: str
    label_fr: str
    label_en: str
    levels: list[MarginLevel]


class WeightSummary(_Model):
    n: int
    total: float
    min: float
    max: float
    mean: float
    cv: float
    kish_deff: float
    effective_n: float
    g_min: float | None = None
    g_max: float | None = None
    n_at_bounds: int = 0


class WeightingDiagnostics(_Model):
    """How the wave was calibrated to the frame, and how the weights came out."""

    method: str
    bounds: tuple[float, float] | None
    margins: list[CalibrationMargin]
    crossing_used: bool
    fallback_reason_fr: str | None = None
    fallback_reason_en: str | None = None
    converged: bool
    iterations: int | None = None
    initial: WeightSummary
    final: WeightSummary
    notes: list[Note] = Field(default_factory=list)


class ResponseRate(_Model):
    by: str
    group: str
    label_fr: str
    sampled: int | None
    respondents: int
    rate: float | None


class MarginOfError(_Model):
    """Half-width of a 95 % interval for a share, at a given base, under a design effect."""

    base_label_fr: str
    n: int
    share: float
    deff: float
    half_width: float


class TechnicalSheet(_Model):
    """The "fiche technique" of the wave."""

    population_fr: str
    population_en: str
    population_size: int
    frame_source_fr: str
    frame_source_en: str | None = None
    frame_date: str | None
    sample_design_fr: str
    sample_design_en: str
    sampled: int | None
    respondents: int
    fieldwork_start: str | None = None
    fieldwork_end: str | None = None
    mode_fr: str
    mode_en: str | None = None
    response_rates: list[ResponseRate]
    margins_of_error: list[MarginOfError]
    estimation_fr: str
    estimation_en: str | None = None
    tests_fr: str
    tests_en: str | None = None


# --- typology --------------------------------------------------------------------------------


class ProfileTrait(_Model):
    """A characteristic answer of a profile (over-represented against the whole sample)."""

    variable: str
    level: str | None = None
    label_fr: str
    label_en: str | None = None
    share_in_profile: float
    share_overall: float


class ProfileItem(_Model):
    """Agreement with a lever or brake item (Q9) in a profile and overall (weighted shares).

    ``share_in_profile`` and ``share_overall`` are the weighted shares of "tout à fait" or
    "plutôt d'accord" among those who answered the item ("ne sait pas" included), as every
    agreement share of the report.
    """

    variable: str
    label_fr: str
    label_en: str
    short_fr: str
    short_en: str
    share_in_profile: float
    share_overall: float
    put_forward: bool = False
    """The profile agrees clearly more than average (at least 10 points)."""


class Profile(_Model):
    """A profile of mayors: ``label_fr`` carries the code ("P2 — …"), ``name_fr`` only words.

    ``name_fr`` is short (a few words, suggested from the profile's strongest role of the
    commune and lever or brake, or chosen by the study team: ``name_source``);
    ``description_fr`` is the long characterisation.
    """

    code: str
    label_fr: str
    label_en: str
    name_fr: str = ""
    name_en: str = ""
    name_source: Literal["suggested", "team", "model"] = "suggested"
    suggested_name_fr: str = ""
    share_row: str | None = None
    n: int | None = None
    description_fr: str = ""
    description_en: str = ""
    levers_fr: list[str] = Field(default_factory=list)
    brakes_fr: list[str] = Field(default_factory=list)
    levers_en: list[str] = Field(default_factory=list)
    brakes_en: list[str] = Field(default_factory=list)
    levers: list[ProfileItem] = Field(default_factory=list)
    brakes: list[ProfileItem] = Field(default_factory=list)
    traits: list[ProfileTrait] = Field(default_factory=list)
    over_represented_fr: list[str] = Field(default_factory=list)
    """Supplementary categories (size band, region, sex, age) over-represented in the profile."""
    over_represented_en: list[str] | None = None
    jaccard: float | None = None
    """Mean bootstrap Jaccard of the profile (Hennig 2007), when stability was computed."""
    ari: float | None = None
    dissolved: float | None = None
    membership: float | None = None
    """Mean membership of the profile's respondents (frozen model's assignment)."""


class ProfileStabilityRow(_Model):
    code: str
    jaccard: float
    ari: float
    jaccard_min: float
    dissolved: float


class TypologyStability(_Model):
    """Bootstrap stability of the profiles (:func:`phare.typology.bootstrap_stability`)."""

    n_boot: int
    seed: int | None = None
    ari: float
    ari_min: float
    profiles: list[ProfileStabilityRow] = Field(default_factory=list)


class AssignmentSummary(_Model):
    """How clear-cut the assignment of the wave's respondents by the frozen model is.

    ``ratio`` = d₁/d₂ (nearest over second nearest centre; near 0 clear-cut), ``membership``
    the posterior of the assigned profile (see :mod:`phare.typology.model`).
    """

    n: int
    mean_membership: float
    share_clear: float
    """Share of respondents whose membership is at least 0.8."""
    median_ratio: float
    share_ambiguous: float
    """Share of respondents whose ratio d₁/d₂ exceeds 0.9 (between two profiles)."""
    n_unknown: int
    """Respondents with at least one answer unknown to the model (counted as neutral)."""
    agreement_with_fit: float | None = None
    """When fitted on this wave: share of respondents whose frozen-model profile is the
    clustering's."""


class TypologyResults(_Model):
    available: bool
    method_fr: str
    method_en: str
    variables: list[str] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)
    note_fr: str | None = None
    note_en: str | None = None
    mode: Literal["fitted", "frozen"] = "fitted"
    """Fitted on this wave, or respondents assigned with a frozen model of an earlier wave."""
    n_clusters: int | None = None
    n_clusters_suggested: int | None = None
    """Number suggested by the inertia gains (HCPC's criterion)."""
    n_clusters_source: Literal["suggested", "settings", "model"] | None = None
    inertia_gains: list[float] = Field(default_factory=list)
    """Relative between-inertia gains (loss of the Ward merges, largest first)."""
    level_ventil: float | None = None
    ventilated: dict[str, list[str]] = Field(default_factory=dict)
    """Answers ventilated, by question (rare levels and "NA", the missing answers)."""
    n_missing_answers: int = 0
    """Respondents with at least one active question unanswered (ventilated)."""
    stability: TypologyStability | None = None
    stability_at_fit: TypologyStability | None = None
    """With a frozen model: the stability measured when the model was fitted (its wave)."""
    assignment: AssignmentSummary | None = None
    names_file: str | None = None
    model_source: str | None = None
    """Where the frozen model comes from (its file and the wave it was fitted on)."""
    model: dict[str, Any] | None = None
    """The frozen :class:`phare.typology.TypologyModel` as JSON (written beside the report)."""


# --- lessons and claims ----------------------------------------------------------------------


class ClaimStatus(StrEnum):
    OK = "ok"
    REWORDED = "reformule"
    FLAGGED = "signale"


Format = Literal["percent", "out_of_ten", "group_label", "label", "Label", "n"]
"""How a referenced row fills a placeholder: its share as a percentage ("87 %"), as "x maires sur
10", the label of its group ("Occitanie"), the short label of its indicator ("développement
économique"; ``Label`` capitalised), or its unweighted base."""


class Claim(_Model):
    """One statement of a key lesson, built from a template and references to result rows.

    The templates hold ``{0}``, ``{1}``… placeholders filled with the formatted values of the
    rows in ``refs`` (``value_format`` says how: a percentage, "x maires sur 10", or the label
    of the row's group). ``kind`` says what the statement asserts, so that the checker can hold
    it to the rules: ``value`` (a figure), ``extreme_high``/``extreme_low`` (the first ref is the
    highest/lowest of ``scope``), ``range`` (refs are min then max of ``scope``), ``difference``
    (refs differ, by ``test_ref``), ``no_difference`` (groups of ``scope`` do not differ),
    ``ranking`` (refs are in decreasing order and lead ``scope``), ``text`` (no figure).
    """

    id: str
    kind: Literal[
        "value",
        "extreme_high",
        "extreme_low",
        "range",
        "difference",
        "no_difference",
        "ranking",
        "text",
    ]
    template_fr: str
    template_en: str
    refs: list[str] = Field(default_factory=list)
    formats: list[Format] = Field(default_factory=list)
    scope: list[str] = Field(default_factory=list)
    test_ref: str | None = None
    fallback_fr: str | None = None
    fallback_en: str | None = None
    fallback_refs: list[str] | None = None
    fallback_formats: list[Format] | None = None


class CheckedClaim(_Model):
    """A claim after the checker: the text actually published and why it changed."""

    claim: Claim
    status: ClaimStatus
    text_fr: str
    text_en: str
    used_refs: list[str]
    used_formats: list[str]
    reasons_fr: list[str] = Field(default_factory=list)
    reasons_en: list[str] = Field(default_factory=list)


class Lesson(_Model):
    number: int
    code: str
    title_fr: str
    title_en: str
    claims: list[CheckedClaim]
    chart_rows: list[str] = Field(default_factory=list)

    @property
    def text_fr(self) -> str:
        return " ".join(c.text_fr for c in self.claims if c.text_fr)

    @property
    def text_en(self) -> str:
        return " ".join(c.text_en for c in self.claims if c.text_en)


# --- comparison of two waves -----------------------------------------------------------------


class WaveChange(_Model):
    variable: str
    level: str | None = None
    by: str
    group: str
    estimate_from: float | None
    estimate_to: float | None
    n_from: int
    n_to: int
    difference: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    statistic: float | None
    p_value: float | None
    q_value: float | None
    significant: bool
    flag: Flag


class WaveComparison(_Model):
    """Change of every indicator between two independent waves.

    Var(p2 - p1) = Var(p1) + Var(p2) (independent samples); z = (p2 - p1) / SE, normal
    reference; Benjamini–Hochberg over the table when the settings ask for it.
    """

    wave_from: str
    wave_to: str
    test_fr: str
    test_en: str
    changes: list[WaveChange]


# --- annexes ---------------------------------------------------------------------------------


class QuestionAnnex(_Model):
    question: str
    text_fr: str
    text_en: str
    type_fr: str
    type_en: str | None = None
    variables: list[str]
    codes_fr: list[str] = Field(default_factory=list)
    codes_en: list[str] | None = None
    condition_fr: str | None = None
    condition_en: str | None = None


class CodebookEntry(_Model):
    variable: str
    question: str
    label_fr: str
    label_en: str | None = None
    type: str
    codes_fr: str
    codes_en: str | None = None


class Annex(_Model):
    questionnaire: list[QuestionAnnex] = Field(default_factory=list)
    codebook: list[CodebookEntry] = Field(default_factory=list)


# --- the whole -------------------------------------------------------------------------------


class ResultsMetadata(_Model):
    schema_version: str = SCHEMA_VERSION
    wave: str
    title_fr: str = "PHARE-Institutions"
    title_en: str = "PHARE-Institutions"
    simulated: bool
    seed: int | None = None
    phare_version: str
    source_fr: str
    source_en: str
    settings: StudySettings
    computed_on: str | None = None

    @field_validator("schema_version")
    @classmethod
    def _major(cls, value: str) -> str:
        if value.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(
                f"schema_version {value!r} is not readable by this phare (expected "
                f"{SCHEMA_VERSION.split('.')[0]}.x)"
            )
        return value


class WaveResults(_Model):
    """Everything published about one wave.

    The renderers of :mod:`phare.publish` read this and only this.
    """

    metadata: ResultsMetadata
    technical: TechnicalSheet
    weighting: WeightingDiagnostics
    themes: list[ThemeInfo]
    indicators: list[IndicatorInfo]
    domains: list[DomainInfo]
    estimates: list[EstimateRow]
    group_tests: list[GroupTest] = Field(default_factory=list)
    pair_tests: list[PairTest] = Field(default_factory=list)
    lessons: list[Lesson] = Field(default_factory=list)
    typology: TypologyResults
    comparison: WaveComparison | None = None
    annex: Annex = Field(default_factory=Annex)
    regions_geojson: dict[str, Any] | None = None
    notes: list[Note] = Field(default_factory=list)

    # -- serialisation ------------------------------------------------------------------------
    def to_json(self, indent: int | None = None) -> str:
        """The results as JSON text (the stable, versioned exchange format)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> WaveResults:
        """Read results written by :meth:`to_json`; refuses another major schema version."""
        return cls.model_validate_json(text)

    # -- look-ups ------------------------------------------------------------------------------
    def row(self, id_: str) -> EstimateRow:
        """The estimate row of identifier ``id_`` (see :func:`row_id`)."""
        for r in self.estimates:
            if r.id == id_:
                return r
        raise KeyError(f"no estimate row {id_!r} in the results of wave {self.metadata.wave}")

    def get(
        self, variable: str, by: str = NATIONAL, group: str = ALL, level: str | None = None
    ) -> EstimateRow:
        return self.row(row_id(variable, by, group, level))

    def rows(self, variable: str, by: str, level: str | None = None) -> list[EstimateRow]:
        """The rows of one indicator across the groups of ``by``, in publication order."""
        domain = self.domain(by)
        index = self._row_index()
        out = []
        for g in domain.groups:
            rid = row_id(variable, by, g.code, level)
            if rid in index:
                out.append(index[rid])
        return out

    def indicator(self, variable: str) -> IndicatorInfo:
        for info in self.indicators:
            if info.variable == variable:
                return info
        raise KeyError(f"no indicator {variable!r} in the results")

    def domain(self, by: str) -> DomainInfo:
        for d in self.domains:
            if d.by == by:
                return d
        raise KeyError(f"no breakdown {by!r} in the results")

    def group_label(self, by: str, group: str, lang: str = "fr") -> str:
        for g in self.domain(by).groups:
            if g.code == group:
                return g.label_fr if lang == "fr" else g.label_en
        raise KeyError(f"no group {group!r} in breakdown {by!r}")

    def group_test(self, variable: str, by: str, level: str | None = None) -> GroupTest | None:
        for t in self.group_tests:
            if t.variable == variable and t.by == by and t.level == level:
                return t
        return None

    def flagged_claims(self) -> list[CheckedClaim]:
        """Claims the checker reworded or flagged, for the report's list."""
        return [c for lesson in self.lessons for c in lesson.claims if c.status != ClaimStatus.OK]

    def _row_index(self) -> dict[str, EstimateRow]:
        return {r.id: r for r in self.estimates}

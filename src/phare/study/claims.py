"""Claims of the key lessons and the claim checker.

A key lesson is a list of :class:`~phare.study.results.Claim`: a French and an English template
with ``{0}``, ``{1}``… placeholders, the identifiers of the result rows whose values fill them,
and the kind of statement made. The checker holds each claim to the publication rules before it
is rendered:

* every referenced row exists and is published (base ≥ ``min_base_suppress``);
* a figure quoted as a value rests on a base ≥ ``min_base_flag`` (else "faible effectif");
* an extreme (``extreme_high``/``extreme_low``) or a ``range`` is the true extreme of its scope
  among the groups whose base is ≥ ``extreme_base``, rests on such a base itself, and the groups
  of the scope differ according to the whole-table test (Rao–Scott, Benjamini–Hochberg);
* a ``ranking`` quotes rows in decreasing order, and they lead their scope;
* a ``difference`` is supported by a significant design-based test (pair test of the two rows,
  or the group test named by ``test_ref``); a ``no_difference`` by a non-significant one.

A claim that breaks a rule is replaced by its fallback wording when the fallback passes the rules
(status ``reformule``), otherwise it is withheld from the text and listed (status ``signale``).
Every number in a published sentence therefore comes from a result row with a base and an
interval.
"""

from __future__ import annotations

from collections.abc import Sequence

from phare.study.results import (
    CheckedClaim,
    Claim,
    ClaimStatus,
    EstimateRow,
    Flag,
    WaveResults,
    number_en,
    number_fr,
    out_of_ten_en,
    out_of_ten_fr,
    percent_en,
    percent_fr,
)

_FMT = ("percent", "out_of_ten", "group_label", "label", "Label", "n")


def format_value(results: WaveResults, row: EstimateRow, fmt: str, lang: str) -> str:
    """The text of one placeholder: a row's value in the requested format and language."""
    if fmt == "group_label":
        return results.group_label(row.by, row.group, lang)
    if fmt in ("label", "Label"):
        info = results.indicator(row.variable)
        text = (
            (info.short_fr or info.label_fr) if lang == "fr" else (info.short_en or info.label_en)
        )
        return text[:1].upper() + text[1:] if fmt == "Label" else text
    if fmt == "n":
        return number_fr(row.n) if lang == "fr" else number_en(row.n)
    if row.estimate is None:
        raise ValueError(f"row {row.id!r} is suppressed and cannot be quoted")
    if fmt == "percent":
        return percent_fr(row.estimate) if lang == "fr" else percent_en(row.estimate)
    if fmt == "out_of_ten":
        return out_of_ten_fr(row.estimate) if lang == "fr" else out_of_ten_en(row.estimate)
    raise ValueError(f"unknown format {fmt!r}; expected one of {_FMT}")


def render(
    results: WaveResults, template: str, refs: Sequence[str], formats: Sequence[str], lang: str
) -> str:
    """Fill ``template`` with the formatted values of ``refs``."""
    values = [
        format_value(results, results.row(ref), fmt, lang)
        for ref, fmt in zip(refs, formats, strict=True)
    ]
    return template.format(*values)


def _rule_violations(
    results: WaveResults,
    kind: str,
    refs: Sequence[str],
    formats: Sequence[str],
    scope: Sequence[str],
    test_ref: str | None,
) -> list[tuple[str, str]]:
    """The rules a statement breaks, as (French, English) reasons; empty when it holds."""
    settings = results.metadata.settings
    reasons: list[tuple[str, str]] = []
    if len(refs) != len(formats):
        return [("références et formats en nombre différent", "refs and formats differ in number")]
    index = {r.id: r for r in results.estimates}
    rows: list[EstimateRow] = []
    for ref in dict.fromkeys(refs):
        if ref not in index:
            reasons.append((f"ligne de résultat absente : {ref}", f"missing result row: {ref}"))
            continue
        rows.append(index[ref])
    if reasons:
        return reasons
    quoted_formats: dict[str, set[str]] = {}
    for ref, fmt in zip(refs, formats, strict=True):
        quoted_formats.setdefault(ref, set()).add(fmt)
    for row in rows:
        numeric = quoted_formats[row.id] & {"percent", "out_of_ten"}
        if numeric and row.flag == Flag.SUPPRESSED:
            reasons.append(
                (
                    f"{row.id} : effectif trop faible pour publier (n = {row.n})",
                    f"{row.id}: base too small to publish (n = {row.n})",
                )
            )
        elif numeric and row.flag == Flag.LOW_BASE and kind == "value":
            reasons.append(
                (
                    f"{row.id} : faible effectif (n = {row.n} < {settings.min_base_flag})",
                    f"{row.id}: small base (n = {row.n} < {settings.min_base_flag})",
                )
            )
    if reasons:
        return reasons

    scope_rows = [index[s] for s in scope if s in index]
    eligible = [r for r in scope_rows if r.estimate is not None and r.n >= settings.extreme_base]

    if kind in ("extreme_high", "extreme_low", "range"):
        quoted = rows[:1] if kind != "range" else rows[:2]
        for row in quoted:
            if row.n < settings.extreme_base:
                reasons.append(
                    (
                        f"{row.id} : un extrême ne se cite pas sur une base de {row.n} "
                        f"(< {settings.extreme_base})",
                        f"{row.id}: an extreme is not quoted on a base of {row.n} "
                        f"(< {settings.extreme_base})",
                    )
                )
        if not reasons and eligible:
            top = max(eligible, key=lambda r: r.estimate or 0.0)
            bottom = min(eligible, key=lambda r: r.estimate or 0.0)
            checks = {"extreme_high": [(rows[0], top)], "extreme_low": [(rows[0], bottom)]}
            checks["range"] = [(rows[0], bottom), (rows[1], top)] if len(rows) > 1 else []
            for row, truth in checks[kind]:
                if row.estimate != truth.estimate:
                    reasons.append(
                        (
                            f"{row.id} n'est pas l'extrême du champ ({truth.id} l'est)",
                            f"{row.id} is not the extreme of its scope ({truth.id} is)",
                        )
                    )
        if not reasons:
            reasons.extend(_needs_test(results, rows[0], test_ref, significant=True))
    elif kind == "ranking":
        estimates = [r.estimate or 0.0 for r in rows]
        if estimates != sorted(estimates, reverse=True):
            reasons.append(("ordre annoncé non respecté", "stated order does not hold"))
        if eligible:
            leaders = sorted(eligible, key=lambda r: -(r.estimate or 0.0))[: len(rows)]
            if {r.id for r in leaders} != {r.id for r in rows}:
                reasons.append(
                    (
                        "les lignes citées ne sont pas en tête du champ ("
                        + ", ".join(r.id for r in leaders)
                        + ")",
                        "the quoted rows do not lead their scope",
                    )
                )
    elif kind == "difference":
        reasons.extend(_difference_support(results, rows, test_ref))
    elif kind == "no_difference":
        reasons.extend(_needs_test(results, rows[0] if rows else None, test_ref, significant=False))
    return reasons


def _fr3(value: float | None) -> str:
    return "–" if value is None else number_fr(value, 3)


def _en3(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _needs_test(
    results: WaveResults, row: EstimateRow | None, test_ref: str | None, significant: bool
) -> list[tuple[str, str]]:
    """Require the group test ``test_ref`` ("variable[=level]|by") to be (non-)significant."""
    if test_ref is None:
        if row is None or row.by == "national":
            return []
        test_ref = (row.variable if row.level is None else f"{row.variable}={row.level}") + (
            f"|{row.by}"
        )
    head, _, by = test_ref.partition("|")
    variable, _, level = head.partition("=")
    test = results.group_test(variable, by, level or None)
    if test is None or test.p_value is None:
        return [(f"aucun test disponible pour {test_ref}", f"no test available for {test_ref}")]
    if significant and not test.significant:
        return [
            (
                f"écart entre groupes non significatif ({test.test}, q = {_fr3(test.q_value)})",
                f"difference between groups not significant ({test.test}, q = {_en3(test.q_value)})",
            )
        ]
    if not significant and test.significant:
        return [
            (
                f"les groupes diffèrent significativement ({test.test}, q = {_fr3(test.q_value)})",
                f"the groups differ significantly ({test.test}, q = {_en3(test.q_value)})",
            )
        ]
    return []


def _difference_support(
    results: WaveResults, rows: Sequence[EstimateRow], test_ref: str | None
) -> list[tuple[str, str]]:
    if len(rows) >= 2:
        pair = {rows[0].id, rows[1].id}
        for t in results.pair_tests:
            if {t.row_a, t.row_b} == pair:
                if t.significant:
                    return []
                q = t.q_value if t.q_value is not None else t.p_value
                return [
                    (
                        f"différence non significative ({t.test}, q = {_fr3(q)})",
                        f"difference not significant ({t.test_en or t.test}, q = {_en3(q)})",
                    )
                ]
    if test_ref is not None or rows:
        return _needs_test(results, rows[0] if rows else None, test_ref, significant=True)
    return [("aucun test à l'appui", "no supporting test")]


def check_claim(results: WaveResults, claim: Claim) -> CheckedClaim:
    """Hold one claim to the rules; reword it with its fallback or flag it."""
    formats: list[str] = list(claim.formats)
    reasons = _rule_violations(
        results, claim.kind, claim.refs, formats, claim.scope, claim.test_ref
    )
    if not reasons:
        return CheckedClaim(
            claim=claim,
            status=ClaimStatus.OK,
            text_fr=render(results, claim.template_fr, claim.refs, formats, "fr"),
            text_en=render(results, claim.template_en, claim.refs, formats, "en"),
            used_refs=list(claim.refs),
            used_formats=formats,
        )
    reasons_fr = [fr for fr, _ in reasons]
    reasons_en = [en for _, en in reasons]
    if claim.fallback_fr is not None and claim.fallback_en is not None:
        fb_refs = list(claim.fallback_refs if claim.fallback_refs is not None else [])
        fb_formats: list[str] = list(
            claim.fallback_formats if claim.fallback_formats is not None else []
        )
        fb_reasons = _rule_violations(results, "value", fb_refs, fb_formats, [], None)
        if not fb_reasons:
            return CheckedClaim(
                claim=claim,
                status=ClaimStatus.REWORDED,
                text_fr=render(results, claim.fallback_fr, fb_refs, fb_formats, "fr"),
                text_en=render(results, claim.fallback_en, fb_refs, fb_formats, "en"),
                used_refs=fb_refs,
                used_formats=fb_formats,
                reasons_fr=reasons_fr,
                reasons_en=reasons_en,
            )
        reasons_fr += [f"reformulation impossible : {fr}" for fr, _ in fb_reasons]
        reasons_en += [f"fallback impossible: {en}" for _, en in fb_reasons]
    return CheckedClaim(
        claim=claim,
        status=ClaimStatus.FLAGGED,
        text_fr="",
        text_en="",
        used_refs=[],
        used_formats=[],
        reasons_fr=reasons_fr,
        reasons_en=reasons_en,
    )


def check_claims(results: WaveResults, claims: Sequence[Claim]) -> list[CheckedClaim]:
    """Check every claim of a lesson, in order."""
    return [check_claim(results, c) for c in claims]

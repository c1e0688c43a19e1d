"""Compatibility between two versions of an instrument.

A later wave may add questions, variables, codes, indicators; it never renames or recodes
one. `compatibility_problems(new, old)` lists every breach of that rule (empty list = the new
version is compatible with the old one).
"""

from __future__ import annotations

from phare.instrument.model import Instrument


def compatibility_problems(new: Instrument, old: Instrument) -> list[str]:
    """List what `new` renames, removes or recodes from `old` (French / English messages).

    Checked for every variable of `old` (respondent, asked, frame): it still exists in `new`,
    with the same type, the same question id, the same "ne sait pas" code, the same skip rule,
    and every old code still present with the same French label (a changed label means a
    recode). New codes, variables, questions and indicators are allowed. Every old indicator
    must keep its definition (kind, variables, codes, base restriction).
    """
    problems: list[str] = []
    new_vars = {v.name: v for v in new.all_variables}
    for old_var in old.all_variables:
        name = old_var.name
        var = new_vars.get(name)
        if var is None:
            problems.append(f"{name}: variable supprimée ou renommée / removed or renamed")
            continue
        if var.type != old_var.type:
            problems.append(f"{name}: type modifié / type changed {old_var.type} -> {var.type}")
        if var.question != old_var.question:
            problems.append(
                f"{name}: question modifiée / question changed {old_var.question} -> {var.question}"
            )
        if var.dont_know != old_var.dont_know:
            problems.append(
                f"{name}: code « ne sait pas » modifié / don't-know code changed "
                f"{old_var.dont_know} -> {var.dont_know}"
            )
        if var.asked_if != old_var.asked_if:
            problems.append(f"{name}: condition de filtre modifiée / skip rule changed")
        for code, label in old_var.codes.items():
            if code not in var.codes:
                problems.append(f"{name}: code {code} supprimé / code removed")
            elif var.codes[code].fr != label.fr:
                problems.append(
                    f"{name}: code {code} recodé / recoded "
                    f"« {label.fr} » -> « {var.codes[code].fr} »"
                )
        for value in old_var.values:
            if value not in var.values:
                problems.append(f"{name}: valeur {value!r} supprimée / value removed")
    new_inds = {i.name: i for i in new.indicators}
    for old_ind in old.indicators:
        ind = new_inds.get(old_ind.name)
        if ind is None:
            problems.append(f"{old_ind.name}: indicateur supprimé / indicator removed")
        elif (ind.kind, ind.variables, ind.codes, ind.among) != (
            old_ind.kind,
            old_ind.variables,
            old_ind.codes,
            old_ind.among,
        ):
            problems.append(f"{old_ind.name}: définition modifiée / definition changed")
    return problems


def is_compatible(new: Instrument, old: Instrument) -> bool:
    """True when `new` only adds to `old` (see `compatibility_problems`)."""
    return not compatibility_problems(new, old)

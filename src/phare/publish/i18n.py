"""The words of the published documents, French and English, in one place.

Every text a reader sees in the report, the summary, the charts' captions, the tables and the
workbook comes from :data:`MESSAGES` (a key → ``(French, English)`` pair, so that no key lacks
its translation) or from the results themselves (their ``*_fr``/``*_en`` fields, chosen by
:meth:`Lang.label`). Placeholders are ``str.format`` fields (``{n}``). Numbers are formatted
by the language: ``87 %``/``1 234,5``/``1er août 2017`` in French, ``87%``/``1,234.5``/
``1 August 2017`` in English.

``Lang.t`` returns plain text (escaped by the template like any value); ``Lang.m`` returns
template text (:class:`markupsafe.Markup`: trusted, its fields escaped), used by the Jinja
templates in place of literal text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup

from phare.study.results import (
    date_fr,
    number_en,
    number_fr,
    out_of_ten,
    percent_en,
    percent_fr,
    points_en,
    points_fr,
)

LANGS = ("fr", "en")
LangCode = Literal["fr", "en"]

_PAIRS: dict[str, tuple[str, str]] = {
    # --- document titles and file heads ------------------------------------------------------
    "doc.report_title": (
        "{title} — vague {wave} — rapport d'étude",
        "{title} — wave {wave} — study report",
    ),
    "doc.summary_title": (
        "{title}, en quelques mots — vague {wave}",
        "{title} in brief — wave {wave}",
    ),
    "doc.simulated_suffix": (" (données simulées)", " (simulated data)"),
    "sim.short": ("Données simulées", "Simulated data"),
    "sim.page_left": ("Données simulées — simulated data", "Simulated data — données simulées"),
    "sim.report_banner": (
        "Données simulées — ce rapport ne décrit pas une enquête réelle / simulated data",
        "Simulated data — this report does not describe a real survey / données simulées",
    ),
    "sim.summary_banner": (
        "Données simulées — ce document ne décrit pas une enquête réelle",
        "Simulated data — this document does not describe a real survey",
    ),
    "sim.sentence": (" Données simulées.", " Simulated data."),
    "sim.marker": ("simulées", "simulated"),
    "page": ("Page", "Page"),
    # --- cover and contents ------------------------------------------------------------------
    "cover.programme": (
        "Programme d'études PHARE — Volet PHARE-Institutions",
        "PHARE research programme — PHARE-Institutions strand",
    ),
    "cover.title": (
        "{title} : les maires et la co-construction territoriale",
        "{title}: mayors and territorial co-construction",
    ),
    "cover.subtitle": ("Rapport d'étude — vague {wave}", "Study report — wave {wave}"),
    "cover.respondents": ("{n} maires répondants", "{n} responding mayors"),
    "cover.sampled": (" sur {n} interrogés", " out of {n} surveyed"),
    "cover.population": (" ; population : {n} communes.", "; population: {n} communes."),
    "cover.edition": (
        "Édition du {date} — produit par phare {version}",
        "Edition of {date} — produced by phare {version}",
    ),
    "cover.seed": (", graine {seed}", ", seed {seed}"),
    "toc": ("Sommaire", "Contents"),
    "toc.synthese": ("Synthèse : les 7 enseignements-clés", "Summary: the 7 key lessons"),
    "toc.fiche": ("Fiche technique", "Technical note"),
    "toc.detail": ("Résultats détaillés par thème", "Detailed results by theme"),
    "toc.regions": (
        "Résultats par région et par taille de commune",
        "Results by region and by size of commune",
    ),
    "toc.profil": ("Résultats selon le profil du maire", "Results by mayor's profile"),
    "toc.typologie": ("Typologie des maires", "Typology of mayors"),
    "toc.evolution": ("Évolution depuis la vague {wave}", "Change since wave {wave}"),
    "toc.controle": ("Contrôle des affirmations", "Checking of the claims"),
    "toc.annexes": (
        "Annexes : questionnaire, dictionnaire des variables",
        "Appendices: questionnaire, codebook",
    ),
    "annexes": ("Annexes", "Appendices"),
    # --- technical note ----------------------------------------------------------------------
    "sheet.population": ("Population", "Population"),
    "sheet.population_dd": ("{population} ({n} communes).", "{population} ({n} communes)."),
    "sheet.frame": ("Base de sondage", "Sampling frame"),
    "sheet.frame_date": (", état au {date}", ", as of {date}"),
    "sheet.design": ("Plan de sondage", "Sample design"),
    "sheet.sample": ("Échantillon", "Sample"),
    "sheet.sampled": ("{n} maires interrogés, ", "{n} mayors surveyed, "),
    "sheet.respondents": ("{n} répondants.", "{n} respondents."),
    "sheet.fieldwork": ("Terrain", "Fieldwork"),
    "sheet.fieldwork_dates": ("du {start} au {end}", "From {start} to {end}"),
    "sheet.fieldwork_none": ("dates non renseignées", "Dates not given"),
    "sheet.weighting": ("Redressement", "Weighting"),
    "sheet.calibration": ("Calage sur marges ({method}", "Calibration on margins ({method}"),
    "sheet.bounds": (", bornes {low} – {high}", ", bounds {low} – {high}"),
    "sheet.converged": ("convergence atteinte", "converged"),
    "sheet.not_converged": ("non-convergence", "did not converge"),
    "sheet.iterations": (" en {n} itérations", " in {n} iterations"),
    "sheet.no_crossing": (
        " Croisement région × taille non utilisé : {reason}",
        " Region × size crossing not used: {reason}",
    ),
    "sheet.estimation": ("Estimation", "Estimation"),
    "sheet.tests": ("Tests", "Tests"),
    "sheet.typology": ("Typologie", "Typology"),
    "sheet.ty_frozen": ("Modèle figé", "Frozen model"),
    "sheet.ty_no_refit": (", sans nouvel ajustement ; ", ", not refitted; "),
    "sheet.ty_fitted": (
        "ACM pondérée et classification de Ward consolidée ; ",
        "Weighted MCA and consolidated Ward clustering; ",
    ),
    "sheet.ty_profiles": ("{n} profils (", "{n} profiles ("),
    "sheet.ty_suggested": (
        "nombre suggéré par les gains d'inertie",
        "number suggested by the inertia gains",
    ),
    "sheet.ty_settings": ("nombre fixé par l'équipe d'étude", "number set by the study team"),
    "sheet.ty_model": ("nombre du modèle", "number of the model"),
    "sheet.ty_ventil": (
        " ; réponses de moins de {share} % et non-réponses ventilées",
        "; answers under {share}% and non-responses ventilated",
    ),
    "sheet.ty_stability": (
        " ; stabilité bootstrap ({n} tirages) : ARI {ari}, Jaccard par profil {low} à {high}",
        "; bootstrap stability ({n} draws): ARI {ari}, Jaccard by profile {low} to {high}",
    ),
    "sheet.ty_membership": (" ; appartenance moyenne {m}", "; mean membership {m}"),
    "sheet.rules": ("Règles de publication", "Publication rules"),
    "sheet.rules_dd": (
        "Base inférieure à {flag} : « faible effectif » (*) ; inférieure à {suppress} : non "
        "publié (n.p.). Intervalles de confiance à {level} %.",
        "Base under {flag}: \u201csmall base\u201d (*); under {suppress}: not published (n.p.). "
        "{level}% confidence intervals.",
    ),
    "rates": ("Taux de réponse", "Response rates"),
    "rates.group": ("Groupe", "Group"),
    "rates.sampled": ("Interrogés", "Surveyed"),
    "rates.respondents": ("Répondants", "Respondents"),
    "rates.rate": ("Taux de réponse", "Response rate"),
    "margins": ("Marges de calage", "Calibration margins"),
    "margins.level": ("Modalité", "Category"),
    "margins.population": ("Population (base de sondage)", "Population (sampling frame)"),
    "margins.respondents": ("Répondants", "Respondents"),
    "margins.before": ("Total pondéré avant calage", "Weighted total before calibration"),
    "margins.after": ("Total pondéré après calage", "Weighted total after calibration"),
    "weights": ("Poids", "Weights"),
    "weights.total": ("Total", "Total"),
    "weights.min": ("Min.", "Min."),
    "weights.max": ("Max.", "Max."),
    "weights.mean": ("Moyenne", "Mean"),
    "weights.cv": ("CV", "CV"),
    "weights.kish": ("Effet de plan de Kish", "Kish design effect"),
    "weights.effective": ("Taille effective", "Effective size"),
    "weights.initial": ("Poids initiaux", "Initial weights"),
    "weights.final": ("Poids calés", "Calibrated weights"),
    "weights.g": (
        "Rapports de calage g = w / d : de {low} à {high} ; {n} poids à une borne.",
        "Calibration ratios g = w / d: from {low} to {high}; {n} weights at a bound.",
    ),
    "moe": ("Marges d'erreur", "Margins of error"),
    "moe.base": ("Base", "Base"),
    "moe.all": ("Ensemble des maires", "All mayors"),
    "moe.communes": ("Communes de {band}", "Communes of {band}"),
    "moe.deff": ("Effet de plan", "Design effect"),
    "moe.share": ("Proportion", "Proportion"),
    "moe.half": ("Marge d'erreur (± points, IC à 95 %)", "Margin of error (± points, 95% CI)"),
    # --- results chapters --------------------------------------------------------------------
    "theme.all": ("{theme} — ensemble des maires", "{theme} — all mayors"),
    "theme.by_size": ("{theme} selon la taille de la commune", "{theme} by size of commune"),
    "theme.by_region": ("{theme} par région{more}", "{theme} by region{more}"),
    "theme.six": (
        " (les six items les plus cités ; tous les items dans le classeur Excel)",
        " (the six most cited items; every item in the Excel workbook)",
    ),
    "key.by_region": ("Indicateurs clés par région", "Key indicators by region"),
    "key.by_size": (
        "Indicateurs clés selon la taille de la commune",
        "Key indicators by size of commune",
    ),
    "key.by": ("Indicateurs clés selon : {domain}", "Key indicators by {domain}"),
    "signif": ("Écarts significatifs entre groupes", "Significant differences between groups"),
    "signif.note": (
        "Un écart entre groupes n'est dit « écart » que si le test de Rao–Scott le soutient "
        "après contrôle du taux de fausses découvertes (Benjamini–Hochberg, {alpha} %) sur "
        "l'ensemble des indicateurs d'un même découpage.",
        "A difference between groups is called a difference only when the Rao–Scott test "
        "supports it after control of the false discovery rate (Benjamini–Hochberg, {alpha}%) "
        "over all the indicators of one breakdown.",
    ),
    "signif.indicator": ("Indicateur", "Indicator"),
    "signif.by": ("Découpage", "Breakdown"),
    "signif.test": ("Test", "Test"),
    "signif.statistic": ("Statistique", "Statistic"),
    "signif.none": ("Aucun écart significatif.", "No significant difference."),
    "pairs": ("Différences entre deux groupes", "Differences between two groups"),
    "pairs.note": (
        "Test de Wald (t) de la différence de proportions, covariance des deux domaines "
        "comprise ; p-values ajustées par Benjamini–Hochberg sur chaque découpage à deux groupes "
        "(sexe du maire, premier mandat).",
        "Wald (t) test of the difference of proportions, the covariance of the two domains "
        "included; p-values adjusted by Benjamini–Hochberg within each two-group breakdown "
        "(mayor's sex, first term).",
    ),
    "pairs.a": ("Groupe A", "Group A"),
    "pairs.b": ("Groupe B", "Group B"),
    "pairs.diff": ("Différence", "Difference"),
    "pairs.ci": ("IC à 95 %", "95% CI"),
    "pairs.none": (
        "Aucune différence significative entre femmes et hommes maires, ni entre maires en "
        "premier mandat et maires réélus ({n} indicateurs testés).",
        "No significant difference between women and men mayors, nor between first-term and "
        "re-elected mayors ({n} indicators tested).",
    ),
    # --- typology ----------------------------------------------------------------------------
    "ty.k_suggested": (
        "Le nombre de profils ({k}) n'est pas fixé à l'avance : c'est celui que suggèrent les "
        "gains d'inertie de la classification (critère de HCPC).",
        "The number of profiles ({k}) is not set in advance: it is the one the inertia gains of "
        "the clustering suggest (HCPC's criterion).",
    ),
    "ty.k_settings": (
        "Le nombre de profils a été fixé à {k} par l'équipe d'étude (les gains d'inertie en "
        "suggéraient {suggested}).",
        "The number of profiles was set to {k} by the study team (the inertia gains suggested "
        "{suggested}).",
    ),
    "ty.k_model": (
        "Les {k} profils sont ceux du modèle figé ({source}).",
        "The {k} profiles are those of the frozen model ({source}).",
    ),
    "ty.ventil": (
        "Réponses de moins de {share} % et non-réponses ventilées au hasard (graine fixée) "
        "parmi les autres réponses de la question ({questions} question(s) concernée(s) ; "
        "{missing} répondant(s) avec au moins une non-réponse) : aucun profil ne repose sur la "
        "non-réponse.",
        "Answers under {share}% and non-responses ventilated at random (fixed seed) among the "
        "other answers of the question ({questions} question(s) concerned; {missing} "
        "respondent(s) with at least one non-response): no profile rests on non-response.",
    ),
    "ty.stability": (
        "Stabilité (bootstrap, {n} tirages) : indice de Rand ajusté moyen {ari} (minimum "
        "{ari_min}) ; Jaccard par profil de {low} à {high} (au-dessus de 0,75 : profil stable ; "
        "sous 0,5 : profil qui se dissout).",
        "Stability (bootstrap, {n} draws): mean adjusted Rand index {ari} (minimum {ari_min}); "
        "Jaccard by profile from {low} to {high} (above 0.75: stable profile; under 0.5: a "
        "profile that dissolves).",
    ),
    "ty.stability_at_fit": (
        "Stabilité mesurée à l'ajustement du modèle (bootstrap, {n} tirages) : indice de Rand "
        "ajusté moyen {ari} ; Jaccard par profil de {low} à {high}.",
        "Stability measured when the model was fitted (bootstrap, {n} draws): mean adjusted "
        "Rand index {ari}; Jaccard by profile from {low} to {high}.",
    ),
    "ty.assign_frozen": ("Affectation par le modèle figé :", "Assignment by the frozen model:"),
    "ty.assign_fitted": (
        "Modèle figé (fichier typologie.json, pour affecter les vagues suivantes)",
        "Frozen model (typologie.json file, to assign the next waves)",
    ),
    "ty.assign_agreement": (
        " : même profil que la classification pour {share} des maires ;",
        ": same profile as the clustering for {share} of mayors;",
    ),
    "ty.assign_colon": (" :", ":"),
    "ty.assignment": (
        "{head} appartenance moyenne {m}, {clear} des maires nettement rattachés (appartenance "
        "≥ 0,8), {ambiguous} entre deux profils (rapport des distances > 0,9).",
        "{head} mean membership {m}, {clear} of mayors clearly assigned (membership ≥ 0.8), "
        "{ambiguous} between two profiles (ratio of distances > 0.9).",
    ),
    "ty.names_team": (
        "Noms des profils choisis par l'équipe d'étude{file}.",
        "Names of the profiles chosen by the study team{file}.",
    ),
    "ty.names_suggested": (
        "Noms suggérés à partir du rôle de la commune et du levier ou frein le plus "
        "caractéristique de chaque profil ; l'équipe d'étude peut les remplacer.",
        "Names suggested from the role of the commune and the most characteristic lever or "
        "brake of each profile; the study team may replace them.",
    ),
    "ty.lever": ("Levier", "Lever"),
    "ty.brake": ("Frein", "Brake"),
    "ty.profile": ("Profil", "Profile"),
    "ty.name": ("Nom", "Name"),
    "ty.share": ("Part des maires", "Share of mayors"),
    "ty.ci": ("IC à 95 %", "95% CI"),
    "ty.respondents": ("Répondants", "Respondents"),
    "ty.jaccard": ("Stabilité (Jaccard)", "Stability (Jaccard)"),
    "ty.membership": ("Appartenance moyenne", "Mean membership"),
    "ty.levers_title": ("Leviers et freins selon le profil", "Levers and brakes by profile"),
    "ty.levers_note": (
        "Part des maires d'accord (tout à fait ou plutôt) avec chaque levier et chaque frein, "
        "dans chaque profil ; en gras, au moins 10 points au-dessus de l'ensemble.",
        "Share of mayors who agree (strongly or somewhat) with each lever and each brake, in "
        "each profile; in bold, at least 10 points above all mayors.",
    ),
    "ty.item": ("Item", "Item"),
    "ty.all": ("Ensemble", "All"),
    "ty.profile_head": ("{label} — {share} des maires", "{label} — {share} of mayors"),
    "ty.levers_put": ("Leviers mis en avant :", "Levers put forward:"),
    "ty.brakes_felt": ("Freins ressentis :", "Brakes felt:"),
    "ty.none_above": ("aucun au-dessus de la moyenne", "none above average"),
    "ty.trait": ("Réponse caractéristique", "Characteristic answer"),
    "ty.in_profile": ("Dans le profil", "In the profile"),
    "ty.unavailable": (
        "La typologie n'est pas disponible pour cette vague.",
        "The typology is not available for this wave.",
    ),
    # --- comparison, claims, annexes ---------------------------------------------------------
    "cmp.indicator": ("Indicateur", "Indicator"),
    "cmp.change": ("Évolution", "Change"),
    "cmp.ci": ("IC à 95 %", "95% CI"),
    "cmp.significant": ("Significatif", "Significant"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "claims.intro": (
        "Chaque chiffre des enseignements-clés provient d'une ligne de résultats (estimation, "
        "base, intervalle). Une affirmation que les données ne soutiennent pas (extrême régional "
        "sur une petite base, écart non significatif) est reformulée ou retirée ; la liste suit.",
        "Every figure of the key lessons comes from a row of the results (estimate, base, "
        "interval). A claim the data do not support (a regional extreme on a small base, a "
        "difference that is not significant) is reworded or withheld; the list follows.",
    ),
    "claims.reworded": ("Reformulée", "Reworded"),
    "claims.withheld": ("Retirée", "Withheld"),
    "claims.published": ("Texte publié : « {text} »", "Published text: \u201c{text}\u201d"),
    "claims.none": ("Aucune affirmation reformulée ni retirée.", "No claim reworded or withheld."),
    "annex.questionnaire": ("A. Questionnaire", "A. Questionnaire"),
    "annex.variables": ("Variables : {v}.", "Variables: {v}."),
    "annex.codes": (" Codes : {c}.", " Codes: {c}."),
    "annex.codebook": ("B. Dictionnaire des variables", "B. Codebook"),
    "annex.variable": ("Variable", "Variable"),
    "annex.question": ("Question", "Question"),
    "annex.label": ("Libellé", "Label"),
    "annex.type": ("Type", "Type"),
    "annex.codes_h": ("Codes", "Codes"),
    "annex.warnings": ("C. Avertissements", "C. Warnings"),
    # --- figures and tables ------------------------------------------------------------------
    "fig.n_range": ("n = {low} à {high}", "n = {low} to {high}"),
    "fig.base_each": (
        "Maires ayant répondu à chaque question",
        "Mayors who answered each question",
    ),
    "fig.base_by": (", par {domain}", ", by {domain}"),
    "fig.base": ("Base : {base} ({n}).", "Base: {base} ({n})."),
    "fig.source": ("Source : {source}.", "Source: {source}."),
    "fig.low": ("* faible effectif (n < {n}).", "* small base (n < {n})."),
    "fig.np": (" n.p. : non publié (n < {n}).", " n.p.: not published (n < {n})."),
    "fig.ci": (" Traits : intervalles de confiance à 95 %.", " Lines: 95% confidence intervals."),
    "fig.grey": (
        "En gris : région non publiée (effectif inférieur à {n}).",
        "In grey: region not published (base under {n}).",
    ),
    "fig.overseas": (" Outre-mer : {items}.", " Overseas: {items}."),
    "fig.overseas_item": ("{region} : {value}", "{region}: {value}"),
    "list_sep": (" ; ", "; "),
    "colon": (" : ", ": "),
    "np": ("n.p.", "n.p."),
    "tab.indicator": ("Indicateur", "Indicator"),
    "tab.all": ("Ensemble", "All"),
    "tab.signif_short": ("Écart signif.", "Signif. diff."),
    "tab.signif": ("Écart significatif", "Significant difference"),
    "tab.base": ("Base (n, non pondéré)", "Base (n, unweighted)"),
    "tab.q_small": ("q < 0,001", "q < 0.001"),
    "tab.q": ("q = {q}", "q = {q}"),
    "tab.yes_q": ("oui ({q})", "yes ({q})"),
    "tab.no_q": ("non ({q})", "no ({q})"),
    "tab.level": ("{label} : {level}", "{label}: {level}"),
    "tab.continued": ("{caption} (suite)", "{caption} (continued)"),
    "tab.note_bases": (
        "* faible effectif (base inférieure à {flag}) ; n.p. : non publié (base inférieure à "
        "{suppress}).",
        "* small base (under {flag}); n.p.: not published (base under {suppress}).",
    ),
    "tab.note_test": (
        "Écart signif. : test de Rao–Scott d'indépendance entre l'indicateur et les groupes, "
        "p-values ajustées par Benjamini–Hochberg (q) sur le tableau, seuil {alpha} %.",
        "Signif. diff.: Rao–Scott test of independence between the indicator and the groups, "
        "p-values adjusted by Benjamini–Hochberg (q) over the table, level {alpha}%.",
    ),
    "map.suppressed": ("Non publié (effectif insuffisant)", "Not published (base too small)"),
    # --- summary -----------------------------------------------------------------------------
    "sum.kf_innov": (
        "des maires voient dans les alliances une source d'innovation",
        "of mayors see alliances as a source of innovation",
    ),
    "sum.kf_coco": (
        "perçoivent une dynamique de co-construction ancrée",
        "perceive an anchored co-construction dynamic",
    ),
    "sum.kf_role": (
        "veulent impulser, animer ou accompagner les alliances",
        "want to initiate, lead or support alliances",
    ),
    "sum.fig_domains": (
        "Domaines où développer des partenariats",
        "Domains in which to develop partnerships",
    ),
    "sum.fig_map": (
        "Alliances source d'innovation, par région",
        "Alliances as a source of innovation, by region",
    ),
    "sum.fig_profiles": ("Profils de maires", "Profiles of mayors"),
    "sum.band_left": (
        "Programme d'études PHARE — Volet PHARE-Institutions",
        "PHARE research programme — PHARE-Institutions strand",
    ),
    "sum.band_right": (
        "Les 7 enseignements-clés — vague {wave}",
        "The 7 key lessons — wave {wave}",
    ),
    "sum.title": ("{title}, en quelques mots", "{title} in brief"),
    "sum.intro": (
        "L'étude PHARE-Institutions analyse la vision des maires quant aux fragilités "
        "prioritaires de leur territoire, ainsi que leur perception des alliances entre "
        "associations, entreprises et collectivités territoriales pour y répondre. {n} maires "
        "ont répondu",
        "The PHARE-Institutions study analyses how mayors see the priority fragilities of their "
        "territory, and how they perceive alliances between associations, businesses and local "
        "authorities to address them. {n} mayors answered",
    ),
    "sum.intro_dates": (" entre le {start} et le {end}", " between {start} and {end}"),
    "sum.intro_end": (
        " ; les résultats sont redressés sur la base de sondage des {n} communes.",
        "; the results are weighted to the sampling frame of {n} communes.",
    ),
    "sum.tagline": (
        "Des élus à la manœuvre en matière de co-construction",
        "Elected officials at the helm of co-construction",
    ),
    "sum.wave": ("Vague {wave}", "Wave {wave}"),
    "sum.sim_band": (" — données simulées", " — simulated data"),
    "sum.method": ("Méthode.", "Method."),
    "sum.method_text": (
        " {design} {n} répondants. Calage sur marges (région, taille de commune, sexe et âge du "
        "maire) sur la base de sondage",
        " {design} {n} respondents. Calibration on margins (region, size of commune, mayor's "
        "sex and age) to the sampling frame",
    ),
    "sum.method_rules": (
        ". Intervalles de confiance à {level} % ; un écart n'est signalé que s'il est "
        "significatif (Rao–Scott, Benjamini–Hochberg). Une base inférieure à {flag} est "
        "signalée, inférieure à {suppress} non publiée.",
        ". {level}% confidence intervals; a difference is reported only when it is significant "
        "(Rao–Scott, Benjamini–Hochberg). A base under {flag} is flagged, under {suppress} not "
        "published.",
    ),
    "sum.profiles": (" Profils : ", " Profiles: "),
    "sum.ty_frozen": (
        "affectation par le modèle de typologie figé",
        "assignment by the frozen typology model",
    ),
    "sum.ty_fitted": (
        "analyse des correspondances multiples pondérée et classification de Ward sur les "
        "questions Q7 à Q9 ; {k} profils, ",
        "weighted multiple correspondence analysis and Ward clustering of questions Q7 to Q9; "
        "{k} profiles, ",
    ),
    "sum.ty_settings": ("nombre fixé par l'équipe d'étude", "number set by the study team"),
    "sum.ty_suggested": ("nombre suggéré par les données", "number suggested by the data"),
    "sum.ty_ventil": (
        " ; réponses rares et non-réponses ventilées",
        "; rare answers and non-responses ventilated",
    ),
    "sum.ty_stability": (
        " ; stabilité bootstrap ({n} tirages) : indice de Rand ajusté {ari}",
        "; bootstrap stability ({n} draws): adjusted Rand index {ari}",
    ),
    "sum.source": ("Source : {source}.", "Source: {source}."),
    "sum.edition": (" Édition du {date}, phare {version}.", " Edition of {date}, phare {version}."),
    # --- workbook ----------------------------------------------------------------------------
    "xl.status_ok": ("publié", "published"),
    "xl.status_low": ("faible effectif", "small base"),
    "xl.status_np": ("non publié (effectif insuffisant)", "not published (base too small)"),
    "xl.variable": ("Variable", "Variable"),
    "xl.indicator": ("Indicateur", "Indicator"),
    "xl.level": ("Modalité", "Category"),
    "xl.by": ("Découpage", "Breakdown"),
    "xl.group": ("Groupe", "Group"),
    "xl.estimate": ("Estimation", "Estimate"),
    "xl.ci_low95": ("IC 95 % bas", "95% CI low"),
    "xl.ci_high95": ("IC 95 % haut", "95% CI high"),
    "xl.se": ("Erreur-type", "Standard error"),
    "xl.base": ("Base (n non pondéré)", "Base (unweighted n)"),
    "xl.deff": ("Effet de plan", "Design effect"),
    "xl.status": ("Statut", "Status"),
    "xl.title": ("{title} — vague {wave}", "{title} — wave {wave}"),
    "xl.subject": ("Tableaux de résultats", "Tables of results"),
    "xl.sheet_meta": ("Métadonnées", "Metadata"),
    "xl.sheet_lessons": ("Enseignements", "Lessons"),
    "xl.sheet_tests": ("Tests", "Tests"),
    "xl.sheet_profiles": ("Profils", "Profiles"),
    "xl.sheet_other": ("Autres", "Other"),
    "xl.q_typology": ("Typologie", "Typology"),
    "xl.meta_head": ("Métadonnées / metadata", "Metadata / métadonnées"),
    "xl.study": ("Étude", "Study"),
    "xl.wave": ("Vague", "Wave"),
    "xl.data": ("Données", "Data"),
    "xl.data_sim": ("SIMULÉES — aucun maire n'a répondu", "SIMULATED — no mayor answered"),
    "xl.data_real": ("réelles", "real"),
    "xl.source": ("Source", "Source"),
    "xl.version": ("Version de phare", "phare version"),
    "xl.schema": ("Version du schéma de résultats", "Results schema version"),
    "xl.seed": ("Graine", "Seed"),
    "xl.date": ("Date d'édition", "Build date"),
    "xl.population": ("Population", "Population"),
    "xl.population_size": ("Taille de la population", "Population size"),
    "xl.frame": ("Base de sondage", "Sampling frame"),
    "xl.frame_date": ("Date de la base de sondage", "Date of the sampling frame"),
    "xl.design": ("Plan de sondage", "Sample design"),
    "xl.sampled": ("Maires interrogés", "Mayors surveyed"),
    "xl.respondents": ("Répondants", "Respondents"),
    "xl.fieldwork": ("Terrain", "Fieldwork"),
    "xl.calibration": ("Calage", "Calibration"),
    "xl.bounds": ("{method}, bornes {bounds}", "{method}, bounds {bounds}"),
    "xl.margins": ("Marges de calage", "Calibration margins"),
    "xl.crossing": ("Croisement région × taille", "Region × size crossing"),
    "xl.crossing_no": ("non : {reason}", "no: {reason}"),
    "xl.kish": ("Effet de plan de pondération (Kish)", "Weighting design effect (Kish)"),
    "xl.estimation": ("Estimation", "Estimation"),
    "xl.tests": ("Tests", "Tests"),
    "xl.min_flag": ("Seuil « faible effectif »", "\u201cSmall base\u201d threshold"),
    "xl.min_suppress": ("Seuil de non-publication", "Suppression threshold"),
    "xl.level_ci": ("Niveau des intervalles", "Level of the intervals"),
    "xl.alpha": (
        "Seuil des tests (après Benjamini–Hochberg)",
        "Level of the tests (after Benjamini–Hochberg)",
    ),
    "xl.notes": ("Notes", "Notes"),
    "xl.number": ("N°", "No."),
    "xl.lesson": ("Enseignement", "Lesson"),
    "xl.text": ("Texte", "Text"),
    "xl.flagged": ("Affirmations reformulées ou retirées", "Claims reworded or withheld"),
    "xl.test": ("Test", "Test"),
    "xl.statistic": ("Statistique", "Statistic"),
    "xl.df_num": ("ddl num.", "num. df"),
    "xl.df_den": ("ddl dén.", "den. df"),
    "xl.q": ("q (BH)", "q (BH)"),
    "xl.significant": ("Significatif", "Significant"),
    "xl.note": ("Note", "Note"),
    "xl.row_a": ("Ligne A", "Row A"),
    "xl.row_b": ("Ligne B", "Row B"),
    "xl.difference": ("Différence", "Difference"),
    "xl.ci_low": ("IC bas", "CI low"),
    "xl.ci_high": ("IC haut", "CI high"),
    "xl.k_suggested": ("suggéré par les gains d'inertie", "suggested by the inertia gains"),
    "xl.k_settings": ("fixé par l'équipe d'étude", "set by the study team"),
    "xl.k_model": ("celui du modèle figé", "the frozen model's"),
    "xl.ty_head": (
        "Typologie des maires — {k} profils ({how})",
        "Typology of mayors — {k} profiles ({how})",
    ),
    "xl.ty_frozen": (" ; modèle figé : {source}", "; frozen model: {source}"),
    "xl.ty_stability": (
        " ; stabilité bootstrap ({n} tirages) : ARI {ari}",
        "; bootstrap stability ({n} draws): ARI {ari}",
    ),
    "xl.profile": ("Profil", "Profile"),
    "xl.name": ("Nom", "Name"),
    "xl.name_other": ("Nom (en)", "Name (fr)"),
    "xl.name_source": ("Origine du nom", "Origin of the name"),
    "xl.share": ("Part des maires", "Share of mayors"),
    "xl.jaccard": ("Jaccard (bootstrap)", "Jaccard (bootstrap)"),
    "xl.membership": ("Appartenance moyenne", "Mean membership"),
    "xl.levers": ("Leviers mis en avant", "Levers put forward"),
    "xl.brakes": ("Freins ressentis", "Brakes felt"),
    "xl.description": ("Description", "Description"),
    "xl.origin_suggested": ("suggéré", "suggested"),
    "xl.origin_team": ("équipe d'étude", "study team"),
    "xl.origin_model": ("modèle figé", "frozen model"),
    "xl.agreement": (
        "Part des maires d'accord avec chaque levier et frein",
        "Share of mayors who agree with each lever and brake",
    ),
    "xl.item": ("Item", "Item"),
    "xl.all": ("Ensemble", "All"),
    "xl.sheet_note": (
        "Source : {source}. Base : maires ayant répondu à la question. Estimations pondérées ; "
        "statut « faible effectif » si n < {flag}, non publié si n < {suppress}.",
        "Source: {source}. Base: mayors who answered the question. Weighted estimates; status "
        "\u201csmall base\u201d if n < {flag}, not published if n < {suppress}.",
    ),
}

MESSAGES: dict[str, dict[str, str]] = {
    code: {key: pair[k] for key, pair in _PAIRS.items()} for k, code in enumerate(LANGS)
}
"""The catalogue: ``MESSAGES[lang][key]`` (one dict per language, the same keys)."""

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_en(iso_date: str) -> str:
    """``"2017-08-01" -> "1 August 2017"``; any other text is returned as is."""
    try:
        year, month, day = (int(part) for part in iso_date[:10].split("-"))
    except ValueError:
        return iso_date
    if not 1 <= month <= 12:
        return iso_date
    return f"{day} {_MONTHS_EN[month - 1]} {year}"


@dataclass(frozen=True)
class Lang:
    """One language of the documents: its words, its number formats, its labels."""

    code: LangCode = "fr"

    def __post_init__(self) -> None:
        if self.code not in LANGS:
            raise ValueError(f"lang: unknown {self.code!r}; expected one of {LANGS}")

    @property
    def fr(self) -> bool:
        return self.code == "fr"

    def t(self, key: str, **fields: Any) -> str:
        """The text of ``key`` in this language, its ``{fields}`` filled (plain text)."""
        text = MESSAGES[self.code][key]
        return text.format(**fields) if fields else text

    def m(self, key: str, **fields: Any) -> Markup:
        """The text of ``key`` as template text: trusted, its fields escaped."""
        text = Markup(MESSAGES[self.code][key])
        return text.format(**fields) if fields else text

    def num(self, value: float, digits: int = 0) -> str:
        return number_fr(value, digits) if self.fr else number_en(value, digits)

    def pct(self, share: float, digits: int = 0) -> str:
        return percent_fr(share, digits) if self.fr else percent_en(share, digits)

    def pts(self, diff: float, digits: int = 0) -> str:
        return points_fr(diff, digits) if self.fr else points_en(diff, digits)

    def date(self, iso_date: str) -> str:
        return date_fr(iso_date) if self.fr else date_en(iso_date)

    def out_of_ten(self, share: float) -> str:
        n = out_of_ten(share)
        return f"{n} maires sur 10" if self.fr else f"{n} mayors out of 10"

    def label(self, obj: Any, field: str = "label") -> Any:
        """``obj.<field>_<lang>``; the French field when the results carry no English one.

        "No English one" is a field the model lacks or leaves ``None`` (results written before
        schema 1.1, or an English text not produced); an empty English text stays empty.
        """
        value = getattr(obj, f"{field}_{self.code}", None)
        if value is None:
            return getattr(obj, f"{field}_fr")
        return value

    @property
    def locale(self) -> Literal["fr-FR", "en-GB"]:
        """The number locale of the charts (vl-convert)."""
        return "fr-FR" if self.fr else "en-GB"


FR = Lang("fr")
EN = Lang("en")


def lang_of(code: str | Lang) -> Lang:
    """The :class:`Lang` of a code (``"fr"``/``"en"``), validated."""
    return code if isinstance(code, Lang) else Lang(code)  # type: ignore[arg-type]

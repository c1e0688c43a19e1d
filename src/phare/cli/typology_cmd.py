"""`phare typology` commands: fit the profiles, assign new respondents, describe a wave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from phare.cli._common import fail, make_console, progress_steps

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from phare.typology import ProfileDescription

app = typer.Typer(
    help="Typologie des maires (ACM + classification) / typology of mayors (MCA + clustering).",
    no_args_is_help=True,
)


STEPS = {
    "read": "Lecture des réponses / reading the responses",
    "fit": "ACM et classification / MCA and clustering",
    "write": "Écriture / writing",
    "bootstrap": "Stabilité (bootstrap) / stability (bootstrap)",
    "assign": "Affectation aux profils / assigning to profiles",
}
"""Label of each step of `phare typology fit` and `assign`."""


def _read_csv(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_csv(path, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise fail(f"Fichier illisible / unreadable file {path}: {exc}") from exc


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _weights(data: pd.DataFrame, column: str | None) -> np.ndarray | None:
    import numpy as np
    import pandas as pd

    if column is None:
        return None
    if column not in data.columns:
        raise fail(f"Colonne de poids absente / weights column not found: {column}")
    w = pd.to_numeric(data[column].str.replace(",", ".", regex=False), errors="coerce")
    if w.isna().any() or (w <= 0).any():
        raise fail(
            f"Poids manquants ou non positifs dans {column} / missing or non-positive weights "
            f"in {column} (rows {list(np.flatnonzero(w.isna() | (w <= 0))[:5] + 2)})"
        )
    return w.to_numpy(dtype=float)


def _print_profiles(description: ProfileDescription) -> None:
    table = Table(title="Profils / profiles")
    table.add_column("Classe / class", justify="right")
    table.add_column("Nom / name")
    table.add_column("n", justify="right")
    table.add_column("% pondéré / weighted %", justify="right")
    table.add_column("Modalités caractéristiques / characteristic categories")
    for p in description.profiles:
        top = ", ".join(f"{e.variable}={e.level} ({e.v_test:+.1f})" for e in p.characteristic[:4])
        table.add_row(str(p.cluster), p.name, str(p.n), f"{p.share:.1f}", top)
    make_console().print(table)


@app.command()
def fit(
    data: Annotated[Path, typer.Argument(help="CSV des réponses / responses CSV.")],
    model: Annotated[
        Path, typer.Option("--model", "-m", help="Modèle JSON écrit / model JSON written.")
    ] = Path("typology-model.json"),
    description: Annotated[
        Path | None,
        typer.Option(help="Description JSON des profils écrite / profile description JSON."),
    ] = None,
    active: Annotated[
        str | None,
        typer.Option(help="Variables actives, séparées par des virgules / active variables."),
    ] = None,
    supplementary: Annotated[
        str | None,
        typer.Option(help="Variables supplémentaires / supplementary variables (comma-separated)."),
    ] = None,
    weights: Annotated[str | None, typer.Option(help="Colonne des poids / weights column.")] = None,
    n_clusters: Annotated[
        int | None, typer.Option(help="Nombre de profils (sinon suggéré) / number of profiles.")
    ] = None,
    settings: Annotated[
        Path | None, typer.Option(help="Réglages YAML / settings YAML (TypologySettings).")
    ] = None,
    names: Annotated[
        Path | None, typer.Option(help="Noms des profils YAML (classe: nom) / profile names.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Graine / random seed.")] = None,
    bootstrap: Annotated[
        int,
        typer.Option(
            help="Tirages bootstrap pour la stabilité (0 = aucun) / bootstrap draws for stability."
        ),
    ] = 0,
) -> None:
    """Construit les profils et écrit le modèle / fit the profiles and write the model."""
    from phare.typology import (
        Typology,
        TypologyError,
        TypologySettings,
        bootstrap_stability,
        load_profile_names,
        load_settings,
    )

    conf = load_settings(settings) if settings else TypologySettings()
    overrides: dict[str, object] = {}
    if active is not None:
        overrides["active"] = _split(active)
    if supplementary is not None:
        overrides["supplementary"] = _split(supplementary)
    if weights is not None:
        overrides["weights"] = weights
    if n_clusters is not None:
        overrides["n_clusters"] = n_clusters
    if bootstrap < 0:
        raise fail(f"--bootstrap: un entier >= 0 / an integer >= 0, reçu / received {bootstrap}")
    if seed is not None:
        overrides["random_state"] = seed
    conf = conf.model_copy(update=overrides)
    stability = None
    # read, fit, write, then one unit per bootstrap draw
    with progress_steps(STEPS["read"], 3 + bootstrap, labels=STEPS) as steps:
        steps.step("read")
        frame = _read_csv(data)
        sup = [c for c in conf.supplementary if c in frame.columns]
        skipped = [c for c in conf.supplementary if c not in frame.columns]
        if skipped:
            typer.echo(
                f"Variables supplémentaires absentes, ignorées / supplementary variables not "
                f"found, skipped: {', '.join(skipped)}",
                err=True,
            )
        w = _weights(frame, conf.weights)
        chosen = load_profile_names(names) if names else None
        steps.step("fit")
        try:
            typology = Typology.from_settings(conf, supplementary=sup, names=chosen).fit(
                frame, sample_weight=w
            )
        except TypologyError as exc:
            raise fail(f"Typologie impossible / typology failed: {exc}") from exc
        steps.step("write")
        typology.model_.save(model)
        assert typology.description_ is not None
        if description is not None:
            description.write_text(
                typology.description_.model_dump_json(indent=1), encoding="utf-8"
            )
        if bootstrap > 0:
            steps.step("bootstrap")
            label = STEPS["bootstrap"]
            stability = bootstrap_stability(
                typology,
                frame,
                w,
                n_boot=bootstrap,
                random_state=conf.random_state,
                on_draw=lambda b: steps.advance(1, description=f"{label} {b}/{bootstrap}"),
            )
    _print_profiles(typology.description_)
    if stability is not None:
        table = Table(title=f"Stabilité / stability ({bootstrap} tirages / draws)")
        for col in ("Classe / class", "Jaccard", "ARI", "dissous / dissolved"):
            table.add_column(col, justify="right")
        for p in stability.profiles:
            table.add_row(str(p.cluster), f"{p.jaccard:.2f}", f"{p.ari:.2f}", f"{p.dissolved:.0%}")
        make_console().print(table)
        typer.echo(f"ARI global / overall ARI: {stability.ari:.3f}")
    typer.echo(
        f"{typology.n_clusters_} profils (suggéré / suggested: "
        f"{typology.hcpc_.suggested_n_clusters_}); modèle écrit / model written: {model}"
    )


@app.command()
def assign(
    model: Annotated[Path, typer.Argument(help="Modèle JSON / model JSON.")],
    data: Annotated[Path, typer.Argument(help="CSV des réponses / responses CSV.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV écrit / CSV written.")] = Path(
        "typology-assignment.csv"
    ),
    keep: Annotated[
        str | None,
        typer.Option(help="Colonnes recopiées (ex. commune) / columns copied to the output."),
    ] = None,
) -> None:
    """Affecte chaque répondant à un profil / assign each respondent to a profile."""
    import pandas as pd

    from phare.typology import TypologyError, TypologyModel

    try:
        frozen = TypologyModel.load(model)
    except (OSError, ValueError) as exc:
        raise fail(f"Modèle illisible / unreadable model {model}: {exc}") from exc
    with progress_steps(STEPS["read"], 3, labels=STEPS) as steps:
        steps.step("read")
        frame = _read_csv(data)
        cols = _split(keep) or []
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise fail(f"Colonnes absentes / columns not found: {', '.join(missing)}")
        steps.step("assign")
        try:
            result = frozen.assign(frame)
        except TypologyError as exc:
            raise fail(f"Affectation impossible / assignment failed: {exc}") from exc
        steps.step("write")
        out = pd.concat([frame[cols], result], axis=1)
        out.to_csv(output, index=False)
    counts = out["cluster"].value_counts().sort_index()
    unknown = int((out["n_unknown"] > 0).sum())
    summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
    typer.echo(f"{len(out)} répondants affectés / respondents assigned ({summary}) → {output}")
    if unknown:
        typer.echo(
            f"{unknown} répondants avec une modalité inconnue du modèle / respondents with a "
            "level unknown to the model (placed at the centre of that variable)",
            err=True,
        )


@app.command()
def describe(
    model: Annotated[Path, typer.Argument(help="Modèle JSON / model JSON.")],
    data: Annotated[Path, typer.Argument(help="CSV des réponses / responses CSV.")],
    supplementary: Annotated[
        str | None,
        typer.Option(help="Variables supplémentaires / supplementary variables (comma-separated)."),
    ] = None,
    weights: Annotated[str | None, typer.Option(help="Colonne des poids / weights column.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Description JSON écrite / JSON written.")
    ] = None,
    proba: Annotated[float, typer.Option(help="Seuil de significativité / threshold.")] = 0.05,
) -> None:
    """Décrit les profils d'une vague avec un modèle figé / describe a wave's profiles."""
    from phare.typology import TypologyError, TypologyModel, describe_profiles

    try:
        frozen = TypologyModel.load(model)
    except (OSError, ValueError) as exc:
        raise fail(f"Modèle illisible / unreadable model {model}: {exc}") from exc
    frame = _read_csv(data)
    sup = _split(supplementary)
    if sup is None:
        sup = list(frozen.metadata.get("params", {}).get("supplementary", []))
    sup = [c for c in sup if c in frame.columns]
    w = _weights(frame, weights)
    try:
        labels = frozen.assign(frame)["cluster"].to_numpy()
        desc = describe_profiles(
            frame,
            labels,
            active=frozen.variables,
            supplementary=sup,
            sample_weight=w,
            proba=proba,
            names=frozen.names,
        )
    except TypologyError as exc:
        raise fail(f"Description impossible / description failed: {exc}") from exc
    if output is not None:
        output.write_text(desc.model_dump_json(indent=1), encoding="utf-8")
    _print_profiles(desc)
    typer.echo(json.dumps({p.cluster: round(p.share, 1) for p in desc.profiles}))

"""`phare frame` commands: the register of communes and mayors, and the sample design."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from phare.cli._common import fail, make_console, progress_steps

if TYPE_CHECKING:
    import pandas as pd

    from phare.frame.sampling import Allocation

METHODS: tuple[str, ...] = ("proportional", "equal", "neyman")
"""``phare.frame.sampling.METHODS``, copied so that ``--help`` needs no heavy import
(tests/test_cli_startup.py checks they are equal)."""

app = typer.Typer(
    help="Base de sondage des communes et des maires / frame of communes and mayors.",
    no_args_is_help=True,
)


@app.command()
def summary() -> None:
    """Communes et maires par région et taille / communes and mayors by region and size band."""
    from phare.frame import SIZE_BANDS, load_frame, provenance

    frame = load_frame()
    bands = [b.code for b in SIZE_BANDS]
    frame["taille"] = frame["taille"].fillna("?")
    frame["has_mayor"] = frame["maire_sexe"].notna()
    communes = frame.pivot_table(
        index=["region", "region_nom"], columns="taille", values="commune", aggfunc="count"
    )
    mayors = frame.pivot_table(
        index=["region", "region_nom"], columns="taille", values="has_mayor", aggfunc="sum"
    )
    cols = bands + (["?"] if "?" in communes.columns else [])
    communes = communes.reindex(columns=cols).fillna(0).astype(int)
    mayors = mayors.reindex(columns=cols).fillna(0).astype(int)

    table = Table(
        title="Communes (maires) par région et taille / communes (mayors) by region and size band"
    )
    table.add_column("Région / region")
    for col in cols:
        table.add_column(col if col != "?" else "sans pop. / no pop.", justify="right")
    table.add_column("Total", justify="right")

    def cell(c: int, m: int) -> str:
        return f"{c:,} ({m:,})".replace(",", "\u202f")

    for (code, name), row in communes.iterrows():
        mrow = mayors.loc[(code, name)]
        table.add_row(
            f"{code} {name}",
            *[cell(int(row[c]), int(mrow[c])) for c in cols],
            cell(int(row.sum()), int(mrow.sum())),
        )
    table.add_section()
    table.add_row(
        "Total",
        *[cell(int(communes[c].sum()), int(mayors[c].sum())) for c in cols],
        cell(int(communes.to_numpy().sum()), int(mayors.to_numpy().sum())),
    )
    console = make_console()
    console.print(table)
    counts = provenance()["counts"]
    console.print(
        f"Communes sans maire / without a mayor: {counts['communes_without_mayor']}; "
        f"sans population / without population: {counts['communes_without_population']}; "
        f"sans contour / without a shape: {counts['communes_without_shape']}."
    )
    for band in SIZE_BANDS:
        console.print(f"{band.code}: {band.label_fr} / {band.label_en}")


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(help="Code INSEE ou nom / INSEE code or name")],
    limit: Annotated[int, typer.Option(help="Nombre maximum / maximum number of rows")] = 20,
) -> None:
    """Cherche une commune par code ou nom / look a commune up by code or name."""
    import pandas as pd

    from phare.frame import find_communes, resolve_commune

    if limit < 1:
        raise fail(f"--limit : entier positif attendu / a positive integer expected, got {limit}")
    found = find_communes(query, limit=limit)
    if found.empty:
        typer.echo(f"Aucune commune trouvée / no commune found: {query!r}")
        raise typer.Exit(code=1)
    res = resolve_commune(query)
    if res.message and res.code is not None:
        typer.echo(res.message)
    table = Table()
    for col in (
        "commune",
        "nom",
        "departement",
        "region_nom",
        "population",
        "taille",
        "maire_sexe",
        "maire_age",
        "mairie_email",
    ):
        table.add_column(col)
    for row in found.itertuples(index=False):
        table.add_row(
            *[
                "" if pd.isna(v) else str(v)
                for v in (
                    row.commune,
                    row.nom,
                    row.departement,
                    row.region_nom,
                    row.population,
                    row.taille,
                    row.maire_sexe,
                    row.maire_age,
                    row.mairie_email,
                )
            ]
        )
    make_console().print(table)


@app.command()
def resolve(
    codes: Annotated[list[str], typer.Argument(help="Code(s) commune / commune code(s)")],
) -> None:
    """Résout un code commune (ancien, à 4 chiffres…) / resolve a commune code.

    Sortie tabulée / tab-separated output: entrée, statut, code, message.

    Code de sortie 1 si un code n'est pas une commune / exit code 1 if any is not a commune.
    """
    from phare.frame import resolve_commune

    ok = True
    for code in codes:
        res = resolve_commune(code)
        ok &= res.code is not None
        typer.echo("\t".join([res.input, res.status, res.code or "", res.message]))
    if not ok:
        raise typer.Exit(code=1)


def _parse_strata(strata: str) -> tuple[str, ...]:
    cols = tuple(s.strip() for s in strata.split(",") if s.strip())
    if not cols:
        raise fail(f"--strata : colonnes attendues / columns expected, got {strata!r}")
    return cols


def _parse_p(text: str | None) -> float | dict[str, float] | None:
    if text is None:
        return None
    try:
        if "=" not in text:
            return float(text)
        pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
        return {k.strip(): float(v) for k, v in pairs}
    except ValueError:
        raise fail(
            "--expected-p : un nombre ou t1=0.1,t2=0.2… attendu / a number or "
            f"t1=0.1,t2=0.2,... expected, got {text!r}"
        ) from None


def _allocate(
    n: int, method: str, strata: str, expected_p: str | None, min_per_region: int | None
) -> tuple[pd.DataFrame, Allocation]:
    from phare.frame import load_frame
    from phare.frame.sampling import allocate

    frame = load_frame()
    try:
        alloc = allocate(
            frame,
            n,
            strata=_parse_strata(strata),
            method=method,
            expected_p=_parse_p(expected_p),
            min_per_region=min_per_region,
        )
    except (ValueError, TypeError) as exc:
        raise fail(f"Allocation impossible / allocation failed: {exc}") from None
    return frame, alloc


def _print_allocation(alloc: Allocation) -> None:
    console = make_console()
    console.print(f"Allocation ({alloc.method}), n = {alloc.n}")
    table = Table()
    show = [*alloc.strata, "N_h", "n_h"]
    for col in show:
        table.add_column(col, justify="right" if col in ("N_h", "n_h") else "left")
    for row in alloc.table.itertuples(index=False):
        values: dict[str, Any] = row._asdict()
        table.add_row(*[str(values[c]) for c in show])
    console.print(table)
    for warning in alloc.warnings:
        console.print(f"[yellow]Avertissement / warning:[/yellow] {warning}")


N_OPT = typer.Option("--n", help="Taille d'échantillon / sample size")
METHOD_OPT = typer.Option(help=f"Méthode / method: {', '.join(METHODS)}")
STRATA_OPT = typer.Option(help="Colonnes de strates / strata columns, e.g. region,taille")
P_OPT = typer.Option(
    help="Proportion attendue (Neyman) : 0.3 ou t1=0.1,t2=0.2… / expected proportion"
)
MIN_OPT = typer.Option(help="Minimum par région / minimum per region (strata with region)")


@app.command(name="allocate")
def allocate_cmd(
    n: Annotated[int, N_OPT],
    method: Annotated[str, METHOD_OPT] = "proportional",
    strata: Annotated[str, STRATA_OPT] = "taille",
    expected_p: Annotated[str | None, P_OPT] = None,
    min_per_region: Annotated[int | None, MIN_OPT] = None,
    out: Annotated[
        Path | None, typer.Option(help="Écrit l'allocation en CSV / write it as CSV")
    ] = None,
) -> None:
    """Répartit l'échantillon entre strates / allocate the sample to strata."""
    _, alloc = _allocate(n, method, strata, expected_p, min_per_region)
    _print_allocation(alloc)
    if out is not None:
        alloc.table.to_csv(out, index=False)
        typer.echo(f"Allocation écrite / written: {out}")


DRAW_STEPS = {
    "allocate": "Base et allocation / frame and allocation",
    "draw": "Tirage / drawing",
    "write": "Écriture des invitations / writing the invitations",
}
"""Label of each step of `phare frame draw`."""


@app.command()
def draw(
    n: Annotated[int, N_OPT],
    seed: Annotated[int, typer.Option(help="Graine du tirage / seed of the draw")],
    out: Annotated[
        Path, typer.Option(help="Liste d'invitations (CSV) / invitation list (CSV)")
    ] = Path("invitations.csv"),
    method: Annotated[str, METHOD_OPT] = "proportional",
    strata: Annotated[str, STRATA_OPT] = "taille",
    expected_p: Annotated[str | None, P_OPT] = None,
    min_per_region: Annotated[int | None, MIN_OPT] = None,
    force: Annotated[
        bool, typer.Option(help="Écrase un fichier existant / overwrite existing files")
    ] = False,
) -> None:
    """Tire l'échantillon et écrit les invitations / draw the sample, write the invitations.

    OUT : communes, e-mail de la mairie, jeton, plan / communes, e-mail, token, design.

    OUT.json : graine, méthode, allocation, base / seed, method, allocation, frame version.
    """
    from phare.frame.sampling import draw_sample

    meta_path = out.with_suffix(".json")
    existing = [p for p in (out, meta_path) if p.exists()]
    if existing and not force:
        raise fail(
            f"Fichier existant, utiliser --force / file exists, use --force: "
            f"{', '.join(map(str, existing))}"
        )
    with progress_steps(DRAW_STEPS["allocate"], 3, labels=DRAW_STEPS) as steps:
        steps.step("allocate")
        frame, alloc = _allocate(n, method, strata, expected_p, min_per_region)
        steps.step("draw")
        sample = draw_sample(frame, alloc, seed=seed)
        steps.step("write")
        sample.to_csv(out)
        sample.write_metadata(meta_path)
    _print_allocation(alloc)
    typer.echo(
        f"{len(sample.units)} invitations écrites / written: {out} (plan / design: {meta_path})"
    )

"""What every `phare` command shares: the console, the progress bar, the error exit, the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

WIDTH = 160
"""Width of the tables printed by the commands (wide enough for the frame and codebook)."""


def make_console(stderr: bool = False) -> Console:
    """A Rich console of fixed width, on stdout or (for progress and errors) on stderr."""
    return Console(width=WIDTH, stderr=stderr)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Erreur / error: <message>`` on stderr and return the exit to raise.

    Used as ``raise fail(...)``. Exit code 2 for a usage error (bad option or file), 1 for a
    failure of the work itself.
    """
    typer.echo(f"Erreur / error: {message}", err=True)
    return typer.Exit(code=code)


def today() -> str:
    """Today's date (UTC) in ISO format, the default build date of the outputs."""
    return dt.datetime.now(dt.UTC).date().isoformat()


class Steps:
    """A progress bar on stderr advanced step by step (or by rows); see :func:`progress_steps`.

    ``step(name)`` marks the beginning of the step ``name``: the previous step counts as done
    and the bar shows the step's label (``labels[name]``, else the name itself). Its bound
    method is what ``phare.study.analyse_wave`` and ``phare.publish.write_report`` accept as
    ``on_step``. ``advance(n)`` counts ``n`` more units (rows) done.
    """

    def __init__(self, progress: Progress, task: TaskID, labels: Mapping[str, str]) -> None:
        self._progress = progress
        self._task = task
        self._labels = labels
        self._running = False

    def step(self, name: str) -> None:
        """Begin the step ``name`` (the previous one is done)."""
        if self._running:
            self._progress.advance(self._task, 1)
        self._running = True
        self._progress.update(self._task, description=self._labels.get(name, name), refresh=True)

    def advance(self, n: int = 1, description: str | None = None) -> None:
        """Count ``n`` more units done, optionally with a new label."""
        if description is not None:
            self._progress.update(self._task, description=description)
        self._progress.advance(self._task, n)

    def add_total(self, n: int) -> None:
        """Count ``n`` more units to do (a step found to be needed on the way)."""
        total = self._progress.tasks[self._task].total or 0
        self._progress.update(self._task, total=total + n)


@contextmanager
def progress_steps(
    description: str,
    total: int | None,
    *,
    labels: Mapping[str, str] | None = None,
    enabled: bool = True,
    console: Console | None = None,
) -> Iterator[Steps]:
    """A progress bar on stderr for a command that takes more than a second.

    Parameters
    ----------
    description : str
        The first label, French first then English (``"Lecture / reading"``).
    total : int or None
        Number of steps (or rows); None for an indeterminate bar.
    labels : mapping, optional
        Label shown for each step name passed to :meth:`Steps.step`.
    enabled : bool
        False hides the bar (e.g. for ``--json`` runs that want a quiet stderr).
    console : Console, optional
        Default: a stderr console. The bar is drawn only on a terminal and vanishes when
        done, so stdout (JSON, CSV) and captured or redirected output stay clean.

    Yields
    ------
    Steps
        Completed to ``total`` when the block ends without error.
    """
    console = console or make_console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )
    with progress:
        task = progress.add_task(description, total=total)
        steps = Steps(progress, task, labels or {})
        yield steps
        if progress.tasks[task].total is not None:
            progress.update(task, completed=progress.tasks[task].total)

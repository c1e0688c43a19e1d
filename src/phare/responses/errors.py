"""Errors of the responses package: whole-file refusals and store problems."""

from __future__ import annotations


class IntakeError(ValueError):
    """A file refused as a whole, with a message a person can act on.

    Parameters
    ----------
    code : str
        Stable machine code, e.g. ``"missing_commune_column"``, ``"empty_file"``.
    message : str
        French then English: what is wrong and what to do.
    file : str, optional
        The file (name) concerned.
    row : int, optional
        The row (header = row 1) where the problem was found, when there is one.
    """

    def __init__(self, code: str, message: str, *, file: str | None = None, row: int | None = None):
        self.code = code
        self.message = message
        self.file = file
        self.row = row
        where = file or ""
        if row is not None:
            where += f", ligne/row {row}"
        super().__init__(f"{where}: {message}" if where else message)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: code, message, file, row."""
        return {"code": self.code, "message": self.message, "file": self.file, "row": self.row}


class StoreError(RuntimeError):
    """A store operation that cannot proceed (unknown wave, schema not created, bad URL)."""

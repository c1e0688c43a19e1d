"""write_report's optional progress callback: named steps, same files."""

from __future__ import annotations

from pathlib import Path

from handmade import make_results

from phare.publish import write_report


def test_write_report_names_its_steps_and_writes_the_same_files(tmp_path: Path) -> None:
    results = make_results()
    seen: list[str] = []
    formats = ("html", "xlsx", "json", "specs")
    with_steps = write_report(
        results, tmp_path / "a", build_date="2026-01-01", formats=formats, on_step=seen.append
    )
    without = write_report(results, tmp_path / "b", build_date="2026-01-01", formats=formats)
    assert seen == ["html", "xlsx", "json", "specs"]
    for x, y in zip(with_steps.all(), without.all(), strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name

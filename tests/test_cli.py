"""The command line answers --help on every command."""

from typer.testing import CliRunner

from phare.cli.main import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0.1.0"


def _commands(typer_app, prefix=()):
    import typer.main

    click_cmd = typer.main.get_command(typer_app)
    stack = [(prefix, click_cmd)]
    while stack:
        path, cmd = stack.pop()
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append(((*path, name), sub))


def test_every_command_has_help() -> None:
    paths = list(_commands(app))
    assert len(paths) > 3
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output

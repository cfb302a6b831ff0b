"""The README documents every command, so the docs cannot drift from the CLI."""

from conftest import REPO

from storyline.cli import app


def _command_names() -> list[str]:
    names = [command.name for command in app.registered_commands]
    for group in app.registered_groups:
        names += [f"{group.name} {command.name}" for command in group.typer_instance.registered_commands]
    return [name for name in names if name]


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _command_names() if f"storyline {name}" not in readme]
    assert not missing, f"README does not show: {missing}"


def test_readme_gives_exactly_two_commands_for_a_fresh_clone():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands == ["./scripts/demo", "./scripts/test"]
    assert (REPO / ".ci" / "run").read_text().count("./scripts/test") == 1

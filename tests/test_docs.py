"""Docs that cannot rot: every setting and CLI command is documented."""
from pathlib import Path

from assistant.cli import build_parser
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in text and f"`PINGSHEN_{name.upper()}`" in text, name


def test_every_cli_command_is_in_the_readme_and_has_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        assert f"pingshen {name}" in readme, name
        assert sub._choices_actions and any(a.dest == name and a.help for a in sub._choices_actions), name


def test_readme_starts_with_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [l for l in first_block.splitlines()[1:] if l.strip() and not l.startswith("#")]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


def test_settings_default_data_dir_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv("PINGSHEN_DATA_DIR", raising=False)
    assert Settings().data_dir == Path.home() / ".local" / "share" / "pingshen"
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path))
    assert Settings().data_dir == tmp_path
    monkeypatch.setenv("PINGSHEN_CHROMA_URL", "")
    assert Settings().chroma_url is None

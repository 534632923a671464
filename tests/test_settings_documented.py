"""Every environment variable the settings read is in README.md's configuration table.

An operator configures the site from that table alone: a variable missing from it is a setting
nobody can find, and a row for a variable no setting reads is a promise the code does not keep.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "config" / "settings"


def env_names_read(path: Path) -> set[str]:
    """Names passed to `env(...)` / `env.<cast>(...)` in one settings module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def settings_env_names() -> dict[str, str]:
    """Variable name -> the settings module that reads it."""
    return {
        name: path.name
        for path in sorted(SETTINGS_DIR.glob("*.py"))
        for name in env_names_read(path)
    }


def readme_documented_names(readme: str) -> set[str]:
    """Backquoted names in the first column of the table under "## Configuration"."""
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_the_settings_scan_finds_the_variables_of_every_settings_module():
    """Guards the scan itself: an empty scan would make the next test pass vacuously."""
    found = settings_env_names()
    assert {"SECRET_KEY", "DATABASE_URL", "INFERENCE_IGNORE_EOS", "INFERENCE_MODEL_NAME"} <= set(
        found
    )
    assert {found["REGISTER_PUBLISHER"], found["CONSULTATION_RATE_BALLOTS"]} == {
        "register.py",
        "consultation.py",
    }
    assert len(found) >= 70


def test_every_variable_the_settings_read_is_in_the_readme_table():
    documented = readme_documented_names((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = {
        name: module for name, module in settings_env_names().items() if name not in documented
    }
    assert missing == {}, "add these to README.md's configuration table"


def test_the_readme_table_lists_no_variable_the_settings_do_not_read():
    documented = readme_documented_names((ROOT / "README.md").read_text(encoding="utf-8"))
    assert documented - set(settings_env_names()) == set()


def test_a_missing_row_is_reported():
    readme = "intro\n## Configuration\n\n| variable | default | what |\n|---|---|---|\n"
    readme += "| `DEBUG`, `SECRET_KEY` | x | y |\n\n## Next\n| `LOG_LEVEL` | | |\n"
    assert readme_documented_names(readme) == {"DEBUG", "SECRET_KEY"}

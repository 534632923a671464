"""publiccode.yml (standard v0.4) at the repository's root: the keys the standard requires are
there with values of the right shape, in French and English, and the version matches the
package's. A catalogue that cannot parse it lists nothing."""

import datetime
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The standard's required keys (https://yml.publiccode.tools/schema.core.html, v0.4).
REQUIRED = [
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
]
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}


def _publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_publiccode_has_every_required_key_of_the_standard():
    data = _publiccode()
    assert [key for key in REQUIRED if key not in data] == []
    assert data["publiccodeYmlVersion"] == "0.4"
    assert re.match(r"^https://", data["url"])
    assert data["platforms"] == ["web"]
    assert data["developmentStatus"] in DEVELOPMENT_STATUSES
    assert data["softwareType"] in SOFTWARE_TYPES
    assert all(re.fullmatch(r"[a-z-]+", c) for c in data["categories"])


def test_publiccode_describes_the_software_in_french_and_english():
    data = _publiccode()
    assert set(data["description"]) == {"fr", "en"}
    for language, description in data["description"].items():
        assert description["shortDescription"].strip(), language
        assert len(description["shortDescription"]) <= 150, language
        assert len(description["longDescription"]) >= 150, language
        assert description["features"], language
    assert data["localisation"]["localisationReady"] is True
    assert data["localisation"]["availableLanguages"] == ["fr", "en"]


def test_publiccode_legal_maintenance_and_version_match_the_project():
    data = _publiccode()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert data["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert data["softwareVersion"] == project["version"]
    datetime.date.fromisoformat(data["releaseDate"])
    assert data["maintenance"]["type"] in MAINTENANCE_TYPES
    assert data["maintenance"]["contacts"][0]["name"]
    names = {d["name"] for d in data["dependsOn"]["open"]}
    assert {"Python", "Django", "Wagtail"} <= names
    assert (ROOT / data["logo"]).exists()

"""docs/migration.md stays true: each before/after pair is what the codemod does, and the
legacy-vs-DEFAULT table is the catalog's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codemods.migrate_pretrained.runner import RunSettings, migrate_file
from weightlink.catalog import load_catalog

PAGE = Path(__file__).resolve().parents[1] / "docs" / "migration.md"
BLOCK = re.compile(r'```python title="(before|after): ([^"]+)"\n(.*?)```', re.S)


def pairs() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for side, name, code in BLOCK.findall(PAGE.read_text()):
        found.setdefault(name, {})[side] = code
    return found


@pytest.mark.parametrize("name", sorted(pairs()))
def test_before_becomes_after(name: str, tmp_path: Path) -> None:
    pair = pairs()[name]
    target = tmp_path / "example.py"
    target.write_text(pair["before"])
    result = migrate_file(target, RunSettings())
    assert result.error is None
    assert target.read_text() == pair["after"]


def test_legacy_versus_default_table_is_the_catalogs() -> None:
    rows = set(re.findall(r"^\| `(\w+)` \| `(\w+)` \| `(\w+)` \| `(\w+)` \|$", PAGE.read_text(), re.M))
    catalog = load_catalog("torchvision")
    expected = set()
    for builder in catalog.builders.values():
        legacy = builder.legacy_for("pretrained")
        if legacy is None or legacy.default.kind != "member" or not legacy.default.member:
            continue
        enum_name, _, member = legacy.default.member.rpartition(".")
        enum = catalog.enums[enum_name]
        if member != enum.default_member:
            expected.add((builder.registry_names[0], enum.name, member, enum.default_member))
    assert rows == expected and len(rows) == 24

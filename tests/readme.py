"""The README's lists of JSON keys, read by the tests that check each JSON output against
the entries its section documents."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def json_bullet(schema: str, name: str) -> str:
    """The text of the bullet ``- `name`: ...`` in the README's section on the JSON of
    ``schema`` (the section that starts at "(schema `SCHEMA`)")."""
    text = README.read_text()
    section = text[text.index(f"(schema `{schema}`)") :]
    match = re.search(rf"^- `{name}`[:,](.*?)(?=^- `|^\s*$)", section, re.M | re.S)
    assert match, f"README documents no `{name}` entry for {schema}"
    return match.group(1)


def key_names(text: str) -> set[str]:
    """The JSON keys a README text names: its backticked identifiers (`null` is a value)."""
    return set(re.findall(r"`([a-z0-9_]+)`", text)) - {"null"}

"""Command-line values shared by the commands: whole-number flags."""

from __future__ import annotations


def whole_number(text: str | None, flag: str, least: int = 1) -> int | None:
    """A whole-number flag (None when absent), at least ``least``; a ValueError naming
    the flag otherwise.

    >>> whole_number("12", "--workers"), whole_number(None, "--workers")
    (12, None)
    """
    if text is None:
        return None
    value = text.strip()
    if not value.isdigit() or len(value) > 12 or int(value) < least:
        raise ValueError(f"{flag} = {text!r}: must be a whole number >= {least}")
    return int(value)

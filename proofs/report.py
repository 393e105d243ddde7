"""The verification report: run the registered claims and render their verdicts."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from proofs.claims import ERROR, FAILS, Verdict
from proofs.paper import CLAIMS, claims_by_id
from proofs.regions import DEFAULT_SAMPLES, MAX_SAMPLES


def run_claims(
    ids: Sequence[str] | None = None,
    samples: int = DEFAULT_SAMPLES,
    progress: Callable[[str], None] | None = None,
) -> list[Verdict]:
    """Verify the claims with these ids (all when None), in registry order."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise ValueError(f"samples = {samples}: must be between 1 and {MAX_SAMPLES}")
    registry = claims_by_id()
    unknown = [i for i in ids or [] if i not in registry]
    if unknown:
        raise ValueError(f"claim = {unknown[0]!r}: must be one of {', '.join(registry)}")
    chosen = [c for c in CLAIMS if ids is None or c.id in ids]
    verdicts = []
    for claim in chosen:
        if progress:
            progress(claim.id)
        verdicts.append(claim.verify(samples))
    return verdicts


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def verdicts_rows(
    verdicts: Sequence[Verdict], width: int = 110, seconds: bool = True
) -> list[list[str]]:
    """Table rows: claim, verdict (with its condition), evidence cut to ``width``, and
    the seconds the check took (left out of documents, which must be reproducible)."""
    rows = []
    for v in verdicts:
        status = v.outcome.status + (f" ({v.outcome.condition})" if v.outcome.condition else "")
        row = [v.claim.id, status, _cut(v.outcome.evidence, width)]
        rows.append(row + [f"{v.seconds:.2f}"] if seconds else row)
    return rows


def verdicts_table_markdown(verdicts: Sequence[Verdict]) -> str:
    """The verdicts as a Markdown table (claim, verdict, evidence); reproducible."""
    lines = ["| claim | verdict | evidence |", "|---|---|---|"]
    for row in verdicts_rows(verdicts, width=400, seconds=False):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)


def verdicts_markdown(verdicts: Sequence[Verdict], command: str) -> str:
    """A Markdown report: the table, then each claim with its evidence and counterexample.
    Reproducible (no timings), so that a committed copy can be checked for staleness."""
    lines = [verdicts_table_markdown(verdicts), "", f"Regenerate with `{command}`.", ""]
    for v in verdicts:
        o = v.outcome
        lines += [
            f"### Claim {v.claim.id}: {o.status}",
            "",
            v.claim.statement,
            "",
            f"- source: {v.claim.source}",
            f"- region: {v.claim.region}",
            f"- method: {v.claim.method}",
            f"- evidence: {o.evidence}",
        ]
        if o.condition:
            lines.append(f"- holds only under: {o.condition}")
        if o.counterexample:
            lines += [
                "- counterexample:",
                "",
                "```json",
                json.dumps(v.to_dict()["counterexample"], indent=2),
                "```",
            ]
        lines.append("")
    return "\n".join(lines)


def verdicts_json(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.outcome.status] = counts.get(v.outcome.status, 0) + 1
    return {
        "claims": [v.to_dict() for v in verdicts],
        "summary": counts,
        "failed": [v.claim.id for v in verdicts if v.outcome.status == FAILS],
        "errors": [v.claim.id for v in verdicts if v.outcome.status == ERROR],
    }

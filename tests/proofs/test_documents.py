"""The generated documents are not stale: VERIFICATION.md and the README's verdict table
are exactly what the code produces today (regenerate with `make docs`).

Each claim is checked on its own (a claim's table row and section, rendered now, are the
committed ones), and the documents' frame (the claims in registry order, the header, the
README block) separately; together they say that the whole documents are current, with
no one test running every claim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proofs.documents import BEGIN, END, readme_with_verdicts, verification_document
from proofs.paper import CLAIMS
from proofs.report import run_claims, verdicts_markdown, verdicts_table_markdown

ROOT = Path(__file__).resolve().parents[2]
HEADER = "| claim | verdict | evidence |\n|---|---|---|\n"


def _committed() -> tuple[str, str]:
    return (ROOT / "VERIFICATION.md").read_text(), (ROOT / "README.md").read_text()


def _sections(document: str) -> dict[str, str]:
    """The committed document's section per claim id (from its heading to the next)."""
    parts = re.split(r"(?m)^(?=### Claim )", document)
    return {re.match(r"### Claim (\S+):", p).group(1): p for p in parts[1:]}  # type: ignore[union-attr]


@pytest.mark.parametrize("claim", [c.id for c in CLAIMS])
def test_each_claims_row_and_section_are_current(claim: str) -> None:
    verification, readme = _committed()
    (verdict,) = run_claims([claim])
    row = verdicts_table_markdown([verdict])[len(HEADER) :]
    assert f"\n{row}\n" in verification, f"stale row of claim {claim}: run `make docs`"
    assert f"\n{row}\n" in readme, f"stale README row of claim {claim}: run `make docs`"
    rendered = verdicts_markdown([verdict], "x")
    rendered = rendered[rendered.index("### Claim ") :]  # the section, without table and command
    assert _sections(verification)[claim].rstrip("\n") == rendered.rstrip("\n"), (
        f"stale section of claim {claim}: run `make docs`"
    )


def test_the_documents_list_every_claim_in_order_and_nothing_else() -> None:
    verification, readme = _committed()
    assert list(_sections(verification)) == [c.id for c in CLAIMS]
    table = verification.split("\n\nRegenerate with `make docs`.", 1)[0]
    rows = table.split(HEADER, 1)[1].splitlines()
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == [c.id for c in CLAIMS]
    block = readme.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block == f"\n{table[table.index(HEADER) :]}\n"
    assert verification.startswith("# Verification of the papers' claims\n\n")


def test_readme_block_is_replaced_between_the_markers_only():
    text = f"before\n{BEGIN}\nold table\n{END}\nafter\n"
    result = readme_with_verdicts(text, [])
    assert result.startswith(f"before\n{BEGIN}\n| claim |") and result.endswith(f"{END}\nafter\n")
    assert "old table" not in result
    with pytest.raises(ValueError, match="markers"):
        readme_with_verdicts("no markers here", [])


def test_write_documents_rewrites_both_files(tmp_path):
    from proofs.documents import write_documents

    verdicts = run_claims([CLAIMS[0].id, CLAIMS[4].id])
    (tmp_path / "README.md").write_text(f"# title\n\n{BEGIN}\nstale\n{END}\n\nmore\n")
    write_documents(tmp_path, verdicts)
    readme = (tmp_path / "README.md").read_text()
    assert readme == readme_with_verdicts(readme, verdicts) and "stale" not in readme
    assert readme.startswith("# title\n") and readme.endswith("\n\nmore\n")
    assert (tmp_path / "VERIFICATION.md").read_text() == verification_document(verdicts)

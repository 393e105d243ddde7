"""The generated documents are not stale: VERIFICATION.md and the README's verdict table
are exactly what the code produces today (regenerate with `make docs`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from proofs.documents import BEGIN, END, readme_with_verdicts, verification_document
from proofs.report import run_claims

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def verdicts():
    return run_claims()


def test_verification_document_is_current(verdicts):
    committed = (ROOT / "VERIFICATION.md").read_text()
    assert committed == verification_document(verdicts), "stale: run `make docs`"


def test_readme_verdict_table_is_current(verdicts):
    readme = (ROOT / "README.md").read_text()
    assert readme == readme_with_verdicts(readme, verdicts), "stale: run `make docs`"


def test_readme_block_is_replaced_between_the_markers_only():
    text = f"before\n{BEGIN}\nold table\n{END}\nafter\n"
    result = readme_with_verdicts(text, [])
    assert result.startswith(f"before\n{BEGIN}\n| claim |") and result.endswith(f"{END}\nafter\n")
    assert "old table" not in result
    with pytest.raises(ValueError, match="markers"):
        readme_with_verdicts("no markers here", [])


def test_write_documents_rewrites_both_files(verdicts, tmp_path):
    from proofs.documents import write_documents

    (tmp_path / "README.md").write_text(f"# title\n\n{BEGIN}\nstale\n{END}\n\nmore\n")
    write_documents(tmp_path, verdicts)
    readme = (tmp_path / "README.md").read_text()
    assert readme == readme_with_verdicts(readme, verdicts) and "stale" not in readme
    assert readme.startswith("# title\n") and readme.endswith("\n\nmore\n")
    assert (tmp_path / "VERIFICATION.md").read_text() == verification_document(verdicts)

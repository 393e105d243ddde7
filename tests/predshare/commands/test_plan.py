"""``predshare plan`` end to end (MODEL.md section 11): the JSON's arithmetic, the
proposal and its probability, a new user's CSV, the partner page's privacy, the HTML
report in a real browser, and bad input refused with nothing written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("pandas", reason="the data extra is not installed")
pytest.importorskip("sklearn", reason="the data extra is not installed")
pytest.importorskip("jinja2", reason="the data extra is not installed")

from contracts.terms import load_terms, terms_from_dict  # noqa: E402
from predshare.cli import main  # noqa: E402
from predshare.data import DataConfig  # noqa: E402
from predshare.decision import PlanConfig, plan  # noqa: E402

ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "examples" / "terms.toml"
SMALL = {"train_sizes": (300, 600), "resamples": 4, "bootstrap": 100}


@pytest.fixture(scope="module")
def lending() -> Any:
    terms = load_terms(str(EXAMPLE))
    return plan(DataConfig(**SMALL), terms, PlanConfig(resamples=20))


def test_the_net_gain_is_checkable_from_the_json(lending: Any) -> None:
    data = lending.to_dict()
    assert data["schema"] == "predshare.plan/1" and data["priced"]
    for name, c in data["contracts"].items():
        for firm in ("firm1", "firm2"):
            parts = c["costs"]["breakdown"][firm]
            gross = c["gross_gain_per_loan"][firm]["value"] * data["loans"]
            expected = (
                gross
                - parts["setup"]
                - parts["running"]
                - parts["per_prediction"]
                - parts["ip_risk"]
            )
            if c["fee"] is not None:
                paid = c["fee"]["monthly"] * data["terms"]["volume"]["horizon_months"]
                expected += paid if c["fee"]["payee"] == int(firm[-1]) else -paid
            assert c["net_gain"][firm]["value"] == pytest.approx(expected, abs=1e-6), name
            low, high = c["net_gain"][firm]["low"], c["net_gain"][firm]["high"]
            assert low is None or low <= high
        exact = c["net_gain_exact"]
        assert [float(Fraction(v)) for v in exact] == pytest.approx(
            [c["net_gain"][f]["value"] for f in ("firm1", "firm2")]
        )


def test_the_recommendation_follows_the_probability_of_being_best(lending: Any) -> None:
    data = lending.to_dict()
    p_best = {n: c["p_best"] for n, c in data["contracts"].items() if "+fee" not in n}
    assert sum(p_best.values()) == pytest.approx(1.0)
    top = max(p_best, key=lambda n: p_best[n])
    if p_best[top] >= data["level"]:
        assert data["recommendation"] == top and data["candidates"] == [top]
    else:
        assert data["recommendation"] == "undecided"
        assert sum(p_best[c] for c in data["candidates"]) >= data["level"]
    assert lending.to_text().splitlines()[0].startswith(("Propose", "Undecided"))
    assert [s["stage"] for s in data["plan"]] == list(range(1, len(data["plan"]) + 1))


def test_without_terms_the_report_says_it_priced_nothing() -> None:
    result = plan(DataConfig(**{**SMALL, "train_sizes": (300,)}), None, PlanConfig(resamples=10))
    data = result.to_dict()
    assert not data["priced"] and any("no costs were given" in n for n in data["notes"])
    for c in data["contracts"].values():
        assert c["costs"]["firm1"]["value"] == 0 and c["roi"]["firm1"]["value"] is None
    assert "No costs were given" in result.to_markdown()


def test_a_new_users_csv_runs_with_no_special_handling(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    n = 3000
    income = rng.normal(50, 15, n)
    score = rng.normal(650, 60, n)
    debt = rng.uniform(0, 1, n)
    region = rng.choice(["north", "south"], n)
    logit = 0.04 * (income - 50) + 0.01 * (score - 650) - 1.5 * debt + 2.5
    repaid = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    path = tmp_path / "loans.csv"
    lines = ["repaid,income,score,debt,region"] + [
        f"{r},{i:.2f},{s:.0f},{d:.3f},{g}" for r, i, s, d, g in zip(repaid, income, score, debt,
                                                                    region)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    code = main(["plan", "--dataset", str(path), "--label", "repaid", "--segments", "region",
                 "--firm1-features", "score,debt", "--firm2-features", "income",
                 "--train-sizes", "400", "--resamples", "4", "--bootstrap", "100",
                 "--draws", "10", "--terms", str(EXAMPLE), "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert (
        data["source"]["dataset"].endswith("loans.csv") and data["source"]["segments"] == "region"
    )
    assert data["recommendation"] in (*data["contracts"], "undecided")


def _our_private_numbers(data: dict[str, Any], firm: str) -> set[str]:
    """Our firm's figures, formatted as the pages print money."""
    from predshare.decision.html import money

    found = set()
    for c in data["contracts"].values():
        for key in ("net_gain", "gross_gain", "costs"):
            for part in ("value", "low", "high"):
                value = c[key][firm][part]
                if value is not None and abs(value) >= 1:
                    found.add(money(value).lstrip("+-"))
        for value in c["costs"]["breakdown"][firm].values():
            if abs(value) >= 1:
                found.add(money(value).lstrip("+-"))
    return found


def test_the_partner_page_shows_none_of_our_figures(lending: Any) -> None:
    data = lending.to_dict()
    page = lending.partner_html()
    assert lending.config.firm == 1  # we are firm 1: the page is for firm 2
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    ours = _our_private_numbers(data, "firm1")
    theirs = _our_private_numbers(data, "firm2")
    private = {n for n in ours - theirs if n not in ("0",)}
    assert private, "the fixture must have figures of our own to hide"
    shown = set(re.findall(r"\d[\d,]*", text))
    assert not private & shown
    assert "firm 2" in text and "net gain" in text


def test_swapping_which_firm_we_are_swaps_the_partner_page(lending: Any) -> None:
    import dataclasses

    other = dataclasses.replace(lending, config=PlanConfig(resamples=20, firm=2))
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", other.partner_html())
    assert "firm 1" in text and "A proposal to firm 1" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine: the browser check "
                    "of the HTML report is skipped (.ci/run installs it)")  # fmt: skip
def test_the_html_report_renders_in_a_real_browser(lending: Any, tmp_path: Path) -> None:
    """Headless Chromium loads the page offline; a script in the page reports what it shows:
    no error, the proposal, every net gain, and every picture loaded."""
    page = lending.to_html()
    probe = """<script>
window.addEventListener('load', () => {
  const images = [...document.images];
  const report = {
    proposal: document.getElementById('proposal').textContent.trim(),
    nets: [...document.querySelectorAll('td.net')].map(td => [td.parentElement.dataset.contract, td.dataset.firm, td.dataset.value, td.textContent.trim()]),
    images: images.length,
    loaded: images.filter(i => i.complete && i.naturalWidth > 0).length,
    errors: window.__errors || [],
  };
  document.title = 'REPORT:' + JSON.stringify(report);
});
window.__errors = []; window.addEventListener('error', e => window.__errors.push(String(e.message)));
</script>"""
    path = tmp_path / "plan.html"
    path.write_text(page.replace("<head>", "<head>" + probe, 1))
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         path.as_uri()],
        capture_output=True, text=True, timeout=25,
    )  # fmt: skip
    match = re.search(r"<title>REPORT:(.*?)</title>", result.stdout, re.S)
    assert match, result.stderr[-2000:]
    import html as html_module

    report = json.loads(html_module.unescape(match.group(1)))
    data = lending.to_dict()
    assert report["errors"] == []
    assert report["proposal"] == html_module.unescape(
        re.search(r'<p id="proposal">(.*?)</p>', page, re.S).group(1).strip()
    )
    from predshare.decision.html import money
    from predshare.decision.report import proposal_line

    assert report["proposal"] == proposal_line(lending)
    assert len(report["nets"]) == 2 * len(data["contracts"])
    for contract, firm, value, shown in report["nets"]:
        expected = data["contracts"][contract]["net_gain"][f"firm{firm}"]["value"]
        assert float(value) == pytest.approx(expected) and shown == money(expected)
    assert report["images"] >= 3 and report["loaded"] == report["images"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--term", "firm1.give_model.setup=-5"],
            "firm1.give_model.setup = -5: must be nonnegative",
        ),
        (["--term", "firm1.give_model.setup=nan"], "firm1.give_model.setup"),
        (["--term", "firm1.ip_risk.model.probability=2"], "must be a probability in [0, 1]"),
        (["--term", "firm1.give_modl.setup=1"], "firm1.give_modl: unknown act or key"),
        (["--horizon", "0"], "--horizon = '0': must be a whole number >= 1"),
        (["--horizon", "601"], "horizon_months = 601: must be between 1 and 600"),
        (["--volume", "99999999999999"], "--volume"),
        (["--draws", "5"], "--draws = '5': must be a whole number >= 10"),
        (["--draws", "1000000000"], "--draws = '1000000000': must be at most 10,000"),
        (["--level", "1.5"], "--level = '1.5': must be a probability"),
        (["--firm", "3"], "--firm = '3': must be 1 or 2"),
        (["--term", "volume"], "--term = 'volume': must be KEY=VALUE"),
        (["--alpha", "0.7"], "--alpha: a setting flag"),
        (
            [
                "correlation",
                "--alpha",
                "0.8",
                "--beta",
                "0.7",
                "--world",
                "indep:1",
                "--dataset",
                "x.csv",
            ],
            "--dataset: a data flag",
        ),
        (["--terms", "/nonexistent/terms.toml"], "--terms"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(args, message, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    outputs = [tmp_path / "r.md", tmp_path / "r.html", tmp_path / "p.html"]
    code = main(["plan", *args, "--out", str(outputs[0]), "--html", str(outputs[1]),
                 "--partner-page", str(outputs[2])])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and err.startswith("predshare: error:"), err
    assert message in err, err
    assert not any(p.exists() for p in outputs) and list(tmp_path.iterdir()) == []


def test_a_duplicate_key_in_the_terms_file_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "terms.toml"
    path.write_text("[firm1.give_model]\nsetup = 1\nsetup = 2\n")
    code = main(["plan", "hypotheses", "--prior-i", "1/10", "--kappa", "1/10", "--lambda",
                 "1/20", "--mu", "3/10", "--terms", str(path)])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 2 and "not valid TOML" in err and err.count("\n") == 1


def test_a_setting_is_priced_from_the_model_alone(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["plan", "hypotheses", "--prior-i", "1/10", "--kappa", "1/10", "--lambda",
                 "1/20", "--mu", "3/10", "--volume", "1000", "--term",
                 "firm1.give_predictions.setup=100", "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    # MODEL.md section 8: infer gains (0.5185 - 0.45775, 0.4815 - 0.45225) per decision
    infer = data["contracts"]["infer"]
    assert infer["gross_gain_per_loan"]["firm1"]["value"] == pytest.approx(0.06075)
    assert infer["net_gain"]["firm1"]["value"] == pytest.approx(0.06075 * 12000 - 100)
    assert data["recommendation"] == "infer" and data["resamples"] == 0
    assert data["plan"][0]["contract"] == "infer"
    setups = {b["term"]: b for b in data["break_even"]}
    assert "firm1.give_predictions.setup" in setups


def test_the_terms_are_the_same_from_file_and_flags() -> None:
    from_file = load_terms(str(EXAMPLE))
    again = terms_from_dict(from_file.to_dict())
    assert again == from_file


def test_the_backtest_compares_each_interval_with_the_stream(lending: Any) -> None:
    from predshare.decision.backtest import backtest, realized_net

    # the realized net gain: the stream's gain per loan over no-sharing, times the loans,
    # minus the costs (and the fee where there is one)
    today = lending.data.results[0]
    for name, priced in lending.priced.items():
        base = name.removesuffix("+fee")
        realized = realized_net(lending, name)
        for f in (0, 1):
            gain = today.validation[base].realized[f] - today.validation["no"].realized[f]
            expected = gain * float(lending.terms.loans) - float(priced.costs[f].total)
            if priced.fee is not None:
                paid = float(priced.fee.monthly) * float(lending.terms.months())
                expected += -paid if priced.fee.payer == f + 1 else paid
            assert realized[f] == pytest.approx(expected)
    result = backtest(DataConfig(**SMALL), load_terms(str(EXAMPLE)), range(3, 5),
                      PlanConfig(resamples=10))  # fmt: skip
    assert result["seeds"] == [3, 4] and result["intervals"] == len(result["rows"]) > 0
    assert result["covered"] == sum(r["covered"] for r in result["rows"])
    for row in result["rows"]:
        assert row["covered"] == (row["low"] <= row["realized"] <= row["high"])
        assert row["contract"] != "no"  # no-sharing's interval is a point: left out
        low, high = row["prediction_interval"]
        assert low <= row["low"] <= row["high"] <= high  # widened, never narrowed
        assert row["prediction_covered"] == (low <= row["realized"] <= high)
    assert result["prediction_coverage"] >= result["coverage"]

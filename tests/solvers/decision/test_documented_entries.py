"""The plan's entries (pilot, fee, stages, break-even values, cost breakdown) carry exactly
the keys the README documents for ``predshare.plan/1``, with the values their fields hold, and the pilot is never the
no-sharing contract (MODEL.md section 11, the staged plan)."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest

import solvers.decision.pilot as pilot_module
from contracts.terms import terms_from_dict
from solvers.decision.pilot import fixed_sample_loans, pilot
from solvers.decision.pricing import Fee, price_all
from solvers.decision.staging import pilot_contract
from tests.readme import json_bullet, key_names


def documented_bullet(name: str) -> str:
    """The text of the README bullet ``- `name`: ...`` in the plan JSON section."""
    return json_bullet("predshare.plan/1", name)


def all_keys(entry: dict[str, Any]) -> set[str]:
    keys = set()
    for key, value in entry.items():
        keys.add(key)
        if isinstance(value, dict):
            keys |= all_keys(value)
    return keys


def test_the_pilot_entry_has_the_documented_keys_and_names_its_methods() -> None:
    rng = np.random.default_rng(3)
    made = pilot("infer", rng.normal(0.2, 1.0, 400), alpha=0.1, power=0.9, seed=5)
    entry = made.to_dict()
    assert all_keys(entry) == key_names(documented_bullet("pilot"))
    assert entry["contract"] == "infer"
    gain = entry["gain_per_loan"]
    assert (gain["mean"], gain["sd"]) == (made.mean, made.sd)
    assert gain["interval"] == list(made.interval) and gain["interval"][0] < made.mean
    # the interval's method is named as scipy's bootstrap spells it
    assert gain["interval_method"].split()[0] == "BCa"
    # sized with the pilot's own alpha and power, not the defaults
    assert entry["fixed_sample_loans"] == fixed_sample_loans(made.mean, made.sd, 0.1, 0.9)
    assert entry["fixed_sample_loans"] != fixed_sample_loans(made.mean, made.sd, 0.1, 0.8)
    assert "alpha 0.1, power 0.9" in entry["fixed_sample_method"]
    # the power calculation is named as statsmodels spells its class
    assert "(statsmodels TTestPower)" in entry["fixed_sample_method"]
    assert hasattr(pytest.importorskip("statsmodels.stats.power"), "TTestPower")
    rule = entry["sequential_rule"]
    assert (rule["alpha"], rule["tau"]) == (0.1, made.tau) and made.tau == abs(made.mean)
    assert rule["expected_loans_at_this_gain"] == made.sequential_loans
    # the stopping rule uses the statistic's symbol of the module docstring
    assert rule["stop_when"].startswith("log Lambda_n >= log(1/alpha)")
    assert rule["method"] == "mixture SPRT (normal mixture), valid under continuous monitoring"
    assert "Lambda_n" in pilot_module.__doc__


def test_the_fee_entry_has_the_documented_keys_and_its_values() -> None:
    contracts = documented_bullet("contracts")
    start = contracts.index("`fee` (")
    fee_keys = key_names(contracts[start : contracts.index(")", start)])
    entry = Fee(payer=2, monthly=F(5, 2), low=F(1, 4), high=F(7, 2),
                per_prediction=F(1, 8)).to_dict()  # fmt: skip
    assert set(entry) | {"fee"} == fee_keys
    assert entry == {"payer": 2, "payee": 1, "monthly": 2.5, "range_monthly": [0.25, 3.5],
                     "per_prediction": 0.125}  # fmt: skip
    assert Fee(1, F(1), F(0), F(2), None).to_dict()["per_prediction"] is None


def test_the_pilot_is_never_no_sharing() -> None:
    """No-sharing is accepted by both and costs nothing, so it is the cheapest contract
    both accept; the pilot is the cheapest *other* one, or none."""
    terms = terms_from_dict({"volume": {"loans_per_month": 100, "horizon_months": 10},
                             "firm1": {"give_predictions": {"setup": 10}}})  # fmt: skip
    gains = {"no": (F(0), F(0)), "infer": (F(1), F(1)), "train": (F(-1), F(1))}
    accepts = {name: (True, True) for name in gains}
    priced = price_all(terms, gains, accepts, fees=False)
    assert all(priced["no"].accepts) and all(priced["infer"].accepts)
    assert priced["no"].costs[0].total == 0 < priced["infer"].costs[0].total
    assert pilot_contract(priced) == "infer"
    del priced["infer"]
    assert pilot_contract(priced) is None  # train: firm 1 loses money


def test_each_stage_entry_has_the_documented_keys_and_its_values() -> None:
    from solvers.decision.staging import Stage

    stage = Stage(2, "full", "at 3,000 labelled loans (month 20)", 3000, 20, 1500, 1.5,
                  250.25, 99.5)  # fmt: skip
    entry = stage.to_dict()
    assert set(entry) == key_names(documented_bullet("plan"))
    assert entry == {"stage": 2, "contract": "full", "trigger": "at 3,000 labelled loans (month 20)",
                     "labelled_history": 3000, "month": 20, "pilot_loans": 1500, "months": 1.5,
                     "cost": 250.25, "net_gain": 99.5}  # fmt: skip


def test_the_break_even_entry_has_the_documented_keys_and_its_values() -> None:
    """README: per cost term, `term`, `value`, `proposal`, `below`/`above` (`threshold`,
    `proposal`, or null where nothing changes in that direction) and `sentences`."""
    from solvers.decision.break_even import BreakEven

    both = BreakEven("firm1.give_model.setup", 500.0, "infer", (120.5, "full"), (3000.25, "no"))
    entry = both.to_dict()
    assert all_keys(entry) == key_names(documented_bullet("break_even"))
    assert entry == {
        "term": "firm1.give_model.setup", "value": 500.0, "proposal": "infer",
        "below": {"threshold": 120.5, "proposal": "full"},
        "above": {"threshold": 3000.25, "proposal": "no"},
        "sentences": ["full becomes the proposal if firm1.give_model.setup is below 120.50",
                      "no becomes the proposal if firm1.give_model.setup is above 3,000.25"],
    }  # fmt: skip
    above_only = BreakEven("money.reward", 1.0, "no", None, (2.5, "infer")).to_dict()
    assert above_only["below"] is None and above_only["above"] == {
        "threshold": 2.5,
        "proposal": "infer",
    }
    below_only = BreakEven("money.reward", 1.0, "no", (0.5, "full"), None).to_dict()
    assert below_only["above"] is None and below_only["below"] == {
        "threshold": 0.5,
        "proposal": "full",
    }
    assert len(below_only["sentences"]) == 1


def test_the_cost_breakdown_has_the_documented_keys_and_its_values() -> None:
    """README: `costs` also `breakdown`: `setup`, `running`, `per_prediction`, `ip_risk`,
    `total`."""
    from contracts.terms import CostBreakdown

    text = documented_bullet("contracts")
    start = text.index("`breakdown`")
    keys = key_names(text[start + len("`breakdown`") : text.index(")", start)])
    entry = CostBreakdown(F(500), F(240), F(100), F(60)).to_dict()
    assert set(entry) == keys
    assert entry == {"setup": 500.0, "running": 240.0, "per_prediction": 100.0, "ip_risk": 60.0,
                     "total": 900.0}  # fmt: skip

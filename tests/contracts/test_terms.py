"""Terms of a sharing decision (MODEL.md section 11): which acts a contract makes each
firm perform, what they cost over the horizon, and every bad term refused by name."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts import Contract, directional_contracts
from contracts.terms import (
    ACTS,
    MAX_HORIZON,
    MAX_VOLUME,
    Terms,
    acts,
    terms_from_dict,
    terms_from_toml,
)

SAMPLE = """
[volume]
loans_per_month = 1000
horizon_months = 24

[firm1.give_model]
setup = 40000
monthly = 1500
[firm1.give_predictions]
setup = 8000
monthly = 400
per_prediction = 0.002
[firm1.receive_predictions]
setup = 4000
[firm1.ip_risk.model]
probability = 0.03
value = 1500000
[firm1.ip_risk.predictions]
probability = 0.005
value = 1500000

[firm2.receive_model]
setup = 15000
monthly = 500
"""


def test_each_flow_is_one_act_of_each_firm() -> None:
    # model1>2: firm 1 gives its model, firm 2 receives it; and so on for every flow
    assert acts(Contract.named("model1>2"), 1) == ("give_model",)
    assert acts(Contract.named("model1>2"), 2) == ("receive_model",)
    assert acts(Contract.named("pred2>1"), 1) == ("receive_predictions",)
    assert acts(Contract.named("pred2>1"), 2) == ("give_predictions",)
    assert acts(Contract.named("no"), 1) == () and acts(Contract.named("full"), 2) == ACTS
    with pytest.raises(ValueError, match="firm = 3"):
        acts(Contract.named("no"), 3)


@pytest.mark.parametrize("contract", directional_contracts())
def test_swapping_the_firms_swaps_the_acts(contract: Contract) -> None:
    assert acts(contract, 1) == acts(contract.swapped(), 2)


def test_the_costs_of_a_contract_add_up_exactly() -> None:
    terms = terms_from_toml(SAMPLE)
    infer = terms.contract_costs(Contract.named("infer"), 1)
    # give + receive predictions: setups 8000 + 4000; monthly 400 over 24 months;
    # 0.002 per prediction on 1000 loans a month for 24 months; extraction risk
    # 0.005 * 1,500,000 a year for two years
    assert infer.setup == 12000 and infer.running == 400 * 24
    assert infer.per_prediction == F(2, 1000) * 1000 * 24
    assert infer.ip_risk == F(5, 1000) * 1500000 * 2
    assert infer.total == 12000 + 9600 + 48 + 15000
    full = terms.contract_costs(Contract.named("full"), 1)
    assert full.setup == 52000 and full.ip_risk == (F(3, 100) + F(5, 1000)) * 1500000 * 2
    assert terms.contract_costs(Contract.named("train"), 2).total == 15000 + 500 * 24
    assert terms.contract_costs(Contract.named("no"), 1).total == 0
    assert terms.loans == 24000 and terms.priced


def test_a_discount_weighs_later_months_less() -> None:
    plain = Terms(volume=100, horizon=24)
    discounted = Terms(volume=100, horizon=24, discount=F(1, 10))
    assert plain.months() == 24
    expected = sum(1.1 ** (-m / 12) for m in range(1, 25))
    assert discounted.months() == pytest.approx(expected) and discounted.months() < 24
    assert discounted.months(12) == pytest.approx(sum(1.1 ** (-m / 12) for m in range(1, 13)))


def test_without_costs_nothing_is_priced() -> None:
    assert not Terms().priced
    assert not terms_from_dict({"volume": {"loans_per_month": 5}}).priced
    assert terms_from_dict({"firm2": {"ip_risk": {"model": {"probability": 0.1,
                                                            "value": 1}}}}).priced  # fmt: skip


@pytest.mark.parametrize(
    "text, message",
    [
        ("[firm1.give_model]\nsetup = -1", "firm1.give_model.setup = -1: must be nonnegative"),
        ("[firm1.give_model]\nsetup = nan", "firm1.give_model.setup = nan: must be a finite"),
        ("[firm2.receive_model]\nmonthly = inf", "monthly = inf: must be a finite number"),
        ("[firm1.ip_risk.model]\nprobability = 1.5", "probability = 1.5: must be a probability"),
        ("[firm1.ip_risk.predictions]\nprobability = -0.1", "must be nonnegative"),
        ("[firm1.give_modle]\nsetup = 1", "firm1.give_modle: unknown act or key"),
        ("[firm3]\nx = 1", "firm3: unknown key"),
        ("[firm1.give_model]\nsetupp = 1", "firm1.give_model.setupp: unknown"),
        ("[volume]\nhorizon_months = 0", "horizon_months = 0: must be between 1 and 600"),
        ("[volume]\nhorizon_months = 601", "horizon_months = 601: must be between 1 and 600"),
        ("[volume]\nhorizon_months = 1.5", "horizon_months = 1.5: must be a whole number"),
        ("[volume]\nloans_per_month = 0", "loans_per_month = 0: must be between 1"),
        ("[volume]\nloans_per_month = 99999999999999999999", "loans_per_month"),
        ("[firm1.give_model]\nsetup = 1e400", "setup"),
        ("[volume]\nloans_per_month = 1\nloans_per_month = 2", "not valid TOML"),
        ("[firm1.give_model]\nsetup = true", "setup = True: must be a number"),
        ("[firm1]\ngive_model = 3", "firm1.give_model = 3: must be a table"),
        ("[firm1]\nip_risk = 3", "firm1.ip_risk = 3: must be a table"),
        ("[firm2.ip_risk]\npredictions = 0.5", "firm2.ip_risk.predictions = 0.5: must be a table"),
        ("[money]\nreward = -5", "money.reward = -5: must be nonnegative"),
        ("[volume]\ndiscount_rate = 11", "discount_rate = 11: must be at most 10"),
    ],
)
def test_bad_terms_name_the_field_value_and_rule(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")
                       .replace("[", r"\[").replace("+", r"\+")):  # fmt: skip
        terms_from_toml(text)


@pytest.mark.parametrize("horizon, ok", [(1, True), (MAX_HORIZON, True), (0, False),
                                         (MAX_HORIZON + 1, False)])  # fmt: skip
def test_the_horizon_at_its_bounds(horizon: int, ok: bool) -> None:
    if ok:
        assert Terms(horizon=horizon).horizon == horizon
    else:
        with pytest.raises(ValueError, match="horizon_months"):
            Terms(horizon=horizon)


@pytest.mark.parametrize("volume, ok", [(1, True), (MAX_VOLUME, True), (0, False),
                                        (MAX_VOLUME + 1, False)])  # fmt: skip
def test_the_volume_at_its_bounds(volume: int, ok: bool) -> None:
    if ok:
        assert Terms(volume=volume).loans == volume * 12
    else:
        with pytest.raises(ValueError, match="loans_per_month"):
            Terms(volume=volume)


def test_a_probability_of_one_is_a_probability() -> None:
    sure = terms_from_dict({"firm1": {"ip_risk": {"model": {"probability": 1, "value": 10}}}})
    assert sure.firms[0].ip_model.yearly_loss == 10


def test_a_money_amount_at_its_bound() -> None:
    assert terms_from_dict({"firm1": {"give_model": {"setup": 10**15}}}).priced
    with pytest.raises(ValueError, match="at most"):
        terms_from_dict({"firm1": {"give_model": {"setup": 10**15 + 1}}})


@given(st.dictionaries(st.sampled_from(ACTS), st.integers(0, 10**6), min_size=1))
def test_terms_read_back_from_their_dict(setups: dict[str, int]) -> None:
    terms = terms_from_dict({"firm2": {a: {"setup": v} for a, v in setups.items()}})
    again = terms_from_dict(terms.to_dict())
    assert again == terms
    for act, value in setups.items():
        assert again.firms[1].acts[act].setup == value


def test_an_ip_risk_without_a_value_loses_nothing() -> None:
    """Only a probability given: the value defaults to 0, so nothing is at risk."""
    terms = terms_from_dict({"firm1": {"ip_risk": {"predictions": {"probability": "1/2"}}}})
    assert terms.firms[0].ip_predictions.probability == F(1, 2)
    assert terms.firms[0].ip_predictions.value == 0


def test_an_ip_risk_entry_names_its_firm_and_kind_in_refusals() -> None:
    with pytest.raises(ValueError) as refused:
        terms_from_dict({"firm1": {"ip_risk": {"model": {"colour": 1}}}})
    assert str(refused.value) == (
        "firm1.ip_risk.model.colour: unknown act or key; must be one of probability, value"
    )
    with pytest.raises(ValueError) as refused:
        terms_from_dict({"firm2": {"ip_risk": {"predictions": {"probability": -0.1}}}})
    assert str(refused.value) == "firm2.ip_risk.predictions.probability = -0.1: must be nonnegative"


def test_top_level_tables_that_are_not_tables_are_named() -> None:
    for key in ("volume", "money", "firm1"):
        with pytest.raises(ValueError) as refused:
            terms_from_dict({key: 5})
        assert str(refused.value) == f"{key} = 5: must be a table"

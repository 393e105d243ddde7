"""Data-sharing contracts as four directional flags (MODEL.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

#: The four flows, in the order of the contract's flags, with their names.
FLOWS: tuple[str, ...] = ("model1>2", "model2>1", "pred1>2", "pred2>1")


@dataclass(frozen=True, order=True)
class Contract:
    """Which models (training observations) and predictions (signals) each firm passes.

    >>> Contract.named("infer")
    Contract(model_1_to_2=False, model_2_to_1=False, pred_1_to_2=True, pred_2_to_1=True)
    >>> Contract.named("model1>2+pred2>1").name
    'model1>2+pred2>1'
    """

    model_1_to_2: bool = False
    model_2_to_1: bool = False
    pred_1_to_2: bool = False
    pred_2_to_1: bool = False

    @property
    def flags(self) -> tuple[bool, bool, bool, bool]:
        return (self.model_1_to_2, self.model_2_to_1, self.pred_1_to_2, self.pred_2_to_1)

    @property
    def name(self) -> str:
        """``no``/``train``/``infer``/``full`` for the symmetric four, else flows joined by +."""
        for name, contract in STANDARD.items():
            if contract == self:
                return name
        return "+".join(flow for flow, on in zip(FLOWS, self.flags) if on)

    def observes(self, firm: int) -> tuple[str, ...]:
        """What firm 1 or 2 observes when acting: a subset of ``(t1, t2, s1, s2)`` in order."""
        if firm == 1:
            seen = ("t1", "t2" if self.model_2_to_1 else "", "s1", "s2" if self.pred_2_to_1 else "")
        elif firm == 2:
            seen = ("t1" if self.model_1_to_2 else "", "t2", "s1" if self.pred_1_to_2 else "", "s2")
        else:
            raise ValueError(f"firm = {firm!r}: must be 1 or 2")
        return tuple(s for s in seen if s)

    def swapped(self) -> Contract:
        """The same contract with the firms relabelled."""
        return Contract(self.model_2_to_1, self.model_1_to_2, self.pred_2_to_1, self.pred_1_to_2)

    @classmethod
    def named(cls, name: str) -> Contract:
        """Parse ``no``, ``train``, ``infer``, ``full`` or flows joined by ``+``."""
        text = str(name).strip()
        if text in STANDARD:
            return STANDARD[text]
        parts = [p.strip() for p in text.split("+")]
        if not text or any(p not in FLOWS for p in parts) or len(set(parts)) != len(parts):
            raise ValueError(
                f"contract = {name!r}: must be one of no, train, infer, full, or distinct "
                f"flows from {', '.join(FLOWS)} joined by '+'"
            )
        return cls(*(flow in parts for flow in FLOWS))


STANDARD: dict[str, Contract] = {
    "no": Contract(False, False, False, False),
    "train": Contract(True, True, False, False),
    "infer": Contract(False, False, True, True),
    "full": Contract(True, True, True, True),
}

NO_SHARING = STANDARD["no"]


def standard_contracts() -> tuple[Contract, ...]:
    """The paper's four symmetric contracts: no, train, infer, full."""
    return tuple(STANDARD.values())


def directional_contracts() -> tuple[Contract, ...]:
    """All sixteen directional contracts, the four symmetric ones first.

    >>> len(directional_contracts())
    16
    """
    rest = [Contract(*f) for f in product((False, True), repeat=4)]
    return standard_contracts() + tuple(c for c in rest if c not in STANDARD.values())


def contract_family(family: str) -> tuple[Contract, ...]:
    """``standard`` (the four named ones) or ``directional`` (all sixteen)."""
    if family == "standard":
        return standard_contracts()
    if family == "directional":
        return directional_contracts()
    raise ValueError(f"contracts = {family!r}: must be 'standard' or 'directional'")

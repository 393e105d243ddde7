"""The economics of prediction sharing: environments, utilities, contracts, information.

Imports nothing of predshare's other packages (see STYLE.md).
"""

from contracts.contract import (
    FLOWS,
    NO_SHARING,
    STANDARD,
    Contract,
    contract_family,
    directional_contracts,
    standard_contracts,
)
from contracts.environment import Environment
from contracts.files import (
    environment_from_dict,
    environment_from_json,
    environment_to_dict,
    load_environment,
    save_environment,
)
from contracts.information import InformationStructure, information_structure
from contracts.numbers import format_number, fraction_text, to_fraction
from contracts.settings import correlation, two_hypotheses, worked_cases
from contracts.utility import Utility

__all__ = [
    "FLOWS",
    "NO_SHARING",
    "STANDARD",
    "Contract",
    "Environment",
    "InformationStructure",
    "Utility",
    "contract_family",
    "correlation",
    "directional_contracts",
    "environment_from_dict",
    "environment_from_json",
    "environment_to_dict",
    "format_number",
    "fraction_text",
    "information_structure",
    "load_environment",
    "save_environment",
    "standard_contracts",
    "to_fraction",
    "two_hypotheses",
    "worked_cases",
]

"""The words the assessment and the legal data share: intervention ids and flag ids.

They live here, not in :mod:`ddkit.assess`, so that the legal-data loader can check a
development's effects without importing the assessment. ``ddkit.assess`` re-exports both.
"""

from __future__ import annotations

INTERVENTIONS: tuple[str, ...] = (
    "legal_referral",
    "release_request",
    "stay_of_removal",
    "check_in_accompaniment",
    "family_preparedness",
    "court_support",
    "opla_pd_request",
    "pd_request",
    "letters_of_support",
    "congressional_inquiry",
    "public_campaign",
)
FLAGS: tuple[str, ...] = (
    "urgent",
    "attorney_review",
    "no_bond_risk",
    "mandatory_detention_risk",
    "expedited_removal_risk",
    "third_country_risk",
    "law_may_be_outdated",
    "policy_not_in_force",
    "needs_consent",
)
CONFIDENCE: tuple[str, ...] = ("confirmed", "reported", "unverified")
CIRCUITS: tuple[str, ...] = (*(str(n) for n in range(1, 12)), "dc")
# Placeholders a development's sentences may use; the assessment fills them in.
PLACEHOLDERS: frozenset[str] = frozenset({"circuit", "state", "reviewed", "on"})

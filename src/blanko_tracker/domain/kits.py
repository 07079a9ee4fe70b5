"""Mobile-service kits (*jemput bola*): blanks signed out to a named officer and reconciled
on return.

Rules held here:
- an officer has at most one kit out at a regency (KitOpen, 409 `kit_open`);
- a kit is returned once (InvalidState);
- on return, printed + spoiled + returned ≤ quantity; the rest is missing and needs a
  reason (it is recorded as lost with it); spoiled blanks need their cause, as a print run's.
"""

from __future__ import annotations

from blanko_tracker.domain.errors import Conflict, InvalidInput, InvalidState, RuleViolated


class KitOpen(Conflict):
    code = "kit_open"

    def context(self) -> dict[str, object]:
        return {"officer": self.values["officer"], "kit": self.values["kit"]}


def officer_key(name: str) -> str:
    """One officer however their name is spaced or cased."""
    return " ".join(name.split()).casefold()


def check_no_open_kit(officer: str, open_kit: int | None) -> None:
    if open_kit is not None:
        raise KitOpen(f"{officer} already has kit {open_kit} out; return it first.",
                      rule="kit_open", values={"officer": officer, "kit": open_kit})


def missing_of(kit_id: int, status: str, quantity: int, printed: int, spoiled: int,
               returned: int, missing_reason: str | None) -> int:
    """How many of the kit's blanks are missing; raises unless the return reconciles."""
    if status != "out":
        raise InvalidState(f"Kit {kit_id} is already returned.", rule="kit_returned",
                           values={"kit": str(kit_id)})
    missing = quantity - printed - spoiled - returned
    if missing < 0:
        raise RuleViolated(
            f"Kit {kit_id} took {quantity:,} blanks; {printed + spoiled + returned:,} are "
            "accounted for.", rule="kit_over_quantity",
            values={"kit": str(kit_id), "quantity": quantity,
                    "accounted": printed + spoiled + returned})
    if missing and not missing_reason:
        raise InvalidInput("missing_reason", f"{missing} blanks are missing: say why",
                           rule="kit_missing_without_reason", values={"missing": missing})
    return missing

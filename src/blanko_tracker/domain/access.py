"""Who may do what, where: the five roles and the region-subtree rule.

A user has one role and one region. A scope of `75` covers `75` and everything under it;
`00` covers the nation. Reading is allowed to every role inside its scope; each write action
belongs to the roles listed in `ROLE_ACTIONS`. `admin` holds every right at its scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from blanko_tracker.domain.errors import InvalidInput, NotPermitted, OutOfScope
from blanko_tracker.domain.regions import ancestors, within


class Role(StrEnum):
    ADMIN = "admin"
    MINISTRY_OFFICER = "ministry_officer"
    PROVINCIAL_HEAD = "provincial_head"
    WAREHOUSE_STAFF = "warehouse_staff"
    PRINT_OPERATOR = "print_operator"


class Action(StrEnum):
    READ = "read"
    MANAGE_USERS = "manage_users"
    PROCURE = "record_procurements"
    ADJUST = "adjust_stock"
    REQUEST = "raise_requests"
    APPROVE = "approve_requests"
    SHIP = "plan_and_dispatch_shipments"
    RECEIVE = "receive_shipments"
    PRINT = "record_print_runs"
    RECORD = "record_print_ready_records"
    SET_TARGETS = "set_targets"
    RUN_SCENARIOS = "run_scenarios"
    MANAGE_PRINTERS = "manage_printers"
    REPORT_DAY = "report_daily"
    PROCURE_REGIONAL = "record_regional_purchases"  # blangko mandiri, from a region's budget
    # Spoiled and surrendered cards and their destruction minutes (*berita acara
    # pemusnahan*): the regency's warehouse staff keep them, and its print operators, who
    # spoil the blanks and take old cards back at replacement, hold them too.
    DESTROY = "record_destructions"
    # Blanks out in a mobile-service kit (*jemput bola*) and their reconciliation on return.
    KIT = "sign_out_kits"


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.MINISTRY_OFFICER: frozenset(
        {Action.READ, Action.PROCURE, Action.APPROVE, Action.SHIP, Action.SET_TARGETS,
         Action.RUN_SCENARIOS}
    ),
    Role.PROVINCIAL_HEAD: frozenset({Action.READ, Action.RUN_SCENARIOS}),
    Role.WAREHOUSE_STAFF: frozenset(
        {Action.READ, Action.ADJUST, Action.REQUEST, Action.SHIP, Action.RECEIVE,
         Action.MANAGE_PRINTERS, Action.REPORT_DAY, Action.PROCURE_REGIONAL, Action.DESTROY,
         Action.KIT}
    ),
    Role.PRINT_OPERATOR: frozenset({Action.READ, Action.PRINT, Action.RECORD,
                                    Action.MANAGE_PRINTERS, Action.REPORT_DAY,
                                    Action.DESTROY, Action.KIT}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user as the rules see them."""

    id: int
    username: str
    role: Role
    region: str


def authorize(actor: Actor, action: Action, region: str) -> None:
    """The one guard: raises NotPermitted (role) or OutOfScope (region) unless allowed."""
    if action not in ROLE_ACTIONS[actor.role]:
        raise NotPermitted(actor.role.value, action.value)
    if not within(actor.region, region):
        raise OutOfScope(actor.region, region)


def may_at_all(actor: Actor, action: Action) -> bool:
    """Whether the role holds this right anywhere (checked before looking anything up)."""
    return action in ROLE_ACTIONS[actor.role]


# Where each role sits: the ministry at `00`, a head at a province, an operator at a regency;
# warehouses and admins at any level that holds blanks.
ROLE_LEVELS: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset({"national", "province", "regency"}),
    Role.MINISTRY_OFFICER: frozenset({"national"}),
    Role.PROVINCIAL_HEAD: frozenset({"province"}),
    Role.WAREHOUSE_STAFF: frozenset({"national", "province", "regency"}),
    Role.PRINT_OPERATOR: frozenset({"regency"}),
}


def check_placement(role: Role, level: str) -> None:
    """A user's region must be of a level their role works at."""
    if level not in ROLE_LEVELS[role]:
        allowed = " or ".join(sorted(ROLE_LEVELS[role]))
        raise InvalidInput("region", f"a {role.value} works at {allowed} level, not {level}",
                           rule="role_level", values={
                               "role": role.value, "levels": sorted(ROLE_LEVELS[role]),
                               "level": level})


@dataclass(frozen=True, slots=True)
class Entrant:
    """Who entered a print run, a recording or an adjustment (their role and region now;
    None when the account no longer exists)."""

    username: str
    role: Role | None
    region: str | None


def authorize_undo(actor: Actor, action: Action, region: str, entrant: Entrant) -> None:
    """Undoing an entry made by mistake (*pembatalan*): the caller must hold the entry's own
    right (`action`) at its region, and be the one who entered it or their supervisor.

    A supervisor is an admin whose scope covers the entry's region (admins answer for every
    entry in their scope), or a user of the entrant's own role placed at a region above the
    entrant's (a provincial warehouse over a regency's warehouse). A colleague at the same
    region is not a supervisor: an operator cannot quietly undo a neighbour's day.
    Raises OutOfScope/NotPermitted as `authorize` does.
    """
    authorize(actor, action, region)
    if actor.username == entrant.username or actor.role is Role.ADMIN:
        return
    if (entrant.role is actor.role and entrant.region is not None
            and actor.region in ancestors(entrant.region)[1:]):
        return
    raise NotPermitted(actor.role.value, "undo_others_entries")

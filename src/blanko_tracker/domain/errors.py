"""Domain errors, each named for what went wrong.

BlankoError                      every refusal the domain can state; `code` is the stable
│                                `code` member of the problem document (API.md)
├── InvalidInput                 a value breaks a rule of its own (names the field)
├── NotAuthenticated             no valid credentials
│   └── InvalidCredentials       wrong username or password (never says which)
│   └── TooManyAttempts          sign-in throttled after repeated failures
├── NotPermitted                 the caller's role may not do this
├── OutOfScope                   the target region is outside the caller's subtree
├── NotFound                     no such region, user, movement, …
├── TooLarge                     a request body larger than its route takes
├── Conflict                     conflicts with the current state
│   ├── InsufficientStock        fewer blanks on hand than asked for
│   ├── InvalidState             the action does not apply in this state
│   ├── AlreadyReceived          a shipment is received once
│   ├── AlreadyExists            a unique name is taken
│   ├── IdempotencyKeyReused     the same key came with another request
│   └── SerialConflict           a serial would be in two places at once
└── RuleViolated                 a domain rule refused otherwise valid input
    ├── QuantityMismatch         counts that must add up do not
    ├── SuketOverOutstanding     more suket redeemed or renewed than outstanding
    │                            (domain/suket.py, beside its rule)
    └── DestructionOverAwaiting  more cards destroyed than await destruction
                                 (domain/destruction.py)

`problems.py` maps these to HTTP statuses; nothing else does.
"""

from __future__ import annotations


class BlankoError(Exception):
    code = "blanko_error"

    def __init__(self, detail: str, *, rule: str | None = None,
                 values: dict[str, object] | None = None) -> None:
        """`detail` is the API's English; `rule` names the refusal for the pages' catalogue
        (web/i18n.py, `invalid_<rule>`), which words it from `values`."""
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.values = values or {}

    def context(self) -> dict[str, object]:
        """Extension members of the problem document."""
        return {}


class InvalidInput(BlankoError):
    code = "invalid_input"

    def __init__(self, field: str, message: str, *, rule: str | None = None,
                 values: dict[str, object] | None = None) -> None:
        """`message` is the API's English, `rule` and `values` as for every refusal."""
        super().__init__(f"{field}: {message}", rule=rule, values=values)
        self.field = field
        self.message = message

    def context(self) -> dict[str, object]:
        return {"errors": [{"field": self.field, "message": self.message}]}


class NotAuthenticated(BlankoError):
    code = "not_authenticated"


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("The username or password is not correct.")


class TooManyAttempts(NotAuthenticated):
    code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many failed sign-ins; wait a few minutes and try again.")
        self.retry_after_seconds = retry_after_seconds

    def context(self) -> dict[str, object]:
        return {"retry_after": self.retry_after_seconds}


class StaleForm(BlankoError):
    """A page's form posted without its session's CSRF token: forged, or from an old
    session. Nothing is done."""

    code = "stale_form"

    def __init__(self) -> None:
        super().__init__("The form's security token is missing or stale; reload the page.")


class NotPermitted(BlankoError):
    code = "not_permitted"

    def __init__(self, role: str, action: str) -> None:
        super().__init__(f"A {role} may not {action.replace('_', ' ')}.")
        self.role = role
        self.action = action

    def context(self) -> dict[str, object]:
        return {"role": self.role, "action": self.action}


class OutOfScope(BlankoError):
    code = "out_of_scope"

    def __init__(self, scope: str, region: str) -> None:
        super().__init__(f"Region {region} is outside your scope ({scope}).")
        self.scope = scope
        self.region = region

    def context(self) -> dict[str, object]:
        return {"scope": self.scope, "region": self.region}


class NotFound(BlankoError):
    code = "not_found"

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"No {kind} {key}.", rule="not_found",
                         values={"kind": kind, "key": str(key)})
        self.kind = kind
        self.key = key


class TooLarge(BlankoError):
    code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than this address takes ({limit:,} "
                         "bytes).")
        self.limit = limit

    def context(self) -> dict[str, object]:
        return {"limit": self.limit}


class Conflict(BlankoError):
    code = "conflict"


class InsufficientStock(Conflict):
    code = "insufficient_stock"

    def __init__(self, region: str, requested: int, available: int) -> None:
        super().__init__(
            f"Region {region} has {available} blanks on hand; {requested} were asked for."
        )
        self.region = region
        self.requested = requested
        self.available = available

    def context(self) -> dict[str, object]:
        return {"region": self.region, "requested": self.requested, "available": self.available}


class InvalidState(Conflict):
    code = "invalid_state"


class AlreadyReceived(Conflict):
    code = "already_received"


class AlreadyExists(Conflict):
    code = "already_exists"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used with a different request; use a new key."
        )


class SerialConflict(Conflict):
    code = "serial_conflict"


class RuleViolated(BlankoError):
    code = "rule_violated"


class QuantityMismatch(RuleViolated):
    code = "quantity_mismatch"

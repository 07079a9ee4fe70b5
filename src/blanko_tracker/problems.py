"""What a refused action is, as a problem document (RFC 9457): each domain error's status and
title, and the body built from the error's own members.

The API sends it (api/problems.py registers it with Litestar and adds the framework's own
HTTP errors); the pages show it in a form (web/render.py). Neither imports the other, so the
table sits here, outside both, and needs nothing of HTTP but the numbers.
"""

from __future__ import annotations

from typing import Any

from blanko_tracker.domain import errors

# Most specific first: the first class an error is an instance of decides.
STATUS: list[tuple[type[errors.BlankoError], int, str]] = [
    (errors.InvalidInput, 400, "Invalid input"),
    (errors.TooManyAttempts, 429, "Too many attempts"),
    (errors.NotAuthenticated, 401, "Not signed in"),
    (errors.StaleForm, 403, "Form expired"),
    (errors.NotPermitted, 403, "Not permitted for your role"),
    (errors.OutOfScope, 403, "Outside your region"),
    (errors.NotFound, 404, "Not found"),
    (errors.TooLarge, 413, "Request body too large"),
    (errors.InsufficientStock, 409, "Insufficient stock"),
    (errors.AlreadyReceived, 409, "Already received"),
    (errors.IdempotencyKeyReused, 409, "Idempotency key reused"),
    (errors.SerialConflict, 409, "Serial conflict"),
    (errors.Conflict, 409, "Conflicts with the current state"),
    (errors.QuantityMismatch, 422, "Quantities do not add up"),
    (errors.RuleViolated, 422, "Refused by a rule"),
    (errors.BlankoError, 422, "Refused"),
]

# An unexpected failure: the same words everywhere, and never the failure's own.
INTERNAL_DOCUMENT = {
    "status": 500, "title": "Internal error", "code": "internal_error",
    "detail": "Something went wrong on our side; nothing was written. Please retry.",
}


def status_of(error: errors.BlankoError) -> tuple[int, str]:
    for kind, status, title in STATUS:
        if isinstance(error, kind):
            return status, title
    raise AssertionError("BlankoError is the last row")  # pragma: no cover


def problem_document(error: errors.BlankoError) -> tuple[int, dict[str, Any]]:
    """The status and body of `error`: `status`, `title`, `detail`, the stable `code` and the
    error's members (API.md)."""
    status, title = status_of(error)
    return status, {"status": status, "title": title, "detail": error.detail,
                    "code": error.code, **error.context()}

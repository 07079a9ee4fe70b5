"""The one place that registers error handling with Litestar: domain errors and HTTP
exceptions → RFC 9457.

Every error leaves as `application/problem+json` with `status`, `title`, `detail` and a
stable `code` (API.md); input errors add per-field `errors`. Which status and title a domain
error gets is blanko_tracker/problems.py's table, shared with the pages.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import jwt
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException

from blanko_tracker.domain import errors
from blanko_tracker.problems import INTERNAL_DOCUMENT, status_of
from blanko_tracker.schemas import Problem

logger = logging.getLogger("blanko_tracker")

# HTTP exceptions raised by the framework (routing, validation, auth middleware).
HTTP_CODES = {
    400: ("invalid_input", "Invalid input"),
    401: ("not_authenticated", "Not signed in"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("too_large", "Request too large"),
    429: ("too_many_requests", "Too many requests"),
}


def domain_problem(error: errors.BlankoError) -> ProblemDetailsException:
    status, title = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(error, errors.TooManyAttempts):
        headers = {"Retry-After": str(error.retry_after_seconds)}
    return ProblemDetailsException(
        status_code=status, title=title, detail=error.detail, headers=headers,
        extra={"code": error.code, **error.context()},
    )


def http_problem(exc: HTTPException) -> ProblemDetailsException:
    code, title = HTTP_CODES.get(exc.status_code, ("http_error", "Error"))
    if exc.status_code >= 500:
        code, title = "internal_error", "Internal error"
    extra: dict[str, Any] = {"code": code}
    detail = exc.detail
    headers = dict(exc.headers or {})
    if exc.status_code == 400:
        items = exc.extra if isinstance(exc, ValidationException) and exc.extra else []
        extra["errors"] = [_field_error(item) for item in items] or [_from_detail(detail)]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in extra["errors"])
    if exc.status_code == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
        detail = _why_not_signed_in(exc)
    return ProblemDetailsException(
        status_code=exc.status_code, title=title, detail=detail, headers=headers or None,
        extra=extra,
    )


def _why_not_signed_in(exc: HTTPException) -> str:
    """What is wrong with the credentials, in words a caller can act on: the JWT middleware
    says "Invalid token" for every fault and keeps the real one as the cause."""
    cause = exc.__cause__
    if isinstance(cause, jwt.ExpiredSignatureError):
        return "The token has expired; sign in again (POST /api/v1/auth/token) for a new one."
    if isinstance(cause, jwt.InvalidSignatureError):
        return "The token's signature does not match: it was not issued by this server."
    if isinstance(cause, jwt.InvalidTokenError):
        return f"The token is not valid ({cause}); sign in again for a new one."
    if exc.detail == "No JWT token found in request header":
        return "Sign in first: send `Authorization: Bearer <token>` from POST /api/v1/auth/token."
    if exc.detail in ("", "Unauthorized"):
        return "The token's user is unknown or no longer active; sign in again."
    return exc.detail


_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '([^']+)'")


def _from_detail(detail: str) -> dict[str, str]:
    """A field error from a framework message that names no field (a missing query parameter,
    a body that is not JSON)."""
    if missing := _MISSING_PARAMETER.search(detail):
        return {"field": missing.group(1), "message": "this parameter is required"}
    return {"field": "body", "message": detail}


_MISSING = re.compile(r"Object missing required field `([^`]+)`")


def _field_error(item: Any) -> dict[str, str]:
    """Litestar's `{key, message, source}` as `{field, message}`, naming a missing field too."""
    if not isinstance(item, dict):
        return {"field": "body", "message": str(item)}
    message = str(item.get("message"))
    key = str(item.get("key") or "")
    if missing := _MISSING.search(message):
        key = f"{key}.{missing.group(1)}" if key and key != "data" else missing.group(1)
    if key in ("", "data"):
        key = "body"
    return {"field": key.removeprefix("$."), "message": message}


def nesting_problem(exc: RecursionError) -> ProblemDetailsException:
    """A JSON body nested deeper than the decoder goes (`[[[[…`) is bad input, not a failure
    of ours; any other RecursionError is one."""
    if "deserializing" not in str(exc):
        return internal_problem(exc)
    message = "the JSON nests deeper than any body this service takes"
    return ProblemDetailsException(
        status_code=400, title="Invalid input", detail=f"body: {message}",
        extra={"code": "invalid_input", "errors": [{"field": "body", "message": message}]})


def internal_problem(exc: Exception) -> ProblemDetailsException:
    """An unexpected failure: logged in full here, never described to the caller."""
    logger.error("unexpected failure", exc_info=exc)
    return ProblemDetailsException(
        status_code=500, title=INTERNAL_DOCUMENT["title"], detail=INTERNAL_DOCUMENT["detail"],
        extra={"code": INTERNAL_DOCUMENT["code"]},
    )


def config() -> ProblemDetailsConfig:
    return ProblemDetailsConfig(
        enable_for_all_http_exceptions=True,
        exception_to_problem_detail_map={
            errors.BlankoError: domain_problem,
            HTTPException: http_problem,
            RecursionError: nesting_problem,
            Exception: internal_problem,
        },
    )


def responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problems an operation can answer with.

    400 is always among them: any operation answers malformed input (a path or query value of
    the wrong type, a body that is not JSON) with a 400 problem, and without this entry the
    document would show Litestar's default 400 (`application/json`, another shape).
    """
    return {
        status: ResponseSpec(
            data_container=Problem, media_type="application/problem+json",
            description=_DESCRIPTIONS.get(status, "Problem"),
            generate_examples=False,  # generated ones were noise: {"status": 9361, ...}
        )
        for status in sorted({400, *statuses})
    }


_DESCRIPTIONS = {
    400: "Malformed or invalid input, with per-field `errors`",
    401: "Not signed in, or the token has expired",
    403: "Outside your role or region",
    404: "Unknown resource",
    409: "Conflicts with the current state",
    422: "A domain rule refused it",
    429: "Too many failed attempts; retry after `retry_after` seconds",
}

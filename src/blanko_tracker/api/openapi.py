"""What the OpenAPI document must say that Litestar cannot infer from a handler's signature.

A route handler takes one of these as `operation_class`; Litestar builds it with the inferred
fields and `__post_init__` corrects them. Found by fuzzing the document (tests/fuzz).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
)

from blanko_tracker.api.idempotency import KEY_PATTERN, WRITE_METHODS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


@dataclass
class OptionalBody(Operation):
    """An operation whose JSON body may be left out: Litestar marks every body required."""

    def __post_init__(self) -> None:
        if self.request_body is not None and not isinstance(self.request_body, dict):
            self.request_body.required = False


@dataclass
class JsonXlsxOrPdf(Operation):
    """An operation that answers 200 in JSON, or as an XLSX or PDF file (`format=`)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        content = getattr(ok, "content", None)
        if content is not None:
            for media_type in (XLSX, PDF):
                content[media_type] = OpenAPIMediaType(schema=Schema(
                    type=OpenAPIType.STRING, content_media_type=media_type))


IDEMPOTENCY_KEY = Parameter(
    name="Idempotency-Key", param_in="header", required=False,
    description="Any string of your choosing (1 to 255 printable ASCII characters; spaces "
    "around it are not part of it): a retry with the same key gets the first answer again "
    "(`idempotent-replayed: true`) instead of writing twice. Kept per user for 24 hours.",
    # The pattern bounds the key itself; whitespace around a header value is dropped.
    schema=Schema(type=OpenAPIType.STRING, min_length=1,
                  pattern=f"^[ \t]*{KEY_PATTERN.pattern}[ \t]*$"),
)


KEY_REUSED = OpenAPIResponse(
    description="Conflicts with the current state, or the Idempotency-Key was used for "
    "another request (`idempotency_key_reused`)",
    content={"application/problem+json": OpenAPIMediaType(
        schema=Reference(ref="#/components/schemas/Problem"))},
)


@dataclass
class IdempotentWrite(Operation):
    """A write: it takes an optional Idempotency-Key — read by a middleware
    (`api/idempotency.py`), so no handler declares it — and reusing a key for another request
    is a 409."""

    def __post_init__(self) -> None:
        inherited = getattr(super(), "__post_init__", None)
        if inherited is not None:
            inherited()
        self.parameters = [*(self.parameters or []), IDEMPOTENCY_KEY]
        self.responses = {"409": KEY_REUSED, **(self.responses or {})}


def document_idempotency_key(app: Litestar, *, unwrapped: set[str]) -> None:
    """Give every write operation outside `unwrapped` the key. Only the handlers' operation
    classes change: the document itself is still built on its first request."""
    for route in app.routes:
        if route.path in unwrapped:
            continue
        for handler in getattr(route, "route_handlers", ()):
            if set(handler.http_methods) & WRITE_METHODS:
                handler.operation_class = _idempotent(handler.operation_class)


@cache
def _idempotent(operation_class: type[Operation]) -> type[Operation]:
    if issubclass(operation_class, IdempotentWrite):
        return operation_class
    return type(f"Idempotent{operation_class.__name__}", (IdempotentWrite, operation_class), {})

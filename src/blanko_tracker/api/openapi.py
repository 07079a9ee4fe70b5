"""What the OpenAPI document must say that Litestar cannot infer from a handler's signature.

A route handler takes one of these as `operation_class`; Litestar builds it with the inferred
fields and `__post_init__` corrects them. Found by fuzzing the document (tests/fuzz).
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
)

from blanko_tracker.api.idempotency import KEY_PATTERN

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
    description="Any string of your choosing (1 to 255 printable ASCII characters): a retry "
    "with the same key gets the first answer again (`idempotent-replayed: true`) instead of "
    "writing twice. Kept per user for 24 hours.",
    schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=255,
                  pattern=f"^{KEY_PATTERN.pattern}$"),
)


KEY_REUSED = OpenAPIResponse(
    description="Conflicts with the current state, or the Idempotency-Key was used for "
    "another request (`idempotency_key_reused`)",
    content={"application/problem+json": OpenAPIMediaType(
        schema=Reference(ref="#/components/schemas/Problem"))},
)


def document_idempotency_key(openapi: OpenAPI, *, unwrapped: set[str]) -> None:
    """Every write takes an optional Idempotency-Key. A middleware reads it
    (`api/idempotency.py`), so no handler declares it: the document says so here, and that
    reusing a key for another request is a 409."""
    for path, item in (openapi.paths or {}).items():
        if path in unwrapped:
            continue
        for operation in (item.post, item.put, item.patch, item.delete):
            if operation is not None:
                operation.parameters = [*(operation.parameters or []), IDEMPOTENCY_KEY]
                operation.responses = {"409": KEY_REUSED, **(operation.responses or {})}

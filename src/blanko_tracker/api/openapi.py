"""What the OpenAPI document must say that Litestar cannot infer from a handler's signature.

A route handler takes one of these as `operation_class`; Litestar builds it with the inferred
fields and `__post_init__` corrects them. Found by fuzzing the document (tests/fuzz) and by
the tools that read it: `openapi-spec-validator` and a client generated from it
(tests/api/test_openapi_document.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from litestar import Litestar, Request
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
    SecurityScheme,
)

from blanko_tracker.api.idempotency import KEY_PATTERN, MAX_KEY_LENGTH, WRITE_METHODS
from blanko_tracker.schemas.common import whole

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


@dataclass
class JsonOrPdf(Operation):
    """An operation that answers 200 in JSON, or as a PDF file (`format=pdf`)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        content = getattr(ok, "content", None)
        if content is not None:
            content[PDF] = OpenAPIMediaType(schema=Schema(
                type=OpenAPIType.STRING, content_media_type=PDF))


IDEMPOTENCY_KEY = Parameter(
    name="Idempotency-Key", param_in="header", required=False,
    description=f"Any string of your choosing, 1 to {MAX_KEY_LENGTH} visible ASCII characters "
    "(spaces only between them): a retry with the same key gets the first answer again "
    "(`idempotent-replayed: true`) instead of writing twice. Kept per user for 24 hours.",
    # Exactly the key the server keeps (KEY_PATTERN, anchored), so a generated client or a
    # fuzzer sends only keys it accepts. The server also drops spaces around the header's
    # value (RFC 9110, 5.5), but a client has no reason to send them: they are not part of
    # the key, so the document does not admit them.
    schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=MAX_KEY_LENGTH,
                  pattern=whole(KEY_PATTERN.pattern)),
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


BEARER_TOKEN = SecurityScheme(
    type="http", scheme="bearer", bearer_format="JWT",
    description="The `access_token` of `POST /api/v1/auth/token`, sent as "
    "`Authorization: Bearer <token>`.",
)


def document_idempotency_key(app: Litestar, *, unwrapped: set[str]) -> None:
    """Give every write operation outside `unwrapped` the key, and make the bearer scheme
    valid OpenAPI 3.1 (`document_bearer_token`). Only the handlers' operation classes and the
    document's configuration change: the document itself is still built on its first
    request."""
    if app.openapi_config is not None:
        document_bearer_token(app.openapi_config)
    for route in app.routes:
        if route.path in unwrapped:
            continue
        for handler in getattr(route, "route_handlers", ()):
            if set(handler.http_methods) & WRITE_METHODS:
                handler.operation_class = _idempotent(handler.operation_class)


def document_bearer_token(config: OpenAPIConfig) -> None:
    """Describe the bearer token as OpenAPI 3.1 allows. Litestar's `JWTAuth` gives its
    `type: http` scheme a `name` (the header), a field only `apiKey` schemes may carry, so
    validators refuse the whole document. The scheme's key, which the document's `security`
    refers to, is kept."""
    parts = config.components if isinstance(config.components, list) else [config.components]
    config.components = [
        replace(part, security_schemes={
            name: BEARER_TOKEN if _is_bearer(scheme) else scheme
            for name, scheme in part.security_schemes.items()
        }) if part.security_schemes else part
        for part in parts
    ]


def _is_bearer(scheme: SecurityScheme | Reference) -> bool:
    return (isinstance(scheme, SecurityScheme) and scheme.type == "http"
            and (scheme.scheme or "").lower() == "bearer")


@cache
def _idempotent(operation_class: type[Operation]) -> type[Operation]:
    if issubclass(operation_class, IdempotentWrite):
        return operation_class
    return type(f"Idempotent{operation_class.__name__}", (IdempotentWrite, operation_class), {})


class OpenAPIDocument(JsonRenderPlugin):
    """The document at `/schema/openapi.json` (and `/schema`), encoded once: it never changes
    while the app runs, and anyone may ask for it. No UI pages and no YAML: Litestar's UIs
    load their scripts from a CDN, and its YAML is rebuilt on every request."""

    def __init__(self) -> None:
        super().__init__(path="/openapi.json")
        self._encoded: bytes | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._encoded is None:
            self._encoded = self.render_json(request, openapi_schema)
        return self._encoded

"""What the OpenAPI document must say that Litestar cannot infer from a handler's signature.

A route handler takes one of these as `operation_class`; Litestar builds it with the inferred
fields and `__post_init__` corrects them. Found by fuzzing the document (tests/fuzz).
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, Schema

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

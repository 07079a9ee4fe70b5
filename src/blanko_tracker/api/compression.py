"""Compressed answers for slow links (issue 21: a remote regency's 400 kbps, 400 ms round trips).

Pages, JSON reads and shipped assets go out gzip-compressed to a browser that accepts it.
Answers to writes do not: Litestar runs the compression inside the app's own middleware, so
`TransactionPerWrite` (api/idempotency.py) would store the compressed bytes of an
idempotent answer without their `Content-Encoding` and replay them, to a client that may not
even accept gzip, as garbage. Those answers are small (a created record, a redirect), so
nothing is lost by sending them as they are.
"""

from __future__ import annotations

from litestar.config.compression import CompressionConfig
from litestar.middleware.compression import CompressionMiddleware
from litestar.types import Receive, Scope, Send

from blanko_tracker.api.idempotency import WRITE_METHODS


class ReadsOnlyCompression(CompressionMiddleware):
    """Litestar's compression, for every answer but those to writes."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def compression_config() -> CompressionConfig:
    # Level 6 compresses Pico's 83 KB stylesheet to within a few hundred bytes of level 9 at
    # a fraction of the CPU; each static answer is compressed anew (the browser keeps it a
    # year under its fingerprint, so it is rarely asked for twice by one browser).
    return CompressionConfig(backend="gzip", gzip_compress_level=6,
                             middleware_class=ReadsOnlyCompression)

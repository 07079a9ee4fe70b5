"""Security headers on every answer: pages may only load what this server ships, and nothing
a signed-in person sees is kept by a browser or a proxy on the way (issue 20)."""

from __future__ import annotations

from urllib.parse import parse_qs

from litestar.types import Message, Scope

# No inline scripts or styles anywhere: chart data travels as JSON in a non-executable
# <script type="application/json">; Pico's icons are data: URIs.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
])
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


# Caching, decided here for every answer of the app. Signed-in pages, scoped API answers,
# downloads and refusals are never stored: on a shared office computer the back button or
# the disk cache would show the last user's stock, debts and users to the next. Public
# answers (/health, the OpenAPI document) keep what their handler says, and so does any
# answer whose handler sets Cache-Control itself (public data says `public` there). Shipped
# assets named by their content's fingerprint (`?v=`, web/render.py `static_url`) never
# change under that name, so they are kept a year; asked for without it, they are checked
# again (ETag) on each use.
NO_STORE = b"no-store"
FINGERPRINTED = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
PUBLIC_PATHS = ("/health", "/schema")


def cache_control(path: str, query_string: bytes) -> bytes | None:
    """The Cache-Control of an answer to `path` whose handler set none; None: leave it so."""
    if path.startswith("/static/"):
        fingerprint = parse_qs(query_string.decode("latin-1")).get("v")
        return FINGERPRINTED if fingerprint else REVALIDATE
    if any(path == public or path.startswith(f"{public}/") for public in PUBLIC_PATHS):
        return None
    return NO_STORE


async def security_headers(message: Message, scope: Scope) -> None:
    """Adds the headers to an answer's start, leaving any its handler set. As Litestar's
    `before_send` hook it sees every answer of the app, routed or not (a 404, the 401 of the
    bearer check, which runs outside the app's own middleware)."""
    if message["type"] != "http.response.start" or scope["type"] != "http":
        return
    caching = cache_control(scope["path"], scope.get("query_string", b""))
    wanted = [*HEADERS, *([(b"cache-control", caching)] if caching else [])]
    present = {name.lower() for name, _ in message.get("headers", [])}
    message["headers"] = [*message.get("headers", []),
                          *(h for h in wanted if h[0] not in present)]

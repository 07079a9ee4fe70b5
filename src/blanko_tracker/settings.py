"""Settings, read from the environment once into a frozen struct.

`create_app(settings)` and the CLI take a `Settings`; tests build their own instead of
patching `os.environ`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import msgspec
import platformdirs

from blanko_tracker.domain.client_address import trusted_networks

APP_NAME = "blanko-tracker"
DEFAULT_DATABASE_POOL_SIZE = 10


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    """`postgresql://user@host:port/db` or `sqlite:///path`; the embedded default is SQLite."""

    secret_key: str
    """Signs access tokens and session cookies; keep it secret and stable across restarts."""

    token_ttl_seconds: int = 8 * 3600
    """How long an access token stays valid (one working day)."""

    fast_password_hashing: bool = False
    """Tests only: a cheap argon2 cost so suites are not dominated by hashing."""

    idempotency_ttl_seconds: int = 24 * 3600
    """How long a stored answer is replayed for the same `Idempotency-Key`."""

    database_pool_size: int = DEFAULT_DATABASE_POOL_SIZE
    """PostgreSQL connections each worker process may hold at once. All workers together
    (`serve --workers N` × this) must stay under the server's `max_connections`: `serve`
    warns when they would not. Requests beyond it wait for a connection in the worker."""

    secure_cookies: bool = False
    """Mark session cookies `Secure` even when requests arrive as plain HTTP, as they do
    behind a proxy that terminates TLS (they are always `Secure` on an https request)."""

    trusted_proxies: tuple[str, ...] = ()
    """Reverse proxies (addresses or networks) whose `X-Forwarded-For` names the client:
    sign-in throttling then counts the client's address, not the proxy's. Empty: no header
    is believed, every request is the address of its connection."""

    def __post_init__(self) -> None:
        if self.database_pool_size < 1:
            raise ValueError("BLANKO_DATABASE_POOL_SIZE must be at least 1, not "
                             f"{self.database_pool_size}")
        trusted_networks(self.trusted_proxies)  # a typo fails at start, not at sign-in

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from `BLANKO_*` variables, with the embedded default when they are unset."""
        url = os.environ.get("BLANKO_DATABASE_URL") or default_database_url()
        return cls(
            database_url=url,
            secret_key=os.environ.get("BLANKO_SECRET_KEY") or stored_secret_key(),
            token_ttl_seconds=int(os.environ.get("BLANKO_TOKEN_TTL_SECONDS", 8 * 3600)),
            fast_password_hashing=os.environ.get("BLANKO_FAST_PASSWORD_HASHING") == "1",
            secure_cookies=os.environ.get("BLANKO_SECURE_COOKIES") == "1",
            trusted_proxies=tuple(entry for entry in os.environ.get(
                "BLANKO_TRUSTED_PROXIES", "").split(",") if entry.strip()),
            database_pool_size=int(os.environ.get("BLANKO_DATABASE_POOL_SIZE",
                                                  DEFAULT_DATABASE_POOL_SIZE)),
        )


def data_dir() -> Path:
    """The user's data directory for the embedded default (created on first use)."""
    override = os.environ.get("BLANKO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'blanko.sqlite'}"


def stored_secret_key() -> str:
    """The signing key generated on first start and kept beside the embedded database."""
    path = data_dir() / "secret_key"
    if not path.exists():
        # Written aside, then linked into place: workers starting together agree on one key
        # and none ever reads a half-written file.
        draft = path.with_name(f"secret_key.{os.getpid()}.draft")
        draft.write_text(secrets.token_urlsafe(48))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()

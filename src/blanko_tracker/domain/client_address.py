"""Who is asking, by network address: the peer of the connection, or — only when that peer
is a reverse proxy the operator trusts (`BLANKO_TRUSTED_PROXIES`) — the client the proxy
names in `X-Forwarded-For`. Sign-in throttling counts by this address, so trusting a header
anybody can send would let a guesser pose as everyone, and trusting none behind a proxy
would make every user one address."""

from __future__ import annotations

from collections.abc import Collection
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def trusted_networks(entries: Collection[str]) -> tuple[Network, ...]:
    """Addresses or networks (`10.0.0.2`, `10.0.0.0/24`); ValueError names a bad one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"BLANKO_TRUSTED_PROXIES: {entry.strip()!r} is not an IP "
                             "address or network") from None
    return tuple(networks)


def _is_trusted(address: str, trusted: Collection[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: Collection[Network]) -> str:
    """The client's address. Each trusted proxy appends the address it saw to the right of
    `X-Forwarded-For`; entries to the left of the last one a trusted proxy wrote are the
    client's own claims and worth nothing. So walk from the right past trusted proxies and
    take the first address that is not one of them."""
    if not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        try:
            ip_address(hop)
        except ValueError:
            return peer  # a garbled header: count the proxy itself rather than a made-up name
        if not _is_trusted(hop, trusted):
            return hop
    return peer

"""The client's address behind a reverse proxy.

Behind nginx every request comes from 127.0.0.1, so the login lockout (per account and address)
and the public verification throttle (per address) would treat every member as one client. The
`X-Forwarded-For` header names the real client, but anybody can send that header: it is believed
only when the request comes from a proxy named in TRUSTED_PROXIES (env ICPORTAL_TRUSTED_PROXIES),
and then only up to the first address that is not itself a trusted proxy, reading from the right
(each proxy appends the address it saw; what the client wrote is on the left and is not believed).

`TrustedProxyMiddleware` runs first and puts that address in `REMOTE_ADDR`, so everything after
it (axes, DRF throttles, audit rows) uses `request.META["REMOTE_ADDR"]` or `client_ip(request)`.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):  # ::ffff:127.0.0.1 from a dual-stack socket
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client address: the peer, unless it is a trusted proxy; then the rightmost address of
    `forwarded_for` that is not a trusted proxy (a malformed entry stops the walk: the last
    trusted hop is kept, as nothing to its left can be believed)."""
    client = peer
    if not _is_trusted(_address(peer), networks):
        return client
    for entry in reversed([e for e in forwarded_for.split(",") if e.strip()]):
        address = _address(entry)
        if address is None:
            break
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: REMOTE_ADDR becomes the client's address (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        networks = trusted_networks()
        peer = request.META.get("REMOTE_ADDR", "")
        if networks and peer:
            request.META["REMOTE_ADDR"] = forwarded_client(
                peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), networks
            )
        return self.get_response(request)


def client_ip(request) -> str | None:
    """The client's address (after TrustedProxyMiddleware); axes' AXES_CLIENT_IP_CALLABLE and the
    audit's. None without a request (a command, the worker)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None

"""Fetch http(s) URLs with a timeout, a size cap and a guard against requests to private addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.errors import FetchRefused

USER_AGENT = "Storyline/0.1 (+news analysis; offline-first)"
MAX_REDIRECTS = 5


def is_public_address(host: str) -> bool:
    """True when every address the host resolves to is a public one (no loopback, private, link-local)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise FetchRefused(f"cannot resolve host {host!r} ({exc.strerror})") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            return False
    return True


def fetch_url(
    url: str, *, timeout: float = 20.0, max_bytes: int = 20_000_000, allow_private: bool = False
) -> tuple[bytes, str]:
    """Return (body, final URL). Each redirect hop is checked by the same guard."""
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchRefused(f"{current}: only http(s) URLs with a host can be fetched")
            if not allow_private and not is_public_address(parts.hostname):
                raise FetchRefused(
                    f"{current}: refused, {parts.hostname} is a private or loopback address "
                    "(pass --allow-private to fetch it)"
                )
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = urljoin(current, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise FetchRefused(f"{current}: HTTP {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > max_bytes:
                        raise FetchRefused(f"{current}: {declared} bytes is over the size cap")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchRefused(f"{current}: response is over the size cap")
                    return bytes(body), current
            except httpx.TimeoutException as exc:
                raise FetchRefused(f"{current}: timed out after {timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchRefused(f"{current}: {exc.__class__.__name__}: {exc}") from exc
    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")

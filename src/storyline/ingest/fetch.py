"""Fetch http(s) URLs with a timeout, a size cap and a guard against requests to private addresses.

The guard looks a host's name up once, checks every address it answers, and the request goes to
the address checked: the URL's host is replaced by it, while the Host header and TLS (its SNI and
certificate check) keep the name. Were the name looked up again to connect, a name that answers
a public address first and 127.0.0.1 next (DNS rebinding) would pass the check and reach the
loopback. Every redirect hop is checked and pinned the same way.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin

import httpx

from storyline.errors import FetchRefused
from storyline.ingest.limits import FETCH_SECONDS, MAX_INPUT_BYTES

USER_AGENT = "Storyline/0.1 (+news analysis; offline-first)"
MAX_REDIRECTS = 5
# IPv6 ranges that carry an IPv4 address a gateway may deliver to (NAT64's well-known prefix).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(host: str) -> bool:
    """True when every address the host resolves to is a public one (no loopback, private, link-local)."""
    return all(_is_public(address) for address in resolve(host))


def resolve(host: str, port: int | None = None) -> list[Address]:
    """Every address `host` resolves to (an address literal is itself), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else "not a valid name"
        raise FetchRefused(f"cannot resolve host {host!r} ({reason})") from exc
    addresses: list[Address] = []
    for info in infos:
        # An IPv6 scope ("fe80::1%eth0") is not part of the address.
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchRefused(f"cannot resolve host {host!r} (no address)")
    return addresses


def _is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return _is_public(embedded)
    return address.is_global and not address.is_multicast


def fetch_url(
    url: str, *, timeout: float = FETCH_SECONDS, max_bytes: int = MAX_INPUT_BYTES, allow_private: bool = False
) -> tuple[bytes, str]:
    """Return (body, final URL). Each redirect hop is checked by the same guard."""
    current = url
    # No proxy from the environment: a proxy would look the name up again, past the guard.
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            request = _pinned_request(client, current, allow_private=allow_private)
            try:
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect:
                        current = urljoin(current, response.headers.get("location", ""))
                        continue
                    return _read_body(response, current, max_bytes), current
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise FetchRefused(f"{current}: timed out after {timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchRefused(f"{current}: {exc.__class__.__name__}: {exc}") from exc
    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")


def _pinned_request(client: httpx.Client, url: str, *, allow_private: bool) -> httpx.Request:
    """The GET for `url`, addressed to the one address its host was checked at."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchRefused(f"{url[:200]}: not a URL that can be fetched ({exc})") from exc
    # The host as httpx reads it is the host checked: another parser's reading of an odd URL
    # ("http://a.example\\@127.0.0.1/") could name a different one.
    host = parsed.raw_host.decode("ascii")
    if parsed.scheme not in ("http", "https") or not host:
        raise FetchRefused(f"{url[:200]}: only http(s) URLs with a host can be fetched")
    addresses = resolve(host, parsed.port)
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise FetchRefused(
            f"{url}: refused, {host} is a private or loopback address (pass --allow-private to fetch it)"
        )
    headers = {"Host": parsed.netloc.decode("ascii"), "User-Agent": USER_AGENT}
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    pinned = parsed.copy_with(host=str(addresses[0]))
    return client.build_request("GET", pinned, headers=headers, extensions=extensions)


def _read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    if response.status_code >= 400:
        raise FetchRefused(f"{url}: HTTP {response.status_code}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"{url}: {declared} bytes is over the size cap")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchRefused(f"{url}: response is over the size cap")
    return bytes(body)

"""The fetch guard: a URL's host is looked up once and the request goes to the address checked,
on every redirect hop. Offline: names come from a fake resolver, "public" sites are local servers
(the `fake_network` and `loopback_sites` fixtures), and no connection leaves the machine."""

from __future__ import annotations

import httpx
import pytest

from storyline.errors import FetchRefused
from storyline.ingest import fetch
from storyline.ingest.fetch import fetch_url


@pytest.fixture
def sites(loopback_sites, fake_network):
    """A private site (the loopback, which must never be reached) and a public one, reached at
    FakeNetwork.PUBLIC; `rebind.example` answers the public address first and 127.0.0.1 next."""
    private, public = loopback_sites(), loopback_sites()
    fake_network.sites[fake_network.PUBLIC] = public.port
    fake_network.answers["rebind.example"] = [fake_network.PUBLIC, "127.0.0.1"]
    return private, public


def test_a_name_that_rebinds_to_the_loopback_is_fetched_from_the_address_checked(sites, fake_network):
    private, public = sites
    body, final = fetch_url(f"http://rebind.example:{private.port}/admin", timeout=5)
    assert private.requests == []  # the second answer, 127.0.0.1, was never asked for or used
    assert public.requests == [("/admin", f"rebind.example:{private.port}")]  # the name in Host
    assert fake_network.lookups == ["rebind.example"]  # looked up once
    assert body.startswith(b"KESSEL") and final == f"http://rebind.example:{private.port}/admin"


def test_each_redirect_hop_is_checked_and_pinned(sites, fake_network):
    private, public = sites
    to_private = f"http://127.0.0.1:{private.port}/secret"
    public.routes["/start"] = (302, {"Location": to_private}, b"")
    with pytest.raises(FetchRefused, match="private or loopback"):
        fetch_url(f"http://rebind.example:{private.port}/start", timeout=5)
    # A hop to a name that rebinds is pinned like the first request; the next hop looks the
    # name up again, and is refused when it now answers the loopback.
    fake_network.answers["rebind.example"] = [fake_network.PUBLIC, "127.0.0.1"]
    fake_network.answers["other.example"] = [fake_network.PUBLIC, "127.0.0.1"]
    public.routes["/hop"] = (301, {"Location": f"http://other.example:{private.port}/next"}, b"")
    public.routes["/next"] = (302, {"Location": "/last"}, b"")
    with pytest.raises(FetchRefused, match=f"other.example:{private.port}/last: refused"):
        fetch_url(f"http://rebind.example:{private.port}/hop", timeout=5)
    assert public.requests[1:] == [
        ("/hop", f"rebind.example:{private.port}"),
        ("/next", f"other.example:{private.port}"),
    ]
    assert private.requests == []
    fake_network.answers["other.example"] = [fake_network.PUBLIC]
    _, final = fetch_url(f"http://other.example:{private.port}/next", timeout=5)
    assert final == f"http://other.example:{private.port}/last"  # a relative hop, followed


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "2130706433",
        "0x7f000001",
        "0.0.0.0",
        "localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "[fe80::1]",
        "169.254.169.254",
    ],
)
def test_private_addresses_in_any_spelling_are_refused(sites, fake_network, host):
    private, _ = sites
    with pytest.raises(FetchRefused, match="private or loopback"):
        fetch_url(f"http://{host}:{private.port}/admin", timeout=5)
    assert private.requests == [] and fake_network.connected == []


def test_https_is_sent_to_the_address_with_the_name_for_sni_and_host(fake_network):
    fake_network.answers["news.example"] = [fake_network.PUBLIC]
    with httpx.Client() as client:
        request = fetch._pinned_request(client, "https://news.example:8443/a?b=1", allow_private=False)
    assert request.url.host == fake_network.PUBLIC and request.url.path == "/a"
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"  # TLS checks the name's certificate


def test_a_name_that_does_not_resolve_or_a_bad_url_is_refused_with_a_reason(fake_network):
    with pytest.raises(FetchRefused, match="cannot resolve host 'nowhere.example'"):
        fetch_url("http://nowhere.example/")
    for url in ("ftp://example.org/", "http:///path", "http://[::1/"):
        with pytest.raises(FetchRefused):
            fetch_url(url)
    assert fake_network.connected == []

"""Where the workshop listens and the address browsers are sent to.

Checked before the server starts, so a port in use or a bad host is one line, not a traceback.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..i18n import _
from ..knowledge.yamlfile import InputError

WILDCARDS = {"0.0.0.0", "::", ""}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Listening:
    host: str  # what the server binds
    port: int
    public_url: str  # what browsers are sent to: scheme://host[:port], no trailing slash
    addresses: list[str] = field(default_factory=list)  # this machine's addresses, when bound to all

    @property
    def origins(self) -> set[str]:
        """The Origins a browser page served by this workshop can have."""
        url = urlsplit(self.public_url)
        allowed = {origin_of(self.public_url)}
        host = (url.hostname or "").lower()
        if host in ("127.0.0.1", "localhost", "::1"):
            port = url.port
            allowed |= {
                origin_of(f"{url.scheme}://{name}" + (f":{port}" if port else "")) for name in LOOPBACK_NAMES
            }
        return allowed


def origin_of(url: str) -> str:
    """scheme://host[:port] as a browser writes it in an Origin header (default ports left out)."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return ""
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def machine_addresses(ipv6: bool = False) -> list[str]:
    """This machine's addresses other than loopback, the one of the default route first."""
    import psutil

    found: list[str] = []
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family == socket.AF_INET or (ipv6 and a.family == socket.AF_INET6):
                addr = a.address.split("%")[0]
                try:
                    ip = ipaddress.ip_address(addr)
                except ValueError:
                    continue
                if not ip.is_loopback and not ip.is_link_local and addr not in found:
                    found.append(addr)
    primary = _default_route_address()
    if primary in found:
        found.remove(primary)
        found.insert(0, primary)
    return found


def _default_route_address() -> str | None:
    """The source address the machine would use to reach another network (nothing is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            host: str = s.getsockname()[0]  # an (address, port) pair for AF_INET
            return host
    except OSError:
        return None


def check_public_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            _(
                "--public-url {url}: give http(s)://HOST[:PORT], as the participants' browsers reach it"
            ).format(url=url)
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InputError(
            _("--public-url {url}: give the address without a path (http(s)://HOST[:PORT])").format(url=url)
        )
    try:
        parts.port  # noqa: B018  (urlsplit checks the port only when asked)
    except ValueError:
        raise InputError(_("--public-url {url}: not a port number").format(url=url)) from None
    return url.strip().rstrip("/")


def listening(host: str, port: int, public_url: str | None) -> Listening:
    """Check that ``host:port`` can be bound now, and work out the public URL."""
    if not 0 < port < 65536:
        raise InputError(_("--port {port}: not a port number").format(port=port))
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            _("--host {host}: not an address this machine can listen on ({reason})").format(
                host=host, reason=_reason(exc)
            )
        ) from None
    family, _type, _proto, _name, sockaddr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        try:
            s.bind(sockaddr)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    _("--port {port}: already in use on {host} (choose another with --port)").format(
                        port=port, host=host
                    )
                ) from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise InputError(
                    _("--port {port}: not allowed here (ports below 1024 need privileges)").format(port=port)
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise InputError(
                    _("--host {host}: not an address of this machine").format(host=host)
                ) from None
            raise InputError(
                _("--host {host} --port {port}: cannot listen there ({reason})").format(
                    host=host, port=port, reason=_reason(exc)
                )
            ) from None
    addresses: list[str] = []
    if public_url is not None:
        url = check_public_url(public_url)
    elif host in WILDCARDS:
        addresses = machine_addresses(ipv6=host == "::")
        chosen = addresses[0] if addresses else "127.0.0.1"
        url = f"http://{_url_host(chosen)}:{port}"
    else:
        url = f"http://{_url_host(host)}:{port}"
    return Listening(host=host, port=port, public_url=url, addresses=addresses)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

"""Who may talk to the standalone preview server: what Jupyter's own server checks, in small.

Every request passes `Guard.check` before any handler work (the handlers' `prepare()`), so a
refused request reads no notebook and starts no kernel:

1. Host: the name in the Host header (its port aside) must be 127.0.0.1, localhost, ::1, the
   address the server was told to listen on, or a name given with `--allow-host`. A page of
   another site that had its name point at 127.0.0.1 (DNS rebinding) sends its own name: 403.
2. Origin: a request carrying an Origin header must come from the server's own origin
   (scheme, name and port as in the Host header): a page elsewhere, another port of this
   machine included, gets 403.
3. Token: generated per run (`new_token`) and printed in the URL the server opens, as
   `jupyter lab` does. It comes as `?token=` or an `Authorization: token ...` header and is
   compared in constant time; a right one earns a cookie (HttpOnly, SameSite=Strict, scoped to
   the preview's path, named after the port so that two previews do not overwrite each
   other's), with which the page's own links, its event stream and its frames need no token.
   A token that is given and wrong is refused even beside a good cookie: it says which URL is
   stale. The cookie is honoured only on requests the browser marks as coming from this origin
   or from the user (Sec-Fetch-Site same-origin or none): cookies are not kept apart by port,
   so a page on another port of 127.0.0.1 would send it along.

There is no way to switch the token off: the server always has one. The preview inside Jupyter
does not use this: Jupyter's own login guards it.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ringkas.contract.problems import MessageError

if TYPE_CHECKING:  # tornado only at run time, with the server
    import tornado.web

#: The names a browser on this machine uses for it.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: A host name or IP address, nothing else (no scheme, port, path or user).
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]*:[0-9a-f:.]*", re.IGNORECASE)
# listen everywhere: names no host a browser asks for
_WILDCARDS = {"", "0.0.0.0", "::"}  # noqa: S104 (compared with, never bound)


def new_token() -> str:
    """A fresh token for one run of the server."""
    return secrets.token_urlsafe(32)


def host_name(value: str) -> str:
    """The name of a Host header or address, without its port or brackets, lower case."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:].partition("]")[0]
    if value.count(":") == 1:  # name:port (a bare IPv6 address has several colons)
        return value.partition(":")[0]
    return value


def allowed_host(value: str) -> str:
    """`value` of `--allow-host` as the allow-list keeps it; a clear error when it is not a
    host name or an IP address."""
    name = value.strip().lower().removeprefix("[").removesuffix("]")
    if not _HOST.fullmatch(name) or (":" in name and not _is_ip(name)):
        raise MessageError("preview.bad_allow_host", host=value)
    return name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Refused(Exception):
    """A request the guard turns away: its status and the message key (`preview.*`)."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status, self.code, self.params = status, code, params


@dataclass
class Guard:
    """The token and the allowed hosts of one server run."""

    token: str
    hosts: frozenset[str] = frozenset(LOOPBACK)
    cookie_path: str = "/preview"
    #: The cookie's value: random per run, so that it never shows the token.
    secret: str = field(default_factory=new_token)

    def __post_init__(self) -> None:
        if not self.token:
            raise ValueError("the preview server always has a token")

    @classmethod
    def of(cls, token: str, *, listen: str = "127.0.0.1", allow: Iterable[str] = (),
           cookie_path: str = "/preview") -> Guard:
        """The guard of a server listening on `listen`, with `--allow-host` names `allow`."""
        hosts = set(LOOPBACK) | {allowed_host(name) for name in allow}
        if host_name(listen) not in _WILDCARDS:
            hosts.add(host_name(listen))  # the address the printed URL names
        return cls(token, frozenset(hosts), cookie_path)

    def check(self, handler: tornado.web.RequestHandler, *, token_needed: bool = True) -> None:
        """Raise `Refused` unless the request may go on; set the cookie when it brought the
        right token."""
        request = handler.request
        host = request.headers.get("Host", "")
        if host_name(host) not in self.hosts:
            raise Refused(403, "preview.host_refused", host=host)
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.protocol}://{host}":
            raise Refused(403, "preview.origin_refused", origin=origin)
        if not token_needed:
            return
        given = _given_token(handler)
        name = cookie_name(host)
        if given is not None:
            if not hmac.compare_digest(given, self.token.encode("utf-8")):
                raise Refused(403, "preview.token_wrong")
            handler.set_cookie(name, self.secret, path=self.cookie_path, httponly=True,
                               samesite="Strict")
            return
        cookie = handler.request.cookies.get(name)
        site = request.headers.get("Sec-Fetch-Site", "same-origin")
        if cookie is None or site not in ("same-origin", "none") or not hmac.compare_digest(
                cookie.value.encode("utf-8"), self.secret.encode("utf-8")):
            raise Refused(403, "preview.token_missing")


def cookie_name(host: str) -> str:
    """The cookie of the server at `host` (a Host header): one per port."""
    _, colon, port = host.rpartition(":")
    port = port if colon and port.isdigit() else "80"
    return f"ringkas-preview-{port}"


def _given_token(handler: tornado.web.RequestHandler) -> bytes | None:
    """The token the request brings (query, then Authorization header), as bytes."""
    values = handler.request.query_arguments.get("token")
    if values:
        return values[-1]
    scheme, _, value = handler.request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() in ("token", "bearer") and value.strip():
        return value.strip().encode("utf-8")
    return None

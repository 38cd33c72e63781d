"""Only the configured host and origin reach the explorer (DNS rebinding, cross-site pages).

Streamlit checks `server.allowedHosts` for its websocket only, and its Origin check for the
websocket compares the Origin with the Host the browser sent, which a rebound name makes
equal. So `claimgraph app` sets `server.allowedHosts` (the address it binds, plus
`localhost` and `127.0.0.1` when that is a loopback address, plus CLAIMGRAPH_APP_HOSTS),
keeps `server.enableCORS` and `server.enableXsrfProtection` on, and this ASGI middleware,
placed first in Streamlit's stack, answers 403 to every HTTP request and refuses every
websocket whose Host is not allowed or whose Origin names another host.
"""
from __future__ import annotations

from urllib.parse import urlparse

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(bind: str, extra: str | None) -> list[str]:
    hosts = [bind]
    if bind in LOOPBACK_NAMES or bind.startswith("127."):
        hosts += [h for h in LOOPBACK_NAMES if h != "::1"]
    hosts += [h.strip() for h in (extra or "").split(",") if h.strip()]
    return list(dict.fromkeys(hosts))


def _origin_host(origin: str) -> str | None:
    try:
        parsed = urlparse(origin)
        return f"{parsed.hostname}:{parsed.port}" if parsed.port else parsed.hostname
    except ValueError:
        return None


class HostCheckMiddleware:
    """Pure ASGI: refuse requests whose Host (or Origin) is not an allowed host."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and not _allowed(scope):
            if scope["type"] == "http":
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": b"Forbidden: unknown Host or Origin\n"})
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)


def _allowed(scope) -> bool:
    from streamlit.web.server.starlette.starlette_websocket import is_host_allowed

    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    host = headers.get("host")
    if not is_host_allowed(host):
        return False
    origin = headers.get("origin")
    if origin is None or origin == "null" and scope["type"] == "http":
        return True
    origin_host = _origin_host(origin)
    return origin_host is not None and is_host_allowed(origin_host)


def install() -> None:
    """Put HostCheckMiddleware first in the middleware Streamlit's server builds."""
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware

    def with_host_check():
        return [Middleware(HostCheckMiddleware), *original()]

    starlette_app.create_streamlit_middleware = with_host_check

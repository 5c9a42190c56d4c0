"""The share server's two routes: a table's participant page and its PDF."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from tafel.share.files import Catalogue, OutOfFiles
from tafel.share.guard import Guard, LogSink
from tafel.share.security import NOT_FOUND_BODY, PAGE, PDF

_PLAIN = "text/plain; charset=utf-8"


def not_found(*_: object) -> Response:
    return Response(NOT_FOUND_BODY, status_code=404, media_type=_PLAIN, headers={"Cache-Control": "no-store"})


def server_error(*_: object) -> Response:
    return Response(b"Server error\n", status_code=500, media_type=_PLAIN, headers={"Cache-Control": "no-store"})


def busy() -> Response:
    """Out of files for a moment (the server is at its open-file limit): a phone may simply retry."""
    return Response(b"Busy, try again in a moment\n", status_code=503, media_type=_PLAIN,
                    headers={"Cache-Control": "no-store", "Retry-After": "1"})


def build_app(catalogue: Catalogue, *, log: LogSink | None = None, log_clients: bool = False) -> ASGIApp:
    def serve(name: str) -> object:
        async def endpoint(request: Request) -> Response:
            try:
                served = catalogue.get(request.path_params["token"], name)
            except OutOfFiles:
                return busy()
            if served is None:
                return not_found()
            # no-cache: a phone revalidates (cheap, via the ETag) and sees a re-export at once.
            headers = {"ETag": served.etag, "Cache-Control": "no-cache"}
            if name == PDF:
                headers["Content-Disposition"] = 'inline; filename="summary.pdf"'
            if served.etag in request.headers.get("if-none-match", ""):
                return Response(status_code=304, headers=headers)
            return Response(served.body, media_type=served.content_type, headers=headers)

        return endpoint

    app = Starlette(
        routes=[
            Route("/{token}/", serve(PAGE), methods=["GET", "HEAD"]),
            Route("/{token}/summary.pdf", serve(PDF), methods=["GET", "HEAD"]),
        ],
        exception_handlers={404: not_found, 405: not_found, Exception: server_error},
    )
    return Guard(app, log=log, log_clients=log_clients)

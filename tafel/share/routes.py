"""The share server's routes: a table's participant page and its PDF; an open table's live page and its events.

``/{token}/`` is the exported summary once the table was exported; before that, while the table
is open (or when it changed after its export), the same address is its live page (tafel.share.live),
and its PDF address leads there (303).
On a venue's server a closed table's page and PDF are built from the database when no export of
it is on that machine. ``/{token}/events`` is the live
page's Server-Sent Events stream, and 404 like anything unknown once the table is exported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from tafel.services.live import LiveState
from tafel.share.files import Catalogue, OutOfFiles, Served
from tafel.share.guard import Guard, LogSink
from tafel.share.live import LiveHub, Refused
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


def too_many() -> Response:
    """More live streams than allowed (from this address, for this table, or in all): try again later."""
    return Response(b"Too many connections, try again in a moment\n", status_code=503, media_type=_PLAIN,
                    headers={"Cache-Control": "no-store", "Retry-After": "5"})


def build_app(
    catalogue: Catalogue, *, log: LogSink | None = None, log_clients: bool = False, live: LiveHub | None = None,
) -> ASGIApp:
    def file_response(request: Request, served: Served, name: str) -> Response:
        # no-cache: a phone revalidates (cheap, via the ETag) and sees a re-export at once.
        headers = {"ETag": served.etag, "Cache-Control": "no-cache"}
        if name == PDF:
            headers["Content-Disposition"] = 'inline; filename="summary.pdf"'
        if served.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(served.body, media_type=served.content_type, headers=headers)

    async def from_database(request: Request, name: str) -> Response:
        """No export's file: the open table's live page, at a venue a closed table's summary built
        from the database, else (exported a moment ago, and the list of exports is old) the file, or 404."""
        if live is None:
            return not_found()
        token = request.path_params["token"]
        if name != PAGE and not live.summaries:  # a PDF comes from the database only at a venue
            if await live.state(token) is not None:
                # Changed since its export (or not yet exported): an old PDF link (a phone's history)
                # leads to the page, which shows the table as it is now, not to a dead end.
                return RedirectResponse(f"/{token}/", status_code=303, headers={"Cache-Control": "no-store"})
            return not_found()
        found = await live.page(token, name)
        if isinstance(found, LiveState):
            screen = request.query_params.get("view") == "screen"
            return HTMLResponse(found.page(screen=screen), headers={"Cache-Control": "no-store"})
        if found is None:
            if not live.exported.pop(token, None):
                return not_found()
            catalogue.forget()  # exported a moment ago: the summary, not a 404 while the list is old
            try:
                found = catalogue.get(token, name)
            except OutOfFiles:
                return busy()
            if found is None:
                return not_found()
        return file_response(request, found, name)

    async def events(request: Request) -> Response:
        token = request.path_params["token"]
        if request.method != "GET" or live is None or await live.state(token) is None:  # HEAD: no endless head
            return not_found()
        address = request.client.host if request.client else ""
        try:
            channel, watcher = live.subscribe(token, address)
        except KeyError:
            return not_found()
        except Refused:
            return too_many()
        return StreamingResponse(live.stream(channel, watcher), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def serve(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                served = catalogue.get(request.path_params["token"], name)
            except OutOfFiles:
                return busy()
            if served is None:
                return await from_database(request, name)
            return file_response(request, served, name)

        return endpoint

    app = Starlette(
        routes=[
            Route("/{token}/", serve(PAGE), methods=["GET", "HEAD"]),
            Route("/{token}/summary.pdf", serve(PDF), methods=["GET", "HEAD"]),
            Route("/{token}/events", events, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_found, Exception: server_error},
    )
    return Guard(app, log=log, log_clients=log_clients)

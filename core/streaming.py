"""Streamed downloads that stream under ASGI too.

Served under ASGI, a `StreamingHttpResponse` over a synchronous generator is read whole into
memory before its first byte is sent (Django warns: "StreamingHttpResponse must consume
synchronous iterators…"). `streaming_response` gives ASGI an asynchronous iterator instead,
which pulls the generator's chunks one at a time in the request's own thread (`thread_sensitive`:
the thread the view ran in, so the database connection and server-side cursor the generator
holds stay its own). Django closes the response in that thread too, and closing it closes the
generator, also when the client left midway. Under WSGI, and to Django's test client, the
generator is handed over as it is.
"""

from collections.abc import AsyncIterator, Iterable, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse

_DONE = object()


async def _pulled_in_request_thread(iterator: Iterator) -> AsyncIterator:
    pull = sync_to_async(next, thread_sensitive=True)
    while (chunk := await pull(iterator, _DONE)) is not _DONE:
        yield chunk


class _PulledStreamingResponse(StreamingHttpResponse):
    def __init__(self, iterator: Iterator, **kwargs):
        super().__init__(_pulled_in_request_thread(iterator), **kwargs)
        self._source = iterator

    def close(self):
        if hasattr(self._source, "close"):
            self._source.close()
        super().close()


def streaming_response(request: HttpRequest, chunks: Iterable, **kwargs) -> StreamingHttpResponse:
    iterator = iter(chunks)
    if isinstance(request, ASGIRequest):
        return _PulledStreamingResponse(iterator, **kwargs)
    return StreamingHttpResponse(iterator, **kwargs)

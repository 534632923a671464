"""Downloads stream under ASGI, as production serves them (core/streaming.py)."""

import warnings

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient, AsyncRequestFactory, Client, RequestFactory

from core.streaming import streaming_response
from tests.register.factories import published_system


def _asgi_get(path: str):
    async def request():
        response = await AsyncClient().get(path)
        return response, [chunk async for chunk in response.streaming_content]

    return async_to_sync(request)()


@pytest.mark.django_db(transaction=True)
def test_the_register_csv_streams_under_asgi_and_says_what_the_wsgi_one_says():
    for name in ("Un", "Deux", "Trois"):
        published_system(name=name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django's "must consume synchronous iterators"
        response, chunks = _asgi_get("/register/export.csv")
    assert response.status_code == 200 and response.is_async
    assert len(chunks) >= 2  # the header, then the rows: sent as they come
    wsgi = b"".join(Client().get("/register/export.csv").streaming_content)
    assert b"".join(chunks) == wsgi
    assert "Trois" in wsgi.decode("utf-8-sig")


def test_a_download_left_midway_closes_its_generator_when_django_closes_the_response():
    closed = []

    def chunks():
        try:
            for i in range(10):
                yield str(i).encode()
        finally:
            closed.append(True)

    response = streaming_response(AsyncRequestFactory().get("/"), chunks())

    async def read_two_then_leave():
        content = aiter(response)
        first = [await anext(content), await anext(content)]
        await content.aclose()
        await sync_to_async(response.close)()  # what Django's ASGI handler does at the end
        return first

    assert async_to_sync(read_two_then_leave)() == [b"0", b"1"]
    assert closed == [True]


def test_under_wsgi_the_generator_is_handed_over_as_it_is():
    chunks = iter([b"a", b"b"])
    response = streaming_response(RequestFactory().get("/"), chunks)
    assert not response.is_async
    assert b"".join(response.streaming_content) == b"ab"

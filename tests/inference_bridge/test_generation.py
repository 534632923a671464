"""The streaming machinery: worker thread + asyncio.Queue + cancel flag, the FIFO gate."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync

from core.errors import ApplicationError
from inference_bridge.backends import CancelToken
from inference_bridge.gate import Gate, QueueFull
from inference_bridge.generation import (
    InvalidRequest,
    aiter_in_thread,
    build_params,
    validate_messages,
)


def test_closing_the_async_stream_sets_the_cancel_flag_and_stops_the_worker():
    cancel = CancelToken()
    produced = []
    finished = threading.Event()

    def factory():
        try:
            for i in range(1000):
                if cancel.is_set():
                    return
                produced.append(i)
                time.sleep(0.01)
                yield i
        finally:
            finished.set()

    async def consume():
        stream = aiter_in_thread(factory, cancel)
        got = [await stream.__anext__() for _ in range(3)]
        await stream.aclose()  # what Django does when the client goes away
        return got

    assert async_to_sync(consume)() == [0, 1, 2]
    assert cancel.is_set()
    assert finished.wait(5)
    assert len(produced) < 100


def test_the_event_loop_is_not_blocked_while_a_token_is_computed():
    cancel = CancelToken()

    def slow():
        time.sleep(0.5)
        yield "late"

    async def run():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.02)
                ticks += 1

        task = asyncio.ensure_future(ticker())
        items = [x async for x in aiter_in_thread(slow, cancel)]
        task.cancel()
        return items, ticks

    items, ticks = async_to_sync(run)()
    assert items == ["late"] and ticks >= 5


def test_gate_admits_n_then_queues_first_come_first_served_and_refuses_when_full(settings):
    settings.INFERENCE_MAX_CONCURRENT = 1
    settings.INFERENCE_QUEUE_SIZE = 2
    gate = Gate()
    running = gate.enter()
    second, third = gate.enter(), gate.enter()
    assert running.admitted and not second.admitted
    with pytest.raises(QueueFull):
        gate.enter()
    assert next(gate.wait(second)) == 1 and next(gate.wait(third)) == 2
    gate.release(running)
    assert second.admitted and not third.admitted
    gate.release(second)
    assert third.admitted
    gate.release(third)
    assert gate.running == 0 and gate.waiting == 0


def test_a_cancelled_waiter_leaves_the_queue(settings):
    settings.INFERENCE_MAX_CONCURRENT = 1
    gate = Gate()
    running = gate.enter()
    waiter = gate.enter()
    cancel = CancelToken()
    cancel.set()
    assert list(gate.wait(waiter, cancel)) == []
    assert gate.waiting == 0
    gate.release(waiter)
    gate.release(running)
    assert gate.running == 0


def test_parameters_are_bounded_and_max_tokens_always_set(settings):
    settings.INFERENCE_MAX_TOKENS_LIMIT = 100
    assert build_params().max_tokens == settings.INFERENCE_MAX_TOKENS_DEFAULT
    assert build_params(max_tokens=10_000).max_tokens == 100
    assert build_params(temperature=2).temperature == settings.INFERENCE_TEMPERATURE_MAX
    for bad in ({"max_tokens": 0}, {"temperature": -1}, {"stop": [1]}, {"top_p": "x"}):
        with pytest.raises(InvalidRequest):
            build_params(**bad)


def test_an_invalid_request_is_a_400_refusal_naming_the_field():
    with pytest.raises(ApplicationError) as refused:
        validate_messages([{"role": "assistant", "content": "Bonjour"}])
    assert refused.value.status == 400
    assert refused.value.code == "missing_messages" and refused.value.param == "messages"

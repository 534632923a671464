"""Hot counters (quotas, in-flight requests) and stop flags: correct in one process on the
in-memory cache, and across processes on Redis (production's shared cache)."""

import pytest
from django.core.cache import cache

from inference_bridge import counters, services
from inference_bridge.backends import (
    CancelToken,
    GenerationParams,
    LocalLlamaBackend,
    Usage,
    generation_stop,
)
from inference_bridge.router import inflight_decr, inflight_get, inflight_incr, node_acquire

from .conftest import run_in_another_process


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request):
    """The embedded default's in-memory cache, then Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


def test_counters_start_at_the_delta_and_add_up(shared_cache):
    assert counters.incr_many([("a", 1, 60), ("b", 5, 60)]) == [1, 5]
    assert counters.incr_many([("a", 1, 60), ("b", -2, 60)]) == [2, 3]
    assert counters.incr("a", 1, 60) == 3
    # Written by the counters, read by the cache like any value.
    assert cache.get("a") == 3
    assert counters.get_many(["a", "b", "missing"]) == {"a": 3, "b": 3}


def test_a_counter_written_alongside_a_value_in_one_call(shared_cache):
    assert counters.incr_many([("n", 1, 60)], also_set=[("when", 12.5, 60)]) == [1]
    assert cache.get("when") == 12.5 and cache.get("n") == 1


def test_a_refused_quota_counts_nothing(shared_cache):
    subject = [("token:1", "3/hour")]
    assert [services.quota_consume(subjects=subject) for _ in range(3)] == [None] * 3
    exceeded = services.quota_consume(subjects=subject)
    assert exceeded is not None and exceeded.limit == 3 and exceeded.period == "hour"
    # The refusal was taken back: with one more allowed, the next request passes.
    assert services.quota_consume(subjects=[("token:1", "4/hour")]) is None
    assert services.quota_consume(subjects=[("token:1", "4/hour")]) is not None


def test_an_anonymous_visitor_over_the_session_quota_is_not_counted_on_the_address(
    shared_cache,
):
    subjects = [("session:s", "1/hour"), ("ip:x", "2/hour")]
    assert services.quota_consume(subjects=subjects) is None
    assert services.quota_consume(subjects=subjects) is not None
    # The address was counted once only: another session from it still gets one answer.
    assert services.quota_consume(subjects=[("session:t", "1/hour"), ("ip:x", "2/hour")]) is None


def test_in_flight_counter_never_goes_below_zero(shared_cache):
    inflight_decr(7)  # its counter expired while the request ran
    assert inflight_get([7]) == {7: 0}
    node_acquire(7)
    inflight_incr(7)
    assert inflight_get([7]) == {7: 2}
    assert cache.get("ib:picked:7") > 0
    inflight_decr(7)
    assert inflight_get([7]) == {7: 1}


def test_quota_and_in_flight_counters_are_shared_between_processes(redis_cache):
    printed = run_in_another_process(
        redis_cache,
        """
        from inference_bridge import services
        from inference_bridge.router import inflight_incr
        print([services.quota_consume(subjects=[("user:9", "5/hour")]) for _ in range(3)])
        inflight_incr(3)
        inflight_incr(3)
        """,
    )
    assert printed.strip() == "[None, None, None]"
    assert inflight_get([3]) == {3: 2}
    assert services.quota_consume(subjects=[("user:9", "5/hour")]) is None
    assert services.quota_consume(subjects=[("user:9", "5/hour")]) is None
    assert services.quota_consume(subjects=[("user:9", "5/hour")]) is not None  # 3 + 2 = 5
    inflight_decr(3)
    printed = run_in_another_process(
        redis_cache,
        """
        from inference_bridge.router import inflight_get
        print(inflight_get([3])[3])
        """,
    )
    assert printed.strip() == "1"


def test_a_stop_in_the_same_process_sets_the_flag_without_the_shared_cache(shared_cache):
    token = CancelToken("local123")
    generation_stop("local123")
    assert token.is_set()
    assert cache.get(CancelToken.cache_key("local123")) is None


@pytest.mark.model
def test_a_stop_sent_from_another_process_stops_the_generation(redis_cache):
    cancel = CancelToken("elsewhere42")
    stream = LocalLlamaBackend().stream_chat(
        [{"role": "user", "content": "Count from one to one hundred."}],
        GenerationParams(max_tokens=400, ignore_eos=True),  # cannot end before the stop
        cancel,
    )
    assert isinstance(next(stream), str)
    run_in_another_process(
        redis_cache,
        """
        from inference_bridge.services import generation_stop
        generation_stop(generation_id="elsewhere42")
        """,
    )
    rest = list(stream)
    assert isinstance(rest[-1], Usage)
    assert rest[-1].finish_reason == "cancelled"
    assert rest[-1].completion_tokens < 400

import logging
import socket
import time

from django.core.cache import caches

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.mgn.redis_down import unreachable_redis_url


@pytest.fixture
def redis_cache(settings):
    def make(location):
        settings.CACHES = {
            **settings.CACHES,
            "redis": {
                "BACKEND": "mgn.cache.RedisCache",
                "LOCATION": location,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            },
        }
        return caches["redis"]

    return make


def test_the_cache_works_on_a_running_redis(redis_cache, settings):
    if not settings.REDIS_URL:
        pytest.fail("make test sets REDIS_URL")
    cache = redis_cache(settings.REDIS_URL)
    cache.set("mgn-test-key", 41)
    assert cache.incr("mgn-test-key") == 42
    assert cache.get("mgn-test-key") == 42
    cache.delete("mgn-test-key")


def test_a_down_redis_is_an_empty_cache_that_forgets_with_a_warning(redis_cache, caplog):
    cache = redis_cache(unreachable_redis_url())
    with caplog.at_level(logging.WARNING, logger="mgn.cache"):
        cache.set("key", 1)
        assert cache.get("key", "miss") == "miss"
        assert cache.get_many(["key"]) == {}
        assert cache.delete("key") is False
    assert "Redis cache unavailable" in caplog.text


def test_while_down_redis_is_not_asked_again_for_a_few_seconds(redis_cache):
    cache = redis_cache(unreachable_redis_url())
    cache.get("key")
    started = time.monotonic()
    for _ in range(100):
        cache.get("key")
    assert time.monotonic() - started < 0.5


def test_add_and_incr_raise_because_their_answer_is_a_lock_or_a_counter(redis_cache):
    cache = redis_cache(unreachable_redis_url())
    with pytest.raises(RedisConnectionError):
        cache.add("lock", 1)
    with pytest.raises(RedisConnectionError):
        cache.incr("counter")


def test_a_redis_that_does_not_answer_holds_a_request_at_most_its_timeout(redis_cache):
    """A listening socket that never answers, like a hung Redis: the socket timeout ends it."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        cache = redis_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        assert cache.get("key", "miss") == "miss"
        assert time.monotonic() - started < 2

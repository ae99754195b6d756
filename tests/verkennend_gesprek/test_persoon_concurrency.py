"""One open request per person under concurrency (PostgreSQL): the per-person advisory lock
serialises the check and the insert, so simultaneous calls make one request."""

import threading

from django.db import connection

import pytest

from verkennend_gesprek.models import GeweigerdeAanvraag, Persoon, VerkennendGesprek

from .test_api import body, post, token_client

CALLS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_api_calls_for_one_bsn_make_one_request(vg_cast):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serialises writers itself")
    clients = [token_client(vg_cast.huisarts.user, name=f"HIS {i}") for i in range(CALLS)]
    data = body(vg_cast)
    barrier = threading.Barrier(CALLS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def call(i: int) -> None:
        try:
            barrier.wait()
            statuses.append(post(clients[i], data, key=f"concurrent-{i}").status_code)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(CALLS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(statuses) == [201] + [409] * (CALLS - 1)
    assert VerkennendGesprek.objects.count() == 1
    assert Persoon.objects.count() == 1
    vg = VerkennendGesprek.objects.get()
    attempts = GeweigerdeAanvraag.objects.all()
    assert attempts.count() == CALLS - 1
    assert {a.open_request_id for a in attempts} == {vg.pk}
    # A replay of the winning key still answers with the first request.
    winner = vg.idempotency_key
    replay = post(clients[int(winner.rsplit("-", 1)[1])], data, key=winner)
    assert replay.status_code == 200 and replay.json()["id"] == vg.pk

"""A webhook receiver killed mid-delivery receives every event exactly once after it restarts (issue 18).

Real processes on a database of their own (helhed/tests/processes.py), production settings: the sender is
`manage.py deliver_webhooks --loop`; the receiver is tests/webhook_receiver.py, a plain HTTP server that checks each
signature and stores each event by its `webhook-id`. Domain changes made through the services (referrals sent,
appointments booked) write the events. The receiver is told to die at its third request after storing the event
and before answering, so the sender never hears it arrived; the test restarts it on the same port. The sender must
send that event again (the receiver logged it twice) and the receiver, deduplicating on `webhook-id` as Standard
Webhooks asks, ends with every event exactly once, in the order they happened. Small waits through the environment
(the first retry after 0.2 s) keep it to seconds.
"""

import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path

import pytest

from helhed.tests.processes import (  # noqa: F401  (fixtures)
    free_port,
    fresh_database,
    manage,
    processes,
    production_environment,
)

pytestmark = pytest.mark.processes

RECEIVER = Path(__file__).with_name("webhook_receiver.py")
CITIZENS = 4  # each: a referral sent and an appointment booked, two events
DIE_AT = 3


def seed(url: str, secret: str, citizens: int = CITIZENS) -> None:
    """Run in `manage.py shell`: a kommune, a provider with a subscribed API client, and for each citizen a referral
    sent to the provider and an appointment booked. Prints the events' keys in order."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from helhed.api import events
    from helhed.api.clients import register_client
    from helhed.api.models import SCOPES_BY_TYPE, Event, OrganisationType, Subscription
    from helhed.citizens.services import create_citizen
    from helhed.contact.services.appointments import book_appointment
    from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
    from helhed.offers import referrals

    municipality = Municipality.objects.create(code="999", name="Fjordby Kommune")
    unit = OrganisationUnit.objects.create(municipality=municipality, name="Jobcenter",
                                           kind=OrganisationUnit.Kind.EMPLOYMENT)
    provider = OrganisationUnit.objects.create(municipality=municipality, name="Brobyg Mentorhus",
                                               kind=OrganisationUnit.Kind.PROVIDER)
    user = get_user_model().objects.create_user(username="anne", first_name="Anne", last_name="Sørensen")
    staff = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
    StaffRole.objects.create(staff=staff, role=Role.CASEWORKER)
    client, _secret = register_client(by=None, name="Brobyg fagsystem", organisation=provider,
                                      organisation_type=OrganisationType.PROVIDER,
                                      scopes=list(SCOPES_BY_TYPE[OrganisationType.PROVIDER]))
    subscription, _created = events.subscribe(client=client, url=url, types=[])
    Subscription.objects.filter(pk=subscription.pk).update(secret=secret)  # the one the receiver was started with
    today = timezone.localdate()
    for i in range(1, citizens + 1):
        citizen = create_citizen(staff=staff, cpr=f"{i:02d}{i:02d}901234", first_name=f"Borger{i}", last_name="Test",
                                 target_group="3", target_group_from=datetime.date(2025, 3, 1),
                                 target_group_reason="Visiteret ved første samtale.")
        referral = referrals.create_referral(
            staff=staff, citizen=citizen, provider=provider, service="Mentorstøtte", order_text="Følg borgeren.",
            granted_minutes_per_week=120, valid_from=today, valid_to=today + datetime.timedelta(days=60))
        referrals.move_referral(staff=staff, referral=referral, to_state="sent")
        book_appointment(staff=staff, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=i))
    print(json.dumps([str(key) for key in Event.objects.order_by("pk").values_list("key", flat=True)]))


def received(store: Path, table: str) -> list[tuple]:
    db = sqlite3.connect(store, timeout=30)
    try:
        return db.execute(f"SELECT webhook_id, pid FROM {table} ORDER BY n").fetchall()
    finally:
        db.close()


def wait_for_port(port: int, process, timeout: float = 10) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while True:
        assert process.popen.poll() is None, process.output()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"the receiver did not start:\n{process.output()}"
            time.sleep(0.05)


def test_a_receiver_killed_mid_delivery_gets_every_event_exactly_once(fresh_database, processes, tmp_path):  # noqa: F811
    from helhed.api.events import new_secret

    env = production_environment(
        fresh_database, tmp_path, HELHED_API_WEBHOOK_HTTP_LOCALHOST="1", HELHED_API_WEBHOOK_FIRST_WAIT_SECONDS="0.2",
        HELHED_API_WEBHOOK_ATTEMPTS="30", HELHED_API_WEBHOOK_TIMEOUT_SECONDS="5",
    )
    manage(env, "migrate", "-v", "0")
    port, secret, store = free_port(), new_secret(), tmp_path / "received.sqlite3"
    receive = [sys.executable, str(RECEIVER), "--port", str(port), "--store", str(store), "--secret", secret]
    receiver = processes.start("receiver", [*receive, "--die-at", str(DIE_AT)], env)
    wait_for_port(port, receiver)
    processes.start("sender", [sys.executable, "manage.py", "deliver_webhooks", "--loop", "--interval", "0.1"], env)
    keys = json.loads(manage(env, "shell", "-v", "0", "-c",
                             "from helhed.api.tests.test_webhooks_processes import seed; "
                             f"seed({f'http://127.0.0.1:{port}/webhooks'!r}, {secret!r})").strip().splitlines()[-1])
    assert len(keys) == 2 * CITIZENS

    started = time.monotonic()
    while receiver.popen.poll() is None:  # it dies at its third request, having stored that event
        assert time.monotonic() - started < 30, f"the receiver never got {DIE_AT} requests:\n{receiver.output()}"
        time.sleep(0.05)
    assert receiver.popen.returncode == 17, receiver.output()
    first_life = received(store, "requests")
    assert len(first_life) == DIE_AT
    interrupted = first_life[-1][0]
    restarted = processes.start("receiver-again", receive, env)
    wait_for_port(port, restarted)

    db = fresh_database
    deadline = started + 45
    while db.rows("SELECT COUNT(*) FROM api_delivery WHERE status <> 'delivered'")[0][0]:
        assert time.monotonic() < deadline, (
            f"not all delivered: {db.rows('SELECT status, attempts, last_error FROM api_delivery')}")
        time.sleep(0.1)

    # From the events written to the last one delivered, the receiver's death and restart included (the migration and
    # the Django start-ups before are the slow part on a busy machine).
    assert time.monotonic() - started < 30
    stored = received(store, "events")
    requests = received(store, "requests")
    # Every event exactly once, in the order they happened.
    assert [uuid.UUID(k) for k, _pid in stored] == [uuid.UUID(k) for k in keys]
    # The interrupted one was sent again, to the restarted receiver, which recognised it and kept the first.
    repeats = [pid for k, pid in requests if k == interrupted]
    assert len(repeats) >= 2 and repeats[0] == receiver.pid and restarted.pid in repeats[1:]
    assert dict(stored)[interrupted] == receiver.pid
    assert {k for k, _pid in requests} == set(keys)
    attempts = db.rows("SELECT e.key, d.attempts FROM api_delivery d JOIN api_event e ON e.id = d.event_id")
    assert {uuid.UUID(str(k)).hex: n for k, n in attempts}[uuid.UUID(interrupted).hex] >= 2

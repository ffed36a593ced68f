import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.services import change_target_group
from helhed.contact.services.appointments import book_appointment, register_afterwards
from helhed.contact.services.journal import add_journal_note
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.rules.facts import _PROVIDERS, Conversation, Offer, load_facts, register_provider

D = datetime.date


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_facts_for_many_citizens_load_in_a_fixed_number_of_queries(caseworker, make_citizen):
    few = [make_citizen(caseworker, cpr=f"0{i + 1}0190123{i}").pk for i in range(2)]
    with CaptureQueriesContext(connection) as small:
        load_facts(few)
    many = few + [make_citizen(caseworker, cpr=f"1{i}0290123{i}").pk for i in range(8)]
    with CaptureQueriesContext(connection) as large:
        facts = load_facts(many)
    # citizens, open cases, target groups, exemptions, and one query per registered provider
    assert len(small) == len(large) <= 12
    assert facts[many[0]].target_periods[0].group == "3"


def test_facts_read_target_groups_coordinating_caseworker_and_registered_providers(caseworker, citizen, make_staff,
                                                                                  monkeypatch):
    change_target_group(staff=caseworker, citizen=citizen, group="2", valid_from=D(2025, 6, 1), reason="Klar.")
    coordinator = make_staff(citizen.municipality, "koord", role=Role.COORDINATING_CASEWORKER)
    add_team_member(staff=caseworker, citizen=citizen, member=coordinator, role="coordinating_caseworker",
                    valid_from=D(2025, 3, 2))
    # The offers app's own provider is set aside for the test, and restored after it (not cleared for the session).
    monkeypatch.setitem(_PROVIDERS, "offers", [])
    register_provider("offers", lambda ids: {pk: [Offer("mentor", D(2025, 4, 1), None)] for pk in ids})
    facts = load_facts([citizen.pk])[citizen.pk]
    assert [p.group for p in sorted(facts.target_periods, key=lambda p: p.valid_from)] == ["3", "2"]
    assert facts.coordinating_caseworker_since == D(2025, 3, 2)
    assert facts.offers == [Offer("mentor", D(2025, 4, 1), None)]


def test_job_conversations_come_from_appointments_with_their_channel_and_whether_held(caseworker, citizen, make_staff):
    register_afterwards(staff=caseworker, citizen=citizen, started_at=at(2025, 3, 4), channel="office", agreed="CV")
    register_afterwards(staff=caseworker, citizen=citizen, started_at=at(2025, 4, 2), channel="phone")
    mentor = make_staff(citizen.municipality, "mentor9", role=Role.MENTOR)
    register_afterwards(staff=mentor, citizen=citizen, started_at=at(2025, 4, 9), kind="mentor_meeting")
    add_journal_note(staff=caseworker, citizen=citizen, kind="conversation", text="Notat.", occurred_on=D(2025, 4, 10))
    booked = book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    facts = load_facts([citizen.pk])[citizen.pk]
    assert sorted(facts.conversations, key=lambda c: c.on) == [
        Conversation(D(2025, 3, 4), True), Conversation(D(2025, 4, 2), False),
        Conversation(timezone.localdate(booked.starts_at), True, held=False),
    ]


def test_the_overview_shows_obligations_with_paragraph_and_explanation(caseworker_client, citizen):
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert "Frister og pligter" in page
    assert "Første jobsamtale inden for en uge" in page and "§ 31, stk. 5" in page
    assert "https://www.elov.dk/lov-om-en-aktiv-beskaeftigelsesindsats/paragraf/31/" in page


def test_obligations_as_of_a_past_date_use_the_rule_set_in_force_then(caseworker_client, citizen):
    url = reverse("casefile:overview", args=[citizen.pk])
    before = caseworker_client.get(url, {"pr": "2025-03-04"}).content.decode()
    assert "LAB 2020" in before and "Pr. 04.03.2025" in before
    after = caseworker_client.get(url, {"pr": "2026-08-01"}).content.decode()
    assert "Beskæftigelsesreform, fase 1" in after


def test_an_as_of_date_out_of_range_is_refused_clearly(caseworker_client, citizen):
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk]), {"pr": "1999-01-01"}).content.decode()
    assert "Vælg en dato fra 1. januar 2020" in page


def test_refresh_stores_one_record_per_obligation_and_replaces_old_ones(caseworker, citizen):
    from helhed.rules.models import ObligationRecord
    from helhed.rules.services import refresh

    assert refresh([citizen.pk], D(2025, 3, 20)) == ObligationRecord.objects.count() > 0
    record = ObligationRecord.objects.get(rule_id="first_jobsamtale")
    assert (record.status, record.due, record.evaluated_for) == ("overdue", D(2025, 3, 10), D(2025, 3, 20))
    assert record.evaluated_at.tzinfo is not None
    register_afterwards(staff=caseworker, citizen=citizen, started_at=at(2025, 3, 21), channel="office")
    refresh([citizen.pk], D(2025, 3, 22))
    assert ObligationRecord.objects.get(rule_id="first_jobsamtale").status == "met"


def test_rules_about_offers_stay_silent_until_an_app_provides_offers(caseworker, citizen, monkeypatch):
    from helhed.rules.engine import evaluate

    monkeypatch.setitem(_PROVIDERS, "offers", [])  # as before the offers app registered its provider
    facts = load_facts([citizen.pk])[citizen.pk]
    assert not facts.offers_known
    assert "ret_og_pligt_102" not in {o.rule_id for o in evaluate(facts, D(2026, 1, 5))}
    register_provider("offers", lambda ids: {})
    facts = load_facts([citizen.pk])[citizen.pk]
    assert "ret_og_pligt_102" in {o.rule_id for o in evaluate(facts, D(2026, 1, 5))}


def test_a_misspelt_rule_is_refused_and_never_becomes_an_exemption_from_everything(caseworker_client, citizen):
    from helhed.rules.models import ObligationExemption

    url = reverse("helhed_rules:exemption_add", args=[citizen.pk]) + "?regel=first_jobsamtal"
    assert caseworker_client.get(url).status_code == 404
    response = caseworker_client.post(url, {"reason": "Starter job", "valid_from": "2026-11-30"})
    assert response.status_code == 404 and "Ukendt regel" in response.content.decode()
    assert not ObligationExemption.objects.filter(citizen=citizen).exists()


def test_the_106_exemption_page_cites_its_paragraph(caseworker_client, citizen):
    page = caseworker_client.get(reverse("helhed_rules:exemption_add", args=[citizen.pk])).content.decode()
    assert "§ 106" in page and "/paragraf/106/" in page

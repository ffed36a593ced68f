from django.urls import reverse

from helhed.citizens.models import AccessLogEntry


def test_caseworker_cannot_open_another_caseworkers_citizen(client, citizen, other_caseworker):
    client.force_login(other_caseworker.user)
    for name in ["casefile:overview", "citizens:target_group_change", "contact:journal_note_add"]:
        assert client.get(reverse(name, args=[citizen.pk])).status_code == 404
    assert AccessLogEntry.objects.count() == 0


def test_caseworker_in_another_municipality_sees_nothing(client, citizen, other_municipality, make_staff):
    stranger = make_staff(other_municipality, "fremmed")
    client.force_login(stranger.user)
    assert client.get(reverse("casefile:overview", args=[citizen.pk])).status_code == 404
    assert citizen.full_name not in client.get(reverse("citizens:my_citizens")).content.decode()


def test_my_citizens_lists_only_my_citizens(client, caseworker, other_caseworker, make_citizen):
    make_citizen(caseworker, cpr="0101901234", first="Mine", last="Borger")
    make_citizen(other_caseworker, cpr="0202902345", first="Andens", last="Borger")
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:my_citizens")).content.decode()
    assert "Mine" in page and "Andens" not in page


def test_search_by_cpr_name_and_target_group(caseworker_client, caseworker, make_citizen):
    make_citizen(caseworker, cpr="0101901234", first="Søren", last="Ågård", group="3")
    make_citizen(caseworker, cpr="0202902345", first="Mette", last="Holm", group="2")
    url = reverse("citizens:my_citizens")
    assert "Ågård" in caseworker_client.get(url, {"q": "010190-1234"}).content.decode()
    assert "Holm" not in caseworker_client.get(url, {"q": "010190"}).content.decode()
    assert "Ågård" in caseworker_client.get(url, {"q": "søren ågå"}).content.decode()
    by_group = caseworker_client.get(url, {"group": "2"}).content.decode()
    assert "Holm" in by_group and "Ågård" not in by_group


def test_my_citizens_is_paginated(caseworker_client, caseworker, make_citizen):
    for i in range(30):
        make_citizen(caseworker, cpr=f"{i + 1:02d}0190{1000 + i:04d}", first=f"Borger{i:02d}", last="Test")
    first = caseworker_client.get(reverse("citizens:my_citizens")).content.decode()
    second = caseworker_client.get(reverse("citizens:my_citizens"), {"page": 2}).content.decode()
    assert first.count("Borger") == 25 + first.count("Borgere") and "Borger29" in second


def test_anonymous_user_is_sent_to_login(client, citizen):
    response = client.get(reverse("casefile:overview", args=[citizen.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_my_citizens_logs_one_read_row_per_citizen_shown(caseworker_client, caseworker, make_citizen):
    for i in range(30):
        make_citizen(caseworker, cpr=f"{i + 1:02d}0190{1000 + i:04d}", first=f"Borger{i:02d}", last="Test")
    caseworker_client.get(reverse("citizens:my_citizens"))
    entries = AccessLogEntry.objects.filter(page="citizens:my_citizens")
    assert entries.count() == 25
    assert entries.values("citizen").distinct().count() == 25

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.db.models import Count

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import BenefitPeriod, Case, Citizen, TargetGroupPeriod
from helhed.contact.models import JournalNote
from helhed.core.models import Municipality, Role, StaffRole
from helhed.demo.generator import Generator

AS_OF = datetime.date(2026, 11, 1)


def _fingerprint(municipality):
    digest = hashlib.sha256()
    for row in Citizen.objects.filter(municipality=municipality).order_by("cpr").values_list(
        "cpr", "first_name", "last_name", "address", "phone", "preferred_language", "reachability_notes"
    ):
        digest.update(repr(row).encode())
    for row in TargetGroupPeriod.objects.filter(municipality=municipality).order_by("citizen__cpr", "valid_from").values_list(
        "citizen__cpr", "group", "valid_from", "valid_to", "reason"
    ):
        digest.update(repr(row).encode())
    for row in JournalNote.objects.filter(municipality=municipality).order_by("citizen__cpr", "created_at", "text").values_list(
        "citizen__cpr", "occurred_on", "kind", "text"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed():
    first = Generator(citizens=150, seed=7, as_of=AS_OF, code="901").run().municipality
    second = Generator(citizens=150, seed=7, as_of=AS_OF, code="902").run().municipality
    third = Generator(citizens=150, seed=8, as_of=AS_OF, code="903").run().municipality
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(third)


@pytest.mark.django_db
def test_generated_municipality_is_realistic_and_keeps_the_invariants():
    result = Generator(citizens=800, seed=3, as_of=AS_OF).run()
    m = result.municipality
    citizens = Citizen.objects.filter(municipality=m)
    assert citizens.count() == 800
    # Every citizen: a valid CPR, age 18–67, one open case, exactly one open target-group period, no overlaps.
    for citizen in citizens:
        assert normalise_cpr(citizen.cpr) == citizen.cpr
        age = (AS_OF - citizen.birth_date).days // 365
        assert 18 <= age <= 67
    assert Case.objects.filter(municipality=m, status="open").values("citizen").distinct().count() == 800
    assert TargetGroupPeriod.objects.filter(municipality=m, valid_to__isnull=True).count() == 800
    periods = {}
    for p in TargetGroupPeriod.objects.filter(municipality=m).order_by("citizen_id", "valid_from"):
        previous = periods.get(p.citizen_id)
        if previous:
            assert previous.valid_to is not None and previous.valid_to < p.valid_from
        periods[p.citizen_id] = p
    # The mix: mostly jobparat/aktivitetsparat, a long-term group, target-group changes, Danish letters in names.
    current = dict(TargetGroupPeriod.objects.filter(municipality=m, valid_to__isnull=True)
                   .values_list("group").annotate(n=Count("id")))
    assert current.get("2", 0) + current.get("3", 0) + current.get("5", 0) > 400
    long_term = BenefitPeriod.objects.filter(municipality=m, valid_from__lte=AS_OF.replace(year=AS_OF.year - 5)).values("citizen").distinct().count()
    assert 0.15 * 800 < long_term < 0.45 * 800
    changed = TargetGroupPeriod.objects.filter(municipality=m).values("citizen").annotate(n=Count("id")).filter(n__gt=1).count()
    assert changed > 100
    assert citizens.filter(last_name__regex=r"[æøåÆØÅ]").exists() or citizens.filter(first_name__regex=r"[æøåÆØÅ]").exists()
    # Staff: about one caseworker per 40 citizens, and every role present.
    assert StaffRole.objects.filter(staff__municipality=m, role=Role.CASEWORKER).count() >= 800 / 40
    assert set(StaffRole.objects.filter(staff__municipality=m).values_list("role", flat=True)) == set(Role.values)
    assert JournalNote.objects.filter(municipality=m).count() >= 2 * 800
    assert JournalNote.objects.filter(municipality=m).exclude(author__municipality=m).count() == 0


@pytest.mark.django_db
def test_generate_command_with_if_empty_does_not_generate_twice(capsys):
    call_command("generate_municipality", "--citizens", "20", "--seed", "1", "--if-empty")
    call_command("generate_municipality", "--citizens", "20", "--seed", "1", "--if-empty")
    assert Municipality.objects.count() == 1
    assert "sagsbehandler" in capsys.readouterr().out


def test_demo_journal_texts_use_danish_genitives():
    """A name ending in s takes an apostrophe in Danish: "Lars' plan", never "Larss plan"."""
    import random
    from types import SimpleNamespace

    from helhed.demo import texts
    from helhed.demo.generator import Generator

    person = SimpleNamespace(full_name="Karoline Østergaard", name="Fjordby Planteskole")
    generator = Generator.__new__(Generator)
    generator.rng = random.Random(1)
    written = []
    for situation, templates in texts.JOURNAL_TEMPLATES.items():
        for _ in range(len(templates) * 3):
            written.append(generator._note_text(situation, "Lars", person, person, person)[1])
    text = " ".join(written)
    assert "Larss" not in text and "Lars'" in text

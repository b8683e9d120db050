"""resident_save keeps a resident consistent with their NIK and inside the user's villages."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from registry.models import Resident
from registry.services import resident_save, village_operator_assign
from tests.registry.factories import resident_create, villages

pytestmark = pytest.mark.django_db


def test_an_edited_birth_date_or_gender_must_still_match_the_stored_nik():
    siti = resident_create(village=villages()[0])
    siti.birth_date = dt.date(1990, 1, 6)
    siti.gender = "L"
    with pytest.raises(ValidationError) as excinfo:
        resident_save(resident=siti)
    assert set(excinfo.value.message_dict) == {"birth_date", "gender"}
    stored = Resident.objects.get(pk=siti.pk)
    assert (stored.birth_date, stored.gender) == (dt.date(1990, 1, 5), "P")


def test_an_operator_cannot_pull_a_resident_of_another_village_into_theirs():
    mine, theirs = villages()[:2]
    operator = get_user_model().objects.create_user(username="op", password="x-12345678")
    village_operator_assign(user=operator, villages=[mine])
    stranger = resident_create(village=theirs)
    stranger.village = mine
    with pytest.raises(PermissionDenied):
        resident_save(resident=stranger, user=operator)
    assert Resident.objects.get(pk=stranger.pk).village == theirs


def test_an_operator_cannot_pull_a_household_of_another_village_into_theirs():
    from registry.models import Household
    from registry.services import household_save

    mine, theirs = villages()[:2]
    operator = get_user_model().objects.create_user(username="op2", password="x-12345678")
    village_operator_assign(user=operator, villages=[mine])
    household = Household.objects.create(kk_number="3510010101200001", village=theirs)
    household.village = mine
    with pytest.raises(PermissionDenied):
        household_save(household=household, user=operator)
    assert Household.objects.get(pk=household.pk).village == theirs

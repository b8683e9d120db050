"""Deleting a resident whose NIK was seen keeps the access log and says why, no 500."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.models import NikAccessLog, Resident
from registry.services import resident_nik_reveal
from tests.registry.factories import resident_create, villages

pytestmark = pytest.mark.django_db


def test_a_resident_with_access_log_rows_is_not_deleted(client, wagtail_site):
    staff = get_user_model().objects.create_superuser(
        username="staf", email="staf@example.test", password="x-12345678"
    )
    siti = resident_create(village=villages()[0])
    resident_nik_reveal(resident=siti, user=staff, purpose="Verifikasi bantuan")
    client.force_login(staff)
    url = reverse("registry_residents:delete", args=[siti.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "tercatat di log akses NIK" in response.content.decode()
    assert Resident.objects.filter(pk=siti.pk).exists()
    assert NikAccessLog.objects.filter(resident=siti).count() == 1

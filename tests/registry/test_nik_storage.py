"""No plaintext NIK anywhere in the database: every table is dumped and searched."""

import pytest
from django.core.management import call_command

from registry.models import Resident
from registry.nik import nik_decrypt
from tests.registry.factories import database_text

pytestmark = pytest.mark.django_db


def test_seeded_niks_are_stored_only_encrypted(capsys):
    call_command("seed_demo")
    niks = [
        nik_decrypt(token) for token in Resident.objects.values_list("nik_encrypted", flat=True)
    ]
    assert len(niks) >= 500 and all(len(n) == 16 for n in niks)
    dump = database_text()
    assert "3510" in dump, "the dump really holds the registry (masked NIKs, codes)"
    leaked = [nik for nik in niks if nik in dump]
    assert leaked == []
    out = capsys.readouterr()
    assert not [nik for nik in niks if nik in out.out + out.err], "nor in the command's output"

"""The no-lost-save check of the load benchmark (benchmarks/load/fixture.py verify) can fail."""
import json

import pytest

from applications.selectors.dossier import section_fingerprint
from applications.services.dossier import application_section_save, application_start
from benchmarks.load.fixture import verify
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db
POSITION = {"current_position": "Research fellow", "current_institution": "KAIST"}


def _acknowledged(tmp_path, application, *saves):
    path = tmp_path / "saves.jsonl"
    path.write_text("".join(json.dumps({"application": application.pk, "section": "position", "values": v}) + "\n"
                            for v in saves))
    return path


@pytest.fixture
def draft():
    application = application_start(call=CallFactory(), applicant=UserFactory())
    fixture = {"applicants": [{"application": application.pk, "version": application.version}]}
    return application, fixture


def test_saves_that_were_kept_pass(tmp_path, draft):
    application, fixture = draft
    application_section_save(application=application, section="position", data=POSITION, by=application.applicant,
                             based_on=section_fingerprint(application=application, section="position"))
    result = verify(fixture=fixture, saves=_acknowledged(tmp_path, application, POSITION))
    assert result["acknowledged_saves"] == 1 and not result["lost_values"] and not result["lost_saves"]


def test_an_acknowledged_save_missing_from_the_database_fails(tmp_path, draft):
    application, fixture = draft
    result = verify(fixture=fixture, saves=_acknowledged(tmp_path, application, POSITION, POSITION))
    assert {row["field"] for row in result["lost_values"]} == set(POSITION)
    assert result["lost_saves"] == [{"application": application.pk, "acknowledged": 2, "version_rise": 0}]

"""The eligibility pipeline benchmark seeds what it says it measures (benchmarks/eligibility_pipeline.py ``seed``)."""
from collections import Counter

import pytest

from applications.models import Application, CareerBreak, Document, Referee, TeamPreference
from benchmarks.eligibility_pipeline import seed

pytestmark = pytest.mark.django_db


def test_seed_makes_a_call_of_submitted_complete_dossiers_with_some_twins():
    call, staff = seed(applications=101, seed_value=7)
    assert staff.is_staff and call.teams.count() == 8 and call.eligibility_rules.count() == 6
    applications = {a.reference: a for a in Application.objects.filter(call=call)}
    assert len(applications) == 101 and {a.status for a in applications.values()} == {"submitted"}
    preferences = Counter(TeamPreference.objects.filter(application__call=call).values_list("application", flat=True))
    letters = Counter(Referee.objects.filter(application__call=call, status="received").values_list("application",
                                                                                                    flat=True))
    assert set(preferences.values()) <= {1, 2, 3} and len(preferences) == 101
    assert set(letters.values()) <= {1, 2, 3} and len(letters) == 101
    assert Document.objects.filter(application__call=call).count() > 0.9 * 3 * 101
    assert CareerBreak.objects.filter(application__call=call).exists()
    twin, before = applications["BENCH-000099"], applications["BENCH-000098"]
    assert (twin.given_name, twin.family_name, twin.date_of_birth) == (
        before.given_name, before.family_name, before.date_of_birth)
    assert twin.applicant_id != before.applicant_id

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from innocore.orcid import orcid_check_digit, orcid_normalise
from innocore.services.profile import user_orcid_from_social_login, user_orcid_set
from tests.factories import UserFactory


@pytest.mark.parametrize("spelling", ["0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097",
                                      "000000021825009 7".replace(" ", ""), " 0000-0002-1825-0097 "])
def test_orcid_spellings_normalise(spelling):
    assert orcid_normalise(spelling) == "0000-0002-1825-0097"


@pytest.mark.parametrize("bad", ["0000-0002-1825-0098", "1234", "0000-0002-1825-00X7", ""])
def test_bad_orcids_are_refused(bad):
    with pytest.raises(ValueError):
        orcid_normalise(bad)


@given(st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_every_correct_check_digit_is_accepted_and_every_other_refused(base):
    good = base + orcid_check_digit(base)
    spelled = "-".join(good[i:i + 4] for i in range(0, 16, 4))
    assert orcid_normalise(spelled) == spelled
    for wrong in "0123456789X":
        if wrong != good[-1]:
            with pytest.raises(ValueError):
                orcid_normalise(spelled[:-1] + wrong)


@pytest.mark.django_db
def test_an_orcid_belongs_to_one_account():
    user_orcid_set(user=UserFactory(), orcid="0000-0002-1825-0097")
    with pytest.raises(ValidationError):
        user_orcid_set(user=UserFactory(), orcid="https://orcid.org/0000-0002-1825-0097")


@pytest.mark.django_db
def test_social_login_stores_the_orcid():
    user = UserFactory()
    user_orcid_from_social_login(user=user, uid="0000-0002-1825-0097")
    user.refresh_from_db()
    assert user.orcid == "0000-0002-1825-0097"


@pytest.mark.django_db
def test_profile_page_saves_and_explains_errors(client):
    user = UserFactory()
    client.force_login(user)
    bad = client.post("/profile/", {"first_name": "Ada", "last_name": "L", "orcid": "0000-0002-1825-0098",
                                    "timezone": "America/New_York"})
    assert bad.status_code == 400 and "not a valid ORCID" in bad.content.decode()
    good = client.post("/profile/", {"first_name": "Ada", "last_name": "L", "orcid": "0000-0002-1825-0097",
                                     "timezone": "America/New_York"})
    assert good.status_code == 302
    user.refresh_from_db()
    assert (user.orcid, user.timezone, user.first_name) == ("0000-0002-1825-0097", "America/New_York", "Ada")

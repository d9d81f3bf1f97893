"""Each user's language is remembered and what the portal writes to them is in it (issue 14, item 12)."""
import pytest
from django.urls import reverse
from django.utils import translation

from applications.services.information import application_information_request
from applications.services.submission import application_submit
from innocore.i18n import language_of
from innocore.models import EmailMessage, User
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, CallTeamQuotaFactory, MinistryStaffFactory, ResearchTeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_language_a_user_reads_in_is_remembered(client):
    user = UserFactory()
    assert language_of(user) == "en"
    client.force_login(user)
    client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="ko")
    assert User.objects.get(pk=user.pk).language == "ko"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse("profile"))
    assert User.objects.get(pk=user.pk).language == "en"


def test_an_unknown_language_falls_back_to_the_default():
    assert language_of(UserFactory(language="xx")) == "en"
    assert language_of(None) == "en"


def test_staff_reading_english_write_to_a_korean_applicant_in_korean(django_capture_on_commit_callbacks):
    applicant = UserFactory(language="ko")
    application = application_submit(application=complete_application(call=CallFactory(), applicant=applicant),
                                     by=applicant)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application_information_request(application=application, message="Please add your PhD certificate.",
                                        by=MinistryStaffFactory())
    email = EmailMessage.objects.filter(user=applicant).order_by("-pk").first()
    assert email.subject == f"지원서 {application.reference} 보완 요청"
    received = EmailMessage.objects.filter(user=applicant).order_by("pk").first()
    assert received.subject == f"지원서 {application.reference} 접수 완료"


def test_team_keywords_follow_the_readers_language(client):
    call = CallFactory()
    team = ResearchTeamFactory(keywords="robot learning", keywords_ko="로봇 학습")
    CallTeamQuotaFactory(call=call, team=team, quota=5)
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    korean = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "robot learning" in english and "로봇 학습" not in english
    assert "로봇 학습" in korean and "robot learning" not in korean


def test_one_text_rule_each():
    from innocore.text import bilingual, folded_words, person_name_key, split_list
    assert split_list(" a, ,b ,") == ["a", "b"] and split_list(None) == []
    assert person_name_key("Min-jun", "Kim") == person_name_key("KIM", "min jun")
    assert person_name_key("José", "Müller") == person_name_key("jose", "MULLER")
    assert folded_words("Université Paris-Saclay & 서울대") == ["universite", "paris", "saclay", "서울대"]
    assert bilingual("Team", "연구단", "ko") == "연구단" and bilingual("Team", " ", "ko") == "Team"
    assert bilingual("Team", "연구단", "en") == "Team"

from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import Application
from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam, User, UserRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = UserRole.APPLICANT
    password = factory.django.Password("correct horse battery")


class StaffFactory(UserFactory):
    role = UserRole.MINISTRY_STAFF
    is_staff = True
    is_superuser = True


class InstituteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institute

    code = factory.Sequence(lambda n: f"INST{n}")
    name_en = factory.LazyAttribute(lambda o: f"Institute {o.code}")
    name_ko = factory.LazyAttribute(lambda o: f"연구원 {o.code}")


class ResearchTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTeam

    code = factory.Sequence(lambda n: f"TEAM{n}")
    institute = factory.SubFactory(InstituteFactory)
    name_en = factory.LazyAttribute(lambda o: f"Team {o.code}")
    name_ko = factory.LazyAttribute(lambda o: f"연구단 {o.code}")
    keywords = "machine learning, robotics"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    code = factory.Sequence(lambda n: f"C{n}")
    title_en = factory.LazyAttribute(lambda o: f"Call {o.code}")
    title_ko = factory.LazyAttribute(lambda o: f"공고 {o.code}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    total_quota = 400


class CallTeamQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallTeamQuota

    call = factory.SubFactory(CallFactory)
    team = factory.SubFactory(ResearchTeamFactory)
    quota = 10


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    nationality = "KR"
    country_of_residence = "KR"

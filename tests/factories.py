"""factory_boy factories for the record, shared by every test package."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from opencsc.access.models import (
    AccessGrant,
    Allocation,
    LocalAuthority,
    Role,
    Team,
    User,
)
from opencsc.core.identifiers import make_nhs_number
from opencsc.people.models import Person


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = "999"
    name = "Test Borough"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = "child_protection"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.SOCIAL_WORKER
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    la_child_id = factory.Sequence(lambda n: f"C{n:06d}")
    given_name = factory.Sequence(lambda n: f"Child{n}")
    family_name = "Example"
    date_of_birth = date(2015, 6, 1)
    sex = "F"
    ethnicity = "WBRI"
    nhs_number = factory.Sequence(make_nhs_number)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    person = factory.SubFactory(PersonFactory)
    worker = factory.SubFactory(UserFactory)
    role = "allocated_worker"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessGrant

    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory)
    reason = "Joint working on a s47 enquiry"
    granted_by = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

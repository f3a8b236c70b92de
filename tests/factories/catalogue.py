import datetime as dt

import factory
import wagtail_factories

from kp_catalogue.models import (
    CapacityUnit,
    CatalogueIndexPage,
    Contact,
    LifeSituation,
    Location,
    Municipality,
    Provider,
    Service,
    ServiceForm,
    ServiceProvision,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.validators import ico_check_digit


def make_ico(n):
    first = f"{n:07d}"
    return first + str(ico_check_digit(first))


class ProviderFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Charita Testov {n}")
    ico = factory.Sequence(lambda n: make_ico(2600000 + n))
    email = factory.Sequence(lambda n: f"poskytovatel{n}@example.cz")
    city = "Valašské Meziříčí"

    class Meta:
        model = Provider


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published service with one outreach provision; pass live=False for a never-published
    draft."""

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Služba {n}")
    service_type = factory.LazyFunction(lambda: ServiceType.objects.get(code="p40"))
    phone = "571 111 222"
    assured_date = dt.date(2026, 9, 1)
    live = True

    class Meta:
        model = Service
        skip_postgeneration_save = True

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create:
            self.target_groups.set(extracted or [TargetGroup.objects.get(code="24")])

    @factory.post_generation
    def service_areas(self, create, extracted, **kwargs):
        if create:
            self.service_areas.set(
                extracted or [Municipality.objects.get(code="valasske-mezirici")])

    @factory.post_generation
    def provisions(self, create, extracted, **kwargs):
        if create:
            for spec in extracted or [{"form": "ter"}]:
                ServiceProvision.objects.create(
                    service=self, form=ServiceForm.objects.get(code=spec["form"]),
                    unit=CapacityUnit.objects.get(code=spec.get("unit", "klient")),
                    maximum=spec.get("maximum", 50), available=spec.get("available"),
                    available_updated=dt.date(2026, 10, 1) if spec.get("available") else None,
                )

    @factory.post_generation
    def commit(self, create, extracted, **kwargs):
        if create:
            self.save()  # refresh the search column and store the first revision
            revision = self.save_revision()
            if self.live:
                # Published: the first revision is the live one and nothing waits for an
                # editor, as after publish() (without its signals, which tests call as needed).
                Service.objects.filter(pk=self.pk).update(live_revision=revision,
                                                          has_unpublished_changes=False)
                self.live_revision, self.has_unpublished_changes = revision, False


class LocationFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServiceFactory)
    name = "Středisko"
    address_1 = factory.Sequence(lambda n: f"Zašovská {n}")
    city = "Valašské Meziříčí"
    postal_code = "75701"
    latitude = 49.4718
    longitude = 17.9711

    class Meta:
        model = Location


class ContactFactory(factory.django.DjangoModelFactory):
    service = factory.SubFactory(ServiceFactory)
    name = "Jana Veřejná"
    title = "sociální pracovnice"
    email = "jana.verejna@example.cz"
    phone = "571 000 111"

    class Meta:
        model = Contact


class CatalogueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Katalog sociálních služeb"
    slug = "katalog"

    class Meta:
        model = CatalogueIndexPage


def set_codes(field, model):
    """A post-generation hook that sets a many-to-many field from a list of codes."""

    @factory.post_generation
    def hook(self, create, extracted, **kwargs):
        if create and extracted:
            getattr(self, field).set(model.objects.filter(code__in=extracted))

    return hook


class LifeSituationFactory(factory.django.DjangoModelFactory):
    """A finder situation; pass service_types/target_groups/forms as lists of codes."""

    title = factory.Sequence(lambda n: f"Potřebuji pomoc {n}")
    slug = factory.Sequence(lambda n: f"situace-{n}")
    question = "Někdo potřebuje pomoc."
    service_types = set_codes("service_types", ServiceType)
    target_groups = set_codes("target_groups", TargetGroup)
    forms = set_codes("forms", ServiceForm)

    class Meta:
        model = LifeSituation
        skip_postgeneration_save = True

    @factory.post_generation
    def commit(self, create, extracted, **kwargs):
        if create:
            self.save()  # parental many-to-many relations are written on save

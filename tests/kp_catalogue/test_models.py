"""Model validation, the seeded code lists and the normalised search column."""

import pytest
from django.core.exceptions import ValidationError

from kp_catalogue.models import (
    CapacityUnit,
    Municipality,
    Provider,
    ServiceForm,
    ServiceProvision,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.validators import is_valid_ico, validate_ico
from kp_catalogue.search.text import normalise, search_terms
from tests.factories.catalogue import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ico", ["00064581", "25596641", "45274649", "70888337", "00301248"])
def test_real_icos_pass_the_check_digit(ico):
    validate_ico(ico)
    assert is_valid_ico(ico)


@pytest.mark.parametrize("ico", ["00064582", "25596640", "45274648", "70888330"])
def test_wrong_check_digit_is_refused_with_czech_message(ico):
    with pytest.raises(ValidationError) as error:
        validate_ico(ico)
    assert error.value.code == "ico_checksum"
    assert "kontrolní číslici" in str(error.value.messages[0])


@pytest.mark.parametrize("ico", ["6458", "123456789", "1234567a", "１２３４５６７８", "", " 0064581"])
def test_malformed_ico_is_refused(ico):
    with pytest.raises(ValidationError) as error:
        validate_ico(ico)
    assert error.value.code == "ico_format"
    assert "8 číslic" in error.value.messages[0]


def test_ico_keeps_leading_zeros_and_full_clean_rejects_bad_one():
    provider = ProviderFactory(ico="00064581")
    provider.refresh_from_db()
    assert provider.ico == "00064581"
    bad = Provider(name="Špatné IČO", ico="00064580")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "ico" in error.value.message_dict


def test_check_digit_ten_maps_to_zero():
    # weights 8..2 over 0000001 give 2; 11 - 2 = 9 ... find a remainder-1 case: sum % 11 == 1
    # 0000006: 6*2 = 12, 12 % 11 = 1, (11 - 1) % 10 = 0
    assert is_valid_ico("00000060")
    assert not is_valid_ico("00000061")


def test_capacity_needs_unit_and_free_places_cannot_exceed_maximum():
    service = ServiceFactory()
    provision = ServiceProvision(service=service, form=ServiceForm.objects.get(code="pob"),
                                 maximum=10, available=12)
    with pytest.raises(ValidationError) as error:
        provision.full_clean()
    assert set(error.value.message_dict) >= {"unit", "available", "available_updated"}
    provision.unit = CapacityUnit.objects.get(code="luzka")
    provision.available = 3
    provision.available_updated = "2026-10-01"
    provision.full_clean()


def test_taxonomies_are_seeded_with_stable_codes():
    assert ServiceType.objects.count() == 34
    assert ServiceType.objects.get(code="13").paragraph == "49"
    assert set(ServiceType.objects.values_list("category", flat=True)) == {
        "counselling", "care", "prevention"}
    assert ServiceType.objects.filter(category="counselling").count() == 1
    assert TargetGroup.objects.get(code="24").name == "Senioři"
    assert TargetGroup.objects.count() >= 6
    assert set(ServiceForm.objects.values_list("code", flat=True)) == {"pob", "amb", "ter"}
    assert set(CapacityUnit.objects.values_list("code", flat=True)) == {
        "klient", "kontakt", "interv", "luzka", "hovor"}
    assert Municipality.objects.filter(name="Kelč").exists()


def test_normalise_strips_diacritics_and_case():
    assert normalise("  Pečovatelská   SLUŽBA Ůžasná ") == "pecovatelska sluzba uzasna"
    assert search_terms("Dům  pro SENIORY") == ["dum", "pro", "seniory"]


def test_search_column_follows_service_and_provider_names():
    service = ServiceFactory(name="Domov Říční", provider__name="Charita Zašová")
    service.refresh_from_db()
    assert "domov ricni" in service.search_text
    assert "charita zasova" in service.search_text
    provider = service.provider
    provider.name = "Diakonie Kelč"
    provider.save()
    service.refresh_from_db()
    assert "diakonie kelc" in service.search_text
    assert "charita zasova" not in service.search_text


def test_preview_renders_the_unpublished_version():
    service = ServiceFactory(name="Zveřejněno")
    service.name = "Náhled konceptu"
    response = service.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Náhled konceptu" in html and "není zveřejněna" in html

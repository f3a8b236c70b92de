"""Template helpers of the public catalogue: links into the catalogue page and the stale flag."""

from django import template

from kp_catalogue.freshness import is_stale as stale

register = template.Library()


@register.simple_tag
def service_url(page, service):
    return page.service_url(service)


@register.simple_tag
def provider_url(page, provider):
    return page.provider_url(provider)


@register.filter
def is_stale(service):
    """True when the service's data have not been verified for too long."""

    return stale(service)

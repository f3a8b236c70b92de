from django import template

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
    from kp_catalogue.freshness import is_stale as stale

    return stale(service)

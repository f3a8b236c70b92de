from django import template

register = template.Library()


@register.simple_tag
def service_url(page, service):
    return page.service_url(service)


@register.simple_tag
def provider_url(page, provider):
    return page.provider_url(provider)

"""``{{ client.phone|phone:phone_region }}``: a stored (E.164) number as its user reads it."""

from django import template

from voicecrm.crm.phones import phone_display

register = template.Library()


@register.filter
def phone(number: str | None, region: str) -> str:
    """National format in the user's region ("06 12 34 56 78"), international otherwise (crm.phones)."""
    return phone_display(number, region)

from django import template
from django.conf import settings

from qizhi.core import attachments as service

register = template.Library()


@register.inclusion_tag("core/_attachments.html", takes_context=True)
def attachments_panel(context, record):
    """``{% attachments_panel object %}``: the record's files, with upload and delete for whoever may
    change the record."""
    request = context["request"]
    return {
        "record": record,
        "files": list(service.attachments_of(record)),
        "can_change": service.can_change(record, request.user),
        "app_label": record._meta.app_label,
        "model_name": record._meta.model_name,
        "next": request.get_full_path(),
        "max_mb": settings.ATTACHMENT_MAX_MB,
        "csrf_token": context.get("csrf_token"),
    }

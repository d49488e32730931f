from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "qizhi.org"
    label = "org"
    verbose_name = _("组织与人员")

    def ready(self):
        from qizhi.core.channels import register_contact_source

        register_contact_source(contacts_of)


def contacts_of(user) -> tuple[str, str]:
    """A login's e-mail and phone as kept on its person (the roster's 联系电话)."""
    from qizhi.org.models import Person

    person = Person.objects.filter(user=user).only("phone").first()
    return "", (person.phone if person is not None else "")

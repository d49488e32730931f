from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qizhi.core.forms import DATE, TrackedModelForm
from qizhi.honors.choices import HonorKind
from qizhi.honors.models import Honor


class HonorForm(TrackedModelForm):
    class Meta:
        model = Honor
        fields = ["kind", "unit", "person", "title", "level", "issuer", "granted_on", "document_number", "note"]
        widgets = {"granted_on": DATE}

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if data.get("kind") == HonorKind.INDIVIDUAL:
            if person is None:
                self.add_error("person", _("个人荣誉须填写受表彰人"))  # under the unit: Honor.clean
        elif person is not None:
            self.add_error("person", _("集体荣誉不填写受表彰人"))
        return data

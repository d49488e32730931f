from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.models import Grant
from qizhi.core.forms import TrackedModelForm


class GrantForm(TrackedModelForm):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True), label=_("用户"))

    class Meta:
        model = Grant
        fields = ["user", "role", "unit"]

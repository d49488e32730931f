from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.forms import TrackedModelForm
from qizhi.org.models import Person, Unit


class GrantForm(TrackedModelForm):
    unscoped_references = {"user": "a login belongs to no unit: an administrator grants a role to any active account"}
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True), label=_("用户"))

    class Meta:
        model = Grant
        fields = ["user", "role", "unit"]


class AccountForm(UserCreationForm):
    """A new login for a staff member, with its first grant and, optionally, its person record."""

    first_name = forms.CharField(label=_("姓名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("授权单位"), queryset=Unit.objects.none())
    person = forms.ModelChoiceField(
        label=_("对应人员"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("可选：把账号与人员名册中的记录关联"),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.editable_by(user)
        self.fields["person"].queryset = Person.objects.editable_by(user).filter(user__isnull=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("创建账号")))

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.disclosure.choices import Channel


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ProposeForm(forms.Form):
    """提出公开: where the record should appear, and optionally when it starts and stops being public."""

    channels = forms.MultipleChoiceField(
        label=_("发布渠道"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
        initial=[Channel.BOARD, Channel.WEBSITE, Channel.KIOSK],
    )  # fmt: skip
    publish_at = forms.DateTimeField(
        label=_("定时发布（不填则审批后即可发布）"), required=False, widget=DateTimeInput()
    )
    expires_at = forms.DateTimeField(label=_("公开截止（不填则长期公开）"), required=False, widget=DateTimeInput())


class ReviewForm(forms.Form):
    secrecy_checked = forms.BooleanField(
        label=_("已进行保密审查，内容不涉及国家秘密、工作秘密和个人隐私"), required=False
    )
    note = forms.CharField(label=_("审核意见"), required=False, max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300)

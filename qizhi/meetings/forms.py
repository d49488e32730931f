from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core.filters import LeanSelect
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.core.scoping import scope_queryset, subtree_q
from qizhi.meetings import services
from qizhi.meetings.choices import AbsenceReason, AttendanceStatus
from qizhi.meetings.models import ComplianceRule, LifeMeetingPoint, Meeting
from qizhi.org.models import Person
from qizhi.party.models import PartyOrg

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def party_orgs_for(user):
    """The party organizations whose meetings ``user`` may record (by the organization's unit)."""
    return scope_queryset(PartyOrg.objects.all(), user, Action.CHANGE, area="meetings", path_field="unit__path")


class MeetingForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind", "party_org", "unit", "date", "start_time", "place", "topic", "host", "recorder", "agenda",
            "minutes",
        ]  # fmt: skip
        widgets = {"date": DATE, "start_time": TIME, "agenda": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = party_orgs_for(self.user).only("pk", "name", "path", "depth")
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("由党组织召开的会议自动取党组织所在单位；业务培训、专题讲座可只选单位")
        people = Person.objects.visible_to(self.user).only("pk", "name")
        self.fields["host"].queryset = people
        self.fields["recorder"].queryset = people

    def save_as(self, user):
        meeting = self.save(commit=False)
        return self.run(services.save_meeting, meeting, by=user)


class AttendanceSheetForm(forms.Form):
    """One row per expected participant: all present by default, the exceptions changed."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.rows = list(meeting.attendances.select_related("person__unit").order_by("person__pinyin", "pk"))
        reasons = [("", _("未请假")), *AbsenceReason.choices]
        for row in self.rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                choices=AttendanceStatus.choices, initial=row.status, label=row.person.name,
                widget=forms.RadioSelect,
            )  # fmt: skip
            self.fields[f"reason_{row.pk}"] = forms.ChoiceField(
                choices=reasons, initial=row.absence_reason, required=False, label=_("缺席原因")
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                initial=row.note, required=False, max_length=200, label=_("备注")
            )

    def sheet(self):
        return [(row, self[f"status_{row.pk}"], self[f"reason_{row.pk}"], self[f"note_{row.pk}"]) for row in self.rows]

    def marks(self) -> dict[int, tuple[str, str, str]]:
        data = self.cleaned_data
        marks = {}
        for row in self.rows:
            status = data[f"status_{row.pk}"]
            reason = data[f"reason_{row.pk}"] if status == AttendanceStatus.ABSENT else ""
            marks[row.pk] = (status, reason, data[f"note_{row.pk}"].strip())
        return marks


class AddAttendeeForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("参会人"))
    status = forms.ChoiceField(choices=AttendanceStatus.choices, label=_("出席情况"))
    absence_reason = forms.ChoiceField(
        choices=[("", _("未请假")), *AbsenceReason.choices], required=False, label=_("缺席原因")
    )

    def __init__(self, *args, user, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.visible_to(user).only("pk", "name")
        if unit is not None:  # the meeting's unit: whoever else could be a member is there
            people = people.filter(subtree_q("unit__path", unit.path))
        self.fields["person"].queryset = people
        self.helper = FormHelper()
        self.helper.form_tag = False


class LifeMeetingPointForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = LifeMeetingPoint
        fields = ["meeting", "kind", "speaker", "about", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.editable_by(self.user).filter(
            kind__in=("democratic_life", "organizational_life")
        )
        people = Person.objects.visible_to(self.user).only("pk", "name")
        self.fields["speaker"].queryset = people
        self.fields["about"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("meeting") and not self.errors:
            point = LifeMeetingPoint(**{k: cleaned.get(k) for k in ("meeting", "kind", "speaker", "about", "content")})
            try:
                services.check_point(point)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
        return cleaned


class ComplianceForm(forms.Form):
    """Which unit and period the compliance page shows."""

    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, widget=LeanSelect)
    period = forms.CharField(
        label=_("期间"), max_length=10, help_text=_("年份（2026）、季度（2026-Q2）或月份（2026-05）")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from qizhi.org.filters import unit_choices

        self.user = user
        # The scope's top units and two levels below (a province lists its counties, not its 2,880
        # 司法所), and the unit asked for: the lists' cached choices, without their "all units".
        selected = self.data.get("unit") if self.is_bound else None
        self.fields["unit"].choices = [choice for choice in unit_choices(user, selected) if choice[0] != ""]
        self.fields["unit"].error_messages["invalid_choice"] = _("单位不存在或不在您的权限范围内")
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["period"].widget.attrs["class"] = "form-control form-control-sm"

    def clean_unit(self):
        from qizhi.org.models import Unit

        unit = Unit.objects.visible_to(self.user).filter(pk=self.cleaned_data["unit"]).first()
        if unit is None:
            raise ValidationError(_("单位不存在或不在您的权限范围内"))
        return unit

    def clean_period(self):
        try:
            return services.parse_period(self.cleaned_data["period"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["period"]) from exc


class SignInForm(forms.Form):
    """The six digits the secretary shows at the meeting."""

    code = forms.RegexField(
        label=_("签到码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("签到码是6位数字")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "class": "form-control-lg text-center"}
        ),
    )


class ComplianceRuleForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = ComplianceRule
        fields = ["kind", "org_kinds", "frequency", "minimum", "active", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # every answer names its field (the form may be read without labels)
            label = field.label
            field.error_messages["required"] = _("请填写{field}").format(field=label)
            field.error_messages["invalid_choice"] = _("{field}：“%(value)s”不是有效的选项").format(field=label)
            field.error_messages["invalid"] = _("{field}：请填写整数").format(field=label)
        self.fields["org_kinds"].error_messages["required"] = self.Meta.model._meta.get_field(
            "org_kinds"
        ).blank_message()

    def save_as(self, user):
        rule = self.save(commit=False)
        return self.run(services.save_rule, rule, by=user, version=self.cleaned_data.get("version"))

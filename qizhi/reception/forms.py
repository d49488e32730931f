from __future__ import annotations

import nh3
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.models import Grant
from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm, units_for
from qizhi.core.references import refuse_impossible_ids
from qizhi.core.scoping import subtree_q
from qizhi.org.models import Person, Unit
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, Channel, Satisfaction
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot


def clean_text(value: str) -> str:
    """Plain text only: any markup a user typed is removed (the page escapes what remains)."""
    return nh3.clean(value or "", tags=set()).strip()


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


# The channels staff register by hand, on the form and through the API alike; the intranet mailbox and the portal
# register their own cases.
HAND_CHANNELS = [(Channel.VISIT, Channel.VISIT.label), (Channel.PHONE, Channel.PHONE.label)]


class CaseForm(ServiceFormMixin, TrackedModelForm):
    """Register a visit (or a letter taken from the box): whoever registers it is its first owner."""

    class Meta:
        model = Case
        fields = ["unit", "kind", "channel", "received_on", "citizen_name", "citizen_phone", "subject", "content"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["channel"].choices = HAND_CHANNELS
        self.fields["kind"].choices = [c for c in CaseKind.choices if c[0] != CaseKind.LETTER] + [
            (CaseKind.LETTER, _("来信（纸质来信登记）"))
        ]

    def clean_subject(self):
        return clean_text(self.cleaned_data["subject"])

    def clean_content(self):
        return clean_text(self.cleaned_data["content"])

    def save_as(self, user):
        data = self.cleaned_data
        registered = self.run(
            services.register_case, unit=data["unit"], kind=data["kind"], channel=data["channel"],
            subject=data["subject"], content=data["content"], received_on=data["received_on"],
            citizen_name=data["citizen_name"], citizen_phone=data["citizen_phone"], by=user, owner=user,
        )  # fmt: skip
        if registered is None:
            return None
        self.code = registered.code
        return registered.case


class DutySlotForm(TrackedModelForm):
    class Meta:
        model = DutySlot
        fields = ["unit", "week", "leader", "place"]
        widgets = {"week": DATE}


class CatalogForm(ServiceFormMixin, TrackedModelForm):
    """A calendar day or a clock rule, saved by ``services.save_catalog`` (administrators only)."""

    def save_as(self, user):
        return self.run(services.save_catalog, self.save(commit=False), by=user)


class CalendarDayForm(CatalogForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DATE}


class ClockRuleForm(CatalogForm):
    class Meta:
        model = ClockRule
        fields = ["days", "counting", "start", "max_extension", "basis"]


class RosterForm(ServiceFormMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("单位"))
    leaders = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=_("值班领导（按顺序轮值）"), widget=forms.CheckboxSelectMultiple
    )
    start = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("起始周（含该日的一周）"), widget=DATE
    )
    weeks = forms.IntegerField(label=_("周数"), min_value=1, max_value=104, initial=52)
    place = forms.CharField(label=_("接访地点"), max_length=100, initial="局机关接待室")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for(user, services.AREA)
        self.fields["leaders"].queryset = Person.objects.visible_to(user).filter(retired=False).order_by("pinyin")
        refuse_impossible_ids(self.fields["leaders"])  # a 30-digit id is an invalid choice, not a 500
        self.helper = _helper(_("生成排班"))

    def save_as(self, user):
        data = self.cleaned_data
        return self.run(
            services.generate_roster, data["unit"], list(data["leaders"]), start=data["start"], weeks=data["weeks"],
            place=data["place"], by=user,
        )  # fmt: skip


class SwapForm(ServiceFormMixin, forms.Form):
    to = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("调班后的值班领导"))
    reason = forms.CharField(label=_("调班原因"), max_length=200)

    def __init__(self, *args, user=None, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Person.objects.visible_to(user).filter(retired=False).order_by("pinyin")
        self.helper = _helper(_("调班"))

    def act(self, slot, user):
        return self.run(
            services.swap_duty, slot, to=self.cleaned_data["to"], reason=self.cleaned_data["reason"], by=user
        )


# --- Actions on a case (each posted from the case page) --------------------------------------------


class _CaseAction(ServiceFormMixin, forms.Form):
    submit_label = _("提交")

    def __init__(self, *args, user=None, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.target = user, target
        self.helper = _helper(self.submit_label)
        self.helper.form_tag = True


class TakeForm(_CaseAction):
    submit_label = _("登记并负责办理（首问负责）")

    def act(self, case, user):
        return self.run(services.take, case, by=user)


class AcceptForm(_CaseAction):
    submit_label = _("受理")
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("受理日期"), widget=DATE, initial=timezone.localdate
    )

    def act(self, case, user):
        return self.run(services.accept, case, on=self.cleaned_data["on"], by=user)


class StepForm(_CaseAction):
    submit_label = _("记录办理情况")
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("日期"), widget=DATE, initial=timezone.localdate
    )
    text = forms.CharField(label=_("办理情况"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def act(self, case, user):
        return self.run(
            services.add_step, case, on=self.cleaned_data["on"], text=clean_text(self.cleaned_data["text"]), by=user
        )


def reception_users(user):
    """Accounts granted somewhere the user can see (the receivers a case can be handed to)."""
    units = Unit.objects.visible_to(user).values("path")
    grants = Grant.objects.filter(unit__path__in=units).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=grants).order_by("username")


class HandoverForm(_CaseAction):
    submit_label = _("转办")
    to = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=_("接收人"))
    to_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("接收单位"))
    reason = forms.CharField(label=_("转办理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = reception_users(self.user)
        self.fields["to"].label_from_instance = lambda u: f"{u.first_name or u.username}（{u.username}）"
        self.fields["to_unit"].queryset = Unit.objects.visible_to(self.user)

    def act(self, case, user):
        data = self.cleaned_data
        return self.run(
            services.hand_over, case, to=data["to"], to_unit=data["to_unit"], reason=data["reason"], by=user
        )


class StopForm(_CaseAction):
    submit_label = _("停止计时（等待来信来访人）")
    start = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED),
        label=_("停止计时日"),
        widget=DATE,
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("原因"), max_length=200, initial=_("等待补充材料"))

    def act(self, case, user):
        return self.run(
            services.stop_clock, case, start=self.cleaned_data["start"], reason=self.cleaned_data["reason"], by=user
        )


class ResumeForm(_CaseAction):
    submit_label = _("恢复计时")
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED),
        label=_("恢复计时日"),
        widget=DATE,
        initial=timezone.localdate,
    )

    def act(self, case, user):
        return self.run(services.resume_clock, case, on=self.cleaned_data["on"], by=user)


class ExtendForm(_CaseAction):
    submit_label = _("批准延期")
    days = forms.IntegerField(label=_("延期（日）"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由（告知来信来访人）"), max_length=200)

    def act(self, case, user):
        return self.run(
            services.extend, case, days=self.cleaned_data["days"], reason=self.cleaned_data["reason"], by=user
        )


class CloseForm(_CaseAction):
    submit_label = _("办结")
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("办结日期"), widget=DATE, initial=timezone.localdate
    )
    outcome = forms.CharField(label=_("办理结果"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(
        label=_("给来信来访人的答复（不公开）"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def act(self, case, user):
        data = self.cleaned_data
        return self.run(
            services.close,
            case,
            on=data["on"],
            outcome=clean_text(data["outcome"]),
            reply=clean_text(data["reply"]),
            by=user,
        )


class RateForm(_CaseAction):
    submit_label = _("记录满意度")
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=Satisfaction.choices)
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("评价日期"), widget=DATE, initial=timezone.localdate
    )

    def act(self, case, user):
        return self.run(
            services.rate, case, satisfaction=self.cleaned_data["satisfaction"], on=self.cleaned_data["on"], by=user
        )


class QAForm(_CaseAction):
    submit_label = _("审核问答")
    question = forms.CharField(
        label=_("公开的问题（去除个人信息）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer = forms.CharField(label=_("公开的答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    publish = forms.TypedChoiceField(
        label=_("审核结论"), choices=[("1", _("同意公开")), ("0", _("不予公开"))], coerce=lambda v: v == "1"
    )

    def act(self, case, user):
        data = self.cleaned_data
        return self.run(
            services.moderate_qa, case, question=clean_text(data["question"]), answer=clean_text(data["answer"]),
            publish=data["publish"], by=user,
        )  # fmt: skip


class AnswerHandoverForm(_CaseAction):
    submit_label = _("提交")
    decision = forms.TypedChoiceField(
        label=_("是否接收"), choices=[("1", _("接收")), ("0", _("拒收"))], coerce=lambda v: v == "1"
    )
    answer = forms.CharField(label=_("意见（拒收须填写）"), max_length=200, required=False)

    def act(self, case, user):
        handover = case.handovers.filter(state="pending").first()
        if handover is None:
            self.add_error(None, _("没有待接收的转办"))
            return None
        return self.run(
            services.answer_handover, handover, accept=self.cleaned_data["decision"],
            answer=self.cleaned_data["answer"], by=user,
        )  # fmt: skip


class WithdrawHandoverForm(_CaseAction):
    submit_label = _("撤回转办")

    def act(self, case, user):
        handover = case.handovers.filter(state="pending").first()
        if handover is None:
            self.add_error(None, _("没有待接收的转办"))
            return None
        return self.run(services.withdraw_handover, handover, by=user)


ACTIONS = {
    "take": TakeForm, "accept": AcceptForm, "step": StepForm, "handover": HandoverForm, "answer": AnswerHandoverForm,
    "withdraw": WithdrawHandoverForm, "stop": StopForm, "resume": ResumeForm, "extend": ExtendForm,
    "close": CloseForm, "rate": RateForm, "qa": QAForm,
}  # fmt: skip


# --- Letters --------------------------------------------------------------------------------------


class LetterForm(forms.Form):
    """A letter to the director. Staff write it signed-in (optionally anonymous); the public without login."""

    subject = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    consent = forms.BooleanField(
        label=_("同意在审核并去除个人信息后公开问答"), required=False,
        help_text=_("来信内容本身不公开；公开的是经审核的问题和答复"),
    )  # fmt: skip

    def clean_subject(self):
        return _required_text(self.cleaned_data["subject"])

    def clean_content(self):
        return _required_text(self.cleaned_data["content"])


def _required_text(value: str) -> str:
    text = clean_text(value)
    if not text:
        raise forms.ValidationError(_("请填写内容（不能只有标记）"))
    return text


class StaffLetterForm(LetterForm):
    anonymous = forms.BooleanField(
        label=_("匿名"), required=False,
        help_text=_("匿名来信不保存与您的任何关联：请记下提交后显示的编号和查询码，凭此查看答复"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("提交"))


class PublicLetterForm(LetterForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("写给"))
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    website = forms.CharField(
        label=_("网址"), required=False, max_length=200
    )  # the honeypot: hidden, people leave it empty

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(kind__in=["bureau", "court"]).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: f"{u.name}局长（院长）"
        self.fields["website"].widget = forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        self.helper = _helper(_("提交"))
        self.helper.layout = Layout(
            "unit", "name", "phone", "subject", "content", "consent", Div("website", css_class="d-none")
        )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(c.isdigit() or c in "-+ " for c in phone):
            raise forms.ValidationError(_("联系电话只能包含数字"))
        return phone


class StatusForm(forms.Form):
    number = forms.CharField(label=_("编号"), max_length=20, help_text=_("如 XX-2026-000123"))
    code = forms.CharField(label=_("查询码"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("查询"))


class PublicRateForm(forms.Form):
    number = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    satisfaction = forms.ChoiceField(label=_("您对办理结果是否满意"), choices=Satisfaction.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("提交评价"))


def subtree(unit):
    return subtree_q("unit__path", unit.path)

"""The pages the public reaches without login: the letter form and the status page of a case.

Both are rate-limited per (hashed) address; the status page gives one answer to a wrong number and a
wrong code alike, after the same work, so that numbers cannot be enumerated."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from qizhi.core.clients import client_address
from qizhi.reception import forms, services
from qizhi.reception.choices import CaseKind, CaseStatus, Channel


def address_key(request, scope: str) -> str:
    """The client's address, hashed with the secret key (the cache never holds an address)."""
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"qizhi:reception:rate:{scope}:{digest}"


def over_limit(request, scope: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt of this address in a fixed window; True once it passed ``limit``."""
    key = address_key(request, scope)
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


STATUS_LIMIT = (20, 600)  # 20 look-ups per address in 10 minutes
LETTER_LIMIT = (5, 3600)  # 5 letters per address an hour
NOT_FOUND = gettext_lazy("编号或查询码不正确，请核对后重试")


class PublicLetterView(generic.FormView):
    template_name = "reception/public_letter.html"
    form_class = forms.PublicLetterForm

    def post(self, request, *args, **kwargs):
        if over_limit(request, "letter", limit=LETTER_LIMIT[0], seconds=LETTER_LIMIT[1]):
            return self.render_to_response(self.get_context_data(limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        if data.get("website"):  # only a robot fills the hidden field: it is told nothing different
            return self.render_to_response(self.get_context_data(form=form, done=True))
        registered = services.register_case(
            unit=data["unit"], kind=CaseKind.LETTER, channel=Channel.PUBLIC, subject=data["subject"],
            content=data["content"], received_on=timezone.localdate(), citizen_name=data["name"],
            citizen_phone=data["phone"], consent=data["consent"],
        )  # fmt: skip
        return self.render_to_response(self.get_context_data(form=form, done=True, registered=registered))


class StatusView(generic.FormView):
    """``/public/cases/``: a number and its query code give the case's state, its clock and the reply."""

    template_name = "reception/public_status.html"
    form_class = forms.StatusForm

    def post(self, request, *args, **kwargs):
        if over_limit(request, "status", limit=STATUS_LIMIT[0], seconds=STATUS_LIMIT[1]):
            return self.render_to_response(self.get_context_data(limited=True), status=429)
        if "satisfaction" in request.POST:
            return self.rate(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        case = services.lookup(form.cleaned_data["number"], form.cleaned_data["code"])
        if case is None:
            return self.render_to_response(self.get_context_data(form=form, not_found=NOT_FOUND))
        return self.render_to_response(self.get_context_data(form=form, **shown(case, form.cleaned_data["code"])))

    def rate(self, request):
        form = forms.PublicRateForm(request.POST)
        case = (
            services.lookup(request.POST.get("number", ""), request.POST.get("code", "")) if form.is_valid() else None
        )
        if case is None:
            return self.render_to_response(self.get_context_data(not_found=NOT_FOUND))
        message = _("感谢您的评价")
        try:
            services.rate(case, satisfaction=form.cleaned_data["satisfaction"], on=timezone.localdate())
        except ValidationError as exc:
            message = "；".join(exc.messages)
        case.refresh_from_db()
        return self.render_to_response(
            self.get_context_data(form=forms.StatusForm(), rated=message, **shown(case, form.cleaned_data["code"]))
        )


def shown(case, code: str) -> dict:
    """What the citizen sees: the state, dated clock stops, the due date and how it was reached,
    an extension with its reason, and the reply — never the staff's notes or the owner's name."""
    rate_form = None
    if case.status == CaseStatus.CLOSED and not case.satisfaction:
        rate_form = forms.PublicRateForm(initial={"number": case.number, "code": code})
    return {
        "case": case,
        "dues": services.dues(case),
        "stops": list(case.stops.all()),
        "rate_form": rate_form,
    }

"""The recycle bin: deleted records stay in their history and can be brought back."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core.scoping import scope_queryset
from qizhi.core.views import ScopedMixin


def deleted_records(model, user):
    """The last version of each deleted row the user may restore (delete rights on its unit)."""
    history = model.history.model.objects.filter(history_type="-").exclude(id__in=model._base_manager.values("pk"))
    scoped = scope_queryset(history, user, Action.DELETE, area=model._meta.app_label, path_field=model.scope_path)
    return scoped.select_related("history_user").order_by("-history_date")


class DeletedObjectsView(ScopedMixin, generic.TemplateView):
    """Deleted records of one model, newest first, each with a restore button."""

    template_name = "core/deleted_list.html"

    def get_context_data(self, **kwargs):
        self.require(Action.DELETE)
        context = super().get_context_data(**kwargs)
        context["records"] = deleted_records(self.model, self.request.user)[:200]
        context["restore_url_name"] = self.url_name("restore")
        return context


class RestoreObjectView(ScopedMixin, generic.View):
    """Bring a deleted record back as it was when it was deleted (same id; history shows the return)."""

    def post(self, request, history_id: int):
        self.require(Action.DELETE)
        record = deleted_records(self.model, request.user).filter(history_id=history_id).first()
        if record is None:
            raise Http404
        obj = record.instance
        obj._history_user = request.user
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
        except IntegrityError:
            messages.error(request, _("无法恢复“{obj}”：已有相同的记录（如相同的身份证号码）").format(obj=obj))
            return redirect(self.url_name("deleted"))
        messages.success(request, _("已恢复{model}“{obj}”").format(model=self.model._meta.verbose_name, obj=obj))
        return redirect(obj.get_absolute_url())

"""Pages of the user's own inbox (待办, 已办, notifications) and of records' attached files."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from qizhi.core import attachments, notifications, todo
from qizhi.core.models import Attachment, Notification, WorkflowEvent


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class NotificationListView(LoginRequiredMixin, generic.ListView):
    model = Notification
    paginate_by = 30
    template_name = "core/notification_list.html"

    def get_queryset(self):
        queryset = Notification.objects.visible_to(self.request.user).select_related("sender")
        if self.request.GET.get("unread"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset


class NotificationOpenView(LoginRequiredMixin, generic.View):
    """Opening a notification marks it read and follows its link."""

    model = Notification

    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        notifications.mark_read(Notification.objects.filter(pk=pk), by=request.user)
        return redirect(notification.url or "core:notification_list")


class NotificationPreferencesView(LoginRequiredMixin, generic.TemplateView):
    """消息接收设置: per kind of message, e-mail and/or SMS besides the inbox, at once or as a daily digest."""

    template_name = "core/notification_preferences.html"

    def get_context_data(self, **kwargs):
        from qizhi.core import channels

        context = super().get_context_data(**kwargs)
        chosen = channels.preferences_of(self.request.user)
        email, phone = channels.contacts(self.request.user)
        context.update(
            rows=[(kind, label, chosen.get(kind)) for kind, label in channels.kinds()],
            channels=channels.available(),
            email=email,
            phone=phone,
        )
        return context

    def post(self, request):
        from qizhi.core import channels

        open_channels = channels.available()
        choices = {
            kind: {
                "email": "email" in open_channels and request.POST.get(f"{kind}-email") == "on",
                "sms": "sms" in open_channels and request.POST.get(f"{kind}-sms") == "on",
                "digest": request.POST.get(f"{kind}-digest") == "on",
            }
            for kind, _label in channels.kinds()
        }
        channels.save_preferences(request.user, choices)
        messages.success(request, _("已保存消息接收设置"))
        return redirect("core:notification_preferences")


class NotificationReadAllView(LoginRequiredMixin, generic.View):
    model = Notification

    def post(self, request):
        count = notifications.mark_read(Notification.objects.all(), by=request.user)
        messages.success(request, _("已将 {count} 条消息标为已读。").format(count=count))
        return redirect("core:notification_list")


class AttachmentDownloadView(LoginRequiredMixin, generic.View):
    """Sends a file to whoever may read the record it belongs to; to anyone else it does not exist."""

    model = Attachment

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        if not attachments.can_read(attachment.content_type.model_class(), attachment.object_id, request.user):
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class AttachmentAddView(LoginRequiredMixin, generic.View):
    """Upload one or more files to a record (``multiple`` file input named ``files``)."""

    def post(self, request, app_label, model_name, object_id):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as exc:
            raise Http404 from exc
        if not hasattr(model.objects, "visible_to"):
            raise Http404
        record = get_object_or_404(model.objects.visible_to(request.user), pk=object_id)
        try:
            added = attachments.attach(record, request.FILES.getlist("files"), by=request.user)
        except ValidationError as exc:
            for message in exc.message_dict["files"]:
                messages.error(request, message)
        else:
            messages.success(request, _("已上传 {count} 个附件。").format(count=len(added)))
        return HttpResponseRedirect(safe_next(request, record.get_absolute_url()))


class AttachmentDeleteView(LoginRequiredMixin, generic.View):
    model = Attachment

    def post(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        model = attachment.content_type.model_class()
        if not attachments.can_read(model, attachment.object_id, request.user):
            raise Http404
        record = attachment.record
        attachments.remove(attachment, by=request.user)
        messages.success(request, _("已删除附件“{name}”。").format(name=attachment.name))
        return HttpResponseRedirect(safe_next(request, record.get_absolute_url()))


# --- 待办 / 已办 ----------------------------------------------------------------------------------

DONE_SHOWN = 50


def done_by(user, limit: int = DONE_SHOWN) -> list[dict]:
    """已办: the workflow moves the user made, newest first, each linked to its record if still visible."""
    events = list(WorkflowEvent.objects.filter(actor=user).order_by("-at", "-pk")[:limit])
    wanted: dict[tuple[str, str], set[int]] = {}
    for event in events:
        wanted.setdefault((event.app_label, event.model), set()).add(event.object_id)
    records: dict[tuple[str, str, int], object] = {}
    for (app_label, model_name), ids in wanted.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        manager = model._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()
        for record in queryset.filter(pk__in=ids):
            records[(app_label, model_name, record.pk)] = record
    rows = []
    for event in events:
        record = records.get((event.app_label, event.model, event.object_id))
        rows.append({"event": event, "record": record, "label": MOVE_LABELS.get(event.action, event.action)})
    return rows


MOVE_LABELS = {
    "submit": gettext_lazy("上报"),
    "approve": gettext_lazy("审核通过"),
    "return": gettext_lazy("退回"),
    "reopen": gettext_lazy("重新打开"),
}


TODO_PAGE_SIZE = 50


@login_required
def todo_count(request):
    """The navbar's badge, fetched by htmx after the page: no page waits for the count (cached per user)."""
    return render(request, "core/_todo_count.html", {"waiting": todo.count_for(request.user)})


class TodoView(LoginRequiredMixin, generic.TemplateView):
    """待办 (what waits for me, from every app) and 已办 (what I did)."""

    template_name = "core/todo.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        tab = "done" if self.request.GET.get("tab") == "done" else "todo"
        context.update(tab=tab, today=today)
        if tab == "done":
            context["done"] = done_by(user)
            return context
        # The badge's list (computed once per data change, see todo.cached_items), by kind and a page at a time: a
        # province administrator's 待办 may hold thousands of reports.
        items = todo.cached_items(user)
        kinds: dict[str, list] = {}
        for item in items:
            kinds.setdefault(item.kind, []).append(item)
        kind = self.request.GET.get("kind", "")
        shown = kinds.get(kind, items)
        context.update(
            items=items,
            kind=kind if kind in kinds else "",
            kinds=[(key, group[0].kind_label, len(group)) for key, group in kinds.items()],
            page_obj=Paginator(shown, TODO_PAGE_SIZE).get_page(self.request.GET.get("page")),
        )
        return context

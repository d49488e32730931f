"""Pages of the user's own inbox and of records' attached files."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.core import attachments, notifications
from qizhi.core.models import Attachment, Notification


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

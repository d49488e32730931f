"""Generic views every domain app declares against: list, detail, edit, delete, history,
export and import. Each reads through ``visible_to``/``editable_by``; out of scope is 404, a
visible record the role may not act on is 403, and scope is re-checked after every write.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ProtectedError, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from qizhi.accounts.roles import Action
from qizhi.core import sheets
from qizhi.core.exports import log_export
from qizhi.core.models import StaleRecord
from qizhi.core.refusals import messages_of
from qizhi.core.scoping import scope_of
from qizhi.core.tables import RenderedFilters, RenderedTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def act(request, service, *args, success, **kwargs) -> bool:
    """Run a service for a POST action: then the ``success`` message (a string, or a function giving
    one after the service ran), or the service's ValidationError as error messages. A ``Refused``
    (this user may not do this to this record) goes on to the 403 page, which shows its sentence."""
    try:
        with transaction.atomic():
            service(*args, **kwargs)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
        return False
    messages.success(request, success() if callable(success) else success)
    return True


def export_marks(request) -> dict:
    """The 填表人 and the 水印 line of an export by ``request.user`` (keyword arguments of the writers)."""
    return {"preparer": request.user.first_name or request.user.username, "mark": sheets.watermark(request.user)}


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class ScopedMixin(LoginRequiredMixin):
    """Names the model, its area (app label) and the URL names derived from them."""

    queryset = None
    area: ClassVar[str]

    @property
    def model(self):
        return self.queryset.model

    @property
    def area(self) -> str:
        return self.model._meta.app_label

    def scope(self):
        return scope_of(self.request.user)

    def require(self, action: str) -> None:
        """403 unless the user may take ``action`` somewhere in this area."""
        if not self.scope().can(action, self.area):
            raise PermissionDenied

    def url_name(self, action: str) -> str:
        return f"{self.area}:{self.model._meta.model_name}_{action}"

    def routes(self) -> dict[str, str]:
        """The URL names of this model's list-level pages that exist (a model need not have all)."""
        names = {}
        for action in ("list", "add", "import", "export", "deleted"):
            try:
                reverse(self.url_name(action))
            except NoReverseMatch:
                continue
            names[action] = self.url_name(action)
        return names

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = self.scope()
        context.update(
            model_meta=self.model._meta,
            url_names=self.routes(),
            can={a: scope.can(a, self.area) for a in Action.values},
        )
        return context


class ObjectListView(ScopedMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated table of the rows the user may see."""

    template_name = "core/object_list.html"
    paginate_by = None  # the table paginates (its Meta.per_page); ListView paginating too would count twice
    filterset_class = None
    table_class = None
    importable = False
    exportable = True
    recoverable = False  # whether the model has a recycle bin page
    table_cache = True  # the table and filter bar are shared by users of one scope until the next write (RenderedPart)

    def get(self, request, *args, **kwargs):
        # As django-filter's FilterView.get, but the filterset and the rows it selects are made on first use: when
        # the filter bar and the table both come from the cache (RenderedPart), neither is, and the filter's
        # choices and checks run no query.
        self.filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        self.object_list = SimpleLazyObject(self.filtered_rows)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def filtered_rows(self):
        """The visible rows the query string selects; none when a strict filterset's values are invalid."""
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    # Django's two below ask the rows for their model, which would make them; the view knows its model.
    def get_context_object_name(self, object_list):
        return self.context_object_name or f"{self.model._meta.model_name}_list"

    def get_template_names(self):
        meta = self.model._meta
        return [self.template_name, f"{meta.app_label}/{meta.model_name}{self.template_name_suffix}.html"]

    def get_table_data(self):
        return self.filtered_rows()

    def models_read(self) -> tuple:
        """The models whose visible rows the table and the filter bar show: the list's own and those its filters
        offer (what decides whom the rendered parts are shared with). The same for every request: kept on the
        view's class."""
        view = type(self)
        if "_models_read" not in vars(view):
            filters = self.get_filterset_class().base_filters.values()
            offered = {f.queryset.model for f in filters if isinstance(getattr(f, "queryset", None), QuerySet)}
            view._models_read = (self.model, *offered)
        return view._models_read

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def get_table_kwargs(self):
        return {"request": self.request}

    def get_table(self, **kwargs):
        # Built (counted, paginated, its page read) only when the rendered table is not in the cache.
        return RenderedTable(self, lambda: super(ObjectListView, self).get_table(**kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            importable=self.importable,
            exportable=self.exportable,
            recoverable=self.recoverable,
            filter_bar=RenderedFilters(self),
        )
        return context


class ObjectDetailView(ScopedMixin, generic.DetailView):
    """One visible record; out of scope is 404."""

    template_name = "core/object_detail.html"

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        editable = self.model._default_manager.editable_by(self.request.user).filter(pk=obj.pk).exists()
        context["can_edit"] = editable and self.has_route("edit", obj.pk)
        context["can_delete"] = (
            editable and self.scope().can(Action.DELETE, self.area) and self.has_route("delete", obj.pk)
        )
        context["has_history"] = self.has_route("history", obj.pk)
        # The buttons follow the routes' names, never a relative path (a model's edit page may be /revise/).
        for action in ("edit", "delete", "history"):
            if self.has_route(action, obj.pk):
                context[f"{action}_url"] = reverse(self.url_name(action), args=[obj.pk])
        return context

    def has_route(self, action: str, pk: int) -> bool:
        try:
            reverse(self.url_name(action), args=[pk])
        except NoReverseMatch:
            return False
        return True


class EditableObjectMixin(ScopedMixin):
    """Fetch a record for ``action``: 404 if not visible, 403 if visible but not actionable."""

    action = Action.CHANGE

    def get_object(self, queryset=None):
        user = self.request.user
        obj = get_object_or_404(self.queryset.visible_to(user), pk=self.kwargs["pk"])
        if not self.queryset.for_action(user, self.action).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class ObjectEditView(EditableObjectMixin, generic.UpdateView):
    """Create (no ``pk`` in the URL) or edit a record.

    The form receives the user (to limit its unit choices); after saving, the record must still be
    editable by the user — inside the same transaction — or the write is rolled back.
    """

    template_name = "core/object_form.html"
    form_class = None

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            self.require(Action.ADD)
            return None
        return super().get_object(queryset)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.object is not None:  # an edit starts from the record: ``?unit=`` preselects on a new one only
            names = {field.name for field in self.model._meta.get_fields()}
            kwargs["initial"] = {key: value for key, value in kwargs["initial"].items() if key not in names}
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        try:
            with transaction.atomic():
                obj = form.save_as(user)
                if obj is None or form.errors:  # a service refused the change and said why on the form
                    transaction.set_rollback(True)
                    return self.form_invalid(form)
                if not self.queryset.editable_by(user).filter(pk=obj.pk).exists():
                    transaction.set_rollback(True)
                    form.add_error(None, _("保存后该记录将不在您的管理范围内，未保存"))
                    return self.form_invalid(form)
        except StaleRecord:  # someone saved between the form's check and this write
            form.add_error(None, ValidationError(StaleRecord.message, code="stale"))
            return self.form_invalid(form)
        self.object = obj
        verb = _("已修改") if "pk" in self.kwargs else _("已新增")
        messages.success(
            self.request, _("{verb}{model}“{obj}”").format(verb=verb, model=self.model._meta.verbose_name, obj=obj)
        )
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        # A stale or version-less edit is a conflict (409); the page keeps what the user typed.
        response = super().form_invalid(form)
        if getattr(form, "is_stale", False):
            response.status_code = 409
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class ServiceFormView(ScopedMixin, generic.FormView):
    """A form that runs a service rather than saving a model form; needs ``action`` in the model's area."""

    template_name = "core/object_form.html"
    action = Action.ADD

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require(self.action)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ObjectDeleteView(EditableObjectMixin, generic.DeleteView):
    """Delete a record; the deleted version stays in its history."""

    template_name = "core/object_confirm_delete.html"
    action = Action.DELETE

    def form_valid(self, form):
        obj = self.object
        try:
            with transaction.atomic():
                obj._history_user = self.request.user
                obj.delete()
        except ProtectedError:
            messages.error(self.request, _("“{obj}”仍被其他记录引用，不能删除").format(obj=obj))
            return redirect(obj.get_absolute_url())
        messages.success(self.request, _("已删除{model}“{obj}”").format(model=self.model._meta.verbose_name, obj=obj))
        return redirect(self.after_delete_url(obj))

    def after_delete_url(self, obj) -> str:
        """Where to go once ``obj`` is gone: its model's list, or (a model listed only on its parent's
        page, such as an officer) the page the record names in ``get_absolute_url``."""
        try:
            return reverse(self.url_name("list"))
        except NoReverseMatch:
            return obj.get_absolute_url()


class ObjectHistoryView(ScopedMixin, generic.DetailView):
    """Every recorded version of one visible record, with the fields each change touched."""

    template_name = "core/object_history.html"

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(self.object.history.select_related("history_user").order_by("-history_date", "-history_id"))
        entries = []
        for newer, older in zip(records, [*records[1:], None], strict=False):
            changes = []
            if older is not None:
                for change in newer.diff_against(older).changes:
                    field = self.model._meta.get_field(change.field)
                    changes.append(
                        {"field": field.verbose_name, "old": shown(field, change.old), "new": shown(field, change.new)}
                    )
            entries.append({"record": newer, "changes": changes})
        context["entries"] = entries
        return context


def shown(field, value):
    """A historical value as people read it: a choice's Chinese label, a related record's name, 是/否."""
    if value is None or value == "":
        return value
    if hasattr(field, "labels"):  # core.fields.ChoiceListField: several choices
        return field.labels(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, BooleanField):
        return _("是") if value else _("否")
    if field.is_relation and field.related_model is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


class ObjectExportView(ScopedMixin, generic.View):
    """The filtered list, as the user may see it, as an .xlsx report form (``core.sheets``); personal data
    exports are logged and carry the user's name and the time (issue 10 §9)."""

    filterset_class = None
    resource_class = None
    filename: str = "export"
    personal = True  # the rows hold personal data: log the export

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        queryset = self.queryset.visible_to(request.user)
        unit = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
            queryset = filterset.qs
            unit = filterset.form.cleaned_data.get("unit") if filterset.is_bound and filterset.is_valid() else None
        scope = self.scope()
        resource = self.resource_class(user=request.user, show_personal=scope.can(Action.PERSONAL, self.area))
        dataset = resource.export(queryset=queryset)
        content = sheets.dataset_xlsx(
            dataset,
            title=str(self.filename),
            unit=str(unit) if unit else _("权限范围内各单位"),
            preparer=request.user.first_name or request.user.username,
            mark=sheets.watermark(request.user),
            text_headers=resource.text_headers(),
        )
        if self.personal:
            log_export(request, what=str(self.filename), rows=len(dataset), data=queryset)
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(content, f"{self.filename}-{stamp}.xlsx")


class ImportTemplateView(ScopedMixin, generic.View):
    """An empty workbook with the columns the import expects."""

    resource_class = None
    filename: str = "template"

    def get(self, request, *args, **kwargs):
        self.require(Action.IMPORT)
        return xlsx_response(self.resource_class(user=request.user).get_template_bytes(), f"{self.filename}.xlsx")

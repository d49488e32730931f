from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import params
from qizhi.core import views as core
from qizhi.core.import_views import ObjectImportView
from qizhi.honors import services
from qizhi.honors.exports import register_xlsx
from qizhi.honors.filters import HonorFilterSet
from qizhi.honors.forms import HonorForm
from qizhi.honors.models import Honor
from qizhi.honors.resources import HonorResource
from qizhi.honors.tables import HonorTable
from qizhi.org.models import Unit

HONORS = Honor.objects.select_related("unit", "person")


class HonorListView(core.ObjectListView):
    queryset = HONORS
    filterset_class = HonorFilterSet
    table_class = HonorTable
    importable = True


class HonorDetailView(core.ObjectDetailView):
    queryset = HONORS
    template_name = "honors/honor_detail.html"


class HonorEditView(core.ObjectEditView):
    queryset = HONORS
    form_class = HonorForm


class HonorDeleteView(core.ObjectDeleteView):
    queryset = Honor.objects.all()


class HonorHistoryView(core.ObjectHistoryView):
    queryset = Honor.objects.all()


class HonorExportView(core.ObjectExportView):
    queryset = HONORS
    filterset_class = HonorFilterSet
    resource_class = HonorResource


class HonorImportView(ObjectImportView):
    queryset = Honor.objects.all()
    resource_class = HonorResource


class HonorImportTemplateView(core.ImportTemplateView):
    queryset = Honor.objects.all()
    resource_class = HonorResource


class UnitMixin(core.ScopedMixin):
    queryset = Honor.objects.all()

    def unit(self) -> Unit:
        """``?unit=<id>`` among the units the user sees (else their topmost one); junk is ignored."""
        units = Unit.objects.visible_to(self.request.user).order_by("path")
        pk = params.optional_id(self.request.GET, "unit")
        if pk is not None:
            return get_object_or_404(units, pk=pk)
        return get_object_or_404(units[:1])


class WallView(UnitMixin, generic.TemplateView):
    """荣誉墙: a unit's honors, highest level first, with the seeds' sentences regenerated."""

    template_name = "honors/wall.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.unit()
        context.update(unit=unit, honors=services.wall(unit), figures=services.figures(unit))
        return context


class RegisterExportView(UnitMixin, generic.View):
    """The .xlsx 表彰登记簿 of a unit's subtree."""

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        unit = self.unit()
        content = register_xlsx(unit, services.wall(unit), services.figures(unit), **core.export_marks(request))
        return core.xlsx_response(content, _("{unit}表彰荣誉登记簿.xlsx").format(unit=unit.name))

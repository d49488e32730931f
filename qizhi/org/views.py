from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views import generic

from qizhi.core import generations, params
from qizhi.core import views as core
from qizhi.core.import_views import ObjectImportView
from qizhi.core.recycle import DeletedObjectsView, RestoreObjectView
from qizhi.core.scoping import scope_of
from qizhi.org import services
from qizhi.org.filters import PersonFilterSet, UnitFilterSet
from qizhi.org.forms import PersonForm, UnitForm
from qizhi.org.models import Person, Unit
from qizhi.org.ranks import roster_order
from qizhi.org.resources import PersonResource
from qizhi.org.tables import PersonTable, UnitTable

UNIT_PAGE_PEOPLE = 20  # the unit page lists this many of its own people; the person list has them all

# --- Units -------------------------------------------------------------------------------------


class UnitTreeView(core.ScopedMixin, generic.TemplateView):
    """The user's top units with one level of children; deeper levels load on demand (htmx)."""

    queryset = Unit.objects.all()
    template_name = "org/unit_tree.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["org/_unit_tree_children.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Unit.objects.visible_to(self.request.user)
        parent_id = params.optional_id(self.request.GET, "parent")
        if parent_id:  # an expanded node: its children only (the htmx fragment)
            context["children"] = services.children_with_counts(get_object_or_404(visible, pk=parent_id))
            return context
        top = visible.order_by("depth").values_list("depth", flat=True).first()
        nodes = list(visible.filter(depth=top)) if top else []
        context["nodes"] = [(node, services.staff_counts(node), services.children_with_counts(node)) for node in nodes]
        return context


class UnitListView(core.ObjectListView):
    queryset = Unit.objects.all()
    filterset_class = UnitFilterSet
    table_class = UnitTable
    exportable = False


class UnitDetailView(core.ObjectDetailView):
    queryset = Unit.objects.all()
    template_name = "org/unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        visible = Unit.objects.visible_to(user)
        lazy = SimpleLazyObject  # read only when the page's figures are not in the cache (unit_detail.html)
        context.update(
            counts=lazy(lambda: services.staff_counts(unit)),
            by_kind=lazy(lambda: services.units_by_kind(unit)),
            children=lazy(lambda: services.children_with_counts(unit)),
            ancestors=visible.filter(path__in=unit.ancestor_paths()[:-1]),
            people=lazy(lambda: list(unit.people.order_by("retired", "pinyin")[:UNIT_PAGE_PEOPLE])),
            people_total=lazy(lambda: unit.people.count()),
            can_add_child=services.may_add_unit(user, unit),
            # The figures are the unit's subtree's (whoever sees the unit sees all of it); the buttons follow the
            # grants: the rendering is cached under the data generation, the scope's signature and the day.
            figures_key=generations.page_key(user),
        )
        return context


class UnitEditView(core.ObjectEditView):
    queryset = Unit.objects.all()
    form_class = UnitForm

    def get_initial(self):
        return {"parent": self.request.GET.get("parent")}


class UnitDeleteView(core.ObjectDeleteView):
    queryset = Unit.objects.all()


class UnitHistoryView(core.ObjectHistoryView):
    queryset = Unit.objects.all()


# --- People ------------------------------------------------------------------------------------


class PersonListView(core.ObjectListView):
    queryset = Person.objects.select_related("unit")
    filterset_class = PersonFilterSet
    table_class = PersonTable
    template_name = "org/person_list.html"
    importable = True
    recoverable = True


class PersonDetailView(core.ObjectDetailView):
    queryset = Person.objects.select_related("unit", "user")
    template_name = "org/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_personal"] = scope_of(self.request.user).covers("personal", "org", self.object.unit.path)
        return context


class PersonEditView(core.ObjectEditView):
    queryset = Person.objects.select_related("unit")
    form_class = PersonForm

    def get_initial(self):
        return {"unit": self.request.GET.get("unit")}


class PersonDeleteView(core.ObjectDeleteView):
    queryset = Person.objects.all()


class PersonHistoryView(core.ObjectHistoryView):
    queryset = Person.objects.all()


class PersonDeletedView(DeletedObjectsView):
    queryset = Person.objects.all()


class PersonRestoreView(RestoreObjectView):
    queryset = Person.objects.all()


class PersonExportView(core.ObjectExportView):
    queryset = roster_order(Person.objects.select_related("unit"), by_unit=True)  # leaders first, not pinyin
    filterset_class = PersonFilterSet
    resource_class = PersonResource
    filename = "人员名册"


class PersonImportView(ObjectImportView):
    queryset = Person.objects.all()
    resource_class = PersonResource


class PersonImportTemplateView(core.ImportTemplateView):
    queryset = Person.objects.all()
    resource_class = PersonResource
    filename = "人员名册导入模板"

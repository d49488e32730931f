from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, service_call, unit_param
from qizhi.core.dbrouter import replica_reads
from qizhi.core.scoping import scope_of
from qizhi.org import services
from qizhi.org.filters import PersonFilterSet, UnitFilterSet
from qizhi.org.models import ROSTER_FIELDS, Person, Unit
from qizhi.org.validators import mask_id_number, mask_phone


class UnitSerializer(TrackedSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), write_only=True, required=False)
    parent_id = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "code", "address", "phone", "depth", "parent", "parent_id"]
        read_only_fields = ["depth"]

    def get_parent_id(self, unit) -> int | None:
        parent_path = unit.parent_path
        return self.context.get("parent_ids", {}).get(parent_path) if parent_path else None

    def validate(self, attrs):
        if self.instance is None and "parent" not in attrs:
            raise serializers.ValidationError({"parent": [_("新增单位必须指定上级单位")]})
        return attrs

    def create(self, validated_data):
        parent = validated_data.pop("parent")
        validated_data.pop("created_by", None)
        user = validated_data.pop("updated_by", None)
        return service_call(services.add_unit, parent, Unit(**validated_data), by=user)

    def update(self, instance, validated_data):
        validated_data.pop("parent", None)  # moving a subtree is not done through the API
        return super().update(instance, validated_data)


class PersonSerializer(TrackedSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    birth_year = serializers.SerializerMethodField(help_text=_("出生年份（无权查看完整个人信息时出生日期为空）"))

    class Meta:
        model = Person
        fields = ["id", *ROSTER_FIELDS, "birth_year", "unit_name", "version"]
        read_only_fields = ["version"]

    def validate_id_number(self, value):
        value = (value or "").strip().upper()
        if services.id_number_taken(value, exclude_pk=getattr(self.instance, "pk", None)):
            raise serializers.ValidationError(_("该身份证号码已登记在其他人员名下"))
        return value

    def get_birth_year(self, person) -> int | None:
        return person.birth_date.year if person.birth_date else None

    def to_representation(self, person):
        data = super().to_representation(person)
        request = self.context.get("request")
        if request is None or not scope_of(request.user).covers("personal", "org", person.unit.path):
            data["id_number"] = mask_id_number(person.id_number)
            data["phone"] = mask_phone(person.phone)
            data["birth_date"] = None  # the ID's hidden digits; the year stays in birth_year
        return data


class UnitViewSet(ScopedModelViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        search = self.request.query_params.get("search")
        if search:
            queryset = queryset.filter(name__contains=search)
        return queryset

    def get_serializer_context(self):
        # One query for every parent's id (parents are the units with children), not one per row; only the parents
        # the user may see: the topmost unit of a county's scope shows no parent, as a missing one would.
        context = super().get_serializer_context()
        parents = Unit.objects.visible_to(self.request.user).filter(numchild__gt=0)
        context["parent_ids"] = dict(parents.values_list("path", "pk"))
        return context


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("unit")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        from qizhi.org.filters import search_people

        return search_people(super().get_queryset(), self.request.query_params.get("search"))


@replica_reads
@extend_schema(
    parameters=[OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="单位编号")],
    responses={200: OpenApiTypes.OBJECT},
    description="单位及其下属单位的人员统计：总人数、在职、退休、党员及其占在职人员比例、按单位类型分组。",
)
@api_view(["GET"])
def figures(request):
    unit = unit_param(request, Unit.objects)
    return Response(services.unit_figures(unit))


router = routers.SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")

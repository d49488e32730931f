"""The units' Word templates through the API: listed and read as the pages show them (scoped), and uploaded
(multipart) through the same check as the upload form (``user_templates.validate``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import routers, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer
from qizhi.documents import user_templates
from qizhi.documents.filters import DocumentTemplateFilterSet
from qizhi.documents.models import DocumentTemplate


class DocumentTemplateSerializer(TrackedSerializer):
    file = serializers.FileField(
        write_only=True, required=False, help_text="模板文件（.docx，不超过 5 MB），上传时检查；修改时可不传"
    )
    activate = serializers.BooleanField(write_only=True, required=False, default=False, help_text="上传后立即启用")
    download = serializers.SerializerMethodField(help_text="下载模板文件的地址")

    class Meta:
        model = DocumentTemplate
        fields = ["id", "unit", "kind", "name", "file", "activate", "file_name", "active", "uploaded_by",
                  "uploaded_at", "download"]  # fmt: skip
        read_only_fields = ["file_name", "active", "uploaded_by", "uploaded_at"]

    def get_download(self, template) -> str:
        return reverse("documents:documenttemplate_file", args=[template.pk])

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and "file" not in attrs:
            raise serializers.ValidationError({"file": ["请上传模板文件"]})
        if self.instance is not None:
            for name in ("unit", "kind"):  # the file was checked against its kind; a template stays where it is
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: ["模板上传后不能修改所属单位和文书类别，请重新上传"]})
        if "file" in attrs:
            user_templates.validate(attrs["file"], attrs.get("kind") or self.instance.kind)
        return attrs


class DocumentTemplateViewSet(ScopedModelViewSet):
    """Templates: list and read (scoped), upload (``POST``, multipart), rename or replace the file (``PUT``/``PATCH``
    with the version). Activation and deletion are the pages'."""

    queryset = DocumentTemplate.objects.select_related("unit")
    serializer_class = DocumentTemplateSerializer
    filterset_class = DocumentTemplateFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        template = DocumentTemplate(unit=values["unit"], kind=values["kind"], name=values["name"], file=values["file"])
        template = user_templates.upload(template, activate=values.get("activate", False), by=request.user)
        return Response(DocumentTemplateSerializer(template, context={"request": request}).data, status=201)

    def perform_update(self, serializer):
        upload = serializer.validated_data.get("file")
        if upload is not None:  # as user_templates.replace_file: who uploaded the new file and when
            serializer.validated_data.update(
                file_name=upload.name[:255], uploaded_by=self.request.user, uploaded_at=timezone.now()
            )
        super().perform_update(serializer)


router = routers.SimpleRouter()
router.register("templates", DocumentTemplateViewSet, basename="documenttemplate")

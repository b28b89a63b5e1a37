"""Public API: `GET /api/v1/procedures/` and `/api/v1/procedures/{code}/` (schema = current JSON Schema)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets

from .models import Procedure
from .services import search_procedures


class ProcedureSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    version = serializers.SerializerMethodField()
    schema = serializers.SerializerMethodField()
    ui_schema = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = [
            "code",
            "number",
            "name",
            "name_en",
            "kana",
            "category",
            "department",
            "department_name",
            "description",
            "description_en",
            "eligibility",
            "eligibility_en",
            "translations",
            "required_attachments",
            "fee",
            "payment_timing",
            "processing_days",
            "legal_basis",
            "channels",
            "assurance",
            "requires_my_number",
            "version",
            "schema",
            "ui_schema",
        ]

    def _version(self, obj):
        cache = self.context.setdefault("_versions", {})
        if obj.pk not in cache:
            cache[obj.pk] = obj.current_version
        return cache[obj.pk]

    def get_version(self, obj) -> int | None:
        version = self._version(obj)
        return version.number if version else None

    @extend_schema_field({"type": "object", "description": "JSON Schema 2020-12 of the current form"})
    def get_schema(self, obj):
        version = self._version(obj)
        return version.schema if version else None

    @extend_schema_field({"type": "object"})
    def get_ui_schema(self, obj):
        version = self._version(obj)
        return version.ui_schema if version else None


@extend_schema(tags=["procedures"])
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalog of published procedures (手続一覧)."""

    serializer_class = ProcedureSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"

    def get_queryset(self):
        return search_procedures(
            self.request.query_params.get("q", ""), category=self.request.query_params.get("category", "")
        ).prefetch_related("versions")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="検索語（かな・漢字）"),
            OpenApiParameter("category", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

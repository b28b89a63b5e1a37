"""GET /api/v1/plan/indicators/: the plan's indicators with targets and public actuals per 年度."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import services
from .models import Indicator, Plan


class PointSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    target = serializers.FloatField(allow_null=True)
    target_text = serializers.CharField(allow_blank=True)
    actual = serializers.FloatField(
        allow_null=True, help_text="自動計算の値、または証拠資料があり承認された値"
    )
    source = serializers.ChoiceField(choices=["metric", "manual", ""])
    evidence_url = serializers.CharField(allow_blank=True)


class IndicatorSerializer(serializers.ModelSerializer):
    initiative = serializers.CharField(source="initiative.code")
    policy = serializers.IntegerField(source="initiative.policy.number", allow_null=True, default=None)
    metric = serializers.SerializerMethodField(help_text="自動計算の指標コード（手入力の指標は空）")
    definition = serializers.SerializerMethodField(help_text="自動計算の定義（何をどう数えるか）")
    plan_wording = serializers.SerializerMethodField(help_text="計画の記載（原文）")
    metric_source = serializers.SerializerMethodField(help_text="計算する関数（ソースコード上の位置）")
    values = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "initiative",
            "policy",
            "kind",
            "name",
            "name_en",
            "unit",
            "direction",
            "metric",
            "definition",
            "plan_wording",
            "metric_source",
            "values",
        ]

    def get_metric(self, indicator) -> str:
        return indicator.metric.code if indicator.metric else ""

    def get_definition(self, indicator) -> str:
        return str(indicator.metric.definition) if indicator.metric else ""

    def get_plan_wording(self, indicator) -> str:
        return indicator.metric.plan_wording if indicator.metric else ""

    def get_metric_source(self, indicator) -> str:
        return indicator.metric.source if indicator.metric else ""

    @extend_schema_field(PointSerializer(many=True))
    def get_values(self, indicator) -> list[dict]:
        years = self.context["years"]
        return [
            PointSerializer(
                {
                    "fiscal_year": p.fiscal_year,
                    "target": None if p.target is None else float(p.target),
                    "target_text": p.target_text,
                    "actual": None if p.actual is None else float(p.actual),
                    "source": p.source,
                    "evidence_url": p.evidence_url,
                }
            ).data
            for p in services.series(indicator, years, public=True)
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("initiative", str, description="取組番号で絞り込み（例: 1-ア、BPR）")]
    )
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The current plan's indicators (活動指標・成果指標). Filter with ``?initiative=1-ア``."""

    serializer_class = IndicatorSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        queryset = (
            Indicator.objects.filter(initiative__plan__is_current=True)
            .select_related("initiative", "initiative__policy")
            .prefetch_related("targets")
            .order_by("initiative__sort_order", "sort_order", "pk")
        )
        initiative = self.request.query_params.get("initiative") if self.request else None
        if initiative:
            queryset = queryset.filter(initiative__code=initiative)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        plan = Plan.current()
        context["years"] = services.plan_years(plan) if plan else []
        return context

"""API: `GET /api/v1/participation/processes/{id}/indicators/` (aggregates only, public)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .metrics import compute, parse_fiscal_year
from .models import Process

_band = inline_serializer(
    "ParticipationAgeBand",
    {
        "age_band": serializers.CharField(),
        "label": serializers.CharField(),
        "participants": serializers.IntegerField(),
        "digital_participants": serializers.IntegerField(),
        "digital_share": serializers.FloatField(allow_null=True),
        "share_of_digital": serializers.FloatField(allow_null=True),
    },
    many=True,
)
_indicators = inline_serializer(
    "ParticipationIndicators",
    {
        "process": serializers.IntegerField(allow_null=True),
        "fiscal_year": serializers.IntegerField(allow_null=True),
        "participations": serializers.IntegerField(),
        "participations_by_channel": serializers.DictField(child=serializers.IntegerField()),
        "participants": serializers.IntegerField(),
        "digital_participants": serializers.IntegerField(),
        "share_digital": serializers.FloatField(allow_null=True),
        "by_age_band": _band,
    },
)


class ProcessIndicatorsView(APIView):
    """参加の状況: participations by channel, share digital (%) and age bands for one process."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("fiscal_year", int, description="年度 (e.g. 2025 = 令和7年度)")],
        responses=_indicators,
    )
    def get(self, request, pk: int):
        process = get_object_or_404(Process, pk=pk, is_published=True)
        fy = parse_fiscal_year(request.query_params.get("fiscal_year", ""))
        return Response(compute(process=process, fiscal_year=fy).as_dict())


urlpatterns = [
    path("processes/<int:pk>/indicators/", ProcessIndicatorsView.as_view(), name="process-indicators"),
]

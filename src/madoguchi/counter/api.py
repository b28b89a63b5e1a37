"""GET /api/v1/counter/waits/: the current wait per category (open data for apps and signage)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services

WaitSerializer = inline_serializer(
    "CounterWait",
    many=True,
    fields={
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "waiting": serializers.IntegerField(),
        "open_windows": serializers.IntegerField(),
        "predicted_wait_minutes": serializers.IntegerField(),
        "last_called": serializers.CharField(),
    },
)


class CounterWaitsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=WaitSerializer, summary="窓口の待ち状況")
    def get(self, request):
        return Response([wait.as_dict() for wait in services.current_waits()])

"""`GET /api/v1/automation/mining/<procedure>/`: the process-mining analysis of one procedure as
JSON, for its department's staff (session with the second factor). Parameters: source
(records | synthetic), start, end, change (YYYY-MM-DD)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services


class MiningView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["automation"],
        parameters=[
            OpenApiParameter("source", str, enum=sorted(services.SOURCES)),
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("change", str, description="YYYY-MM-DD: compare before and after"),
        ],
        responses={200: dict},
    )
    def get(self, request, code: str):
        procedure = services.access_mined_procedure(request.user, code)
        start, end, change, errors = services.parse_period(request.query_params)
        source = request.query_params.get("source") or "records"
        if source not in services.SOURCES:
            errors["source"] = "source: " + " | ".join(sorted(services.SOURCES))
        if errors:
            raise exceptions.ValidationError(errors)
        traces = services.event_log(procedure.code, source=source, start=start, end=end)
        body = {
            "procedure": procedure.code,
            "source": source,
            "start": start,
            "end": end,
            "analysis": services.as_dict(services.analyse(traces)),
            "comparison": None,
        }
        if change:
            comparison = services.compare(traces, change)
            body["comparison"] = {
                "change": change,
                "before": services.as_dict(comparison.before),
                "after": services.as_dict(comparison.after),
            }
        return Response(body)

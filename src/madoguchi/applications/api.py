"""Applications API: residents see and submit their own; staff see and move their department's.

`POST /api/v1/applications/` with an `Idempotency-Key` header: a retry returns the application
the first request created (200 instead of 201), never a second one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from madoguchi.core.models import Channel, StaffRole
from madoguchi.identity.assurance import AssuranceLevel, current_level
from madoguchi.procedures.models import Procedure

from . import services
from .models import Application, State


class ApplicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    procedure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    version = serializers.IntegerField(source="procedure_version.number", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "receipt_number",
            "procedure",
            "version",
            "department",
            "channel",
            "state",
            "data",
            "submitted_at",
            "due_date",
            "decided_at",
            "completed_at",
            "correction_reason",
            "decision_reason",
            "signature_status",
            "allowed_actions",
        ]

    def get_allowed_actions(self, obj) -> list[str]:
        mapping = {
            "start_review": State.UNDER_REVIEW,
            "request_correction": State.CORRECTION_REQUESTED,
            "approve": State.APPROVED,
            "reject": State.REJECTED,
            "complete": State.COMPLETED,
            "withdraw": State.WITHDRAWN,
        }
        return [name for name, to in mapping.items() if obj.can_transition(to)]


class SubmitSerializer(serializers.Serializer):
    procedure = serializers.SlugField()
    data = serializers.JSONField()
    signature = serializers.CharField(
        required=False,
        help_text="card_sign procedures: base64 CMS detached signature over the canonical JSON of `data`",
    )


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(services.TRANSITION_SERVICES))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _drf_error(error: ValidationError):
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


@extend_schema(tags=["applications"])
class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "public_id"

    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation
            return Application.objects.none()
        user = self.request.user
        departments = StaffRole.objects.filter(user=user, role__in=services.CASE_ROLES).values(
            "department_id"
        )
        return (
            Application.objects.filter(Q(applicant__user=user) | Q(department_id__in=departments))
            .exclude(Q(state=State.DRAFT) & ~Q(applicant__user=user))
            .select_related("procedure", "procedure_version", "department")
            .order_by("-submitted_at", "-created_at")
        )

    @extend_schema(
        request=SubmitSerializer,
        responses={201: ApplicationSerializer, 200: ApplicationSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="同じキーの再送は1件の申請になります",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        """申請する (online): the resident's own application, validated against the current schema."""
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = getattr(request.user, "person", None)
        if person is None:
            raise exceptions.PermissionDenied("住民としてログインしてください。")
        procedure = get_object_or_404(
            Procedure.objects.select_related("department"),
            code=body.validated_data["procedure"],
            is_published=True,
        )
        level = current_level(request)
        signature = None
        if procedure.assurance == AssuranceLevel.CARD_SIGN and level.satisfies(AssuranceLevel.CARD_AUTH):
            signature = self._verified_signature(body.validated_data)
        elif not level.satisfies(procedure.assurance):
            raise exceptions.PermissionDenied(
                f"この手続には「{AssuranceLevel(procedure.assurance).label}」が必要です。申請は送信されていません。"
            )
        key = (request.headers.get("Idempotency-Key") or "")[:100] or None
        try:
            application = services.submit_application(
                procedure,
                applicant=person,
                data=body.validated_data["data"],
                channel=Channel.ONLINE,
                by=request.user,
                idempotency_key=key,
                signature=signature,
            )
        except ValidationError as error:
            raise _drf_error(error) from None
        code = status.HTTP_200_OK if getattr(application, "was_repeated", False) else status.HTTP_201_CREATED
        return Response(ApplicationSerializer(application).data, status=code)

    @staticmethod
    def _verified_signature(values) -> dict:
        import base64
        import binascii

        from madoguchi.identity.signatures import canonical_bytes, verify_signature

        try:
            der = base64.b64decode(values.get("signature") or "", validate=True)
        except (binascii.Error, ValueError):
            der = b""
        if not der:
            raise exceptions.ValidationError(
                {"signature": ["この手続にはマイナンバーカードによる電子署名が必要です。"]}
            )
        result = verify_signature(canonical_bytes(values["data"]), der)
        if not result.valid:
            raise exceptions.ValidationError({"signature": [str(result.message)]})
        return result.as_dict()

    @extend_schema(request=TransitionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, public_id=None):
        """Move a case through its workflow (staff of its department; residents may only withdraw)."""
        application = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        name = body.validated_data["action"]
        reason = body.validated_data.get("reason", "")
        service = services.TRANSITION_SERVICES[name]
        try:
            if name in ("request_correction", "reject") or name == "withdraw":
                service(application, by=request.user, reason=reason)
            else:
                service(application, by=request.user)
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        except ValidationError as error:
            raise _drf_error(error) from None
        application.refresh_from_db()
        return Response(ApplicationSerializer(application).data)


__all__ = ["ApplicationViewSet", "inline_serializer"]

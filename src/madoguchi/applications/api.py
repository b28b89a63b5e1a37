"""Applications API: residents see and submit their own; staff see and move their department's.

`POST /api/v1/applications/` with an `Idempotency-Key` header: a retry returns the application
the first request created (200 instead of 201), never a second one.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from madoguchi.core.models import Channel
from madoguchi.core.serializers import ReadOnlySerializer
from madoguchi.identity.assurance import AssuranceLevel, current_level
from madoguchi.identity.signatures import canonical_bytes, verify_signature
from madoguchi.procedures.services import hidden_paths, published_with_form

from . import services
from .models import Application, SignatureStatus, State


class ApplicationSerializer(ReadOnlySerializer):
    """An application as the API shows it. Fields are declared, not introspected from the model:
    a ModelSerializer rebuilds its fields from the model on every response, which was a tenth of
    the time of a submit (and a ReadOnlySerializer does not re-create them)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    receipt_number = serializers.CharField(read_only=True, allow_null=True)
    procedure = serializers.CharField(source="procedure.code", read_only=True)
    version = serializers.IntegerField(source="procedure_version.number", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    data = serializers.JSONField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    correction_reason = serializers.CharField(read_only=True)
    decision_reason = serializers.CharField(read_only=True)
    signature_status = serializers.ChoiceField(choices=SignatureStatus.choices, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

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


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.SlugField(help_text="the document's code in the procedure's required_attachments")
    name = serializers.CharField(max_length=200)
    content = serializers.CharField(help_text="the file, base64")

    def validate_content(self, value):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("ファイルの内容を base64 で送ってください。")) from None


class SubmitSerializer(serializers.Serializer):
    procedure = serializers.SlugField()
    data = serializers.JSONField()
    signature = serializers.CharField(
        required=False,
        help_text="card_sign procedures: base64 CMS detached signature over the canonical JSON of `data`",
    )
    attachments = AttachmentUploadSerializer(
        many=True,
        required=False,
        help_text="documents the answers make required (the procedure's required_attachments), each base64",
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

    def http_method_not_allowed(self, request, *args, **kwargs):
        """A wrong method on one application (e.g. GET …/transitions/): look it up first, so that
        someone else's application is 404 whatever the method, and only those who may see it get 405."""
        if self.lookup_field in kwargs:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation
            return Application.objects.none()
        user = self.request.user
        departments = services.case_departments(user).values("pk")
        return (
            Application.objects.filter(Q(applicant__user=user) | Q(department_id__in=departments))
            .exclude(Q(receipt_number__isnull=True) & ~Q(applicant__user=user))  # drafts: the resident's
            .select_related("procedure", "procedure_version", "department")
            .order_by("-submitted_at", "-created_at")
        )

    def retrieve(self, request, *args, **kwargs):
        """One application: the resident's own, or a case of the staff member's department (a staff
        read is audited, as on the case page)."""
        application = services.open_case(self.get_object(), by=request.user)
        return Response(self.get_serializer(application).data)

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
            raise exceptions.PermissionDenied(_("住民としてログインしてください。"))
        procedure = published_with_form(body.validated_data["procedure"])
        if procedure is None:
            raise exceptions.NotFound(_("この手続は見つからないか、現在受け付けていません。"))
        level = current_level(request)
        signature = None
        if procedure.assurance == AssuranceLevel.CARD_SIGN and level.satisfies(AssuranceLevel.CARD_AUTH):
            signature = self._verified_signature(body.validated_data)
        elif not level.satisfies(procedure.assurance):
            raise exceptions.PermissionDenied(
                _("この手続には「%(level)s」が必要です。申請は送信されていません。")
                % {"level": AssuranceLevel(procedure.assurance).label}
            )
        # Answers to fields hidden by a condition (ui_schema show_if) are dropped on every channel;
        # signed data is refused instead, so that what was signed is exactly what is stored.
        hidden = hidden_paths(procedure.current_version.ui_schema, body.validated_data["data"])
        if hidden and signature is not None:
            message = _("この項目は、表示条件に当てはまらないため送信できません。")
            raise exceptions.ValidationError({f"data.{path}": [message] for path in hidden})
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
                attachments=[
                    (item["kind"], SimpleUploadedFile(item["name"], item["content"]))
                    for item in body.validated_data.get("attachments") or []
                ],
            )
        except ValidationError as error:
            raise _drf_error(error) from None
        code = status.HTTP_200_OK if getattr(application, "was_repeated", False) else status.HTTP_201_CREATED
        return Response(ApplicationSerializer(application).data, status=code)

    @staticmethod
    def _verified_signature(values) -> dict:
        try:
            der = base64.b64decode(values.get("signature") or "", validate=True)
        except (binascii.Error, ValueError):
            der = b""
        if not der:
            raise exceptions.ValidationError(
                {"signature": [_("この手続にはマイナンバーカードによる電子署名が必要です。")]}
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

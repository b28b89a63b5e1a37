"""GET /api/v1/assistant/answers/?q=…: the assistant's best answers as JSON (public, throttled).

The question is masked before anything else sees it and logged like a question on the page;
`token` names that logged question for feedback and hand-off (the widget uses it)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from . import services
from .models.conversation import Via


class AnswersThrottle(SimpleRateThrottle):
    """Per client address (DRF's own ident: REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES)."""

    scope = "assistant"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


AnswerSerializer = inline_serializer(
    "AssistantAnswer",
    many=True,
    fields={
        "title": serializers.CharField(),
        "answer": serializers.CharField(),
        "url": serializers.CharField(),
        "score": serializers.FloatField(help_text="0–1"),
        "source": serializers.ChoiceField(choices=["faq", "procedure", "life_event", "counter"]),
        "start_url": serializers.CharField(
            allow_null=True, help_text="申請を始めるページ（オンライン申請できる手続）"
        ),
    },
)
AnswersSerializer = inline_serializer(
    "AssistantAnswers",
    fields={
        "answers": AnswerSerializer,
        "confident": serializers.BooleanField(
            help_text="最上位の回答が十分に確か（false なら候補と職員への問合せを案内）"
        ),
        "token": serializers.CharField(help_text="この質問の記録を指す署名付きの値（評価・問合せに使う）"),
        "handoff_url": serializers.CharField(),
    },
)
ErrorSerializer = inline_serializer(
    "AssistantError", fields={"q": serializers.ListField(child=serializers.CharField())}
)


class AnswersView(APIView):
    permission_classes = [AllowAny]
    # the default session authentication stays: it only reads, and a logged-in browser sending
    # POST/PUT/… without a CSRF token is refused (403) like everywhere else
    throttle_classes = [AnswersThrottle]

    @extend_schema(
        summary="問合せ案内の回答",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="質問（1〜200文字）", required=True),
            OpenApiParameter("lang", OpenApiTypes.STR, description="ja（既定）または en", required=False),
            OpenApiParameter(
                "easy",
                OpenApiTypes.STR,
                description="on: やさしい日本語の回答があればそれを返す（answers[].easy が true）",
                required=False,
            ),
        ],
        responses={200: AnswersSerializer, 400: ErrorSerializer, 429: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        language = request.query_params.get("lang") or translation.get_language() or "ja"
        language = "en" if language.startswith("en") else "ja"
        via = Via.WIDGET if request.query_params.get("via") == "widget" else Via.API
        try:
            asked = services.ask(request.query_params.get("q", ""), via=via, language=language)
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        return Response(
            services.as_payload(
                asked,
                handoff_url=reverse("assistant:handoff"),
                in_easy=language == "ja" and request.query_params.get("easy") == "on",
            )
        )

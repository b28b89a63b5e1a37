"""Public API of 市民参加 (`/api/v1/participation/…`): everything public is readable by machine.

Processes, their proposals, comments, budgets with the published count, results with their
progress, and the aggregate indicators. Only published processes and published posts; never
personal data: no author of a proposal, a commenter only by the display name they chose, no
ballot, no supporter, no voter.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .metrics import compute, parse_fiscal_year
from .models import (
    Argument,
    Budget,
    BudgetProject,
    Comment,
    Debate,
    Process,
    Proposal,
    Referendum,
    Result,
    ResultUpdate,
)

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


def published_process(pk) -> Process:
    return get_object_or_404(Process, pk=pk, is_published=True)


# --- serializers -----------------------------------------------------------------------------------


class ProcessSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default="", read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "title",
            "summary",
            "description",
            "department",
            "phase",
            "phase_label",
            "support_threshold",
            "created_at",
            "url",
        ]


class ReferendumSerializer(serializers.ModelSerializer):
    """The vote on a proposal; the counts only once it is closed."""

    yes = serializers.SerializerMethodField()
    no = serializers.SerializerMethodField()
    blank = serializers.SerializerMethodField()

    class Meta:
        model = Referendum
        fields = ["kind", "question", "is_open", "opened_at", "closed_at", "yes", "no", "blank"]

    def get_yes(self, r) -> int | None:
        return None if r.is_open else r.yes

    def get_no(self, r) -> int | None:
        return None if r.is_open else r.no

    def get_blank(self, r) -> int | None:
        return None if r.is_open else r.blank


class ProposalSerializer(serializers.ModelSerializer):
    """A published proposal. Its author is never shown."""

    referendum = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="open, evaluating, accepted, partial, rejected")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "process",
            "title",
            "body",
            "status",
            "status_label",
            "answer",
            "progress",
            "supports_count",
            "referendum",
            "created_at",
            "url",
        ]

    @extend_schema_field(ReferendumSerializer(allow_null=True))
    def get_referendum(self, proposal):
        referendum = getattr(proposal, "referendum", None)
        return ReferendumSerializer(referendum).data if referendum is not None else None


class CommentSerializer(serializers.ModelSerializer):
    """A published comment, its author only by the display name they chose (「市民」 if none)."""

    class Meta:
        model = Comment
        fields = ["id", "process", "proposal", "parent", "display_name", "body", "created_at"]


class ArgumentSerializer(serializers.ModelSerializer):
    """A published argument, its author only by the display name they chose."""

    class Meta:
        model = Argument
        fields = ["id", "side", "display_name", "body", "created_at"]


class DebateSerializer(serializers.ModelSerializer):
    arguments = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Debate
        fields = [
            "id",
            "process",
            "title",
            "description",
            "is_open",
            "conclusion",
            "created_at",
            "arguments",
            "url",
        ]

    @extend_schema_field(ArgumentSerializer(many=True))
    def get_arguments(self, debate):
        published = [a for a in debate.arguments.all() if a.status == Comment.Status.PUBLISHED]
        return ArgumentSerializer(published, many=True).data


class ProjectSerializer(serializers.ModelSerializer):
    feasibility_label = serializers.CharField(source="get_feasibility_display", read_only=True)

    class Meta:
        model = BudgetProject
        fields = [
            "id",
            "title",
            "description",
            "proposal",
            "cost",
            "feasibility",
            "feasibility_label",
            "feasibility_note",
        ]


class BudgetSerializer(serializers.ModelSerializer):
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    projects = ProjectSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "process",
            "title",
            "description",
            "amount",
            "method",
            "max_selections",
            "phase",
            "phase_label",
            "results_published_at",
            "projects",
            "url",
        ]


class CountedProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetProject
        fields = ["id", "title", "proposal", "cost", "votes", "selected"]


class BudgetResultsSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    amount = serializers.IntegerField()
    method = serializers.CharField()
    published_at = serializers.DateTimeField()
    count_method = serializers.CharField(help_text="集計の方法（公表した文言）")
    ballots = serializers.IntegerField()
    ballots_by_channel = serializers.DictField(child=serializers.IntegerField())
    allocated = serializers.IntegerField(help_text="採択した事業の費用の合計（円）")
    projects = CountedProjectSerializer(many=True)


RESULT_STATUSES = "planned, in_progress, done, cancelled"


class ResultUpdateSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=RESULT_STATUSES)

    class Meta:
        model = ResultUpdate
        fields = ["on", "text", "status", "progress", "spent"]


class ResultSerializer(serializers.ModelSerializer):
    """実施状況: what the city carries out, the proposals it came from, its progress and timeline."""

    status = serializers.CharField(read_only=True, help_text=RESULT_STATUSES)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposals = serializers.SerializerMethodField()
    timeline = ResultUpdateSerializer(source="updates", many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "process",
            "budget",
            "title",
            "description",
            "status",
            "status_label",
            "progress",
            "budget_amount",
            "spent",
            "starts_on",
            "ends_on",
            "proposals",
            "timeline",
            "url",
        ]

    def get_proposals(self, result) -> list[int]:
        return [p.pk for p in result.proposals.all() if p.is_published]


# --- views -----------------------------------------------------------------------------------------


class PublicList(generics.ListAPIView):
    permission_classes = [AllowAny]


class ProcessList(PublicList):
    """参加の場の一覧 (published processes)."""

    serializer_class = ProcessSerializer

    def get_queryset(self):
        return (
            Process.objects.filter(is_published=True)
            .select_related("department")
            .order_by("-created_at", "pk")
        )


class ProcessDetail(generics.RetrieveAPIView):
    """参加の場 (one published process)."""

    permission_classes = [AllowAny]
    serializer_class = ProcessSerializer
    queryset = Process.objects.filter(is_published=True).select_related("department")


class ProposalList(PublicList):
    """One process's published proposals (most supported first). No author."""

    serializer_class = ProposalSerializer

    def get_queryset(self):
        process = published_process(self.kwargs["pk"])
        return process.proposals.filter(moderation=Proposal.Moderation.PUBLISHED).order_by(
            "-supports_count", "pk"
        )


class CommentList(PublicList):
    """One process's published comments, on the process and on its published proposals."""

    serializer_class = CommentSerializer

    @extend_schema(parameters=[OpenApiParameter("proposal", int, description="この提案へのコメントだけ")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        process = published_process(self.kwargs["pk"])
        comments = process.comments.filter(status=Comment.Status.PUBLISHED).exclude(
            proposal__moderation__in=[Proposal.Moderation.PENDING, Proposal.Moderation.HIDDEN]
        )
        proposal = self.request.query_params.get("proposal", "")
        if proposal:
            comments = comments.filter(proposal_id=int(proposal)) if proposal.isdigit() else comments.none()
        return comments.order_by("created_at", "pk")


class BudgetList(PublicList):
    """One process's participatory budgets, with the projects and their technical review."""

    serializer_class = BudgetSerializer

    def get_queryset(self):
        process = published_process(self.kwargs["pk"])
        return process.budgets.prefetch_related("projects").order_by("pk")


class BudgetDetail(generics.RetrieveAPIView):
    """参加型予算 (one), with the projects and their technical review."""

    permission_classes = [AllowAny]
    serializer_class = BudgetSerializer
    queryset = Budget.objects.filter(process__is_published=True).prefetch_related("projects")


class BudgetResults(APIView):
    """The published count of a budget: votes per project, what was selected, and how it was
    counted. 404 until the results are published."""

    permission_classes = [AllowAny]

    @extend_schema(responses=BudgetResultsSerializer)
    def get(self, request, pk: int):
        budget = get_object_or_404(
            Budget, pk=pk, process__is_published=True, results_published_at__isnull=False
        )
        projects = services.published_count(budget)
        channels = {}
        for channel in budget.ballots.values_list("channel", flat=True):
            channels[channel] = channels.get(channel, 0) + 1
        data = {
            "budget": budget.pk,
            "amount": budget.amount,
            "method": budget.method,
            "published_at": budget.results_published_at,
            "count_method": services.count_method_text(budget),
            "ballots": sum(channels.values()),
            "ballots_by_channel": channels,
            "allocated": sum(p.cost for p in projects if p.selected),
            "projects": projects,
        }
        return Response(BudgetResultsSerializer(data).data)


class ResultList(PublicList):
    """One process's results (実施状況) with progress, spending and timeline."""

    serializer_class = ResultSerializer

    def get_queryset(self):
        process = published_process(self.kwargs["pk"])
        return process.results.prefetch_related("proposals", "updates").order_by("pk")


class DebateList(PublicList):
    """One process's debates with their published arguments for and against."""

    serializer_class = DebateSerializer

    def get_queryset(self):
        process = published_process(self.kwargs["pk"])
        return process.debates.prefetch_related("arguments").order_by("pk")


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
    path("processes/", ProcessList.as_view(), name="processes"),
    path("processes/<int:pk>/", ProcessDetail.as_view(), name="process"),
    path("processes/<int:pk>/proposals/", ProposalList.as_view(), name="process-proposals"),
    path("processes/<int:pk>/comments/", CommentList.as_view(), name="process-comments"),
    path("processes/<int:pk>/budgets/", BudgetList.as_view(), name="process-budgets"),
    path("processes/<int:pk>/results/", ResultList.as_view(), name="process-results"),
    path("processes/<int:pk>/debates/", DebateList.as_view(), name="process-debates"),
    path("processes/<int:pk>/indicators/", ProcessIndicatorsView.as_view(), name="process-indicators"),
    path("budgets/<int:pk>/", BudgetDetail.as_view(), name="budget"),
    path("budgets/<int:pk>/results/", BudgetResults.as_view(), name="budget-results"),
]

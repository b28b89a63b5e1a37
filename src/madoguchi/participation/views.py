"""Pages of 市民参加. Thin: parse, call a service, render. Everything works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post
from madoguchi.core.japanese.fiscal import format_fiscal_year
from madoguchi.identity.assurance import AssuranceLevel, current_level
from madoguchi.identity.staff import staff_required

from . import indicators as ind
from . import services
from .forms import (
    AnswerProposalForm,
    BlockForm,
    CommentForm,
    MinutesForm,
    ModerationForm,
    PaperAnswerForm,
    ProposalForm,
    RegistrationForm,
    ReportForm,
    StatementForm,
    SurveyForm,
    VoteForm,
)
from .labels import label
from .models import (
    Block,
    Comment,
    OpinionMap,
    PhaseKind,
    Process,
    Proposal,
    Question,
    Registration,
    Report,
    Statement,
    Support,
    Survey,
    Vote,
    Workshop,
)
from .opinion import analyse_map

# --- who is asking ------------------------------------------------------------------------------


def verified_person(request):
    """The Person of a resident who logged in with the card (CARD_AUTH or better), else None."""
    if current_level(request).satisfies(AssuranceLevel.CARD_AUTH):
        return getattr(request.user, "person", None)
    return None


def may_comment(request, process: Process) -> bool:
    if not request.user.is_authenticated:
        return False
    if verified_person(request) is not None:
        return True
    return process.comments_by_email_users and current_level(request).satisfies(AssuranceLevel.EMAIL)


def _refuse(request, error: services.ParticipationError):
    messages.error(request, " ".join(str(m) for m in error.messages))


def _crumbs(*items):
    from django.urls import reverse

    return [(label("processes"), reverse("participation:index")), *items]


def _published(process_qs=None):
    return (process_qs or Process.objects).filter(is_published=True)


def _get_process(request, pk: int) -> Process:
    """A published process is public; an unpublished one only for the staff who run it."""
    process = get_object_or_404(Process, pk=pk)
    if not process.is_published and not services.may_manage(request.user, process):
        raise Http404
    return process


def _ensure_manager(request, process: Process) -> None:
    if not services.may_manage(request.user, process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))


def _thread(comments) -> list[tuple[Comment, int]]:
    """Comments in reading order with their depth (replies under their parent, at most 3 deep)."""
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            ordered.append((comment, min(depth, 3)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered


def _visible_comments(request, qs, process: Process):
    if services.may_manage(request.user, process):
        return qs
    own = Q(author=request.user) if request.user.is_authenticated else Q(pk__in=[])
    return qs.filter(Q(status=Comment.Status.PUBLISHED) | (own & Q(status=Comment.Status.PENDING)))


# --- processes ---------------------------------------------------------------------------------


def index(request):
    processes = _published().annotate(proposal_count=Count("proposals")).order_by("-created_at")
    return render(request, "participation/index.html", {"processes": processes})


def process_detail(request, pk: int):
    process = _get_process(request, pk)
    comments = _visible_comments(request, process.comments.filter(proposal=None), process).select_related(
        "author"
    )
    following = request.user.is_authenticated and process.follows.filter(user=request.user).exists()
    return render(
        request,
        "participation/process.html",
        {
            "process": process,
            "phases": list(process.phases.all()),
            "phase_titles": [str(k.label) for k in PhaseKind],
            "phase_index": list(PhaseKind.values).index(process.phase) + 1,
            "proposals": process.proposals.all(),
            "answered": process.proposals.exclude(answer=""),
            "surveys": process.surveys.all(),
            "workshops": process.workshops.all(),
            "opinion_maps": process.opinion_maps.all(),
            "thread": _thread(comments.order_by("created_at", "pk")),
            "comment_form": CommentForm(),
            "may_comment": may_comment(request, process),
            "following": following,
            "is_staff_member": services.may_manage(request.user, process),
            "crumbs": _crumbs((process.title, "")),
        },
    )


def follow(request, pk: int):
    process = _get_process(request, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    if not request.user.is_authenticated:
        messages.error(request, _("フォローするにはログインしてください。"))
    elif request.POST.get("action") == "unfollow":
        services.unfollow_process(process, user=request.user)
        messages.success(request, _("フォローをやめました。"))
    else:
        services.follow_process(process, user=request.user)
        messages.success(request, _("フォローしました。新しいお知らせや結果をメールでお届けします。"))
    return redirect(process)


@staff_required
def set_phase(request, pk: int):
    process = get_object_or_404(Process, pk=pk)
    _ensure_manager(request, process)
    if (refused := unless_post(request)) is not None:
        return refused
    phase = request.POST.get("phase")
    if phase in PhaseKind.values:
        services.set_phase(process, by=request.user, phase=phase)
        messages.success(request, _("段階を変更しました。"))
    return redirect(process)


# --- proposals ---------------------------------------------------------------------------------


def proposal_new(request, pk: int):
    process = _get_process(request, pk)
    person = verified_person(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(
                process,
                person=person,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.ParticipationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("提案を受け付けました。"))
            return redirect(proposal)
    return render(
        request,
        "participation/proposal_form.html",
        {
            "process": process,
            "form": form,
            "person": person,
            "crumbs": _crumbs((process.title, process.get_absolute_url()), (_("提案する"), "")),
        },
    )


def proposal_detail(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    process = _get_process(request, proposal.process_id)
    person = verified_person(request)
    comments = _visible_comments(request, proposal.comments.all(), process).select_related("author")
    return render(
        request,
        "participation/proposal.html",
        {
            "process": process,
            "proposal": proposal,
            "person": person,
            "supported": person is not None
            and Support.objects.filter(proposal=proposal, person=person).exists(),
            "thread": _thread(comments.order_by("created_at", "pk")),
            "comment_form": CommentForm(),
            "may_comment": may_comment(request, process),
            "is_staff_member": services.may_manage(request.user, process),
            "answer_form": AnswerProposalForm(
                initial={"status": proposal.status, "answer": proposal.answer, "progress": proposal.progress}
            ),
            "crumbs": _crumbs((process.title, process.get_absolute_url()), (proposal.title, "")),
        },
    )


def proposal_support(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    _get_process(request, proposal.process_id)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.support_proposal(proposal, person=verified_person(request), user=request.user)
    except services.ParticipationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("賛同しました。ありがとうございます。"))
    return redirect(proposal)


@staff_required
def proposal_answer(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=pk)
    _ensure_manager(request, proposal.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = AnswerProposalForm(request.POST)
    if form.is_valid():
        services.answer_proposal(proposal, by=request.user, **form.cleaned_data)
        messages.success(request, _("市の回答を公開しました。"))
    else:
        messages.error(request, _("回答の内容を確認してください。"))
    return redirect(proposal)


# --- comments and moderation -------------------------------------------------------------------


def comment_post(request, pk: int):
    process = _get_process(request, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    proposal = None
    if request.POST.get("proposal", "").isdigit():
        proposal = get_object_or_404(Proposal, pk=int(request.POST["proposal"]), process=process)
    back = proposal or process
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("コメントを入力してください。"))
        return redirect(back)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], process=process)
    try:
        comment = services.post_comment(
            process,
            user=request.user,
            person=verified_person(request),
            body=form.cleaned_data["body"],
            display_name=form.cleaned_data["display_name"],
            proposal=proposal,
            parent=parent,
            may_comment=may_comment(request, process),
        )
    except services.ParticipationError as error:
        _refuse(request, error)
        return redirect(back)
    if comment.status == Comment.Status.PENDING:
        messages.success(request, _("コメントを受け付けました。担当者が確認した後に公開されます。"))
    else:
        messages.success(request, _("コメントを投稿しました。"))
    return redirect(back)


def comment_report(request, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("process", "proposal"), pk=pk, status=Comment.Status.PUBLISHED
    )
    _get_process(request, comment.process_id)
    if not request.user.is_authenticated:
        messages.error(request, _("通報するにはログインしてください。"))
        return redirect(comment.proposal or comment.process)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_comment(comment, by=request.user, **form.cleaned_data)
        except services.ParticipationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("通報を受け付けました。担当者が確認します。"))
        return redirect(comment.proposal or comment.process)
    return render(
        request,
        "participation/report.html",
        {
            "comment": comment,
            "form": form,
            "crumbs": _crumbs(
                (comment.process.title, comment.process.get_absolute_url()), (_("通報する"), "")
            ),
        },
    )


@staff_required
def moderation(request):
    open_reports = Report.objects.filter(resolved_at=None)
    processes = services.managed_processes(request.user)
    comments = (
        Comment.objects.filter(process__in=processes)
        .filter(Q(status=Comment.Status.PENDING) | Q(reports__resolved_at=None))
        .distinct()
        .select_related("process", "author")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
    )
    statements = Statement.objects.filter(
        status=Statement.Status.PENDING, opinion_map__process__in=processes
    ).select_related("opinion_map")
    blocks = Block.objects.filter(user__in=services.moderatable_users(request.user)).select_related("user")
    return render(
        request,
        "participation/moderation.html",
        {
            "comments": comments,
            "statements": statements,
            "blocks": blocks,
            "form": ModerationForm(),
            "block_form": BlockForm(),
            "crumbs": _crumbs((_("モデレーション"), "")),
        },
    )


@staff_required
def moderate(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("process"), pk=pk)
    _ensure_manager(request, comment.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ModerationForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == "dismiss":
            services.dismiss_reports(comment, by=request.user)
        else:
            services.moderate_comment(
                comment, by=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        messages.success(request, _("処理しました。"))
    return redirect("participation:moderation")


@staff_required
def moderate_statement(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("opinion_map__process"), pk=pk)
    _ensure_manager(request, statement.opinion_map.process)
    if (refused := unless_post(request)) is not None:
        return refused
    statement.status = (
        Statement.Status.PUBLISHED if request.POST.get("action") == "approve" else Statement.Status.HIDDEN
    )
    statement.save(update_fields=["status"])
    messages.success(request, _("処理しました。"))
    return redirect("participation:moderation")


@staff_required
def block(request, user_id: int):
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not services.moderatable_users(request.user).filter(pk=user.pk).exists():
        raise PermissionDenied(_("担当する参加の場に投稿した利用者だけを投稿停止にできます。"))
    if (refused := unless_post(request)) is not None:
        return refused
    if request.POST.get("action") == "unblock":
        services.unblock_user(user, by=request.user)
        messages.success(request, _("投稿停止を解除しました。"))
    else:
        form = BlockForm(request.POST)
        if form.is_valid():
            services.block_user(user, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("この利用者の投稿を停止しました。"))
        else:
            messages.error(request, _("投稿停止の理由を入力してください。"))
    return redirect("participation:moderation")


# --- surveys -----------------------------------------------------------------------------------


def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    process = _get_process(request, survey.process_id)
    person = verified_person(request)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(survey, person=person, user=request.user, answers=form.answers())
        except services.ParticipationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("アンケートへの回答を受け付けました。ご協力ありがとうございました。"))
            return redirect(process)
    return render(
        request,
        "participation/survey.html",
        {
            "survey": survey,
            "process": process,
            "form": form,
            "person": person,
            "is_staff_member": services.may_manage(request.user, process),
            "crumbs": _crumbs((process.title, process.get_absolute_url()), (survey.title, "")),
        },
    )


@staff_required
def survey_paper(request, pk: int):
    """郵送・紙の回答の入力 (staff)."""
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    _ensure_manager(request, survey.process)
    form = PaperAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.enter_paper_answer(
            survey,
            by=request.user,
            channel=data["channel"],
            answers=form.answers(),
            age_band=data["age_band"],
            district=data["district"],
            reference=data["reference"],
        )
        messages.success(request, _("郵送・紙の回答を1件登録しました。続けて入力できます。"))
        return redirect("participation:survey_paper", pk=survey.pk)
    return render(
        request,
        "participation/survey_paper.html",
        {
            "survey": survey,
            "form": form,
            "count": survey.responses.exclude(channel="online").count(),
            "crumbs": _crumbs(
                (survey.process.title, survey.process.get_absolute_url()),
                (survey.title, survey.get_absolute_url()),
                (_("郵送・紙の回答の入力"), ""),
            ),
        },
    )


def survey_results(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    process = _get_process(request, survey.process_id)
    responses = list(survey.responses.values_list("answers", flat=True))
    results = []
    for q in survey.questions.all():
        key = str(q.pk)
        if q.kind == Question.Kind.TEXT:
            results.append({"question": q, "count": sum(1 for r in responses if r.get(key))})
            continue
        counts: dict[str, int] = {}
        if q.kind == Question.Kind.SCALE:
            options = [str(i) for i in range(1, q.scale_max + 1)]
        else:
            options = list(q.choices)
        for option in options:
            counts[option] = 0
        for r in responses:
            value = r.get(key)
            if value is None:
                continue
            if q.kind == Question.Kind.RANKING:
                if value:
                    counts[value[0]] = counts.get(value[0], 0) + 1  # first choices
            elif isinstance(value, list):
                for v in value:
                    counts[str(v)] = counts.get(str(v), 0) + 1
            else:
                counts[str(value)] = counts.get(str(value), 0) + 1
        results.append({"question": q, "rows": [[k, v] for k, v in counts.items()]})
    by_channel = survey.responses.values("channel").annotate(n=Count("pk")).order_by("channel")
    return render(
        request,
        "participation/survey_results.html",
        {
            "survey": survey,
            "process": process,
            "results": results,
            "total": len(responses),
            "by_channel": [[c["channel"], c["n"]] for c in by_channel],
            "crumbs": _crumbs(
                (process.title, process.get_absolute_url()),
                (survey.title, survey.get_absolute_url()),
                (_("集計結果"), ""),
            ),
        },
    )


# --- workshops ---------------------------------------------------------------------------------


def workshop_detail(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    process = _get_process(request, workshop.process_id)
    person = verified_person(request)
    registration = None
    if person is not None:
        registration = (
            Registration.objects.filter(workshop=workshop, person=person)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
    form = RegistrationForm(request.POST or None, workshop=workshop)
    if request.method == "POST":
        if request.POST.get("action") == "cancel" and registration:
            services.cancel_registration(registration, by=request.user)
            messages.success(request, _("申込を取り消しました。"))
            return redirect(workshop)
        if form.is_valid():
            try:
                reg = services.register_for_workshop(
                    workshop, person=person, user=request.user, mode=form.cleaned_data["mode"]
                )
            except services.ParticipationError as error:
                _refuse(request, error)
            else:
                if reg.status == Registration.Status.CONFIRMED:
                    messages.success(request, _("参加の申込を受け付けました。"))
                else:
                    messages.warning(request, _("定員に達しているため、キャンセル待ちで受け付けました。"))
                return redirect(workshop)
    seats = {}
    for mode in ("in_person", "online"):
        taken = workshop.registrations.filter(mode=mode, status=Registration.Status.CONFIRMED).count()
        seats[mode] = {
            "capacity": workshop.capacity_for(mode),
            "taken": taken,
            "left": max(0, workshop.capacity_for(mode) - taken),
        }
    return render(
        request,
        "participation/workshop.html",
        {
            "workshop": workshop,
            "process": process,
            "person": person,
            "registration": registration,
            "form": form,
            "seats": seats,
            "is_staff_member": services.may_manage(request.user, process),
            "minutes_form": MinutesForm(
                initial={"minutes": workshop.minutes, "materials_url": workshop.materials_url}
            ),
            "crumbs": _crumbs((process.title, process.get_absolute_url()), (workshop.title, "")),
        },
    )


@staff_required
def workshop_minutes(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    _ensure_manager(request, workshop.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.publish_minutes(workshop, by=request.user, **form.cleaned_data)
        messages.success(request, _("記録を公開しました。"))
    return redirect(workshop)


# --- opinion map -------------------------------------------------------------------------------


def opinion_map(request, pk: int):
    omap = get_object_or_404(OpinionMap.objects.select_related("process"), pk=pk)
    process = _get_process(request, omap.process_id)
    person = verified_person(request)
    statements = list(omap.statements.filter(status=Statement.Status.PUBLISHED))
    mine = {}
    if person is not None:
        mine = dict(
            Vote.objects.filter(statement__opinion_map=omap, person=person).values_list(
                "statement_id", "value"
            )
        )
    analysis = analyse_map(omap)
    by_pk = {s.pk: s for s in statements}
    return render(
        request,
        "participation/opinion_map.html",
        {
            "omap": omap,
            "process": process,
            "person": person,
            "statements": [(s, mine.get(s.pk)) for s in statements],
            "analysis": analysis,
            "groups": [
                {
                    "number": g.number,
                    "size": len(g.members),
                    "typical": [
                        (by_pk[s], round(100 * st.agree), round(100 * st.disagree))
                        for s, st in sorted(g.stats.items(), key=lambda kv: -(kv[1].agree - kv[1].disagree))
                        if s in by_pk and st.votes
                    ][:3],
                }
                for g in analysis.groups
            ],
            "consensus": [(by_pk[s], direction) for s, direction in analysis.consensus if s in by_pk],
            "divisive": [(by_pk[s], round(100 * spread)) for s, spread in analysis.divisive if s in by_pk][
                :5
            ],
            "plot": _plot(analysis),
            "statement_form": StatementForm(),
            "vote_choices": Vote.Value.choices,
            "crumbs": _crumbs((process.title, process.get_absolute_url()), (omap.title, "")),
        },
    )


def _plot(analysis) -> dict:
    """Dots for the SVG map: positions scaled into a 320×220 box, coloured by group."""
    if not analysis.points:
        return {}
    xs = [x for x, _y in analysis.points.values()]
    ys = [y for _x, y in analysis.points.values()]
    span_x = (max(xs) - min(xs)) or 1
    span_y = (max(ys) - min(ys)) or 1
    dots = []
    for participant, (x, y) in analysis.points.items():
        group = analysis.group_of(participant) or 0
        dots.append(
            {
                "x": round(20 + 280 * (x - min(xs)) / span_x, 1),
                "y": round(20 + 180 * (y - min(ys)) / span_y, 1),
                "group": group,
            }
        )
    return {"dots": dots}


def opinion_vote(request, pk: int):
    omap = get_object_or_404(OpinionMap, pk=pk)
    _get_process(request, omap.process_id)
    if (refused := unless_post(request)) is not None:
        return refused
    form = VoteForm(request.POST)
    if form.is_valid():
        statement = get_object_or_404(
            Statement, pk=form.cleaned_data["statement"], opinion_map=omap, status=Statement.Status.PUBLISHED
        )
        try:
            services.vote_statement(
                statement,
                person=verified_person(request),
                user=request.user,
                value=form.cleaned_data["value"],
            )
        except services.ParticipationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("投票しました。"))
    return redirect(f"{omap.get_absolute_url()}#statement-{request.POST.get('statement', '')}")


def opinion_statement(request, pk: int):
    omap = get_object_or_404(OpinionMap, pk=pk)
    _get_process(request, omap.process_id)
    if (refused := unless_post(request)) is not None:
        return refused
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.add_statement(
                omap, person=verified_person(request), user=request.user, text=form.cleaned_data["text"]
            )
        except services.ParticipationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("意見を追加しました。"))
    else:
        messages.error(request, _("意見を200字以内で入力してください。"))
    return redirect(omap)


# --- indicators --------------------------------------------------------------------------------


def _fiscal_year_param(request) -> int | None:
    from .indicators import parse_fiscal_year

    return parse_fiscal_year(request.GET.get("fiscal_year", ""))


def indicators(request, pk: int | None = None):
    process = _get_process(request, pk) if pk else None
    fy = _fiscal_year_param(request)
    data = ind.compute(process=process, fiscal_year=fy)
    years = ind.fiscal_years(process)
    crumbs = _crumbs(
        *(((process.title, process.get_absolute_url()),) if process else ()), (label("indicators"), "")
    )
    return render(
        request,
        "participation/indicators.html",
        {
            "process": process,
            "data": data,
            "charts": ind.charts_for(data),
            "fiscal_year": fy,
            "fiscal_year_label": format_fiscal_year(fy) if fy else "",
            "years": [(y, format_fiscal_year(y)) for y in years],
            "channel_rows": [[str(_channel_label(c)), n] for c, n in data.by_channel.items()],
            "band_rows": [
                [r.label, r.participants, r.digital, _pct(r.digital_share), _pct(r.share_of_digital)]
                for r in data.by_age_band
            ],
            "crumbs": crumbs,
        },
    )


def _channel_label(code):
    from .models import ParticipationChannel

    return ParticipationChannel(code).label


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def indicators_csv(request, pk: int | None = None):
    process = _get_process(request, pk) if pk else None
    fy = _fiscal_year_param(request)
    body = ind.to_csv(ind.compute(process=process, fiscal_year=fy))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    name = f"participation-{'process-' + str(pk) if pk else 'all'}{'-fy' + str(fy) if fy else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

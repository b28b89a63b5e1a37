"""The opinion map (みんなの意見): the map with its groups, voting, adding a statement."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post

from .. import services
from ..forms import StatementForm, VoteForm
from ..models import OpinionMap, Statement, Vote
from ..opinion import analyse_map
from .common import crumbs, get_process, refuse, verified_person


def opinion_map(request, pk: int):
    omap = get_object_or_404(OpinionMap.objects.select_related("process"), pk=pk)
    process = get_process(request, omap.process_id)
    person = verified_person(request)
    statements = list(omap.statements.filter(status=Statement.Status.PUBLISHED))
    mine = services.my_votes(omap, person)
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
            "crumbs": crumbs((process.title, process.get_absolute_url()), (omap.title, "")),
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
    get_process(request, omap.process_id)
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
            refuse(request, error)
        else:
            messages.success(request, _("投票しました。"))
    return redirect(f"{omap.get_absolute_url()}#statement-{request.POST.get('statement', '')}")


def opinion_statement(request, pk: int):
    omap = get_object_or_404(OpinionMap, pk=pk)
    get_process(request, omap.process_id)
    if (refused := unless_post(request)) is not None:
        return refused
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.add_statement(
                omap, person=verified_person(request), user=request.user, text=form.cleaned_data["text"]
            )
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("意見を追加しました。"))
    else:
        messages.error(request, _("意見を200字以内で入力してください。"))
    return redirect(omap)

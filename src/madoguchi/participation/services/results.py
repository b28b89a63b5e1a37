"""実施状況 (accountability): what the city carries out, linked to the proposals it came from,
with progress, spending and a timeline; and "what happened to my proposal" for its author."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import BudgetProject, Proposal, Result, ResultUpdate
from .base import NotAllowed, may_manage


@transaction.atomic
def update_result(
    result: Result, *, by: User, status: str, progress: int, spent: int, text: str, on=None
) -> ResultUpdate:
    """実施状況を更新する: one timeline entry (what was done), the status, % done and spending.
    The authors of the proposals it came from are told."""
    if not may_manage(by, result.process):
        raise PermissionDenied(_("この参加の場を担当する部署の職員だけが操作できます。"))
    progress = int(progress)
    if not 0 <= progress <= 100:
        raise NotAllowed(_("進捗は0から100までの数で入力してください。"), code="bad_progress")
    status = Result.Status(status)
    if status == Result.Status.DONE and progress != 100:
        raise NotAllowed(_("完了にするときは、進捗を100％にしてください。"), code="done_not_100")
    update = ResultUpdate.objects.create(
        result=result,
        on=on or to_jst_date(timezone.now()),
        text=text,
        status=status,
        progress=progress,
        spent=int(spent),
        created_by=by,
    )
    result.status, result.progress, result.spent = status, progress, int(spent)
    result.updated_at = timezone.now()
    if result.starts_on is None and status != Result.Status.PLANNED:
        result.starts_on = update.on
    result.save(update_fields=["status", "progress", "spent", "updated_at", "starts_on"])
    record_event(
        result,
        verb=Verb.RESULT_UPDATED,
        actor=by,
        data={"status": str(status), "progress": progress, "spent": int(spent)},
    )
    bump("participation")
    authors = {p.author_id: p.author for p in result.proposals.select_related("author") if p.author_id}
    for author in authors.values():
        notify(author, "participation/emails/result_updated", result=result, update=update)
    return update


@dataclass
class MyProposal:
    """One of a resident's proposals and everything that came of it."""

    proposal: Proposal
    projects: list[BudgetProject] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    @property
    def stage(self) -> str:
        """Where the proposal is now, in plain words."""
        p = self.proposal
        if p.moderation == Proposal.Moderation.PENDING:
            return str(_("公開前の確認中です"))
        if p.moderation == Proposal.Moderation.HIDDEN:
            return str(_("公開されていません"))
        if self.results:
            done = all(r.status == Result.Status.DONE for r in self.results)
            return str(_("実施が完了しました") if done else _("市が実施しています"))
        for project in self.projects:
            if project.budget.results_published:
                return str(
                    _("予算案の投票で採択されました")
                    if project.selected
                    else _("予算案の投票で採択されませんでした")
                )
            if project.feasibility == BudgetProject.Feasibility.UNFEASIBLE:
                return str(_("技術的な検討の結果、実施できないと判断されました"))
            if project.feasibility == BudgetProject.Feasibility.FEASIBLE:
                return str(_("技術的な検討の結果、予算案の事業になりました"))
            return str(_("市が費用と実施の可否を検討しています"))
        if hasattr(p, "referendum"):
            r = p.referendum
            if r.is_open:
                return str(_("市民の投票にかけられています"))
            return str(
                _("市民の投票で賛成が多数でした")
                if r.passed
                else _("市民の投票で賛成が多数になりませんでした")
            )
        if p.status != Proposal.Status.OPEN:
            return str(_("市が回答しました"))
        if p.reached_threshold:
            return str(_("目標の賛同数に達しました"))
        return str(_("賛同を集めています"))


def my_proposals(user: User) -> list[MyProposal]:
    """私の提案のその後: the user's proposals, newest first, with budget projects and results."""
    if not getattr(user, "is_authenticated", False):
        return []
    proposals = (
        Proposal.objects.filter(author=user)
        .select_related("process", "referendum")
        .prefetch_related("budget_projects__budget", "results")
        .order_by("-created_at", "-pk")
    )
    return [
        MyProposal(proposal=p, projects=list(p.budget_projects.all()), results=list(p.results.all()))
        for p in proposals
    ]

"""Role-matrix cases for citizen participation (tests/quality/roles.py): moderation as staff use it."""

from tests.quality.roles import Decision, decision, refusal_of, staff_client

from madoguchi.core.tests.factories import DepartmentFactory, UserFactory
from madoguchi.participation.models import Budget, BudgetProject, Comment, PhaseKind, Process, Proposal


@decision("participation.manage")
def hide_a_comment():
    kyodo = DepartmentFactory(code="kyodo", name="協働コミュニティ課")
    process = Process.objects.create(
        title="国分寺市の公園の使い方", department=kyodo, phase=PhaseKind.CONSULTATION
    )
    comment = Comment.objects.create(
        process=process, author=UserFactory(username="commenter"), display_name="市民", body="不適切な投稿"
    )
    return Decision(
        department=kyodo,
        perform=lambda user: refusal_of(
            staff_client(user).post(
                f"/participation/moderation/comments/{comment.pk}/", {"action": "hide", "reason": "誹謗中傷"}
            ),
            ok=(302,),
        ),
        effect=lambda: Comment.objects.get(pk=comment.pk).status,
    )


@decision("participation.manage")
def approve_a_proposal_held_for_checking():
    kyodo = DepartmentFactory(code="kyodo", name="協働コミュニティ課")
    process = Process.objects.create(
        title="国分寺市の公園の使い方", department=kyodo, phase=PhaseKind.CONSULTATION, premoderation=True
    )
    proposal = Proposal.objects.create(
        process=process, title="照明を増やす", body="夜が暗い", moderation=Proposal.Moderation.PENDING
    )
    return Decision(
        department=kyodo,
        perform=lambda user: refusal_of(
            staff_client(user).post(
                f"/participation/moderation/proposals/{proposal.pk}/", {"action": "approve"}
            ),
            ok=(302,),
        ),
        effect=lambda: Proposal.objects.get(pk=proposal.pk).moderation,
    )


@decision("participation.manage")
def register_a_paper_ballot():
    kyodo = DepartmentFactory(code="kyodo", name="協働コミュニティ課")
    process = Process.objects.create(
        title="公園をよくする予算", department=kyodo, phase=PhaseKind.CONSULTATION
    )
    budget = Budget.objects.create(process=process, title="公園の予算", amount=1_000_000, phase="voting")
    project = BudgetProject.objects.create(
        budget=budget, title="ベンチ", cost=100_000, feasibility="feasible"
    )
    return Decision(
        department=kyodo,
        perform=lambda user: refusal_of(
            staff_client(user).post(
                f"/participation/budgets/{budget.pk}/paper/",
                {"reference": "票-001", "age_band": "unknown", "projects": [project.pk]},
            ),
            ok=(302,),
        ),
        effect=lambda: budget.ballots.count(),
    )

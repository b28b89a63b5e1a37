"""IDOR registrations for participation routes (tests/quality/idor.py).

A published process and everything in it (proposals, comments, surveys and their aggregated
results, workshops, opinion maps, indicators) is public by design, and any signed-in resident may
take part in it. An unpublished process is only for the staff of its department
(services.may_manage), and so are the staff actions on any process (phases, answers, moderation,
blocking its posters, paper answers, minutes). So every case is built in an unpublished process
of one department: that department's staff get the page (or 405 for a POST-only action, checked
after access), other residents, other departments' staff and visitors get 403/404/login.
"""

from tests.quality.idor import IdorCase, object_factory

TITLE = "IDOR確認用の非公開の参加の場"


def _process():
    import datetime

    from django.utils import timezone

    from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory
    from madoguchi.identity.testing import resident_user
    from madoguchi.participation.models import (
        Budget,
        BudgetProject,
        Comment,
        OpinionMap,
        PhaseKind,
        Process,
        Proposal,
        Question,
        Statement,
        Survey,
        Workshop,
    )

    process = Process.objects.create(
        title=TITLE, department=DepartmentFactory(), phase=PhaseKind.CONSULTATION, is_published=False
    )
    poster = resident_user(PersonFactory())
    survey = Survey.objects.create(process=process, title="IDOR確認用のアンケート")
    Question.objects.create(survey=survey, kind="single", text="IDOR確認用の質問", choices=["はい", "いいえ"])
    omap = OpinionMap.objects.create(
        process=process, title="IDOR確認用の意見マップ", question="どう思いますか"
    )
    budget = Budget.objects.create(process=process, title="IDOR確認用の予算", amount=1000, phase="voting")
    BudgetProject.objects.create(budget=budget, title="IDOR確認用の事業", cost=10, feasibility="feasible")
    from madoguchi.participation.models import Result

    result = Result.objects.create(process=process, budget=budget, title="IDOR確認用の実施状況")
    from madoguchi.participation.models import Debate

    debate = Debate.objects.create(process=process, title="IDOR確認用の議論")
    return {
        "process": process,
        "debate": debate,
        "result": result,
        "budget": budget,
        "poster": poster,
        "proposal": Proposal.objects.create(
            process=process, title="IDOR確認用の提案", body="非公開の提案", author=poster
        ),
        "comment": Comment.objects.create(
            process=process, author=poster, display_name="IDOR確認", body="IDOR確認用のコメント"
        ),
        "survey": survey,
        "workshop": Workshop.objects.create(
            process=process,
            title="IDOR確認用のワークショップ",
            format=Workshop.Format.IN_PERSON,
            starts_at=timezone.now() + datetime.timedelta(days=7),
            capacity_in_person=10,
        ),
        "omap": omap,
        "statement": Statement.objects.create(
            opinion_map=omap, text="IDOR確認用の意見", author=poster, status=Statement.Status.PENDING
        ),
    }


def _case(pk, department, marker="", post_only=False):
    return IdorCase(
        kwargs={"pk": pk},
        department=department,
        marker=marker,
        owner_status=405 if post_only else 200,  # POST-only: 405 to the owner, after the access check
    )


@object_factory("participation:process", "participation:proposal_new", "participation:indicators")
def make_process_page():
    process = _process()["process"]
    return _case(process.pk, process.department, TITLE)


@object_factory("participation:indicators_csv")
def make_indicators_csv():
    process = _process()["process"]
    return _case(process.pk, process.department)  # counts only: the status is what tells


@object_factory("participation:follow", "participation:comment_post", "participation:set_phase")
def make_process_action():
    process = _process()["process"]
    return _case(process.pk, process.department, post_only=True)


@object_factory("participation:proposal")
def make_proposal():
    proposal = _process()["proposal"]
    return _case(proposal.pk, proposal.process.department, proposal.title)


@object_factory(
    "participation:proposal_support",
    "participation:proposal_unsupport",
    "participation:proposal_answer",
    "participation:moderate_proposal",
)
def make_proposal_action():
    proposal = _process()["proposal"]
    return _case(proposal.pk, proposal.process.department, post_only=True)


@object_factory("participation:comment_report")
def make_comment_report():
    comment = _process()["comment"]
    return _case(comment.pk, comment.process.department, comment.body)


@object_factory("participation:moderate")
def make_moderate():
    comment = _process()["comment"]
    return _case(comment.pk, comment.process.department, post_only=True)


@object_factory("participation:moderate_statement")
def make_moderate_statement():
    statement = _process()["statement"]
    return _case(statement.pk, statement.opinion_map.process.department, post_only=True)


@object_factory("participation:block")
def make_block():
    """A resident who posted in the department's process: its staff may block them, others not."""
    made = _process()
    return IdorCase(
        kwargs={"user_id": made["poster"].pk}, department=made["process"].department, owner_status=405
    )


@object_factory("participation:survey", "participation:survey_paper", "participation:survey_results")
def make_survey():
    survey = _process()["survey"]
    return _case(survey.pk, survey.process.department, survey.title)


@object_factory("participation:workshop")
def make_workshop():
    workshop = _process()["workshop"]
    return _case(workshop.pk, workshop.process.department, workshop.title)


@object_factory("participation:workshop_minutes")
def make_workshop_minutes():
    workshop = _process()["workshop"]
    return _case(workshop.pk, workshop.process.department, post_only=True)


@object_factory("participation:opinion_map")
def make_opinion_map():
    omap = _process()["omap"]
    return _case(omap.pk, omap.process.department, omap.title)


@object_factory("participation:opinion_vote", "participation:opinion_statement")
def make_opinion_action():
    omap = _process()["omap"]
    return _case(omap.pk, omap.process.department, post_only=True)


@object_factory("api-v1:participation:process-indicators")
def make_api_indicators():
    """The API serves published processes only (aggregates, public): nobody gets an unpublished
    one's, so there is no owner to check, only that nobody else gets it."""
    process = _process()["process"]
    return IdorCase(kwargs={"pk": process.pk})


@object_factory("participation:budget", "participation:budget_paper")
def make_budget():
    budget = _process()["budget"]
    return _case(budget.pk, budget.process.department, budget.title)


@object_factory(
    "participation:budget_vote",
    "participation:budget_phase",
    "participation:budget_review",
    "participation:budget_publish",
)
def make_budget_action():
    budget = _process()["budget"]
    return _case(budget.pk, budget.process.department, post_only=True)


@object_factory("participation:result")
def make_result():
    result = _process()["result"]
    return _case(result.pk, result.process.department, result.title)


@object_factory("participation:result_update")
def make_result_update():
    result = _process()["result"]
    return _case(result.pk, result.process.department, post_only=True)


@object_factory(
    "api-v1:participation:process",
    "api-v1:participation:process-proposals",
    "api-v1:participation:process-comments",
    "api-v1:participation:process-budgets",
    "api-v1:participation:process-results",
    "api-v1:participation:process-debates",
)
def make_api_process():
    """Published processes only, for everyone: an unpublished one's data goes to nobody."""
    return IdorCase(kwargs={"pk": _process()["process"].pk}, marker=TITLE)


@object_factory("api-v1:participation:budget", "api-v1:participation:budget-results")
def make_api_budget():
    budget = _process()["budget"]
    return IdorCase(kwargs={"pk": budget.pk}, marker=budget.title)


@object_factory("participation:debate")
def make_debate():
    debate = _process()["debate"]
    return _case(debate.pk, debate.process.department, debate.title)


@object_factory("participation:argument_post", "participation:debate_close")
def make_debate_action():
    debate = _process()["debate"]
    return _case(debate.pk, debate.process.department, post_only=True)


@object_factory("participation:debate_new")
def make_debate_new():
    process = _process()["process"]
    return _case(process.pk, process.department, post_only=True)


@object_factory(
    "participation:referendum_open", "participation:referendum_vote", "participation:referendum_close"
)
def make_referendum_action():
    """referendum_vote and _close need a vote to exist: the owner gets 405 (POST only) either way
    once access passes; others 403/404."""
    made = _process()
    from madoguchi.participation.models import Referendum

    Referendum.objects.create(proposal=made["proposal"], question="IDOR確認用の投票")
    return _case(made["proposal"].pk, made["process"].department, post_only=True)


# --- events and briefings (issue 23 part 1) ------------------------------------------------------


@object_factory("participation:workshop_materials")
def make_workshop_materials():
    workshop = _process()["workshop"]
    return _case(workshop.pk, workshop.process.department, post_only=True)


@object_factory("participation:workshop_checkin")
def make_workshop_checkin():
    workshop = _process()["workshop"]
    return _case(workshop.pk, workshop.process.department, workshop.title)


@object_factory("participation:workshop_material")
def make_workshop_material():
    """A PDF material of an event of an unpublished process: its department's staff download it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from madoguchi.participation.models import EventMaterial

    workshop = _process()["workshop"]
    material = EventMaterial(workshop=workshop, title="IDOR確認用の資料", original_name="a.pdf", size=10)
    material.file.save("material.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4 IDOR"), save=True)
    return IdorCase(
        kwargs={"pk": workshop.pk, "material": material.pk}, department=workshop.process.department
    )


@object_factory("participation:event_question_answer")
def make_event_question_answer():
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.participation.models import EventQuestion, Registration

    workshop = _process()["workshop"]
    registration = Registration.objects.create(
        workshop=workshop, person=PersonFactory(), mode="in_person", status="confirmed"
    )
    question = EventQuestion.objects.create(
        workshop=workshop, registration=registration, body="IDOR確認用の質問"
    )
    return _case(question.pk, workshop.process.department, post_only=True)


@object_factory("events:join")
def make_event_join():
    """The online join of an event of an unpublished process: its department's staff reach it (and
    are sent back to the event page, having no place online); nobody else learns it exists."""
    workshop = _process()["workshop"]
    return IdorCase(kwargs={"pk": workshop.pk}, department=workshop.process.department, owner_status=302)

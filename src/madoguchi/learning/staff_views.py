"""Staff pages of 研修・講習会: my training, a course and its self-check, certificates, the manager's
list; running courses, classes (roster, registration for a resident, attendance, paper surveys),
supporters and the My Number card burden-reduction measures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.httpkit import error_text, errors_onto, id_param, unless_post
from madoguchi.identity.staff import staff_required

from . import services
from .forms import (
    AnswerForm,
    AssignmentForm,
    ClassForm,
    CourseForm,
    LessonForm,
    MeasureForm,
    ShiftForm,
    StaffRegistrationForm,
    SupporterForm,
    SurveyForm,
)
from .markdown import render_markdown

# --- my training ------------------------------------------------------------------------------------


@staff_required
def home(request):
    return render(
        request,
        "learning/staff/home.html",
        {
            "duties": services.duties_for(request.user),
            "completions": services.completions_of(request.user)[:50],
            "courses": services.all_courses(),
            "manages": access.can_anywhere(request.user, access.LEARNING_MANAGE),
            "oversees": access.can_anywhere(request.user, access.LEARNING_PROGRESS),
        },
    )


@staff_required
def course(request, pk: int):
    course = services.staff_course(request.user, pk)
    lessons = [
        (lesson, render_markdown(version.body) if version else "")
        for lesson, version in services.lessons_of(course)
    ]
    return render(
        request,
        "learning/staff/course.html",
        {
            "course": course,
            "lessons": lessons,
            "completed": services.completed_this_year(course, request.user),
        },
    )


@staff_required
def start(request, pk: int):
    course = services.staff_course(request.user, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        if course.has_check:
            attempt = services.start_attempt(course, by=request.user)
            return redirect("learning_staff:attempt", token=attempt.token)
        completion = services.complete_reading(course, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("learning_staff:course", pk=course.pk)
    messages.success(request, _("受講を完了しました。"))
    return redirect("learning_staff:certificate", number=completion.number)


@staff_required
def attempt(request, token: str):
    attempt = services.own_attempt(request.user, token)
    questions = services.attempt_questions(attempt)
    form = AnswerForm(request.POST or None, questions=questions, english=get_language() == "en")
    if request.method == "POST" and attempt.submitted_at is None:
        try:
            attempt = services.submit_attempt(attempt, by=request.user, answers=request.POST)
        except ValidationError as error:
            form.is_valid()
            form.add_error(None, error)
        else:
            if attempt.passed:
                messages.success(request, _("合格です（%(score)s点）。") % {"score": attempt.score})
            else:
                messages.warning(
                    request,
                    _(
                        "不合格です（%(score)s点、合格点は%(mark)s点）。教材を見直して、もう一度受けてください。"
                    )
                    % {"score": attempt.score, "mark": attempt.course.pass_mark},
                )
            return redirect("learning_staff:attempt", token=attempt.token)
    elif request.method == "POST":  # a replayed submission: the first one stands
        messages.error(
            request, _("この確認テストはすでに提出されています。もう一度受ける場合は、新しく始めてください。")
        )
        return redirect("learning_staff:attempt", token=attempt.token)
    return render(
        request,
        "learning/staff/attempt.html",
        {"attempt": attempt, "form": form, "questions": questions, "english": get_language() == "en"},
    )


@staff_required
def certificate(request, number: str):
    completion = services.certificate(request.user, number)
    return render(
        request,
        "learning/staff/certificate.html",
        {"completion": completion, "holder": services.display_name(completion.user)},
    )


@staff_required
def progress(request):
    departments = list(services.progress_departments(request.user))
    if not departments:
        raise PermissionDenied(access.LEARNING_PROGRESS.refusal)
    if request.method == "POST":
        chosen = next((d for d in departments if str(d.pk) == request.POST.get("department")), None)
        if chosen is None:
            messages.error(request, _("部署を選んでください。"))
        else:
            sent = services.remind_department(chosen, by=request.user)
            messages.success(request, _("%(n)s人に督促を送りました。") % {"n": sent})
        return redirect("learning_staff:progress")
    sections = []
    for department in departments:
        rows = services.department_progress(department, by=request.user)
        sections.append(
            {"department": department, "rows": rows, "open": [r for r in rows if not r.completed]}
        )
    return render(request, "learning/staff/progress.html", {"sections": sections})


# --- running courses ----------------------------------------------------------------------------------


def _manage_departments(user):
    departments = access.departments_where(user, access.LEARNING_MANAGE)
    if not departments.exists():
        raise PermissionDenied(access.LEARNING_MANAGE.refusal)
    return departments


@staff_required
def manage(request):
    _manage_departments(request.user)
    return render(
        request,
        "learning/staff/manage.html",
        {
            "courses": services.managed_courses(request.user),
            "classes": services.managed_classes(request.user).filter(ends_at__gte=timezone.now()),
            "past_classes": services.managed_classes(request.user)
            .filter(ends_at__lt=timezone.now())
            .reverse()[:30],
        },
    )


@staff_required
def course_new(request):
    departments = _manage_departments(request.user)
    form = CourseForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = data.pop("department")
        try:
            course = services.create_course(department, by=request.user, **data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("研修コースを作成しました。教材を追加してください。"))
            return redirect("learning_staff:manage_course", pk=course.pk)
    return render(request, "learning/staff/form.html", {"form": form, "title": _("研修コースを作る")})


@staff_required
def manage_course(request, pk: int):
    course = services.manageable_course(request.user, pk)
    lesson_form = LessonForm(
        request.POST if request.POST.get("action") == "lesson" else None, prefix="lesson"
    )
    assignment_form = AssignmentForm(
        request.POST if request.POST.get("action") == "assign" else None, prefix="assign"
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "lesson" and lesson_form.is_valid():
                services.add_lesson(course, by=request.user, **lesson_form.cleaned_data)
                messages.success(request, _("教材を追加しました。"))
                return redirect("learning_staff:manage_course", pk=course.pk)
            if request.POST.get("action") == "assign" and assignment_form.is_valid():
                data = assignment_form.cleaned_data
                services.assign_course(
                    course,
                    by=request.user,
                    target=data["target"],
                    opens_on=data["opens_on"],
                    due_on=data["due_on"],
                    department=data["target_department"],
                    role=data["target_role"],
                )
                messages.success(request, _("受講を割り当てました。"))
                return redirect("learning_staff:manage_course", pk=course.pk)
        except ValidationError as error:
            errors_onto(assignment_form if request.POST.get("action") == "assign" else lesson_form, error)
    return render(
        request,
        "learning/staff/manage_course.html",
        {
            "course": course,
            "lessons": course.lessons.all(),
            "assignments": course.assignments.select_related("target_department").order_by("-opens_on"),
            "lesson_form": lesson_form,
            "assignment_form": assignment_form,
            "completions": course.completions.count(),
        },
    )


@staff_required
def manage_lesson(request, pk: int):
    lesson = services.manageable_lesson(request.user, pk)
    current = lesson.current
    initial = {"title": lesson.title, "body": current.body if current else ""}
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.revise_lesson(lesson, by=request.user, **form.cleaned_data)
        messages.success(request, _("教材を改訂しました。"))
        return redirect("learning_staff:manage_course", pk=lesson.course_id)
    return render(
        request,
        "learning/staff/lesson.html",
        {
            "lesson": lesson,
            "form": form,
            "preview": render_markdown(current.body) if current else "",
            "versions": lesson.versions.order_by("-number"),
        },
    )


# --- running classes ---------------------------------------------------------------------------------


@staff_required
def class_new(request):
    departments = _manage_departments(request.user)
    places = services.places()
    form = ClassForm(request.POST or None, departments=departments, places=places)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place = services.place(data.pop("facility"))
        department = data.pop("department")
        if place is None:
            form.add_error("facility", _("会場を選んでください。"))
        else:
            try:
                citizen_class = services.schedule_class(
                    department,
                    by=request.user,
                    facility_id=place.id,
                    place_name=place.name,
                    place_address=place.address,
                    **data,
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("講習会を登録しました。"))
                return redirect("learning_staff:manage_class", pk=citizen_class.pk)
    return render(request, "learning/staff/form.html", {"form": form, "title": _("講習会を登録する")})


@staff_required
def manage_class(request, pk: int):
    citizen_class = services.managed_class(request.user, pk)
    action = request.POST.get("action", "")
    register_form = StaffRegistrationForm(request.POST if action == "register" else None, prefix="reg")
    survey_form = SurveyForm(request.POST if action == "survey" else None, prefix="survey")
    if request.method == "POST":
        try:
            if action == "register" and register_form.is_valid():
                registration = services.register_for_resident(
                    citizen_class, by=request.user, **register_form.cleaned_data
                )
                messages.success(
                    request,
                    _("%(name)s さんの申込を受け付けました（%(status)s、受付番号 %(ref)s）。")
                    % {
                        "name": registration.name,
                        "status": registration.get_status_display(),
                        "ref": registration.reference,
                    },
                )
                return redirect("learning_staff:manage_class", pk=pk)
            if action in {"attended", "absent", "cancel", "survey"}:
                registration = _registration_of(request, citizen_class)
                if action == "cancel":
                    services.cancel_registration(registration, by=request.user)
                    messages.success(request, _("申込を取り消しました。"))
                elif action == "survey":
                    if not survey_form.is_valid():
                        raise ValidationError(list(survey_form.errors.values())[0])
                    services.answer_survey(registration, by=request.user, **survey_form.cleaned_data)
                    messages.success(request, _("アンケートの回答を入力しました。"))
                else:
                    services.record_attendance(registration, by=request.user, attended=action == "attended")
                    messages.success(request, _("出欠を記録しました。"))
                return redirect("learning_staff:manage_class", pk=pk)
            if action == "cancel_class":
                services.cancel_class(citizen_class, by=request.user)
                messages.success(request, _("講習会を中止しました。申込者にお知らせしました。"))
                return redirect("learning_staff:manage_class", pk=pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
            if action != "register":
                return redirect("learning_staff:manage_class", pk=pk)
            errors_onto(register_form, error)
    return render(
        request,
        "learning/staff/manage_class.html",
        {
            "citizen_class": citizen_class,
            "seats_left": max(0, citizen_class.capacity - citizen_class.taken),
            "roster": services.roster(citizen_class),
            "call_back": services.promoted_without_notice(citizen_class),
            "register_form": register_form,
            "survey_form": survey_form,
            "shifts": citizen_class.shifts.select_related("supporter"),
        },
    )


def _registration_of(request, citizen_class):
    registration = services.managed_registration(
        request.user, id_param(request.POST.get("registration")) or 0
    )
    if registration.citizen_class_id != citizen_class.pk:
        raise ValidationError(_("この講習会の申込ではありません。"))
    return registration


# --- supporters and measures --------------------------------------------------------------------------


@staff_required
def supporters(request):
    departments = _manage_departments(request.user)
    form = SupporterForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = data.pop("department")
        try:
            services.register_supporter(department, by=request.user, **data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("デジタルサポーターを登録しました。"))
            return redirect("learning_staff:supporters")
    return render(
        request,
        "learning/staff/supporters.html",
        {"supporters": services.managed_supporters(request.user), "form": form},
    )


@staff_required
def supporter(request, pk: int):
    supporter = services.managed_supporter(request.user, pk)
    form = ShiftForm(request.POST or None)
    classes = services.managed_classes(request.user).filter(
        ends_at__gte=timezone.now(), department_id=supporter.department_id
    )
    if request.method == "POST" and form.is_valid():
        chosen = classes.filter(pk=id_param(request.POST.get("citizen_class")) or 0).first()
        data = dict(form.cleaned_data)
        if chosen is not None:
            data["starts_at"] = data["starts_at"] or chosen.starts_at
            data["ends_at"] = data["ends_at"] or chosen.ends_at
        try:
            if data["starts_at"] is None or data["ends_at"] is None:
                raise ValidationError(
                    {"starts_at": _("開始日時と終了日時を入力するか、講習会を選んでください。")}
                )
            services.add_shift(supporter, by=request.user, citizen_class=chosen, **data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("担当を登録しました。"))
            return redirect("learning_staff:supporter", pk=pk)
    return render(
        request,
        "learning/staff/supporter.html",
        {
            "supporter": supporter,
            "shifts": supporter.shifts.select_related("citizen_class"),
            "form": form,
            "classes": classes,
        },
    )


@staff_required
def measures(request):
    departments = _manage_departments(request.user)
    places = services.places()
    form = MeasureForm(request.POST or None, departments=departments, places=places)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = data.pop("department")
        place = services.place(data.pop("facility") or "")
        if place is not None:
            data["facility_id"], data["place_name"] = place.id, place.name
        try:
            services.record_measure(department, by=request.user, **data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("負担軽減施策を記録しました。"))
            return redirect("learning_staff:measures")
    return render(
        request,
        "learning/staff/measures.html",
        {"measures": services.managed_measures(request.user)[:200], "form": form},
    )

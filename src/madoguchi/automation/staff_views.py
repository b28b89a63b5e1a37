"""Staff pages of automation: the procedure inventory (BPR) and its CSV, process mining per
procedure, and the register of digital tools, pilots and the 標準化 work stages. Each page shows
the departments where the user holds automation.manage; each object page answers 404 elsewhere."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.httpkit import errors_onto
from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.identity.staff import staff_required

from . import charts, services
from .forms import DecisionForm, EndDateForm, PilotForm, PilotResultForm, RequirementForm, RuleForm, ToolForm


def _require_somewhere(user) -> None:
    if not access.can_anywhere(user, access.AUTOMATION_MANAGE):
        raise PermissionDenied(access.AUTOMATION_MANAGE.refusal)


@staff_required
def index(request):
    _require_somewhere(request.user)
    reviews = services.reviews_for(request.user)
    return render(
        request,
        "automation/staff/index.html",
        {
            "progress": services.progress(reviews),
            "reviews": reviews.count(),
            "procedures": services.mined_procedures(request.user).count(),
            "tools": services.tools_for(request.user).count(),
            "pilots": services.pilots_for(request.user).count(),
        },
    )


# --- the procedure inventory (BPR) ---------------------------------------------------------------


@staff_required
def inventory(request):
    _require_somewhere(request.user)
    reviews = services.reviews_for(request.user).prefetch_related("requirements")
    today = timezone.localdate()
    rows = [
        {
            "review": review,
            "kinds": {
                kind: [r for r in review.requirements.all() if r.kind == kind and r.in_force(today)]
                for kind in services.Requirement.Kind.values
            },
        }
        for review in reviews
    ]
    return render(
        request,
        "automation/staff/inventory.html",
        {
            "progress": services.progress(reviews, on=today),
            "rows": rows,
            "kinds": services.Requirement.Kind.choices,
        },
    )


@staff_required
def inventory_csv(request):
    _require_somewhere(request.user)
    response = HttpResponse(
        services.inventory_csv(services.reviews_for(request.user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="bpr-inventory.csv"'
    return response


@staff_required
def inventory_procedure(request, code: str):
    review = services.access_review(request.user, code)
    add_form = RequirementForm(request.POST if request.POST.get("action") == "add" else None, prefix="add")
    decision_form = None
    if request.method == "POST" and request.POST.get("action") == "add" and add_form.is_valid():
        try:
            services.add_requirement(review, by=request.user, **add_form.cleaned_data)
        except ValidationError as exc:
            errors_onto(add_form, exc)
        else:
            messages.success(request, _("見直しの対象を追加しました。"))
            return redirect("automation_staff:inventory_procedure", code=code)
    if request.method == "POST" and request.POST.get("action") == "decide":
        decision_form = DecisionForm(request.POST)
        if decision_form.is_valid():
            data = dict(decision_form.cleaned_data)
            requirement = review.requirements.filter(pk=data.pop("requirement")).first()
            if requirement is None:
                decision_form.add_error(None, _("見直しの対象が見つかりません。"))
            else:
                try:
                    services.record_decision(requirement, by=request.user, **data)
                except ValidationError as exc:
                    errors_onto(decision_form, exc)
                else:
                    messages.success(request, _("見直しの方針を記録しました。"))
                    return redirect("automation_staff:inventory_procedure", code=code)
    posted = decision_form.data.get("requirement") if decision_form is not None else None
    today = timezone.localdate()
    requirements = [
        {
            "requirement": requirement,
            "in_force": requirement.in_force(today),
            "form": decision_form
            if posted == str(requirement.pk)
            else DecisionForm(
                initial={
                    "requirement": requirement.pk,
                    "decision": requirement.decision,
                    "reason": requirement.reason,
                    "decided_on": requirement.decided_on,
                    "effective_on": requirement.effective_on,
                },
                auto_id=f"id_{requirement.pk}_%s",
            ),
        }
        for requirement in review.requirements.all()
    ]
    return render(
        request,
        "automation/staff/inventory_procedure.html",
        {
            "review": review,
            "requirements": requirements,
            "add_form": add_form,
            "decision_errors": decision_form if decision_form is not None and decision_form.errors else None,
        },
    )


# --- process mining ------------------------------------------------------------------------------


@staff_required
def mining_index(request):
    _require_somewhere(request.user)
    return render(
        request,
        "automation/staff/mining_index.html",
        {"procedures": services.mined_procedures(request.user)},
    )


def _mining_context(procedure, params):
    start, end, change, errors = services.parse_period(params)
    source = params.get("source") if params.get("source") in services.SOURCES else "records"
    context = {
        "procedure": procedure,
        "source": source,
        "start": start,
        "end": end,
        "errors": errors,
        "period_fields": [
            ("start", _("受付日の始め")),
            ("end", _("受付日の終わり（この日を含まない）")),
            ("change", _("比較する変更日")),
        ],
        "change": None,
        "analysis": None,
        "comparison": None,
    }
    if errors:
        return context
    traces = services.event_log(procedure.code, source=source, start=start, end=end)
    change = change or _default_change(procedure.code, source)
    analysis = services.analyse(traces)
    context.update(analysis=analysis, change=change)
    if change and traces:
        context["comparison"] = services.compare(traces, change)
    return context


def _default_change(code: str, source: str):
    """Where to compare by default: the synthetic log's change, or the procedure's latest reform."""
    if source == "synthetic":
        log = services.synthetic_logs(code).first()
        return log.change_on if log else None
    return services.change_date(code)


@staff_required
def mining(request, code: str):
    procedure = services.access_mined_procedure(request.user, code)
    context = _mining_context(procedure, request.GET)
    analysis = context["analysis"]
    if analysis is not None and analysis.cases:
        bottleneck_step = services.step_label(analysis.bottleneck.target) if analysis.bottleneck else ""
        context["map_svg"] = charts.process_map(analysis, chart_id="mining-map", table_id=_("工程間の移動"))
        context["wait_svg"] = charts.bar_chart(
            [(a.label, a.wait.days()) for a in analysis.activities if a.wait.count],
            unit=_("日"),
            chart_id="mining-wait",
            title=_("工程ごとの待ち時間（中央値）"),
            highlight=bottleneck_step,
        )
        context["variant_svg"] = charts.bar_chart(
            [(f"#{n}", v.share) for n, v in enumerate(analysis.variants[:10], start=1)],
            unit="%",
            chart_id="mining-variants",
            title=_("バリアント（上位10）の割合"),
        )
    return render(request, "automation/staff/mining.html", context)


# --- tools, pilots and the standardisation stages ------------------------------------------------


def _department_of(form, user):
    department = (
        access.departments_where(user, access.AUTOMATION_MANAGE)
        .filter(pk=form.cleaned_data["department"])
        .first()
    )
    if department is None:
        raise PermissionDenied(access.AUTOMATION_MANAGE.refusal)
    return department


@staff_required
def tools(request):
    _require_somewhere(request.user)
    departments = list(access.departments_where(request.user, access.AUTOMATION_MANAGE))
    action = request.POST.get("action")
    tool_form = ToolForm(request.POST if action == "tool" else None, departments=departments, prefix="tool")
    pilot_form = PilotForm(
        request.POST if action == "pilot" else None, departments=departments, prefix="pilot"
    )
    if request.method == "POST" and action == "tool" and tool_form.is_valid():
        data = dict(tool_form.cleaned_data)
        department = _department_of(tool_form, request.user)
        data.pop("department")
        try:
            services.register_tool(department, by=request.user, **data)
        except ValidationError as exc:
            errors_onto(tool_form, exc)
        else:
            messages.success(request, _("デジタルツールを登録しました。"))
            return redirect("automation_staff:tools")
    if request.method == "POST" and action == "pilot" and pilot_form.is_valid():
        data = pilot_form.cleaned_data
        department = _department_of(pilot_form, request.user)
        try:
            services.start_pilot(
                department,
                by=request.user,
                kind=data["kind"],
                tool_name=data["name"],
                purpose=data["purpose"],
                started_on=data["used_from"],
            )
        except ValidationError as exc:
            errors_onto(pilot_form, exc)
        else:
            messages.success(request, _("実証実験を登録しました。"))
            return redirect("automation_staff:tools")
    fiscal_year = fiscal_year_of(timezone.localdate())
    return render(
        request,
        "automation/staff/tools.html",
        {
            "tools": services.tools_for(request.user),
            "pilots": services.pilots_for(request.user),
            "stages": services.stages_for(request.user),
            "tool_form": tool_form,
            "pilot_form": pilot_form,
            "fiscal_year": fiscal_year,
            "adoption_rate": services.adoption_rate(fiscal_year),
            "pilots_this_year": services.pilots_started(fiscal_year).count(),
            "standardization": services.standardization_progress(fiscal_year),
        },
    )


@staff_required
def tool(request, pk: int):
    item = services.access_tool(request.user, pk)
    form = EndDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retire_tool(item, by=request.user, used_until=form.cleaned_data["on"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("利用終了日を記録しました。"))
            return redirect("automation_staff:tools")
    return render(request, "automation/staff/tool.html", {"tool": item, "form": form})


@staff_required
def pilot(request, pk: int):
    item = services.access_pilot(request.user, pk)
    form = PilotResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conclude_pilot(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("実証実験の結果を記録しました。"))
            return redirect("automation_staff:tools")
    return render(request, "automation/staff/pilot.html", {"pilot": item, "form": form})


@staff_required
def stage(request, pk: int):
    item = services.access_stage(request.user, pk)
    form = EndDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_stage_done(item, by=request.user, done_on=form.cleaned_data["on"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("作業工程の完了を記録しました。"))
            return redirect("automation_staff:tools")
    return render(request, "automation/staff/stage.html", {"stage": item, "form": form})


# --- rules (RPA) ---------------------------------------------------------------------------------


def _rule_form(request, data=None):
    departments = list(access.departments_where(request.user, access.AUTOMATION_RULES))
    return RuleForm(
        data,
        departments=departments,
        procedures=services.procedures_in(departments),
        triggers=[(verb.value, verb.label) for verb in services.TRIGGERS],
        operators=services.OPERATORS,
    )


@staff_required
def rules(request):
    if not access.can_anywhere(request.user, access.AUTOMATION_RULES):
        raise PermissionDenied(access.AUTOMATION_RULES.refusal)
    form = _rule_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = (
            access.departments_where(request.user, access.AUTOMATION_RULES)
            .filter(pk=form.cleaned_data["department"])
            .first()
        )
        if department is None:
            raise PermissionDenied(access.AUTOMATION_RULES.refusal)
        try:
            rule = services.save_rule(department, by=request.user, **form.rule_values())
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("ルールを保存しました。ドライランで、過去のイベントに何をしたかを確かめてください。"),
            )
            return redirect("automation_staff:rule", pk=rule.pk)
    return render(
        request, "automation/staff/rules.html", {"rules": services.rules_for(request.user), "form": form}
    )


@staff_required
def rule(request, pk: int):
    item = services.access_rule(request.user, pk)
    if request.method == "POST" and request.POST.get("status") in services.Rule.Status.values:
        services.set_rule_status(item, by=request.user, status=request.POST["status"])
        messages.success(request, _("ルールの状態を変えました。"))
        return redirect("automation_staff:rule", pk=pk)
    months_raw = request.GET.get("months", "3")
    error = ""
    rows = []
    try:
        rows = services.dry_run(item, months=int(months_raw))
    except (ValueError, ValidationError):
        error = _("期間は1から24か月にしてください。")
    return render(
        request,
        "automation/staff/rule.html",
        {
            "rule": item,
            "rows": rows,
            "would_act": sum(1 for row in rows if row.would_act),
            "months": months_raw,
            "error": error,
            "runs": item.runs.all()[:50],
            "statuses": services.Rule.Status,
        },
    )

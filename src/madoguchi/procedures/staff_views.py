"""Back office: edit a procedure and publish a new version of its form, with a preview (no code)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from madoguchi.core.httpkit import error_text
from madoguchi.identity.staff import staff_required

from . import services
from .conditions import check_conditions
from .editor import FieldRowFormSet, rows_to_schema, schema_to_rows
from .models import Procedure, ProcedureVersion
from .steps import StepForm, steps_of


class ProcedureForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("受付方法"),
        choices=[
            ("online", _("オンライン")),
            ("counter", _("窓口")),
            ("postal", _("郵送")),
            ("paper", _("紙")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Procedure
        fields = list(services.EDITABLE_FIELDS)


@staff_required
def procedure_list(request):
    """Each department edits its own procedures; the system administrator (superuser) all of them."""
    return render(
        request,
        "procedures/staff/list.html",
        {"procedures": services.editable_procedures(request.user).select_related("department")},
    )


@staff_required
def procedure_edit(request, code):
    procedure = services.access_procedure(request.user, code)
    latest = procedure.versions.order_by("-number").first()
    schema, ui_schema = (latest.schema, latest.ui_schema) if latest else (services.EMPTY_SCHEMA, {})
    preview = None
    if request.method == "POST":
        meta = ProcedureForm(request.POST, instance=procedure)
        rows = FieldRowFormSet(request.POST, prefix="rows")
        raw_schema, raw_ui = request.POST.get("raw_schema", ""), request.POST.get("raw_ui_schema", "")
        error = None
        try:
            base_schema = json.loads(raw_schema) if raw_schema.strip() else schema
            base_ui = json.loads(raw_ui) if raw_ui.strip() else ui_schema
        except json.JSONDecodeError as exc:
            error = _("JSONの形式が正しくありません: %(e)s") % {"e": exc}
            base_schema, base_ui = schema, ui_schema
        if meta.is_valid() and rows.is_valid() and error is None:
            new_schema, new_ui = rows_to_schema([r for r in rows.cleaned_data if r], base_schema, base_ui)
            if "preview" in request.POST:
                preview = _preview(procedure, new_schema, new_ui)
                schema, ui_schema = new_schema, new_ui
                for problem in check_conditions(new_schema, new_ui):  # saving would refuse these
                    messages.warning(request, problem)
            else:
                try:
                    version = services.update_procedure(
                        procedure,
                        by=request.user,
                        changes={name: meta.cleaned_data[name] for name in meta.Meta.fields},
                        schema=new_schema,
                        ui_schema=new_ui,
                        publish="publish" in request.POST,
                    )
                except ValidationError as exc:
                    error = error_text(exc)
                else:
                    if version is not None:
                        messages.success(
                            request, _("様式の第%(n)s版を保存しました。") % {"n": version.number}
                        )
                    else:
                        messages.success(request, _("手続の情報を保存しました。"))
                    return redirect("procedures_staff:edit", code=code)
        if error:
            messages.error(request, error)
    else:
        meta = ProcedureForm(instance=procedure)
        rows = FieldRowFormSet(prefix="rows", initial=schema_to_rows(schema, ui_schema))
    return render(
        request,
        "procedures/staff/edit.html",
        {
            "procedure": procedure,
            "meta": meta,
            "rows": rows,
            "raw_schema": json.dumps(schema, ensure_ascii=False, indent=2),
            "raw_ui_schema": json.dumps(ui_schema, ensure_ascii=False, indent=2),
            "versions": procedure.versions.order_by("-number"),
            "preview": preview,
        },
    )


def _preview(procedure, schema, ui_schema):
    """The form as residents will see it, one block per step (rendered, never saved)."""
    version = ProcedureVersion(procedure=procedure, number=0, schema=schema, ui_schema=ui_schema)
    return [
        (step, StepForm(version=version, step_key=step["key"], step_data={}, prefix=f"preview-{step['key']}"))
        for step in steps_of(version)
        if step["key"] in schema.get("properties", {})
    ]

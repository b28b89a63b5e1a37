"""Demo applications (order 50): a few cases in different states for demo residents, on several
channels, so the inbox, "my applications" and the plan's online share have something to show.
Idempotent: each case has a fixed idempotency key and is made once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from madoguchi.core.models import Channel, Person
from madoguchi.procedures.services import get_procedure_by_code

from . import services
from .examples import example_data
from .models import Application

# (key, procedure, resident picker, channel, workflow steps after 受付)
CASES = [
    ("demo-1", "jidou-teate-genkyo", "parent", Channel.ONLINE, []),
    ("demo-2", "jidou-teate-genkyo", "parent2", Channel.ONLINE, ["start_review", "request_correction"]),
    ("demo-3", "hoiku-genkyo", "parent", Channel.ONLINE, ["start_review"]),
    ("demo-4", "kaigo-koshin-nintei", "elder", Channel.POSTAL, ["start_review", "approve", "complete"]),
    ("demo-5", "kaigo-hihokensha-sho-saikofu", "elder2", Channel.ONLINE, ["start_review", "approve"]),
    ("demo-6", "risai-shomei", "adult", Channel.ONLINE, ["start_review", "reject"]),
    ("demo-7", "ninshin-todoke", "young", Channel.COUNTER, []),
    ("demo-8", "jidou-teate-henko", "parent2", Channel.PAPER, ["start_review", "approve", "complete"]),
]
STAFF = {
    "kodomo-shien": "kodomo",
    "hoiku": "hoiku",
    "kaigo": "kaigo",
    "bosai": "bosai",
    "kenko": "kenko",
    "shimin": "shimin",
}
APPROVERS = {"kodomo-shien": "kodomo-chief", "shimin": "shimin-chief"}


def _residents() -> dict[str, Person]:
    people = list(
        Person.objects.filter(is_demo=True, relationship="世帯主").select_related("household").order_by("pk")
    )
    with_children = [
        p for p in people if p.household and p.household.members.filter(relationship="子").exists()
    ]
    today_age = [(p, p.age_on(p.created_at.date()) or 0) for p in people]
    elders = [p for p, age in today_age if age >= 65]
    adults = [p for p, age in today_age if 20 <= age < 65]
    young = [p for p, age in today_age if 20 <= age < 40]
    pick = {
        "parent": with_children[0] if with_children else None,
        "parent2": with_children[1] if len(with_children) > 1 else None,
        "elder": elders[0] if elders else None,
        "elder2": elders[1] if len(elders) > 1 else None,
        "adult": adults[-1] if adults else None,
        "young": young[0] if young else None,
    }
    return pick


def _data(procedure, person: Person) -> dict:
    version = procedure.current_version
    data = example_data(version.schema)
    for step, values in services.prefill_from_person(version, person).items():
        data.setdefault(step, {}).update(values)
    return data


DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _attachments(procedure, data):
    return [
        (spec["code"], SimpleUploadedFile(f"{spec['code']}.pdf", DEMO_PDF, content_type="application/pdf"))
        for spec in services.needed_attachments(procedure, procedure.current_version, data)
    ]


def load(say) -> None:
    User = get_user_model()
    people = _residents()
    made = 0
    for key, code, who, channel, steps in CASES:
        person = people.get(who)
        procedure = get_procedure_by_code(code)
        if person is None or procedure is None or Application.objects.filter(idempotency_key=key).exists():
            continue
        staff = User.objects.filter(username=STAFF.get(procedure.department.code, "")).first()
        data = _data(procedure, person)
        if channel == Channel.ONLINE:
            from madoguchi.identity.testing import resident_user

            by = resident_user(person)
            application = services.submit_application(
                procedure,
                applicant=person,
                data=data,
                channel=channel,
                by=by,
                idempotency_key=key,
                attachments=_attachments(procedure, data),
            )
        elif staff is not None:
            needed = services.needed_attachments(procedure, procedure.current_version, data)
            application = services.register_paper_application(
                procedure,
                applicant=person,
                data=data,
                by=staff,
                channel=channel,
                idempotency_key=key,
                documents_received=[spec["code"] for spec in needed],  # handed over on paper
            )
        else:
            continue
        for step in steps:
            actor = staff
            if step in ("approve", "reject") and procedure.department.code in APPROVERS:
                actor = User.objects.filter(username=APPROVERS[procedure.department.code]).first() or staff
            if step == "request_correction":
                services.request_correction(
                    application, by=actor, reason="お子さんの生年月日をご確認のうえ、再提出してください。"
                )
            elif step == "reject":
                services.reject(
                    application,
                    by=actor,
                    reason="被害の発生場所が市外のため、所在地の自治体へ申請してください。",
                )
            else:
                services.TRANSITION_SERVICES[step](application, by=actor)
        made += 1
    say(f"申請 {Application.objects.exclude(state='draft').count()} 件（今回 {made} 件追加）")

"""The life-event navigator: pick an event, answer a few questions, get the checklist."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from .forms import HouseholdQuestionsForm
from .rules import EVENTS, QUESTIONS, get_event, plan_for


def _event_or_404(code):
    event = get_event(code)
    if event is None:
        raise Http404
    return event


def index(request):
    return render(request, "lifeevents/index.html", {"events": sorted(EVENTS, key=lambda e: e.order)})


def questions(request, code):
    event = _event_or_404(code)
    form = HouseholdQuestionsForm(request.GET or None, event=event)
    return render(request, "lifeevents/questions.html", {"event": event, "form": form})


def _checklist_context(request, code):
    event = _event_or_404(code)
    form = HouseholdQuestionsForm(request.GET, event=event)
    form.is_valid()  # boolean boxes are always valid
    answers = form.answers()
    items = plan_for(event, answers)
    try:
        booking_url = reverse("counter:reserve") + f"?event={event.code}&" + request.GET.urlencode()
    except NoReverseMatch:
        booking_url = ""
    return {
        "event": event,
        "answers": [(QUESTIONS[c].text, v) for c, v in answers.items()],
        "online_items": [i for i in items if i.online],
        "visit_items": [i for i in items if i.needs_visit],
        "notes": [i for i in items if not i.is_procedure],
        "items": items,
        "query": request.GET.urlencode(),
        "booking_url": booking_url,
    }


def checklist(request, code):
    return render(request, "lifeevents/checklist.html", _checklist_context(request, code))


def checklist_print(request, code):
    return render(request, "lifeevents/checklist_print.html", _checklist_context(request, code))

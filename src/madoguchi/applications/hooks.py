"""Steps that must be done before an application can be finally submitted (e.g. paying a fee).

Other modules register a step object with `code`, `applies(application) -> bool`,
`is_done(application) -> bool` and `url(application) -> str`; the resident flow sends the
resident to the first step that applies and is not done before it submits.

    from madoguchi.applications.hooks import submit_steps
    submit_steps.register(PaymentStep())
"""

from __future__ import annotations

from typing import Protocol

from madoguchi.core.registry import Registry


class SubmitStep(Protocol):
    code: str

    def applies(self, application) -> bool: ...

    def is_done(self, application) -> bool: ...

    def url(self, application) -> str: ...


submit_steps: Registry[SubmitStep] = Registry("submit step")


def pending_steps(application) -> list[SubmitStep]:
    return [
        step
        for step in sorted(submit_steps, key=lambda s: s.code)
        if step.applies(application) and not step.is_done(application)
    ]


def first_pending_step(application) -> SubmitStep | None:
    steps = pending_steps(application)
    return steps[0] if steps else None


class DetailPanel(Protocol):
    """A section another module adds to the application page (resident and staff), e.g. the
    fee payment and issued documents. `render` returns HTML ('' when it has nothing to show)."""

    code: str

    def render(self, request, application) -> str: ...


detail_panels: Registry[DetailPanel] = Registry("application detail panel")


def render_detail_panels(request, application) -> list[str]:
    return [
        html
        for panel in sorted(detail_panels, key=lambda p: p.code)
        if (html := panel.render(request, application))
    ]

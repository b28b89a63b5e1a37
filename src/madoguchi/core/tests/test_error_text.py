"""core.httpkit.error_text: the one way a view turns a refusal into the message it shows."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.core.httpkit import error_text, errors_onto


def test_plain_validation_error_is_its_message():
    assert (
        error_text(ValidationError("この手続は現在受け付けていません。"))
        == "この手続は現在受け付けていません。"
    )


def test_field_errors_are_joined_in_one_line():
    error = ValidationError(
        {"reason": ["却下の理由を入力してください。"], "text": ["メモを入力してください。"]}
    )
    assert error_text(error) == "却下の理由を入力してください。 メモを入力してください。"


def test_list_of_messages_is_joined():
    assert error_text(ValidationError(["一つ目。", "二つ目。"])) == "一つ目。 二つ目。"


def test_permission_denied_is_its_text():
    assert (
        error_text(PermissionDenied("この申請を操作する権限がありません。"))
        == "この申請を操作する権限がありません。"
    )


class _Form(forms.Form):
    title = forms.CharField(required=False)


def test_errors_onto_puts_a_field_error_beside_its_field_and_the_rest_on_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    errors_onto(form, ValidationError({"title": ["件名が長すぎます。"], "other": ["期限を過ぎています。"]}))
    assert form.errors["title"] == ["件名が長すぎます。"]
    assert form.non_field_errors() == ["期限を過ぎています。"]


def test_errors_onto_puts_a_refusal_on_top_once():
    form = _Form({"title": "x"})
    assert form.is_valid()
    errors_onto(form, PermissionDenied("この部署の記録を扱う権限がありません。"))
    assert form.non_field_errors() == ["この部署の記録を扱う権限がありません。"]
    assert "title" not in form.errors

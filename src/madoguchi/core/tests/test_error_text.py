"""core.httpkit.error_text: the one way a view turns a refusal into the message it shows."""

from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.core.httpkit import error_text


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

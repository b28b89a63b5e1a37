"""Fields the privacy heuristics flag that hold no personal data, each with the reason the staff
register page publishes (the other half of `privacy.registry`)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Flagged by the heuristics but not personal data: the reason is published on the staff page.
NOT_PERSONAL: dict[str, Promise] = {
    "core.Municipality.postal_code": _("市役所の所在地（団体の情報）"),
    "core.Municipality.address": _("市役所の所在地（団体の情報）"),
    "core.Municipality.address_en": _("市役所の所在地（団体の情報）"),
    "core.Municipality.phone": _("市役所の代表電話（団体の情報）"),
    "core.Municipality.email": _("市役所の代表アドレス（団体の情報）"),
    "core.Department.phone": _("課の代表電話（団体の情報）"),
    "core.Department.email": _("課の代表アドレス（団体の情報）"),
    "delivery.Mailing.mailed_by": _("発送した職員（職員の記録）"),
    "delivery.SettlementReconciliation.discrepancies": _(
        "決済会社の精算データとの照合結果（決済番号と金額だけ）"
    ),
    "procedures.Procedure.kana": _("手続名の読み"),
    "procedures.Procedure.requires_my_number": _("手続の設定（個人番号を求めるかどうか）"),
    "procedures.ProcedureVersion.schema": _("申請様式の定義（個人に関する記述はない）"),
    "procedures.ProcedureVersion.ui_schema": _("申請様式の表示設定"),
    "opendata.Dataset.contact_name": _("公開データの問い合わせ先（担当課の名称）"),
    "opendata.Dataset.contact_email": _("公開データの問い合わせ先（担当課の代表アドレス）"),
    "opendata.ConversionJob.tables": _("公表済みの統計ファイルの変換結果"),
    "opendata.ConversionJob.notes": _("統計ファイルの変換の注記"),
    "opendata.ConversionJob.csv_text": _("公表済みの統計ファイルの変換結果"),
    "opendata.ConversionJob.error": _("変換の失敗理由（技術的な内容）"),
    "pdca.IndicatorValue.note": _("計画の指標の実績値の注記"),
    "pdca.Review.plan_note": _("計画の評価（取組についての記述）"),
    "pdca.Review.do_note": _("計画の評価（取組についての記述）"),
    "pdca.Review.check_note": _("計画の評価（取組についての記述）"),
    "pdca.Review.act_note": _("計画の評価（取組についての記述）"),
    "pdca.Review.decided_changes": _("計画の評価（取組についての記述）"),
    "pdca.Review.resident_note": _("計画の評価（住民向けの説明）"),
    "privacy.PurgeRun.counts": _("削除・匿名化した記録の種類ごとの件数"),
    "opendata.Collaboration.summary": _("事業者・団体との連携・協働の検討内容（団体間の記録）"),
    "automation.Rule.conditions": _("業務ルールの条件（職員が定める申請の項目と値の条件）"),
    "automation.Rule.params": _("業務ルールの動作の設定（担当・依頼する書類など）"),
    "workstyle.Meeting.agenda": _("職員の会議の議題（業務についての記述）"),
    "learning.LessonVersion.body": _("研修の教材（個人に関する記述はない）"),
    "paper.FormTemplate.layout": _("紙の様式の読取り位置（項目の位置と種類だけ）"),
    "paper.ScanBatch.error": _("読取りの失敗の理由（ファイルの形式などシステムの記録）"),
    "paper.ScanPage.detail": _("ページを除外した理由（様式コードなど）"),
    "learning.Attempt.layout": _("確認テストで出題した問題と選択肢の順番"),
    "learning.CitizenClass.place_address": _("講習会の会場（市の公共施設）の所在地"),
    "participation.Process.comments_by_email_users": _(
        "参加の場の設定（メールで登録した人のコメントを認めるか）"
    ),
    "assistant.Faq.answer": _("市が公開するよくある質問の回答（個人に関する記述はない）"),
    "assistant.Faq.answer_en": _("市が公開するよくある質問の回答（英語）"),
    "assistant.Faq.procedure_codes": _("FAQに関連する手続のコード"),
    "assistant.Faq.life_events": _("FAQに関連するライフイベントのコード"),
    "assistant.Faq.links": _("FAQに関連する市のページへのリンク"),
    "assistant.SynonymGroup.terms": _("問合せ案内の同義語（一般的な語）"),
}

"""個人情報ファイル簿 (the register of personal-information files), declared beside the code.

Every model field that holds personal data belongs to one personal-information file (個人情報
ファイル, 個人情報保護法 第60条・第74条・第75条) declared here, with what the register must say:
purpose (利用目的), legal basis (根拠), the people recorded (記録範囲), sources (収集方法),
regular recipients (経常的提供先), retention (保存期間) and the owning department (所管課).
The register page and `madoguchi privacy register --format csv` are generated from this list and
the models themselves (the items are the fields' own labels), so the register cannot drift from
the database.

A field that the heuristics (`privacy.heuristics`) flag but that holds no personal data is
declared in `NOT_PERSONAL` (privacy/not_personal.py) with the reason. `privacy/tests/test_register.py` fails on a flagged
field declared in neither place, and on a declaration naming a field that does not exist.

Models are named by label ("core.Person"), never imported: privacy reads other apps' schemas
through Django's app registry only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .not_personal import NOT_PERSONAL


@dataclass(frozen=True)
class PersonalFile:
    """One 個人情報ファイル: a set of records about people kept for one purpose."""

    code: str
    name: Promise
    department: str  # the owning department's code (core.Department.code)
    purpose: Promise
    legal_basis: Promise
    scope: Promise  # 記録範囲: whose data it holds
    sources: Promise  # 記録情報の収集方法
    recipients: Promise  # 経常的提供先 (empty: none)
    retention: Promise  # 保存期間
    fields: dict[str, tuple[str, ...]]  # model label → field names
    public: bool = True  # False: exempt from publication (法第75条第2項), shown to staff only
    special: bool = False  # 特定個人情報 (My Number) is recorded
    sensitive: bool = False  # 要配慮個人情報 may be recorded
    note: Promise | str = ""
    held_by_each: bool = False  # each case belongs to its procedure's department (the owner runs it)


SEE_PROCEDURE = _(
    "手続ごとの根拠法令（手続の案内に掲載）及び行政手続等における情報通信の技術の利用に関する法律"
)

FILES: list[PersonalFile] = [
    PersonalFile(
        code="resident-records",
        name=_("住民記録ファイル（申請の事前入力用）"),
        department="shimin",
        purpose=_("申請書の事前入力（ワンスオンリー）、本人確認、通知の送付のため"),
        legal_basis=_("住民基本台帳法、国分寺市個人情報の保護に関する法律施行条例"),
        scope=_("市の住民及び市の手続を利用した者"),
        sources=_("住民基本台帳システムからの連携、本人の届出、マイナンバーカードによる本人確認"),
        recipients=_("なし"),
        retention=_("転出・死亡の日から5年"),
        fields={
            "core.Person": (
                "family_name",
                "given_name",
                "family_name_kana",
                "given_name_kana",
                "birth_date",
                "gender",
                "relationship",
                "postal_code",
                "address",
                "phone",
                "email",
                "household",
                "user",
            ),
            "core.Household": ("number", "postal_code", "address", "district"),
            "identity.ResidentIdentity": ("issuer", "subject", "person"),
        },
    ),
    PersonalFile(
        code="my-number",
        name=_("個人番号ファイル（特定個人情報ファイル）"),
        department="shimin",
        purpose=_("個人番号利用事務（番号法別表に定める事務）における本人の特定のため"),
        legal_basis=_(
            "行政手続における特定の個人を識別するための番号の利用等に関する法律（番号法）第9条、"
            "国分寺市個人番号の利用に関する条例"
        ),
        scope=_("個人番号を記録した住民、個人番号を記載して申請した者"),
        sources=_("本人の申請、住民基本台帳システムからの連携"),
        recipients=_("番号法第19条に定める場合に限る"),
        retention=_("個人番号利用事務に必要な期間（事務終了後、速やかに削除）"),
        fields={
            "core.Person": ("my_number_encrypted", "my_number_digest"),
            "applications.Application": ("secret_data",),
        },
        special=True,
        note=_(
            "暗号化して保存し、表示はマイナンバー利用事務の権限を持つ職員に限り、表示のたびに記録します。"
        ),
    ),
    PersonalFile(
        code="online-applications",
        name=_("電子申請ファイル"),
        department="digital",
        purpose=_("申請・届出の受付、審査、決定、通知及び手数料の収納のため"),
        legal_basis=SEE_PROCEDURE,
        scope=_("市に申請・届出をした者及び申請書に記載された者（世帯員、子など）"),
        sources=_("本人の申請（オンライン、窓口、郵送、紙の申請書の読取り）"),
        recipients=_("手続の根拠法令に定める機関（例：東京都、国民健康保険団体連合会）"),
        retention=_("手続の完了から5年（添付書類は完了から1年、下書きは30日）"),
        fields={
            "applications.Application": (
                "applicant",
                "data",
                "correction_reason",
                "correction_snapshot",
                "decision_reason",
                "signature_detail",
                "submitted_by",
            ),
            "applications.Attachment": ("file", "original_name"),
            "applications.InternalNote": ("text",),
            "applications.PushInvitation": ("person",),
        },
        sensitive=True,
        held_by_each=True,
        note=_("申請の内容により要配慮個人情報（病歴、障害など）を含みます。"),
    ),
    PersonalFile(
        code="documents-and-payments",
        name=_("証明書交付・手数料収納ファイル"),
        department="shimin",
        purpose=_("電子証明書の交付、真正性の確認及び手数料の収納・返金のため"),
        legal_basis=_("国分寺市手数料条例、地方自治法第231条の2の3"),
        scope=_("証明書の交付を受けた者、手数料を納付した者"),
        sources=_("本人の申請、決済事業者からの通知"),
        recipients=_("指定納付受託者（決済事業者）"),
        retention=_("交付・収納の日から5年"),
        fields={
            "delivery.IssuedDocument": ("person", "pdf", "title", "revocation_reason"),
            "delivery.Payment": ("person", "instructions"),
            "delivery.PaymentRefund": ("reason",),
            "delivery.Mailing": (
                "person",
                "recipient_name",
                "postal_code",
                "address",
                "tracking_number",
                "mailed_at",
            ),
            "delivery.FeeExemption": ("person", "reason", "note"),
        },
        held_by_each=True,
    ),
    PersonalFile(
        code="counter",
        name=_("窓口受付ファイル（書かない窓口・来庁予約）"),
        department="shimin",
        purpose=_("窓口での申請書の作成、来庁予約及び呼出しのため"),
        legal_basis=SEE_PROCEDURE,
        scope=_("窓口を利用した者、来庁を予約した者"),
        sources=_("本人からの聞き取り、住民記録、本人の予約"),
        recipients=_("なし"),
        retention=_("受付の日から1年（申請になったものは電子申請ファイルの保存期間による）"),
        fields={
            "counter.Reservation": ("person", "contact_name", "contact_phone", "contact_email", "answers"),
            "counter.CounterSession": ("person", "answers", "signature_image"),
            "counter.CounterForm": ("data",),
            "counter.Ticket": ("person",),
        },
        held_by_each=True,
    ),
    PersonalFile(
        code="participation",
        name=_("市民参加ファイル"),
        department="kyodo",
        purpose=_("提案、意見、アンケート、ワークショップ等の市民参加の運営及び集計のため"),
        legal_basis=_("国分寺市自治基本条例、国分寺市市民参加条例"),
        scope=_("市民参加の場に参加した者"),
        sources=_("本人の投稿・回答・申込み（オンライン、郵送、窓口）"),
        recipients=_("なし（集計結果は個人が分からない形で公表）"),
        retention=_("参加の場の終了から5年、またはアカウント削除の申出まで"),
        fields={
            "participation.Proposal": ("author", "body", "answer"),
            "participation.Comment": ("author", "display_name", "body"),
            "participation.Report": ("reporter", "details"),
            "participation.Support": ("person",),
            "participation.SurveyResponse": ("person", "answers", "paper_reference"),
            "participation.Registration": ("person", "checked_in_at", "joined_at"),
            "participation.EventQuestion": ("registration", "body", "answer"),
            "participation.Vote": ("person",),
            "participation.Participation": ("age_band", "district"),
            "participation.Ballot": ("person", "paper_reference"),
            "participation.ReferendumVote": ("person", "choice"),
            "participation.Argument": ("author", "display_name", "body"),
        },
    ),
    PersonalFile(
        code="data-requests",
        name=_("データ公開要望ファイル"),
        department="digital",
        purpose=_("オープンデータの公開の要望を受け付け、担当部署が回答し、要望者・フォロー者に通知するため"),
        legal_basis=_("官民データ活用推進基本法第11条、個人情報の保護に関する法律第61条"),
        scope=_("データの公開を要望した者及び要望をフォローした者"),
        sources=_("本人（オンライン）"),
        recipients=_("なし（要望の内容と回答は、要望者の氏名を除いて公開）"),
        retention=_(
            "回答の日から3年（その後は要望者・フォロー者の記録と団体名を消し、要望の内容と回答は公開を続ける）"
        ),
        fields={
            "opendata.DataRequest": ("requested_by", "organisation_name", "description", "purpose", "answer"),
            "opendata.DataRequestFollow": ("user",),
        },
    ),
    PersonalFile(
        code="opendata-showcases",
        name=_("オープンデータ活用事例投稿ファイル"),
        department="digital",
        purpose=_("オープンデータの活用事例の投稿を受け付け、掲載を審査し、投稿者に結果を知らせるため"),
        legal_basis=_("官民データ活用推進基本法第11条、個人情報の保護に関する法律第61条"),
        scope=_("オープンデータの活用事例を投稿した者"),
        sources=_("本人（オンライン）"),
        recipients=_(
            "なし（掲載した活用事例の名称・説明・制作者名は公開。投稿者の氏名・メールアドレスは公開しない）"
        ),
        retention=_(
            "掲載する・しないを決めた日（掲載をやめたときはその日）から1年（その後、掲載中の活用事例は"
            "投稿者の氏名・メールアドレスを消して掲載を続け、掲載しない活用事例は削除）"
        ),
        fields={
            "opendata.Showcase": (
                "submitter_name",
                "submitter_email",
                "submitted_by",
                "author",
                "description",
                "reason",
            ),
        },
    ),
    PersonalFile(
        code="notifications",
        name=_("通知送付ファイル"),
        department="digital",
        purpose=_("申請の状況、証明書の交付、予約等の通知を送付するため"),
        legal_basis=SEE_PROCEDURE,
        scope=_("市から通知を受けた者"),
        sources=_("本人の申請・登録"),
        recipients=_("通知の送信事業者（メール・SMS）"),
        retention=_("送付の日から1年"),
        fields={"core.Notification": ("recipient", "address", "subject", "body", "error")},
    ),
    PersonalFile(
        code="access-records",
        name=_("業務記録・アクセス記録ファイル"),
        department="johokanri",
        purpose=_("個人情報の取扱いの記録、不正なアクセスの発見及び情報セキュリティ監査のため"),
        legal_basis=_("個人情報の保護に関する法律第66条（安全管理措置）"),
        scope=_("システムを利用した職員及び住民、記録の対象となった者"),
        sources=_("システムの自動記録"),
        recipients=_("なし"),
        retention=_("記録の日から5年（監査の連鎖はハッシュで保全）"),
        fields={
            "core.Event": ("actor", "data"),
            "core.AuditEntry": ("actor_id_value", "actor_label", "data"),
            "admin.LogEntry": ("user", "object_id", "object_repr", "change_message"),
            "privacy.AccessAlert": ("staff", "audit_seqs", "review_note"),
            "privacy.LegalHold": ("person", "reason"),
            "privacy.QuarterlyReview": ("staff", "note"),
        },
        note=_("閲覧した住民の記録は識別番号で記録し、氏名などの内容は記録しません（検索語を除く）。"),
    ),
    PersonalFile(
        code="security-incidents",
        name=_("情報セキュリティインシデント・監査ファイル"),
        department="johokanri",
        purpose=_(
            "情報セキュリティインシデントへの対応、個人情報保護委員会への報告及び情報セキュリティ監査のため"
        ),
        legal_basis=_("個人情報の保護に関する法律第68条、国分寺市情報セキュリティポリシー"),
        scope=_("インシデントの当事者・報告者、監査を担当した職員"),
        sources=_("職員の報告、本人からの連絡、監査"),
        recipients=_("個人情報保護委員会（漏えい等の報告）"),
        retention=_("インシデントの終了から5年"),
        fields={
            "privacy.Incident": ("reported_by", "description", "actions"),
            "privacy.SecurityAudit": ("auditor",),
        },
    ),
    PersonalFile(
        code="staff-accounts",
        name=_("職員アカウントファイル"),
        department="shokuin",
        purpose=_("職員の認証、権限の管理のため"),
        legal_basis=_("国分寺市情報セキュリティポリシー"),
        scope=_("市の職員"),
        sources=_("職員課の人事情報、本人の登録"),
        recipients=_("なし"),
        retention=_("退職の日から1年"),
        fields={
            "core.User": ("username", "first_name", "last_name", "email"),
            "core.StaffRole": ("user", "department", "role"),
            "account.EmailAddress": ("email",),
            "account.EmailConfirmation": ("email_address",),
            "mfa.Authenticator": ("data",),
        },
        public=False,
        note=_(
            "職員の人事に関する事項を記録するファイルで、ファイル簿の公表の対象外です（法第75条第2項第1号）。"
        ),
    ),
    PersonalFile(
        code="class-registrations",
        name=_("講習会申込者ファイル"),
        department="digital",
        purpose=_("講習会（スマホ講習会など）の申込の受付、連絡、出欠の管理及びアンケートの集計のため"),
        legal_basis=_(
            "個人情報の保護に関する法律第61条、国分寺市行政デジタル化推進計画（デジタルデバイド対策）"
        ),
        scope=_("講習会に申し込んだ市民"),
        sources=_("本人（オンライン、電話、窓口）"),
        recipients=_("なし"),
        retention=_("講習会の年度の末日から3年"),
        fields={
            "learning.ClassRegistration": ("person", "name", "phone", "email"),
            "learning.SurveyAnswer": ("comment",),
        },
    ),
    PersonalFile(
        code="digital-supporters",
        name=_("デジタルサポーター登録ファイル"),
        department="digital",
        purpose=_("デジタルサポーター（ボランティア）の登録、連絡及び担当の調整のため"),
        legal_basis=_("個人情報の保護に関する法律第61条"),
        scope=_("デジタルサポーターとして登録した人"),
        sources=_("本人"),
        recipients=_("なし"),
        retention=_("登録の終了から1年"),
        fields={"learning.Supporter": ("name", "phone", "email"), "learning.Shift": ("supporter",)},
    ),
    PersonalFile(
        code="staff-training",
        name=_("職員研修記録ファイル"),
        department="shokuin",
        purpose=_("職員の研修の受講・修了の管理、督促及び計画の指標（受講者の割合）の算出のため"),
        legal_basis=_("地方公務員法第39条、国分寺市情報セキュリティポリシー"),
        scope=_("市の職員"),
        sources=_("システムの自動記録（確認テストの結果）"),
        recipients=_("なし"),
        retention=_("修了の年度の末日から5年"),
        fields={
            "learning.Attempt": ("user", "score", "passed"),
            "learning.Completion": ("user", "score"),
            "learning.Reminder": ("user",),
        },
        public=False,
        note=_(
            "職員の人事に関する事項を記録するファイルで、ファイル簿の公表の対象外です（法第75条第2項第1号）。"
        ),
    ),
    PersonalFile(
        code="staff-workstyle",
        name=_("職員の働き方改革記録ファイル"),
        department="shokuin",
        purpose=_(
            "テレワーク実証実験の参加・実施日・アンケート及び会議資料の閲覧の記録と、計画の指標の算出のため"
        ),
        legal_basis=_("地方公務員法、国分寺市行政デジタル化推進計画（働き方改革）"),
        scope=_("市の職員"),
        sources=_("本人の入力及びシステムの自動記録"),
        recipients=_("なし"),
        retention=_("実証実験・会議の年度の末日から5年"),
        fields={
            "workstyle.PilotMember": ("user",),
            "workstyle.TeleworkDay": ("member",),
            "workstyle.SurveyAnswer": ("member", "comment"),
            "workstyle.DocumentOpen": ("user",),
        },
        public=False,
        note=_(
            "職員の人事に関する事項を記録するファイルで、ファイル簿の公表の対象外です（法第75条第2項第1号）。"
        ),
    ),
    PersonalFile(
        code="paper-intake",
        name=_("紙の申請書の読取りファイル（AI-OCR）"),
        department="digital",
        purpose=_("郵送・窓口で受け取った紙の申請書を読み取り、職員が確認して電子の申請として受け付けるため"),
        legal_basis=SEE_PROCEDURE,
        scope=_("紙の申請書で市に申請・届出をした者及び申請書に記載された者"),
        sources=_("本人が提出した紙の申請書（スキャンした画像とその読取り結果）"),
        recipients=_("なし"),
        retention=_(
            "受理して申請になったものは申請ファイル（電子申請）の保存期間による。受理しなかったスキャンは取込みから1年"
        ),
        fields={
            "paper.ScanBatch": ("upload", "original_name", "uploaded_by"),
            "paper.ScanPage": ("image", "verified_by"),
            "paper.PaperForm": ("scan", "accepted_by", "receipt_number"),
            "paper.FieldReading": ("crop", "read_value", "verified_value", "verified_by", "second_by"),
        },
        special=True,
        sensitive=True,
        held_by_each=True,
        note=_(
            "申請書に個人番号の欄がある手続では特定個人情報を含みます（読取り値は暗号化して保存し、"
            "個人番号は2人の職員が確認します）。"
        ),
    ),
    PersonalFile(
        code="assistant-handoffs",
        name=_("問合せ案内の問合せ・折返し依頼ファイル"),
        department="shimin",
        purpose=_(
            "問合せ案内（チャットボット）から職員に引き継いだ問合せへの回答と、時間外の折返しの連絡のため"
        ),
        legal_basis=_("国分寺市個人情報の保護に関する法律施行条例"),
        scope=_("問合せ案内から職員への問合せ又は折返しを依頼した者"),
        sources=_("本人の入力（質問の文面は個人番号・電話番号・メールアドレス等を伏せて記録）"),
        recipients=_("なし"),
        retention=_("受付の日から1年"),
        fields={
            "assistant.Inquiry": ("user", "name", "email", "phone", "details", "reply"),
            "assistant.CallbackRequest": ("user", "name", "phone", "email", "note"),
        },
        held_by_each=True,
        note=_(
            "質問の記録（assistant.QuestionLog）は個人情報を伏せて保存し、どの住民の質問かも記録しないため、"
            "このファイルに含みません。"
        ),
    ),
    PersonalFile(
        code="portal-intake",
        name=_("ぴったりサービス受付ファイル"),
        department="digital",
        purpose=_(
            "マイナポータル（ぴったりサービス）で申請された申請・届出の受付と、取り込めなかった項目の確認のため"
        ),
        legal_basis=SEE_PROCEDURE,
        scope=_("マイナポータルから市の手続を申請した者"),
        sources=_("本人がマイナポータルで入力し、市がダウンロードした申請データ・添付書類"),
        recipients=_("なし"),
        retention=_("受付の日から5年（申請になったものは申請の保存期間に従う）"),
        fields={
            "interop.PortalSubmission": ("portal_number", "fields", "application"),
            "interop.PortalAttachment": ("name", "file"),
            "interop.ReviewItem": ("value", "message"),
        },
        held_by_each=True,
        note=_("申請として受け付けた内容は電子申請ファイルに含まれます。"),
    ),
    PersonalFile(
        code="registry-exchange",
        name=_("住民記録システム連携ファイル"),
        department="shimin",
        purpose=_(
            "住民記録システム等の基幹系システム（標準準拠システム）から連携した住民・世帯・住所の異動・受給資格による、"
            "申請書の事前入力、プッシュ型の案内、窓口での検索、及びこの仕組みの住民記録との相違の確認のため"
        ),
        legal_basis=_(
            "住民基本台帳法、地方公共団体情報システムの標準化に関する法律、国分寺市個人情報の保護に関する法律施行条例"
        ),
        scope=_("市の住民基本台帳に記録されている者（記録されていた者を含む）"),
        sources=_("住民記録システム・児童手当システム・介護保険システムからの連携ファイル"),
        recipients=_("なし"),
        retention=_("転出・死亡の日から5年（次の連携で更新）"),
        fields={
            "interop.RegistryPerson": (
                "atena",
                "resident_code",
                "household_number",
                "family_name",
                "given_name",
                "family_name_kana",
                "given_name_kana",
                "birth_date",
                "gender",
                "relationship",
                "postal_code",
                "address",
                "status",
                "card_holder",
                "person",
            ),
            "interop.RegistryHousehold": ("number", "head_atena", "postal_code", "address"),
            "interop.RegistryAddressChange": (
                "atena",
                "changed_on",
                "reason",
                "postal_code",
                "address",
                "previous_address",
            ),
            "interop.RegistryEntitlement": ("atena", "kind", "valid_from", "valid_until", "detail"),
            "interop.Conflict": ("person", "household", "registry_value", "local_value"),
        },
    ),
    PersonalFile(
        code="notices",
        name=_("通知の連絡方法・郵送通知ファイル"),
        department="shimin",
        purpose=_(
            "市からの通知を本人が希望する方法（メール・SMS・LINE・郵便）で届け、届かなかったときに次の方法で送り、"
            "郵送する通知を印刷して発送するため"
        ),
        legal_basis=SEE_PROCEDURE,
        scope=_("市から通知を受ける住民（連絡方法を登録した者、郵送で通知を受けた者）"),
        sources=_("本人の登録（携帯電話番号、LINEの連携）、住民記録（郵送先の住所）、送信事業者の配達通知"),
        recipients=_("通知の送信事業者（SMS・LINE）、印刷・発送の委託先（郵送分）"),
        retention=_("連絡方法は登録の取消しまで、配達の記録と郵送通知は送付の日から1年"),
        fields={
            "notices.ChannelPreference": ("person", "order", "mobile", "line_user_id", "line_link_code"),
            "notices.Delivery": ("notification", "provider_id", "error"),
            "notices.Letter": ("person", "name", "postal_code", "address", "subject", "body"),
            "notices.LetterBatch": ("pdf", "manifest"),
        },
        note=_("印刷用PDFと発送一覧（CSV）は、郵送の権限を持つ職員が2要素認証のうえでだけ取り出せます。"),
    ),
]


@dataclass(frozen=True)
class Declaration:
    """Where one field is declared: its file, or the reason it is not personal."""

    label: str  # "core.Person.email"
    file: PersonalFile | None = None
    reason: Promise | str = field(default="")


def declarations() -> dict[str, Declaration]:
    """ "model label.field" → its declaration (a field in two files is an error the test names)."""
    result: dict[str, Declaration] = {}
    for personal_file in FILES:
        for model_label, names in personal_file.fields.items():
            for name in names:
                label = f"{model_label}.{name}"
                result.setdefault(label, Declaration(label, file=personal_file))
    for label, reason in NOT_PERSONAL.items():
        result.setdefault(label, Declaration(label, reason=reason))
    return result


def file_by_code(code: str) -> PersonalFile | None:
    return next((f for f in FILES if f.code == code), None)

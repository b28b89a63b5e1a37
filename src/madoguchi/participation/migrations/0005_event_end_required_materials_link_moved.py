"""The end time is required from now on (0004 gave every event one); the single materials link
of a workshop lives on as an EventMaterial (0004 moved it)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0004_event_end_materials_questions_attendance"),
    ]

    operations = [
        migrations.AlterField(
            model_name="workshop",
            name="ends_at",
            field=models.DateTimeField(
                blank=True, help_text="空欄のときは開始の2時間後になります。", verbose_name="終了日時"
            ),
        ),
        migrations.RemoveField(
            model_name="workshop",
            name="materials_url",
        ),
        migrations.AddConstraint(
            model_name='workshop',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='participation_workshop_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='eventmaterial',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('file', ''), models.Q(('url', ''), _negated=True)), models.Q(models.Q(('file', ''), _negated=True), ('url', '')), _connector='OR'), name='participation_material_file_or_link'),
        ),
    ]

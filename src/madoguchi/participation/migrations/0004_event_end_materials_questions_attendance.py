"""Events get an end time, materials, questions in advance and attendance (issue 23 part 1).

Every existing event ends two hours after its start (`DEFAULT_EVENT_DURATION`); a workshop's one
materials link becomes its first material. 0005 then makes the end required and drops the link.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
import madoguchi.participation.models.events
from django.conf import settings
from django.db import migrations, models

DEFAULT_EVENT_DURATION = datetime.timedelta(hours=2)


def forwards(apps, schema_editor):
    Workshop = apps.get_model("participation", "Workshop")
    EventMaterial = apps.get_model("participation", "EventMaterial")
    for workshop in Workshop.objects.filter(ends_at__isnull=True).iterator():
        workshop.ends_at = workshop.starts_at + DEFAULT_EVENT_DURATION
        workshop.save(update_fields=["ends_at"])
    for workshop in Workshop.objects.exclude(materials_url="").iterator():
        EventMaterial.objects.create(workshop=workshop, title="資料", url=workshop.materials_url)


def backwards(apps, schema_editor):
    Workshop = apps.get_model("participation", "Workshop")
    EventMaterial = apps.get_model("participation", "EventMaterial")
    for material in EventMaterial.objects.exclude(url="").order_by("added_at", "pk"):
        Workshop.objects.filter(pk=material.workshop_id, materials_url="").update(materials_url=material.url)


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0003_budgets_results_votes_debates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EventMaterial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='資料名')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=madoguchi.participation.models.events.material_path, verbose_name='ファイル（PDF）')),
                ('original_name', models.CharField(blank=True, max_length=200, verbose_name='元のファイル名')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='サイズ')),
                ('url', models.URLField(blank=True, verbose_name='資料のURL')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': '説明会の資料',
                'verbose_name_plural': '説明会の資料',
                'ordering': ['workshop', 'added_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EventQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(max_length=1000, verbose_name='質問')),
                ('answer', models.TextField(blank=True, verbose_name='回答')),
                ('is_public', models.BooleanField(default=True, help_text='個人的な事情に関わる質問は、公開せずに質問した人にだけ回答を届けます。', verbose_name='質問と回答を公開する')),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': '事前質問',
                'verbose_name_plural': '事前質問',
                'ordering': ['workshop', 'created_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='registration',
            name='checked_in_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='会場の受付'),
        ),
        migrations.AddField(
            model_name='registration',
            name='checked_in_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='registration',
            name='joined_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='オンラインの参加（最初の入室）'),
        ),
        migrations.AddField(
            model_name='registration',
            name='reminded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='前日のお知らせ'),
        ),
        migrations.AddField(
            model_name='workshop',
            name='ends_at',
            field=models.DateTimeField(blank=True, help_text='空欄のときは開始の2時間後になります。', null=True, verbose_name='終了日時'),
        ),
        migrations.AddField(
            model_name='workshop',
            name='recording_url',
            field=models.URLField(blank=True, verbose_name='録画のURL'),
        ),
        migrations.AddField(
            model_name='eventmaterial',
            name='added_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='eventmaterial',
            name='workshop',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='participation.workshop'),
        ),
        migrations.AddField(
            model_name='eventquestion',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='eventquestion',
            name='registration',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='participation.registration'),
        ),
        migrations.AddField(
            model_name='eventquestion',
            name='workshop',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='participation.workshop'),
        ),
        migrations.RunPython(forwards, backwards),
    ]

from django.contrib import admin

from . import models


class PhaseInline(admin.TabularInline):
    model = models.Phase
    extra = 0


@admin.register(models.Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "department", "is_published"]
    list_filter = ["phase", "is_published"]
    inlines = [PhaseInline]


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "anonymous", "is_open"]
    inlines = [QuestionInline]


@admin.register(models.Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "format", "starts_at", "capacity_in_person", "capacity_online"]


class StatementInline(admin.TabularInline):
    model = models.Statement
    extra = 0
    fields = ["text", "status"]


@admin.register(models.OpinionMap)
class OpinionMapAdmin(admin.ModelAdmin):
    list_display = ["title", "process"]
    inlines = [StatementInline]


@admin.register(models.Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "text_en"]


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "status", "supports_count", "progress"]
    list_filter = ["status"]
    readonly_fields = ["supports_count"]


class BudgetProjectInline(admin.TabularInline):
    model = models.BudgetProject
    extra = 0
    fields = ["title", "proposal", "cost", "feasibility", "votes", "selected"]
    readonly_fields = ["votes", "selected"]


@admin.register(models.Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Creating a participatory budget; its phases, review, ballots and count go through the
    budget's page (the services write the Events)."""

    list_display = ["title", "process", "amount", "method", "phase"]
    list_filter = ["phase", "method"]
    readonly_fields = ["phase"]
    inlines = [BudgetProjectInline]


@admin.register(models.Result)
class ResultAdmin(admin.ModelAdmin):
    """実施状況 of the city's own projects; progress is updated on the result's page."""

    list_display = ["title", "process", "status", "progress", "budget_amount", "spent"]
    list_filter = ["status"]
    readonly_fields = ["status", "progress", "spent"]
    filter_horizontal = ["proposals"]


@admin.register(models.Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "is_open"]

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicators, name="indicators_all"),
    path("indicators.csv", views.indicators_csv, name="indicators_all_csv"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/comments/<int:pk>/", views.moderate, name="moderate"),
    path("moderation/statements/<int:pk>/", views.moderate_statement, name="moderate_statement"),
    path("moderation/proposals/<int:pk>/", views.moderate_proposal, name="moderate_proposal"),
    path("moderation/users/<int:user_id>/block/", views.block, name="block"),
    path("processes/<int:pk>/", views.process_detail, name="process"),
    path("processes/<int:pk>/follow/", views.follow, name="follow"),
    path("processes/<int:pk>/phase/", views.set_phase, name="set_phase"),
    path("processes/<int:pk>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("processes/<int:pk>/comments/", views.comment_post, name="comment_post"),
    path("processes/<int:pk>/indicators/", views.indicators, name="indicators"),
    path("processes/<int:pk>/indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/support/withdraw/", views.proposal_unsupport, name="proposal_unsupport"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/paper/", views.survey_paper, name="survey_paper"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path("workshops/<int:pk>/minutes/", views.workshop_minutes, name="workshop_minutes"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/vote/", views.budget_vote, name="budget_vote"),
    path("budgets/<int:pk>/phase/", views.budget_phase, name="budget_phase"),
    path("budgets/<int:pk>/review/", views.budget_review, name="budget_review"),
    path("budgets/<int:pk>/paper/", views.budget_paper, name="budget_paper"),
    path("budgets/<int:pk>/publish/", views.budget_publish, name="budget_publish"),
    path("opinion/<int:pk>/", views.opinion_map, name="opinion_map"),
    path("opinion/<int:pk>/vote/", views.opinion_vote, name="opinion_vote"),
    path("opinion/<int:pk>/statements/", views.opinion_statement, name="opinion_statement"),
]

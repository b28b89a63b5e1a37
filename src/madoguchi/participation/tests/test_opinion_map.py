"""みんなの意見マップ: two planted opinion groups and one planted consensus statement are found."""

import random

from madoguchi.participation.opinion import analyse

GROUP_A = [f"a{i}" for i in range(25)]
GROUP_B = [f"b{i}" for i in range(20)]
A_STATEMENTS = ["ボール遊びを認める", "子どもの声は気にならない", "遊具を新しく"]
B_STATEMENTS = ["静かに過ごしたい", "ボール遊びは専用広場だけ", "花壇を優先"]
CONSENSUS = "トイレを清潔に"


def planted_votes(seed=1, noise=0.1):
    rng = random.Random(seed)
    votes = []
    for group, mine, theirs in ((GROUP_A, A_STATEMENTS, B_STATEMENTS), (GROUP_B, B_STATEMENTS, A_STATEMENTS)):
        for person in group:
            for statement in mine + theirs + [CONSENSUS]:
                if rng.random() < 0.15:
                    continue  # not everyone votes on everything
                agrees = statement in mine or statement == CONSENSUS
                if rng.random() < noise:
                    agrees = not agrees
                value = 0 if rng.random() < 0.05 else (1 if agrees else -1)
                votes.append((person, statement, value))
    return votes


def test_finds_both_planted_groups_and_the_consensus_statement():
    analysis = analyse(planted_votes())
    assert len(analysis.groups) == 2
    placed = set(analysis.points)  # everyone with at least three votes
    assert len(placed) >= 40
    found = sorted((set(g.members) for g in analysis.groups), key=len, reverse=True)
    assert found[0] == set(GROUP_A) & placed and found[1] == set(GROUP_B) & placed
    assert analysis.consensus == [(CONSENSUS, "agree")]
    divisive = {statement for statement, _spread in analysis.divisive}
    assert divisive == set(A_STATEMENTS + B_STATEMENTS)


def test_too_few_votes_gives_no_groups():
    analysis = analyse([("a", "s1", 1), ("b", "s1", -1)])
    assert analysis.groups == [] and analysis.consensus == []

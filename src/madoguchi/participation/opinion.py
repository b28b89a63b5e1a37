"""みんなの意見マップ: find opinion groups in agree/disagree/pass votes (Polis-style).

Participants × statements matrix (agree 1, disagree -1, pass or not voted 0) → PCA to two
dimensions → k-means, with k (2–5) chosen by silhouette score. Then per group and statement the
share of agree and disagree among those who voted:

- consensus statements: every group agrees (or every group disagrees) by at least CONSENSUS_SHARE;
- divisive statements: the groups differ most ((agree − disagree) share spread across groups).

Only pseudonymous keys go in; nothing here knows who anyone is.

PCA (SVD of the centred matrix), k-means (k-means++ seeding, several starts) and the silhouette
score are written with numpy: the same algorithms as scikit-learn's, without its ~15 s import
on a busy server (the opinion page and the tests stay fast).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .models import Statement, Vote

CONSENSUS_SHARE = 0.6
DIVISIVE_SPREAD = 0.5
MIN_VOTES = 3  # a participant needs this many votes (or all statements) to be placed on the map


@dataclass
class StatementStats:
    statement: Hashable
    votes: int
    agree: float  # share of agree among group members who voted on it
    disagree: float


@dataclass
class Group:
    number: int  # 1-based, for display (「グループ1」)
    members: list[Hashable]
    centre: tuple[float, float]
    stats: dict[Hashable, StatementStats] = field(default_factory=dict)


@dataclass
class OpinionAnalysis:
    participants: int
    statements: list[Hashable]
    groups: list[Group]
    points: dict[Hashable, tuple[float, float]]  # participant → 2D position (for the map)
    consensus: list[tuple[Hashable, str]]  # (statement, "agree" | "disagree"), strongest first
    divisive: list[tuple[Hashable, float]]  # (statement, spread), strongest first

    def group_of(self, participant: Hashable) -> int | None:
        for group in self.groups:
            if participant in group.members:
                return group.number
        return None


def analyse(
    votes: Iterable[tuple[Hashable, Hashable, int]], *, max_groups: int = 5, seed: int = 0
) -> OpinionAnalysis:
    """`votes`: (participant, statement, value in {1, -1, 0}) triples."""
    votes = list(votes)
    statements = sorted({s for _p, s, _v in votes}, key=str)
    participants = sorted({p for p, _s, _v in votes}, key=str)
    s_index = {s: i for i, s in enumerate(statements)}
    p_index = {p: i for i, p in enumerate(participants)}
    matrix = np.zeros((len(participants), len(statements)))
    voted = np.zeros_like(matrix, dtype=bool)
    for p, s, v in votes:
        matrix[p_index[p], s_index[s]] = float(np.sign(v))
        voted[p_index[p], s_index[s]] = True

    enough = voted.sum(axis=1) >= min(MIN_VOTES, len(statements))
    placed = [p for p, ok in zip(participants, enough, strict=True) if ok]
    data = matrix[enough]
    empty = OpinionAnalysis(len(participants), statements, [], {}, [], [])
    if len(placed) < 2 or len(statements) < 2:
        return empty

    components = min(2, len(statements), len(placed))
    coords = pca(data, components)
    if coords.shape[1] == 1:
        coords = np.hstack([coords, np.zeros((len(coords), 1))])

    labels = np.zeros(len(placed), dtype=int)
    best = -1.0
    for k in range(2, min(max_groups, len(placed) - 1) + 1):
        candidate = kmeans(coords, k, seed=seed)
        if len(set(candidate)) < 2:
            continue
        score = silhouette_score(coords, candidate)
        if score > best:
            best, labels = score, candidate

    groups: list[Group] = []
    order = sorted(set(labels), key=lambda g: (-int((labels == g).sum()), g))  # biggest group first
    for number, g in enumerate(order, start=1):
        rows = labels == g
        members = [p for p, inside in zip(placed, rows, strict=True) if inside]
        group = Group(number, members, tuple(float(x) for x in coords[rows].mean(axis=0)))
        group_votes, group_voted = data[rows], voted[enough][rows]
        for j, statement in enumerate(statements):
            n = int(group_voted[:, j].sum())
            agree = float((group_votes[:, j] > 0).sum() / n) if n else 0.0
            disagree = float((group_votes[:, j] < 0).sum() / n) if n else 0.0
            group.stats[statement] = StatementStats(statement, n, agree, disagree)
        groups.append(group)

    consensus: list[tuple[Hashable, str, float]] = []
    divisive: list[tuple[Hashable, float]] = []
    for statement in statements:
        stats = [group.stats[statement] for group in groups]
        if any(s.votes == 0 for s in stats):
            continue
        if all(s.agree >= CONSENSUS_SHARE for s in stats):
            consensus.append((statement, "agree", min(s.agree for s in stats)))
        elif all(s.disagree >= CONSENSUS_SHARE for s in stats):
            consensus.append((statement, "disagree", min(s.disagree for s in stats)))
        if len(stats) > 1:
            leaning = [s.agree - s.disagree for s in stats]
            spread = (max(leaning) - min(leaning)) / 2
            if spread >= DIVISIVE_SPREAD:
                divisive.append((statement, spread))
    consensus.sort(key=lambda item: -item[2])
    divisive.sort(key=lambda item: -item[1])
    points = {p: (float(x), float(y)) for p, (x, y) in zip(placed, coords[:, :2], strict=True)}
    return OpinionAnalysis(
        participants=len(participants),
        statements=statements,
        groups=groups,
        points=points,
        consensus=[(s, direction) for s, direction, _strength in consensus],
        divisive=divisive,
    )


def pca(data: np.ndarray, components: int) -> np.ndarray:
    """Project onto the first principal components (sign fixed so results are stable)."""
    centred = data - data.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    vt = vt[:components]
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    signs[signs == 0] = 1
    return centred @ (vt * signs[:, None]).T


def kmeans(
    points: np.ndarray, k: int, *, seed: int = 0, starts: int = 10, iterations: int = 100
) -> np.ndarray:
    """Lloyd's k-means with k-means++ seeding; the best of `starts` runs (lowest inertia)."""
    rng = np.random.default_rng(seed)
    best_labels, best_inertia = np.zeros(len(points), dtype=int), np.inf
    for _start in range(starts):
        centres = [points[rng.integers(len(points))]]
        for _ in range(1, k):
            d2 = np.min(((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
            total = d2.sum()
            index = rng.choice(len(points), p=d2 / total) if total > 0 else rng.integers(len(points))
            centres.append(points[index])
        centres = np.array(centres, dtype=float)
        for _ in range(iterations):
            labels = (((points[:, None, :] - centres[None]) ** 2).sum(-1)).argmin(axis=1)
            moved = np.array(
                [points[labels == j].mean(axis=0) if (labels == j).any() else centres[j] for j in range(k)]
            )
            if np.allclose(moved, centres):
                break
            centres = moved
        inertia = float(((points - centres[labels]) ** 2).sum())
        if inertia < best_inertia - 1e-12:
            best_labels, best_inertia = labels, inertia
    return best_labels


def silhouette_score(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (as sklearn.metrics.silhouette_score, euclidean), vectorised by group."""
    distances = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(-1))
    groups = np.unique(labels)
    sums = np.stack([distances[:, labels == g].sum(axis=1) for g in groups], axis=1)
    sizes = np.array([(labels == g).sum() for g in groups], dtype=float)
    own = np.searchsorted(groups, labels)
    rows = np.arange(len(points))
    own_size = sizes[own]
    a = np.divide(sums[rows, own], own_size - 1, out=np.zeros(len(points)), where=own_size > 1)
    other = sums / sizes
    other[rows, own] = np.inf
    b = other.min(axis=1)
    denominator = np.maximum(a, b)
    scores = np.divide(b - a, denominator, out=np.zeros(len(points)), where=denominator > 0)
    scores[own_size <= 1] = 0.0  # a lone point scores 0
    return float(scores.mean())


def analyse_map(opinion_map) -> OpinionAnalysis:
    """The analysis of one OpinionMap's published statements (participants are pseudonymous)."""
    rows = Vote.objects.filter(
        statement__opinion_map=opinion_map, statement__status=Statement.Status.PUBLISHED
    ).values_list("person_id", "statement_id", "value")
    return analyse(rows)

"""In-memory fakes of the draft, post and guideline ports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.drafts.ports import Draft, DraftStatus, DraftVersion, Feedback
from bot.guidelines.check import fold
from bot.guidelines.ports import TermKind
from bot.ideas.ports import Idea
from bot.posts.ports import Engagement, NewPost, Post


@dataclass
class FakeDraftState:
    """Drafts, posts and guidelines committed so far."""

    drafts: dict[int, Draft] = field(default_factory=dict)
    versions: dict[tuple[int, int], DraftVersion] = field(default_factory=dict)
    reviewers: set[tuple[int, int]] = field(default_factory=set)
    feedback: list[Feedback] = field(default_factory=list)
    # (draft id, version, reviewer id) → when they were asked; insertion order is asking order
    requests: dict[tuple[int, int, int], datetime] = field(default_factory=dict)
    posts: dict[int, Post] = field(default_factory=dict)
    url_keys: dict[tuple[int, str], int] = field(default_factory=dict)
    engagements: dict[tuple[int, int, Engagement], datetime] = field(default_factory=dict)
    guidelines: dict[int, str] = field(default_factory=dict)
    terms: dict[tuple[int, TermKind, str], str] = field(default_factory=dict)
    seq: dict[tuple[int, str], int] = field(default_factory=dict)
    next_id: int = 10_000

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def number(self, workspace_id: int, kind: str) -> int:
        value = self.seq.get((workspace_id, kind), 0) + 1
        self.seq[(workspace_id, kind)] = value
        return value


class FakeDrafts:
    def __init__(self, state: FakeDraftState, ideas: dict[int, Idea]) -> None:
        self.s = state
        self._ideas = ideas

    def _view(self, draft: Draft) -> Draft:
        latest = max(v for (d, v) in self.s.versions if d == draft.id)
        idea = self._ideas.get(draft.idea_id) if draft.idea_id is not None else None
        return replace(
            draft,
            version=latest,
            text=self.s.versions[(draft.id, latest)].text,
            idea_number=idea.number if idea else None,
        )

    async def add(
        self, workspace_id: int, author_id: int, text: str, at: datetime, *, idea_id: int | None
    ) -> Draft:
        draft = Draft(
            self.s.new_id(),
            workspace_id,
            self.s.number(workspace_id, "draft"),
            author_id,
            DraftStatus.ACTIVE,
            at,
            text,
            1,
            idea_id=idea_id,
        )
        self.s.drafts[draft.id] = draft
        self.s.versions[(draft.id, 1)] = DraftVersion(draft.id, 1, text, at)
        return self._view(draft)

    async def by_number(self, workspace_id: int, number: int) -> Draft | None:
        return next(
            (
                self._view(d)
                for d in self.s.drafts.values()
                if d.workspace_id == workspace_id and d.number == number
            ),
            None,
        )

    async def get(self, draft_id: int) -> Draft | None:
        found = self.s.drafts.get(draft_id)
        return self._view(found) if found else None

    async def by_idea(self, idea_id: int, author_id: int) -> Draft | None:
        return next(
            (
                self._view(d)
                for d in self.s.drafts.values()
                if d.idea_id == idea_id
                and d.author_id == author_id
                and d.status is DraftStatus.ACTIVE
            ),
            None,
        )

    async def add_version(self, draft_id: int, text: str, at: datetime) -> int:
        version = max(v for (d, v) in self.s.versions if d == draft_id) + 1
        self.s.versions[(draft_id, version)] = DraftVersion(draft_id, version, text, at)
        return version

    async def version(self, draft_id: int, version: int) -> DraftVersion | None:
        return self.s.versions.get((draft_id, version))

    async def of_author(
        self, workspace_id: int, author_id: int | None, statuses: Sequence[DraftStatus]
    ) -> list[Draft]:
        found = [
            self._view(d)
            for d in self.s.drafts.values()
            if d.workspace_id == workspace_id
            and (author_id is None or d.author_id == author_id)
            and d.status in statuses
        ]
        return sorted(found, key=lambda d: -d.number)

    async def set_status(self, draft_id: int, status: DraftStatus, at: datetime) -> None:
        self.s.drafts[draft_id] = replace(
            self.s.drafts[draft_id],
            status=status,
            discarded_at=at if status is DraftStatus.DISCARDED else None,
        )

    async def add_reviewer(self, draft_id: int, member_id: int) -> None:
        self.s.reviewers.add((draft_id, member_id))

    async def is_reviewer(self, draft_id: int, member_id: int) -> bool:
        return (draft_id, member_id) in self.s.reviewers

    async def mark_feedback_requested(self, draft_id: int, at: datetime) -> None:
        draft = self.s.drafts[draft_id]
        if draft.feedback_requested_at is None:
            self.s.drafts[draft_id] = replace(draft, feedback_requested_at=at)

    async def ask_for_feedback(
        self, draft_id: int, version: int, reviewer_id: int, at: datetime
    ) -> bool:
        key = (draft_id, version, reviewer_id)
        if key in self.s.requests:
            return False
        self.s.requests[key] = at
        return True

    async def asked_for_feedback(self, draft_id: int, version: int) -> list[int]:
        asked = [
            (at, r) for (d, v, r), at in self.s.requests.items() if (d, v) == (draft_id, version)
        ]
        return [r for _, r in sorted(asked)]

    async def add_feedback(
        self, draft_id: int, version: int, reviewer_id: int, text: str, at: datetime
    ) -> Feedback:
        item = Feedback(self.s.new_id(), draft_id, version, reviewer_id, text, at)
        self.s.feedback.append(item)
        draft = self.s.drafts[draft_id]
        if draft.first_feedback_at is None:
            self.s.drafts[draft_id] = replace(draft, first_feedback_at=at)
        return item

    async def feedback(self, draft_id: int) -> list[Feedback]:
        return [f for f in self.s.feedback if f.draft_id == draft_id]


class FakePosts:
    def __init__(self, state: FakeDraftState) -> None:
        self.s = state

    def _view(self, post: Post) -> Post:
        counts: dict[Engagement, int] = {}
        for post_id, _, kind in self.s.engagements:
            if post_id == post.id:
                counts[kind] = counts.get(kind, 0) + 1
        return replace(post, counts=counts)

    async def add(self, post: NewPost) -> Post | None:
        if (post.workspace_id, post.url_key) in self.s.url_keys:
            return None
        stored = Post(
            self.s.new_id(),
            post.workspace_id,
            self.s.number(post.workspace_id, "post"),
            post.author_id,
            post.url,
            post.network,
            post.created_at,
            post.draft_id,
        )
        self.s.posts[stored.id] = stored
        self.s.url_keys[(post.workspace_id, post.url_key)] = stored.id
        return self._view(stored)

    async def by_number(self, workspace_id: int, number: int) -> Post | None:
        return next(
            (
                self._view(p)
                for p in self.s.posts.values()
                if p.workspace_id == workspace_id and p.number == number
            ),
            None,
        )

    async def by_url_key(self, workspace_id: int, url_key: str) -> Post | None:
        post_id = self.s.url_keys.get((workspace_id, url_key))
        return self._view(self.s.posts[post_id]) if post_id else None

    async def engage(self, post_id: int, member_id: int, kind: Engagement, at: datetime) -> bool:
        if (post_id, member_id, kind) in self.s.engagements:
            return False
        self.s.engagements[(post_id, member_id, kind)] = at
        return True

    async def disengage(self, post_id: int, member_id: int, kind: Engagement) -> bool:
        return self.s.engagements.pop((post_id, member_id, kind), None) is not None

    async def published_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[Post]:
        found = [
            self._view(p)
            for p in self.s.posts.values()
            if p.workspace_id == workspace_id and start <= p.created_at < end
        ]
        return sorted(found, key=lambda p: (p.created_at, p.id))


class FakeGuidelines:
    def __init__(self, state: FakeDraftState) -> None:
        self.s = state

    async def text(self, workspace_id: int) -> str | None:
        return self.s.guidelines.get(workspace_id) or None

    async def set_text(self, workspace_id: int, text: str, at: datetime) -> None:
        self.s.guidelines[workspace_id] = text

    async def terms(self, workspace_id: int, kind: TermKind) -> list[str]:
        return [
            term
            for (w, k, key), term in sorted(self.s.terms.items(), key=lambda item: item[0][2])
            if w == workspace_id and k is kind
        ]

    async def add_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        key = (workspace_id, kind, fold(term))
        if key in self.s.terms:
            return False
        self.s.terms[key] = term
        return True

    async def remove_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        return self.s.terms.pop((workspace_id, kind, fold(term)), None) is not None

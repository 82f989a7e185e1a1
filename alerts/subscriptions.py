"""Who follows what: subscribe, unsubscribe, deactivate, migrate, and name resolution.

Pure logic on the store and the council registry, shared by the bot's
handlers and dispatch, so neither holds rules the other could contradict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.councils import Council, registry
from store.db import Store
from store.records import Subscription

EXACT_SCORE = 95.0  # resolve() gives 100 to exact names and codes, 95 to names minus 'council'


@dataclass
class Resolution:
    """What a person's query names.

    ``council`` is set when one current council is meant; otherwise
    ``choices`` are the councils to offer (abolished ones replaced by their
    successors, with ``abolished`` naming the council that was asked for).
    """

    query: str
    council: Council | None = None
    choices: list[Council] = field(default_factory=list)
    abolished: Council | None = None


def resolve_query(query: str, *, limit: int = 8) -> Resolution:
    """One council when the name is exact and current; otherwise choices to offer."""
    reg = registry()
    candidates = reg.resolve(query, limit=limit)
    result = Resolution(query)
    if not candidates:
        return result
    top = candidates[0]
    exact = top.score >= EXACT_SCORE and (len(candidates) == 1
                                          or candidates[1].score < top.score)
    if exact and top.council.active:
        result.council = top.council
        return result
    if exact:
        result.abolished = top.council
        result.choices = reg.successors_now(top.council)
        return result
    for candidate in candidates:
        for council in reg.successors_now(candidate.council):
            if council not in result.choices:
                result.choices.append(council)
    return result


def _now(store: Store) -> str:
    return store.now()


def get_or_create(store: Store, chat_id: int, *, chat_type: str = "private") -> Subscription:
    sub = store.subscriptions.get(chat_id)
    if sub is None:
        now = _now(store)
        sub = Subscription(chat_id=chat_id, chat_type=chat_type, created_at=now, updated_at=now)
    return sub


def subscribe(store: Store, chat_id: int, council: str, *, chat_type: str = "private") -> bool:
    """Follow ``council`` (canonical name); True if it was not followed already.

    Talking to the bot again means the chat is reachable: an inactive chat
    (blocked, not found) becomes active.
    """
    sub = get_or_create(store, chat_id, chat_type=chat_type)
    added = council not in sub.councils
    if added:
        sub.councils = [*sub.councils, council]
    sub.active, sub.inactive_reason = True, None
    sub.chat_type = chat_type
    sub.updated_at = _now(store)
    store.subscriptions.put(sub)
    return added


def unsubscribe(store: Store, chat_id: int, council: str) -> bool:
    """Stop following ``council``; True if it was followed."""
    sub = store.subscriptions.get(chat_id)
    if sub is None or council not in sub.councils:
        return False
    sub.councils = [c for c in sub.councils if c != council]
    sub.updated_at = _now(store)
    store.subscriptions.put(sub)
    return True


def councils_of(store: Store, chat_id: int) -> list[str]:
    sub = store.subscriptions.get(chat_id)
    return list(sub.councils) if sub else []


def reactivate(store: Store, chat_id: int, *, chat_type: str = "private") -> bool:
    """/start: a chat marked blocked or missing is back; True if it was inactive."""
    sub = store.subscriptions.get(chat_id)
    if sub is None or sub.active:
        return False
    sub.active, sub.inactive_reason = True, None
    sub.chat_type = chat_type
    sub.updated_at = _now(store)
    store.subscriptions.put(sub)
    return True


def deactivate(store: Store, chat_id: int, reason: str) -> bool:
    """Stop sending to a chat (blocked, not found); its councils are kept for /start."""
    sub = store.subscriptions.get(chat_id)
    if sub is None:
        return False
    sub.active, sub.inactive_reason = False, reason
    sub.updated_at = _now(store)
    store.subscriptions.put(sub)
    return True


def migrate(store: Store, old_chat_id: int, new_chat_id: int) -> Subscription | None:
    """A group became a supergroup: its subscription moves to the new id."""
    old = store.subscriptions.get(old_chat_id)
    if old is None:
        return store.subscriptions.get(new_chat_id)
    with store.transaction():
        new = get_or_create(store, new_chat_id, chat_type="supergroup")
        new.councils = [*new.councils, *(c for c in old.councils if c not in new.councils)]
        new.active, new.inactive_reason = old.active, old.inactive_reason
        new.prefs = {**old.prefs, **new.prefs}
        new.chat_type = "supergroup"
        new.updated_at = _now(store)
        store.subscriptions.put(new)
        store.subscriptions.delete(old_chat_id)
    return new

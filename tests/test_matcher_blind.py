"""The matcher on blind sets: pages written by others, never used to tune it.

Each set under ``tests/data/news_holdout*`` was written by a separate author
without sight of the matcher's code or the other sets.  Each was scored once
untouched (sets 4-9 first scored alert precision 0.80, 0.83, 0.74, 0.77, 0.77
and 0.73: previews, commentary and other inspectorates' verdicts were the weak
side; sets 10-13, after the rule that a page must present the outcome as its
news, 0.89, 0.88, 0.91 and 0.88 precision, 0.92-1.00 recall, 0.89-0.93 F1; sets
14-17: 0.97, 0.87, 0.97 and 0.93 precision, 0.93-0.97 recall, 0.85-0.96 F1;
sets 18 and 19: 0.97 and 0.94 precision, 0.97 and 1.00 recall, 0.89 and 0.92 F1;
sets 20 and 21: 0.93 and 0.90 precision, 0.97 recall, 0.96 and 0.90 F1; sets
22 and 23, last: 1.00 and 0.97 precision, 1.00 recall, 0.98 F1),
then its failures were fixed by general pattern, so none is a clean estimate
any more.  The floors sit just below the scores after the fixes, so a change
that quietly makes the matcher worse fails here.  Pages are classified as the acceptance checks do:
no ``--published`` hint, the page's own date only.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerts.matcher import classify

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 23, tzinfo=UTC)
# set: (alert precision, alert recall, event F1) floors
FLOORS = {
    "news_holdout": (0.95, 0.95, 0.92),
    "news_holdout2": (0.95, 0.95, 0.90),
    "news_holdout3": (0.93, 0.97, 0.94),
    "news_holdout4": (0.97, 0.97, 0.84),
    "news_holdout5": (0.97, 0.97, 0.88),
    "news_holdout6": (0.97, 0.97, 0.92),
    "news_holdout7": (0.97, 0.97, 0.94),
    "news_holdout8": (0.97, 0.97, 0.93),
    "news_holdout9": (0.97, 0.97, 0.93),
    "news_holdout10": (0.97, 0.97, 0.96),
    "news_holdout11": (0.97, 0.97, 0.94),
    "news_holdout12": (0.97, 0.97, 0.92),
    "news_holdout13": (0.97, 0.97, 0.94),
    "news_holdout14": (0.97, 0.97, 0.95),
    "news_holdout15": (0.97, 0.97, 0.93),
    "news_holdout16": (0.97, 0.97, 0.95),
    "news_holdout17": (0.97, 0.97, 0.93),
    "news_holdout18": (0.97, 0.97, 0.92),
    "news_holdout19": (0.97, 0.97, 0.94),
    "news_holdout20": (0.97, 0.95, 0.96),
    "news_holdout21": (0.97, 0.95, 0.92),
    "news_holdout22": (0.97, 0.97, 0.96),
    "news_holdout23": (0.97, 0.97, 0.96),
}


def _key(event: dict[str, object]) -> tuple[object, object, object]:
    return (event.get("council_code") or event.get("council"), event.get("judgement"),
            event.get("grade"))


def score(folder: Path) -> tuple[float, float, float]:
    tp = fp = fn = etp = efp = efn = 0
    for raw in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        label = json.loads(raw)
        got = classify((folder / label["file"]).read_bytes(), url=label.get("url"),
                       now=NOW).to_json(label["file"])
        tp += got["alert"] and label["alert_expected"]
        fp += got["alert"] and not label["alert_expected"]
        fn += label["alert_expected"] and not got["alert"]
        gold = {_key(e) for e in label["events"]}
        found = {_key(e) for e in got["events"]} if got["alert"] else set()
        etp, efp, efn = etp + len(gold & found), efp + len(found - gold), efn + len(gold - found)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    ep, er = etp / max(etp + efp, 1), etp / max(etp + efn, 1)
    return precision, recall, (2 * ep * er / (ep + er) if ep + er else 0.0)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_matcher_holds_its_scores_on_pages_it_was_not_built_on(name: str) -> None:
    precision, recall, f1 = score(DATA / name)
    floor_p, floor_r, floor_f1 = FLOORS[name]
    assert precision >= floor_p, f"{name}: alert precision {precision:.3f}"
    assert recall >= floor_r, f"{name}: alert recall {recall:.3f}"
    assert f1 >= floor_f1, f"{name}: event F1 {f1:.3f}"

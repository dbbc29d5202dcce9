"""Send slots from one schedule shared by every instance of the bot (PostgreSQL).

Telegram counts about 30 messages a second per bot, whichever process sends them. Instances that each pace
themselves at that rate together try N times it and are refused with 429s, and each 429 stops its instance
for the retry_after: three instances served 3,000 chats at 20.8 messages a second (bench/leases.py). So on
PostgreSQL every message takes the next slot of the bot's one schedule: a single-row upsert that moves the
row's ``next_at`` one ``gap`` on and answers how long to wait for the slot taken. The database's clock alone
is read, so instances on machines whose clocks disagree still space their messages evenly. The row locks for
a moment per message (30 a second); a slot taken by a process that then dies is merely left unused.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

PACE_ROW = 1
_TAKE = text(
    "INSERT INTO send_pace (id, next_at) VALUES (:row, extract(epoch FROM clock_timestamp()) + :gap) "
    "ON CONFLICT (id) DO UPDATE SET next_at = greatest(send_pace.next_at + :gap, excluded.next_at) "
    "RETURNING next_at - :gap - extract(epoch FROM clock_timestamp())"
)


def take_send_slot(engine: Engine, *, gap: float) -> float:
    """Reserve the next slot, ``gap`` seconds after the last one taken (or now); the seconds until it (≥ 0)."""
    with engine.begin() as conn:
        wait = conn.execute(_TAKE, {"row": PACE_ROW, "gap": gap}).scalar_one()
    return max(0.0, float(wait))

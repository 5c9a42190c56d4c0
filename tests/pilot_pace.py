"""The pace of Textual's pilot in tests: how finely it looks for the app going idle after a key.

``Pilot.press`` waits after every key until the process looks idle (``textual._wait.wait_for_idle``):
it sleeps SLEEP_GRANULARITY (20 ms) at a time until a sleep passes with under SLEEP_IDLE of CPU. So
every key costs at least 40 ms of waiting, even when the app is done in 2 ms: most of a whole table
by keystrokes was that waiting. Looking every 5 ms (with the same 1:20 ratio) waits just as the
app goes idle; what the app does per key is unchanged, and ``pause()`` still forces the screen's
update. The names are Textual's private ones: tests/ui/test_textual_compat.py fails loudly when they
go, rather than the suite silently becoming slow again.
"""

from __future__ import annotations

import textual._wait as textual_wait

GRANULARITY = 0.005  # seconds per look (Textual's own: 1/50)


def quicken() -> None:
    textual_wait.SLEEP_GRANULARITY = GRANULARITY
    textual_wait.SLEEP_IDLE = GRANULARITY / 20

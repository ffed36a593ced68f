"""Progress of a long management command, on its standard error:

    generate_municipality: 120,000/1,000,000 citizens (12 %), 45 s elapsed, about 5 min 30 s left

A `Progress` is the callback a service takes (`progress(done, total)`, once per chunk or row); it prints at most
every `interval` seconds (2 by default), then one final line from `finish()`. Nothing at verbosity 0, and nothing
from `finish()` if the work reported nothing (e.g. no citizen was due). The estimate assumes the rest goes as fast
as what is done.

    progress = Progress("evaluate_obligations", unit="citizens", stream=self.stderr, verbosity=options["verbosity"])
    refresh_everyone(as_of, progress=progress)
    progress.finish()
"""

import sys
import time


def duration_text(seconds: float) -> str:
    """45 s, 5 min 30 s, 2 h 5 min."""
    seconds = max(int(round(seconds)), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _unstyled(text: str) -> str:
    return text


class Progress:
    def __init__(self, label: str, total: int | None = None, *, unit: str = "", stream=None, verbosity: int = 1,
                 interval: float = 2.0, clock=time.monotonic):
        self.label, self.total, self.unit = label, total, unit
        self.stream = sys.stderr if stream is None else stream
        self.silent = verbosity < 1
        self.interval, self.clock = interval, clock
        self.started = self.printed_at = clock()
        self.done = 0
        self.reported = False

    def __call__(self, done: int, total: int | None = None) -> None:
        """`done` of `total` (or of the total given before) are finished. The last one is left to finish()."""
        self.done, self.reported = done, True
        if total is not None:
            self.total = total
        if self.silent or (self.total is not None and done >= self.total):
            return
        now = self.clock()
        if now - self.printed_at >= self.interval:
            self._write(self.line(now))
            self.printed_at = now

    def finish(self) -> None:
        if not self.silent and self.reported:
            self._write(self.line(self.clock(), final=True))

    def line(self, now: float, *, final: bool = False) -> str:
        elapsed = now - self.started
        unit = f" {self.unit}" if self.unit else ""
        if self.total is None:
            return f"{self.label}: {self.done:,}{unit}, {duration_text(elapsed)} elapsed"
        percent = 100 * self.done // self.total if self.total else 100
        text = f"{self.label}: {self.done:,}/{self.total:,}{unit} ({percent} %), {duration_text(elapsed)} elapsed"
        if not final and 0 < self.done < self.total:
            text += f", about {duration_text(elapsed * (self.total - self.done) / self.done)} left"
        return text

    def _write(self, text: str) -> None:
        if hasattr(self.stream, "style_func"):
            # A command's self.stderr (OutputWrapper): it adds the newline; not in the red it gives errors.
            self.stream.write(text, style_func=_unstyled)
        else:
            self.stream.write(text + "\n")
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()

"""Progress for long imports: a bar on a terminal, a line every few hundred items otherwise."""

import time

BAR_WIDTH = 30
LOG_EVERY = 500


class Progress:
    def __init__(self, stream, total: int, *, noun: str = "items", enabled: bool = True):
        self.stream = stream
        self.total = total
        self.noun = noun
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.done = 0
        self.bar_shown = False

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def update(self, done: int) -> None:
        self.done = done
        if not self.enabled:
            return
        if self.tty:
            if done == self.total or done % 10 == 0:
                self.draw()
        elif done % LOG_EVERY == 0 and done != self.total:
            self.stream.write(f"{done}/{self.total} {self.noun} ({self.rate():.0f}/s)")

    def draw(self) -> None:
        filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self.noun} ({self.rate():.0f}/s)", ending="")
        self.stream.flush()
        self.bar_shown = True

    def message(self, stream, text: str) -> None:
        """Print a line without tearing the bar: clear it, write, draw it again."""
        if self.bar_shown:
            self.stream.write("\r\033[K", ending="")
            self.stream.flush()
        stream.write(text)
        if self.bar_shown:
            self.draw()

    def finish(self) -> None:
        if self.bar_shown:
            self.draw()
            self.stream.write("")
            self.bar_shown = False

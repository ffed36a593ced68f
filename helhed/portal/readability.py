"""LIX, the Danish readability index, for the portal's fixed texts.

LIX = words per sentence + the percentage of long words (more than six letters). Under 25 is a text for children,
25–34 easy, 35–44 medium (Björnsson's scale, used for Danish by Jakobsen). The portal aims under 35 for every text.
"""

import re

WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü]+(?:[-'][A-Za-zÆØÅæøåÉéÜü]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def lix(text: str) -> float:
    found = words(text)
    if not found:
        return 0.0
    sentences = max(1, len(SENTENCE_END.findall(text.strip() + (" " if text.strip()[-1:] in ".!?:" else ". "))))
    long_words = sum(1 for word in found if len(word.replace("-", "")) > 6)
    return len(found) / sentences + 100 * long_words / len(found)

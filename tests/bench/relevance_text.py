"""A report passage both halves of the relevance tests read: the measures locate quoted
answers in it (among neighbouring sentences, across curly quotes and spacing) and the
runner, report and sheet tests use it as a judged document's text."""
from __future__ import annotations

TEXT = ("Mali is large. The law prohibited FGM/C. According to UNICEF, 89 percent of women were cut. "
        "Girls married young. Wage laws existed.\nA second line about “morality police” in cities.")

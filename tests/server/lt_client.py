"""language_tool_python, in remote-server mode, against `transaudit server`.

Usage: lt_client.py URL

Checks an invented article with accents, an emoji and CRLF line ends: the
matches' offsets (converted by the client from UTF-16) cover the flagged
text, the context agrees, `language_tool_python.utils.correct` applies the
fixes and the corrected article has fewer findings. Nothing is downloaded:
the client's download folder (LTP_PATH) must stay empty.
"""

import os
import sys

import language_tool_python
from language_tool_python.utils import correct

url = sys.argv[1]
ARTICLE = (
    "Titre de l’article 😀\r\n"
    "Le ministre a parlé à Kyiv.Zelenskyqui a répondu hier 🇺🇦.\r\n"
    "La route fait 55 miles, dit-il.\r\n"
    "Leave a Reply\r\n"
)


def fail(msg):
    print(f"lt_client: FAIL: {msg}")
    sys.exit(1)


tool = language_tool_python.LanguageTool("fr-FR", remote_server=url)
matches = tool.check(ARTICLE)
if not matches:
    fail("no matches")
flagged = {}
for m in matches:
    # The client turned the UTF-16 offset into a Python index; spans here
    # hold no astral character, so the length is the same in both.
    text = ARTICLE[m.offset : m.offset + m.error_length]
    # The client leaves the context's offset in UTF-16 units (an emoji
    # before the match counts 2): slice it as UTF-16.
    units = m.context.encode("utf-16-le")
    start, end = 2 * m.offset_in_context, 2 * (m.offset_in_context + m.error_length)
    in_context = units[start:end].decode("utf-16-le")
    if in_context != text.replace("\r", " ").replace("\n", " "):
        fail(f"{m.rule_id}: context says {in_context!r}, text says {text!r}")
    flagged[m.rule_id] = text
    print(f"  {m.rule_id:40} {text!r} -> {m.replacements[:1]}")
for want in ("Zelenskyqui", "55 miles", "Leave a Reply"):
    if want not in flagged.values():
        fail(f"{want!r} not covered by any match's offsets: {flagged}")

fixed = correct(ARTICLE, matches)
if "Zelensky qui" not in fixed or "55 miles" in fixed:
    fail(f"correct() did not apply the fixes: {fixed!r}")
after = tool.check(fixed)
if len(after) >= len(matches):
    fail(f"the corrected article still has {len(after)} findings (before: {len(matches)})")

tool.mother_tongue = "fr"
fr = tool.check(ARTICLE)
if len(fr) != len(matches):
    fail("motherTongue=fr changed what is found")
tool.close()

download = os.environ.get("LTP_PATH")
if download and os.path.isdir(download) and os.listdir(download):
    fail(f"the client downloaded something into {download}: {os.listdir(download)}")
print(f"lt_client: ok: {len(matches)} matches line up; correct() fixed them down to {len(after)}")

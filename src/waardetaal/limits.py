"""The bounds waardetaal applies to untrusted input, in one place.

Every reader, pass and server respects these, so a small hostile file can take
neither minutes nor gigabytes. They sit far above what real vacancies, reports
and policy papers need; the README's section "Veiligheid en robuustheid"
quotes them.
"""

from __future__ import annotations

# Files larger than this are refused before they are read.
MAX_FILE_BYTES = 512 * 1024 * 1024
# A .docx or .odt whose parts together unpack to more than this is refused.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
# The web page reads request bodies into memory up to this size.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

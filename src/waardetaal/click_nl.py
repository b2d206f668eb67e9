"""Click's own texts in Dutch: usage, help options, and its errors about the command line.

Click marks its texts for GNU gettext and looks them up with the standard
library's ``gettext.gettext``, in the default text domain. waardetaal speaks
only Dutch, so the command line binds that domain to the Dutch catalog shipped
in ``waardetaal/locale`` (``messages.po``, compiled by
``scripts/compile_translations.py``) and makes Dutch gettext's first choice.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The domain gettext.gettext looks in unless a program names another.
_DEFAULT_DOMAIN = "messages"


def use_dutch() -> None:
    """From now on Click's texts in this process are Dutch."""
    gettext.bindtextdomain(_DEFAULT_DOMAIN, str(LOCALE_DIR))
    # LANGUAGE is the variable gettext consults first for the language of messages only:
    # it leaves the locale (number formats, encodings) alone.
    os.environ["LANGUAGE"] = "nl"

"""Hindi pages print dates and numbers exactly as English ones do (issue 18): dd/mm/yyyy, IST."""

from icportal.config.formats.en.formats import *  # noqa: F403

"""Date and number formats per language (settings.FORMAT_MODULE_PATH): the same in every language."""

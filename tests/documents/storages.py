"""A storage that rots: it keeps every file with one byte changed (a faulty disk or object store)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


class OneByteRotStorage(FileSystemStorage):
    def _save(self, name, content):
        data = bytearray(content.read())
        data[len(data) // 3] ^= 0x01
        return super()._save(name, ContentFile(bytes(data)))

"""Documents: letters as PDF and Word files, the mass-letter packet and the filing packet.

- :func:`ddkit.documents.pdf.write_pdf` and :func:`ddkit.documents.docx.write_docx` turn one
  rendered :class:`~ddkit.letters.model.Letter` into a file (mode 0600).
- :mod:`ddkit.documents.mass` turns a supporters table into a numbered packet of letters.
- :mod:`ddkit.documents.packet` assembles the filing packet with bookmarks.

File names never hold the person's name (:func:`ddkit.documents.files.filename`). The PDF
libraries load only when a document is written, so importing this package is cheap.
"""

from __future__ import annotations

__all__ = ["write_docx", "write_pdf"]


def __getattr__(name: str):
    if name == "write_pdf":
        from ddkit.documents.pdf import write_pdf

        return write_pdf
    if name == "write_docx":
        from ddkit.documents.docx import write_docx

        return write_docx
    raise AttributeError(name)

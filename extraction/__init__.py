"""extraction: PDF → pages → normalised text → validated indicator records with evidence.

Importing this package needs only pdfplumber, pypdfium2, opencc and pydantic; heavy or
optional collaborators (OCR) are imported inside the functions that use them.
"""

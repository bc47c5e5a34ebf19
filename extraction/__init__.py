"""extraction: PDF → pages → normalised text → validated indicator records with evidence.

Importing this package needs only pypdfium2, opencc and pydantic; the OCR engine (rapidocr-onnxruntime)
is imported inside the function that uses it. pdfplumber is not used at run time: the benchmarks
(``bench/``) measure against it as the baseline, so it comes with the test extras.
"""

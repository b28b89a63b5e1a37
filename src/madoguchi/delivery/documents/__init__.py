"""Official documents: HTML → PDF (WeasyPrint), PAdES signature (pyHanko), verification."""

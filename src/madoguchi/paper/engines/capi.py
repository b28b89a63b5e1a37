"""Tesseract's C API through ctypes, so the language models load once per process and thread.

pytesseract starts a `tesseract` process per call, which loads ``jpn`` again each time (≈ 0.2 s,
more than reading a field). ``available()`` is False when libtesseract cannot be loaded; the
engine then falls back to pytesseract.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import threading

import numpy as np

RIL_WORD, RIL_SYMBOL = 3, 4
OEM_LSTM_ONLY = 1

_lib = None
_load_lock = threading.Lock()
_local = threading.local()
_handles: list = []  # every API made, freed at exit (Tesseract complains of leaks otherwise)


@atexit.register
def _free() -> None:
    if _lib:
        for handle in _handles:
            _lib.TessBaseAPIEnd(handle)
            _lib.TessBaseAPIDelete(handle)
    _handles.clear()


def _library():
    global _lib
    with _load_lock:
        if _lib is None:
            name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                _lib = False
                return None
            p, i, c = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
            signatures = {
                "TessBaseAPICreate": (p, []),
                "TessBaseAPIInit2": (i, [p, c, c, i]),
                "TessBaseAPISetVariable": (i, [p, c, c]),
                "TessBaseAPISetPageSegMode": (None, [p, i]),
                "TessBaseAPISetImage": (None, [p, c, i, i, i, i]),
                "TessBaseAPISetSourceResolution": (None, [p, i]),
                "TessBaseAPIRecognize": (i, [p, p]),
                "TessBaseAPIGetIterator": (p, [p]),
                "TessBaseAPIClear": (None, [p]),
                "TessBaseAPIEnd": (None, [p]),
                "TessBaseAPIDelete": (None, [p]),
                "TessResultIteratorGetPageIterator": (p, [p]),
                "TessResultIteratorGetUTF8Text": (p, [p, i]),
                "TessResultIteratorConfidence": (ctypes.c_float, [p, i]),
                "TessResultIteratorNext": (i, [p, i]),
                "TessResultIteratorDelete": (None, [p]),
                "TessPageIteratorBoundingBox": (i, [p, i, *[ctypes.POINTER(i)] * 4]),
                "TessDeleteText": (None, [p]),
            }
            try:
                for fname, (restype, argtypes) in signatures.items():
                    function = getattr(lib, fname)
                    function.restype = restype
                    function.argtypes = argtypes
            except AttributeError:
                _lib = False
                return None
            _lib = lib
    return _lib or None


def available() -> bool:
    return _library() is not None


def _api(lang: str):
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    if lang not in apis:
        lib = _library()
        handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit2(handle, None, lang.encode(), OEM_LSTM_ONLY) != 0:
            raise RuntimeError(f"tesseract: cannot load language {lang!r}")
        apis[lang] = handle
        with _load_lock:
            _handles.append(handle)
    return apis[lang]


Word = tuple[str, float, int, int, int, int]


def read_words(
    image: np.ndarray, lang: str, psm: int, variables: dict[str, str], level: int = RIL_SYMBOL
) -> list[Word]:
    """(text, conf 0–100, left, right, top, bottom) per character (or word) of a grey uint8 image."""
    lib = _library()
    handle = _api(lang)
    image = np.ascontiguousarray(image, dtype=np.uint8)
    height, width = image.shape
    lib.TessBaseAPISetPageSegMode(handle, psm)
    lib.TessBaseAPISetVariable(
        handle, b"tessedit_char_whitelist", (variables.get("tessedit_char_whitelist") or "").encode()
    )
    for name, value in variables.items():
        if name != "tessedit_char_whitelist":
            lib.TessBaseAPISetVariable(handle, name.encode(), value.encode())
    data = image.tobytes()  # kept alive until Recognize is done
    lib.TessBaseAPISetImage(handle, data, width, height, 1, width)
    lib.TessBaseAPISetSourceResolution(handle, 300)
    words: list[Word] = []
    if lib.TessBaseAPIRecognize(handle, None) != 0:
        lib.TessBaseAPIClear(handle)
        return words
    iterator = lib.TessBaseAPIGetIterator(handle)
    if iterator:
        page = lib.TessResultIteratorGetPageIterator(iterator)
        box = [ctypes.c_int() for _ in range(4)]
        while True:
            pointer = lib.TessResultIteratorGetUTF8Text(iterator, level)
            if pointer:
                text = ctypes.string_at(pointer).decode("utf-8", "replace").strip()
                lib.TessDeleteText(pointer)
                conf = float(lib.TessResultIteratorConfidence(iterator, level))
                if text and lib.TessPageIteratorBoundingBox(page, level, *[ctypes.byref(b) for b in box]):
                    left, top, right, bottom = (b.value for b in box)
                    words.append((text, conf, left, right, top, bottom))
            if not lib.TessResultIteratorNext(iterator, level):
                break
        lib.TessResultIteratorDelete(iterator)
    lib.TessBaseAPIClear(handle)
    return words

"""Clean one field's crop before OCR: flat background, straight, box lines removed, trimmed to the
ink and scaled to the text height the recogniser reads best.

Works on any crop of a single field (ours or a hand-cropped one): with or without box lines, with a
margin, slightly rotated, noisy or on a grey background.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

TEXT_HEIGHT = 40  # px of the tallest characters after scaling: what Tesseract's LSTM likes
BORDER = 12


@dataclass
class Cleaned:
    ink: np.ndarray  # 255 ink on 0, lines removed, straight
    cells: list[tuple[int, int]]  # x-ranges of the character boxes found (empty when no boxes)
    box_height: int


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        image = cv2.cvtColor(image, code)
    if image.dtype != np.uint8:
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return image


def _upscale_small(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """Tiny crops (a 150 dpi scan) are enlarged first so line and noise filters have room."""
    h = grey.shape[0]
    if h >= 60:
        return grey, 1.0
    factor = 60 / max(h, 1)
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), factor


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink mask, robust to a grey or uneven background and to scanner noise."""
    size = max(grey.shape) // 8 * 2 + 1
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    background = cv2.blur(background, (size, size)) if size > 3 else background  # box filter: O(1) a pixel
    flat = cv2.divide(grey, np.maximum(background, 1), scale=255)
    # No median filter: it erases dakuten (゛) and thin strokes of small print; specks go in _despeckle.
    threshold, ink = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if threshold > 215:  # nothing but paper: Otsu split the noise
        _t, ink = cv2.threshold(flat, 160, 255, cv2.THRESH_BINARY_INV)
    return ink


def _skew(ink: np.ndarray) -> float:
    h, w = ink.shape
    if w < 20 or h < 10:
        return 0.0
    best, best_score = 0.0, -1.0
    centre = (w / 2, h / 2)
    for step, span in ((0.5, 4.0), (0.1, 0.4)):
        for angle in np.arange(best - span, best + span + 1e-9, step):
            matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
            turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
            profile = turned.sum(axis=1, dtype=np.float64)
            score = float(np.sum(np.diff(profile) ** 2))  # sharp edges of lines and text rows
            if score > best_score:
                best, best_score = float(angle), score
    return best


def straighten(ink: np.ndarray) -> np.ndarray:
    angle = _skew(ink)
    if abs(angle) < 0.15:
        return ink
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of the True runs of a 1-D mask."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2], edges[1::2], strict=True))


def remove_lines(ink: np.ndarray) -> Cleaned:
    """Remove box and frame lines; report the character boxes (x-ranges) when there are boxes."""
    h, w = ink.shape
    # Longer than any character (a date's boxes are broken by 年月日, so not the whole width).
    horizontal_len = max(min(int(h * 1.3), int(w * 0.8)), 12)
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (horizontal_len, 1))
    )
    profile = horizontal.sum(axis=1)
    rows = _runs(profile > 0.4 * profile.max()) if profile.max() > 0 else []
    # The box's top and bottom: the closest pair of lines at least a third of the crop apart (a
    # neighbouring field's or a heading's line may show in the margin).
    pairs = [(b[0] - a[1], a, b) for i, a in enumerate(rows) for b in rows[i + 1 :] if b[0] - a[1] >= 0.3 * h]
    box_height = 0
    if pairs:
        box_height, top_row, bottom_row = min(pairs)
        rows = [top_row, bottom_row]
    vertical_len = int(box_height * 0.85) if box_height > 10 else int(h * 0.9)
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(vertical_len, 8)))
    )
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    cleaned = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    cells: list[tuple[int, int]] = []
    if box_height > 10:
        top, bottom = rows[0][1], rows[-1][0]
        band = vertical[top:bottom]
        columns = _runs(band.sum(axis=0) > 0.6 * 255 * max(bottom - top, 1))
        centres = [(a + b) // 2 for a, b in columns]
        for left, right in zip(centres, centres[1:], strict=False):
            if right - left > box_height * 0.35:
                cells.append((left, right))
        cleaned[:top] = 0
        cleaned[bottom:] = 0
    if len(rows) >= 2 and not cells:
        cleaned[: rows[0][1]] = 0
        cleaned[rows[-1][0] :] = 0
    return Cleaned(ink=_despeckle(cleaned), cells=cells, box_height=box_height)


def _despeckle(ink: np.ndarray) -> np.ndarray:
    count, labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return ink
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    scale = max(float(np.percentile(heights, 90)), 4.0)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= max(3, (scale * 0.08) ** 2)
    # Long thin slivers left where a line was removed (a hyphen is thin too, but short).
    height, width = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    sliver = ((height <= 2) & (width > 1.2 * scale)) | ((width <= 1) & (height > 1.2 * scale))
    keep[1:] &= ~sliver
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def for_ocr(
    ink: np.ndarray, *, text_height: int = TEXT_HEIGHT, rows: tuple[int, int] | None = None
) -> np.ndarray | None:
    """Black text on white, trimmed to the ink, scaled to ``text_height``, with a white border.

    ``rows`` keeps that band of rows instead of trimming them (one box of a line: a small ッ must
    stay small beside the line's height)."""
    box = ink_box(ink)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    if rows is not None:
        y0, y1 = rows
    part = ink[y0:y1, x0:x1]
    factor = text_height / max(y1 - y0, 1)
    factor = min(max(factor, 0.3), 6.0)
    if abs(factor - 1) > 0.05:
        part = cv2.resize(
            part, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
        )
        _t, part = cv2.threshold(part, 127, 255, cv2.THRESH_BINARY)
    part = cv2.copyMakeBorder(part, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=0)
    return cv2.bitwise_not(part)


def cell_images(cleaned: Cleaned) -> list[np.ndarray | None]:
    """Each box's character on its own (None for an empty box), at the line's height."""
    box = ink_box(cleaned.ink)
    if box is None:
        return []
    rows = (box[1], box[3])
    return [for_ocr(cleaned.ink[:, left:right], rows=rows) for left, right in cleaned.cells]


def compact(cleaned: Cleaned, *, keep_empty: bool) -> np.ndarray:
    """Boxed characters set side by side at a normal pitch, as in printed text: the recogniser
    reads a line of spaced-out boxes less well (doubled or dropped digits). Ink between the boxes
    (年 月 日, a hyphen) is kept in its place; an empty box becomes a space when ``keep_empty``."""
    ink, cells = cleaned.ink, cleaned.cells
    if len(cells) < 2:
        return ink
    gap = max(cleaned.box_height // 5, 3)  # narrower makes the recogniser split or merge kana
    units: list[np.ndarray] = []
    edges = [0] + [x for cell in cells for x in cell] + [ink.shape[1]]
    for index in range(len(edges) - 1):
        left, right = edges[index], edges[index + 1]
        if right <= left:
            continue
        part = ink[:, left:right]
        columns = np.flatnonzero(part.any(axis=0))
        inside = index % 2 == 1  # edges alternate outside / cell
        if len(columns):
            units.append(part[:, columns[0] : columns[-1] + 1])
        elif inside and keep_empty:
            units.append(np.zeros((ink.shape[0], cleaned.box_height * 2), np.uint8))
    if not units:
        return ink
    spacer = np.zeros((ink.shape[0], gap), np.uint8)
    pieces = []
    for unit in units:
        pieces.extend((unit, spacer))
    return np.hstack(pieces[:-1])


def clean(image: np.ndarray) -> Cleaned:
    grey, _factor = _upscale_small(to_grey(image))
    ink = straighten(binarise(grey))
    return without_specks(remove_lines(ink))


SPECK_SHARE = 0.12  # of a usual character's ink: less is a speck, unless it is a mark (・ -)


def _is_mark(part: np.ndarray, band: tuple[int, int]) -> bool:
    """A dot (・) or a dash (-, ー) in the middle of the line, not a frame's remains at its edge."""
    box = ink_box(part)
    if box is None:
        return False
    width, height = box[2] - box[0], box[3] - box[1]
    top, bottom = band
    middle = (box[1] + box[3]) / 2
    if not top + 0.2 * (bottom - top) <= middle <= bottom - 0.2 * (bottom - top):
        return False
    fill = int((part[box[1] : box[3], box[0] : box[2]] > 0).sum()) / max(width * height, 1)
    dot = min(width, height) >= 3 and 0.5 <= width / height <= 2
    dash = width >= 2 * height and width >= 0.2 * (bottom - top)
    return (dot or dash) and fill >= 0.5


def without_specks(cleaned: Cleaned) -> Cleaned:
    """A box holding only a speck is empty: what is left of its frame after the lines were taken
    out, or a dot of scanner noise, would otherwise make the recogniser see a character there (or
    lose the empty box between family and given name). A dot or dash mid-line (・ -) stays."""
    if len(cleaned.cells) < 2:
        return cleaned
    areas = [int((cleaned.ink[:, left:right] > 0).sum()) for left, right in cleaned.cells]
    filled = sorted(a for a in areas if a)
    if not filled:
        return cleaned
    characters = [a for a in filled if a >= filled[-1] / 4]  # not swayed by many specks
    usual = characters[len(characters) // 2]
    rows = [
        ink_box(cleaned.ink[:, left:right])
        for (left, right), area in zip(cleaned.cells, areas, strict=True)
        if area >= SPECK_SHARE * usual
    ]
    band = (min(r[1] for r in rows if r), max(r[3] for r in rows if r))
    specks = [
        (left, right)
        for (left, right), area in zip(cleaned.cells, areas, strict=True)
        if 0 < area < SPECK_SHARE * usual and not _is_mark(cleaned.ink[:, left:right], band)
    ]
    if not specks:
        return cleaned
    ink = cleaned.ink.copy()
    for left, right in specks:
        ink[:, left:right] = 0
    return Cleaned(ink, cleaned.cells, cleaned.box_height)

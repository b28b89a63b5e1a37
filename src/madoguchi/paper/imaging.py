"""One scanned page made ready for reading: loaded from a scanner's PDF/TIFF/JPEG/PNG, checked for
blankness, turned upright, deskewed and registered to its template by the four corner marks, so a
zone's millimetres land on the field's boxes.

Pages are worked on in grey at ``DPI`` (the template's resolution); the marks and the QR code come
from ``layout`` so both modules agree on where they are.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from django.utils.translation import gettext as _

from . import layout as L

DPI = 200
PX_PER_MM = DPI / 25.4
RASTER_DPI = 300
MAX_PAGES = 200
BLANK_INK = 0.0015  # share of dark pixels under which a page is blank


class BadScan(ValueError):
    """A file or page that cannot be read as a scan; the message says why, for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class PageScan:
    image: np.ndarray  # grey, upright, registered to the layout's page at DPI
    form_code: str | None  # "tenshutsu:3" from the QR code
    page: int | None
    rotated: int  # degrees turned to make it upright (0, 90, 180, 270)
    skew: float  # degrees of skew found (and corrected)
    blank: bool
    registered: bool = False  # True when the corner marks (or the template image) were matched


# --- loading ---------------------------------------------------------------------------------


def _grey(pil_image) -> np.ndarray:
    from PIL import Image

    if pil_image.mode in ("I", "I;16", "I;16B", "F"):  # 16-bit or float scans: stretch to 8 bits
        array = np.asarray(pil_image, dtype=np.float64)
        span = max(float(array.max() - array.min()), 1.0)
        return ((array - array.min()) * (255 / span)).astype(np.uint8)
    if "A" in pil_image.getbands() or "transparency" in pil_image.info:
        # A transparent background is paper, not black ink.
        rgba = pil_image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        pil_image = Image.alpha_composite(white, rgba).convert("RGB")
    elif pil_image.mode not in ("L", "RGB"):
        pil_image = pil_image.convert("RGB")
    array = np.asarray(pil_image)
    if array.ndim == 3:
        array = cv2.cvtColor(array, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(array)


def _pdf_pages(data: bytes) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise BadScan(_("PDFを開けませんでした。ファイルが壊れていないか確かめてください。")) from None
    try:
        if len(document) > MAX_PAGES:
            raise BadScan(
                _("ページ数が多すぎます（%(max)s枚まで）。分けてアップロードしてください。")
                % {"max": MAX_PAGES}
            )
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            covered = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                left, bottom, right, top = obj.get_bounds()
                covered += max(right - left, 0) * max(top - bottom, 0)
            if covered < 0.5 * width * height:
                raise BadScan(
                    _(
                        "%(page)sページ目はスキャンした画像ではありません（文字だけのPDFです）。"
                        "紙の申請書をスキャナーで読み取ったPDFをアップロードしてください。"
                    )
                    % {"page": index + 1}
                )
            bitmap = page.render(scale=RASTER_DPI / 72, grayscale=True)
            yield _grey(bitmap.to_pil())
            page.close()
    finally:
        document.close()


def load_pages(data: bytes, filename: str = "") -> Iterator[np.ndarray]:
    """The pages of a scan as grey images: PDF (rasterised at 300 dpi), multi-page TIFF, JPEG, PNG.

    Raises BadScan for a PDF without scanned images (text only), and for anything unreadable."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if data[:5] == b"%PDF-" or filename.lower().endswith(".pdf"):
        yield from _pdf_pages(data)
        return
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise BadScan(
            _(
                "画像として読み取れないファイルです。PDF・TIFF・JPEG・PNGのスキャン画像をアップロードしてください。"
            )
        ) from None
    for count, frame in enumerate(ImageSequence.Iterator(image), start=1):
        if count > MAX_PAGES:
            raise BadScan(
                _("ページ数が多すぎます（%(max)s枚まで）。分けてアップロードしてください。")
                % {"max": MAX_PAGES}
            )
        yield _grey(frame)


# --- page analysis ---------------------------------------------------------------------------


def _binary(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to a grey or uneven background."""
    _t, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Otsu on a nearly white page puts the threshold in the paper's noise: keep only real ink.
    if _t > 200 or (grey < _t).mean() > 0.5:
        _t2, ink = cv2.threshold(grey, 160, 255, cv2.THRESH_BINARY_INV)
    return ink


def is_blank(grey: np.ndarray) -> bool:
    h, w = grey.shape
    inner = grey[int(h * 0.04) : int(h * 0.96), int(w * 0.04) : int(w * 0.96)]
    small = cv2.resize(inner, (max(w // 4, 1), max(h // 4, 1)), interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 3)
    ink = small < min(150, int(np.median(small)) - 60)
    return float(ink.mean()) < BLANK_INK


def _to_page_scale(grey: np.ndarray) -> np.ndarray:
    """Scale so the short side is A4's 210 mm at DPI (scanners send anything from 150 to 600 dpi)."""
    h, w = grey.shape
    target = L.PAGE_W * PX_PER_MM
    factor = target / min(h, w)
    if abs(factor - 1) < 0.01:
        return grey
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(grey, (round(w * factor), round(h * factor)), interpolation=interpolation)


def _decode(detector, image: np.ndarray) -> tuple[str, np.ndarray] | None:
    for candidate in (image, cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]):
        try:
            text, points, _straight = detector.detectAndDecode(candidate)
        except cv2.error:
            continue
        if text and points is not None:
            return text, points.reshape(-1, 2)
    return None


def read_qr(grey: np.ndarray) -> tuple[str, np.ndarray] | None:
    """The QR code's payload and its four corner points (page coordinates).

    Our QR sits in a corner (top right, or bottom left when upside down): the corners are searched
    first, being far faster than the whole page."""
    detector = cv2.QRCodeDetector()
    h, w = grey.shape
    ch, cw = int(h * 0.2), int(w * 0.3)
    corners = ((w - cw, 0), (0, h - ch), (0, 0), (w - cw, h - ch))
    for x, y in corners:
        found = _decode(detector, grey[y : y + ch, x : x + cw])
        if found:
            return found[0], found[1] + np.array([x, y], dtype=np.float32)
    return _decode(detector, grey)


def _rotate(grey: np.ndarray, degrees: int) -> np.ndarray:
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(grey, turns[degrees]) if degrees % 360 else grey


def _qr_turn(points: np.ndarray) -> int:
    """Clockwise turn (0/90/180/270) that makes the QR code, hence the page, upright."""
    dx, dy = points[1] - points[0]
    angle = math.degrees(math.atan2(dy, dx))  # 0 when upright, 180 when upside down
    return int((round(-angle / 90) * 90) % 360)


def _osd_turn(grey: np.ndarray) -> int:
    """Tesseract's orientation detection, for pages without a QR code (a city's own form)."""
    import pytesseract

    small = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    try:
        osd = pytesseract.image_to_osd(small, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.5:
        return 0
    return int(osd.get("rotate", 0)) % 360


def find_marks(grey: np.ndarray) -> np.ndarray | None:
    """Centres of the four solid corner squares (TL, TR, BL, BR), or None when not all are found."""
    h, w = grey.shape
    ink = _binary(grey)
    side = L.MARK * PX_PER_MM
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    candidates = []
    for index in range(1, count):
        x, y, bw, bh, area = stats[index]
        if not (0.6 * side < bw < 1.6 * side and 0.6 * side < bh < 1.6 * side):
            continue
        if area < 0.6 * bw * bh or not 0.75 < bw / bh < 1.33:
            continue
        candidates.append(centroids[index])
    if len(candidates) < 4:
        return None
    pts = np.array(candidates)
    corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], dtype=float)
    chosen = []
    for corner in corners:
        distances = np.hypot(*(pts - corner).T)
        best = int(np.argmin(distances))
        if distances[best] > 0.25 * min(h, w):
            return None
        chosen.append(pts[best])
    return np.array(chosen, dtype=np.float32)


def _template_marks() -> np.ndarray:
    near = L.MARK_INSET + L.MARK / 2
    far_x, far_y = L.PAGE_W - near, L.PAGE_H - near
    return (
        np.array([[near, near], [far_x, near], [near, far_y], [far_x, far_y]], dtype=np.float32) * PX_PER_MM
    )


def page_size_px() -> tuple[int, int]:
    return round(L.PAGE_W * PX_PER_MM), round(L.PAGE_H * PX_PER_MM)


def estimate_skew(grey: np.ndarray) -> float:
    """Skew in degrees (positive: turned clockwise) by the sharpest row profile of the ink."""
    small = cv2.resize(grey, (grey.shape[1] // 3, grey.shape[0] // 3), interpolation=cv2.INTER_AREA)
    ink = _binary(small)
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_score = 0.0, -1.0
    for step, span in ((0.5, 5.0), (0.1, 0.5)):
        for angle in np.arange(best - span, best + span + 1e-9, step):
            matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
            turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
            score = float(np.var(turned.sum(axis=1, dtype=np.float64)))
            if score > best_score:
                best, best_score = float(angle), score
    return -best


def _warp_to_template(grey: np.ndarray, marks: np.ndarray) -> np.ndarray:
    matrix = cv2.getPerspectiveTransform(marks, _template_marks())
    return cv2.warpPerspective(grey, matrix, page_size_px(), flags=cv2.INTER_LINEAR, borderValue=255)


def register_to_image(grey: np.ndarray, template: np.ndarray) -> np.ndarray | None:
    """Align a scan to a page image by ORB features (a city's own form has no corner marks)."""
    orb = cv2.ORB_create(3000)
    k1, d1 = orb.detectAndCompute(grey, None)
    k2, d2 = orb.detectAndCompute(template, None)
    if d1 is None or d2 is None:
        return None
    matches = sorted(cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(d1, d2), key=lambda m: m.distance)
    matches = matches[: max(50, len(matches) // 3)]
    if len(matches) < 12:
        return None
    src = np.float32([k1[m.queryIdx].pt for m in matches]).reshape(-1, 1, 2)
    dst = np.float32([k2[m.trainIdx].pt for m in matches]).reshape(-1, 1, 2)
    matrix, _mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
    if matrix is None:
        return None
    h, w = template.shape[:2]
    return cv2.warpPerspective(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def prepare_page(image: np.ndarray, *, template: np.ndarray | None = None) -> PageScan:
    """Blank check, orientation, deskew, QR read and registration of one page.

    ``template`` (a page image at DPI, A4) registers a city's own form without marks."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    grey = _to_page_scale(grey)
    if is_blank(grey):
        return PageScan(image=grey, form_code=None, page=None, rotated=0, skew=0.0, blank=True)
    qr = read_qr(grey)
    if qr is not None:
        turn = _qr_turn(qr[1])
    elif grey.shape[1] > grey.shape[0]:
        turn = 90 if _osd_turn(_rotate(grey, 90)) == 0 else 270
    else:
        turn = _osd_turn(grey)
    grey = _to_page_scale(_rotate(grey, turn))
    form_code = page = None
    if qr is not None and (parsed := L.parse_form_code(qr[0])):
        form_code, page = L.form_code_for(parsed[0], parsed[1]), parsed[2]
    marks = find_marks(grey) if template is None else None
    if marks is not None:
        (x0, y0), (x1, y1) = marks[0], marks[1]
        skew = math.degrees(math.atan2(y1 - y0, x1 - x0))
        registered = _warp_to_template(grey, marks)
        return PageScan(registered, form_code, page, turn, round(skew, 2), False, registered=True)
    if template is not None and (aligned := register_to_image(grey, template)) is not None:
        return PageScan(aligned, form_code, page, turn, 0.0, False, registered=True)
    skew = estimate_skew(grey)
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -skew, 1.0)
    straight = cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    width, height = page_size_px()
    straight = cv2.resize(straight, (width, height), interpolation=cv2.INTER_AREA)
    return PageScan(straight, form_code, page, turn, round(skew, 2), False, registered=False)


CROP_PAD_MM = 1.5


def crop(page: PageScan, zone: L.Zone, *, pad_mm: float = CROP_PAD_MM) -> np.ndarray:
    """The zone's pixels (with a little margin, so the box lines are whole)."""
    h, w = page.image.shape[:2]
    x0 = max(int((zone.x - pad_mm) * PX_PER_MM), 0)
    y0 = max(int((zone.y - pad_mm) * PX_PER_MM), 0)
    x1 = min(int(math.ceil((zone.x + zone.w + pad_mm) * PX_PER_MM)), w)
    y1 = min(int(math.ceil((zone.y + zone.h + pad_mm) * PX_PER_MM)), h)
    return page.image[y0:y1, x0:x1].copy()

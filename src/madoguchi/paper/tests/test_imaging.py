import random

import numpy as np
import pytest

from madoguchi.paper import imaging
from madoguchi.paper.tests import synth


@pytest.fixture(scope="module")
def form():
    return synth.filled_form("tenshutsu", 7)


def _ink_centre(crop):
    ys, xs = np.nonzero(crop < 128)
    return xs.mean() / crop.shape[1], ys.mean() / crop.shape[0]


@pytest.mark.parametrize(("angle", "upside_down"), [(2.5, False), (-3.0, True)])
def test_skew_and_orientation_are_corrected_and_zones_land_on_the_values(form, angle, upside_down):
    _version, layout, values, pdf = form
    scan = synth.Scan(angle=angle, dpi=250, upside_down=upside_down, noise=6, jpeg_quality=70)
    page = imaging.prepare_page(synth.print_and_scan(pdf, scan, seed=1)[0])
    assert page.rotated == (180 if upside_down else 0)
    assert abs(abs(page.skew) - abs(angle)) < 0.5
    assert page.registered and page.page == 1
    # The registered page lines up with the clean rendering.
    clean = imaging.prepare_page(synth.rasterise(pdf, 200)[0])
    zone = layout.zone("applicant.phone")
    got, want = imaging.crop(page, zone), imaging.crop(clean, zone)
    assert got.shape == want.shape
    assert np.allclose(_ink_centre(got), _ink_centre(want), atol=0.02)
    # ... and the straightened page's marks are where the template has them.
    marks = imaging.find_marks(page.image)
    assert marks is not None
    assert np.abs(marks - imaging._template_marks()).max() < 3


def test_blank_page_is_detected():
    rng = np.random.default_rng(0)
    paper = np.clip(245 + rng.normal(0, 6, (2339, 1654)), 0, 255).astype(np.uint8)
    assert imaging.prepare_page(paper).blank
    assert not imaging.is_blank(synth.rasterise(synth.filled_form("tenshutsu", 7)[3], 100)[0])


def test_text_only_pdf_is_refused(form):
    with pytest.raises(imaging.BadScan) as raised:
        list(imaging.load_pages(form[3], "form.pdf"))
    assert "文字だけのPDF" in raised.value.message


def test_scanned_pdf_tiff_and_jpeg_load(form):
    pages = synth.print_and_scan(form[3], synth.Scan(dpi=150), seed=2)
    loaded = list(imaging.load_pages(synth.scanned_pdf(pages, 150), "scan.pdf"))
    assert len(loaded) == len(pages) and loaded[0].ndim == 2
    import io

    from PIL import Image

    buffer = io.BytesIO()
    images = [Image.fromarray(p) for p in pages]
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    assert len(list(imaging.load_pages(buffer.getvalue(), "scan.tif"))) == len(pages)
    with pytest.raises(imaging.BadScan):
        list(imaging.load_pages(b"not an image", "x.png"))


def test_a_page_without_marks_is_deskewed_by_its_text():
    rng = random.Random(3)
    image = synth.field_image(
        "text", "東京都国分寺市本町二丁目1番1号", char_px=40, boxed=False, noise=0, seed=rng.randint(0, 9)
    )
    page = np.full((2339, 1654), 255, np.uint8)
    for row in range(6):
        page[300 + row * 200 : 300 + row * 200 + image.shape[0], 200 : 200 + image.shape[1]] = image
    tilted = synth.degrade(
        page, synth.Scan(angle=2.0, noise=0, blur=False, jpeg_quality=100), np.random.default_rng(0)
    )
    assert abs(imaging.estimate_skew(tilted) - (-2.0)) < 0.5 or abs(imaging.estimate_skew(tilted) - 2.0) < 0.5

"""Image files as input: a scanner's JPEG, a PNG and a two-page TIFF of data/raw's PDF read by OCR
through the CLI as its text layer reads; a page's size from the image's resolution or, without a
believable one, an A4 sheet; hostile or broken images refused with one line.

The CLI runs once per test session over a folder of the three images (which also checks that a
folder yields them), and once more over the TIFF with two page workers: OCR costs 2–3 s of CPU a
page, and every test here reads those runs.
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import RAW_PDF, run_cli, run_once, session_root
from tests.synth_scan import scanned_pages

pytest.importorskip("rapidocr_onnxruntime")

DPI = 200
# The names the images go by in the folder, and the output folders they give.
JPEG, PNG, TIFF = "page1.jpg", "plain.png", "pages.tif"
# A4's shorter side in points: what a picture without a believable resolution is taken to show.
A4_SHORT = 595.28


@dataclass(frozen=True)
class ImageRuns:
    folder: Path
    batch: subprocess.CompletedProcess  # run FOLDER --out out (one page worker a document)
    workers: subprocess.CompletedProcess  # run pages.tif --out workers --page-workers 2

    def json(self, stem: str, name: str, out: str = "out") -> dict:
        return json.loads((self.folder / out / stem / name).read_text(encoding="utf-8"))


def _render(number: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(RAW_PDF))
    try:
        page = document[number - 1]
        image = page.render(scale=DPI / 72).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    return image


def _build(folder: Path) -> dict:
    inputs = folder / "in"
    inputs.mkdir()
    # a scanner's JPEG of page 1: toned noisy paper, a small tilt, its resolution in its header
    (inputs / JPEG).write_bytes(scanned_pages(RAW_PDF, dpi=DPI, pages=[1]).jpegs[1])
    first, second = _render(1), _render(2)
    first.save(inputs / PNG)  # no resolution in the file
    first.convert("L").save(
        inputs / TIFF, save_all=True, append_images=[second.convert("L")], dpi=(DPI, DPI), compression="tiff_lzw"
    )
    common = ("--no-summary", "--debug-pages", "--timeout", "1800")
    batch = run_cli("run", str(inputs), "--out", str(folder / "out"), *common, timeout=1900)
    workers = run_cli(
        "run", str(inputs / TIFF), "--out", str(folder / "workers"), "--page-workers", "2", *common, timeout=1900
    )
    return {
        name: {"returncode": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
        for name, r in (("batch", batch), ("workers", workers))
    }


@pytest.fixture(scope="session")
def images(tmp_path_factory) -> ImageRuns:
    folder = run_once(session_root(tmp_path_factory), "image-input", _build)
    kept = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    runs = {
        name: subprocess.CompletedProcess("run", r["returncode"], r["stdout"], r["stderr"]) for name, r in kept.items()
    }
    return ImageRuns(folder, runs["batch"], runs["workers"])


def test_a_folder_of_images_runs_each(images):
    assert images.batch.returncode == 0, images.batch.stderr
    assert "Traceback" not in images.batch.stderr
    inputs = images.folder / "in"
    lines = images.batch.stdout.splitlines()
    assert all(line.startswith(("ok: ", "partial: ")) for line in lines), lines
    # in the folder's order, by name
    assert [line.split(": ", 1)[1].split(" -> ")[0] for line in lines] == [str(inputs / n) for n in (JPEG, TIFF, PNG)]


def test_a_scanners_jpeg_of_the_first_page_reads_its_notice(images, gold):
    doc = images.json("page1", "document.json")
    assert doc["notice"]["doc_number"] == gold["notice"]["doc_number"] == "青教〔2022〕1号"
    assert doc["notice"]["title"] == gold["notice"]["title"]
    data = (images.folder / "in" / JPEG).read_bytes()
    assert doc["source"] == {
        "file": JPEG, "sha256": hashlib.sha256(data).hexdigest(), "pages": 1, "producer": None, "creator": None,
        "creation_date": None, "title": None,
    }
    quality = images.json("page1", "quality.json")
    assert quality["status"] in ("ok", "partial")
    assert quality["ocr"]["read_at"] == {"1": {"dpi": float(DPI), "source": "image"}}
    assert doc["notice"]["where"]["doc_number"][0]["origin"] == "ocr"


def test_png_and_tiff_read_as_their_pages(images, gold):
    assert images.json("plain", "quality.json")["pages"] == 1
    quality = images.json("pages", "quality.json")
    assert quality["pages"] == 2
    assert quality["ocr"]["read_at"] == {str(n): {"dpi": float(DPI), "source": "image"} for n in (1, 2)}
    doc = images.json("pages", "document.json")
    assert doc["notice"]["doc_number"] == gold["notice"]["doc_number"]
    assert doc["attachment"]["title"] == gold["attachment"]["title"]  # printed on page 2


def test_page_workers_do_not_change_the_outputs(images):
    assert images.workers.returncode == 0, images.workers.stderr
    one, two = images.folder / "out" / "pages", images.folder / "workers" / "pages"
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_an_image_without_a_resolution_shows_an_a4_sheet(images):
    page = images.json("plain", "pages.json")["pages"][0]
    assert page["width"] == A4_SHORT and page["height"] > page["width"]
    assert page["images"][0]["pixel_width"] == round(A4_SHORT * DPI / 72)


@pytest.mark.parametrize(
    "size, dpi, points",
    [
        ((1654, 2339), None, (A4_SHORT, 841.81)),  # no resolution: A4 across the shorter side
        ((2339, 1654), None, (841.81, A4_SHORT)),  # landscape: A4 down
        ((3024, 4032), (72, 72), (A4_SHORT, 793.71)),  # a phone's 72 dpi means nothing
        ((2480, 3508), (300, 300), (595.2, 841.92)),  # a scanner's 300 dpi is believed
    ],
)
def test_a_pages_size_comes_from_a_believable_resolution_or_a4(tmp_path, size, dpi, points):
    from PIL import Image

    from extract.parse.image.frames import read_frames

    path = tmp_path / "page.jpg"
    Image.new("L", size, 255).save(path, **({"dpi": dpi} if dpi else {}))
    [frame], _ = read_frames(path, 500)
    assert (frame.width, frame.height) == pytest.approx(points, abs=0.01)


def _bomb(path: Path, side: int = 30_000) -> None:
    """A PNG of side × side one-bit pixels, all white: about 100 KB that decode to 900 megapixels."""
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def _jpeg(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (400, 560), "white").save(path, dpi=(DPI, DPI))


def _truncated(path: Path) -> None:
    import io

    buffer = io.BytesIO()
    _render(1).save(buffer, format="JPEG", quality=80)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])


def _over_the_cap(path: Path) -> None:
    from PIL import Image

    Image.new("1", (8000, 8000), 1).save(path)  # 64 megapixels: past the cap, short of Pillow's own guard


def _frames(path: Path) -> None:
    from PIL import Image

    frame = Image.new("L", (40, 56), 255)
    frame.save(path, save_all=True, append_images=[frame] * 4)


BAD = [
    ("truncated.jpg", _truncated, (), "damaged or truncated"),
    ("garbage.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), (), "damaged or truncated"),
    ("bomb.png", _bomb, (), "declares 900,000,000 pixels (a decompression bomb?)"),
    ("huge.png", _over_the_cap, (), "8,000 × 8,000 pixels, more than the limit of 60 megapixels a page"),
    ("notes.jpg", lambda p: p.write_text("关于印发的通知\n", encoding="utf-8"), (), "the file is not an image"),
    ("frames.tif", _frames, ("--max-pages", "3"), "the image has more than 3 pages (frames)"),
    ("photo.jpg", _jpeg, ("--ocr", "never"), "an image is read only by OCR; run it with --ocr auto"),
]


@pytest.mark.parametrize("name, make, args, words", BAD, ids=[b[0] for b in BAD])
def test_a_bad_image_is_one_error_line_and_leaves_earlier_outputs(tmp_path, name, make, args, words):
    path = tmp_path / name
    make(path)
    earlier = tmp_path / "out" / path.stem / "document.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"earlier": true}', encoding="utf-8")
    result = run_cli("run", str(path), "--out", str(tmp_path / "out"), "--no-summary", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), result.stderr
    assert words in lines[0]
    assert earlier.read_text(encoding="utf-8") == '{"earlier": true}'
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [path.stem]

"""Bad inputs built by the tests themselves."""

from __future__ import annotations

from pathlib import Path

from conftest import RAW_PDF


def empty(tmp: Path) -> Path:
    path = tmp / "empty.pdf"
    path.write_bytes(b"")
    return path


def html(tmp: Path) -> Path:
    path = tmp / "saved-page.pdf"
    path.write_text("<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>\n")
    return path


def truncated(tmp: Path, keep: float = 0.4) -> Path:
    data = RAW_PDF.read_bytes()
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def encrypted(tmp: Path, password: str = "secret") -> Path:
    import pikepdf

    path = tmp / "encrypted.pdf"
    with pikepdf.open(RAW_PDF) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-" + password, user=password, R=6))
    return path


def scanned(tmp: Path) -> Path:
    """An image-only PDF, as a scanner makes it."""
    import img2pdf
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).rectangle((200, 200, 1000, 260), fill="black")
    png = tmp / "scan.png"
    image.save(png)
    path = tmp / "scan.pdf"
    path.write_bytes(img2pdf.convert(str(png)))
    return path

#!/usr/bin/env python3
"""Downloads the trained weights of a model folder, as Caffe's script does.

Usage: scripts/download_model_binary.py <dirname>

<dirname>/readme.md starts with a front matter between two `---` lines that
names the weights:

    caffemodel: bvlc_alexnet.caffemodel
    caffemodel_url: http://dl.caffe.berkeleyvision.org/bvlc_alexnet.caffemodel
    sha1: 9116a64c0fbe4459d18f4bb6b56d647b63920377

The file is written to <dirname>/<caffemodel> (through a temporary file, so an
interrupted download leaves nothing behind) and its SHA-1 checked. A file
already there with the right SHA-1 is kept. `sha1: unpublished` marks weights
whose publisher gave no SHA-1: they are downloaded unchecked and the SHA-1
obtained is printed. Standard library only; any failure ends the program with
status 1 and one line on stderr.
"""

import hashlib
import http.client
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request

PROGRAM = "download_model_binary.py"
REQUIRED_FIELDS = ("caffemodel", "caffemodel_url", "sha1")
UNPUBLISHED_SHA1 = "unpublished"
CHUNK_BYTES = 1 << 16
TIMEOUT_SECONDS = 60


class Failure(Exception):
    """A problem to report to the user as one line."""


def read_front_matter(readme_path):
    """Returns the `key: value` pairs between the readme's first two `---` lines."""
    try:
        with open(readme_path, encoding="utf-8") as readme:
            lines = readme.read().splitlines()
    except FileNotFoundError:
        raise Failure(f"{readme_path} not found (each model folder needs a readme.md "
                      "with the caffemodel, caffemodel_url and sha1 fields)")
    except OSError as error:
        raise Failure(f"cannot read {readme_path}: {error.strerror}")
    if not lines or lines[0].strip() != "---":
        raise Failure(f"{readme_path}: the first line must be '---' (start of the front matter)")
    fields = {}
    for number, line in enumerate(lines[1:], start=2):
        text = line.strip()
        if text == "---":
            return fields
        if not text or text.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)", text)
        if not match:
            raise Failure(f"{readme_path}:{number}: expected 'key: value', found '{text}'")
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields[match.group(1)] = value
    raise Failure(f"{readme_path}: the front matter has no closing '---' line")


def weights_spec(dirname):
    """Returns (file name, URL, expected SHA-1 or None) from the folder's readme."""
    readme_path = os.path.join(dirname, "readme.md")
    fields = read_front_matter(readme_path)
    for field in REQUIRED_FIELDS:
        if not fields.get(field):
            raise Failure(f"{readme_path}: the front matter has no '{field}' field")
    filename = fields["caffemodel"]
    if os.path.basename(filename) != filename or filename in (".", ".."):
        raise Failure(f"{readme_path}: caffemodel must be a plain file name, not '{filename}'")
    sha1 = fields["sha1"].lower()
    if sha1 == UNPUBLISHED_SHA1:
        sha1 = None
    elif not re.fullmatch(r"[0-9a-f]{40}", sha1):
        raise Failure(f"{readme_path}: sha1 must be 40 hexadecimal digits or "
                      f"'{UNPUBLISHED_SHA1}', not '{fields['sha1']}'")
    return filename, fields["caffemodel_url"], sha1


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def human_bytes(count):
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024.0


class Progress:
    """A one-line progress bar (bytes, percent, rate), redrawn a few times a second."""

    WIDTH = 30

    def __init__(self, total):
        self.total = total
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.live = sys.stdout.isatty()  # logs get the final line only

    def update(self, done, final=False):
        now = time.monotonic()
        if not final and (not self.live or now - self.last_draw < 0.2):
            return
        self.last_draw = now
        rate = done / max(now - self.start, 1e-6)
        if self.total:
            fraction = min(done / self.total, 1.0)
            filled = int(fraction * self.WIDTH)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            text = (f"[{bar}] {100 * fraction:5.1f}%  {human_bytes(done)} of "
                    f"{human_bytes(self.total)}  {human_bytes(rate)}/s")
        else:
            text = f"{human_bytes(done)}  {human_bytes(rate)}/s"
        sys.stdout.write("\r" + text.ljust(72) + ("\n" if final else ""))
        sys.stdout.flush()


def download(url, target):
    """Streams url into the file target (already open), drawing progress."""
    try:
        response = urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS)
    except urllib.error.HTTPError as error:
        raise Failure(f"cannot download {url}: HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:
        raise Failure(f"cannot download {url}: {reason_text(error.reason)}")
    except (OSError, ValueError) as error:
        raise Failure(f"cannot download {url}: {reason_text(error)}")
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        progress = Progress(total)
        done = 0
        try:
            for chunk in iter(lambda: response.read(CHUNK_BYTES), b""):
                target.write(chunk)
                done += len(chunk)
                progress.update(done)
        except (OSError, http.client.HTTPException) as error:
            raise Failure(f"download of {url} failed after {done} bytes: "
                          f"{reason_text(error)}")
        progress.update(done, final=True)
    if total is not None and done != total:
        raise Failure(f"download of {url} ended after {done} of {total} bytes")


def reason_text(reason):
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def fetch_weights(dirname):
    filename, url, sha1 = weights_spec(dirname)
    path = os.path.join(dirname, filename)
    if os.path.isfile(path):
        if sha1 is None:
            print(f"{path} is already there (no published SHA-1 to check it "
                  "against); skipping the download.")
            return
        if file_sha1(path) == sha1:
            print(f"{path} is already there with the right SHA-1; skipping the download.")
            return
        print(f"{path} is there but its SHA-1 differs; downloading it again.")

    print(f"Downloading {url} to {path}")
    handle, temp_path = tempfile.mkstemp(prefix="." + filename + ".", suffix=".part",
                                         dir=dirname)
    try:
        with os.fdopen(handle, "wb") as target:
            download(url, target)
        got = file_sha1(temp_path)
        if sha1 is not None and got != sha1:
            raise Failure(f"SHA-1 mismatch for {url}: expected {sha1}, got {got}; "
                          "the download was removed")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_path, 0o666 & ~umask)  # mkstemp made it private
        os.replace(temp_path, path)
    finally:
        if os.path.exists(temp_path):
            os.remove(temp_path)
    if sha1 is None:
        print(f"Done: {path} (SHA-1 {got}, not checked: none was published)")
    else:
        print(f"Done: {path} (SHA-1 {got} verified)")


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(f"usage: {PROGRAM} <dirname>\n"
                         "  e.g. scripts/download_model_binary.py models/bvlc_alexnet\n")
        return 0 if len(argv) == 2 else 1
    dirname = argv[1]
    try:
        if not os.path.isdir(dirname):
            raise Failure(f"{dirname} is not a directory")
        fetch_weights(dirname)
    except Failure as failure:
        sys.stdout.flush()
        sys.stderr.write(f"{PROGRAM}: error: {failure}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROGRAM}: interrupted; nothing was kept\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

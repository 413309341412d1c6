#!/usr/bin/env bash
# Fetches the ILSVRC 2012 auxiliary files that Caffe's ImageNet examples use
# (imagenet_mean.binaryproto, synset_words.txt, synsets.txt, train.txt,
# val.txt, ...) from BVLC's caffe_ilsvrc12.tar.gz into this directory.
# ILSVRC_AUX_URL overrides where the archive comes from (a mirror, a test).
# Does nothing when the files are there already.
set -euo pipefail

PROGRAM="get_ilsvrc_aux.sh"
URL="${ILSVRC_AUX_URL:-http://dl.caffe.berkeleyvision.org/caffe_ilsvrc12.tar.gz}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXPECTED="imagenet_mean.binaryproto synset_words.txt synsets.txt train.txt val.txt"

fail() {
  echo "$PROGRAM: error: $*" >&2
  exit 1
}

missing=0
for name in $EXPECTED; do
  [ -f "$HERE/$name" ] || missing=1
done
if [ "$missing" -eq 0 ]; then
  echo "The ILSVRC 2012 auxiliary files are already in $HERE; skipping the download" \
       "(delete them to fetch them again)."
  exit 0
fi

work="$(mktemp -d "$HERE/.get_ilsvrc_aux.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Prints the line of $work/stderr that says why a step failed: the last one a
# downloader wrote, the first one of tar (head or tail as $1).
reason() {
  grep -v '^[[:space:]]*$' "$work/stderr" | "$1" -n 1 || true
}

echo "Downloading $URL..."
if command -v curl >/dev/null; then
  curl --fail --location --silent --show-error --connect-timeout 30 \
       --output "$work/archive" "$URL" 2>"$work/stderr" ||
    fail "cannot download $URL: $(reason tail)"
elif command -v wget >/dev/null; then
  wget --no-verbose --timeout=30 --output-document="$work/archive" "$URL" \
       2>"$work/stderr" ||
    fail "cannot download $URL: $(reason tail)"
else
  fail "cannot download $URL: neither curl nor wget is installed" \
       "(apt-get install curl)"
fi

mkdir "$work/unpacked"
tar -xzf "$work/archive" -C "$work/unpacked" 2>"$work/stderr" ||
  fail "$URL is not a readable .tar.gz archive: $(reason head)"
for name in $EXPECTED; do
  [ -f "$work/unpacked/$name" ] || fail "the archive from $URL has no $name"
done

echo "Unpacking into $HERE..."
for path in "$work/unpacked"/*; do
  mv -f "$path" "$HERE/"
done
echo "Done."

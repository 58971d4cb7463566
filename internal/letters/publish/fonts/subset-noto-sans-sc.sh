#!/bin/sh
# Makes NotoSansSC-Regular.ttf and NotoSansSC-Bold.ttf (see LICENSE-NotoSansSC)
# from Noto Sans SC's TrueType fonts with fontTools' pyftsubset
# (apt-get install fonttools): the characters of GB 2312, CJK Symbols and
# Punctuation, and the Halfwidth and Fullwidth Forms.
#
#   npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
#   sh subset-noto-sans-sc.sh package/400Regular/NotoSansSC_400Regular.ttf package/700Bold/NotoSansSC_700Bold.ttf
set -eu
regular=$1
bold=$2
dir=$(dirname "$0")
unicodes=$(mktemp)
trap 'rm -f "$unicodes"' EXIT
python3 - >"$unicodes" <<'PY'
for lead in range(0xA1, 0xF8):
    for trail in range(0xA1, 0xFF):
        try:
            print("U+%04X" % ord(bytes([lead, trail]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
PY
for pair in "$regular:Regular" "$bold:Bold"; do
	pyftsubset "${pair%:*}" --unicodes-file="$unicodes" --unicodes="U+3000-303F,U+FF00-FFEF" \
		--no-hinting --layout-features='' --drop-tables+=vhea,vmtx,BASE,STAT,GDEF,GPOS,GSUB,gasp,prep \
		--output-file="$dir/NotoSansSC-${pair#*:}.ttf"
done

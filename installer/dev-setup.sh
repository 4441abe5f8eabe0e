#!/usr/bin/env bash
# Set up a development/demo environment on a fresh Debian/Ubuntu machine:
# system libraries Qt needs (offscreen and X11/Xvfb), then a virtual environment in .venv
# with rePlanner installed in editable mode. Usage: bash installer/dev-setup.sh [test]
#   test  also installs the test tools (pytest, pytest-qt, ruff, mypy, import-linter)
#         and poppler-utils for PDF checks.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=${1:-}
apt_pkgs=(
  python3-venv
  # Qt offscreen (platform notes): GL, EGL, fontconfig, glib, xkbcommon, dbus; fonts
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
  # a real window under X11 / Xvfb
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # Chinese/Japanese supplier names on screen and in reports
  fonts-noto-cjk
)
[ "$want_tests" = "test" ] && apt_pkgs+=(poppler-utils)

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo ">> installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo ">> not a Debian system: install the Qt runtime libraries listed in $0 yourself" >&2
  fi
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv with $($py --version)"
  $py -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extra=""
[ "$want_tests" = "test" ] && extra="[test]"
echo ">> installing rePlanner${extra} into .venv"
.venv/bin/python -m pip install -q -e ".${extra}"

#!/usr/bin/env bash
# Set up a development/demo environment on a Debian/Ubuntu machine: the system libraries Qt needs
# (offscreen and X11/Xvfb), then a virtual environment in .venv with rePlanner installed in
# editable mode. Safe to run again: it only adds what is missing.
#   bash installer/dev-setup.sh         the application
#   bash installer/dev-setup.sh test    also the test tools, poppler-utils (PDF checks) and
#                                       xdotool (installer/build_linux.sh times the window)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") want_tests="" ;;
  test) want_tests=1 ;;
  *) echo "usage: bash installer/dev-setup.sh [test]" >&2; exit 2 ;;
esac

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
[ -n "$want_tests" ] && apt_pkgs+=(poppler-utils xdotool)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    echo ">> not a Debian/Ubuntu system: install the Qt runtime libraries listed in $0 yourself" >&2
    return 0
  }
  local missing=() p
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo ">> these system packages are missing and I cannot install them without root:" >&2
      echo "   apt-get install -y ${missing[*]}" >&2
      echo "   run that as root, then run this script again" >&2
      exit 1
    fi
  fi
  echo ">> installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

make_venv() {
  local py=${PYTHON:-python3}
  command -v "$py" >/dev/null 2>&1 || { echo ">> $py not found: install Python 3.11 or newer" >&2; exit 1; }
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo ">> rePlanner needs Python 3.11 or newer; $py is $("$py" --version 2>&1)" >&2
    exit 1
  }
  # A venv from another machine or an interrupted run (no pip) is rebuilt, not reused.
  if [ -e .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    echo ">> .venv is unusable here; rebuilding it"
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    echo ">> creating .venv with $("$py" --version)"
    "$py" -m venv .venv
  fi
}

install_system_packages
make_venv
.venv/bin/python -m pip install -q --upgrade pip
extra=""
[ -n "$want_tests" ] && extra="[test]"
echo ">> installing rePlanner${extra} into .venv"
.venv/bin/python -m pip install -q -e ".${extra}"

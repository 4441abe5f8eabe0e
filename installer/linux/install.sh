#!/usr/bin/env bash
# Install rePlanner for the current user (no root): run from the unpacked tarball.
#   ./install.sh                    into ~/.local (menu entry, icons, ~/.local/bin/replanner)
#   ./install.sh --prefix DIR       somewhere else (DIR/opt/replanner, DIR/bin, DIR/share)
#   ./install.sh --uninstall        remove it again; your databases are never touched
# The program goes to PREFIX/opt/replanner (replaced whole on an upgrade); your data lives in
# ~/.local/share/rePlanner and stays where it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$HOME/.local
action=install
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$prefix" && prefix=$(cd "$prefix" && pwd)
app=$prefix/opt/replanner
share=$prefix/share
desktop=$share/applications/rePlanner.desktop
sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
  # only caches that exist already: a new, later stale icon cache would hide other apps' icons
  local icons=$share/icons/hicolor apps=$share/applications
  if [ -f "$icons/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$icons" || true
  fi
  if [ -f "$apps/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$apps" || true
  fi
  touch "$icons" "$apps" 2>/dev/null || true  # desktops watch the folders' times
}

do_uninstall() {
  rm -rf "$app" "$desktop" "$share/icons/hicolor/scalable/apps/replanner.svg"
  for s in $sizes; do rm -f "$share/icons/hicolor/${s}x${s}/apps/replanner.png"; done
  [ -L "$prefix/bin/replanner" ] && rm -f "$prefix/bin/replanner"
  refresh_caches
  echo "rePlanner removed from $prefix (your data in ~/.local/share/rePlanner is kept)"
}

do_install() {
  [ -x "$here/replanner/replanner" ] || { echo "install.sh: run me from the unpacked tarball" >&2; exit 1; }
  mkdir -p "$prefix/opt" "$prefix/bin" "$share/applications"
  # copy beside, then swap: an interrupted copy never leaves a half-installed program
  rm -rf "$app.new" && cp -a "$here/replanner" "$app.new"
  rm -rf "$app" && mv "$app.new" "$app"
  ln -sfn "$app/replanner" "$prefix/bin/replanner"
  for s in $sizes; do
    install -D -m 644 "$here/icons/replanner-$s.png" "$share/icons/hicolor/${s}x${s}/apps/replanner.png"
  done
  install -D -m 644 "$here/icons/replanner.svg" "$share/icons/hicolor/scalable/apps/replanner.svg"
  # the menu cannot rely on PATH containing PREFIX/bin: absolute, quoted paths
  sed -e "s|^TryExec=.*|TryExec=$app/replanner|" -e "s|^Exec=.*|Exec=\"$app/replanner\"|" \
    "$here/rePlanner.desktop" >"$desktop"
  chmod 644 "$desktop"
  refresh_caches
  "$app/replanner" --version >/dev/null || { echo "install.sh: the installed program does not start" >&2; exit 1; }
  echo "rePlanner installed in $app"
  echo "  menu entry: $desktop"
  echo "  command:    $prefix/bin/replanner (check it with: replanner --self-test)"
  case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "  note: $prefix/bin is not on your PATH" ;; esac
}

"do_$action"

#!/usr/bin/env bash
# Install rePlanner for the current user (no root): run from the unpacked tarball.
#   ./install.sh                    into ~/.local (menu entry, icons, ~/.local/bin/replanner)
#   ./install.sh --prefix DIR       somewhere else (DIR/opt/replanner, DIR/bin, DIR/share)
#   ./install.sh --uninstall        remove it again (also PREFIX/opt/replanner/install.sh);
#                                   your databases are never touched
# The program goes to PREFIX/opt/replanner (replaced whole on an upgrade), menu entry and icons
# to $XDG_DATA_HOME (default ~/.local/share) or DIR/share; your data stays where it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=""
action=install
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# The copy in PREFIX/opt/replanner knows where it was installed (install-location, see below).
if [ -z "$prefix" ] && [ -f "$here/install-location" ]; then
  { IFS= read -r prefix && IFS= read -r share; } <"$here/install-location"
elif [ -z "$prefix" ]; then
  prefix=$HOME/.local share=${XDG_DATA_HOME:-$HOME/.local/share}
else
  share=""
fi
case $prefix$share in *$'\n'*) echo "install.sh: a folder name with a line break" >&2; exit 2 ;; esac
mkdir -p "$prefix" && prefix=$(cd "$prefix" && pwd)
share=${share:-$prefix/share}
app=$prefix/opt/replanner
if [ "$action" = uninstall ] && [ -f "$app/install-location" ]; then
  { read -r _ && IFS= read -r share; } <"$app/install-location"  # where install put the menu
fi
desktop=$share/applications/rePlanner.desktop
icon_dir=$share/icons/hicolor
sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
  # only caches that exist already: a new, later stale icon cache would hide other apps' icons
  local apps=$share/applications
  if [ -f "$icon_dir/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$icon_dir" || true
  fi
  if [ -f "$apps/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$apps" || true
  fi
  touch "$icon_dir" "$apps" 2>/dev/null || true  # desktops watch the folders' times
}

# Desktop Entry spec: a string value escapes "\" as "\\" (and this escaping is undone first);
# an Exec argument is then quoted, escaping " ` $ \ inside the quotes, and a literal % is %%.
desktop_string() {
  local bs='\'
  printf '%s' "${1//"$bs"/"$bs$bs"}"
}
desktop_exec_arg() {
  local s=$1 bs='\' pc='%' c
  s=${s//"$bs"/"$bs$bs"}
  for c in '"' '`' '$'; do s=${s//"$c"/"$bs$c"}; done
  s=$(desktop_string "\"$s\"")
  printf '%s' "${s//"$pc"/"$pc$pc"}"
}

write_desktop_entry() {  # the template with absolute paths: the menu cannot rely on PATH
  local icon=replanner line
  # the icon theme is searched in XDG_DATA_HOME and XDG_DATA_DIRS only, not in any --prefix
  [ "$share" = "${XDG_DATA_HOME:-$HOME/.local/share}" ] || icon=$icon_dir/scalable/apps/replanner.svg
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      TryExec=*) printf 'TryExec=%s\n' "$(desktop_string "$app/replanner")" ;;
      Exec=*) printf 'Exec=%s\n' "$(desktop_exec_arg "$app/replanner")" ;;
      Icon=*) printf 'Icon=%s\n' "$(desktop_string "$icon")" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$here/rePlanner.desktop" >"$desktop"
  chmod 644 "$desktop"
}

do_uninstall() {
  rm -rf "$desktop" "$icon_dir/scalable/apps/replanner.svg"
  for s in $sizes; do rm -f "$icon_dir/${s}x${s}/apps/replanner.png"; done
  [ -L "$prefix/bin/replanner" ] && rm -f "$prefix/bin/replanner"
  refresh_caches
  rm -rf "$app"  # last: this script may be the copy in there (bash has it open; that is fine)
  echo "rePlanner removed from $prefix (your databases are kept)"
}

do_install() {
  [ -x "$here/replanner/replanner" ] || { echo "install.sh: run me from the unpacked tarball" >&2; exit 1; }
  mkdir -p "$prefix/opt" "$prefix/bin" "$share/applications"
  # copy beside, then swap: an interrupted copy never leaves a half-installed program
  rm -rf "$app.new" && cp -a "$here/replanner" "$app.new"
  cp "$here/install.sh" "$app.new/install.sh" && chmod 755 "$app.new/install.sh"
  printf '%s\n%s\n' "$prefix" "$share" >"$app.new/install-location"
  rm -rf "$app" && mv "$app.new" "$app"
  ln -sfn "$app/replanner" "$prefix/bin/replanner"
  for s in $sizes; do
    install -D -m 644 "$here/icons/replanner-$s.png" "$icon_dir/${s}x${s}/apps/replanner.png"
  done
  install -D -m 644 "$here/icons/replanner.svg" "$icon_dir/scalable/apps/replanner.svg"
  write_desktop_entry
  refresh_caches
  "$app/replanner" --version >/dev/null || { echo "install.sh: the installed program does not start" >&2; exit 1; }
  echo "rePlanner installed in $app"
  echo "  menu entry: $desktop"
  echo "  command:    $prefix/bin/replanner (check it with: replanner --self-test)"
  printf '  uninstall:  %q --uninstall\n' "$app/install.sh"
  case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "  note: $prefix/bin is not on your PATH" ;; esac
}

"do_$action"

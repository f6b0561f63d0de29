# shellcheck shell=bash
# Chromium for the frontend's end-to-end tests (up --for-tests). Sourced by
# services.sh.

CHROMIUM_DEFAULT_PATH=/usr/bin/chromium

chromium_version() {
  # Debian's wrapper script prints shell noise on stderr; keep stdout only.
  timeout 30 "$1" --version 2>/dev/null | head -n 1
}

svc_up_chromium() {
  local path=${CHROMIUM_PATH:-$CHROMIUM_DEFAULT_PATH} state=found
  if [[ ! -x $path ]]; then
    [[ -z ${CHROMIUM_PATH:-} || $path == "$CHROMIUM_DEFAULT_PATH" ]] ||
      die "CHROMIUM_PATH=$path is not an executable file"
    ensure_pkg chromium test -x "$path" || {
      record_result chromium "$path" missing "package chromium"
      return 0
    }
    state=installed
  fi
  ensure_cjk_font
  record_result chromium "$path" "$state" "$(chromium_version "$path" || echo 'version unknown')"
  export_env CHROMIUM_PATH "$path"
}

# The console is in Chinese; without a CJK font the test screenshots show empty boxes. Not fatal.
ensure_cjk_font() {
  compgen -G '/usr/share/fonts/truetype/wqy/*' >/dev/null && return 0
  compgen -G '/usr/share/fonts/opentype/noto/*CJK*' >/dev/null && return 0
  if can_apt_install; then
    apt_install fonts-wqy-microhei
  else
    warn "no CJK font: screenshots will show boxes for Chinese text ($(apt_command_for fonts-wqy-microhei))"
  fi
}

svc_status_chromium() {
  local path=${CHROMIUM_PATH:-$CHROMIUM_DEFAULT_PATH} present=no
  [[ -x $path ]] && present=yes
  status_row chromium "$path" "$present" "n/a" chromium test -x "$path"
}

# Sourced by scripts/windows.sh and tests/windows/*.sh. start_private_xvfb starts a virtual
# 1366×768 X screen on a display number Xvfb chooses itself (-displayfd: parallel runs never
# collide) and sets PRIVATE_XVFB_PID and PRIVATE_XVFB_DISPLAY (":N"). Returns 1 when Xvfb is
# missing or does not come up within 30 s.
start_private_xvfb() {
  command -v Xvfb >/dev/null || return 1
  local fd number
  exec {fd}<> <(:)
  Xvfb -displayfd "$fd" -screen 0 1366x768x24 -dpi 96 -nolisten tcp >/dev/null 2>&1 &
  PRIVATE_XVFB_PID=$!
  read -r -t 30 number <&"$fd" || return 1
  exec {fd}<&-
  PRIVATE_XVFB_DISPLAY=":$number"
}

# Sourced by .ci/run: the dashboard's browser test drives Debian's headless Chromium through
# chromedriver; install both (about 120 MB, two minutes) when missing.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "Installing chromium and chromium-driver for the dashboard's browser test..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { echo "chromium/chromedriver did not install" >&2; exit 1; }
fi

#!/usr/bin/env bash
# Debian packages the tests use: dovecot (a real IMAP server), poppler (OCR renders, the native
# reference in benchmarks, and fixtures), qpdf (encrypted-PDF fixtures), chromium (the review-page browser test),
# postgresql (a throw-away cluster the Postgres tests start; test/helpers/postgres.ts).
# Installs only what is missing, so a warm machine spends no time here.
set -euo pipefail
need=()
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd dovecot-lmtpd)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
perl -MSisimai -e1 >/dev/null 2>&1 || need+=(perl libsisimai-perl) # the bounce analyzer (lib/bounce-analyzer.pl)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx eng && tesseract --list-langs 2>/dev/null | grep -qx osd; } || need+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd) # osd: orientation of sideways scans
command -v zip >/dev/null 2>&1 || need+=(zip) # encrypted and symlink ZIP fixtures in tests
command -v tnef >/dev/null 2>&1 || need+=(tnef) # Outlook winmail.dat (TNEF) attachments, decoded as a child process
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

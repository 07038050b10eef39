/** Debian's Chromium for playwright-core (no browser downloads here): where it is and how it starts as root. */
export const chromiumPath = process.env['CHROMIUM'] ?? '/usr/bin/chromium'

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

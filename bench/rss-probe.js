// Preloaded into benchmarked processes: reports the process's own peak RSS (KiB) on exit.
'use strict';
const file = process.env.PLIMSOLL_RSS_FILE;
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));

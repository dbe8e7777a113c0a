// Worker thread entry: the sources are TypeScript, so register tsx in this thread first.
require('tsx/cjs/api').register();
require('./parallel-worker.ts');

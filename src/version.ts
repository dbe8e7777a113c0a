/**
 * The Plimsoll release this code is: what `plimsoll --version` and the runtime components report. Kept equal to
 * package.json's version by hand; `plimsoll gate release` (release-version-constant) fails when they differ.
 */
export const PLIMSOLL_VERSION = '0.1.0';

/**
 * Where synth may write an extra rendered file under dist/<env>/ (the RenderedFile construct) and what validate
 * reads back as one: here, below both, so that validate does not load the construct library for two patterns.
 */

/** Folder names an extra file may not start with: they belong to the stage folders, Flux and the render index. */
export const RESERVED_TOP_FOLDER = /^(\d{2}-[a-z0-9-]+|flux|ORDER|manifest\.json)$/;
/** A relative path at least one folder deep, in lower-case names. */
export const RENDERED_FILE_PATH = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)+$/;

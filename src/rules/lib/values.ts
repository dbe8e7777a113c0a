/** Reading untrusted parsed YAML without casts at every step: wrong shapes read as empty. */

export type Obj = Record<string, unknown>;

/** `v` when it is a mapping, else an empty one. */
export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** `v` when it is a list, else an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The strings of `v` when it is a list. */
export const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

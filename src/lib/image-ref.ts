/** Container image references: `[registry/]repository[:tag]@sha256:<64 hex>` is pinned; anything else is mutable. */

/** A manifest digest, `sha256:` and 64 lower-case hex digits; unanchored, to find one in a reference or an imageID. */
export const DIGEST = /sha256:[0-9a-f]{64}/;
/** The digest a reference is pinned by, `@<digest>` at its end (group 1: the digest). */
export const PINNED_DIGEST = new RegExp(`@(${DIGEST.source})$`);
/** A digest ending a reference or standing alone (trusted-image lists accept both). */
export const TRAILING_DIGEST = new RegExp(`${DIGEST.source}$`);
/** Exactly a digest, nothing around it. */
export const EXACT_DIGEST = new RegExp(`^${DIGEST.source}$`);
/** Reference grammar (distribution/reference), lower-case repository path, optional tag, optional digest. */
const REFERENCE = new RegExp(
  String.raw`^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@${DIGEST.source})?$`,
);

export function isDigestPinned(image: string): boolean {
  return PINNED_DIGEST.test(image) && REFERENCE.test(image);
}

/** The tag of a reference, if any (`nginx:1.25@sha256:…` → `1.25`). */
export function imageTag(image: string): string | undefined {
  const noDigest = image.replace(/@.*$/, '');
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? noDigest.slice(colon + 1) : undefined;
}

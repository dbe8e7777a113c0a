/** Container image references: `[registry/]repository[:tag]@sha256:<64 hex>` is pinned; anything else is mutable. */

const DIGEST = /@sha256:[0-9a-f]{64}$/;
/** Reference grammar (distribution/reference), lower-case repository path, optional tag, optional digest. */
const REFERENCE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

export function isDigestPinned(image: string): boolean {
  return DIGEST.test(image) && REFERENCE.test(image);
}

/** The tag of a reference, if any (`nginx:1.25@sha256:…` → `1.25`). */
export function imageTag(image: string): string | undefined {
  const noDigest = image.replace(/@.*$/, '');
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? noDigest.slice(colon + 1) : undefined;
}

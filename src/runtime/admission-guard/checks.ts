/**
 * The checks the admission guard makes on its own account, beside the validator's object rules it runs: what it
 * denies a request for, and the ids its findings, response causes and metrics name.
 */
import type { CheckMeta } from '../../check/meta';

export const TRUSTED_IMAGE: CheckMeta = {
  id: 'trusted-image',
  description:
    "Every container image of an admitted object is pinned by a digest in the guard's trusted set (images.lock.json and the environment's trusted images); an unsigned image is denied.",
  remediation:
    "Deploy the image by the digest images.lock.json pins, or add its digest to the environment's runtimeComponents.admissionGuard.trustedImages and re-run `plimsoll synth` so the guard configuration carries it.",
  category: 'security',
};

export const STATUS_INTEGRITY: CheckMeta = {
  id: 'status-integrity',
  description:
    "An object's status is written only by its controller's service account, through the status subresource; a spec update that changes status is denied.",
  remediation:
    "Let the controller write status through the status subresource; the guard's status writers (statusIntegrity.writers of its configuration) are the controller service accounts synth renders.",
  category: 'security',
};

export const REQUEST_WELL_FORMED: CheckMeta = {
  id: 'admission-request-well-formed',
  description:
    'A review is a v1 AdmissionReview whose request is a well-formed CREATE, UPDATE, DELETE or CONNECT of a typed object; anything else is denied as unjudgeable (400).',
  remediation:
    'Send admission.k8s.io/v1 AdmissionReviews (admissionReviewVersions: [v1] on the webhook); a request the API server sent that fails this is a guard bug to report with the request.',
  category: 'correctness',
};

export const OBJECT_SIZE: CheckMeta = {
  id: 'admission-object-size',
  description:
    "An admitted object (and the stored one an update replaces) is within the guard's size and nesting budget (3 MiB of JSON, 64 levels deep); a larger one is denied as too large to judge (413).",
  remediation:
    "Split the object (a ConfigMap into several, a generated list into smaller ones) or, in a namespace that must accept it, list the namespace in the environment's runtime.webhook.failOpenNamespaces.",
  category: 'reliability',
};

export const REVIEW_BUDGET: CheckMeta = {
  id: 'admission-review-budget',
  description:
    "The object rules finish within the per-review time budget (2 s, under the webhook's timeout); a review that outruns it is denied as too large to judge (413).",
  remediation:
    'Make the object smaller (fewer containers, shorter rule expressions), or report the object with the rule the message names as next: a rule that is slow on ordinary input is a guard bug.',
  category: 'reliability',
};

/** In the order a review meets them. */
export const GUARD_CHECKS: readonly CheckMeta[] = [REQUEST_WELL_FORMED, OBJECT_SIZE, REVIEW_BUDGET, TRUSTED_IMAGE, STATUS_INTEGRITY];

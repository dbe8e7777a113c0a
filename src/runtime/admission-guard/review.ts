/**
 * The AdmissionReview envelope (admission.k8s.io/v1): what makes a request body acceptable, and the response
 * shapes. A body that is not a v1 AdmissionReview with a request.uid cannot be answered as one: it gets a
 * 400 with a Kubernetes Status explaining why. Everything after that is answered as an AdmissionReview.
 */
import type { AdmissionRequest, Decision } from './decide';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export type Envelope =
  { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly reason: BadRequestReason; readonly message: string };

export type BadRequestReason = 'malformed-json' | 'not-admission-review' | 'missing-uid';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_UID_LENGTH = 256;

export function parseEnvelope(body: Buffer): Envelope {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'malformed-json', message: `request body is not JSON: ${(err as Error).message}` };
  }
  if (!isObject(data))
    return {
      ok: false,
      reason: 'not-admission-review',
      message: `request body is ${Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'null' : `a ${typeof data}`}; expected an ${ADMISSION_API_VERSION} AdmissionReview object`,
    };
  if (data.apiVersion !== ADMISSION_API_VERSION || data.kind !== 'AdmissionReview') {
    return {
      ok: false,
      reason: 'not-admission-review',
      message: `got apiVersion ${JSON.stringify(data.apiVersion ?? null)} kind ${JSON.stringify(data.kind ?? null)}, expected apiVersion "${ADMISSION_API_VERSION}" kind "AdmissionReview" (set admissionReviewVersions: [v1] on the webhook)`,
    };
  }
  if (!isObject(data.request)) return { ok: false, reason: 'missing-uid', message: 'AdmissionReview has no request object' };
  const uid = data.request.uid;
  if (typeof uid !== 'string' || uid === '' || uid.length > MAX_UID_LENGTH) {
    return {
      ok: false,
      reason: 'missing-uid',
      message: `AdmissionReview request.uid is ${typeof uid === 'string' ? (uid === '' ? 'empty' : `longer than ${MAX_UID_LENGTH} characters`) : 'missing'}; the response must echo it`,
    };
  }
  return { ok: true, request: data.request as unknown as AdmissionRequest };
}

/** The AdmissionReview answering `uid` with `decision`. */
export function admissionResponse(uid: string, decision: Decision): Record<string, unknown> {
  const response: Record<string, unknown> = { uid, allowed: decision.allowed };
  if (!decision.allowed) {
    response.status = {
      code: decision.code ?? 403,
      reason: decision.code === 400 ? 'BadRequest' : decision.code === 413 ? 'RequestEntityTooLarge' : 'Forbidden',
      message: decision.message ?? 'denied',
      ...(decision.denying.length ? { details: { causes: decision.denying.map((f) => ({ reason: f.rule, message: f.message, field: f.path })) } } : {}),
    };
  }
  if (decision.warnings.length) response.warnings = decision.warnings;
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** A Kubernetes Status for a request that is not an AdmissionReview (or not a request the server takes). */
export function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason, message };
}

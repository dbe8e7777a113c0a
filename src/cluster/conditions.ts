/** Status conditions of live objects, read by `status` and by the verify checks. */
import type { JsonObject } from './client';

/** A condition as the API reports it; any field may be missing. */
export type Condition = { status?: string; reason?: string; message?: string };

/** The status condition of a type, if present. */
export function condition(object: JsonObject | null, type: string): Condition | undefined {
  const conditions = (object?.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c) => c && typeof c === 'object' && (c as { type?: unknown }).type === type) as Condition | undefined;
}

/** `reason: message` of a condition, for messages. */
export function conditionText(c: Condition | undefined): string {
  if (!c) return 'condition missing';
  return [c.status ?? 'Unknown', c.reason, c.message].filter(Boolean).join(': ');
}

/**
 * Errors of the live-cluster commands. A ClusterError is something the user has to fix outside Plimsoll (an
 * unreachable API server, rejected credentials, missing RBAC, an unknown context): the CLI prints its message
 * without a stack trace and exits 2, like any input error. An ApiStatusError is one API answer a command may handle
 * (404 Not Found, 409 Conflict, 422 Invalid) or report.
 */
import { InputError } from '../lib/errors';

export class ClusterError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

/** What was asked of the API server, in RBAC terms: for messages naming the verb and the resource. */
export interface RequestDescription {
  /** RBAC verb: get, list, patch (or the HTTP method of a non-resource URL). */
  readonly verb: string;
  /** `deployments.apps`, `pods`; empty for a non-resource URL such as discovery. */
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  /** The request path without the query. */
  readonly path: string;
}

export class ApiStatusError extends Error {
  constructor(
    readonly status: number,
    /** The Status object's reason (NotFound, Conflict, Invalid, ...) when the server sent one. */
    readonly reason: string,
    /** The Status object's message, or the body's first line. */
    readonly serverMessage: string,
    readonly request: RequestDescription,
    /** The Status object's details.causes, when present (409 apply conflicts list the fields here). */
    readonly causes: ReadonlyArray<{ readonly field?: string; readonly message?: string; readonly reason?: string }> = [],
  ) {
    super(`${describeRequest(request)}: ${status} ${reason}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'ApiStatusError';
  }
}

/** `get deployments.apps "x" in namespace "y"`, `list pods in namespace "y"`, `GET /apis/apps/v1`. */
export function describeRequest(r: RequestDescription): string {
  if (!r.resource) return `${r.verb} ${r.path}`;
  return `${r.verb} ${r.resource}${r.name ? ` "${r.name}"` : ''}${r.namespace ? ` in namespace "${r.namespace}"` : ''}`;
}

/**
 * CIDRs rendered while an environment has not resolved a real one, so the policy stays valid and closed; the
 * `placeholder-cidr` rule reports them (a warning in lab, an error in production) until they are replaced.
 */

/** Matches nothing routable: the "API-server CIDRs not resolved yet" deny placeholder of every egress policy. */
export const DENY_PLACEHOLDER_CIDR = '127.255.255.255/32';

/** The runbook's example node CIDR, rendered for kubelet probes only when an environment gives none. */
export const PROBE_PLACEHOLDER_CIDR = '10.0.0.0/16';

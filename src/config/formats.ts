/** Custom ajv formats shared by every schema Plimsoll validates (environment, policy, lock files). */
import type Ajv from 'ajv';
import { parseCidr } from '../lib/cidr';
import { isDigestPinned } from '../lib/image-ref';

/** RFC 1123 subdomain: what Kubernetes and DNS accept as a host name. */
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const FORMAT_DESCRIPTIONS: Record<string, string> = {
  cidr: 'an IPv4 or IPv6 CIDR such as 10.20.0.0/16 or 2001:db8::/32',
  'image-digest': 'an image reference pinned by digest, such as registry.example.com/app@sha256:<64 hex>',
  'dns-name': 'a lower-case DNS name (RFC 1123), such as prod.example.com',
  date: 'a date YYYY-MM-DD such as 2026-01-31',
};

/** The formats themselves (also handed to the ahead-of-time validators, see precompiled.ts). */
export const PLIMSOLL_FORMATS = {
  cidr: { type: 'string', validate: (s: string) => parseCidr(s) !== undefined },
  'image-digest': { type: 'string', validate: isDigestPinned },
  'dns-name': { type: 'string', validate: (s: string) => DNS_NAME.test(s) },
} as const;

export function addPlimsollFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(PLIMSOLL_FORMATS)) ajv.addFormat(name, format);
}

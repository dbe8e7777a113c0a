/**
 * Objects that controllers make from objects of the input, so a reference to one is not dangling although no
 * document of the input is that object: the Secrets of secret managers (External Secrets' ExternalSecret, Bitnami's
 * SealedSecret, cert-manager's Certificate, the Secrets Store CSI driver's SecretProviderClass, Vault Secrets
 * Operator, 1Password, sops-secrets-operator) and the PersistentVolumeClaims of a StatefulSet's
 * volumeClaimTemplates (`<template>-<statefulset>-<ordinal>`).
 */
import type { InventoryItem } from '../../check/types';
import { apiGroup } from '../../lib/kinds';
import { arr, obj } from './values';

export interface MadeObject {
  readonly kind: 'Secret' | 'PersistentVolumeClaim';
  /** The exact name, or a prefix followed by an ordinal. */
  readonly name: string;
  readonly ordinalAfter?: true;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const secret = (...names: Array<string | undefined>): MadeObject[] => names.filter((n): n is string => !!n).map((name) => ({ kind: 'Secret' as const, name }));

/** Kinds whose controllers make objects, so that the API group is read only for these. */
const MAKERS = new Set([
  'ExternalSecret',
  'SealedSecret',
  'Certificate',
  'SecretProviderClass',
  'VaultStaticSecret',
  'VaultDynamicSecret',
  'VaultPKISecret',
  'OnePasswordItem',
  'SopsSecret',
  'StatefulSet',
]);
const NONE: MadeObject[] = [];

/** What the controller of `item` makes in `item`'s namespace. */
export function madeObjects(item: InventoryItem): MadeObject[] {
  if (!MAKERS.has(item.kind)) return NONE;
  const spec = obj(item.object.spec);
  switch (`${apiGroup(item.apiVersion)}/${item.kind}`) {
    case 'external-secrets.io/ExternalSecret':
      return secret(str(obj(spec.target).name) ?? item.name);
    case 'bitnami.com/SealedSecret':
      return secret(str(obj(obj(spec.template).metadata).name) ?? item.name);
    case 'cert-manager.io/Certificate':
      return secret(str(spec.secretName));
    case 'secrets-store.csi.x-k8s.io/SecretProviderClass':
      return secret(...arr(spec.secretObjects).map((o) => str(obj(o).secretName)));
    case 'secrets.hashicorp.com/VaultStaticSecret':
    case 'secrets.hashicorp.com/VaultDynamicSecret':
    case 'secrets.hashicorp.com/VaultPKISecret':
      return secret(str(obj(spec.destination).name));
    case 'onepassword.com/OnePasswordItem':
      return secret(item.name);
    case 'isindir.github.com/SopsSecret':
      return secret(...arr(spec.secretTemplates).map((t) => str(obj(t).name)));
    case 'apps/StatefulSet':
      return arr(spec.volumeClaimTemplates)
        .map((t) => str(obj(obj(t).metadata).name))
        .filter((n): n is string => !!n)
        .map((t) => ({ kind: 'PersistentVolumeClaim' as const, name: `${t}-${item.name}-`, ordinalAfter: true as const }));
    default:
      return NONE;
  }
}

const ORDINAL = /^\d+$/;

/** Whether `made` is the object `name`. */
export const isMade = (made: MadeObject, name: string): boolean =>
  made.ordinalAfter ? name.startsWith(made.name) && ORDINAL.test(name.slice(made.name.length)) : made.name === name;

/**
 * Which ServiceAccount a pod runs as, whether its token is mounted, and whether the input grants that account
 * anything (a RoleBinding or ClusterRoleBinding subject): indexed once per run.
 */
import type { Inventory } from '../../check/inventory';
import type { InventoryItem } from '../../check/types';
import type { ApplyNamespaces } from '../../lib/apply-namespace';
import { placeNamespaced } from '../../lib/apply-namespace';
import type { PodSpecAt } from '../../lib/pod-specs';
import { arr, obj } from './values';

const key = (namespace: string, name: string): string => `${namespace}\0${name}`;

export class ServiceAccounts {
  private readonly accounts = new Map<string, InventoryItem>();
  /** ns\0name of bound accounts; `ns\0*` for a namespace's group; names bound anywhere (for floating pods). */
  private readonly bound = new Set<string>();
  private readonly boundNames = new Set<string>();
  private allBound = false;

  constructor(
    inventory: Inventory,
    private readonly namespaces: ApplyNamespaces | undefined,
  ) {
    for (const sa of inventory.ofKind('ServiceAccount')) this.accounts.set(this.keyOf(sa, sa.name), sa);
    for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      const own = b.kind === 'RoleBinding' ? placeNamespaced(b.namespace, b.file, namespaces).namespace : '';
      for (const raw of arr(b.object.subjects)) {
        const s = obj(raw);
        if (typeof s.name !== 'string') continue;
        if (s.kind === 'ServiceAccount') {
          this.bound.add(key(typeof s.namespace === 'string' && s.namespace ? s.namespace : own, s.name));
          this.boundNames.add(s.name);
        } else if (s.kind === 'Group' && s.name === 'system:serviceaccounts') {
          this.allBound = true;
        } else if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:')) {
          this.bound.add(key(s.name.slice('system:serviceaccounts:'.length), '*'));
        } else if (s.kind === 'User' && s.name.startsWith('system:serviceaccount:')) {
          const [ns, name] = s.name.slice('system:serviceaccount:'.length).split(':', 2);
          if (ns && name) {
            this.bound.add(key(ns, name));
            this.boundNames.add(name);
          }
        }
      }
    }
  }

  private keyOf(item: InventoryItem, name: string): string {
    const p = placeNamespaced(item.namespace, item.file, this.namespaces);
    return key(p.floating ? '\u0001' : p.namespace, name);
  }

  /** The account a pod runs as: serviceAccountName, the deprecated serviceAccount, else `default`. */
  public static nameOf(pod: PodSpecAt): string {
    const { serviceAccountName, serviceAccount } = pod.spec;
    if (typeof serviceAccountName === 'string' && serviceAccountName) return serviceAccountName;
    if (typeof serviceAccount === 'string' && serviceAccount) return serviceAccount;
    return 'default';
  }

  /** The input's ServiceAccount `name` where `item` lands. */
  public account(item: InventoryItem, name: string): InventoryItem | undefined {
    return this.accounts.get(this.keyOf(item, name));
  }

  /** Whether the pod gets the token: the pod's automountServiceAccountToken wins over the account's; default true. */
  public tokenMounted(item: InventoryItem, pod: PodSpecAt, name: string): boolean {
    const own = pod.spec.automountServiceAccountToken;
    if (typeof own === 'boolean') return own;
    return this.account(item, name)?.object.automountServiceAccountToken !== false;
  }

  /** Whether some binding of the input names the account where `item` lands (a floating pod: the name anywhere). */
  public isBound(item: InventoryItem, name: string): boolean {
    if (this.allBound) return true;
    const p = placeNamespaced(item.namespace, item.file, this.namespaces);
    if (p.floating) return this.boundNames.has(name);
    return this.bound.has(key(p.namespace, name)) || this.bound.has(key(p.namespace, '*'));
  }
}

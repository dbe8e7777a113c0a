/**
 * The CEL of Kubernetes (ValidatingAdmissionPolicy, CRD x-kubernetes-validations) on @marcbachmann/cel-js: the
 * standard language, macros, optional types and string extensions come with the library; the Kubernetes libraries
 * it lacks (lists, regex, url, quantity, ip and cidr, format, and a few string functions) are registered here.
 * One environment is built per set of variables and reused: expressions are compiled once, evaluated per object.
 */
import type { Environment as CelEnvironment } from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };
import { Quantity } from './quantity';
import { CIDR, IP } from './ip';
import { URLValue } from './url';

// The library is an ES module: required (Node 20.19+ loads ES modules by require; the lib/ bundle and the guard
// image inline it), typed through an import type, and only when a first expression is compiled: a run without CEL
// never loads it.
type Library = typeof import('@marcbachmann/cel-js', { with: { 'resolution-mode': 'import' } });
let library: Library | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const celLibrary = (): Library => (library ??= require('@marcbachmann/cel-js') as Library);
type Environment = CelEnvironment;

const QUANTITY = 'kubernetes.Quantity';
const URL_TYPE = 'kubernetes.URL';
const IP_TYPE = 'net.IP';
const CIDR_TYPE = 'net.CIDR';

/** A CEL runtime error of a Kubernetes library function (the library reports it with the expression's position). */
function fail(message: string): never {
  throw new Error(message);
}

/** CEL values are compared across int, uint and double numerically, strings and bools as such. */
function compare(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Quantity && b instanceof Quantity) return Number(a.compareTo(b));
  return fail(`no ordering between ${typeName(a)} and ${typeName(b)}`);
}

function typeName(v: unknown): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'null';
  return typeof v === 'object' ? (v instanceof Quantity ? QUANTITY : 'map') : typeof v;
}

function equal(a: unknown, b: unknown): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return compare(a, b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a instanceof Quantity && b instanceof Quantity) return a.compareTo(b) === 0n;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal((a as any)[k], (b as any)[k]));
  }
  return a === b;
}

/** Compiled patterns by source: patterns are nearly always literals, so each is compiled once per process. */
const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    // RE2's leading inline flags (`(?i)`) have no JavaScript spelling inside the pattern.
    const flags = /^\(\?([ims]+)\)/.exec(source);
    try {
      re = new RegExp(flags ? source.slice(flags[0].length) : source, `g${flags ? flags[1].replace('m', 'm') : ''}`);
    } catch (err) {
      return fail(`invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`);
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}

function quantity(text: string): Quantity {
  return Quantity.parse(text) ?? fail(`quantity(${JSON.stringify(text)}): not a Kubernetes quantity (e.g. 500m, 1.5Gi, 2e3)`);
}

function parseIP(text: string): IP {
  return IP.parse(text) ?? fail(`ip(${JSON.stringify(text)}): not an IP address`);
}

function parseCIDR(text: string): CIDR {
  return CIDR.parse(text) ?? fail(`cidr(${JSON.stringify(text)}): not a CIDR range`);
}

function parseURL(text: string): URLValue {
  return URLValue.parse(text) ?? fail(`url(${JSON.stringify(text)}): not an absolute URI or absolute path`);
}

/** `'%s is %d'.format([...])` as Kubernetes' format library: %s %d %f %e %x %X %o %b %%, with a precision for %f and %e. */
function format(template: string, args: readonly unknown[]): string {
  let next = 0;
  return template.replace(/%(?:\.([0-9]+))?([sdfeExXob%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) fail(`format: "${template}" needs more than ${args.length} argument(s)`);
    const v = args[next++];
    switch (verb) {
      case 's':
        return stringOf(v);
      case 'd':
        if (typeof v !== 'bigint' && !(typeof v === 'number' && Number.isInteger(v))) fail(`format: %d needs an integer, got ${typeName(v)}`);
        return String(v);
      case 'f':
        return Number(v).toFixed(precision === undefined ? 6 : Number(precision));
      case 'e':
      case 'E': {
        const s = Number(v)
          .toExponential(precision === undefined ? 6 : Number(precision))
          .replace(/e([+-])(\d)$/, 'e$10$2');
        return verb === 'E' ? s.toUpperCase() : s;
      }
      case 'x':
      case 'X': {
        const s = typeof v === 'string' ? Buffer.from(v).toString('hex') : BigInt(v as bigint).toString(16);
        return verb === 'X' ? s.toUpperCase() : s;
      }
      case 'o':
        return BigInt(v as bigint).toString(8);
      default:
        return BigInt(v as bigint).toString(2);
    }
  });
}

function stringOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(stringOf).join(', ')}]`;
  if (v instanceof Quantity || v instanceof IP || v instanceof CIDR) return v.toString();
  if (v instanceof URLValue) return v.text;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${stringOf(x)}`)
      .join(', ')}}`;
  return String(v);
}

const numeric = (v: unknown): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';

function sum(list: readonly unknown[]): unknown {
  if (!list.length) return 0n;
  if (list.every((x) => typeof x === 'bigint')) return (list as bigint[]).reduce((a, b) => a + b, 0n);
  if (list.every(numeric)) return list.reduce<number>((a, b) => a + Number(b), 0);
  return fail(`sum() of a list of ${[...new Set(list.map(typeName))].join(', ')}: expected numbers`);
}

function extreme(list: readonly unknown[], sign: 1 | -1, name: string): unknown {
  if (!list.length) fail(`${name}() of an empty list`);
  return list.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
}

/** Registers the Kubernetes CEL libraries the base library lacks. */
function registerKubernetesLibraries(env: Environment): Environment {
  return (
    env
      .registerType(QUANTITY, Quantity)
      .registerType(URL_TYPE, URLValue)
      .registerType(IP_TYPE, IP)
      .registerType(CIDR_TYPE, CIDR)
      // lists
      .registerFunction('list.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0))
      .registerFunction('list.sum(): dyn', sum)
      .registerFunction('list.min(): dyn', (l: unknown[]) => extreme(l, -1, 'min'))
      .registerFunction('list.max(): dyn', (l: unknown[]) => extreme(l, 1, 'max'))
      .registerFunction('list.indexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => equal(x, v))))
      .registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => {
        for (let i = l.length - 1; i >= 0; i--) if (equal(l[i], v)) return BigInt(i);
        return -1n;
      })
      // regex
      .registerFunction('string.find(string): string', (s: string, p: string) => pattern(p).exec(s)?.[0] ?? '')
      .registerFunction('string.findAll(string): list<string>', (s: string, p: string) => [...s.matchAll(pattern(p))].map((m) => m[0]))
      .registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => {
        const all = [...s.matchAll(pattern(p))].map((m) => m[0]);
        return n < 0n ? all : all.slice(0, Number(n));
      })
      // strings (cel-go's strings extension, as Kubernetes enables it)
      .registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b))
      .registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
        if (n < 0n) return s.split(a).join(b);
        let out = s;
        let from = 0;
        for (let i = 0n; i < n; i++) {
          const at = out.indexOf(a, from);
          if (at < 0) break;
          out = out.slice(0, at) + b + out.slice(at + a.length);
          from = at + b.length + (a === '' ? 1 : 0);
        }
        return out;
      })
      .registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
        const chars = [...s];
        if (i < 0n || i > BigInt(chars.length)) fail(`charAt(${i}): index out of range for a string of ${chars.length}`);
        return chars[Number(i)] ?? '';
      })
      .registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''))
      .registerFunction('string.format(list): string', format)
      // url
      .registerFunction(`url(string): ${URL_TYPE}`, parseURL)
      .registerFunction('isURL(string): bool', (s: string) => URLValue.parse(s) !== undefined)
      .registerFunction(`${URL_TYPE}.getScheme(): string`, (u: URLValue) => u.scheme)
      .registerFunction(`${URL_TYPE}.getHost(): string`, (u: URLValue) => u.host)
      .registerFunction(`${URL_TYPE}.getHostname(): string`, (u: URLValue) => u.hostname)
      .registerFunction(`${URL_TYPE}.getPort(): string`, (u: URLValue) => u.port)
      .registerFunction(`${URL_TYPE}.getEscapedPath(): string`, (u: URLValue) => u.escapedPath)
      .registerFunction(`${URL_TYPE}.getQuery(): map<string, list<string>>`, (u: URLValue) => u.queryMap)
      .registerFunction(`string(${URL_TYPE}): string`, (u: URLValue) => u.text)
      .registerOperator(`${URL_TYPE} == ${URL_TYPE}`, (a: URLValue, b: URLValue) => a.text === b.text)
      // quantity
      .registerFunction(`quantity(string): ${QUANTITY}`, quantity)
      .registerFunction('isQuantity(string): bool', (s: string) => Quantity.parse(s) !== undefined)
      .registerFunction(`${QUANTITY}.sign(): int`, (q: Quantity) => q.sign())
      .registerFunction(`${QUANTITY}.isInteger(): bool`, (q: Quantity) => q.isInteger())
      .registerFunction(`${QUANTITY}.asInteger(): int`, (q: Quantity) => q.asInteger())
      .registerFunction(`${QUANTITY}.asApproximateFloat(): double`, (q: Quantity) => q.asApproximateFloat())
      .registerFunction(`${QUANTITY}.compareTo(${QUANTITY}): int`, (a: Quantity, b: Quantity) => a.compareTo(b))
      .registerFunction(`${QUANTITY}.isGreaterThan(${QUANTITY}): bool`, (a: Quantity, b: Quantity) => a.compareTo(b) > 0n)
      .registerFunction(`${QUANTITY}.isLessThan(${QUANTITY}): bool`, (a: Quantity, b: Quantity) => a.compareTo(b) < 0n)
      .registerFunction(`${QUANTITY}.add(${QUANTITY}): ${QUANTITY}`, (a: Quantity, b: Quantity) => a.add(b))
      .registerFunction(`${QUANTITY}.add(int): ${QUANTITY}`, (a: Quantity, b: bigint) => a.add(Quantity.of(b)))
      .registerFunction(`${QUANTITY}.sub(${QUANTITY}): ${QUANTITY}`, (a: Quantity, b: Quantity) => a.add(b.negate()))
      .registerFunction(`${QUANTITY}.sub(int): ${QUANTITY}`, (a: Quantity, b: bigint) => a.add(Quantity.of(-b)))
      .registerFunction(`string(${QUANTITY}): string`, (q: Quantity) => q.toString())
      .registerOperator(`${QUANTITY} == ${QUANTITY}`, (a: Quantity, b: Quantity) => a.compareTo(b) === 0n)
      // ip and cidr
      .registerFunction(`ip(string): ${IP_TYPE}`, parseIP)
      .registerFunction('isIP(string): bool', (s: string) => IP.parse(s) !== undefined)
      // `ip.isCanonical(s)`: a namespace constant `ip` (the library parses `ip.f()` as a method call on a value).
      .registerType('kubernetes.IPNamespace', IPNamespace)
      .registerConstant('ip', 'kubernetes.IPNamespace', new IPNamespace())
      .registerFunction('kubernetes.IPNamespace.isCanonical(string): bool', (_ns: IPNamespace, s: string) => parseIP(s).toString() === s)
      .registerFunction(`${IP_TYPE}.family(): int`, (ip: IP) => BigInt(ip.family))
      .registerFunction(`${IP_TYPE}.isUnspecified(): bool`, (ip: IP) => ip.isUnspecified())
      .registerFunction(`${IP_TYPE}.isLoopback(): bool`, (ip: IP) => ip.isLoopback())
      .registerFunction(`${IP_TYPE}.isLinkLocalMulticast(): bool`, (ip: IP) => ip.isLinkLocalMulticast())
      .registerFunction(`${IP_TYPE}.isLinkLocalUnicast(): bool`, (ip: IP) => ip.isLinkLocalUnicast())
      .registerFunction(`${IP_TYPE}.isGlobalUnicast(): bool`, (ip: IP) => ip.isGlobalUnicast())
      .registerFunction(`string(${IP_TYPE}): string`, (ip: IP) => ip.toString())
      .registerOperator(`${IP_TYPE} == ${IP_TYPE}`, (a: IP, b: IP) => a.equals(b))
      .registerFunction(`cidr(string): ${CIDR_TYPE}`, parseCIDR)
      .registerFunction('isCIDR(string): bool', (s: string) => CIDR.parse(s) !== undefined)
      .registerFunction(`${CIDR_TYPE}.containsIP(${IP_TYPE}): bool`, (c: CIDR, ip: IP) => c.containsIP(ip))
      .registerFunction(`${CIDR_TYPE}.containsIP(string): bool`, (c: CIDR, s: string) => c.containsIP(parseIP(s)))
      .registerFunction(`${CIDR_TYPE}.containsCIDR(${CIDR_TYPE}): bool`, (c: CIDR, o: CIDR) => c.containsCIDR(o))
      .registerFunction(`${CIDR_TYPE}.containsCIDR(string): bool`, (c: CIDR, s: string) => c.containsCIDR(parseCIDR(s)))
      .registerFunction(`${CIDR_TYPE}.ip(): ${IP_TYPE}`, (c: CIDR) => c.ip)
      .registerFunction(`${CIDR_TYPE}.masked(): ${CIDR_TYPE}`, (c: CIDR) => c.masked())
      .registerFunction(`${CIDR_TYPE}.prefixLength(): int`, (c: CIDR) => BigInt(c.prefix))
      .registerFunction(`string(${CIDR_TYPE}): string`, (c: CIDR) => c.toString())
      .registerOperator(`${CIDR_TYPE} == ${CIDR_TYPE}`, (a: CIDR, b: CIDR) => a.equals(b))
  );
}

/** The value of the `ip` namespace constant. */
class IPNamespace {}

const environments = new Map<string, Environment>();

/**
 * The environment whose variables are `names` (each of dynamic type, as objects of any kind are): built once per
 * set of names, then shared by every expression compiled against it.
 */
export function kubernetesEnvironment(names: readonly string[]): Environment {
  const key = [...names].sort().join(',');
  let env = environments.get(key);
  if (!env) {
    env = registerKubernetesLibraries(new (celLibrary().Environment)({ enableOptionalTypes: true, homogeneousAggregateLiterals: false }));
    for (const name of names) env.registerVariable(name, 'dyn');
    environments.set(key, env);
  }
  return env;
}

export { stringOf };

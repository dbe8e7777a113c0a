/**
 * Expressions from the Kubernetes documentation ("Common Expression Language in Kubernetes", "Validating Admission
 * Policy", CRD x-kubernetes-validations rules), written as cases here: each is compiled and evaluated on its own
 * object, and the result compared with what the Kubernetes documentation says it yields.
 */
import { describe, expect, it } from 'vitest';
import { CelCompileError, CelEvaluationError, celValue, compileCel } from '../../src/cel/compile';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'test-web', namespace: 'prod', labels: { environment: 'prod', app: 'web' } },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'registry.example.com/web:1.2', resources: { limits: { memory: '512Mi', cpu: '500m' } } },
          { name: 'proxy', image: 'registry.example.com/proxy:2', resources: { limits: { memory: '64Mi', cpu: '0.1' } } },
        ],
      },
    },
  },
};

type Vars = Record<string, unknown>;
/** [expression, variables, expected] */
const CASES: Array<[string, Vars, unknown]> = [
  // Validating Admission Policy
  ['object.spec.replicas <= 5', { object: deployment }, true],
  ['object.spec.replicas <= params.maxReplicas', { object: deployment, params: { maxReplicas: 2 } }, false],
  ["'environment' in object.metadata.labels", { object: deployment }, true],
  ["object.metadata.name.startsWith('test-')", { object: deployment }, true],
  [
    "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)",
    { params: { maxReplicas: 5 } },
    'object.spec.replicas must be no greater than 5',
  ],
  ["object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))", { object: deployment }, true],
  ["object.spec.template.spec.containers.exists(c, c.image.endsWith(':latest'))", { object: deployment }, false],
  [
    "variables.containers.filter(c, !c.image.contains('example.com/')).size() == 0",
    { variables: { containers: deployment.spec.template.spec.containers } },
    true,
  ],
  ["'foo' in object.metadata.labels ? object.metadata.labels['foo'] : 'default'", { object: deployment }, 'default'],
  ['object.metadata.labels.all(k, k.size() < 64)', { object: deployment }, true],
  ['!has(object.spec.template.spec.hostNetwork) || !object.spec.template.spec.hostNetwork', { object: deployment }, true],
  // CRD validation rules (self, oldSelf)
  ['self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas', { self: { minReplicas: 1, replicas: 3, maxReplicas: 5 } }, true],
  ["'Available' in self.stateCounts", { self: { stateCounts: { Available: 2 } } }, true],
  ['(size(self.list1) == 0) != (size(self.list2) == 0)', { self: { list1: [], list2: ['a'] } }, true],
  ["!('MY_KEY' in self.map1) || self.map1['MY_KEY'].matches('^[a-zA-Z]*$')", { self: { map1: { MY_KEY: 'abc1' } } }, false],
  ["self.envars.filter(e, e.name == 'MY_ENV').all(e, e.value.matches('^[a-zA-Z]*$'))", { self: { envars: [{ name: 'MY_ENV', value: 'abc' }] } }, true],
  ['has(self.expired) && self.created + self.ttl < self.expired', { self: { created: 10, ttl: 5, expired: 20 } }, true],
  ["self.health.startsWith('ok')", { self: { health: 'ok: ready' } }, true],
  ["self.widgets.exists(w, w.key == 'x' && w.foo < 10)", { self: { widgets: [{ key: 'x', foo: 3 }] } }, true],
  ["type(self) == string ? self == '99%' : self == 42", { self: '99%' }, true],
  ['self.metadata.name.startsWith(self.prefix)', { self: { metadata: { name: 'app-x' }, prefix: 'app-' } }, true],
  ['self.set1.all(e, !(e in self.set2))', { self: { set1: ['a', 'b'], set2: ['c'] } }, true],
  ['size(self.names) == size(self.details) && self.names.all(n, n in self.details)', { self: { names: ['a'], details: { a: 1 } } }, true],
  ['size(self.clusters.filter(c, c.name == self.primary)) == 1', { self: { clusters: [{ name: 'a' }, { name: 'b' }], primary: 'a' } }, true],
  ['self.items.exists_one(i, i > 2)', { self: { items: [1, 2, 3] } }, true],
  ['self.items.map(i, i * 2) == [2, 4, 6]', { self: { items: [1, 2, 3] } }, true],
  ['self == oldSelf', { self: { a: 1 }, oldSelf: { a: 1 } }, true],
  ['self.replicas + 1 == 4', { self: { replicas: 3 } }, true],
  // optional types
  ["object.?metadata.?labels.?team.orValue('none') == 'none'", { object: deployment }, true],
  ['optional.of(1).hasValue()', {}, true],
  // lists library
  ['[1, 2, 3].isSorted()', {}, true],
  ["['a', 'c', 'b'].isSorted()", {}, false],
  ['[1, 2, 3].sum() == 6', {}, true],
  ['[1.5, 2.5].sum() == 4.0', {}, true],
  ['[].sum() == 0', {}, true],
  ['[1, 2, 3].min() == 1', {}, true],
  ['[1, 2, 3].max() == 3', {}, true],
  ["['a', 'b', 'b', 'c'].indexOf('b') == 1", {}, true],
  ["['a', 'b', 'b', 'c'].lastIndexOf('b') == 2", {}, true],
  ["['a'].indexOf('z') == -1", {}, true],
  ['object.spec.template.spec.containers.map(c, c.name).isSorted()', { object: deployment }, false],
  // regex library
  ["'abc 123'.find('[0-9]+') == '123'", {}, true],
  ["'abc'.find('[0-9]+') == ''", {}, true],
  ["'123 abc 456'.findAll('[0-9]+') == ['123', '456']", {}, true],
  ["'123 abc 456'.findAll('[0-9]+', 1) == ['123']", {}, true],
  // url library
  ["isURL('https://example.com:80/path?query=val#fragment')", {}, true],
  ["isURL('example.com')", {}, false],
  ["url('https://example.com:80/').getHost() == 'example.com:80'", {}, true],
  ["url('https://example.com:443/').getHost() == 'example.com:443'", {}, true],
  ["url('https://[::1]:80/').getHostname() == '::1'", {}, true],
  ["url('https://example.com:80/').getPort() == '80'", {}, true],
  ["url('https://example.com/').getPort() == ''", {}, true],
  ["url('https://example.com/').getScheme() == 'https'", {}, true],
  ["url('/absolute-path').getScheme() == ''", {}, true],
  ["url('https://example.com/path with spaces/').getEscapedPath() == '/path%20with%20spaces/'", {}, true],
  ["url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}", {}, true],
  ["url(self.url).getScheme() in ['http', 'https']", { self: { url: 'ftp://files.example.com/' } }, false],
  // quantity library
  ["isQuantity('20M')", {}, true],
  ["isQuantity('20Mx')", {}, false],
  ["quantity('1.5G').isGreaterThan(quantity('1G'))", {}, true],
  ["quantity('50k').asInteger() == 50000", {}, true],
  ["quantity('1Gi').compareTo(quantity('1024Mi')) == 0", {}, true],
  ["quantity('1Gi') == quantity('1024Mi')", {}, true],
  ["quantity('50M').add(quantity('20M')) == quantity('70M')", {}, true],
  ["quantity('50M').sub(20000000) == quantity('30M')", {}, true],
  ["quantity('500000G').isInteger()", {}, true],
  ["quantity('50m').isInteger()", {}, false],
  ["quantity('50.703k').asApproximateFloat() == 50703.0", {}, true],
  ["quantity('-50k').sign() == -1", {}, true],
  ["quantity('2e3') == quantity('2k')", {}, true],
  ["object.spec.template.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('1Gi')))", { object: deployment }, true],
  ["object.spec.template.spec.containers.map(c, quantity(c.resources.limits.cpu)).all(q, q.compareTo(quantity('100m')) >= 0)", { object: deployment }, true],
  // ip and cidr libraries
  ["isIP('127.0.0.1')", {}, true],
  ["isIP('1.2.3.04')", {}, false],
  ["isIP('::ffff:1.2.3.4')", {}, false],
  ["ip('127.0.0.1').family() == 4", {}, true],
  ["ip('::1').family() == 6", {}, true],
  ["ip('127.0.0.1').isLoopback()", {}, true],
  ["ip('fe80::1').isLinkLocalUnicast()", {}, true],
  ["ip('8.8.8.8').isGlobalUnicast()", {}, true],
  ["ip.isCanonical('2001:db8::1')", {}, true],
  ["ip.isCanonical('2001:DB8::1')", {}, false],
  ["cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", {}, true],
  ["cidr('192.168.0.0/24').containsIP('192.168.1.1')", {}, false],
  ["cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')", {}, true],
  ["cidr('192.168.0.0/16').prefixLength() == 16", {}, true],
  ["cidr('192.168.1.5/24').masked() == cidr('192.168.1.0/24')", {}, true],
  ["cidr('192.168.1.5/24').ip() == ip('192.168.1.5')", {}, true],
  ["isCIDR('10.0.0.0/8')", {}, true],
  ["isCIDR('10.0.0.0/33')", {}, false],
  // format and strings
  ["'this is a string: %s'.format(['abc']) == 'this is a string: abc'", {}, true],
  ["'%d replicas, %.2f cpu'.format([3, 0.5]) == '3 replicas, 0.50 cpu'", {}, true],
  ["'HeLLo'.lowerAscii() == 'hello'", {}, true],
  ["'hello'.upperAscii() == 'HELLO'", {}, true],
  ["'a,b,c'.split(',') == ['a', 'b', 'c']", {}, true],
  ["['a', 'b'].join('-') == 'a-b'", {}, true],
  ["'  x '.trim() == 'x'", {}, true],
  ["'abcb'.replace('b', 'x') == 'axcx'", {}, true],
  ["'abcb'.replace('b', 'x', 1) == 'axcb'", {}, true],
  ["'hello'.charAt(1) == 'e'", {}, true],
  ["'hello'.indexOf('l') == 2", {}, true],
  ["'hello'.substring(1, 3) == 'el'", {}, true],
  ["'abc'.reverse() == 'cba'", {}, true],
  // others of cel-go that Kubernetes enables
  ["duration('1h') > duration('30m')", {}, true],
  ["timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')", {}, true],
  ['cel.bind(r, object.spec.replicas, r * r) == 9', { object: deployment }, true],
];

const NAMES = ['object', 'oldObject', 'params', 'self', 'oldSelf', 'variables', 'request', 'namespaceObject'];

describe('CEL: the Kubernetes documentation examples', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));
  for (const [expression, vars, want] of CASES) {
    it(expression, () => {
      const compiled = compileCel(expression, NAMES);
      const activation = Object.fromEntries(NAMES.map((n) => [n, celValue(vars[n] ?? null)]));
      const got = compiled.evaluate(activation);
      expect(typeof got === 'bigint' ? Number(got) : got).toEqual(want);
    });
  }
});

describe('CEL: errors', () => {
  it('a syntax error names the column', () => {
    expect(() => compileCel('object.spec.replicas <=', NAMES)).toThrow(CelCompileError);
    expect(() => compileCel('object.spec.replicas <=', NAMES)).toThrow(/syntax error: .*column 2[0-9]/);
  });
  it('an unknown function is a type error at compile time', () => {
    expect(() => compileCel("quantityy('1')", NAMES)).toThrow(/type error: found no matching overload for 'quantityy\(string\)'/);
  });
  it('a validation yielding a string is a compile error', () => {
    expect(() => compileCel("'x' + 'y'", NAMES, 'bool')).toThrow(/yields string; expected bool/);
  });
  it('a missing key is an evaluation error', () => {
    const c = compileCel('object.spec.missing > 1', NAMES);
    expect(() => c.evaluate({ object: celValue(deployment) })).toThrow(CelEvaluationError);
    expect(() => c.evaluate({ object: celValue(deployment) })).toThrow(/No such key: missing/);
  });
  it('an invalid quantity is an evaluation error naming it', () => {
    const c = compileCel("quantity('12 cores').isInteger()", NAMES);
    expect(() => c.evaluate({})).toThrow(/not a Kubernetes quantity/);
  });
  it('a __proto__ key of the input is an ordinary key', () => {
    const object = JSON.parse('{"metadata": {"labels": {"__proto__": {"polluted": 1}}}}');
    const c = compileCel("'__proto__' in object.metadata.labels && !('polluted' in object.metadata.labels)", NAMES);
    expect(c.evaluate({ object: celValue(object) })).toBe(true);
  });
  it('min() of an empty list is an evaluation error', () => {
    expect(() => compileCel('[].min() == 1', NAMES).evaluate({})).toThrow(/min\(\) of an empty list/);
  });
});

import rule from '../../src/rules/envoyfilter-vhost';
import { testRule } from './tester';

const gateway = (hosts: string[], port = 443, name = 'helloworld-gateway-prod') => `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: ${name}, namespace: shipshape}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: ${port}, name: https, protocol: HTTPS}
      hosts: [${hosts.map((h) => JSON.stringify(h)).join(', ')}]
`;

const filter = (vhosts: string[], context = 'GATEWAY') => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: helloworld-ingress-ratelimit, namespace: istio-system}
spec:
  workloadSelector: {labels: {istio: ingressgateway}}
  configPatches:
    - applyTo: HTTP_FILTER
      match: {context: ${context}}
      patch: {operation: INSERT_BEFORE, value: {name: envoy.filters.http.local_ratelimit}}
${vhosts
  .map(
    (v) => `    - applyTo: VIRTUAL_HOST
      match:
        context: ${context}
        routeConfiguration:
          vhost:
            name: ${JSON.stringify(v)}
      patch: {operation: MERGE, value: {}}
`,
  )
  .join('')}`;

const PROD = 'prod.helloworld.shipshape.example.com';
const TEST = 'test.helloworld.shipshape.example.com';
const both = gateway([TEST], 443, 'helloworld-gateway-test') + '---\n' + gateway([PROD]);

testRule(rule, {
  valid: [
    { name: 'vhosts are <host>:443 of the Gateway hosts', yaml: `${both}---\n${filter([`${TEST}:443`, `${PROD}:443`])}` },
    {
      name: 'Gateway and EnvoyFilter in different files (stages)',
      files: { '02-istio-ingress/f.yaml': filter([`${PROD}:443`]), '04-overlays-prod/g.yaml': gateway([PROD]) },
    },
    { name: 'a namespace-scoped Gateway host (ns/host)', yaml: `${gateway([`shipshape/${PROD}`])}---\n${filter([`${PROD}:443`])}` },
    { name: 'a wildcard Gateway host serves a concrete vhost', yaml: `${gateway(['*.helloworld.shipshape.example.com'])}---\n${filter([`${PROD}:443`])}` },
    { name: 'a plain-HTTP server port', yaml: `${gateway([PROD], 80)}---\n${filter([`${PROD}:80`])}` },
    {
      name: 'sidecar contexts name services, not Gateway hosts',
      yaml: `${gateway([PROD])}---\n${filter(['helloworld-prod.shipshape.svc.cluster.local:8000'], 'SIDECAR_INBOUND')}`,
    },
    { name: 'a patch without a vhost name applies everywhere', yaml: `${gateway([PROD])}---\n${filter([])}` },
    { name: 'no EnvoyFilter at all', yaml: gateway([PROD]) },
  ],
  invalid: [
    {
      name: 'a host renamed in the Gateway but not in the EnvoyFilter',
      yaml: `${gateway(['www.helloworld.shipshape.example.com'])}---\n${filter([`${PROD}:443`])}`,
      errors: [
        {
          path: '/spec/configPatches/1/match/routeConfiguration/vhost/name',
          message: `vhost name "${PROD}:443" matches no Gateway host, so this patch applies to nothing; Gateways serve www.helloworld.shipshape.example.com:443`,
        },
      ],
    },
    {
      name: 'vhost name without the :443 suffix',
      yaml: `${both}---\n${filter([`${TEST}:443`, PROD])}`,
      errors: [{ path: '/spec/configPatches/2/match/routeConfiguration/vhost/name', message: 'has no port', line: 40 }],
    },
    {
      name: 'the right host on the wrong port',
      yaml: `${gateway([PROD])}---\n${filter([`${PROD}:80`])}`,
      errors: [{ path: '/spec/configPatches/1/match/routeConfiguration/vhost/name', message: `"${PROD}:80" matches no Gateway host` }],
    },
    {
      name: 'no Gateway in the inventory',
      yaml: filter([`${PROD}:443`]),
      errors: [{ path: '/spec/configPatches/1/match/routeConfiguration/vhost/name', message: 'the inventory has no Istio Gateway' }],
    },
    {
      name: 'a wildcard does not cover the bare parent domain',
      yaml: `${gateway(['*.shipshape.example.com'])}---\n${filter(['shipshape.example.com:443'])}`,
      errors: [{ path: '/spec/configPatches/1/match/routeConfiguration/vhost/name', message: 'matches no Gateway host' }],
    },
    {
      name: 'ANY context is checked when the policy says so',
      yaml: `${gateway([PROD])}---\n${filter(['stale.example.com:443'], 'ANY')}`,
      options: { contexts: ['ANY', 'GATEWAY'] },
      errors: [{ path: '/spec/configPatches/1/match/routeConfiguration/vhost/name', message: '"stale.example.com:443" matches no Gateway host' }],
    },
  ],
});

import rule from '../../src/rules/service-exposure';
import { testRule } from './tester';

const svc = (spec: string, namespace = 'shop', annotations = '{}') => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${namespace}, annotations: ${annotations}}
spec:
  ${spec}
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

testRule(rule, {
  valid: [
    { name: 'ClusterIP', yaml: svc('type: ClusterIP') },
    { name: 'type unset is ClusterIP', yaml: svc('sessionAffinity: None') },
    { name: 'an internal AWS load balancer', yaml: svc('type: LoadBalancer', 'shop', '{service.beta.kubernetes.io/aws-load-balancer-internal: "true"}') },
    {
      name: 'a Hetzner load balancer without a public network',
      yaml: svc('type: LoadBalancer', 'shop', '{load-balancer.hetzner.cloud/disable-public-network: "true"}'),
    },
    { name: 'source ranges restrict the load balancer', yaml: svc('type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]') },
    { name: "the ingress controller's namespace is allowed", yaml: svc('type: LoadBalancer', 'ingress-nginx'), options: { allowedNamespaces: ['ingress-*'] } },
    { name: 'NodePort not judged when the policy says so', yaml: svc('type: NodePort'), options: { types: ['LoadBalancer'] } },
  ],
  invalid: [
    {
      name: 'a public load balancer',
      yaml: svc('type: LoadBalancer'),
      errors: [{ path: '/spec/type', message: 'Service web is type LoadBalancer: reachable from outside the cluster through a public load balancer', line: 5 }],
    },
    {
      name: 'a NodePort',
      yaml: svc('type: NodePort'),
      errors: [{ path: '/spec/type', message: 'Service web is type NodePort: reachable from outside the cluster on a port of every node' }],
    },
    {
      name: 'source ranges open to all',
      yaml: svc('type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, 0.0.0.0/0]'),
      errors: [{ path: '/spec/type', message: 'type LoadBalancer' }],
    },
    {
      name: 'an internal annotation with another value',
      yaml: svc('type: LoadBalancer', 'shop', '{service.beta.kubernetes.io/aws-load-balancer-internal: "false"}'),
      errors: [{ path: '/spec/type', message: 'type LoadBalancer' }],
    },
  ],
});

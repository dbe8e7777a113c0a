import type { Construct } from 'constructs';
import { HostIngress, type CertificateIssuerRef } from '../../constructs/app/host-ingress';
import { HELLOWORLD_APP } from './helloworld-app';

export type { CertificateIssuerRef } from '../../constructs/app/host-ingress';

export interface HelloworldIngressProps {
  /** App environment (`test`, `prod`): the name suffix of every object. */
  readonly appEnv: string;
  /** Public host of the app environment (from the environment's hostnames). */
  readonly host: string;
  /** The app's Service: routed to on `servicePort`. */
  readonly serviceName: string;
  readonly servicePort: number;
  /**
   * cert-manager issuer of the host's certificate.
   * @default { kind: 'ClusterIssuer', name: 'letsencrypt-prod' }
   */
  readonly issuer?: CertificateIssuerRef;
  /**
   * Namespace of the app (and of these objects).
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * HTTPS port of the gateway server.
   * @default 443
   */
  readonly httpsPort?: number;
  /**
   * Pod labels of the ingress gateway the Gateway binds to.
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewayLabels?: Readonly<Record<string, string>>;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Host-based ingress of one app environment (runbook: Istio Routing Verification): cert-manager Certificate
 * `helloworld-cert-<env>` for the host, Gateway `helloworld-gateway-<env>` terminating TLS with it on 443,
 * VirtualService `helloworld-virtualservice-<env>` routing the host to the app Service, and DestinationRule
 * `helloworld-destinationrule-<env>` requiring Istio mTLS to it: a HostIngress with the app environment as variant.
 */
export class HelloworldIngress extends HostIngress {
  constructor(scope: Construct, id: string, props: HelloworldIngressProps) {
    super(scope, id, {
      ...props,
      app: HELLOWORLD_APP,
      variant: props.appEnv,
      namespace: props.namespace ?? 'shipshape',
      labels: { ...props.labels, app: HELLOWORLD_APP, env: props.appEnv },
    });
  }
}

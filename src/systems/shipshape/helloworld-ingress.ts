import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_INGRESS_GATEWAY } from '../../constructs/common/external-peers';
import { HELLOWORLD_APP } from './helloworld-app';

export interface CertificateIssuerRef {
  readonly kind: 'ClusterIssuer' | 'Issuer';
  readonly name: string;
}

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

const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Host-based ingress of one app environment (runbook: Istio Routing Verification): cert-manager Certificate
 * `helloworld-cert-<env>` for the host, Gateway `helloworld-gateway-<env>` terminating TLS with it on 443,
 * VirtualService `helloworld-virtualservice-<env>` routing the host to the app Service, and DestinationRule
 * `helloworld-destinationrule-<env>` requiring Istio mTLS to it.
 */
export class HelloworldIngress extends Construct {
  public readonly host: string;
  public readonly httpsPort: number;
  public readonly gatewayName: string;
  public readonly certificateName: string;
  public readonly tlsSecretName: string;

  constructor(scope: Construct, id: string, props: HelloworldIngressProps) {
    super(scope, id);
    if (!HOST_PATTERN.test(props.host)) throw new Error(`${id}: host must be a lower-case DNS name such as ${props.appEnv}.helloworld.shipshape.example.com, got "${props.host}"`);
    const namespace = props.namespace ?? 'shipshape';
    const issuer = props.issuer ?? { kind: 'ClusterIssuer', name: 'letsencrypt-prod' };
    this.host = props.host;
    this.httpsPort = props.httpsPort ?? 443;
    this.gatewayName = `${HELLOWORLD_APP}-gateway-${props.appEnv}`;
    this.certificateName = `${HELLOWORLD_APP}-cert-${props.appEnv}`;
    this.tlsSecretName = `${HELLOWORLD_APP}-cert-${props.appEnv}-tls`;
    const serviceHost = `${props.serviceName}.${namespace}.svc.cluster.local`;
    const labels = { ...props.labels, app: HELLOWORLD_APP, env: props.appEnv };
    const meta = (name: string) => ({ name, namespace, labels });

    new ApiObject(this, 'Certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(this.certificateName),
      spec: {
        secretName: this.tlsSecretName,
        commonName: this.host,
        dnsNames: [this.host],
        issuerRef: { group: 'cert-manager.io', kind: issuer.kind, name: issuer.name },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });

    new ApiObject(this, 'Gateway', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: meta(this.gatewayName),
      spec: {
        selector: { ...(props.gatewayLabels ?? ISTIO_INGRESS_GATEWAY.podLabels) },
        servers: [
          {
            port: { number: this.httpsPort, name: `https-${props.appEnv}`, protocol: 'HTTPS' },
            hosts: [this.host],
            tls: { mode: 'SIMPLE', credentialName: this.tlsSecretName, minProtocolVersion: 'TLSV1_2' },
          },
        ],
      },
    });

    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: meta(`${HELLOWORLD_APP}-virtualservice-${props.appEnv}`),
      spec: {
        hosts: [this.host],
        gateways: [this.gatewayName],
        http: [{ name: 'default', route: [{ destination: { host: serviceHost, port: { number: props.servicePort } } }] }],
      },
    });

    new ApiObject(this, 'DestinationRule', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: meta(`${HELLOWORLD_APP}-destinationrule-${props.appEnv}`),
      spec: { host: serviceHost, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
  }
}

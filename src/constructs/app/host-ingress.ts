import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_INGRESS_GATEWAY } from '../common/external-peers';

export interface CertificateIssuerRef {
  readonly kind: 'ClusterIssuer' | 'Issuer';
  readonly name: string;
}

export interface HostIngressProps {
  /** The app the host routes to: every object is named `<app>-<kind>[-<variant>]`. */
  readonly app: string;
  /** Public host (a lower-case DNS name). */
  readonly host: string;
  /** The app's Service: routed to on `servicePort`. */
  readonly serviceName: string;
  readonly servicePort: number;
  readonly namespace: string;
  /**
   * Which of several hosts of one app this is (`test`, `prod`): the suffix of every name and of the server port name.
   * @default - none
   */
  readonly variant?: string;
  /**
   * cert-manager issuer of the host's certificate.
   * @default { kind: 'ClusterIssuer', name: 'letsencrypt-prod' }
   */
  readonly issuer?: CertificateIssuerRef;
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
   * The app runs in the mesh: a DestinationRule makes the gateway use Istio mTLS to it.
   * @default true
   */
  readonly mesh?: boolean;
  /**
   * Metadata labels of every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Host-based HTTPS ingress through the Istio ingress gateway: cert-manager Certificate `<app>-cert` for the host,
 * Gateway `<app>-gateway` terminating TLS 1.2+ with it, VirtualService `<app>-virtualservice` routing the host to
 * the Service, and (in the mesh) DestinationRule `<app>-destinationrule` requiring Istio mTLS to it.
 */
export class HostIngress extends Construct {
  public readonly host: string;
  public readonly httpsPort: number;
  public readonly gatewayName: string;
  public readonly certificateName: string;
  public readonly tlsSecretName: string;

  constructor(scope: Construct, id: string, props: HostIngressProps) {
    super(scope, id);
    const suffix = props.variant ? `-${props.variant}` : '';
    if (!HOST_PATTERN.test(props.host))
      throw new Error(`${id}: host must be a lower-case DNS name such as ${props.variant ?? 'www'}.${props.app}.example.com, got "${props.host}"`);
    const namespace = props.namespace;
    const issuer = props.issuer ?? { kind: 'ClusterIssuer', name: 'letsencrypt-prod' };
    this.host = props.host;
    this.httpsPort = props.httpsPort ?? 443;
    this.gatewayName = `${props.app}-gateway${suffix}`;
    this.certificateName = `${props.app}-cert${suffix}`;
    this.tlsSecretName = `${props.app}-cert${suffix}-tls`;
    const serviceHost = `${props.serviceName}.${namespace}.svc.cluster.local`;
    const meta = (name: string) => ({ name, namespace, labels: props.labels });

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
            port: { number: this.httpsPort, name: `https${suffix}`, protocol: 'HTTPS' },
            hosts: [this.host],
            tls: { mode: 'SIMPLE', credentialName: this.tlsSecretName, minProtocolVersion: 'TLSV1_2' },
          },
        ],
      },
    });

    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: meta(`${props.app}-virtualservice${suffix}`),
      spec: {
        hosts: [this.host],
        gateways: [this.gatewayName],
        http: [{ name: 'default', route: [{ destination: { host: serviceHost, port: { number: props.servicePort } } }] }],
      },
    });

    if (props.mesh ?? true) {
      new ApiObject(this, 'DestinationRule', {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'DestinationRule',
        metadata: meta(`${props.app}-destinationrule${suffix}`),
        spec: { host: serviceHost, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      });
    }
  }
}

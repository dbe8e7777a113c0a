/**
 * The guard's serving certificate: a cert-manager Certificate for the Service's DNS names, written to the Secret
 * the Deployment mounts. Issued by the environment's issuer, or by a self-signed Issuer in the guard's namespace;
 * either way cert-manager's CA injector copies the certificate's CA into the webhook configurations' caBundle
 * (`cert-manager.io/inject-ca-from: <namespace>/<certificate>`), so nothing secret is rendered.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface AdmissionGuardCertificateProps {
  /** Namespace of the Service, Certificate and Secret. */
  readonly namespace: string;
  /** The Service name; the certificate covers <service>.<namespace>.svc and .svc.cluster.local. */
  readonly serviceName: string;
  /** Secret the certificate is written to (the Deployment mounts it). */
  readonly secretName: string;
  /**
   * Certificate name; webhook configurations name it in `cert-manager.io/inject-ca-from`.
   * @default - the service name
   */
  readonly name?: string;
  /**
   * Issuer of the certificate.
   * @default - a self-signed Issuer `<name>-selfsigned` in the namespace
   */
  readonly issuer?: { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string };
  /**
   * Certificate lifetime (cert-manager duration).
   * @default '2160h' (90 days)
   */
  readonly duration?: string;
  /**
   * Renew this long before expiry; the guard picks the new files up without a restart.
   * @default '360h' (15 days)
   */
  readonly renewBefore?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class AdmissionGuardCertificate extends Construct {
  public readonly name: string;
  /** `<namespace>/<certificate>` for `cert-manager.io/inject-ca-from`. */
  public readonly injectCaFrom: string;
  public readonly dnsNames: string[];

  constructor(scope: Construct, id: string, props: AdmissionGuardCertificateProps) {
    super(scope, id);
    this.name = props.name ?? props.serviceName;
    this.injectCaFrom = `${props.namespace}/${this.name}`;
    const duration = props.duration ?? '2160h';
    const renewBefore = props.renewBefore ?? '360h';
    const hours = (d: string) => (/^\d+h$/.test(d) ? Number(d.slice(0, -1)) : NaN);
    if (!(hours(renewBefore) < hours(duration)))
      throw new Error(`admission guard certificate: renewBefore ${renewBefore} must be shorter than duration ${duration} (both in hours, e.g. 360h and 2160h)`);
    const svc = `${props.serviceName}.${props.namespace}.svc`;
    this.dnsNames = [svc, `${svc}.cluster.local`];
    let issuer = props.issuer;
    if (!issuer) {
      issuer = { kind: 'Issuer', name: `${this.name}-selfsigned` };
      new ApiObject(this, 'Issuer', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: { name: issuer.name, namespace: props.namespace, labels: props.labels },
        spec: { selfSigned: {} },
      });
    }
    new ApiObject(this, 'Certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: {
        secretName: props.secretName,
        commonName: svc,
        dnsNames: this.dnsNames,
        duration,
        renewBefore,
        usages: ['server auth', 'digital signature', 'key encipherment'],
        issuerRef: { group: 'cert-manager.io', kind: issuer.kind, name: issuer.name },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        secretTemplate: { labels: props.labels },
      },
    });
  }
}

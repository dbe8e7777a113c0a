/**
 * cert-manager Certificates Ready with more than 7 days left (the `CertManagerCertExpiringSoon` threshold; shipshape
 * runbook "Certificate Expiring").
 */
import { condition, conditionText } from '../conditions';
import { itemsOfKind, type VerifyCheck, type VerifyFinding } from './types';

export const MIN_CERTIFICATE_DAYS = 7;
const DAY_MS = 86_400_000;

export const certificatesReady: VerifyCheck = {
  id: 'cluster-certificate-ready',
  description: `cert-manager Certificates are Ready with more than ${MIN_CERTIFICATE_DAYS} days before notAfter.`,
  remediation:
    "Read the Certificate's conditions and its issuer's (`kubectl describe certificate`), fix the issuer or the challenge, and let cert-manager renew before notAfter.",
  category: 'security',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'Certificate').filter((i) => i.apiVersion.startsWith('cert-manager.io/'))) {
      const live = await ctx.live(item);
      if (!live) continue;
      const ready = condition(live, 'Ready');
      if (ready?.status !== 'True') {
        findings.push({ item, path: '/status/conditions', message: `not Ready (${conditionText(ready)})` });
        continue;
      }
      const notAfter = Date.parse(String((live.status as { notAfter?: string } | undefined)?.notAfter ?? ''));
      if (Number.isNaN(notAfter)) {
        findings.push({ item, path: '/status/notAfter', message: 'Ready but without status.notAfter: cannot tell when it expires' });
        continue;
      }
      const days = (notAfter - ctx.now.getTime()) / DAY_MS;
      if (days <= MIN_CERTIFICATE_DAYS) {
        const when = days <= 0 ? `expired ${Math.ceil(-days)} day(s) ago` : `expires in ${days.toFixed(1)} days`;
        findings.push({
          item,
          path: '/status/notAfter',
          message: `${when} (notAfter ${new Date(notAfter).toISOString()}); cert-manager should have renewed it by now`,
        });
      }
    }
    return findings;
  },
};

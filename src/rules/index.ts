/** Every rule, by id. Adding a rule: create src/rules/<id>.ts, add it here, add fixtures in test/rules/<id>.test.ts. */
import type { Rule } from './types';
import parseError from './parse-error';
import placeholderCidr from './placeholder-cidr';
import imageDigest from './image-digest';
import rbacWildcard from './rbac-wildcard';
import requiredLabels from './required-labels';
import deploymentOrder from './deployment-order';
import rbacStatusWrite from './rbac-status-write';
import danglingReference from './dangling-reference';
import pdbAllowsDisruption from './pdb-allows-disruption';
import promqlSyntax from './promql-syntax';
import alertRunbook from './alert-runbook';
import runbookTrigger from './runbook-trigger';
import alertScope from './alert-scope';
import webhookSafety from './webhook-safety';
import hostpathReadonly from './hostpath-readonly';
import podSecurity from './pod-security';
import probes from './probes';
import leaderElectionProbes from './leader-election-probes';
import resources from './resources';
import noSecretData from './no-secret-data';
import netpolSelectorPreserved from './netpol-selector-preserved';
import allowedRegistries from './allowed-registries';
import waiverExpired from './waiver-expired';
import envoyfilterVhost from './envoyfilter-vhost';
import schema from './schema';
import deprecatedApi from './deprecated-api';
import pdbMissing from './pdb-missing';
import hpaReplicas from './hpa-replicas';
import replicaSpread from './replica-spread';
import singleReplica from './single-replica';
import rollingUpdate from './rolling-update';
import readOnlyRootFs from './read-only-root-fs';
import automountSaToken from './automount-sa-token';
import defaultServiceAccount from './default-service-account';
import serviceExposure from './service-exposure';
import netpolCoverage from './netpol-coverage';
import privilegedPorts from './privileged-ports';
import selectorMatchesTemplate from './selector-matches-template';
import labelSyntax from './label-syntax';
import envDuplicate from './env-duplicate';
import restartPolicy from './restart-policy';
import rbacSecretsRead from './rbac-secrets-read';
import rbacPodCreate from './rbac-pod-create';
import rbacEscalationVerbs from './rbac-escalation-verbs';
import rbacClusterAdmin from './rbac-cluster-admin';
import probePort from './probe-port';
import plaintextCredential from './plaintext-credential';
import admissionPolicy from './admission-policy';

export const RULES: ReadonlyArray<Rule<any>> = [
  parseError,
  placeholderCidr,
  imageDigest,
  rbacWildcard,
  requiredLabels,
  deploymentOrder,
  rbacStatusWrite,
  danglingReference,
  pdbAllowsDisruption,
  promqlSyntax,
  alertRunbook,
  runbookTrigger,
  alertScope,
  webhookSafety,
  hostpathReadonly,
  podSecurity,
  probes,
  leaderElectionProbes,
  resources,
  noSecretData,
  netpolSelectorPreserved,
  allowedRegistries,
  waiverExpired,
  envoyfilterVhost,
  schema,
  deprecatedApi,
  pdbMissing,
  hpaReplicas,
  replicaSpread,
  singleReplica,
  rollingUpdate,
  readOnlyRootFs,
  automountSaToken,
  defaultServiceAccount,
  serviceExposure,
  netpolCoverage,
  privilegedPorts,
  selectorMatchesTemplate,
  labelSyntax,
  envDuplicate,
  restartPolicy,
  rbacSecretsRead,
  rbacPodCreate,
  rbacEscalationVerbs,
  rbacClusterAdmin,
  probePort,
  plaintextCredential,
  admissionPolicy,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule<any>> = new Map(RULES.map((r) => [r.meta.id, r]));

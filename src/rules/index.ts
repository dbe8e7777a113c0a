/** Every rule, by id. Adding a rule: create src/rules/<id>.ts, add it here, add fixtures in test/rules/<id>.ts. */
import type { Rule } from './types';
import placeholderCidr from './placeholder-cidr';
import imageDigest from './image-digest';
import rbacWildcard from './rbac-wildcard';
import requiredLabels from './required-labels';
import deploymentOrder from './deployment-order';
import parseError from './parse-error';
import schema from './schema';

export const RULES: ReadonlyArray<Rule<any>> = [parseError, placeholderCidr, imageDigest, rbacWildcard, requiredLabels, deploymentOrder, schema];

export const RULES_BY_ID: ReadonlyMap<string, Rule<any>> = new Map(RULES.map((r) => [r.meta.id, r]));


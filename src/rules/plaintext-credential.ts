import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import { escapeToken } from '../lib/json-pointer';
import type { InventoryItem, RuleFinding } from '../check/types';
import { credentialName, isHighEntropy, literalShape, namesItsPlace, valueShape, type CredentialName } from './lib/credentials';
import { arr, obj } from './lib/values';

interface Options {
  names: string[];
  ignoreNames: string[];
  configMapFiles: boolean;
}

/** A setting on one line of a file a ConfigMap holds: `key: value`, `key = value`, `export KEY=value`, `"key": "value",`. */
const SETTING = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;
const QUOTED = /^(["'])(.*)\1$/;
/** A YAML block scalar, flow collection, anchor or alias, or a JSON object or array: the value is on other lines. */
const OPENS = /^([|>][-+0-9]*|[{[]|[&*]\S+)$/;
/** Lines that may hold a credential setting at all (a quick test before the full one). */
const HINT = /pass|pwd|secret|token|credential|creds|key|auth|salt|hmac/i;

/**
 * Why the setting `name` = `value` is a credential, in words that never show the value; undefined when it is not one.
 * A shape (a PEM private key…) says so whatever the name; a credential's name with a literal (a placeholder too: whoever
 * fills it in writes the secret here) says so; a name that only may be one needs a high-entropy value.
 */
function judge(name: string, value: string, options: Options, names: ReadonlySet<string>, ignored: ReadonlySet<string>): string | undefined {
  if (ignored.has(name.toLowerCase())) return undefined;
  const shape = valueShape(value);
  if (shape) return `holds ${shape}`;
  const named: CredentialName | undefined = names.has(name.toLowerCase()) ? { strength: 'strong', last: '' } : credentialName(name);
  if (!named || namesItsPlace(named, value)) return undefined;
  const literal = literalShape(value);
  if (!literal) return undefined;
  if (named.strength === 'strong') return `is named like a credential and holds ${literal}`;
  return isHighEntropy(value.trim()) ? `is named like a key and holds ${literal}` : undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'plaintext-credential',
    description:
      'A credential outside a Secret: a container env literal (`value:`) or ConfigMap data named like one (password, token, secret, api key, private key…) or shaped like one (PEM private key, AWS access key id, JSON Web Token, URL with a password).',
    model:
      'A name is split into words (`DB_PASSWORD`, `clientSecret`, `aws.secret_access_key`); a credential word followed by a word that makes it a pointer or a setting (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH`) is not one, nor is `<credential>_SECRET` (the name of a Secret object). ' +
      'A word that only may name one (`key`, `auth`, `salt`, `hmac`) counts with a long high-entropy value. Not credentials: empty values, flags, small numbers and durations, references (`$(VAR)`, `${VAR}`, `{{ … }}`, `$var`, `vault:…`, `arn:…`), file paths and URLs without a password. ' +
      'A placeholder (`changeme`, `<password>`, `xxx`) is reported: whoever fills it in writes the secret there. Lines of a ConfigMap’s files (`key: value`, `key=value`) are judged alike. Messages name the key and the shape, never the value.',
    remediation:
      'Move the value into a Secret (made out of band: External Secrets, SOPS, Sealed Secrets) and read it with `valueFrom.secretKeyRef`, `envFrom.secretRef` or a secret volume; rotate a credential that was ever committed.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        names: {
          description: 'Key names (case-insensitive) that hold a credential although their words do not say so.',
          type: 'array',
          items: { type: 'string' },
          default: ['AZURE_BATCH_KEY', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY', 'OCI_CLI_KEY_CONTENT'],
        },
        ignoreNames: { description: 'Key names (case-insensitive) never judged.', type: 'array', items: { type: 'string' }, default: [] },
        configMapFiles: { description: 'Judge the settings on each line of the files a ConfigMap holds, not only its keys.', type: 'boolean', default: true },
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    const names = new Set(options.names.map((n) => n.toLowerCase()));
    const ignored = new Set(options.ignoreNames.map((n) => n.toLowerCase()));
    for (const item of inventory.items) {
      if (item.kind === 'ConfigMap') {
        yield* configMap(item, options, names, ignored);
        continue;
      }
      const pod = podSpecOf(item, podTemplates);
      if (!pod) continue;
      for (const { container, path } of containersOf(pod)) {
        const env = arr(container.env);
        for (let i = 0; i < env.length; i++) {
          const e = obj(env[i]);
          if (typeof e.name !== 'string' || typeof e.value !== 'string') continue;
          const why = judge(e.name, e.value, options, names, ignored);
          if (why) yield { item, path: `${path}/env/${i}/value`, message: `container "${String(container.name ?? '?')}" env ${e.name} ${why}` };
        }
      }
    }
  },
});

function* configMap(item: InventoryItem, options: Options, names: ReadonlySet<string>, ignored: ReadonlySet<string>): Iterable<RuleFinding> {
  for (const [key, value] of Object.entries(obj(item.object.data))) {
    if (typeof value !== 'string') continue;
    const path = `/data/${escapeToken(key)}`;
    const why = judge(key, value, options, names, ignored);
    if (why) {
      yield { item, path, message: `ConfigMap ${item.name} key ${key} ${why}` };
      continue;
    }
    if (!options.configMapFiles || !value.includes('\n') || !HINT.test(value)) continue;
    const lines = value.split('\n');
    for (let n = 0; n < lines.length; n++) {
      if (!HINT.test(lines[n])) continue;
      const m = SETTING.exec(lines[n]);
      if (!m) continue;
      const setting = m[2].replace(QUOTED, '$2');
      if (OPENS.test(setting)) continue;
      const found = judge(m[1], setting, options, names, ignored);
      if (found) yield { item, path, message: `ConfigMap ${item.name} key ${key}, line ${n + 1}: ${m[1]} ${found}` };
    }
  }
}

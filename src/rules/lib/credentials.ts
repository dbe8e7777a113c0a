/**
 * Telling a credential from a setting without ever showing it: by the words of its name (`DB_PASSWORD`,
 * `clientSecret`, `aws_secret_access_key`), by the shape of its value (a PEM private key, an AWS access key id, a
 * JSON Web Token, a URL with a password, GitHub and Slack tokens), and, for names that only may be one
 * (`ENCRYPTION_KEY` is, `ROUTING_KEY` is not), by a long high-entropy value.
 */

/** Words that name a credential wherever they stand; `pass` only as the last word (`DB_PASS`, not `PASS_THROUGH`). */
const STRONG = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'secrets',
  'token',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'clientsecret',
  'authtoken',
  'accesstoken',
  'refreshtoken',
]);
/** Two words that name a credential together. */
const STRONG_PAIRS = new Set([
  'api key',
  'private key',
  'secret key',
  'access key',
  'signing key',
  'encryption key',
  'master key',
  'account key',
  'storage key',
]);
/** Words that may name a credential: judged by the value (a long high-entropy string). */
const WEAK = new Set(['key', 'auth', 'salt', 'hmac']);
/**
 * A word after the credential word that makes the name a pointer to it or a setting about it (`PASSWORD_FILE`,
 * `TOKEN_URL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH`, `AUTH_ENABLED`), not the credential itself.
 */
const NOT_THE_VALUE = new Set(
  (
    'file files path paths dir directory folder mount location url uri urls endpoint endpoints host hostname address addr server port name names ref refs reference ' +
    'enabled enable disabled disable required optional ttl expiry expiration expires lifetime duration timeout interval period days hours seconds ' +
    'length len min max size count limit type types kind mode method methods header headers audience issuer namespace policy rotation env var variable ' +
    'source provider store backend arn format prefix suffix field fields version algorithm alg cipher scope scopes user username owner strategy ' +
    'generator pattern regex cache validation verify check template through complexity hint reset label labels annotation selector'
  ).split(' '),
);
/** Before a final `secret`, a word that makes the name that of a Secret object (`PASSWORD_SECRET`, `EXISTING_SECRET`). */
const NAMES_A_SECRET = new Set(['password', 'passwd', 'token', 'credentials', 'creds', 'tls', 'cert', 'certificate', 'existing', 'k8s', 'kubernetes', 'auth']);

const CAMEL = /([a-z0-9])([A-Z])/g;
const ACRONYM = /([A-Z]+)([A-Z][a-z])/g;
const SEPARATORS = /[^a-z0-9]+/;

export function wordsOf(name: string): string[] {
  return name.replace(CAMEL, '$1 $2').replace(ACRONYM, '$1 $2').toLowerCase().split(SEPARATORS).filter(Boolean);
}

/** How a name says it holds a credential: 'strong' (any literal is one) or 'weak' (a high-entropy one is), and its last word. */
export interface CredentialName {
  readonly strength: 'strong' | 'weak';
  readonly last: string;
}

// Env var and key names repeat across objects: judged once each (bounded, for inputs of many distinct names).
const judged = new Map<string, CredentialName | undefined>();

/** Whether a key name says it holds a credential, or undefined. */
export function credentialName(name: string): CredentialName | undefined {
  if (judged.has(name)) return judged.get(name);
  if (judged.size > 10_000) judged.clear();
  const found = judgeName(name);
  judged.set(name, found);
  return found;
}

function judgeName(name: string): CredentialName | undefined {
  const words = wordsOf(name);
  let found: { strength: 'strong' | 'weak'; start: number; end: number } | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i + 1 < words.length && STRONG_PAIRS.has(`${w} ${words[i + 1]}`)) found = { strength: 'strong', start: i, end: ++i };
    else if (STRONG.has(w) || (w === 'pass' && i === words.length - 1)) found = { strength: 'strong', start: i, end: i };
    else if (WEAK.has(w) && found?.strength !== 'strong') found = { strength: 'weak', start: i, end: i };
  }
  if (!found) return undefined;
  for (let i = found.end + 1; i < words.length; i++) if (NOT_THE_VALUE.has(words[i])) return undefined;
  const last = words[found.end];
  if ((last === 'secret' || last === 'secrets') && found.start > 0 && NAMES_A_SECRET.has(words[found.start - 1])) return undefined;
  return { strength: found.strength, last: words[words.length - 1] };
}

/** A Kubernetes object name with a hyphen (`zastava-authority-dpop`): under a name ending in `secret`, the Secret's name. */
const OBJECT_NAME = /^[a-z0-9]+(\.[a-z0-9]+)*(-[a-z0-9]+)+$/;
/** A key name of a Secret (`token`, `tls.key`, `api-key`): under a name ending in `key` (`secretKey`), which key to read. */
const KEY_NAME = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;

/**
 * Whether `value` under `named` names where a credential is rather than being one: the Secret (`dpopKeySecret:
 * zastava-authority-dpop`) or the key in it (`secretKey: token`).
 */
export function namesItsPlace(named: CredentialName, value: string): boolean {
  const v = value.trim();
  if ((named.last === 'secret' || named.last === 'secrets') && OBJECT_NAME.test(v)) return true;
  return named.last === 'key' && KEY_NAME.test(v) && credentialName(v) !== undefined;
}

const SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/-{3,}\s*BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?\s*-{3,}/, 'a PEM private key'],
  [/(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, 'an AWS access key id'],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JSON Web Token'],
  [/(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36}/, 'a GitHub token'],
  [/(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
];
/** `scheme://user:password@`, the password not a reference. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;
/** A quick test before the shapes: most values have none of these. */
const SHAPE_HINT = /PRIVATE KEY|AKIA|ASIA|eyJ|gh[pousr]_|xox|:\/\//;

/** The credential shape `value` has whatever its name, e.g. "a PEM private key". */
export function valueShape(value: string): string | undefined {
  if (!SHAPE_HINT.test(value)) return undefined;
  for (const [re, shape] of SHAPES) if (re.test(value)) return shape;
  const url = URL_PASSWORD.exec(value);
  if (url && !isReference(url[1]) && !PLACEHOLDER.test(url[1])) return 'a URL with a password';
  return undefined;
}

/** Not a value: unset, a flag, a small number or a duration. */
const NOT_SET = /^(true|false|yes|no|on|off|y|n|enabled?|disabled?|none|null|nil|~|-|n\/a|\d{1,6}|\d+(\.\d+)?(ms|s|m|h|d|w))$/i;
/** A reference to the value kept elsewhere: `$(VAR)`, `${VAR}`, `{{ template }}`, `$var`, a secret manager's URI. */
const REFERENCE =
  /\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[^}]*\}|\{\{.*\}\}|^\$[A-Za-z_]|^(vault|ref\+[a-z0-9]+|arn|secretsmanager|awssm|gcpsm|azkv|akv|op|sops|file|env|k8s|kms):/i;
const isReference = (v: string) => REFERENCE.test(v);
/** A file path or a URL without a password: where the credential is, not the credential. */
const LOCATION = /^((\/|\.\.?\/|~\/)\S*|[a-z][a-z0-9+.-]*:\/\/\S*)$/i;
export const PLACEHOLDER = /^(<[^<>]+>|\[[^[\]]+\]|change[-_ ]?me|replace[-_ ]?me|your[-_ ].*|todo|tbd|fixme|x{3,}|\*{3,}|\.{3,})$/i;
const TOKEN_ALPHABET = /^[A-Za-z0-9+/=_\-.~]{16,}$/;
const HEX = /^[0-9a-f]+$/i;
const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;

/** Shannon entropy of `s`, bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

/** Long, one token, letters and digits, and as random as a key: 3 bits per character for hex, 3.5 for others. */
export function isHighEntropy(v: string): boolean {
  if (!TOKEN_ALPHABET.test(v) || !LETTER.test(v) || !DIGIT.test(v)) return false;
  return entropy(v) >= (HEX.test(v) ? 3 : 3.5);
}

/**
 * What a literal under a credential's name is, in words that never show it ("a literal of 8 characters", "a
 * placeholder"), or undefined when it is no credential: empty, a flag or number, a reference, a path or URL.
 */
export function literalShape(value: string): string | undefined {
  const v = value.trim();
  if (!v || NOT_SET.test(v) || isReference(v) || LOCATION.test(v)) return undefined;
  if (PLACEHOLDER.test(v)) return 'a placeholder';
  const size = `${v.length} character${v.length === 1 ? '' : 's'}`;
  return isHighEntropy(v) ? `a high-entropy string of ${size}` : `a literal of ${size}`;
}

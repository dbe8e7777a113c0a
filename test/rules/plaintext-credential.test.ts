import rule from '../../src/rules/plaintext-credential';
import { testRule } from './tester';

const pod = (env: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api\n          env:\n${env}`;
const envVar = (name: string, value: string) => `            - name: ${name}\n              value: ${JSON.stringify(value)}\n`;
const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\ndata:\n${data}`;
// Shapes, built so that no credential-shaped string sits in the source as such.
const AWS_KEY_ID = ['AKIA', 'Q3EGRUTJ5NBCD7XY'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJjaSIsImV4cCI6MTl9', 'qZ2ZyZWFkX3NpZ25hdHVyZQ'].join('.');
const PEM = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE', ' KEY-----\n'].join('');

testRule(rule, {
  valid: [
    {
      name: 'settings that are not credentials, and credentials read from a Secret',
      yaml: pod(
        envVar('LOG_LEVEL', 'debug') +
          envVar('GREETING', 'hello') +
          '            - name: DB_PASSWORD\n              valueFrom: {secretKeyRef: {name: db, key: password}}\n',
      ),
    },
    {
      name: 'pointers to a credential and settings about one, by the words after it',
      yaml: pod(
        envVar('PASSWORD_FILE', 'password.txt') +
          envVar('TOKEN_URL', 'sso.example.test/token') +
          envVar('SECRET_NAME', 'api-creds') +
          envVar('PASSWORD_MIN_LENGTH', 'twelve') +
          envVar('AUTH_TYPE', 'oidc') +
          envVar('GF_SECURITY_ADMIN_PASSWORD__FILE', 'admin') +
          envVar('TOKEN_AUDIENCE', 'api') +
          envVar('DB_PASSWORD_SECRET', 'db-creds') +
          envVar('EXISTING_SECRET', 'db-creds') +
          envVar('PASS_THROUGH_HEADERS', 'x-request-id') +
          envVar('CLIENT_ID', 'web-frontend'),
      ),
    },
    {
      name: 'a Secret’s name under a name ending in secret, the key to read under one ending in key',
      yaml: configMap(
        '  agent.yaml: |\n    authority:\n      dpopKeySecret: zastava-authority-dpop\n      clientCertificateSecret: zastava-authority-mtls\n    witness:\n      secretName: failover-witness\n      secretKey: token\n      passwordKey: tls.key\n',
      ),
    },
    {
      name: 'values that are no credential: empty, flags, numbers, durations, references, paths, URLs without a password',
      yaml: pod(
        envVar('REDIS_PASSWORD', '') +
          envVar('AUTH_TOKEN', 'false') +
          envVar('API_TOKEN', 'none') +
          envVar('TOKEN_SECRET_ROTATION', '30') +
          envVar('SESSION_SECRET', '24h') +
          envVar('DB_PASSWORD', '$(POSTGRES_PASSWORD)') +
          envVar('CLIENT_SECRET', '${OIDC_CLIENT_SECRET}') +
          envVar('API_KEY', '{{ .Values.apiKey }}') +
          envVar('VAULT_TOKEN', 'vault:secret/data/api#token') +
          envVar('AWS_SECRET_ACCESS_KEY', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api') +
          envVar('SA_TOKEN', '/var/run/secrets/kubernetes.io/serviceaccount/token') +
          envVar('OAUTH_TOKEN', 'https://sso.example.test/oauth/token') +
          envVar('DATABASE_URL', 'postgres://api:$(DB_PASSWORD)@db:5432/api'),
      ),
    },
    {
      name: 'a name that only may be a credential, with a value that is no key',
      yaml: pod(envVar('ROUTING_KEY', 'orders.created') + envVar('CACHE_KEY', 'v2') + envVar('BASIC_AUTH', 'enabled') + envVar('PARTITION_KEY', 'tenant_id')),
    },
    {
      name: 'ConfigMap settings and files without credentials, and file lines that only point at one',
      yaml: configMap(
        '  db_user: postgres\n  message: This is a test\n  app.yaml: |\n    server:\n      port: 8080\n    auth:\n      password_file: /etc/secret/password\n      token: ${API_TOKEN}\n      secret: |\n        from another line\n    key: value\n',
      ),
    },
    { name: 'a ConfigMap without data', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty}\n' },
    { name: 'names the policy ignores', yaml: pod(envVar('SECRET_SAUCE', 'ketchup')), options: { ignoreNames: ['secret_sauce'] } },
    {
      name: 'ConfigMap files not judged line by line',
      yaml: configMap('  app.ini: |\n    [db]\n    password = hunter22\n'),
      options: { configMapFiles: false },
    },
    {
      name: 'a Secret is where a credential belongs (no-secret-data judges it)',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter22}\n',
    },
  ],
  invalid: [
    {
      name: 'env literals named like credentials, never echoing them',
      yaml: pod(
        envVar('SECRET_BLAH', 'secretsquirrels') + envVar('adminPassword', 'hunter22') + envVar('DB_PASS', 'p4ss') + envVar('AWS_SECRET_ACCESS_KEY', 'xxxxx'),
      ),
      errors: [
        {
          path: '/spec/template/spec/containers/0/env/0/value',
          message: 'container "api" env SECRET_BLAH is named like a credential and holds a literal of 15 characters',
          line: 12,
        },
        { path: '/spec/template/spec/containers/0/env/1/value', message: 'env adminPassword is named like a credential and holds a literal of 8 characters' },
        { path: '/spec/template/spec/containers/0/env/2/value', message: 'env DB_PASS is named like a credential' },
        { path: '/spec/template/spec/containers/0/env/3/value', message: 'env AWS_SECRET_ACCESS_KEY is named like a credential and holds a placeholder' },
      ],
    },
    {
      name: 'values shaped like credentials, whatever the name',
      yaml: pod(
        envVar('THE_GOOD_STUFF', PEM) + envVar('AWS_ID', AWS_KEY_ID) + envVar('BEARER', JWT) + envVar('DATABASE_URL', 'postgres://api:s3cr3t-pw@db:5432/api'),
      ),
      errors: [
        { path: '/spec/template/spec/containers/0/env/0/value', message: 'env THE_GOOD_STUFF holds a PEM private key' },
        { path: '/spec/template/spec/containers/0/env/1/value', message: 'env AWS_ID holds an AWS access key id' },
        { path: '/spec/template/spec/containers/0/env/2/value', message: 'env BEARER holds a JSON Web Token' },
        { path: '/spec/template/spec/containers/0/env/3/value', message: 'env DATABASE_URL holds a URL with a password' },
      ],
    },
    {
      name: 'a name that only may be a credential, with a high-entropy value; a name the policy lists',
      yaml: pod(
        envVar('ENCRYPTION_KEY_V2', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b') +
          envVar('SIGNING_SALT', 'q8Zr2Lx0Vb7Nw4Kd1Tg6Hy3') +
          envVar('AZURE_BATCH_KEY', 'xxxxx'),
      ),
      errors: [
        {
          path: '/spec/template/spec/containers/0/env/0/value',
          message: 'env ENCRYPTION_KEY_V2 is named like a credential and holds a high-entropy string of 40 characters',
        },
        {
          path: '/spec/template/spec/containers/0/env/1/value',
          message: 'env SIGNING_SALT is named like a key and holds a high-entropy string of 23 characters',
        },
        { path: '/spec/template/spec/containers/0/env/2/value', message: 'env AZURE_BATCH_KEY is named like a credential and holds a placeholder' },
      ],
    },
    {
      name: 'ConfigMap keys named like credentials and holding a private key',
      yaml: configMap(`  db_username: postgres\n  db_password: abc123\n  ssh_access: ${JSON.stringify(PEM)}\n  api.token: <your-token>\n`),
      errors: [
        { path: '/data/db_password', message: 'ConfigMap settings key db_password is named like a credential and holds a literal of 6 characters', line: 6 },
        { path: '/data/ssh_access', message: 'ConfigMap settings key ssh_access holds a PEM private key' },
        { path: '/data/api.token', message: 'key api.token is named like a credential and holds a placeholder' },
      ],
    },
    {
      name: 'credentials on the lines of files a ConfigMap holds',
      yaml: configMap(
        '  application.properties: |\n    spring.datasource.url=jdbc:postgresql://db/api\n    spring.datasource.password=hunter22\n  config.json: |\n    {"smtp": {"user": "mailer", "password": "Tr0ub4dor&3"}}\n  grafana.ini: |\n    [security]\n    admin_password = admin\n',
      ),
      errors: [
        {
          path: '/data/application.properties',
          message: 'key application.properties, line 2: spring.datasource.password is named like a credential and holds a literal of 8 characters',
        },
        { path: '/data/grafana.ini', message: 'key grafana.ini, line 2: admin_password is named like a credential and holds a literal of 5 characters' },
      ],
    },
    {
      name: 'init containers and CronJobs too',
      yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: init, image: i, env: [{name: GITHUB_TOKEN, value: fill-me-in}]}]\n          containers: [{name: c, image: c}]\n',
      errors: [
        {
          path: '/spec/jobTemplate/spec/template/spec/initContainers/0/env/0/value',
          message: 'container "init" env GITHUB_TOKEN is named like a credential and holds a literal of 10 characters',
        },
      ],
    },
  ],
});

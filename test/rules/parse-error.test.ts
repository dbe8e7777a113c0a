import rule from '../../src/rules/parse-error';
import { testRule } from './tester';

testRule(rule, {
  valid: [
    { name: 'objects and an empty document', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n' },
    { name: 'empty file', yaml: '' },
  ],
  invalid: [
    { name: 'malformed YAML', yaml: 'apiVersion: v1\nkind: [ConfigMap\nmetadata: {name: a}\n', errors: [{ path: '', message: 'Flow sequence in block collection must be sufficiently indented', line: 3 }] },
    { name: 'duplicate key', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', errors: [{ path: '', message: 'Map keys must be unique', line: 5 }] },
    { name: 'scalar document', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\njust a string\n', errors: [{ path: '', message: 'document 2 is a string', line: 5 }] },
    { name: 'list document', yaml: '- a\n- b\n', errors: [{ path: '', message: 'document 1 is a list', line: 1 }] },
  ],
});

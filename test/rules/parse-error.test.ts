import rule from '../../src/rules/parse-error';
import { testRule } from './tester';

testRule(rule, {
  valid: [
    {
      name: 'objects and an empty document',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
    },
    { name: 'empty file', yaml: '' },
    {
      name: 'a List of objects, an empty List and a List inside a List (kubectl flattens it)',
      yaml: 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  - {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}]}\n---\napiVersion: v1\nkind: ConfigMapList\nitems: []\n',
    },
  ],
  invalid: [
    {
      name: 'malformed YAML',
      yaml: 'apiVersion: v1\nkind: [ConfigMap\nmetadata: {name: a}\n',
      errors: [{ path: '', message: 'Flow sequence in block collection must be sufficiently indented', line: 3 }],
    },
    {
      name: 'duplicate key',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
      errors: [{ path: '', message: 'Map keys must be unique', line: 5 }],
    },
    {
      name: 'scalar document',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\njust a string\n',
      errors: [{ path: '', message: 'document 2 is a string', line: 5 }],
    },
    { name: 'list document', yaml: '- a\n- b\n', errors: [{ path: '', message: 'document 1 is a list', line: 1 }] },
    {
      name: 'a List item that is not an object',
      yaml: 'apiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - just a string\n',
      errors: [{ path: '/items/1', message: 'item 1 of the ConfigMapList in document 1 is "just a string", expected a Kubernetes object', line: 7 }],
    },
    {
      name: 'List items that are not an array, and a v1 List without items',
      yaml: 'apiVersion: v1\nkind: RoleList\nitems: {name: a}\n---\napiVersion: v1\nkind: List\nmetadata: {}\n',
      errors: [
        { path: '/items', message: 'items of the RoleList in document 1 is {"name":"a"}, expected an array of Kubernetes objects', line: 3 },
        { path: '/items', message: 'items of the List in document 2 is missing', line: 5 },
      ],
    },
    {
      name: 'a null item in a List inside a List',
      yaml: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: List\n    items:\n      - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n      -\n',
      errors: [{ path: '/items/0/items/1', message: 'item 1 of the List at /items/0 in document 1 is null', line: 8 }],
    },
  ],
});

import * as jsyaml from 'js-yaml';

/**
 * YAML 1.2 core types plus `<<` merge keys: what Kubernetes' YAML reader accepts. No timestamp type, so an
 * unquoted date stays the string Kubernetes sees, and parsed objects stay plain JSON values. The merge type is
 * implicit (resolved from a plain `<<` key, as js-yaml's default schema does): as an explicit type it would
 * apply only to keys tagged `!!merge`, and `<<` would stay a literal key.
 */
export const MANIFEST_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge] });

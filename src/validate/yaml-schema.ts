import * as jsyaml from 'js-yaml';

/**
 * YAML 1.2 core types plus `<<` merge keys: what Kubernetes' YAML reader accepts. No timestamp type, so an
 * unquoted date stays the string Kubernetes sees, and parsed objects stay plain JSON values.
 */
export const MANIFEST_SCHEMA = jsyaml.CORE_SCHEMA.extend([(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge]);

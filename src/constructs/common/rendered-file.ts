import { Construct } from 'constructs';

import { RENDERED_FILE_PATH as PATH, RESERVED_TOP_FOLDER as RESERVED } from '../../lib/rendered-file-paths';

export interface RenderedFileProps {
  /**
   * Path under dist/<env>/, at least one folder deep (`gslb/shipshape.example.com.zone`); never inside a stage
   * folder, flux/, ORDER or manifest.json.
   */
  readonly path: string;
  /** Exact file content (deterministic: no timestamps, sorted where order is not meaningful). */
  readonly content: string;
  /** What the file is, for manifest.json's `artifacts` (e.g. `powerdns-zone-fragment`). */
  readonly type: string;
  /**
   * One line saying what consumes the file.
   * @default - none
   */
  readonly description?: string;
}

/**
 * A file rendered next to an environment's manifests that is not a Kubernetes object (a DNS zone fragment, a
 * PowerDNS API payload, a plain alertmanager.yaml). It is written to dist/<env>/<path>, listed in manifest.json
 * (`files` and `artifacts`), never part of a stage's kustomization, and `plimsoll validate` skips it.
 */
export class RenderedFile extends Construct {
  public readonly path: string;
  public readonly content: string;
  public readonly type: string;
  public readonly description?: string;

  constructor(scope: Construct, id: string, props: RenderedFileProps) {
    super(scope, id);
    if (!PATH.test(props.path) || props.path.split('/').some((s) => s === '..' || s === '.')) {
      throw new Error(`rendered file path "${props.path}" must be a relative path at least one folder deep with lower-case names (e.g. gslb/zone.db)`);
    }
    const top = props.path.split('/')[0];
    if (RESERVED.test(top))
      throw new Error(`rendered file path "${props.path}" is inside ${top}/, which belongs to the stage manifests; choose another folder`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(props.type)) throw new Error(`rendered file ${props.path}: type must be kebab-case, got "${props.type}"`);
    this.path = props.path;
    this.content = props.content;
    this.type = props.type;
    this.description = props.description;
  }
}

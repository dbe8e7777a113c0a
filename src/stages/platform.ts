/**
 * One cdk8s App per environment with one Chart per stage: systems place each construct in the chart of the
 * stage it belongs to. Names are explicit, so resource-name hashes are off.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/generated/environment';
import { STAGES, type Stage, type StageId } from './stages';
import type { ImagesLock } from '../config/images-lock';
import type { ResolvedPolicy } from '../validate/policy';
import type { WaiverSet } from '../check/waiver-set';
import { RenderedFile } from '../constructs/common/rendered-file';
import { InputError, SystemSettingError } from '../lib/errors';

/** What synth resolves once for an environment and hands every system: systems read no files. */
export interface PlatformInputs {
  /** The images lock, already mirrored by digest to airGapRegistry where there is one. */
  readonly images: ImagesLock;
  /** The environment's peer production clusters (sre.peers), loaded: what cross-cluster records need. */
  readonly peers: ReadonlyArray<Readonly<Environment>>;
  /** The policy synth validates with (`synth --policy`, else policies/platform.yaml). */
  readonly policy: ResolvedPolicy;
  /** The waivers synth applies, and the file they come from (absolute). */
  readonly waivers: WaiverSet;
  readonly waiversFile: string;
  /** The internal registry every image is mirrored to, for an air-gapped environment (handbook §7). */
  readonly airGapRegistry?: string;
}

export class Platform {
  public readonly app: App;
  /** The only source of image references for constructs: mirrored by digest for an air-gapped environment. */
  public readonly images: ImagesLock;
  public readonly peers: ReadonlyArray<Readonly<Environment>>;
  public readonly policy: ResolvedPolicy;
  public readonly waivers: WaiverSet;
  public readonly waiversFile: string;
  public readonly airGapRegistry?: string;
  /** Scope of files rendered next to the manifests (RenderedFile), outside every stage. */
  public readonly artifacts: Construct;
  private readonly charts = new Map<StageId, Chart>();
  /** Which system added each top-level construct of a stage (by construct path): whom a synth error is about. */
  private readonly owners = new Map<string, string>();

  constructor(
    public readonly env: Readonly<Environment>,
    inputs: PlatformInputs,
  ) {
    ({
      images: this.images,
      peers: this.peers,
      policy: this.policy,
      waivers: this.waivers,
      waiversFile: this.waiversFile,
      airGapRegistry: this.airGapRegistry,
    } = inputs);
    // outdir is never written: render() serialises charts itself (deterministic YAML, atomic swap).
    this.app = new App({ outdir: '/nonexistent-plimsoll-outdir' });
    for (const stage of STAGES) {
      this.charts.set(stage.id, new Chart(this.app, stage.id, { disableResourceNameHashes: true }));
    }
    this.artifacts = new Construct(this.app, 'artifacts');
  }

  /** The chart every construct of `stage` is created in. */
  public stage(stage: StageId): Chart {
    return this.charts.get(stage)!;
  }

  /**
   * The objects the systems added so far, in `stages` (default: all), in canonical stage order: what a later system
   * may look at (the admission guard enforces the namespaces before it; an app must not take another's names).
   */
  public objects(stages: readonly StageId[] = STAGES.map((s) => s.id)): ApiObject[] {
    return stages.flatMap((id) =>
      this.charts
        .get(id)!
        .node.findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject),
    );
  }

  /** Records `system` as the owner of every construct added to a stage since the last claim (the registry calls it). */
  public claim(system: string): void {
    for (const chart of this.charts.values()) {
      for (const child of chart.node.children) if (!this.owners.has(child.node.path)) this.owners.set(child.node.path, system);
    }
  }

  /**
   * Stages in canonical order with their synthesized objects (resolved JSON). A construct that fails only now (a
   * validation, a value resolved late) is reported like one that failed while it was added: one line naming the
   * environment, the system that added it and the object, not a stack trace.
   */
  public synthesize(): Array<{ stage: Stage; objects: Record<string, unknown>[] }> {
    return STAGES.map((stage) => {
      const chart = this.charts.get(stage.id)!;
      try {
        return { stage, objects: chart.toJson() as Record<string, unknown>[] };
      } catch (err) {
        if (!(err instanceof Error) || err instanceof InputError) throw err;
        throw this.synthError(chart, err);
      }
    });
  }

  private synthError(chart: Chart, err: Error): SystemSettingError {
    // cdk8s names the construct: "Failed serializing construct at path 'P' with name 'N': Error: …" for a value it
    // could not resolve, "[P] message" for a failed validation.
    const serializing = /^Failed serializing construct at path '([^']*)' with name '([^']*)': (?:\w*Error: )?([\s\S]*)$/.exec(err.message);
    const path = serializing?.[1] ?? /\[([^\]]+)\]/.exec(err.message)?.[1];
    // Owners are kept by top-level construct (`<stage>/<id>`; ids hold no '/'): the first two segments of the path.
    const owner = path ? this.owners.get(path.split('/').slice(0, 2).join('/')) : undefined;
    const object = path
      ? chart.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && (c.node.path === path || path.startsWith(`${c.node.path}/`)))
      : undefined;
    const what = object
      ? `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.name}`
      : path
        ? `construct ${path}`
        : `stage ${chart.node.id}`;
    const detail = (serializing?.[3] ?? err.message)
      .replace(/^Validation failed with the following errors:\s*/, '')
      .split(`[${path}] `)
      .join('');
    return new SystemSettingError(this.env.name, owner ?? 'unknown', `${what}: ${detail}`);
  }

  /** Every RenderedFile in the app, by path. */
  public renderedFiles(): RenderedFile[] {
    return this.app.node
      .findAll()
      .filter((c): c is RenderedFile => c instanceof RenderedFile)
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}

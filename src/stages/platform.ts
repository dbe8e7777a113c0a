/**
 * One cdk8s App per environment with one Chart per stage: systems place each construct in the chart of the
 * stage it belongs to. Names are explicit, so resource-name hashes are off.
 */
import { App, Chart } from 'cdk8s';
import type { Environment } from '../config/generated/environment';
import { STAGES, type Stage, type StageId } from './stages';
import { loadImagesLock, type ImagesLock } from '../config/images-lock';

export class Platform {
  public readonly app: App;
  private readonly charts = new Map<StageId, Chart>();

  constructor(
    public readonly env: Readonly<Environment>,
    /** The only source of image references for constructs. */
    public readonly images: ImagesLock = loadImagesLock(),
  ) {
    // outdir is never written: render() serialises charts itself (deterministic YAML, atomic swap).
    this.app = new App({ outdir: '/nonexistent-plimsoll-outdir' });
    for (const stage of STAGES) {
      this.charts.set(stage.id, new Chart(this.app, stage.id, { disableResourceNameHashes: true }));
    }
  }

  /** The chart every construct of `stage` is created in. */
  public stage(stage: StageId): Chart {
    return this.charts.get(stage)!;
  }

  /** Stages in canonical order with their synthesized objects (resolved JSON). */
  public synthesize(): Array<{ stage: Stage; objects: Record<string, unknown>[] }> {
    return STAGES.map((stage) => ({ stage, objects: this.charts.get(stage.id)!.toJson() as Record<string, unknown>[] }));
  }
}

/**
 * `plimsoll gate release`: what the runbook's release metadata, immutable image, doc link and deployment order
 * scripts checked, run on the project in the current folder.
 */
import { resolve } from 'node:path';
import type { Report } from '../../check/types';
import { runGate } from '../run';
import type { GateCheck } from '../types';
import { ReleaseContext } from './context';
import changelog from './changelog';
import versionConstant from './version-constant';
import tag from './tag';
import imagePins from './image-pins';
import ownImages from './own-images';
import docLinks from './doc-links';
import orderDrift from './order-drift';

export const RELEASE_CHECKS: ReadonlyArray<GateCheck<ReleaseContext>> = [changelog, versionConstant, tag, imagePins, ownImages, docLinks, orderDrift];

/** @param root the project checkout (default: the current folder). */
export function releaseGate(root = process.cwd()): Report {
  return runGate(RELEASE_CHECKS, new ReleaseContext(resolve(root)));
}

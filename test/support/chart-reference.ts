import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';

/**
 * vCluster chart v0.21.6's values.yaml (its defaults) and values.schema.json (generated from the syncer's config
 * types), the references the tests hold the library to. They are read from `../shared/vcluster-0.21.6` beside the
 * repository, or from VCLUSTER_CHART_REFERENCE_DIR; without them the tests fail, never skip.
 */
export interface ChartReference {
  readonly values: Record<string, any>;
  readonly schema: Record<string, unknown>;
}

let cached: ChartReference | undefined;

export function chartReference(): ChartReference {
  if (!cached) {
    const dir = process.env.VCLUSTER_CHART_REFERENCE_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'vcluster-0.21.6');
    const files = { values: join(dir, 'values.yaml'), schema: join(dir, 'values.schema.json') };
    if (!existsSync(files.values) || !existsSync(files.schema)) {
      throw new Error(`vCluster chart v0.21.6's values.yaml and values.schema.json are needed in ${dir}: put them there `
        + '(../shared/vcluster-0.21.6 beside the repository) or set VCLUSTER_CHART_REFERENCE_DIR to their directory');
    }
    cached = { values: parse(readFileSync(files.values, 'utf-8')), schema: JSON.parse(readFileSync(files.schema, 'utf-8')) };
  }
  return cached;
}

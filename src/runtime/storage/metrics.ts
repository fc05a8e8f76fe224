import type * as Prom from 'prom-client';
import { loadOptional } from '../optional';
import type { Store } from './store';

/**
 * The Prometheus metrics of `vck storage`, on a registry of its own: Node's process and runtime metrics
 * (prom-client's defaults), request latency, group commit sizes, and the store's size, revisions and watches.
 */
export class StorageMetrics {
  public readonly registry: Prom.Registry;
  /** Latency of each etcd API request, by method and gRPC code. */
  public readonly latency: Prom.Histogram<'method' | 'code'>;
  /** Writes per group commit. */
  public readonly batchSize: Prom.Histogram;

  public constructor() {
    const prom = loadOptional<typeof Prom>('prom-client', 'vck storage');
    this.registry = new prom.Registry();
    prom.collectDefaultMetrics({ register: this.registry });
    this.latency = new prom.Histogram({
      name: 'vck_storage_request_duration_seconds',
      help: 'etcd API request latency by method',
      labelNames: ['method', 'code'],
      registers: [this.registry],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.batchSize = new prom.Histogram({
      name: 'vck_storage_commit_batch_size',
      help: 'writes per group commit',
      registers: [this.registry],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    });
  }

  /** Adds the gauges read from the store at each scrape. */
  public observe(store: Store): void {
    const prom = loadOptional<typeof Prom>('prom-client', 'vck storage');
    const { log, hub } = store;
    const registers = [this.registry];
    new prom.Gauge({ name: 'vck_storage_db_size_bytes', help: 'database size', registers, async collect() { this.set(await log.sizeBytes()); } });
    new prom.Gauge({ name: 'vck_storage_revision', help: 'current revision', registers, collect() { this.set(log.currentRevision()); } });
    new prom.Gauge({ name: 'vck_storage_compact_revision', help: 'compacted revision', registers, collect() { this.set(log.compactRevision()); } });
    new prom.Gauge({ name: 'vck_storage_watchers', help: 'active watches', registers, collect() { this.set(hub.size); } });
  }

  /** The exposition, for the status server's `/metrics`. */
  public async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

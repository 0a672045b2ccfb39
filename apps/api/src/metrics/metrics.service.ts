import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ProjectionEngineService } from '../projections/projection-engine.service';

const STATUSES = ['starting', 'standby', 'catching-up', 'live', 'rebuilding', 'failed', 'stopped'] as const;

/** Prometheus metrics: process defaults, command outcomes, and each projection's position, lag and status. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'crm_commands_total',
    help: 'Command requests answered, by command and HTTP status',
    labelNames: ['command', 'status'] as const,
    registers: [this.registry],
  });

  private readonly position = new Gauge({ name: 'crm_projection_position', help: 'Global position the projection has committed', labelNames: ['projection'], registers: [this.registry] });
  private readonly lagEvents = new Gauge({ name: 'crm_projection_lag_events', help: 'Events between the projection and the head of the log', labelNames: ['projection'], registers: [this.registry] });
  private readonly lagMs = new Gauge({ name: 'crm_projection_lag_ms', help: 'How far behind the log the projection is, in ms', labelNames: ['projection'], registers: [this.registry] });
  private readonly status = new Gauge({ name: 'crm_projection_status', help: "1 for the projection's current status", labelNames: ['projection', 'status'], registers: [this.registry] });

  constructor(private readonly engine: ProjectionEngineService) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text, with the projections' figures read at scrape time so they are never stale. */
  async scrape(): Promise<string> {
    for (const s of await this.engine.statuses()) {
      if (s.position !== null) this.position.set({ projection: s.name }, Number(s.position));
      if (s.lagEvents !== null) this.lagEvents.set({ projection: s.name }, s.lagEvents);
      this.lagMs.set({ projection: s.name }, s.lagMs);
      for (const value of STATUSES) this.status.set({ projection: s.name, status: value }, s.status === value ? 1 : 0);
    }
    return this.registry.metrics();
  }
}

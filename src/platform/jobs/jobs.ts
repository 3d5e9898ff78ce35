// Periodic jobs that run on every instance but execute on one at a time: each run first takes a
// lease row in job_locks, so several app instances on one PostgreSQL never double-run a job.
import { hostname } from 'node:os';
import type { AppContext } from '../context.js';
import { newId } from '../db/ids.js';

export interface Job {
  name: string;
  everyMs: number;
  /** How long a run may hold the lease before another instance may take over. */
  leaseMs?: number;
  run(ctx: AppContext): Promise<void>;
}

const holder = `${hostname()}:${process.pid}:${newId()}`;

/** Takes the lease for `name` if it is free or expired; true when this instance holds it. */
export async function acquireLease(ctx: AppContext, name: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const nowIso = now.toISOString();
  const result = await ctx.db
    .insertInto('job_locks')
    .values({ name, locked_until: until, holder })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ locked_until: until, holder })
        .where((eb) => eb.or([eb('job_locks.locked_until', '<', nowIso), eb('job_locks.holder', '=', holder)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releaseLease(ctx: AppContext, name: string): Promise<void> {
  await ctx.db
    .updateTable('job_locks')
    .set({ locked_until: new Date(0).toISOString() })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

/** Runs one job once under its lease; returns false when another instance holds it. */
export async function runJobOnce(ctx: AppContext, job: Job): Promise<boolean> {
  if (!(await acquireLease(ctx, job.name, job.leaseMs ?? 60_000))) return false;
  try {
    await job.run(ctx);
  } finally {
    await releaseLease(ctx, job.name);
  }
  return true;
}

export interface JobRunner {
  /** Runs a job now (e.g. the mail sender right after a commit) instead of waiting for its timer. */
  kick(name: string): void;
  stop(): Promise<void>;
}

export function startJobs(ctx: AppContext, jobs: readonly Job[]): JobRunner {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const run = runJobOnce(ctx, job)
      .then(() => undefined)
      .catch((error: unknown) => ctx.logger.error({ job: job.name, err: error }, 'job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };

  for (const job of jobs) {
    const timer = setInterval(() => tick(job), job.everyMs);
    timer.unref();
    timers.set(job.name, timer);
    setImmediate(() => tick(job));
  }

  return {
    kick(name) {
      const job = jobs.find((j) => j.name === name);
      if (job) setImmediate(() => tick(job));
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}

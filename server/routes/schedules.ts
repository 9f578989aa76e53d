// The Temporal Schedules that timer start events run on: what each starts, when next, and (admins)
// pause and resume. Deploying keeps them in line with the latest version (routes/deployments.ts).
import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { parseStartScheduleId, type StartSchedules } from '../engine/start-schedules';
import { NotFoundError, ServiceUnavailableError } from '../errors';
import { route } from '../http/route';

const IdParams = z.object({ id: z.string().min(1).max(500) });

function scheduler(deps: AppDeps): StartSchedules {
  if (!deps.schedules) throw new ServiceUnavailableError('this server runs no timer start schedules');
  return deps.schedules;
}

async function known<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (!parseStartScheduleId(id)) throw new NotFoundError(`no start schedule ${id}`);
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) throw new NotFoundError(`no start schedule ${id}`);
    throw e;
  }
}

export function scheduleRoutes(deps: AppDeps) {
  const pauseRoute = (paused: boolean) =>
    route({
      method: 'post',
      path: `/schedules/:id/${paused ? 'pause' : 'resume'}`,
      tag: 'schedules',
      summary: paused ? 'Pause a timer start schedule (no starts until resumed)' : 'Resume a paused timer start schedule',
      access: ['admin'],
      params: IdParams,
      responses: { 404: { description: 'no such schedule' } },
      async handler({ params, caller }) {
        const schedules = scheduler(deps);
        return { schedule: await known(params.id, async () => {
          await schedules.setPaused(params.id, paused, caller!.username);
          return schedules.describe(params.id);
        }) };
      },
    });
  return [
    route({
      method: 'get',
      path: '/schedules',
      tag: 'schedules',
      summary: 'Timer start schedules: the version each starts, its next start times, its recent starts',
      access: ['admin', 'official', 'auditor'],
      query: z.object({ processKey: z.string().max(200).optional() }),
      async handler({ query }) {
        return { schedules: await scheduler(deps).list(query.processKey) };
      },
    }),
    pauseRoute(true),
    pauseRoute(false),
  ];
}

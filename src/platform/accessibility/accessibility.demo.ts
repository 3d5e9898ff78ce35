import type { DemoSeedContext } from '../module.js';
import { insertReport } from './accessibility.repository.js';

/** One open report, so the demo's staff list shows what arrives from the statement page. */
export async function seedAccessibilityDemo(seed: DemoSeedContext): Promise<void> {
  const at = new Date(seed.now.getTime() - 2 * 86_400_000 + 10 * 3_600_000).toISOString();
  await insertReport(seed.ctx.db, {
    id: seed.demoId('accessibility-report:map-keyboard'),
    kommun_id: seed.kommunId,
    page_url: '/vallentuna/platser',
    description: 'Jag använder bara tangentbordet. På kartan över platser kommer jag inte åt markeringarna, men listan under kartan fungerar.',
    reply_email: null,
    status: 'open',
    created_at: at,
    handled_at: null,
    handled_by: null,
  });
}

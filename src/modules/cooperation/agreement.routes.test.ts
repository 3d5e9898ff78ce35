import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, type World } from '../../../test/security/world.js';
import { demoId } from '../../platform/demo.js';

const agreementId = demoId('coop:agreement:main');
const staffBase = '/vallentuna/admin/samverkan/overenskommelser';
const publicBase = '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna';

/** A real multipart post of the annex upload form, with the CSRF token as the first part. */
async function postAnnexUpload(client: TestClient, pageUrl: string, fields: Record<string, string>, file: { filename: string; data: Buffer; type: string } | null) {
  const page = await client.get(pageUrl);
  const form = new FormData();
  form.append('_csrf', csrfTokenFrom(page.body));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.filename);
  const response = await client.app.inject({ method: 'POST', url: pageUrl, headers: { cookie: client.jar.header() }, payload: form });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

const lockOf = (html: string) => /name="lockVersion" value="(\d+)"/.exec(html)?.[1] ?? '';
const idFrom = (location: unknown) => /overenskommelser\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? '';

describe.each(dialects)('agreement pages on %s', (dialect) => {
  let world: World;
  let coordinator: TestClient;

  beforeAll(async () => {
    world = await createWorld(dialect);
    coordinator = await world.as('vallentunaCoordinator');
  });
  afterAll(async () => world.t.close());

  it('shows the agreement in force, its public history and what changed between versions', async () => {
    const anonymous = world.anonymous();
    const list = await anonymous.get('/vallentuna/samverkansoverenskommelser');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('2025–2026');
    const page = await anonymous.get(publicBase);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Version 3');
    expect(page.body).toContain('Gällande');
    expect(page.body).toContain('Lokalpolisområde Täby');
    expect(page.body).toContain('kommundirektör');
    const versions = await anonymous.get(`${publicBase}/versioner`);
    expect(versions.body).toMatch(/Ersatt av en senare version[\s\S]*Ersatt av en senare version/);
    const v1 = await anonymous.get(`${publicBase}/versioner/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.body).toContain('Lokal lägesbild hösten 2016');
    expect(v1.body).toContain('href="/vallentuna/atgardsplaner/2017"');
    const compare = await anonymous.get(`${publicBase}/jamfor?fran=1&till=2`);
    expect(compare.statusCode).toBe(200);
    // The kernel's field table: the period's removed years struck through beside the added ones,
    // a changed meeting rhythm as one change, and unchanged fields folded away under it.
    expect(compare.body).toContain('10 av 14 fält har ändrats.');
    expect(compare.body).toMatch(/<th scope="row">Giltighetstid<\/th><td><div class="text-diff">1 januari <del><span class="ds-sr-only">borttaget: <\/span>2017<\/del>/);
    expect(compare.body).toMatch(/<th scope="row">Giltighetstid<\/th>.*?<\/td><td><div class="text-diff">1 januari <ins><span class="ds-sr-only">tillagt: <\/span>2019<\/ins>/);
    expect(compare.body).toContain('<del><span class="ds-sr-only">borttaget: </span>en gång i månaden</del>');
    expect(compare.body).toContain('<ins><span class="ds-sr-only">tillagt: </span>varannan vecka</ins>');
    expect(compare.body).toMatch(/<details class="field-diff__unchanged">[\s\S]*<th scope="row">Syfte<\/th>/);
    expect((await anonymous.get(`${publicBase}/jamfor?fran=abc&till=2`)).statusCode).toBe(200);
    expect((await anonymous.get(`${publicBase}/jamfor?fran=1&till=99`)).statusCode).toBe(404);
  });

  it('serves an annex document to everyone only once its version is public', async () => {
    const anonymous = world.anonymous();
    const v1 = await anonymous.get(`${publicBase}/versioner/1`);
    const fileHref = /href="(\/vallentuna\/filer\/[0-9a-f-]{36})"/.exec(v1.body)?.[1];
    expect(fileHref).toBeDefined();
    const file = await anonymous.get(fileHref!);
    expect(file.statusCode).toBe(200);
    expect(file.body.startsWith('%PDF-')).toBe(true);

    const created = await coordinator.submitForm(`${staffBase}/ny`, `${staffBase}/ny`, { title: 'Överenskommelse med bilaga', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    const annexPage = `${staffBase}/${id}/bilagor`;
    const before = await coordinator.get(annexPage);
    const uploaded = await postAnnexUpload(coordinator, annexPage, { kind: 'communication_plan', title: 'Kommunikationsplan 2027', lockVersion: lockOf(before.body) }, { filename: 'plan.txt', data: Buffer.from('Så berättar vi.\n'), type: 'text/plain' });
    expect(uploaded.statusCode).toBe(303);
    const after = await coordinator.get(annexPage);
    const draftFile = /href="(\/vallentuna\/filer\/[0-9a-f-]{36})"/.exec(after.body)?.[1];
    expect(draftFile).toBeDefined();
    expect((await coordinator.get(draftFile!)).statusCode).toBe(200);
    expect((await anonymous.get(draftFile!)).statusCode).toBe(404);

    const admin = await world.as('vallentunaAdmin');
    const staffPage = await admin.get(`${staffBase}/${id}`);
    const policeAreaId = demoId('org:lpo-taby');
    const form = await admin.get(`${staffBase}/${id}`);
    const saved = await admin.post(`${staffBase}/${id}`, {
      _csrf: csrfTokenFrom(form.body),
      lockVersion: lockOf(staffPage.body),
      title: 'Överenskommelse med bilaga',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      policeAreaId,
      'annexes.0.kind': 'communication_plan',
      'annexes.0.title': 'Kommunikationsplan 2027',
      'annexes.0.fileId': /name="annexes\.0\.fileId" value="([^"]+)"/.exec(form.body)![1]!,
    });
    expect(saved.statusCode).toBe(303);
    const draft = await admin.get(`${staffBase}/${id}`);
    const decided = await admin.submitForm(`${staffBase}/${id}`, `${staffBase}/${id}/besluta`, { lockVersion: /action="[^"]*besluta"[\s\S]*?name="lockVersion" value="(\d+)"/.exec(draft.body)![1]!, decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-01' });
    expect(decided.statusCode).toBe(303);
    expect((await anonymous.get(draftFile!)).statusCode).toBe(200);
  });

  it('keeps what was typed when the period ends before it starts (422)', async () => {
    const response = await coordinator.submitForm(`${staffBase}/ny`, `${staffBase}/ny`, {
      title: 'Bakvänd överenskommelse',
      periodStart: '2027-12-31',
      periodEnd: '2027-01-01',
      'groups.0.name': 'Styrgrupp',
      'groups.0.members': 'kommundirektör',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Perioden kan inte sluta innan den börjar');
    expect(response.body).toContain('value="Bakvänd överenskommelse"');
    expect(response.body).toContain('value="kommundirektör"');
    expect(response.body).toContain('href="#field-periodEnd"');
  });

  it('shows a conflict page that keeps what the person typed and the saved version', async () => {
    const created = await coordinator.submitForm(`${staffBase}/ny`, `${staffBase}/ny`, { title: 'Konfliktöverenskommelse', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    const id = idFrom(created.headers.location);
    const page = await coordinator.get(`${staffBase}/${id}`);
    const lock = lockOf(page.body);
    const token = csrfTokenFrom(page.body);
    const base = { _csrf: token, lockVersion: lock, periodStart: '2027-01-01', periodEnd: '2027-12-31' };
    expect((await coordinator.post(`${staffBase}/${id}`, { ...base, title: 'Först sparad titel' })).statusCode).toBe(303);
    const second = await coordinator.post(`${staffBase}/${id}`, { ...base, title: 'Min egen titel' });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Någon annan har sparat under tiden');
    expect(second.body).toContain('value="Min egen titel"');
    expect(second.body).toContain('Först sparad titel');
  });

  it('refuses to save a decided version with a clear message', async () => {
    const page = await coordinator.get(`${staffBase}/${agreementId}`);
    expect(page.body).toContain('kan inte ändras');
    const response = await coordinator.post(`${staffBase}/${agreementId}`, { _csrf: csrfTokenFrom(page.body), lockVersion: '1', title: 'Ändrad i efterhand', periodStart: '2025-01-01', periodEnd: '2026-12-31' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Den här versionen är beslutad och kan inte ändras');
  });

  it('hides Vallentuna’s staff agreement pages from a Täby coordinator, who cannot post either', async () => {
    const taby = await world.as('tabyCoordinator');
    for (const path of [staffBase, `${staffBase}/ny`, `${staffBase}/${agreementId}`, `${staffBase}/${agreementId}/bilagor`]) {
      expect((await taby.get(path)).statusCode, path).toBe(404);
    }
    const own = await taby.get('/taby/');
    const token = csrfTokenFrom(own.body);
    const attempts = [
      [`${staffBase}/ny`, { title: 'Intrång', periodStart: '2027-01-01', periodEnd: '2027-12-31' }],
      [`${staffBase}/${agreementId}/ny-version`, {}],
      [`${staffBase}/${agreementId}/avsluta`, { lockVersion: '1' }],
    ] as const;
    for (const [url, fields] of attempts) {
      expect((await taby.post(url, { _csrf: token, ...fields })).statusCode, url).toBe(404);
    }
    const versions = await world.t.ctx.db.selectFrom('coop_agreement_versions').select('status').where('agreement_id', '=', agreementId).execute();
    expect(versions.map((v) => v.status).sort()).toEqual(['in_force', 'superseded', 'superseded']);
  });
});

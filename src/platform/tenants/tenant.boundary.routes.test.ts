import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBoundarySource } from '../demo.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { forgetCachedKommuner } from '../http/kernel.plugin.js';
import { locatePointInKommun } from './index.js';

const settingsFields = {
  name: 'Vallentuna kommun',
  primaryColour: '#005a8c',
  logoAlt: '',
  contactEmail: 'trygghet@vallentuna.example',
  contactPhone: '08-587 850 00',
  contactAddress: 'Tuna torg 1, 186 86 Vallentuna',
  contactWebsite: '',
  languages: 'sv',
  requireTotpForRoles: '',
  a11yLastReviewed: '2026-11-01',
  a11yKnownIssuesSv: '',
  a11yKnownIssuesEn: '',
};

// A small made-up outline around Vallentuna's centre.
const centreOutline = {
  type: 'Feature',
  properties: { name: 'test' },
  geometry: { type: 'Polygon', coordinates: [[[18.0, 59.5], [18.15, 59.5], [18.15, 59.56], [18.0, 59.56], [18.0, 59.5]]] },
};

const kulturhuset = { lat: 59.53452, lon: 18.08051 };
const stockholm = { lat: 59.3293, lon: 18.0686 };

describe.each(dialects)('a kommun boundary (%s)', (dialect) => {
  let t: TestApp;
  let kommunId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    kommunId = (await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  const admin = async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    return client;
  };

  it('comes with the demo, labelled approximate under the maps, and fits the places map', async () => {
    expect(await locatePointInKommun(t.ctx, kommunId, kulturhuset)).toBe('inside');
    expect(await locatePointInKommun(t.ctx, kommunId, stockholm)).toBe('outside');
    const page = await t.app.inject('/vallentuna/platser');
    expect(page.body).toContain('data-boundary-url="/api/v1/vallentuna/boundary.geojson"');
    expect(page.body).toMatch(/data-boundary-bounds="17\.9,59\.43,18\.3,59\.65"/);
    expect(page.body).toContain(`Kommungränsen på kartan: ${demoBoundarySource}.`);
    const geojson = await t.app.inject('/api/v1/vallentuna/boundary.geojson');
    expect(geojson.statusCode).toBe(200);
    expect(geojson.headers['content-type']).toContain('application/geo+json');
    expect(geojson.json()).toMatchObject({ type: 'Feature', properties: { source: demoBoundarySource }, geometry: { type: 'Polygon' } });
  });

  it('shows the stored boundary on the settings page with its size and source', async () => {
    const client = await admin();
    const page = await client.get('/vallentuna/admin/installningar');
    expect(page.body).toContain('En gräns med 16 punkter är sparad.');
    expect(page.body).toContain('data-map-id="boundary-map"');
    expect(page.body).toContain(`value="${demoBoundarySource}"`);
  });

  it('refuses an open ring with 422, keeps the pasted text and the stored boundary', async () => {
    const client = await admin();
    const open = JSON.stringify({ type: 'Polygon', coordinates: [[[18, 59.5], [18.1, 59.5], [18.1, 59.6], [18, 59.6]]] });
    const response = await client.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar', { ...settingsFields, boundary: open, boundarySource: 'x' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('En ring i gränsen är inte sluten');
    expect(response.body).toContain('href="#field-boundary"');
    expect(response.body).toContain('[[[18,59.5],[18.1,59.5]');
    expect(await locatePointInKommun(t.ctx, kommunId, { lat: 59.62, lon: 18.1 })).toBe('inside');
  });

  it('replaces the boundary with a pasted one, audits the change by summary, and serves it', async () => {
    const client = await admin();
    const response = await client.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar', {
      ...settingsFields,
      boundary: JSON.stringify(centreOutline),
      boundarySource: 'testgräns',
    });
    expect(response.statusCode).toBe(303);
    forgetCachedKommuner();
    expect(await locatePointInKommun(t.ctx, kommunId, kulturhuset)).toBe('inside');
    expect(await locatePointInKommun(t.ctx, kommunId, { lat: 59.62, lon: 18.1 })).toBe('outside');
    const page = await t.app.inject('/vallentuna/platser');
    expect(page.body).toContain('data-boundary-bounds="18,59.5,18.15,59.56"');
    expect(page.body).toContain('Kommungränsen på kartan: testgräns.');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'tenants.boundary_changed').orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json ?? '{}')).toEqual({ boundary: { source: 'testgräns', bounds: { minLon: 18, minLat: 59.5, maxLon: 18.15, maxLat: 59.56 }, positions: 5 } });
    expect(audit.before_json).toContain(demoBoundarySource);
  });

  it('takes an uploaded GeoJSON file (a MultiPolygon) over pasted text', async () => {
    const client = await admin();
    const token = csrfTokenFrom((await client.get('/vallentuna/admin/installningar')).body);
    const file = JSON.stringify({
      type: 'MultiPolygon',
      coordinates: [[[[18.0, 59.5], [18.05, 59.5], [18.05, 59.55], [18.0, 59.55], [18.0, 59.5]]], [[[18.07, 59.52], [18.1, 59.52], [18.1, 59.54], [18.07, 59.54], [18.07, 59.52]]]],
    });
    const boundary = '----samtryggtest';
    // The CSRF token travels as the first part of the body, never in the URL.
    const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`)];
    for (const [name, value] of Object.entries({ ...settingsFields, boundary: 'ignored because a file is given', boundarySource: 'fil' })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="boundaryFile"; filename="grans.geojson"\r\nContent-Type: application/geo+json\r\n\r\n${file}\r\n--${boundary}--\r\n`));
    const response = await t.app.inject({
      method: 'POST',
      url: '/vallentuna/admin/installningar',
      headers: { cookie: client.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    expect(response.statusCode).toBe(303);
    expect(await locatePointInKommun(t.ctx, kommunId, kulturhuset)).toBe('inside');
    expect(await locatePointInKommun(t.ctx, kommunId, { lat: 59.53, lon: 18.06 })).toBe('outside');
  });

  it('keeps the boundary when the JSON API does not mention it, and removes it when asked', async () => {
    const client = await admin();
    const token = csrfTokenFrom((await client.get('/vallentuna/admin/installningar')).body);
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/vallentuna/settings', headers: { cookie: client.jar.header(), 'x-csrf-token': token, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const fields = { ...settingsFields, languages: ['sv', 'en'], requireTotpForRoles: [] };
    expect((await put(fields)).statusCode).toBe(200);
    expect(await locatePointInKommun(t.ctx, kommunId, kulturhuset)).toBe('inside');
    const bad = await put({ ...fields, boundary: { type: 'Polygon', coordinates: [[[59.5, 18], [59.6, 18], [59.6, 95], [59.5, 18]]] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields).toEqual({ boundary: expect.objectContaining({ code: 'tenants.boundary.outOfRange' }) });
    expect((await put({ ...fields, removeBoundary: true })).statusCode).toBe(200);
    expect(await locatePointInKommun(t.ctx, kommunId, kulturhuset)).toBe('unknown');
    forgetCachedKommuner();
    expect((await t.app.inject('/api/v1/vallentuna/boundary.geojson')).statusCode).toBe(404);
    const page = await t.app.inject('/vallentuna/platser');
    expect(page.body).not.toContain('data-boundary-url');
  });
});

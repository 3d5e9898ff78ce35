// Item 4: absolute links in mail come only from configuration, never from the Host header.
// Item 8: the proxy trust setting names hops or addresses, so a client cannot choose its own
// address for rate limits. Item 9: "go back to" parameters never lead off the site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { TestClient } from '../app.js';
import { dialects } from '../databases.js';
import { startSmtpServer, mailText, type TestSmtpServer } from '../smtp.js';
import { sendDueMail } from '../../src/platform/mail/mail.js';
import { createWorldWithMailbox } from './helpers.js';
import { createWorld, people, type World } from './world.js';

const productionBase = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };

describe('configuration of links and proxies', () => {
  it('refuses to start in production without PUBLIC_URL', () => {
    expect(() => loadConfig(productionBase)).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ ...productionBase, PUBLIC_URL: 'https://trygghet.example.se' }).publicUrl).toBe('https://trygghet.example.se');
  });

  it('uses the configured port on localhost outside production', () => {
    expect(loadConfig({ PORT: '4123' }).publicUrl).toBe('http://localhost:4123');
  });

  it('refuses TRUST_PROXY=true, which would let any client choose its address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.10' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });
});

describe.each(dialects)('links, proxies and redirects on %s', (dialect) => {
  let world: World;
  let smtp: TestSmtpServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ world, smtp, close } = await createWorldWithMailbox(dialect, { PUBLIC_URL: 'https://trygghet.example.se', TRUST_PROXY: '1' }));
  });
  afterAll(async () => close());

  async function resetLinkTextWithHostHeaders(w: World, mailbox: TestSmtpServer, email: string): Promise<string> {
    const client = new TestClient(w.t.app);
    const page = await client.get('/glomt-losenord');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const response = await w.t.app.inject({
      method: 'POST',
      url: '/glomt-losenord',
      headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded', host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      payload: new URLSearchParams({ email, _csrf: token }).toString(),
    });
    expect(response.statusCode).toBe(200);
    while ((await sendDueMail(w.t.ctx)) > 0);
    return mailbox.received.filter((m) => m.to.includes(email)).map((m) => mailText(m.raw)).join('\n');
  }

  it('builds the reset link from PUBLIC_URL whatever Host and X-Forwarded-Host say', async () => {
    const text = await resetLinkTextWithHostHeaders(world, smtp, people.vallentunaAdmin.email);
    expect(text).toContain('https://trygghet.example.se/aterstall/');
    expect(text).not.toContain('evil.example');
  });

  it('without PUBLIC_URL (development) links to localhost on the configured port, not to the Host header', async () => {
    const devSmtp = await startSmtpServer();
    const dev = await createWorld(dialect, { config: { SMTP_URL: devSmtp.url, PORT: '4321' } });
    try {
      const text = await resetLinkTextWithHostHeaders(dev, devSmtp, people.tabyAdmin.email);
      expect(text).toContain('http://localhost:4321/aterstall/');
      expect(text).not.toContain('evil.example');
    } finally {
      await dev.t.close();
      await devSmtp.close();
    }
  });

  it('takes the client address from the one trusted hop, so rotating X-Forwarded-For does not escape a limit', async () => {
    const client = new TestClient(world.t.app);
    let last = 0;
    for (let i = 0; i < 25; i += 1) {
      const page = await client.get('/glomt-losenord');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const response = await world.t.app.inject({
        method: 'POST',
        url: '/glomt-losenord',
        // The client writes whatever it likes on the left; our proxy appends the address it saw.
        headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
        payload: new URLSearchParams({ email: `nobody-${i}@example.org`, _csrf: token }).toString(),
      });
      last = response.statusCode;
      if (last === 429) break;
    }
    expect(last).toBe(429);
  });

  const offSite = ['/%09/evil.example/path', '/%5C/evil.example', '/\\evil.example', '//evil.example', '/%0d%0a/evil.example', 'https://evil.example/', '/%2F%2Fevil.example', '/\u0000/evil.example', '/ /evil.example/x', '/%E2%80%A8/evil.example'];

  it('never redirects off the site from a "tillbaka" parameter', async () => {
    const client = new TestClient(world.t.app);
    for (const payload of offSite) {
      const encoded = /%[0-9A-F]{2}/i.test(payload) ? payload : encodeURIComponent(payload);
      for (const url of [`/sprak?till=en&tillbaka=${encoded}`, `/visning?text=stor&tillbaka=${encoded}`]) {
        const response = await client.get(url);
        if (payload.includes('\u0000')) {
          // A NUL is refused by the kernel before any route: no redirect at all.
          expect(response.statusCode, url).toBe(400);
          expect(response.headers.location, url).toBeUndefined();
          continue;
        }
        expect(response.statusCode, url).toBe(303);
        const location = String(response.headers.location);
        expect(new URL(location, 'https://trygghet.example.se/').origin, `${url} → ${JSON.stringify(location)}`).toBe('https://trygghet.example.se');
        // eslint-disable-next-line no-control-regex -- a Location with control characters is the attack
        expect(location, url).not.toMatch(/[\u0000-\u001f\u007f\\]/);
      }
    }
    const fresh = new TestClient(world.t.app);
    const response = await fresh.submitForm('/logga-in', '/logga-in', { email: people.vallentunaAdmin.email, password: people.vallentunaAdmin.password, tillbaka: '/\t/evil.example/path' });
    expect(response.statusCode).toBe(303);
    expect(new URL(String(response.headers.location), 'https://trygghet.example.se/').origin).toBe('https://trygghet.example.se');
  });
});

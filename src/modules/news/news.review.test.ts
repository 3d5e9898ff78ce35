// Review by the other party, and the attacks on it. In the security world Vallentuna turns the
// setting on; the kommun's coordinator writes, Lokalpolisområde Täby (serving Vallentuna and
// Täby) reviews, and the reverse for the police's items. Then everyone who should not be able to
// tries: the kommun itself, Täby's coordinator and administrator, a partner's reporter, and the
// police of an area shared by Solna and Täby, which does not serve Vallentuna.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addPerson } from '../../../test/factories.js';
import { createWorld, ids, people, worldPassword, type Person, type World } from '../../../test/security/world.js';
import type { Actor } from '../../platform/auth/index.js';
import { findRolesInKommun } from '../../platform/auth/session.repository.js';
import { insertMembership } from '../../platform/auth/user.repository.js';
import { newId } from '../../platform/db/ids.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { linkPoliceArea } from '../../platform/tenants/tenant.repository.js';
import { requestReview, sendContentBack } from './news.review.service.js';
import { contentInputSchema } from './news.schemas.js';
import { createContent, setContentPublished } from './news.service.js';
import { idFromLocation, postMultipart } from './news.test-support.js';

const newForm = '/vallentuna/admin/nyheter/ny';
const solnaPolice = { email: 'polis@solna-polis.example', name: 'Polisen i Solna' };
const bothRoles = { email: 'bada@vallentuna.example', name: 'Samordnaren som också är polis' };

describe.each(dialects)('review by the other party on %s', (dialect) => {
  let world: World;
  let solnaPoliceId: string;
  let bothId: string;

  beforeAll(async () => {
    world = await createWorld(dialect);
    const db = world.t.ctx.db;
    // Lokalpolisområde Solna now serves Täby too: an area shared by several kommuner, not Vallentuna.
    await linkPoliceArea(db, ids.lpoSolna, ids.taby);
    solnaPoliceId = await addPerson(db, { ...solnaPolice, organisationId: ids.lpoSolna, role: 'police', password: worldPassword });
    // Someone who writes and publishes for the kommun and, as a police officer, for the police area.
    bothId = await addPerson(db, { ...bothRoles, organisationId: ids.vallentuna, role: 'coordinator', password: worldPassword });
    await insertMembership(db, { id: newId(), userId: bothId, organisationId: ids.lpoTaby, role: 'police', now: new Date().toISOString() });
  });
  afterAll(async () => world.t.close());

  const db = () => world.t.ctx.db;

  async function signedIn(email: string, password = worldPassword) {
    const client = new TestClient(world.t.app);
    await client.signIn(email, password);
    return client;
  }

  /** The actor the app would build for the person in the kommun (their roles there, from the database). */
  async function actorOf(userId: string, kommunId: string): Promise<Actor> {
    return { userId, name: userId, email: `${userId}@example.org`, isPlatformAdmin: false, kommunId, roles: await findRolesInKommun(db(), userId, kommunId), grants: world.t.ctx.registry.grants };
  }

  async function stored(id: string) {
    return db().selectFrom('content_items').select(['status', 'published_at', 'review_note', 'review_requested_by', 'title', 'publisher_organisation_id']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function auditOf(id: string) {
    return db().selectFrom('audit_log').select(['action', 'actor_user_id', 'after_json']).where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
  }

  async function setCrossReview(on: boolean) {
    const admin = await world.as('vallentunaAdmin');
    const saved = await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/news', on ? { requireCrossReview: 'on' } : {});
    expect(saved.statusCode).toBe(303);
  }

  /** A draft of the kommun, written by its coordinator through the editor. */
  async function kommunDraft(title: string): Promise<string> {
    const coordinator = await world.as('vallentunaCoordinator');
    const created = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title });
    expect(created.statusCode).toBe(303);
    return idFromLocation(created.headers.location);
  }

  async function overviewCount(client: TestClient, kommun: string): Promise<number | undefined> {
    const page = await client.get(`/${kommun}/admin`);
    const match = /data-overview="news.overviewAwaitingReview" data-count="(\d+)"/.exec(page.body);
    return match ? Number(match[1]) : undefined;
  }

  describe('while the kommun does not require review', () => {
    it('lets the kommun publish its own item directly, and has no review to ask for', async () => {
      const id = await kommunDraft('Direkt publicerad');
      const coordinator = await world.as('vallentunaCoordinator');
      const editor = await coordinator.get(`/vallentuna/admin/nyheter/${id}`);
      expect(editor.body).not.toContain('/begar-granskning');
      expect(await overviewCount(coordinator, 'vallentuna')).toBeUndefined();
      const published = await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {});
      expect(published.statusCode).toBe(303);
      expect((await stored(id)).status).toBe('published');
      expect((await auditOf(id)).map((a) => a.action)).toEqual(['news.content_created', 'news.content_published']);

      const draft = await kommunDraft('Ingen granskning behövs');
      await expect(requestReview(world.t.ctx, await actorOf(people.vallentunaCoordinator.id, ids.vallentuna), ids.vallentuna, draft)).rejects.toMatchObject({ messageKey: 'news.review.notRequired' });
      expect((await stored(draft)).status).toBe('draft');
    });
  });

  describe('once the kommun requires review', () => {
    beforeAll(async () => setCrossReview(true));

    it('shows the setting on the settings page and audits its change', async () => {
      const admin = await world.as('vallentunaAdmin');
      const page = await admin.get('/vallentuna/admin/installningar');
      expect(page.body).toContain('action="/vallentuna/admin/installningar/moduler/news"');
      expect(page.body).toMatch(/<input class="ds-input" type="checkbox" id="field-requireCrossReview" name="requireCrossReview" checked/);
      expect(page.body).toContain('Den andra parten granskar och publicerar');
      const audit = await db().selectFrom('audit_log').select(['actor_user_id', 'after_json', 'kommun_id']).where('action', '=', 'tenants.module_settings_changed').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_user_id).toBe(people.vallentunaAdmin.id);
      expect(audit[0]!.kommun_id).toBe(ids.vallentuna);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ module: 'news', settings: { requireCrossReview: true } });
    });

    it('refuses the kommun side publishing its own item, says why on the form and over the API, and stores nothing', async () => {
      const id = await kommunDraft('Kommunens egen nyhet');
      const before = { item: await stored(id), audit: await auditOf(id) };
      for (const person of ['vallentunaCoordinator', 'vallentunaAdmin'] as const) {
        const client = await world.as(person);
        const editor = await client.get(`/vallentuna/admin/nyheter/${id}`);
        // The page offers the request instead of publishing, and states the rule.
        expect(editor.body).not.toContain(`/vallentuna/admin/nyheter/${id}/publicera`);
        expect(editor.body).toContain('Begär granskning av polisen');
        expect(editor.body).toContain('I den här kommunen granskar och publicerar polisen kommunens nyheter och sidor.');
        const refused = await client.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {});
        expect(refused.statusCode, person).toBe(409);
        expect(refused.body).toContain('Kommunen har bestämt att polisen granskar och publicerar kommunens nyheter och sidor.');
        expect(refused.body).toContain('role="alert"');
        const token = csrfTokenFrom(editor.body);
        const api = await world.t.app.inject({ method: 'POST', url: `/api/v1/vallentuna/content/${id}/publish`, headers: { cookie: client.jar.header(), 'x-csrf-token': token } });
        expect(api.statusCode).toBe(409);
        expect(api.json().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('polisen granskar') });
      }
      const coordinator = await actorOf(people.vallentunaCoordinator.id, ids.vallentuna);
      await expect(setContentPublished(world.t.ctx, coordinator, ids.vallentuna, id, true)).rejects.toBeInstanceOf(ConflictError);
      expect({ item: await stored(id), audit: await auditOf(id) }).toEqual(before);
    });

    it('lets the author ask, the police publish what they read, and audits each step with who did it', async () => {
      const id = await kommunDraft('Granskas av polisen');
      const coordinator = await world.as('vallentunaCoordinator');
      const police = await world.as('kommunpolis');
      const waitingBefore = await overviewCount(police, 'vallentuna');

      const asked = await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {});
      expect(asked.statusCode).toBe(303);
      expect(await stored(id)).toMatchObject({ status: 'in_review', review_requested_by: people.vallentunaCoordinator.id });
      expect((await coordinator.get('/vallentuna/admin/nyheter')).body).toMatch(/Granskas av polisen<\/a>[\s\S]*?Väntar på granskning av polisen/);
      // Asking twice changes nothing.
      expect((await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {})).statusCode).toBe(409);

      // The police see it waiting for them; the kommun, which reviews only the police's items, does not count it.
      expect(await overviewCount(police, 'vallentuna')).toBe((waitingBefore ?? 0) + 1);
      expect(await overviewCount(coordinator, 'vallentuna')).toBe(0);
      expect((await police.get('/vallentuna/admin/nyheter/granskning')).body).toContain(`href="/vallentuna/admin/nyheter/${id}"`);
      expect((await coordinator.get('/vallentuna/admin/nyheter/granskning')).body).not.toContain(`href="/vallentuna/admin/nyheter/${id}"`);

      const editor = await police.get(`/vallentuna/admin/nyheter/${id}`);
      expect(editor.body).toContain('Granskad – publicera');
      const version = /name="version" value="([^"]+)"/.exec(editor.body)![1]!;
      const published = await police.post(`/vallentuna/admin/nyheter/${id}/publicera`, { _csrf: csrfTokenFrom(editor.body), version });
      expect(published.statusCode).toBe(303);
      expect(await stored(id)).toMatchObject({ status: 'published', review_requested_by: null, publisher_organisation_id: ids.vallentuna });
      expect((await world.t.app.inject('/vallentuna/nyheter/granskas-av-polisen')).body).toContain('Publicerad av Vallentuna kommun');
      expect(await overviewCount(police, 'vallentuna')).toBe(waitingBefore ?? 0);

      const audit = await auditOf(id);
      expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
        ['news.content_created', people.vallentunaCoordinator.id],
        ['news.review_requested', people.vallentunaCoordinator.id],
        ['news.content_published_after_review', people.kommunpolis.id],
      ]);
      const log = await (await world.as('vallentunaAdmin')).get('/vallentuna/admin/logg?entityType=content');
      expect(log.body).toContain('Kommunpolisen granskade och publicerade nyheten «Granskas av polisen»');
    });

    it('lets the reviewer send an item back with a note the author sees, and refuses an empty note', async () => {
      const id = await kommunDraft('Behöver ändras');
      const coordinator = await world.as('vallentunaCoordinator');
      await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {});
      const police = await world.as('kommunpolis');
      const before = await stored(id);

      const empty = await police.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/skicka-tillbaka`, { reviewNote: '  ' });
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain('href="#field-reviewNote"');
      expect(await stored(id)).toEqual(before);

      const note = 'Skriv vilken tid vi är på plats.';
      const sent = await police.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/skicka-tillbaka`, { reviewNote: note });
      expect(sent.statusCode).toBe(303);
      expect(await stored(id)).toMatchObject({ status: 'draft', review_note: note, review_requested_by: null });
      const editor = await coordinator.get(`/vallentuna/admin/nyheter/${id}`);
      expect(editor.body).toContain('Granskarens kommentar');
      expect(editor.body).toContain(note);
      expect((await coordinator.get('/vallentuna/admin/nyheter')).body).toMatch(/Behöver ändras<\/a>[\s\S]*?Utkast – skickat tillbaka/);
      const returned = (await auditOf(id)).find((a) => a.action === 'news.review_returned');
      expect(returned?.actor_user_id).toBe(people.kommunpolis.id);
      expect(JSON.parse(returned!.after_json!)).toMatchObject({ reviewNote: note, status: 'draft' });

      // Asking again clears the note.
      await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {});
      expect(await stored(id)).toMatchObject({ status: 'in_review', review_note: '' });
    });

    it('has the police’s own items reviewed by the kommun, never by the police', async () => {
      const police = await world.as('kommunpolis');
      const created = await postMultipart(police, newForm, newForm, { kind: 'news', title: 'Polisens nyhet för granskning' });
      const id = idFromLocation(created.headers.location);
      expect((await stored(id)).publisher_organisation_id).toBe(ids.lpoTaby);
      const refused = await police.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Kommunen har bestämt att kommunen granskar och publicerar polisens nyheter och sidor.');

      expect((await police.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {})).statusCode).toBe(303);
      // The kommun's coordinator cannot ask for a review of the police's item, only publish it.
      const coordinator = await world.as('vallentunaCoordinator');
      expect(await overviewCount(coordinator, 'vallentuna')).toBe(1);
      expect((await police.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {})).statusCode).toBe(409);
      expect((await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {})).statusCode).toBe(303);
      expect((await stored(id)).status).toBe('published');
      expect((await world.t.app.inject('/vallentuna/nyheter/polisens-nyhet-for-granskning')).body).toContain('Publicerad av Polisen – Lokalpolisområde Täby');
    });

    it('does not let the person who asked for the review publish it, even with a role on the other side', async () => {
      const both = await signedIn(bothRoles.email);
      const created = await postMultipart(both, newForm, newForm, { kind: 'news', title: 'Egen begäran', publisherOrganisationId: ids.vallentuna });
      const id = idFromLocation(created.headers.location);
      expect((await both.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {})).statusCode).toBe(303);
      const editor = await both.get(`/vallentuna/admin/nyheter/${id}`);
      expect(editor.body).not.toContain('Granskad – publicera');
      const refused = await both.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Du begärde själv granskningen.');
      const actor = await actorOf(bothId, ids.vallentuna);
      await expect(sendContentBack(world.t.ctx, actor, ids.vallentuna, id, { reviewNote: 'Själv' })).rejects.toMatchObject({ messageKey: 'news.review.notOwnRequest' });
      expect((await stored(id)).status).toBe('in_review');
    });

    it('refuses to publish a text changed since the reviewer opened it', async () => {
      const id = await kommunDraft('Ändras under granskningen');
      const coordinator = await world.as('vallentunaCoordinator');
      await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {});
      const police = await world.as('kommunpolis');
      const opened = await police.get(`/vallentuna/admin/nyheter/${id}`);
      const version = /name="version" value="([^"]+)"/.exec(opened.body)![1]!;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await postMultipart(coordinator, `/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}`, { title: 'Ändras under granskningen, med nytt löfte' });
      const refused = await police.post(`/vallentuna/admin/nyheter/${id}/publicera`, { _csrf: csrfTokenFrom(opened.body), version });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Texten har ändrats sedan du öppnade den.');
      expect((await stored(id)).status).toBe('in_review');
    });

    describe('attacks on a Vallentuna item waiting for the police’s review', () => {
      let id: string;

      beforeAll(async () => {
        id = await kommunDraft('Väntar på Täbypolisen');
        const coordinator = await world.as('vallentunaCoordinator');
        await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/begar-granskning`, {});
      });

      async function everythingAbout() {
        return { item: await stored(id), audit: await auditOf(id) };
      }

      /**
       * Every door a reviewer would use, through the pages and the API of `kommun`, with the
       * session's valid CSRF token (from the account page, which every signed-in person has).
       */
      async function tryEveryDoor(client: TestClient, kommun: string) {
        const csrf = csrfTokenFrom((await client.get('/konto')).body);
        const form = (path: string, fields: Record<string, string> = {}) => client.post(`/${kommun}/admin/nyheter/${id}/${path}`, { _csrf: csrf, ...fields });
        const api = (path: string, payload?: Record<string, string>) =>
          world.t.app.inject({ method: 'POST', url: `/api/v1/${kommun}/content/${id}/${path}`, headers: { cookie: client.jar.header(), 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
        return {
          editor: (await client.get(`/${kommun}/admin/nyheter/${id}`)).statusCode,
          reviewList: (await client.get(`/${kommun}/admin/nyheter/granskning`)).statusCode,
          publish: (await form('publicera')).statusCode,
          sendBack: (await form('skicka-tillbaka', { reviewNote: 'Nej' })).statusCode,
          requestReview: (await form('begar-granskning')).statusCode,
          apiPublish: (await api('publish')).statusCode,
          apiSendBack: (await api('send-back', { reviewNote: 'Nej' })).statusCode,
          apiRequestReview: (await api('request-review')).statusCode,
        };
      }
      const allNotFound = { editor: 404, reviewList: 404, publish: 404, sendBack: 404, requestReview: 404, apiPublish: 404, apiSendBack: 404, apiRequestReview: 404 };

      it('answers 404 to Täby’s coordinator and administrator, in Vallentuna and in Täby, and changes nothing', async () => {
        const before = await everythingAbout();
        for (const person of ['tabyCoordinator', 'tabyAdmin'] as const satisfies readonly Person[]) {
          const client = await world.as(person);
          expect(await tryEveryDoor(client, 'vallentuna'), `${person} in Vallentuna`).toEqual(allNotFound);
          // In Täby the coordinator's review list exists (and is empty): only the item's doors are closed.
          const inTaby = await tryEveryDoor(client, 'taby');
          expect(inTaby, `${person} in Täby`).toEqual({ ...allNotFound, reviewList: 200 });
        }
        expect(await everythingAbout()).toEqual(before);
      });

      it('answers 404 to a partner organisation’s reporter in Vallentuna, and changes nothing', async () => {
        const before = await everythingAbout();
        const partner = await world.as('partnerReporter');
        expect(await tryEveryDoor(partner, 'vallentuna')).toEqual(allNotFound);
        expect(await everythingAbout()).toEqual(before);
      });

      it('answers 404 to the police of an area serving Solna and Täby but not Vallentuna, and changes nothing', async () => {
        const before = await everythingAbout();
        const police = await signedIn(solnaPolice.email);
        expect(await tryEveryDoor(police, 'vallentuna')).toEqual(allNotFound);
        for (const kommun of ['taby', 'solna']) {
          // Where the area does serve, the review list is theirs; the Vallentuna item is nowhere.
          expect(await tryEveryDoor(police, kommun), kommun).toEqual({ ...allNotFound, reviewList: 200 });
          expect((await police.get(`/${kommun}/admin/nyheter/granskning`)).body).not.toContain(id);
        }
        expect(await everythingAbout()).toEqual(before);
      });

      it('answers 404 to the kommunpolis, who does serve Vallentuna, through Täby’s addresses', async () => {
        const before = await everythingAbout();
        const police = await world.as('kommunpolis');
        expect(await tryEveryDoor(police, 'taby')).toEqual({ ...allNotFound, reviewList: 200 });
        expect(await everythingAbout()).toEqual(before);
      });

      it('refuses the same people through the services, whatever kommun they name', async () => {
        const before = await everythingAbout();
        const ctx = world.t.ctx;
        const attempts: [string, Actor, string, new (...args: never[]) => Error][] = [
          ['Täby coordinator naming Vallentuna', await actorOf(people.tabyCoordinator.id, ids.taby), ids.vallentuna, NotFoundError],
          ['Täby coordinator in Täby', await actorOf(people.tabyCoordinator.id, ids.taby), ids.taby, NotFoundError],
          ['Täby administrator in Täby', await actorOf(people.tabyAdmin.id, ids.taby), ids.taby, NotFoundError],
          ['Solna police in Täby', await actorOf(solnaPoliceId, ids.taby), ids.taby, NotFoundError],
          ['Solna police naming Vallentuna', await actorOf(solnaPoliceId, ids.solna), ids.vallentuna, NotFoundError],
          ['partner reporter in Vallentuna', await actorOf(people.partnerReporter.id, ids.vallentuna), ids.vallentuna, ForbiddenError],
          ['kommun coordinator, same party', await actorOf(people.vallentunaCoordinator.id, ids.vallentuna), ids.vallentuna, ConflictError],
        ];
        for (const [who, actor, kommunId, refusal] of attempts) {
          await expect(setContentPublished(ctx, actor, kommunId, id, true), who).rejects.toBeInstanceOf(refusal);
          await expect(sendContentBack(ctx, actor, kommunId, id, { reviewNote: 'Nej' }), who).rejects.toBeInstanceOf(refusal === ForbiddenError || refusal === NotFoundError ? refusal : ConflictError);
        }
        // An actor put together by hand, claiming a police role of an area that does not serve
        // Vallentuna: the SQL behind the review rule does not take its word for it.
        const forged: Actor = { ...(await actorOf(solnaPoliceId, ids.taby)), kommunId: ids.vallentuna };
        await expect(setContentPublished(ctx, forged, ids.vallentuna, id, true)).rejects.toBeInstanceOf(ConflictError);
        await expect(sendContentBack(ctx, forged, ids.vallentuna, id, { reviewNote: 'Nej' })).rejects.toBeInstanceOf(ConflictError);
        await expect(createContent(ctx, forged, ids.vallentuna, contentInputSchema.parse({ title: 'Förfalskad' }))).rejects.toBeInstanceOf(ValidationError);
        expect(await everythingAbout()).toEqual(before);
      });

      it('is published by the police area that serves Vallentuna, in the end', async () => {
        const police = await world.as('kommunpolis');
        const editor = await police.get(`/vallentuna/admin/nyheter/${id}`);
        const version = /name="version" value="([^"]+)"/.exec(editor.body)![1]!;
        expect((await police.post(`/vallentuna/admin/nyheter/${id}/publicera`, { _csrf: csrfTokenFrom(editor.body), version })).statusCode).toBe(303);
        expect((await stored(id)).status).toBe('published');
      });
    });
  });
});

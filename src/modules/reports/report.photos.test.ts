// Photos on a report, through the real multipart form on both databases: checked by their bytes,
// stripped of metadata, a GPS position offered only with consent, kept between the summary and
// the send without JavaScript, private until staff publish them; staff blur and crop them, the
// original kept privately for the retention time; another kommun's staff reach none of it.
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { Actor } from '../../platform/auth/index.js';
import { newId } from '../../platform/db/ids.js';
import { seedDemo } from '../../platform/demo.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { consumeRateLimit } from '../../platform/http/rate-limit.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { insertOrganisation } from '../../platform/tenants/tenant.repository.js';
import { moderateReport } from './report.moderation.service.js';
import { gpsPositionOfExif } from './report.photos.exif.js';
import { blurPhoto, cropPhoto, deleteExpiredOriginals, hidePhoto, isHeicContainer, listReportPhotos, photoDraftLimit, publishPhoto } from './report.photos.js';
import { countRows, hiddenFieldsOf, postForm, postMultipartForm, referenceOf, reportThroughForms, reviewThroughForms, solvePowOf } from './report.test-support.js';

const uploadMaxBytes = 300_000;
const day = 86_400_000;

/** A phone photo: EXIF with a camera owner and the GPS position where it was taken. */
async function phonePhoto(lat: [number, number, number], lon: [number, number, number], colour = { r: 40, g: 90, b: 160 }): Promise<Buffer> {
  const rational = (v: [number, number, number]) => `${v[0]}/1 ${v[1]}/1 ${v[2]}/1`;
  return sharp({ create: { width: 96, height: 64, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Hemlig Person', Artist: 'Hemlig Person' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: rational(lat), GPSLongitudeRef: 'E', GPSLongitude: rational(lon) },
    })
    .toBuffer();
}

/** A photo with detail in it, so that a blur visibly changes pixels. */
async function detailedPng(): Promise<Buffer> {
  const width = 80;
  const height = 60;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i += 1) {
    const on = (Math.floor(i / width) + (i % width)) % 2 === 0;
    pixels.fill(on ? 255 : 0, i * 3, i * 3 + 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

// Inside Vallentuna (59°32′ N, 18°04′ E), and Göteborg, far outside.
const inside: [[number, number, number], [number, number, number]] = [
  [59, 32, 6],
  [18, 4, 30],
];
const outside: [[number, number, number], [number, number, number]] = [
  [57, 42, 0],
  [11, 58, 0],
];

describe.each(dialects)('photos on a report on %s', (dialect) => {
  let t: TestApp;
  let kommun: Kommun;
  let coordinator: Actor;
  let places: Record<string, string>;
  let otherKommun: Kommun;

  beforeAll(async () => {
    // A small upload limit keeps the oversize test cheap; every other photo here is far below it.
    t = await createTestApp(dialect, { demo: false, config: { UPLOAD_MAX_BYTES: String(uploadMaxBytes) } });
    const seed = await seedDemo(t.ctx);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    places = seed.places;
    const otherId = newId();
    await insertOrganisation(t.ctx.db, { id: otherId, kind: 'kommun', slug: 'grannby', name: 'Grannby', kommunId: null, partnerType: null, settings: {}, now: new Date().toISOString() });
    otherKommun = (await findKommunById(t.ctx.db, otherId))!;
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  const base = () => ({ category: 'belysning', placeId: places.ekebyparken, when: ['night'], description: 'Lampan vid bryggan är trasig.', 'answer.lamps': 'one' });

  async function filesOf(ownerType: string) {
    return t.ctx.db.selectFrom('files').select(['id', 'owner_id', 'delete_after', 'data', 'content_type', 'filename']).where('owner_type', '=', ownerType).execute();
  }

  async function reportRow(reference: string) {
    return t.ctx.db.selectFrom('reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  }

  it('reads the GPS position of a phone photo’s EXIF, and nothing from a broken one', async () => {
    const exif = (await sharp(await phonePhoto(...inside)).metadata()).exif;
    const point = gpsPositionOfExif(exif)!;
    expect(point.lat).toBeCloseTo(59 + 32 / 60 + 6 / 3600, 6);
    expect(point.lon).toBeCloseTo(18 + 4 / 60 + 30 / 3600, 6);
    expect(gpsPositionOfExif(undefined)).toBeNull();
    expect(gpsPositionOfExif(exif!.subarray(0, 40))).toBeNull();
    expect(gpsPositionOfExif(Buffer.from('Exif\0\0MM\0*\xff\xff\xff\xff', 'latin1'))).toBeNull();
    const noGps = (await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).jpeg().withExif({ IFD0: { Artist: 'X' } }).toBuffer());
    expect(gpsPositionOfExif((await sharp(noGps).metadata()).exif)).toBeNull();
  });

  it('takes photos through the form, strips their metadata, and shows them only once staff publish them', async () => {
    const client = new TestClient(t.app);
    const jpeg = await phonePhoto(...inside);
    const png = await detailedPng();
    const { review, sent } = await reportThroughForms(client, 'vallentuna', base(), { photos: [{ filename: 'lampan.jpg', data: jpeg }, { filename: 'bryggan.png', data: png, type: 'image/png' }] });
    expect(review.body).toContain('lampan.jpg');
    // Without transparency a PNG is re-encoded as a JPEG.
    expect(review.body).toContain('bryggan.jpg');
    // The resident gave only a named place: the photo's position is offered, not taken.
    expect(review.body).toContain('Använda fotots position?');
    expect(review.body).not.toMatch(/name="usePhotoPosition" value="1" checked/);
    expect(sent.statusCode).toBe(303);
    const row = await reportRow(referenceOf(sent.headers.location));
    expect([row.lat, row.lon]).toEqual([59.5305, 18.0705]);

    const photos = await t.ctx.db.selectFrom('report_photos').selectAll().where('report_id', '=', row.id).orderBy('position').execute();
    expect(photos.map((p) => [p.state, p.position])).toEqual([
      ['pending', 0],
      ['pending', 1],
    ]);
    const files = await filesOf('reports.photo');
    const stored = files.filter((f) => photos.some((p) => p.file_id === f.id));
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((f) => f.owner_id))).toEqual(new Set(photos.map((p) => p.id)));
    for (const file of stored) {
      expect(file.delete_after).toBeNull();
      const metadata = await sharp(Buffer.from(file.data)).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(Buffer.from(file.data).includes(Buffer.from('Hemlig Person'))).toBe(false);
    }
    expect((await filesOf('reports.photo_pending')).filter((f) => stored.some((s) => s.id === f.id))).toHaveLength(0);

    const url = (fileId: string) => `/vallentuna/filer/${fileId}`;
    const anonymous = new TestClient(t.app);
    expect((await anonymous.get(url(photos[0]!.file_id))).statusCode).toBe(404);
    const staff = new TestClient(t.app);
    await staff.signIn('samordnare@vallentuna.example');
    expect((await staff.get(url(photos[0]!.file_id))).statusCode).toBe(200);

    // Published photo of an unpublished report: still hidden; both published: public.
    await publishPhoto(t.ctx, coordinator, kommun, photos[0]!.id);
    expect((await anonymous.get(url(photos[0]!.file_id))).statusCode).toBe(404);
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: 'Lampan vid bryggan är trasig.' });
    const served = await anonymous.get(url(photos[0]!.file_id));
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect((await anonymous.get(url(photos[1]!.file_id))).statusCode).toBe(404);
    const page = await anonymous.get(`/vallentuna/rapporter/${row.reference}`);
    expect(page.body).toContain(`src="${url(photos[0]!.file_id)}"`);
    expect(page.body).toContain('alt="Foto från rapporten"');
    expect(page.body).not.toContain(photos[1]!.file_id);
    // Not under another kommun's address.
    expect((await anonymous.get(`/grannby/filer/${photos[0]!.file_id}`)).statusCode).toBe(404);

    await hidePhoto(t.ctx, coordinator, kommun, photos[0]!.id);
    expect((await anonymous.get(url(photos[0]!.file_id))).statusCode).toBe(404);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', photos[0]!.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.photo_published', 'reports.photo_hidden']);
  });

  it('uses the photo’s position only when the resident ticks the box, and offers none from outside the kommun', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', base(), { photos: [{ filename: 'plats.jpg', data: await phonePhoto(...inside) }], send: { usePhotoPosition: '1' } });
    const row = await reportRow(referenceOf(sent.headers.location));
    expect(row.lat).toBeCloseTo(59 + 32 / 60 + 6 / 3600, 5);
    expect(row.lon).toBeCloseTo(18 + 4 / 60 + 30 / 3600, 5);
    expect(row.place_id).toBe(places.ekebyparken);

    const far = await reviewThroughForms(new TestClient(t.app), 'vallentuna', base(), [{ filename: 'resa.jpg', data: await phonePhoto(...outside) }]);
    expect(far.review.statusCode).toBe(200);
    expect(far.review.body).not.toContain('Använda fotots position?');
    // Coordinates of their own: nothing is offered.
    const own = await reviewThroughForms(new TestClient(t.app), 'vallentuna', { ...base(), placeId: undefined, lat: '59.5343', lon: '18.0766' }, [{ filename: 'plats.jpg', data: await phonePhoto(...inside) }]);
    expect(own.review.body).not.toContain('Använda fotots position?');
  });

  it('refuses a fake image by its bytes, naming the accepted types, keeping the values and storing nothing', async () => {
    const before = await countRows(t.ctx.db);
    const client = new TestClient(t.app);
    const fake = await reviewThroughForms(client, 'vallentuna', base(), [{ filename: 'semester.jpg', data: Buffer.from('Det här är inte en bild, bara text.\n') }]);
    expect(fake.review.statusCode).toBe(422);
    expect(fake.review.body).toContain('Använd JPEG, PNG eller WebP');
    expect(fake.review.body).toContain('Lampan vid bryggan är trasig.');
    expect(fake.review.body).toContain('Steg 2 av 3');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('refuses an iPhone’s HEIC photo, known by its bytes, saying in Swedish and English how to send it as JPEG', async () => {
    // This sharp decodes HEIF only with AV1 inside (sharp.format.heif; it cannot encode HEVC
    // either), so an iPhone photo cannot be read here. The file is only the head of one: the
    // `ftyp` box an iPhone writes (major brand heic, minor version 0, compatible mif1 and heic),
    // then zeros where the HEVC-coded image would be. A real photo takes the same path, as
    // sharp fails on it the same way.
    expect(sharp.format.heif.input.fileSuffix).not.toContain('.heic');
    const iphoneHead = Buffer.from('00000018' + '66747970' + '68656963' + '00000000' + '6d696631' + '68656963', 'hex');
    expect(iphoneHead.toString('latin1')).toBe('\0\0\0\x18ftypheic\0\0\0\0mif1heic');
    const heic = Buffer.concat([iphoneHead, Buffer.alloc(64)]);
    const before = await countRows(t.ctx.db);

    const swedish = await reviewThroughForms(new TestClient(t.app), 'vallentuna', base(), [{ filename: 'IMG_0001.jpg', data: heic, type: 'image/jpeg' }]);
    expect(swedish.review.statusCode).toBe(422);
    expect(swedish.review.body).toContain('Fotot är i formatet HEIC, som iPhone sparar foton i');
    expect(swedish.review.body).toContain('Inställningar › Kamera › Format › Mest kompatibel');
    expect(swedish.review.body).toContain('Lampan vid bryggan är trasig.');
    expect(swedish.review.body).toContain('Steg 2 av 3');

    const client = new TestClient(t.app);
    await client.get('/sprak?till=en&tillbaka=%2F');
    const english = await reviewThroughForms(client, 'vallentuna', base(), [{ filename: 'IMG_0001.HEIC', data: heic, type: 'image/heic' }]);
    expect(english.review.statusCode).toBe(422);
    expect(english.review.body).toContain('The photo is in HEIC, the format iPhones save photos in');
    expect(english.review.body).toContain('Settings › Camera › Formats › Most Compatible');
    expect(english.review.body).toContain('choose the photo from the photo library');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('knows HEIC by the brands of the ftyp box, and AVIF, MP4 or JPEG not for HEIC', async () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const box = Buffer.from(`\0\0\0\0ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1');
      box.writeUInt32BE(box.length, 0);
      return Buffer.concat([box, Buffer.alloc(32)]);
    };
    expect(isHeicContainer(ftyp('heic', 'mif1', 'heic'))).toBe(true);
    expect(isHeicContainer(ftyp('mif1', 'heic'))).toBe(true);
    expect(isHeicContainer(ftyp('heix', 'mif1'))).toBe(true);
    expect(isHeicContainer(ftyp('hevc', 'msf1'))).toBe(true);
    expect(isHeicContainer(ftyp('mif1', 'miaf'))).toBe(true);
    expect(isHeicContainer(ftyp('avif', 'mif1', 'miaf'))).toBe(false);
    expect(isHeicContainer(ftyp('mif1', 'avif'))).toBe(false);
    expect(isHeicContainer(ftyp('isom', 'iso2', 'mp41'))).toBe(false);
    // "heic" as the minor version (a number, not a brand) does not count.
    expect(isHeicContainer(Buffer.concat([Buffer.from('\0\0\0\x14ftypisomheicmp41', 'latin1'), Buffer.alloc(32)]))).toBe(false);
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).avif().toBuffer();
    expect(isHeicContainer(avif)).toBe(false);
    expect(isHeicContainer(await phonePhoto(...inside))).toBe(false);
  });

  it('accepts a HEIF photo this server can decode (AV1 inside, made here) and stores it as a JPEG', async () => {
    const avif = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 30, g: 30, b: 60 } } })
      .avif()
      .toBuffer();
    expect((await sharp(avif).metadata()).format).toBe('heif');
    const { review } = await reviewThroughForms(new TestClient(t.app), 'vallentuna', base(), [{ filename: 'kvall.avif', data: avif, type: 'image/avif' }]);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('kvall.jpg');
    const stored = (await filesOf('reports.photo_pending')).find((file) => file.filename === 'kvall.jpg');
    expect(stored?.content_type).toBe('image/jpeg');
    expect((await sharp(Buffer.from(stored!.data)).metadata()).format).toBe('jpeg');
  });

  it('refuses an oversized photo with what was typed kept, and a fourth photo', async () => {
    const before = await countRows(t.ctx.db);
    const client = new TestClient(t.app);
    const big = Buffer.concat([await phonePhoto(...inside), Buffer.alloc(uploadMaxBytes + 10, 1)]);
    const { review } = await reviewThroughForms(client, 'vallentuna', { ...base(), description: 'Texten som ska finnas kvar.' }, [{ filename: 'stor.jpg', data: big }]);
    expect(review.statusCode).toBe(413);
    expect(review.body).toContain('Steg 2 av 3');
    expect(review.body).toContain('Texten som ska finnas kvar.');
    expect(review.body).toContain('Ett foto är för stort');
    expect(await countRows(t.ctx.db)).toEqual(before);

    const photo = { filename: 'a.jpg', data: await phonePhoto(...inside) };
    const four = await reviewThroughForms(client, 'vallentuna', base(), [photo, photo, photo, photo]);
    expect(four.review.statusCode).toBe(422);
    expect(four.review.body).toContain('Du kan skicka högst 3 foton');
    expect(four.review.body.match(/name="removePhoto"/g)).toHaveLength(3);
  });

  it('keeps no more draft photos from one sender than the hourly limit allows', async () => {
    for (let i = 0; i < photoDraftLimit.max; i += 1) await consumeRateLimit(t.ctx, photoDraftLimit, '127.0.0.1');
    const before = await countRows(t.ctx.db);
    const { review } = await reviewThroughForms(new TestClient(t.app), 'vallentuna', base(), [{ filename: 'en-till.jpg', data: await phonePhoto(...inside) }]);
    expect(review.statusCode).toBe(422);
    expect(review.body).toContain('Det har skickats många foton härifrån');
    expect(review.body).toContain('Lampan vid bryggan är trasig.');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('keeps the photos through “Change”, removes a ticked one, and never hands over another draft’s photos', async () => {
    const client = new TestClient(t.app);
    const jpeg = await phonePhoto(...inside);
    const { review } = await reviewThroughForms(client, 'vallentuna', base(), [
      { filename: 'forsta.jpg', data: jpeg },
      { filename: 'andra.jpg', data: jpeg },
    ]);
    expect(review.statusCode).toBe(200);
    const carried = hiddenFieldsOf(review.body, '/vallentuna/rapportera');
    const pending = await filesOf('reports.photo_pending');
    const draftFiles = pending.filter((f) => f.owner_id === carried.photoDraft);
    expect(draftFiles).toHaveLength(2);
    // Provisional: the files clean-up deletes them after a day unless the report takes them.
    for (const file of draftFiles) expect(Date.parse(file.delete_after!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await new TestClient(t.app).get(`/vallentuna/filer/${draftFiles[0]!.id}`)).statusCode).toBe(404);

    const change = await postForm(client, '/vallentuna/rapportera/andra', carried);
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('Ta bort forsta.jpg');
    expect(change.body).toContain('Ta bort andra.jpg');
    const first = draftFiles.find((f) => f.filename === 'forsta.jpg')!;
    const again = hiddenFieldsOf(change.body, '/vallentuna/rapportera/granska');
    // The typed values are step 2's visible fields; the page carries the rest in hidden ones.
    const { altcha: _altcha, ...typed } = carried;
    const second = await postMultipartForm(client, '/vallentuna/rapportera/granska', { ...typed, ...again, removePhoto: first.id });
    expect(second.statusCode).toBe(200);
    expect(second.body).not.toContain('forsta.jpg');
    expect(second.body).toContain('andra.jpg');
    expect((await filesOf('reports.photo_pending')).some((f) => f.id === first.id)).toBe(false);

    // Someone else's draft id with a made-up signature: the report is sent, their photos stay theirs.
    const stranger = new TestClient(t.app);
    const theirs = await reviewThroughForms(stranger, 'vallentuna', base());
    const fields = { ...hiddenFieldsOf(theirs.review.body, '/vallentuna/rapportera'), photoDraft: String(carried.photoDraft), photoDraftSig: 'x'.repeat(43), altcha: solvePowOf(theirs.review.body) };
    const sent = await postForm(stranger, '/vallentuna/rapportera', fields);
    expect(sent.statusCode).toBe(303);
    const row = await reportRow(referenceOf(sent.headers.location));
    expect(await t.ctx.db.selectFrom('report_photos').select('id').where('report_id', '=', row.id).execute()).toHaveLength(0);
    expect((await filesOf('reports.photo_pending')).filter((f) => f.owner_id === carried.photoDraft)).toHaveLength(1);
  });

  it('blurs and crops a photo for staff, keeps the original private, and deletes it after the retention time', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', base(), { photos: [{ filename: 'ansikte.png', data: await detailedPng(), type: 'image/png' }] });
    const row = await reportRow(referenceOf(sent.headers.location));
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: 'Publicerad.' });
    const [photo] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    await publishPhoto(t.ctx, coordinator, kommun, photo!.id);
    const originalId = photo!.file_id;
    const pixelsOf = async (fileId: string) => {
      const file = await t.ctx.db.selectFrom('files').select('data').where('id', '=', fileId).executeTakeFirstOrThrow();
      return sharp(Buffer.from(file.data)).raw().toBuffer({ resolveWithObject: true });
    };

    const editedAt = new Date();
    await blurPhoto(t.ctx, coordinator, kommun, photo!.id, { left: 0, top: 0, width: 0.5, height: 0.5 }, editedAt);
    const [blurred] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    expect(blurred!.original_file_id).toBe(originalId);
    expect(blurred!.file_id).not.toBe(originalId);
    const before = await pixelsOf(originalId);
    const after = await pixelsOf(blurred!.file_id);
    expect(after.info.width).toBe(before.info.width);
    const pixel = (image: typeof before, x: number, y: number) => image.data[(y * image.info.width + x) * image.info.channels]!;
    // Inside the area the checkerboard is gone (near grey); outside it is as it was.
    expect(Math.abs(pixel(after, 10, 10) - 128)).toBeLessThan(60);
    expect(Math.abs(pixel(before, 10, 10) - 128)).toBeGreaterThan(100);
    expect(Math.abs(pixel(after, 70, 50) - pixel(before, 70, 50))).toBeLessThan(60);

    const anonymous = new TestClient(t.app);
    expect((await anonymous.get(`/vallentuna/filer/${blurred!.file_id}`)).statusCode).toBe(200);
    expect((await anonymous.get(`/vallentuna/filer/${originalId}`)).statusCode).toBe(404);
    const staff = new TestClient(t.app);
    await staff.signIn('samordnare@vallentuna.example');
    expect((await staff.get(`/vallentuna/filer/${originalId}`)).statusCode).toBe(200);

    await cropPhoto(t.ctx, coordinator, kommun, photo!.id, { left: 0.25, top: 0.25, width: 0.5, height: 0.5 }, editedAt);
    const [cropped] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    expect(cropped!.original_file_id).toBe(originalId);
    expect((await pixelsOf(cropped!.file_id)).info.width).toBe(40);
    // The intermediate edit is gone; the original stays.
    expect(await t.ctx.db.selectFrom('files').select('id').where('id', '=', blurred!.file_id).executeTakeFirst()).toBeUndefined();
    await expect(cropPhoto(t.ctx, coordinator, kommun, photo!.id, { left: 0.9, top: 0, width: 0.5, height: 1 })).rejects.toBeInstanceOf(ValidationError);

    expect(await deleteExpiredOriginals(t.ctx, new Date(editedAt.getTime() + 29 * day))).toBe(0);
    expect(await deleteExpiredOriginals(t.ctx, new Date(editedAt.getTime() + 31 * day))).toBe(1);
    const [kept] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    expect(kept!.original_file_id).toBeNull();
    expect(await t.ctx.db.selectFrom('files').select('id').where('id', '=', originalId).executeTakeFirst()).toBeUndefined();
    expect((await anonymous.get(`/vallentuna/filer/${kept!.file_id}`)).statusCode).toBe(200);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', photo!.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.photo_published', 'reports.photo_blurred', 'reports.photo_cropped', 'reports.photo_original_deleted']);
  });

  it('lets nobody without moderation in the kommun publish, blur or read the photos', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', base(), { photos: [{ filename: 'a.jpg', data: await phonePhoto(...inside) }] });
    const row = await reportRow(referenceOf(sent.headers.location));
    const [photo] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    const neighbour: Actor = { ...coordinator, kommunId: otherKommun.id, roles: [{ role: 'coordinator', organisationId: otherKommun.id, organisationKind: 'kommun', organisationName: 'Grannby' }] };
    await expect(publishPhoto(t.ctx, neighbour, kommun, photo!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishPhoto(t.ctx, neighbour, otherKommun, photo!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blurPhoto(t.ctx, neighbour, otherKommun, photo!.id, null)).rejects.toBeInstanceOf(NotFoundError);
    expect(await listReportPhotos(t.ctx, neighbour, otherKommun, row.id)).toEqual([]);
    const volunteer: Actor = { ...coordinator, roles: [{ role: 'volunteer', organisationId: kommun.id, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }] };
    await expect(hidePhoto(t.ctx, volunteer, kommun, photo!.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await listReportPhotos(t.ctx, volunteer, kommun, row.id)).toEqual([]);
    const [unchanged] = await listReportPhotos(t.ctx, coordinator, kommun, row.id);
    expect(unchanged!.state).toBe('pending');
  });
});

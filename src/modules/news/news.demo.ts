// The news part of the Vallentuna demo: the December 2016 announcement of the cooperation with
// its main image and the plan attached under "Mer information", an "about" page with a lättläst
// version, and a few recent items so the site looks alive today, one of them published by the
// police area (the weekly drop-in is theirs). All text is our own wording.
import sharp from 'sharp';
import type { Actor } from '../../platform/auth/index.js';
import { prepareUpload } from '../../platform/files/file.service.js';
import type { DemoSeedContext } from '../../platform/module.js';
import { contentInputSchema } from './news.schemas.js';
import { createContent, setContentPublished } from './news.service.js';

/** A one-page PDF with plain text lines (Latin-1, which WinAnsi shares for å, ä, ö). */
export function simplePdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 20} Td (${escape(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function demoImage(): Promise<Buffer> {
  // A drawn street scene stands in for the original press photo.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
    <rect width="1200" height="675" fill="#dfe9f2"/>
    <rect y="470" width="1200" height="205" fill="#9aa5ad"/>
    <rect x="80" y="200" width="380" height="270" fill="#c9b79c"/><rect x="520" y="160" width="420" height="310" fill="#b8c4a8"/>
    <rect x="980" y="240" width="180" height="230" fill="#d8c6b0"/>
    <rect x="150" y="300" width="90" height="170" fill="#5b6770"/><rect x="640" y="320" width="120" height="150" fill="#5b6770"/>
    <circle cx="380" cy="430" r="28" fill="#003a70"/><rect x="356" y="455" width="48" height="90" rx="10" fill="#003a70"/>
    <circle cx="460" cy="435" r="26" fill="#e0a526"/><rect x="438" y="458" width="44" height="86" rx="10" fill="#e0a526"/>
    <circle cx="820" cy="440" r="24" fill="#7a3b2e"/><rect x="800" y="462" width="40" height="80" rx="10" fill="#7a3b2e"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

function seedActor(seed: DemoSeedContext): Actor {
  return {
    userId: seed.users.coordinator!,
    name: 'Trygghetssamordnaren',
    email: 'samordnare@vallentuna.example',
    isPlatformAdmin: false,
    kommunId: seed.kommunId,
    roles: [{ role: 'coordinator', organisationId: seed.kommunId, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }],
    grants: seed.ctx.registry.grants,
  };
}

/** The kommunpolis, who writes on behalf of the police area: what they publish is the police's. */
function policeActor(seed: DemoSeedContext): Actor {
  return {
    userId: seed.users.police!,
    name: 'Kommunpolisen',
    email: 'kommunpolis@taby-polis.example',
    isPlatformAdmin: false,
    kommunId: seed.kommunId,
    roles: [{ role: 'police', organisationId: seed.policeAreaId, organisationKind: 'lokalpolisomrade', organisationName: 'Lokalpolisområde Täby' }],
    grants: seed.ctx.registry.grants,
  };
}

const announcementBody = `Under 2017 förstärker kommunen och polisen sitt gemensamma arbete för att Vallentuna ska vara en trygg plats att bo och vistas i. Det finns nu en samarbetsplan med konkreta aktiviteter.

Sedan i höstas samarbetar kommunen och polisen tätt. Polisen finns bland annat i Kulturhuset varje vecka för att möta invånare. Genom trygghetsundersökningar och möten har vi lyssnat på vad ni som bor här tycker, och det har blivit en plan för hur vi arbetar under 2017.

## Det här ska vi göra

- Polisen ska synas mer på utvalda platser som upplevs som otrygga.
- Gatu- och vägbelysningen i kommunen ska bli bättre.
- Vi ska aktivt arbeta för att den ideella nattvandringen växer på platser som upplevs som otrygga.
- Skolorna ska bli tryggare genom förebyggande arbete mot mobbning och mer kunskap om föräldrastöd.
- Vi ska utreda möjligheten att starta sociala insatsgrupper.

De tre första punkterna är också polisens medborgarlöfte, som tagits fram tillsammans med kommunen.

Lokalpolisområdeschefen berättar att målet är att alla i Vallentuna ska kunna känna sig trygga, dygnet runt och i hela kommunen, och att invånarnas svar tillsammans med polisens egen erfarenhet visar var resurserna gör mest nytta. Kommunalrådet lyfter att planen bygger på samtal med invånarna och att tryggheten är viktig för alla som bor här.

## Prata trygghet med oss!

Vi vill träffa dig för att berätta mer om samarbetet, svara på frågor och höra vad du tycker. Kom till **Torggatan (gången vid Coop och Ica) onsdagen den 14 december klockan 15–18**. Där finns kommunpoliser, kommunens trygghetssamordnare, kommunalrådet och fler som gärna pratar trygghet med dig. Välkommen!

Hela samarbetsplanen finns under rubriken Mer information.`;

const announcementBodyEn = `During 2017 the municipality and the police are strengthening their joint work to make Vallentuna a safe place to live and spend time in. A cooperation plan with concrete activities is now in place.

Since the autumn the municipality and the police have worked closely together. Among other things, the police are at the Kulturhus every week to meet residents. Through safety surveys and meetings we have listened to what residents think, and this has become a plan for our work in 2017.

## What we will do

- The police will be more visible at selected places that feel unsafe.
- Street and road lighting in the municipality will be improved.
- We will actively work to grow volunteer night walking at places that feel unsafe.
- Schools will become safer through preventive work against bullying and more knowledge about parental support.
- We will investigate the possibility of starting social intervention groups.

The first three points are also the police's citizen promise, developed together with the municipality.

## Talk safety with us!

We would like to meet you to tell you more about the cooperation, answer questions and hear what you think. Come to **Torggatan (the passage by Coop and Ica) on Wednesday 14 December, 15:00–18:00**. Community police officers, the municipality's safety coordinator, the municipal commissioner and others will be there. Welcome!

The full cooperation plan is under the heading More information.`;

const announcementEasy = `Kommunen och polisen ska arbeta mer tillsammans under 2017.
Vi vill att alla i Vallentuna ska känna sig trygga.

Vi har frågat invånarna vad som känns otryggt.
Nu har vi en plan. Vi ska:

- visa mer polis på platser som känns otrygga
- göra gatorna ljusare med bättre belysning
- få fler vuxna att nattvandra
- arbeta mot mobbning i skolorna
- ta reda på om vi kan starta sociala insatsgrupper

Vill du prata med oss?
Kom till Torggatan, vid Coop och Ica.
Onsdag 14 december klockan 15 till 18.`;

const aboutBody = `Vallentuna kommun och lokalpolisområde Täby arbetar tillsammans för att göra Vallentuna tryggare. Arbetet följer ett tydligt mönster som upprepas varje år:

1. **Lyssna.** Trygghetsundersökningar, möten och polisens veckovisa träffar i Kulturhuset.
2. **Se.** En gemensam lägesbild över var och när det känns otryggt.
3. **Planera och lova.** En åtgärdsplan med konkreta aktiviteter, och ett medborgarlöfte om det viktigaste.
4. **Göra.** Synlig polis, bättre belysning, nattvandring och arbete i skolorna.
5. **Följa upp öppet.** Här på webbplatsen berättar vi vad som har gjorts och vad som återstår.

Du kan alltid kontakta kommunens trygghetssamordnare om du har frågor eller idéer.`;

const aboutEasy = `Kommunen och polisen vill att alla i Vallentuna ska känna sig trygga.

Vi frågar invånarna vad som känns otryggt.
Sedan bestämmer vi vad vi ska göra.
Vi berättar vad vi har lovat.
Vi berättar också vad vi har gjort.

Vill du prata med oss?
Polisen finns i Kulturhuset en gång i veckan.
Du kan också mejla kommunens trygghetssamordnare.`;

/** What the news demo created, for other modules' demos to link to (a plan's announcement, say). */
export interface NewsDemoIds {
  announcementId: string;
  aboutPageId: string;
  recentIds: readonly string[];
}

export async function seedNewsDemo(seed: DemoSeedContext): Promise<NewsDemoIds> {
  const { ctx, kommunId } = seed;
  const actor = seedActor(seed);
  const police = policeActor(seed);

  const image = await prepareUpload('image', { filename: 'samverkan.jpg', data: await demoImage() });
  const plan = await prepareUpload('document', {
    filename: 'samarbetsplan-2017.pdf',
    data: simplePdf([
      'Samarbetsplan för ett tryggare Vallentuna 2017',
      'Vallentuna kommun och lokalpolisområde Täby',
      '',
      '1. Synligare polis på utvalda platser som upplevs otrygga.',
      '2. Bättre gatu- och vägbelysning i kommunen.',
      '3. Fler ideella nattvandrare på platser som upplevs otrygga.',
      '4. Förebygga mobbning och sprida kunskap om föräldrastöd i skolorna.',
      '5. Utreda möjligheten att skapa sociala insatsgrupper.',
      '',
      'Punkterna 1-3 är polisens medborgarlöfte tillsammans med kommunen.',
      'Demodokument i Samtrygg.',
    ]),
  });

  const announcementId = seed.demoId('content:news-2016-12-12');
  await createContent(
    ctx,
    actor,
    kommunId,
    contentInputSchema.parse({
      kind: 'news',
      title: 'Kommunen och polisen arbetar tillsammans för ett tryggare Vallentuna',
      slug: 'kommunen-och-polisen-arbetar-tillsammans',
      summary: 'Under 2017 förstärker vi samarbetet med polisen. En plan med konkreta aktiviteter är klar – och onsdagen den 14 december kan du prata trygghet med oss på Torggatan.',
      body: announcementBody,
      easyBody: announcementEasy,
      titleEn: 'The municipality and the police work together for a safer Vallentuna',
      summaryEn: 'In 2017 we are strengthening our cooperation with the police. A plan with concrete activities is ready – and on Wednesday 14 December you can talk safety with us on Torggatan.',
      bodyEn: announcementBodyEn,
      imageAlt: 'Tecknad bild av en gata i centrum där två poliser i uniform samtalar med en invånare.',
      imageCredit: 'Polisen (demobild)',
    }),
    { image, attachments: [{ file: plan, title: 'Samarbetsplan för ett tryggare Vallentuna 2017 (PDF)' }] },
    { id: announcementId, now: new Date('2016-12-12T09:00:00.000Z') },
  );
  await setContentPublished(ctx, actor, kommunId, announcementId, true, { now: new Date('2016-12-12T09:00:00.000Z'), publishedAt: new Date('2016-12-08T10:00:00.000Z') });

  const aboutId = seed.demoId('content:page-om-samverkan');
  await createContent(
    ctx,
    actor,
    kommunId,
    contentInputSchema.parse({
      kind: 'page',
      title: 'Så arbetar vi för ett tryggare Vallentuna',
      slug: 'om-samverkan',
      summary: 'Kommunen och polisen lyssnar, planerar, lovar, gör och följer upp – öppet.',
      body: aboutBody,
      easyBody: aboutEasy,
      titleEn: 'How we work for a safer Vallentuna',
      summaryEn: 'The municipality and the police listen, plan, promise, act and follow up – in public.',
      bodyEn: 'Vallentuna municipality and the Täby local police area work together to make Vallentuna safer: we listen (safety surveys, meetings, weekly police drop-ins at the Kulturhus), build a shared picture of where and when people feel unsafe, agree a plan and a citizen promise, act, and report back here in public.',
    }),
    {},
    { id: aboutId, now: new Date('2016-12-12T09:00:00.000Z') },
  );
  await setContentPublished(ctx, actor, kommunId, aboutId, true, { now: new Date('2016-12-12T09:00:00.000Z') });

  // Recent items, dated relative to the demo's "today".
  const day = 86_400_000;
  const recent = [
    { key: 'kulturhuset', author: police, daysAgo: 3, title: 'Polisen i Kulturhuset varje onsdag', summary: 'Kommunpoliserna finns i Kulturhuset varje onsdag eftermiddag. Kom förbi och berätta vad du tycker om tryggheten där du bor.', body: 'Kommunpoliserna finns i **Kulturhuset varje onsdag klockan 15–17**. Du behöver inte boka tid.\n\nBerätta om platser som känns otrygga, fråga om polisens arbete eller tipsa om något vi borde titta på. Akuta ärenden går alltid till 112.' },
    { key: 'belysning', author: actor, daysAgo: 12, title: 'Ny belysning längs gångvägen vid sjön', summary: 'Gångvägen genom parken vid Vallentunasjön har fått ny belysning efter synpunkter i trygghetsundersökningen.', body: 'I trygghetsundersökningen nämnde många att gångvägen vid sjön känns mörk på kvällen. Nu har kommunen satt upp ny belysning längs hela sträckan.\n\nVi följer upp i nästa undersökning om det känns tryggare.' },
    { key: 'nattvandring', author: actor, daysAgo: 25, title: 'Fler vuxna behövs som nattvandrare', summary: 'Nattvandrarna i Vallentuna söker fler vuxna som vill gå en kväll i månaden på helgerna.', body: 'Nattvandring handlar om att vara en trygg vuxen ute på kvällen, i grupp och med gul väst. Du får en kort introduktion innan du börjar.\n\nIntresserad? Kontakta föreningen Nattvandrarna i Vallentuna via kommunens trygghetssamordnare.' },
  ];
  for (const item of recent) {
    const id = seed.demoId(`content:news-${item.key}`);
    const at = new Date(seed.now.getTime() - item.daysAgo * day + 9 * 3_600_000);
    await createContent(ctx, item.author, kommunId, contentInputSchema.parse({ kind: 'news', title: item.title, summary: item.summary, body: item.body }), {}, { id, now: at });
    await setContentPublished(ctx, item.author, kommunId, id, true, { now: at });
  }
  return { announcementId, aboutPageId: aboutId, recentIds: recent.map((item) => seed.demoId(`content:news-${item.key}`)) };
}

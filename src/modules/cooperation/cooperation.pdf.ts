// The plan and the löfte as PDF documents, the "Mer information" attachment residents and
// politicians download and pass on. Built from the same rows as the public pages (public readers
// only: no drafts, no internal entries) and kept per instance until the plan or löfte changes,
// because laying out a PDF costs far more than the data behind it.
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { formatDate, formatNumber, type Locale } from '../../platform/i18n/i18n.js';
import { renderPdf, type PdfBlock } from '../../platform/pdf/pdf.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { publicReader } from './cooperation.policy.js';
import { findActivitiesByIds, listActivitiesOfPlan, placesOfActivities, type ActivityRow, type PlanRow } from './plan.repository.js';
import type { PromiseVersionRow } from './promise.repository.js';
import { indicatorsOfActivities, valuesOfIndicators } from './indicator.repository.js';

type T = (key: string, params?: Record<string, string>) => string;
const day = (locale: Locale, date: string | null) => (date ? formatDate(locale, `${date}T12:00:00Z`) : '');

/** A stamp that changes whenever anything on the document may have changed. */
async function planStamp(db: Db, kommunId: string, planId: string): Promise<string> {
  const row = await db
    .selectFrom('coop_activities')
    .select((eb) => [eb.fn.max('updated_at').as('updated'), eb.fn.countAll().as('n'), eb.fn.sum('lock_version').as('locks')])
    .where('kommun_id', '=', kommunId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return `${String(row?.updated ?? '')}|${String(row?.n ?? 0)}|${String(row?.locks ?? 0)}`;
}

const cache = new Map<string, Buffer>();
async function cached(key: string, build: () => Promise<Buffer>): Promise<Buffer> {
  const hit = cache.get(key);
  if (hit) return hit;
  const pdf = await build();
  if (cache.size >= 200) cache.delete(cache.keys().next().value!);
  cache.set(key, pdf);
  return pdf;
}

function activityPairs(t: T, locale: Locale, a: ActivityRow, places: string[]): { key: string; value: string }[] {
  const pairs = [
    { key: t('cooperation.pdf.problem'), value: a.problem },
    { key: t('cooperation.pdf.cause'), value: a.cause },
    { key: t('cooperation.pdf.goal'), value: a.operationalGoal },
    { key: t('cooperation.pdf.when'), value: `${day(locale, a.startsOn)} – ${a.endsOn ? day(locale, a.endsOn) : t('cooperation.ongoing')}` },
    { key: t('cooperation.pdf.who'), value: [a.responsibleParty === 'partner' && a.responsibleOrganisationName ? a.responsibleOrganisationName : t(`cooperation.party.${a.responsibleParty}`), a.responsibleRole].filter(Boolean).join(', ') },
    { key: t('cooperation.pdf.followUp'), value: a.followUpMethod },
    { key: t('cooperation.pdf.places'), value: places.join(', ') },
    { key: t('cooperation.pdf.status'), value: `${t(`cooperation.status.${a.status}`)}, ${t('cooperation.progress', { n: String(a.progress) })}` },
    {
      key: t('cooperation.pdf.assessment'),
      value: a.assessment ? `${t(`cooperation.assessment.${a.assessment}`)} – ${t(`cooperation.assessment.${a.assessment}Meaning`)}${a.assessmentText ? `: ${a.assessmentText}` : ''}` : t('cooperation.assessment.none'),
    },
  ];
  return pairs.filter((p) => p.value.trim() !== '');
}

export async function planPdf(ctx: AppContext, kommun: Kommun, plan: PlanRow, locale: Locale): Promise<Buffer> {
  const key = `plan|${kommun.id}|${plan.id}|${plan.lockVersion}|${locale}|${await planStamp(ctx.db, kommun.id, plan.id)}`;
  return cached(key, async () => {
    const t = ctx.registry.messages.translator(locale);
    const reader = publicReader(kommun.id);
    const activities = await listActivitiesOfPlan(ctx.db, reader, plan.id);
    const places = await placesOfActivities(ctx.db, kommun.id, activities.map((a) => a.id));
    const indicators = await indicatorsOfActivities(ctx.db, kommun.id, activities.map((a) => a.id));
    const values = await valuesOfIndicators(ctx.db, reader, [...indicators.values()].flat().map((i) => i.id), 1);
    const blocks: PdfBlock[] = [
      { kind: 'heading', level: 1, text: plan.title },
      {
        kind: 'keyValue',
        pairs: [
          { key: t('cooperation.pdf.kommun'), value: kommun.name },
          { key: t('cooperation.pdf.period'), value: `${day(locale, plan.periodStart)} – ${day(locale, plan.periodEnd)}` },
          { key: t('cooperation.pdf.planStatus'), value: t(`cooperation.planStatus.${plan.status}`) },
          ...(plan.decidedOn ? [{ key: t('cooperation.pdf.decided'), value: `${plan.decidedByBody}, ${day(locale, plan.decidedOn)}` }] : []),
        ],
      },
      ...(plan.summaryMd ? [{ kind: 'paragraph' as const, text: plan.summaryMd.replace(/[*_#>`]/g, '') }] : []),
      {
        kind: 'table',
        caption: t('cooperation.pdf.overview'),
        columns: [t('cooperation.pdf.activity'), t('cooperation.pdf.who'), t('cooperation.pdf.status'), t('cooperation.pdf.assessment')],
        rows: activities.map((a) => [
          a.title,
          t(`cooperation.party.${a.responsibleParty}`),
          `${t(`cooperation.status.${a.status}`)}, ${a.progress} %`,
          a.assessment ? t(`cooperation.assessment.${a.assessment}`) : '–',
        ]),
      },
    ];
    for (const a of activities) {
      blocks.push({ kind: 'heading', level: 2, text: a.title });
      blocks.push({ kind: 'keyValue', pairs: activityPairs(t, locale, a, (places.get(a.id) ?? []).map((p) => p.name)) });
      const list = indicators.get(a.id) ?? [];
      if (list.length > 0) {
        blocks.push({
          kind: 'table',
          caption: t('cooperation.pdf.indicators'),
          columns: [t('cooperation.pdf.indicator'), t('cooperation.pdf.baseline'), t('cooperation.pdf.target'), t('cooperation.pdf.latest')],
          rows: list.map((i) => {
            const latest = values.get(i.id)?.at(-1);
            const withUnit = (n: number | null) => (n === null ? '–' : `${formatNumber(locale, n, 3)} ${i.unit}`);
            return [i.name, withUnit(i.baseline), withUnit(i.target), latest ? `${withUnit(latest.value)} (${day(locale, latest.measuredOn)})` : '–'];
          }),
        });
      }
    }
    return renderPdf({ title: `${plan.title} – ${kommun.name}`, lang: locale, author: kommun.name, subject: t('cooperation.pdf.planSubject'), blocks, createdAt: new Date(plan.updatedAt) });
  });
}

export async function promisePdf(ctx: AppContext, kommun: Kommun, version: PromiseVersionRow, locale: Locale): Promise<Buffer> {
  const ids = [...new Set(version.content.items.flatMap((i) => i.activityIds))];
  const activities = await findActivitiesByIds(ctx.db, publicReader(kommun.id), ids);
  const stamp = activities.map((a) => `${a.id}:${a.lockVersion}`).join(',');
  const key = `promise|${kommun.id}|${version.id}|${version.lockVersion}|${version.status}|${locale}|${stamp}`;
  return cached(key, async () => {
    const t = ctx.registry.messages.translator(locale);
    const byId = new Map(activities.map((a) => [a.id, a]));
    const blocks: PdfBlock[] = [
      { kind: 'heading', level: 1, text: version.title },
      {
        kind: 'keyValue',
        pairs: [
          { key: t('cooperation.pdf.kommun'), value: kommun.name },
          { key: t('cooperation.pdf.period'), value: `${day(locale, version.periodStart)} – ${day(locale, version.periodEnd)}` },
          { key: t('cooperation.pdf.planStatus'), value: t(`cooperation.promiseStatus.${version.status}`) },
        ],
      },
      { kind: 'heading', level: 2, text: t('cooperation.pdf.situation') },
      { kind: 'paragraph', text: version.content.situation.replace(/[*_#>`]/g, '') || '–' },
      { kind: 'heading', level: 2, text: t('cooperation.pdf.promises') },
      {
        kind: 'table',
        caption: t('cooperation.pdf.promises'),
        columns: [t('cooperation.pdf.promise'), t('cooperation.pdf.activities')],
        rows: version.content.items.map((item) => [
          `${t(`cooperation.promiseParty.${item.party}`)} ${item.text}`,
          item.activityIds
            .map((id) => byId.get(id))
            .filter((a): a is ActivityRow => a !== undefined)
            .map((a) => `${a.title}: ${t(`cooperation.status.${a.status}`)}, ${a.progress} %`)
            .join('; ') || '–',
        ]),
      },
      ...(version.content.expectedEffect ? [{ kind: 'heading' as const, level: 2 as const, text: t('cooperation.pdf.effect') }, { kind: 'paragraph' as const, text: version.content.expectedEffect }] : []),
      ...(version.content.followUp ? [{ kind: 'heading' as const, level: 2 as const, text: t('cooperation.pdf.followUpPlan') }, { kind: 'paragraph' as const, text: version.content.followUp }] : []),
      ...(version.content.signatories.length > 0
        ? [{ kind: 'heading' as const, level: 2 as const, text: t('cooperation.pdf.signatories') }, { kind: 'list' as const, items: version.content.signatories.map((s) => `${s.role}, ${s.organisation}`) }]
        : []),
    ];
    return renderPdf({ title: `${version.title} – ${kommun.name}`, lang: locale, author: kommun.name, subject: t('cooperation.pdf.promiseSubject'), blocks, createdAt: new Date(version.updatedAt) });
  });
}
